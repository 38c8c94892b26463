"""Arrears cases of the acting landlord: the covenant steps, the timeline, and sending the signal.

A case opens and closes by itself with the arrears (naarnul.services.refresh.refresh_arrears); the landlord records each
step with its date here. Every step writes an audit event with `case_id`: together they are the case timeline, the
landlord's evidence for a court. Every read filters on `landlord_id == actor.id` in SQL; someone else's case is
NotFound.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from pathlib import PurePath

from sqlalchemy import and_, func, not_
from sqlmodel import Session, select

from naarnul import covenant, ledger
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import format_date, format_money
from naarnul import arrears as arrears_service
from naarnul.users import ActingUser, Role
from store import audit
from store import settings as settings_store
from store import tenancies as tenancy_store
from store.models import (Arrangement, AuditEvent, Case, ContactAttempt, Document, Feedback, Objection, Signal,
                          Tenancy, Tenant, User)

CLOSE_REASON_MAX = covenant.CLOSE_REASON_MAX


def _require_landlord(actor: ActingUser) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed("Alleen een verhuurder kan zaken bekijken en stappen vastleggen.")


def settings(session: Session) -> covenant.CovenantSettings:
    return settings_store.load(session, covenant.CovenantSettings)


# --- reading -------------------------------------------------------------------------------------------------------

def get_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    _require_landlord(actor)
    case = session.exec(select(Case).where(Case.id == case_id, Case.landlord_id == actor.id)).first()
    if case is None:
        raise NotFound("Deze zaak bestaat niet of is niet van u.")
    return case


def _summary(case: Case, tenancy: Tenancy, names: list[str], today: dt.date | None = None) -> dict:
    overdue = bool(case.next_due and today and case.next_due < today and case.next_step
                   and not case.next_step.startswith(arrears_service.WAITING_PREFIX))
    return {
        "id": case.id, "tenancy_id": tenancy.id, "reference": tenancy_store.reference(tenancy.id),
        "address": tenancy_store.address_line(tenancy), "tenant_names": ", ".join(names),
        "status": case.status, "opened_on": case.opened_on, "closed_on": case.closed_on,
        "close_reason": case.close_reason, "arrears": tenancy_store.money(tenancy.arrears_cents),
        "arrears_months": tenancy.arrears_months, "oldest_unpaid_due": tenancy.oldest_unpaid_due,
        "next_step": case.next_step, "next_step_label": arrears_service.step_label(case.next_step),
        "next_due": case.next_due, "overdue": overdue,
    }


def _needs_action():
    return and_(Case.next_step != "", not_(Case.next_step.like(arrears_service.WAITING_PREFIX + "%")))


def list_cases(session: Session, actor: ActingUser, *, status: str | None = "open", needs_action: bool = False,
               limit: int = 25, offset: int = 0, today: dt.date | None = None) -> tuple[list[dict], int]:
    """One page of cases (plain dicts) and the total; filtered, sorted (step due soonest first, overdue ones
    therefore on top) and paged in SQL."""
    _require_landlord(actor)
    where = [Case.landlord_id == actor.id]
    if status:
        where.append(Case.status == status)
    if needs_action:
        where.append(_needs_action())
    total = session.exec(select(func.count()).select_from(Case).where(*where)).one()
    query = (select(Case, Tenancy).join(Tenancy, and_(Tenancy.id == Case.tenancy_id,
                                                      Tenancy.landlord_id == actor.id))
             .where(*where)
             .order_by(Case.next_due.is_(None), Case.next_due, Tenancy.arrears_cents.desc(), Case.id)
             .limit(limit).offset(offset))
    rows = list(session.exec(query))
    names = tenancy_store._tenant_names(session, actor, [t.id for _, t in rows])
    return [_summary(c, t, names[t.id], today) for c, t in rows], total


def case_counts(session: Session, actor: ActingUser, today: dt.date) -> dict:
    """Open cases, those needing action, and those with an overdue step (SQL counts)."""
    _require_landlord(actor)
    base = [Case.landlord_id == actor.id, Case.status == "open"]

    def count(*extra):
        return session.exec(select(func.count()).select_from(Case).where(*base, *extra)).one()

    return {"open": count(), "needs_action": count(_needs_action()),
            "overdue": count(_needs_action(), Case.next_due < today)}


def case_summary(session: Session, actor: ActingUser, case_id: int, today: dt.date | None = None) -> dict:
    case = get_case(session, actor, case_id)
    tenancy = tenancy_store.get_tenancy(session, actor, case.tenancy_id)
    names = tenancy_store._tenant_names(session, actor, [tenancy.id])[tenancy.id]
    return _summary(case, tenancy, names, today)


def case_for_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> int | None:
    """The open case of a tenancy, else its latest case, else None."""
    _require_landlord(actor)
    return session.exec(select(Case.id).where(Case.landlord_id == actor.id, Case.tenancy_id == tenancy_id)
                        .order_by((Case.status == "open").desc(), Case.id.desc())).first()


def figures_as_of(session: Session, actor: ActingUser) -> tuple[dt.date | None, int, int]:
    """(oldest day the stored arrears snapshot was computed on, tenancies, tenancies never computed)."""
    _require_landlord(actor)
    oldest, total, dated = session.exec(
        select(func.min(Tenancy.arrears_as_of), func.count(), func.count(Tenancy.arrears_as_of))
        .where(Tenancy.landlord_id == actor.id)).one()
    return oldest, total, total - dated


def landlords_with_tenancies(session: Session) -> list[ActingUser]:
    """Every active landlord who has a tenancy (for the daily refresh run by an operator, not by a user)."""
    rows = session.exec(select(User).where(User.role == Role.LANDLORD.value, User.active == True,  # noqa: E712
                                           User.id.in_(select(Tenancy.landlord_id).distinct()))
                        .order_by(User.id))
    return [ActingUser(id=u.id, username=u.username, name=u.name, role=Role(u.role),
                       municipality_code=u.municipality_code) for u in rows]


def landlord_and_case_of_signal(session: Session, signal_id: int) -> tuple[ActingUser, int]:
    """(the landlord as acting user, the case) a signal belongs to: for refreshing that case's next step after a
    liaison's action on the signal (the caller has already checked the liaison may act on it)."""
    user, case_id = session.exec(select(User, Signal.case_id).join(Signal, Signal.landlord_id == User.id)
                                 .where(Signal.id == signal_id)).one()
    return ActingUser(id=user.id, username=user.username, name=user.name, role=Role(user.role),
                      municipality_code=user.municipality_code), case_id


# --- facts and guide -----------------------------------------------------------------------------------------------

_ARRANGEMENT_STATUS = {"active": "active", "completed": "kept", "ended": "lapsed"}


def _facts(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy, arrears: ledger.Arrears) \
        -> covenant.CaseFacts:
    attempts = [covenant.ContactAttempt(a.on_date, a.channel, a.outcome, a.note) for a in session.exec(
        select(ContactAttempt).where(ContactAttempt.landlord_id == actor.id, ContactAttempt.case_id == case.id)
        .order_by(ContactAttempt.on_date, ContactAttempt.id))]
    objection_row = session.exec(select(Objection).where(Objection.landlord_id == actor.id,
                                                         Objection.case_id == case.id)
                                 .order_by(Objection.received_on.desc(), Objection.id.desc())).first()
    objection = (covenant.Objection(objection_row.received_on, objection_row.channel, objection_row.withdrawn_on)
                 if objection_row else None)
    signal_rows = list(session.exec(select(Signal).where(Signal.landlord_id == actor.id, Signal.case_id == case.id)))
    signals = [covenant.SignalSent(s.sent_on, tenancy_store.money(s.arrears_cents)) for s in signal_rows]
    feedback = []
    if signal_rows:
        feedback = [covenant.Feedback(f.on_date, f.outcome, f.help_accepted) for f in session.exec(
            select(Feedback).where(Feedback.landlord_id == actor.id,
                                   Feedback.signal_id.in_([s.id for s in signal_rows])))]
    arrangement_row = session.exec(select(Arrangement).where(
        Arrangement.landlord_id == actor.id, Arrangement.case_id == case.id, Arrangement.status != "replaced")
        .order_by(Arrangement.id.desc())).first()
    arrangement = None
    if arrangement_row is not None and arrangement_row.status in _ARRANGEMENT_STATUS:
        arrangement = covenant.Arrangement(arrangement_row.start_date, _ARRANGEMENT_STATUS[arrangement_row.status],
                                           arrangement_row.ended_on)
    closed = covenant.Closure(case.closed_on, case.close_reason) if case.status == "closed" else None
    return covenant.CaseFacts(
        arrears=arrears,
        friendly_reminder_on=case.friendly_reminder_on,
        written_reminders=[case.reminder_on] if case.reminder_on else [],
        contact_attempts=attempts,
        contact_failed_confirmed_on=case.contact_failed_on,
        objection=objection,
        signals=signals,
        feedback=feedback,
        arrangement=arrangement,
        closed=closed,
        tenant_is_legal_person=tenancy.tenant_is_company,
    )


def case_facts(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> covenant.CaseFacts:
    """Everything the covenant rules need about one case, from its rows, with the arrears on `today`."""
    case = get_case(session, actor, case_id)
    tenancy = tenancy_store.get_tenancy(session, actor, case.tenancy_id)
    return _facts(session, actor, case, tenancy, tenancy_store.tenancy_arrears(session, actor, tenancy.id, today))


def guide(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> list[covenant.Step]:
    return covenant.guide(case_facts(session, actor, case_id, today), settings(session), today)


def _deadline_reasons(case: Case, today: dt.date) -> list[str]:
    """The reminder letter may give the tenant a later refuse-before date than the waiting period: respect it."""
    deadline = getattr(case, "objection_deadline", None)
    if deadline is not None and today <= deadline:
        return [f"In de herinnering staat dat de huurder tot en met {format_date(deadline)} kan laten weten dat u "
                "de gegevens niet mag doorgeven. Wacht tot die datum voorbij is."]
    return []


def signal_status(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> covenant.SignalCheck:
    """May the landlord signal now? (covenant.signal_check plus the refuse-before date of the reminder letter)."""
    check = covenant.signal_check(case_facts(session, actor, case_id, today), settings(session), today)
    extra = _deadline_reasons(get_case(session, actor, case_id), today)
    if extra:
        check = dataclasses.replace(check, allowed=False, reasons=check.reasons + extra)
    return check


def refresh_next_step(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy, arrears: ledger.Arrears,
                      today: dt.date) -> None:
    """Store the step due next (and its date) on the case, so lists sort in SQL."""
    if case.status != "open":
        case.next_step, case.next_due = "", None
    else:
        facts = _facts(session, actor, case, tenancy, arrears)
        case.next_step, case.next_due = arrears_service.next_step(facts, settings(session), today)
    session.add(case)


def _after_step(session: Session, actor: ActingUser, case: Case, today: dt.date) -> None:
    tenancy = tenancy_store.get_tenancy(session, actor, case.tenancy_id)
    session.flush()
    refresh_next_step(session, actor, case, tenancy,
                      tenancy_store.tenancy_arrears(session, actor, tenancy.id, today), today)
    session.flush()


# --- recording steps -----------------------------------------------------------------------------------------------

def _open_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    case = get_case(session, actor, case_id)
    if case.status != "open":
        raise ValidationError(covenant.closed_case_problem(case.closed_on))
    return case


def _step_dates(session: Session, actor: ActingUser, case: Case, today: dt.date) -> tuple[dt.date, dt.date | None]:
    """(tenancy start, day the arrears of this case arose) for checking the date of a recorded step."""
    tenancy = tenancy_store.get_tenancy(session, actor, case.tenancy_id)
    rows, _ = tenancy_store.tenancy_ledger(session, actor, tenancy.id, today)
    return tenancy.start_date, covenant.arrears_arose_on(rows, today)


def _check_date(session: Session, actor: ActingUser, case: Case, on, today: dt.date, what: str) -> dt.date:
    start, arose = _step_dates(session, actor, case, today)
    problems = covenant.step_date_problems(on, what=what, today=today, tenancy_start=start, arrears_arose=arose)
    if problems:
        raise ValidationError(problems)
    return on


def _log(session: Session, actor: ActingUser, case: Case, action: str, summary: str, detail: dict | None = None):
    audit.record(session, actor, action, "case", case.id, landlord_id=actor.id, case_id=case.id, summary=summary,
                 detail=detail)


def record_friendly_reminder(session: Session, actor: ActingUser, case_id: int, *, on: dt.date,
                             today: dt.date) -> Case:
    case = _open_case(session, actor, case_id)
    on = _check_date(session, actor, case, on, today, "u de vriendelijke herinnering stuurde")
    case.friendly_reminder_on = on
    _log(session, actor, case, "case.friendly_reminder", covenant.friendly_reminder_summary(on))
    _after_step(session, actor, case, today)
    return case


def record_written_reminder(session: Session, actor: ActingUser, case_id: int, *, on: dt.date, today: dt.date,
                            via_document: bool = False, copy_name: str = "", copy_data: bytes | None = None,
                            reason: str = "") -> Case:
    """The written (Bgs) reminder with the data-sharing offer. The waiting period counts from the first one.
    Also called by the documents feature when it generates the reminder letter (`via_document=True`).
    A reminder dated more than `reminder_backdate_days` ago needs evidence: an uploaded copy of the letter (kept as a
    document of the case) or a reason; both go on the timeline."""
    case = _open_case(session, actor, case_id)
    on = _check_date(session, actor, case, on, today, "u de schriftelijke herinnering stuurde")
    reason = " ".join((reason or "").split())
    if not via_document:
        problems = covenant.evidence_problems(on, today, settings(session), copy_name=copy_name or "",
                                              copy_data=copy_data, reason=reason)
        if problems:
            raise ValidationError(problems)
    first = case.reminder_on is None or on <= case.reminder_on
    case.reminder_on = min(case.reminder_on, on) if case.reminder_on else on
    evidence, detail = "", {}
    if copy_data is not None and not via_document:
        tenancy = tenancy_store.get_tenancy(session, actor, case.tenancy_id)
        filename = PurePath((copy_name or "kopie").replace("\\", "/")).name[:200]
        document = Document(case_id=case.id, landlord_id=actor.id, municipality_code=tenancy.municipality_code,
                            template_name="reminder_copy", template_version="upload",
                            title=f"Kopie van de schriftelijke herinnering van {format_date(on)}", filename=filename,
                            content=copy_data, checksum=hashlib.sha256(copy_data).hexdigest(), created_by=actor.id)
        session.add(document)
        session.flush()
        if first:
            case.reminder_evidence_document_id = document.id
        evidence += f". Kopie van de brief bewaard: {filename}"
        detail["document_id"] = document.id
    if reason and not via_document:
        if first:
            case.reminder_evidence_reason = reason
        evidence += f". Pas op {format_date(today)} vastgelegd, omdat: {reason}"
        detail["reason"] = reason
    how = " (brief gemaakt in Naar Nul)" if via_document else ""
    _log(session, actor, case, "case.written_reminder",
         f"Schriftelijke herinnering met aanbod om gegevens door te geven gestuurd op {format_date(on)}{how}"
         f"{evidence}", detail=detail or None)
    _after_step(session, actor, case, today)
    return case


def record_contact_attempt(session: Session, actor: ActingUser, case_id: int, *, on: dt.date, channel: str,
                           outcome: str, note: str = "", today: dt.date) -> ContactAttempt:
    case = _open_case(session, actor, case_id)
    start, arose = _step_dates(session, actor, case, today)
    attempt = covenant.validate_contact_attempt(on, channel, outcome, note, today, tenancy_start=start,
                                                arrears_arose=arose)
    row = ContactAttempt(case_id=case.id, landlord_id=actor.id, on_date=attempt.on, channel=attempt.channel,
                         outcome=attempt.outcome, note=attempt.note)
    session.add(row)
    session.flush()
    _log(session, actor, case, "case.contact_attempt", covenant.contact_attempt_summary(attempt))
    _after_step(session, actor, case, today)
    return row


def confirm_contact_failed(session: Session, actor: ActingUser, case_id: int, *, on: dt.date,
                           today: dt.date) -> Case:
    case = _open_case(session, actor, case_id)
    on = _check_date(session, actor, case, on, today, "u vaststelde dat contact niet lukte")
    case.contact_failed_on = on
    _log(session, actor, case, "case.contact_failed", covenant.contact_failed_summary(on))
    _after_step(session, actor, case, today)
    return case


def record_objection(session: Session, actor: ActingUser, case_id: int, *, received_on: dt.date, channel: str,
                     today: dt.date) -> Objection:
    case = _open_case(session, actor, case_id)
    start, arose = _step_dates(session, actor, case, today)
    problems = covenant.step_date_problems(received_on, what="het bezwaar binnenkwam", today=today,
                                           tenancy_start=start, arrears_arose=arose)
    problems += covenant.objection_channel_problems(channel)
    if problems:
        raise ValidationError(problems)
    row = Objection(case_id=case.id, landlord_id=actor.id, received_on=received_on, channel=channel)
    session.add(row)
    session.flush()
    _log(session, actor, case, "case.objection", covenant.objection_summary(received_on, channel))
    _after_step(session, actor, case, today)
    return row


def withdraw_objection(session: Session, actor: ActingUser, case_id: int, *, on: dt.date, today: dt.date) -> Objection:
    case = _open_case(session, actor, case_id)
    row = session.exec(select(Objection).where(Objection.landlord_id == actor.id, Objection.case_id == case.id,
                                               Objection.withdrawn_on.is_(None))
                       .order_by(Objection.received_on.desc())).first()
    if row is None:
        raise ValidationError(covenant.withdrawal_problems(None, on))
    on = _check_date(session, actor, case, on, today, "de huurder het bezwaar introk")
    problems = covenant.withdrawal_problems(row.received_on, on)
    if problems:
        raise ValidationError(problems)
    row.withdrawn_on = on
    session.add(row)
    _log(session, actor, case, "case.objection_withdrawn", covenant.objection_withdrawn_summary(on))
    _after_step(session, actor, case, today)
    return row


def close_case(session: Session, actor: ActingUser, case_id: int, *, reason: str, today: dt.date) -> Case:
    case = _open_case(session, actor, case_id)
    reason = covenant.clean_close_reason(reason)
    case.status, case.closed_on, case.close_reason = "closed", today, reason
    case.next_step, case.next_due = "", None
    session.add(case)
    _log(session, actor, case, "case.closed_by_hand", covenant.close_summary(reason))
    return case


# --- timeline ------------------------------------------------------------------------------------------------------

def timeline(session: Session, actor: ActingUser, case_id: int) -> list[dict]:
    """The audit events of the case, oldest first: the evidence of what was done. Liaison notes are never here."""
    case = get_case(session, actor, case_id)
    rows = session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.landlord_id == actor.id,
                                                 not_(AuditEvent.action.like("%note%")))
                        .order_by(AuditEvent.at, AuditEvent.id))
    return [{"at": e.at, "action": e.action, "summary": e.summary} for e in rows]


# --- the signal ----------------------------------------------------------------------------------------------------

def send_signal(session: Session, actor: ActingUser, case_id: int, today: dt.date, *, urgent: bool = False,
                urgent_reason: str = "", confirm_repeat: bool = False) -> Signal:
    """Record the signal to the municipality. Refused with the Dutch reasons of covenant.signal_check; stores a Signal
    row and its timeline entry. The service (naarnul.services.cases.send_signal) then stores the snapshot of what
    was sent (`store_signal_payload`) and generates the notification document shared with the municipality."""
    case = get_case(session, actor, case_id)
    tenancy = tenancy_store.get_tenancy(session, actor, case.tenancy_id)
    arrears = tenancy_store.tenancy_arrears(session, actor, tenancy.id, today)
    facts = _facts(session, actor, case, tenancy, arrears)
    check = covenant.signal_check(facts, settings(session), today)
    urgent_reason = " ".join((urgent_reason or "").split())
    reasons = list(check.reasons) + _deadline_reasons(case, today)
    if check.is_repeat and not confirm_repeat:
        reasons.append(check.repeat_notice + " Wilt u toch opnieuw melden, bijvoorbeeld omdat de situatie van de "
                       "huurder is veranderd? Vink dan aan dat u opnieuw wilt melden.")
    if urgent and not urgent_reason:
        reasons.append("Schrijf kort waarom de melding spoed heeft, bijvoorbeeld de datum bij de rechter.")
    if len(urgent_reason) > covenant.URGENT_REASON_MAX:
        reasons.append(f"De reden voor spoed is te lang: hoogstens {covenant.URGENT_REASON_MAX} tekens.")
    if reasons:
        raise ValidationError(reasons)
    tenants = list(session.exec(select(Tenant).where(Tenant.landlord_id == actor.id,
                                                     Tenant.tenancy_id == tenancy.id).order_by(Tenant.position)))
    signal = Signal(reference=f"tmp-{uuid.uuid4().hex[:20]}", case_id=case.id, tenancy_id=tenancy.id,
                    landlord_id=actor.id, municipality_code=tenancy.municipality_code, sent_on=today,
                    arrears_cents=tenancy_store.cents(arrears.amount), arrears_months=arrears.months,
                    oldest_unpaid_due=arrears.oldest_unpaid_due, urgent=bool(urgent), is_repeat=check.is_repeat,
                    tenant_names="; ".join(t.name for t in tenants)[:500], postcode=tenancy.postcode)
    session.add(signal)
    session.flush()
    signal.reference = f"NN-{today.year}-{signal.id:06d}"
    signal.payload = json.dumps({"urgent_reason": urgent_reason}, ensure_ascii=False)  # read by document_case
    session.add(signal)
    session.flush()
    audit.record(session, actor, "signal.sent", "signal", signal.id, landlord_id=actor.id, case_id=case.id,
                 municipality_code=tenancy.municipality_code,
                 summary=f"Melding {signal.reference} gedaan bij de gemeente: achterstand "
                         f"{format_money(arrears.amount)} ({arrears.months} maand(en))"
                         + (f", met spoed: {urgent_reason}" if urgent else ""))
    _after_step(session, actor, case, today)
    return signal


def store_signal_payload(session: Session, actor: ActingUser, signal: Signal, payload: str) -> None:
    """Keep the snapshot of what was sent (the notification record as JSON) on the landlord's own signal, as
    returned by `send_signal`."""
    _require_landlord(actor)
    if signal.landlord_id != actor.id:
        raise NotFound("Deze melding bestaat niet of is niet van u.")
    signal.payload = payload
    session.add(signal)
    session.flush()


def signals_of_case(session: Session, actor: ActingUser, case_id: int) -> list[dict]:
    case = get_case(session, actor, case_id)
    return [{"id": s.id, "reference": s.reference, "sent_on": s.sent_on,
             "arrears": tenancy_store.money(s.arrears_cents), "status": s.status, "urgent": s.urgent}
            for s in session.exec(select(Signal).where(Signal.landlord_id == actor.id, Signal.case_id == case.id)
                                   .order_by(Signal.sent_on))]
