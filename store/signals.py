"""Signals on the municipal side, persistence and scope: the liaison's inbox, one signal, its shared documents,
feedback rows. The words and rules (statuses, outcome checks, the pause, the exports) are the core's
(`naarnul.signals`); `naarnul.services.signals` composes the two.

Scope: a liaison sees only signals of their own municipality (`Signal.municipality_code == actor.municipality_code`,
in SQL, on every read); an admin sees all; a landlord only reads feedback on their own case through
`feedback_for_landlord`, which never returns the liaison's note. A record outside the actor's scope is `NotFound`.
Reads write nothing; every liaison action (taking a signal in progress, a download, an export, feedback) writes one
audit event.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import case as sql_case
from sqlalchemy import func, or_
from sqlmodel import Session, select

from naarnul import covenant
from naarnul import signals as rules
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.users import ActingUser, Role
from store import audit
from store.models import Case, ContactAttempt, Document, Feedback, LandlordProfile, Municipality, Signal, User

# kept importable from here for callers of the store (the words live in naarnul.signals)
STATUSES = rules.STATUSES
NOT_PICKED_UP = rules.NOT_PICKED_UP
PICKED_UP = rules.PICKED_UP
NOTE_MAX = rules.NOTE_MAX
outcome_label = rules.outcome_label
payload_lines = rules.payload_lines
safe_filename = rules.safe_filename


# --- scope ---------------------------------------------------------------------------------------------------------

def _require_reader(actor: ActingUser | None) -> None:
    """Liaisons (with a municipality) and admins read signals; nobody else."""
    if actor is None:
        raise NotAllowed("Log in om meldingen te bekijken.")
    if actor.role == Role.LIAISON and actor.municipality_code:
        return
    if actor.is_admin:
        return
    raise NotAllowed("Alleen een contactpersoon van de gemeente kan meldingen bekijken.")


def _require_liaison(actor: ActingUser | None, doing: str) -> None:
    if actor is None or actor.role != Role.LIAISON or not actor.municipality_code:
        raise NotAllowed(f"Alleen de contactpersoon van de gemeente kan {doing}.")


def _scoped(query, actor: ActingUser):
    """Add the municipality filter for a liaison (admins see everything)."""
    if actor.role == Role.LIAISON:
        return query.where(Signal.municipality_code == actor.municipality_code)
    return query


def _get_signal(session: Session, actor: ActingUser, signal_id) -> Signal:
    _require_reader(actor)
    try:
        signal_id = int(signal_id)
    except (TypeError, ValueError):
        raise NotFound("Deze melding bestaat niet.") from None
    signal = session.exec(_scoped(select(Signal).where(Signal.id == signal_id), actor)).first()
    if signal is None:
        raise NotFound("Deze melding bestaat niet.")
    return signal


def _get_signals(session: Session, actor: ActingUser, signal_ids) -> list[Signal]:
    """All requested signals in scope, in the given order; one unknown id makes the whole request NotFound."""
    ids = []
    for value in signal_ids or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise NotFound("Een van de gekozen meldingen bestaat niet.") from None
        if number not in ids:
            ids.append(number)
    if not ids:
        raise ValidationError("Kies eerst een of meer meldingen.")
    _require_reader(actor)
    found = {s.id: s for s in session.exec(_scoped(select(Signal).where(Signal.id.in_(ids)), actor))}
    if len(found) != len(ids):
        raise NotFound("Een van de gekozen meldingen bestaat niet.")
    return [found[i] for i in ids]


def _landlord_name_column():
    return func.coalesce(func.nullif(LandlordProfile.name, ""), User.name)


def _audit(session, actor, action, signal: Signal, summary: str, *, on_timeline: bool = False,
           detail: dict | None = None) -> None:
    audit.record(session, actor, action, "signal", signal.id, summary=summary, landlord_id=signal.landlord_id,
                 municipality_code=signal.municipality_code, case_id=signal.case_id if on_timeline else None,
                 detail=detail)


# --- inbox ---------------------------------------------------------------------------------------------------------

def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def inbox(session: Session, actor: ActingUser, *, status: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None, search: str = "", limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    """One page of signals for the actor's municipality: new ones first, then newest first; and the total count."""
    _require_reader(actor)
    conditions = []
    if status:
        conditions.append(Signal.status == status)
    if since:
        conditions.append(Signal.sent_on >= since)
    if until:
        conditions.append(Signal.sent_on <= until)
    text = (search or "").strip()
    if text:
        compact = re.sub(r"\s+", "", text)
        conditions.append(or_(
            Signal.tenant_names.ilike(_like_pattern(text), escape="\\"),
            func.replace(Signal.postcode, " ", "").ilike(_like_pattern(compact), escape="\\"),
            Signal.reference.ilike(_like_pattern(text), escape="\\"),
        ))
    count_query = _scoped(select(func.count()).select_from(Signal), actor)
    query = _scoped(
        select(Signal, _landlord_name_column().label("landlord_name"))
        .join(User, User.id == Signal.landlord_id)
        .outerjoin(LandlordProfile, LandlordProfile.user_id == Signal.landlord_id), actor)
    for condition in conditions:
        count_query = count_query.where(condition)
        query = query.where(condition)
    total = session.exec(count_query).one()
    new_first = sql_case((Signal.status == "new", 0), else_=1)
    query = query.order_by(new_first, Signal.sent_on.desc(), Signal.id.desc())
    query = query.offset(max(0, int(offset))).limit(max(1, min(int(limit), 500)))
    rows = []
    for signal, landlord_name in session.exec(query):
        rows.append({
            "id": signal.id, "reference": signal.reference, "sent_on": signal.sent_on,
            "tenant_names": signal.tenant_names, "postcode": signal.postcode,
            "arrears": rules.money(signal.arrears_cents), "arrears_months": signal.arrears_months,
            "oldest_unpaid_due": signal.oldest_unpaid_due, "landlord_name": landlord_name,
            "urgent": signal.urgent, "status": signal.status, "status_label": rules.status_label(signal.status),
            "is_repeat": signal.is_repeat, "municipality_code": signal.municipality_code,
        })
    return rows, total


# --- one signal ----------------------------------------------------------------------------------------------------

def open_signal(session: Session, actor: ActingUser, signal_id) -> dict:
    """Everything the municipality received, the shared documents, the contact attempts and the feedback so far.
    A read: it changes nothing (taking a signal in progress is `start_handling`)."""
    signal = _get_signal(session, actor, signal_id)
    landlord = session.exec(
        select(_landlord_name_column()).select_from(User)
        .outerjoin(LandlordProfile, LandlordProfile.user_id == User.id).where(User.id == signal.landlord_id)).one()
    municipality = session.get(Municipality, signal.municipality_code)
    documents = [dict(row._mapping) for row in session.exec(
        select(Document.id, Document.title, Document.filename, Document.created_at, Document.template_name)
        .where(Document.case_id == signal.case_id, Document.municipality_code == signal.municipality_code,
               Document.shared_with_municipality == True)  # noqa: E712
        .order_by(Document.created_at, Document.id))]
    attempts = [{"on_date": a.on_date, "channel": covenant.CONTACT_CHANNELS.get(a.channel, a.channel),
                 "outcome": covenant.CONTACT_OUTCOMES.get(a.outcome, a.outcome)}  # not the landlord's own note
                for a in session.exec(select(ContactAttempt).where(ContactAttempt.case_id == signal.case_id)
                                      .order_by(ContactAttempt.on_date, ContactAttempt.id))]
    feedback = [{"id": f.id, "on_date": f.on_date, "outcome": f.outcome,
                 "outcome_label": rules.outcome_label(f.outcome), "help_accepted": f.help_accepted, "liaison_note": f.liaison_note}
                for f in session.exec(select(Feedback).where(Feedback.signal_id == signal.id)
                                      .order_by(Feedback.on_date, Feedback.id))]
    case = session.get(Case, signal.case_id)
    return {
        "id": signal.id, "reference": signal.reference, "case_id": signal.case_id, "sent_on": signal.sent_on,
        "status": signal.status, "status_label": rules.status_label(signal.status),
        "is_repeat": signal.is_repeat, "urgent": signal.urgent, "tenant_names": signal.tenant_names,
        "postcode": signal.postcode, "arrears": rules.money(signal.arrears_cents),
        "arrears_months": signal.arrears_months, "oldest_unpaid_due": signal.oldest_unpaid_due,
        "landlord_name": landlord, "municipality_code": signal.municipality_code,
        "municipality_name": municipality.name if municipality else signal.municipality_code,
        "payload": rules.payload_of(signal.payload), "documents": documents, "contact_attempts": attempts,
        "feedback": feedback, "collection_paused_until": case.collection_paused_until if case else None,
    }


def start_handling(session: Session, actor: ActingUser, signal_id) -> bool:
    """The liaison takes a new signal "in progress" (an explicit action, on the case timeline once). False when it
    was no longer new, so a second click changes nothing."""
    _require_liaison(actor, "een melding in behandeling nemen")
    signal = _get_signal(session, actor, signal_id)
    if signal.status != "new":
        return False
    signal.status = "in_progress"
    session.add(signal)
    _audit(session, actor, "signal.in_progress", signal, rules.IN_PROGRESS_SUMMARY, on_timeline=True)
    return True


# --- downloads and exports -----------------------------------------------------------------------------------------

def shared_document_for_admin(session: Session, actor: ActingUser, document_id: int) -> Document:
    """A document shared with any municipality, for an admin (a liaison uses `store.documents.get_document`)."""
    if actor is None or not actor.is_admin:
        raise NotFound("Dit document bestaat niet.")
    document = session.exec(select(Document).where(
        Document.id == document_id, Document.shared_with_municipality == True)).first()  # noqa: E712
    if document is None:
        raise NotFound("Dit document bestaat niet.")
    return document


def record_document_download(session: Session, actor: ActingUser, document: Document, summary: str) -> None:
    audit.record(session, actor, "document.downloaded", "document", document.id, landlord_id=document.landlord_id,
                 municipality_code=document.municipality_code, summary=summary)


def _record(signal: Signal) -> rules.SignalRecord:
    return rules.SignalRecord(
        id=signal.id, reference=signal.reference, sent_on=signal.sent_on, municipality_code=signal.municipality_code,
        tenant_names=signal.tenant_names, postcode=signal.postcode, arrears_cents=signal.arrears_cents,
        arrears_months=signal.arrears_months, oldest_unpaid_due=signal.oldest_unpaid_due, urgent=signal.urgent,
        is_repeat=signal.is_repeat, payload=signal.payload)


def signal_records(session: Session, actor: ActingUser, signal_ids) -> list[rules.SignalRecord]:
    """The chosen signals in scope, in the given order (one unknown id: NotFound)."""
    return [_record(s) for s in _get_signals(session, actor, signal_ids)]


def shared_files(session: Session, actor: ActingUser, signal: rules.SignalRecord) -> list[rules.SharedFile]:
    """The documents of a signal's case shared with its municipality (the signal came from `signal_records`)."""
    row = _get_signal(session, actor, signal.id)
    query = (select(Document).where(Document.case_id == row.case_id,
                                    Document.municipality_code == row.municipality_code,
                                    Document.shared_with_municipality == True)  # noqa: E712
             .order_by(Document.created_at, Document.id))
    return [rules.SharedFile(id=d.id, filename=d.filename, content=bytes(d.content)) for d in session.exec(query)]


def record_signal_action(session: Session, actor: ActingUser, signal_ids, action: str, summaries: dict[int, str],
                         detail: dict | None = None) -> None:
    """One audit event per signal for a download or export (`summaries`: signal id → summary)."""
    for signal in _get_signals(session, actor, signal_ids):
        _audit(session, actor, action, signal, summaries[signal.id], detail=detail)


# --- feedback ------------------------------------------------------------------------------------------------------

def signal_for_feedback(session: Session, actor: ActingUser, signal_id) -> rules.SignalRecord:
    _require_liaison(actor, "een terugkoppeling geven")
    return _record(_get_signal(session, actor, signal_id))


def save_feedback(session: Session, actor: ActingUser, signal_id: int, entry: rules.FeedbackEntry, *,
                  paused_until: dt.date | None, summary: str) -> Feedback:
    """Store checked feedback, mark the signal done and extend the case's collection pause to `paused_until`.
    The same answer twice (a double click) is stored once."""
    _require_liaison(actor, "een terugkoppeling geven")
    signal = _get_signal(session, actor, signal_id)
    repeated = session.exec(select(Feedback).where(
        Feedback.signal_id == signal.id, Feedback.liaison_id == actor.id, Feedback.on_date == entry.on_date,
        Feedback.outcome == entry.outcome, Feedback.help_accepted == entry.help_accepted,
        Feedback.liaison_note == entry.liaison_note)).first()
    if repeated is not None:
        return repeated
    feedback = Feedback(signal_id=signal.id, municipality_code=signal.municipality_code,
                        landlord_id=signal.landlord_id, liaison_id=actor.id, on_date=entry.on_date,
                        outcome=entry.outcome, help_accepted=entry.help_accepted, liaison_note=entry.liaison_note)
    session.add(feedback)
    signal.status = "done"
    session.add(signal)
    if paused_until is not None:
        case = session.get(Case, signal.case_id)
        if case is not None and (case.collection_paused_until is None or case.collection_paused_until < paused_until):
            case.collection_paused_until = paused_until
            session.add(case)
    session.flush()
    audit.record(session, actor, "feedback.recorded", "feedback", feedback.id, landlord_id=signal.landlord_id,
                 municipality_code=signal.municipality_code, case_id=signal.case_id, summary=summary,
                 detail={"signal_id": signal.id, "outcome": entry.outcome, "help_accepted": entry.help_accepted,
                         "on_date": entry.on_date})
    return feedback


def feedback_for_landlord(session: Session, actor: ActingUser, case_id, *,
                          settings: covenant.CovenantSettings) -> list[dict]:
    """What the municipality fed back on the landlord's own case, oldest first: outcome (code and Dutch label), date,
    help accepted and the end of the collection pause (from `settings`, loaded by the service). Never the liaison's
    note. Read through `naarnul.services.signals.feedback_for_landlord`."""
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed("Alleen de verhuurder van deze zaak kan de terugkoppeling zien.")
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise NotFound("Deze zaak bestaat niet.") from None
    case = session.exec(select(Case).where(Case.id == case_id, Case.landlord_id == actor.id)).first()
    if case is None:
        raise NotFound("Deze zaak bestaat niet.")
    rows = session.exec(
        select(Feedback.id, Feedback.on_date, Feedback.outcome, Feedback.help_accepted, Signal.reference,
               Signal.sent_on)
        .join(Signal, Signal.id == Feedback.signal_id)
        .where(Signal.case_id == case.id, Signal.landlord_id == actor.id, Feedback.landlord_id == actor.id)
        .order_by(Feedback.on_date, Feedback.id)).all()
    accepted = [r.on_date for r in rows if r.help_accepted]
    latest_accepted = max(accepted) if accepted else None
    result = []
    for row in rows:
        paused_until = None
        if row.help_accepted:
            paused_until = (case.collection_paused_until if row.on_date == latest_accepted
                            and case.collection_paused_until
                            else rules.pause_until([row.on_date], settings, row.on_date))
        result.append({"on_date": row.on_date, "outcome": row.outcome,
                       "outcome_label": rules.outcome_label(row.outcome),
                       "help_accepted": bool(row.help_accepted), "paused_until": paused_until,
                       "signal_reference": row.reference, "signal_sent_on": row.sent_on})
    return result


# --- repeat signals ------------------------------------------------------------------------------------------------

def is_repeat(session: Session, tenancy_id: int, arrears_cents: int, *, exclude_signal_id: int | None = None) -> bool:
    """True when the same tenancy was signalled before and the arrears did not grow since the last signal
    (convenant.md §5). Call it before adding the new signal, or pass that signal's id to leave it out."""
    query = select(Signal.arrears_cents).where(Signal.tenancy_id == tenancy_id)
    if exclude_signal_id is not None:
        query = query.where(Signal.id != exclude_signal_id)
    last = session.exec(query.order_by(Signal.sent_on.desc(), Signal.id.desc())).first()
    return last is not None and int(arrears_cents) <= last
