"""Arrears cases of the acting landlord: scoped reads of cases and their steps, and the rows a step adds.

Persistence only. The rules (may a step be recorded on this date, may the signal be sent) and the Dutch timeline
lines live in the core (naarnul.covenant, naarnul.written_reminder, naarnul.signal_sending); the use cases that
compose them are naarnul.services.case_steps and naarnul.services.cases. Every step writes an audit event with
`case_id`: together they are the case timeline. Every read filters on `landlord_id == actor.id` in SQL; someone
else's case is NotFound.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Date, and_, cast, func, literal, not_, null, union_all
from sqlalchemy import case as sql_case
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from naarnul import access, covenant, ledger
from naarnul.arrangement import custom_solutions
from naarnul.arrears import WAITING_PREFIX
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser, Role
from store import audit, scope
from store.models import (
    Arrangement,
    AuditEvent,
    Case,
    ContactAttempt,
    CustomSolution,
    Document,
    Feedback,
    Municipality,
    MunicipalitySignalChannel,
    Objection,
    Payment,
    RentPeriod,
    Setting,
    Signal,
    SignalDelivery,
    Tenancy,
    Tenant,
    User,
)

# Arrangement.status -> the covenant's name for it ("replaced" ones are never the case's arrangement)
_ARRANGEMENT_STATUS = {"active": "active", "completed": "kept", "ended": "lapsed"}
TENANT_NAMES_MAX = 500  # Signal.tenant_names


def require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_CASES)


def _acting(user: User) -> ActingUser:
    assert user.id is not None
    return ActingUser(id=user.id, username=user.username, name=user.name, role=Role(user.role),
                      municipality_code=user.municipality_code)


def save(session: Session, *rows: Any) -> None:
    """Write changed rows of the case (the case itself, an objection) now."""
    for row in rows:
        session.add(row)
    session.flush()


# --- reading -------------------------------------------------------------------------------------------------------

def get_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    require_landlord(actor)
    return scope.landlords_case(session, actor.id, case_id)


def _needs_action() -> ColumnElement[bool]:
    return and_(col(Case.next_step) != "", not_(col(Case.next_step).like(WAITING_PREFIX + "%")))


def list_cases(session: Session, actor: ActingUser, *, status: str | None = "open", needs_action: bool = False,
               limit: int = 25, offset: int = 0, with_total: bool = True) -> tuple[list[tuple[Case, Tenancy]], int]:
    """One page of (case, tenancy) and the total (-1 without `with_total`: one statement less); filtered, sorted
    (step due soonest first, overdue ones therefore on top) and paged in SQL."""
    require_landlord(actor)
    where = [col(Case.landlord_id) == actor.id]
    if status:
        where.append(col(Case.status) == status)
    if needs_action:
        where.append(_needs_action())
    total = session.exec(select(func.count()).select_from(Case).where(*where)).one() if with_total else -1
    query = (select(Case, Tenancy).join(Tenancy, and_(col(Tenancy.id) == col(Case.tenancy_id),
                                                      col(Tenancy.landlord_id) == actor.id))
             .where(*where)
             .order_by(col(Case.next_due).is_(None), col(Case.next_due), col(Tenancy.arrears_cents).desc(),
                       col(Case.id))
             .limit(limit).offset(offset))
    return [(c, t) for c, t in session.exec(query)], total


def case_counts(session: Session, actor: ActingUser, today: dt.date) -> dict[str, int]:
    """Open cases, those needing action, and those with an overdue step (SQL counts)."""
    require_landlord(actor)
    needs_action = _needs_action()
    opened, action, overdue = session.exec(
        select(func.count(), func.count(sql_case((needs_action, 1))),
               func.count(sql_case((and_(needs_action, col(Case.next_due) < today), 1))))
        .where(col(Case.landlord_id) == actor.id, col(Case.status) == "open")).one()
    return {"open": opened, "needs_action": action, "overdue": overdue}


@dataclass(frozen=True)
class OpenCaseRow:
    """One open case with what a list line about it shows, as plain values (no ORM objects)."""

    case_id: int
    tenancy_id: int
    next_step: str
    next_due: dt.date | None
    needs_action: bool
    street: str
    house_number: str
    house_number_addition: str
    place: str
    arrears_cents: int
    arrears_months: int
    oldest_unpaid_due: dt.date | None
    tenant_names: list[str]  # in their order on the lease


def open_cases_with_counts(session: Session, actor: ActingUser, today: dt.date, *,
                           limit: int) -> tuple[list[OpenCaseRow], dict[str, int]]:
    """The landlord's open cases, those needing action first (then as `list_cases` sorts them), at most `limit`, with
    their tenancy's address, arrears snapshot and tenant names, and the counts of `case_counts` over all open cases:
    one statement (the counts are window counts over every open case, the tenants are joined to the limited rows)."""
    require_landlord(actor)
    needs_action = _needs_action()
    flag = sql_case((needs_action, 1), else_=0)
    cases = (select_columns(col(Case.id).label("case_id"), col(Case.tenancy_id).label("tenancy_id"),
                    col(Case.next_step).label("next_step"), col(Case.next_due).label("next_due"),
                    flag.label("needs_action"), col(Tenancy.street).label("street"),
                    col(Tenancy.house_number).label("house_number"),
                    col(Tenancy.house_number_addition).label("house_number_addition"),
                    col(Tenancy.place).label("place"), col(Tenancy.arrears_cents).label("arrears_cents"),
                    col(Tenancy.arrears_months).label("arrears_months"),
                    col(Tenancy.oldest_unpaid_due).label("oldest_unpaid_due"),
                    func.count().over().label("open_count"),
                    func.count(sql_case((needs_action, 1))).over().label("action_count"),
                    func.count(sql_case((and_(needs_action, col(Case.next_due) < today), 1))).over()
                    .label("overdue_count"))
             .join(Tenancy, and_(col(Tenancy.id) == col(Case.tenancy_id), col(Tenancy.landlord_id) == actor.id))
             .where(col(Case.landlord_id) == actor.id, col(Case.status) == "open")
             .order_by(flag.desc(), col(Case.next_due).is_(None), col(Case.next_due),
                       col(Tenancy.arrears_cents).desc(), col(Case.id))
             .limit(limit)).subquery()
    query = (select_columns(cases, col(Tenant.name))
             .outerjoin(Tenant, and_(col(Tenant.tenancy_id) == cases.c.tenancy_id, col(Tenant.landlord_id) == actor.id))
             .order_by(cases.c.needs_action.desc(), cases.c.next_due.is_(None), cases.c.next_due,
                       cases.c.arrears_cents.desc(), cases.c.case_id, col(Tenant.position)))
    rows: list[OpenCaseRow] = []
    names: list[str] = []
    counts = {"open": 0, "needs_action": 0, "overdue": 0}
    last = None
    # plain tuples unpacked in one go: this runs for up to `limit` rows on every "Vandaag" render
    for (case_id, tenancy_id, next_step, next_due, action, street, number, addition, place, arrears_cents,
         arrears_months, oldest, opened, needing, overdue, name) in session.execute(query):
        if case_id != last:
            if last is None:
                counts = {"open": opened, "needs_action": needing, "overdue": overdue}
            names = []
            rows.append(OpenCaseRow(case_id, tenancy_id, next_step or "", next_due, bool(action), street, number,
                                    addition or "", place, arrears_cents or 0, arrears_months or 0, oldest, names))
            last = case_id
        if name is not None:
            names.append(name)
    return rows, counts


def case_for_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> int | None:
    """The open case of a tenancy, else its latest case, else None."""
    require_landlord(actor)
    return session.exec(select(col(Case.id)).where(col(Case.landlord_id) == actor.id,
                                                   col(Case.tenancy_id) == tenancy_id)
                        .order_by((col(Case.status) == "open").desc(), col(Case.id).desc())).first()


def figures_as_of(session: Session, actor: ActingUser) -> tuple[dt.date | None, int, int]:
    """(oldest day the stored arrears snapshot was computed on, tenancies, tenancies never computed)."""
    require_landlord(actor)
    oldest, total, dated = session.exec(
        select(func.min(col(Tenancy.arrears_as_of)), func.count(), func.count(col(Tenancy.arrears_as_of)))
        .where(col(Tenancy.landlord_id) == actor.id)).one()
    return oldest, total, total - dated


def landlords_with_tenancies(session: Session) -> list[ActingUser]:
    """Every active landlord who has a tenancy (for the daily refresh run by an operator, not by a user)."""
    rows = session.exec(select(User).where(col(User.role) == Role.LANDLORD.value,
                                           col(User.active) == True,  # noqa: E712
                                           col(User.id).in_(select(col(Tenancy.landlord_id)).distinct()))
                        .order_by(col(User.id)))
    return [_acting(u) for u in rows]


def landlord_and_case_of_signal(session: Session, signal_id: int) -> tuple[ActingUser, int]:
    """(the landlord as acting user, the case) a signal belongs to: for refreshing that case's next step after a
    liaison's action on the signal (the caller has already checked the liaison may act on it)."""
    user, case_id = session.exec(select(User, col(Signal.case_id)).join(Signal, col(Signal.landlord_id) == col(User.id))
                                 .where(col(Signal.id) == signal_id)).one()
    return _acting(user), case_id


def facts(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy, arrears: ledger.Arrears) \
        -> covenant.CaseFacts:
    """Everything the covenant rules need about one case, from its rows, with the given arrears."""
    assert case.id is not None
    return facts_of_cases(session, actor, [(case, tenancy, arrears)])[case.id]


@dataclass
class _CaseRows:
    attempts: list[ContactAttempt] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    arrangements: list[Arrangement] = field(default_factory=list)
    deferral_ends: list[dt.date] = field(default_factory=list)  # running deferrals of payment (custom solutions)


def _case_rows(session: Session, actor: ActingUser, case_ids: list[int]) -> dict[int, _CaseRows]:
    """The step rows of these cases, six queries per 500 cases (not six per case)."""
    found = {case_id: _CaseRows() for case_id in case_ids}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        for attempt in session.exec(select(ContactAttempt).where(
                col(ContactAttempt.landlord_id) == actor.id, col(ContactAttempt.case_id).in_(chunk))
                .order_by(col(ContactAttempt.on_date), col(ContactAttempt.id))):
            found[attempt.case_id].attempts.append(attempt)
        for objection in session.exec(select(Objection).where(
                col(Objection.landlord_id) == actor.id, col(Objection.case_id).in_(chunk))
                .order_by(col(Objection.received_on).desc(), col(Objection.id).desc())):
            found[objection.case_id].objections.append(objection)
        signal_case: dict[int, int] = {}
        for signal in session.exec(select(Signal).where(col(Signal.landlord_id) == actor.id,
                                                        col(Signal.case_id).in_(chunk))
                                   .order_by(col(Signal.sent_on), col(Signal.id))):
            found[signal.case_id].signals.append(signal)
            signal_case[signal.id or 0] = signal.case_id
        if signal_case:
            for feedback in session.exec(select(Feedback).where(col(Feedback.landlord_id) == actor.id,
                                                                col(Feedback.signal_id).in_(list(signal_case)))
                                         .order_by(col(Feedback.on_date), col(Feedback.id))):
                found[signal_case[feedback.signal_id]].feedback.append(feedback)
        for arrangement in session.exec(select(Arrangement).where(
                col(Arrangement.landlord_id) == actor.id, col(Arrangement.case_id).in_(chunk),
                col(Arrangement.status) != "replaced").order_by(col(Arrangement.id).desc())):
            found[arrangement.case_id].arrangements.append(arrangement)
        for case_id, end_date in session.exec(select(col(CustomSolution.case_id), col(CustomSolution.end_date)).where(
                col(CustomSolution.landlord_id) == actor.id, col(CustomSolution.case_id).in_(chunk),
                col(CustomSolution.kind) == "deferral", col(CustomSolution.ended_on).is_(None))):
            if end_date is not None:
                found[case_id].deferral_ends.append(end_date)
    return found


@dataclass(frozen=True)
class CaseRecord:
    """One case with everything the Dossier reads about it, in few queries."""

    case: Case
    tenancy: Tenancy
    rows: _CaseRows


def case_with_tenancy(session: Session, actor: ActingUser, case_id: int) -> tuple[Case, Tenancy]:
    """The landlord's case and its tenancy in one query; someone else's case is NotFound."""
    require_landlord(actor)
    row = session.exec(select(Case, Tenancy).join(Tenancy, and_(col(Tenancy.id) == col(Case.tenancy_id),
                                                                col(Tenancy.landlord_id) == actor.id))
                       .where(col(Case.id) == case_id, col(Case.landlord_id) == actor.id)).first()
    if row is None:
        raise NotFound(access.CASE_NOT_FOUND)
    return row[0], row[1]


def case_record(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy) -> CaseRecord:
    assert case.id is not None
    return CaseRecord(case, tenancy, _case_rows(session, actor, [case.id])[case.id])


def record_facts(record: CaseRecord, arrears: ledger.Arrears) -> covenant.CaseFacts:
    return _facts(record.case, record.tenancy, arrears, record.rows)


def record_signals(record: CaseRecord) -> list[dict[str, Any]]:
    """As `signals_of_case`, from the rows already read."""
    return [{"id": s.id, "reference": s.reference, "sent_on": s.sent_on,
             "arrears": ledger.from_cents(s.arrears_cents), "status": s.status, "urgent": s.urgent}
            for s in sorted(record.rows.signals, key=lambda s: s.sent_on)]


def record_feedback(record: CaseRecord) -> list[tuple[Feedback, Signal]]:
    """(feedback, its signal) of the case, oldest first, from the rows already read."""
    signals = {s.id: s for s in record.rows.signals}
    return [(f, signals[f.signal_id]) for f in sorted(record.rows.feedback, key=lambda f: (f.on_date, f.id or 0))]


def facts_of_cases(session: Session, actor: ActingUser,
                   cases: list[tuple[Case, Tenancy, ledger.Arrears]]) -> dict[int, covenant.CaseFacts]:
    """{case id: CaseFacts} for many cases at once (the daily refresh), each with its given arrears."""
    rows = _case_rows(session, actor, [case.id for case, _, _ in cases if case.id is not None])
    return {case.id: _facts(case, tenancy, arrears, rows[case.id])
            for case, tenancy, arrears in cases if case.id is not None}


def _facts(case: Case, tenancy: Tenancy, arrears: ledger.Arrears, rows: _CaseRows) -> covenant.CaseFacts:
    attempts = [covenant.ContactAttempt(a.on_date, a.channel, a.outcome, a.note) for a in rows.attempts]
    objection_row = rows.objections[0] if rows.objections else None
    objection = (covenant.Objection(objection_row.received_on, objection_row.channel, objection_row.withdrawn_on)
                 if objection_row else None)
    signals = [covenant.SignalSent(s.sent_on, ledger.from_cents(s.arrears_cents)) for s in rows.signals]
    feedback = [covenant.Feedback(f.on_date, f.outcome, f.help_accepted) for f in rows.feedback]
    arrangement_row = rows.arrangements[0] if rows.arrangements else None
    arrangement = None
    if arrangement_row is not None and arrangement_row.status in _ARRANGEMENT_STATUS:
        arrangement = covenant.Arrangement(arrangement_row.start_date, _ARRANGEMENT_STATUS[arrangement_row.status],
                                           arrangement_row.ended_on)
    closed = (covenant.Closure(case.closed_on, case.close_reason)
              if case.status == "closed" and case.closed_on is not None else None)
    # a deferral of payment that runs (custom solutions, issue 11): the case waits for it instead of closing
    deferred_until = max((end for end in rows.deferral_ends if end >= arrears.as_of), default=None)
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
        deferred_until=deferred_until,
    )


def set_next_step(session: Session, case: Case, step: str, due: dt.date | None) -> None:
    """Store the step due next (and its date) on the case, so lists sort in SQL."""
    case.next_step, case.next_due = step, due
    session.add(case)


# --- the rows a step adds ------------------------------------------------------------------------------------------

def log(session: Session, actor: ActingUser, case: Case, action: str, summary: str,
        detail: dict[str, Any] | None = None) -> None:
    """The step's entry on the case timeline (an audit event with the case)."""
    audit.record(session, actor, action, "case", case.id, landlord_id=actor.id, case_id=case.id, summary=summary,
                 detail=detail)


def add_reminder_copy(session: Session, actor: ActingUser, case: Case, *, municipality_code: str,
                      template_name: str, template_version: str, title: str, filename: str,
                      content: bytes) -> Document:
    """Keep an uploaded copy of a letter as a document of the case."""
    assert case.id is not None and actor.id is not None
    document = Document(case_id=case.id, landlord_id=actor.id, municipality_code=municipality_code,
                        template_name=template_name, template_version=template_version, title=title,
                        filename=filename, content=content, checksum=hashlib.sha256(content).hexdigest(),
                        created_by=actor.id)
    session.add(document)
    session.flush()
    return document


def add_contact_attempt(session: Session, actor: ActingUser, case: Case,
                        attempt: covenant.ContactAttempt) -> ContactAttempt:
    assert case.id is not None and actor.id is not None
    row = ContactAttempt(case_id=case.id, landlord_id=actor.id, on_date=attempt.on, channel=attempt.channel,
                         outcome=attempt.outcome, note=attempt.note)
    session.add(row)
    session.flush()
    return row


def add_objection(session: Session, actor: ActingUser, case: Case, *, received_on: dt.date,
                  channel: str) -> Objection:
    assert case.id is not None and actor.id is not None
    row = Objection(case_id=case.id, landlord_id=actor.id, received_on=received_on, channel=channel)
    session.add(row)
    session.flush()
    return row


def open_objection(session: Session, actor: ActingUser, case: Case) -> Objection | None:
    """The latest objection of the case that was not withdrawn."""
    return session.exec(select(Objection).where(col(Objection.landlord_id) == actor.id,
                                                col(Objection.case_id) == case.id,
                                                col(Objection.withdrawn_on).is_(None))
                        .order_by(col(Objection.received_on).desc())).first()


# --- timeline ------------------------------------------------------------------------------------------------------

def timeline(session: Session, actor: ActingUser, case_id: int) -> list[dict[str, Any]]:
    """The audit events of the case, oldest first: the evidence of what was done. Liaison notes are never here."""
    return timeline_of(session, actor, get_case(session, actor, case_id))


def timeline_of(session: Session, actor: ActingUser, case: Case) -> list[dict[str, Any]]:
    """`timeline` of a case already read (through `get_case`, so the landlord's own)."""
    rows = session.exec(select(AuditEvent).where(col(AuditEvent.case_id) == case.id,
                                                 col(AuditEvent.landlord_id) == actor.id,
                                                 not_(col(AuditEvent.action).like("%note%")))
                        .order_by(col(AuditEvent.at), col(AuditEvent.id)))
    return [{"at": e.at, "action": e.action, "summary": e.summary} for e in rows]


# --- the signal ----------------------------------------------------------------------------------------------------

def insert_signal(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy, *, sent_on: dt.date,
                  arrears: ledger.Arrears, urgent: bool, is_repeat: bool, urgent_reason: str) -> Signal:
    """Store the signal with a provisional reference (the caller sets the real one from its id)."""
    assert case.id is not None and tenancy.id is not None and actor.id is not None
    tenants = session.exec(select(col(Tenant.name)).where(col(Tenant.landlord_id) == actor.id,
                                                          col(Tenant.tenancy_id) == tenancy.id)
                           .order_by(col(Tenant.position)))
    signal = Signal(reference=f"tmp-{uuid.uuid4().hex[:20]}", case_id=case.id, tenancy_id=tenancy.id,
                    landlord_id=actor.id, municipality_code=tenancy.municipality_code, sent_on=sent_on,
                    arrears_cents=ledger.to_cents(arrears.amount), arrears_months=arrears.months,
                    oldest_unpaid_due=arrears.oldest_unpaid_due, urgent=bool(urgent), is_repeat=is_repeat,
                    tenant_names="; ".join(tenants)[:TENANT_NAMES_MAX], postcode=tenancy.postcode,
                    payload=json.dumps({"urgent_reason": urgent_reason}, ensure_ascii=False))  # read by document_case
    session.add(signal)
    session.flush()
    return signal


def log_signal(session: Session, actor: ActingUser, signal: Signal, action: str, summary: str) -> None:
    """The signal's entry on the case timeline, visible to its municipality."""
    audit.record(session, actor, action, "signal", signal.id, landlord_id=actor.id, case_id=signal.case_id,
                 municipality_code=signal.municipality_code, summary=summary)


def store_signal_payload(session: Session, actor: ActingUser, signal: Signal, payload: str) -> None:
    """Keep the snapshot of what was sent (the notification record as JSON) on the landlord's own signal."""
    require_landlord(actor)
    if signal.landlord_id != actor.id:
        raise NotFound(access.SIGNAL_NOT_FOUND)
    signal.payload = payload
    session.add(signal)
    session.flush()


def signals_of_case(session: Session, actor: ActingUser, case_id: int) -> list[dict[str, Any]]:
    case = get_case(session, actor, case_id)
    return [{"id": s.id, "reference": s.reference, "sent_on": s.sent_on,
             "arrears": ledger.from_cents(s.arrears_cents), "status": s.status, "urgent": s.urgent}
            for s in session.exec(select(Signal).where(col(Signal.landlord_id) == actor.id,
                                                       col(Signal.case_id) == case.id)
                                  .order_by(col(Signal.sent_on)))]


# --- the Dossier page: everything about one case in few statements --------------------------------------------------
# naarnul.services.case_page composes these in one transaction; each reads several kinds of rows at once (joins,
# UNION ALL) instead of one query per kind, so a render costs the same few statements whatever the portfolio.

@dataclass(frozen=True)
class DossierChoice:
    case: Case
    tenancy: Tenancy
    tenant_names: tuple[str, ...]


def dossier_choices(session: Session, actor: ActingUser, *, open_limit: int = 200,
                    closed_limit: int = 50) -> list[DossierChoice]:
    """The landlord's cases to choose from: up to `open_limit` open ones, then up to `closed_limit` closed ones,
    each sorted as `list_cases` sorts them (step due first), with its tenancy and tenant names: one statement."""
    require_landlord(actor)
    own_tenancy = and_(col(Tenancy.id) == col(Case.tenancy_id), col(Tenancy.landlord_id) == actor.id)
    rank = func.row_number().over(
        partition_by=col(Case.status),
        order_by=(col(Case.next_due).is_(None), col(Case.next_due), col(Tenancy.arrears_cents).desc(),
                  col(Case.id))).label("rank")
    ranked = (select(col(Case.id).label("case_id"), rank).join(Tenancy, own_tenancy)
              .where(col(Case.landlord_id) == actor.id, col(Case.status).in_(("open", "closed"))).subquery())
    rows = session.exec(
        select(Case, Tenancy, col(Tenant.name))
        .join(ranked, ranked.c.case_id == col(Case.id))
        .join(Tenancy, own_tenancy)
        .outerjoin(Tenant, and_(col(Tenant.tenancy_id) == col(Tenancy.id), col(Tenant.landlord_id) == actor.id))
        .where(col(Case.landlord_id) == actor.id,
               sql_case((col(Case.status) == "open", ranked.c.rank <= open_limit), else_=ranked.c.rank <= closed_limit))
        .order_by((col(Case.status) == "open").desc(), ranked.c.rank, col(Tenant.position), col(Tenant.id)))
    found: dict[int, tuple[Case, Tenancy, list[str]]] = {}
    for case, tenancy, name in rows:
        entry = found.setdefault(case.id or 0, (case, tenancy, []))
        if name is not None:
            entry[2].append(name)
    return [DossierChoice(case, tenancy, tuple(names)) for case, tenancy, names in found.values()]


@dataclass(frozen=True)
class DossierHead:
    """The rows around one case that are one per case (its latest objection and arrangement, the municipality and
    how it receives signals), and its contact attempts, oldest first."""

    municipality: Municipality
    channel: MunicipalitySignalChannel | None
    has_liaison: bool
    objection: Objection | None
    arrangement: Arrangement | None
    attempts: tuple[ContactAttempt, ...]


def dossier_head(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy) -> DossierHead:
    """One statement: the case joined with its municipality, signal channel, latest objection and arrangement (as
    `_case_rows` orders them) and its contact attempts (one row per attempt)."""
    assert case.id is not None
    return _head(session, actor, case.id, tenancy.id, ())[2]


def _head(session: Session, actor: ActingUser, case_id: int, tenancy_id: int | None,
          setting_keys: Sequence[str]) -> tuple[Case, Tenancy, DossierHead, dict[str, str | None]]:
    """`dossier_head` with the case and its tenancy themselves and the stored values of `setting_keys` (scalar
    subqueries): one statement."""
    require_landlord(actor)
    inner_objection, inner_arrangement = aliased(Objection), aliased(Arrangement)
    latest_objection = (select(col(inner_objection.id))
                        .where(col(inner_objection.landlord_id) == actor.id, col(inner_objection.case_id) == col(Case.id))
                        .order_by(col(inner_objection.received_on).desc(), col(inner_objection.id).desc())
                        .limit(1).correlate(Case).scalar_subquery())
    latest_arrangement = (select(col(inner_arrangement.id))
                          .where(col(inner_arrangement.landlord_id) == actor.id,
                                 col(inner_arrangement.case_id) == col(Case.id),
                                 col(inner_arrangement.status) != "replaced")
                          .order_by(col(inner_arrangement.id).desc()).limit(1).correlate(Case).scalar_subquery())
    has_liaison = (select(col(User.id)).where(col(User.role) == Role.LIAISON.value,
                                              col(User.active) == True,  # noqa: E712
                                              col(User.municipality_code) == col(Tenancy.municipality_code))
                   .correlate(Tenancy).exists())
    settings = [select(col(Setting.value)).where(col(Setting.key) == key).scalar_subquery() for key in setting_keys]
    where = [col(Case.id) == case_id, col(Case.landlord_id) == actor.id]
    if tenancy_id is not None:
        where.append(col(Tenancy.id) == tenancy_id)
    rows = session.execute(
        select_columns(Case, Tenancy, Municipality, MunicipalitySignalChannel, Objection, Arrangement, ContactAttempt,
                       has_liaison, *settings)
        .select_from(Case)
        .join(Tenancy, and_(col(Tenancy.id) == col(Case.tenancy_id), col(Tenancy.landlord_id) == actor.id))
        .join(Municipality, col(Municipality.code) == col(Tenancy.municipality_code))
        .outerjoin(MunicipalitySignalChannel,
                   col(MunicipalitySignalChannel.municipality_code) == col(Tenancy.municipality_code))
        .outerjoin(Objection, col(Objection.id) == latest_objection)
        .outerjoin(Arrangement, col(Arrangement.id) == latest_arrangement)
        .outerjoin(ContactAttempt, and_(col(ContactAttempt.case_id) == col(Case.id),
                                        col(ContactAttempt.landlord_id) == actor.id))
        .where(*where)
        .order_by(col(ContactAttempt.on_date), col(ContactAttempt.id))).all()
    if not rows:
        raise NotFound(access.CASE_NOT_FOUND)
    case, tenancy, municipality, channel, objection, arrangement, _, liaison, *values = rows[0]
    head = DossierHead(municipality=municipality, channel=channel, has_liaison=bool(liaison), objection=objection,
                       arrangement=arrangement, attempts=tuple(row[6] for row in rows if row[6] is not None))
    return case, tenancy, head, dict(zip(setting_keys, values, strict=True))


@dataclass(frozen=True)
class DossierMoney:
    """The tenancy's ledger input: its lease (rent history and custom solutions in force, as `scope.lease_of`), its
    payments (oldest first), and the end dates of the case's running deferrals of payment."""

    lease: ledger.Lease
    payments: tuple[ledger.Payment, ...]
    deferral_ends: tuple[dt.date, ...]


def dossier_money(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy) -> DossierMoney:
    """One statement: UNION ALL of the tenancy's rent periods, payments and custom solutions in force, in one row
    shape (a custom solution of the case is one of its tenancy: both ids are set from the case)."""
    require_landlord(actor)
    no_date, no_text, no_number = cast(null(), Date), literal(""), cast(null(), BigInteger)
    periods: Any = select_columns(literal("rent").label("part"), col(RentPeriod.id).label("id"),
                     col(RentPeriod.effective_from).label("on"), col(RentPeriod.monthly_rent_cents).label("cents"),
                     no_text.label("text"), no_text.label("kind"), no_date.label("end"), no_date.label("extra"),
                     no_number.label("case_id")).where(col(RentPeriod.landlord_id) == actor.id,
                                                       col(RentPeriod.tenancy_id) == tenancy.id)
    payments = select_columns(literal("payment"), col(Payment.id), col(Payment.paid_on), col(Payment.amount_cents),
                      col(Payment.description), no_text, no_date, no_date, no_number) \
        .where(col(Payment.landlord_id) == actor.id, col(Payment.tenancy_id) == tenancy.id)
    solutions = select_columns(literal("solution"), col(CustomSolution.id), col(CustomSolution.start_date),
                       col(CustomSolution.amount_cents), col(CustomSolution.months), col(CustomSolution.kind),
                       col(CustomSolution.end_date), col(CustomSolution.increase_from), col(CustomSolution.case_id)) \
        .where(col(CustomSolution.landlord_id) == actor.id, col(CustomSolution.tenancy_id) == tenancy.id,
               col(CustomSolution.ended_on).is_(None))
    by_part: dict[str, list[Any]] = {"rent": [], "payment": [], "solution": []}
    for row in session.execute(union_all(periods, payments, solutions)):
        by_part[row.part].append(row)
    periods_found = [ledger.RentPeriod(r.on, ledger.from_cents(r.cents)) for r in sorted(by_part["rent"],
                                                                                          key=lambda r: r.on)]
    solution_rows = [CustomSolution(id=r.id, case_id=r.case_id, tenancy_id=tenancy.id or 0, landlord_id=actor.id or 0,
                                    kind=r.kind, created_on=tenancy.start_date, start_date=r.on, end_date=r.end,
                                    amount_cents=r.cents, increase_from=r.extra, months=r.text or "[]")
                     for r in sorted(by_part["solution"], key=lambda r: r.id)]
    rules = [rule for rule in map(scope.solution_rule, solution_rows) if rule is not None]
    lease = scope.lease_with(tenancy, periods_found)
    if rules:
        lease = custom_solutions.with_solutions(lease, custom_solutions.CustomSolutions(
            deferrals=tuple(r for r in rules if isinstance(r, custom_solutions.Deferral)),
            reductions=tuple(r for r in rules if isinstance(r, custom_solutions.RentReduction)),
            waived_increases=tuple(r for r in rules if isinstance(r, custom_solutions.WaivedIncrease))))
    return DossierMoney(
        lease=lease,
        payments=tuple(ledger.Payment(r.on, ledger.from_cents(r.cents), r.text or "")
                       for r in sorted(by_part["payment"], key=lambda r: (r.on, r.id))),
        deferral_ends=tuple(r.end_date for r in solution_rows
                            if r.case_id == case.id and r.kind == "deferral" and r.end_date is not None))


@dataclass(frozen=True)
class DossierSignal:
    signal: Signal
    delivery: SignalDelivery | None
    municipality_name: str
    feedback: tuple[Feedback, ...]  # oldest first


def dossier_signals(session: Session, actor: ActingUser, case: Case) -> list[DossierSignal]:
    """One statement: the case's signals (oldest first) with their delivery and the municipality's feedback."""
    require_landlord(actor)
    rows = session.exec(
        select(Signal, SignalDelivery, col(Municipality.name), Feedback)
        .outerjoin(SignalDelivery, and_(col(SignalDelivery.signal_id) == col(Signal.id),
                                        col(SignalDelivery.landlord_id) == actor.id))
        .outerjoin(Municipality, col(Municipality.code) == col(Signal.municipality_code))
        .outerjoin(Feedback, and_(col(Feedback.signal_id) == col(Signal.id), col(Feedback.landlord_id) == actor.id))
        .where(col(Signal.landlord_id) == actor.id, col(Signal.case_id) == case.id)
        .order_by(col(Signal.sent_on), col(Signal.id), col(Feedback.on_date), col(Feedback.id)))
    found: dict[int, tuple[Signal, SignalDelivery | None, str, list[Feedback]]] = {}
    for signal, delivery, name, feedback in rows:
        entry = found.setdefault(signal.id or 0, (signal, delivery, name or "", []))
        if feedback is not None:
            entry[3].append(feedback)
    return [DossierSignal(signal, delivery, name, tuple(feedback)) for signal, delivery, name, feedback in found.values()]


def dossier_record(case: Case, tenancy: Tenancy, head: DossierHead, money: DossierMoney,
                   signals: list[DossierSignal]) -> CaseRecord:
    """The CaseRecord (`record_facts`, `record_signals`, `record_feedback`) from the rows read above."""
    rows = _CaseRows(
        attempts=list(head.attempts), objections=[head.objection] if head.objection else [],
        signals=[s.signal for s in signals],
        feedback=sorted((f for s in signals for f in s.feedback), key=lambda f: (f.on_date, f.id or 0)),
        arrangements=[head.arrangement] if head.arrangement else [],
        deferral_ends=list(money.deferral_ends))
    return CaseRecord(case, tenancy, rows)


# --- one case for the covenant rules: the Dossier's reads, by case id -----------------------------------------------

@dataclass(frozen=True)
class CaseRead:
    """One of the landlord's cases with every row the covenant rules read about it (its facts, its steps, the signal
    check): the Dossier's own reads (`_head`/`dossier_head`, `dossier_money`, `dossier_signals`), so the facts are
    gathered in one place."""

    case: Case
    tenancy: Tenancy
    head: DossierHead
    money: DossierMoney
    signals: list[DossierSignal]
    settings: dict[str, str | None]  # the stored value of each setting key asked for (None: nothing saved)

    @property
    def record(self) -> CaseRecord:
        return dossier_record(self.case, self.tenancy, self.head, self.money, self.signals)


def case_read(session: Session, actor: ActingUser, case_id: int, *, setting_keys: Sequence[str] = ()) -> CaseRead:
    """Three statements: the case with its tenancy, head rows and settings; its ledger input; its signals with
    feedback. Someone else's case is NotFound."""
    case, tenancy, head, settings = _head(session, actor, case_id, None, setting_keys)
    return CaseRead(case=case, tenancy=tenancy, head=head, money=dossier_money(session, actor, case, tenancy),
                    signals=dossier_signals(session, actor, case), settings=settings)
