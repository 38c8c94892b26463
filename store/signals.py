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
from typing import Any, Iterable

from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from naarnul import access, covenant
from naarnul import signals as rules
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.users import ActingUser, Role
from store import audit
from store.models import (
    Case,
    ContactAttempt,
    Document,
    Feedback,
    LandlordProfile,
    MunicipalContactAttempt,
    Municipality,
    Signal,
    SignalDelivery,
    Tenancy,
    User,
    utcnow,
)
from store.scope import (
    audit_signal,
    require_liaison,
    require_signal_reader,
    signal_in_scope,
    signals_in_scope,
    signals_in_scope_by_id,
)

# kept importable from here for callers of the store (the words live in naarnul.signals)
STATUSES = rules.STATUSES
NOT_PICKED_UP = rules.NOT_PICKED_UP
PICKED_UP = rules.PICKED_UP
NOTE_MAX = rules.NOTE_MAX
outcome_label = rules.outcome_label
payload_lines = rules.payload_lines
safe_filename = rules.safe_filename


def _landlord_name_column() -> Any:
    return func.coalesce(func.nullif(col(LandlordProfile.name), ""), col(User.name))


# --- inbox ---------------------------------------------------------------------------------------------------------

def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def inbox(session: Session, actor: ActingUser, *, status: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None, search: str = "", assigned_to: int | str | None = None,
          picked_up: bool | None = None, sent_on_or_before: dt.date | None = None, limit: int = 50,
          offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of signals for the actor's municipality: new ones first, then newest first; and the total count.
    `assigned_to`: a user id, or `rules.UNASSIGNED` for signals nobody handles; `picked_up`: with/without a
    picked-up date (or still new); `sent_on_or_before`: the ageing filter (signals at least so old)."""
    require_signal_reader(actor)
    conditions: list[Any] = []
    if status:
        conditions.append(col(Signal.status) == status)
    if since:
        conditions.append(col(Signal.sent_on) >= since)
    if until:
        conditions.append(col(Signal.sent_on) <= until)
    if sent_on_or_before:
        conditions.append(col(Signal.sent_on) <= sent_on_or_before)
    if assigned_to == rules.UNASSIGNED:
        conditions.append(col(Signal.assigned_to_id).is_(None))
    elif assigned_to not in (None, ""):
        try:
            conditions.append(col(Signal.assigned_to_id) == int(assigned_to))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidationError(access.CHOOSE_COLLEAGUE) from None
    if picked_up is True:
        conditions.append(col(Signal.picked_up_on).is_not(None))
    elif picked_up is False:
        conditions.append(col(Signal.picked_up_on).is_(None))
    text = (search or "").strip()
    if text:
        compact = re.sub(r"\s+", "", text)
        conditions.append(or_(
            col(Signal.tenant_names).ilike(_like_pattern(text), escape="\\"),
            func.replace(col(Signal.postcode), " ", "").ilike(_like_pattern(compact), escape="\\"),
            col(Signal.reference).ilike(_like_pattern(text), escape="\\"),
        ))
    assignee = aliased(User)
    count_query = signals_in_scope(select(func.count()).select_from(Signal), actor)
    page_query = signals_in_scope(select(col(Signal.id)), actor)
    for condition in conditions:
        count_query = count_query.where(condition)
        page_query = page_query.where(condition)
    total = int(session.exec(count_query).one())
    # The page (new ones first, then newest first) is chosen on the signal table alone, walking the indexes in
    # order (ix_signal_inbox for the new ones, sent_on for the rest) instead of sorting every signal of the
    # municipality; only the page's rows are joined with the names. At 20,000 signals the sort and the joins made
    # the list five times slower than at 100.
    offset, limit = max(0, int(offset)), max(1, min(int(limit), 500))
    newest_first = (col(Signal.sent_on).desc(), col(Signal.id).desc())
    new_ids = [i for i in session.exec(page_query.where(col(Signal.status) == "new").order_by(*newest_first)
                                       .limit(offset + limit)) if i is not None]
    page_ids = new_ids[offset:offset + limit]
    if len(page_ids) < limit and len(new_ids) < offset + limit:  # every new one is known: the rest follows
        page_ids += [i for i in session.exec(page_query.where(col(Signal.status) != "new").order_by(*newest_first)
                                             .offset(max(0, offset - len(new_ids))).limit(limit - len(page_ids)))
                     if i is not None]
    if not page_ids:
        return [], total
    query = signals_in_scope(
        select(Signal, _landlord_name_column().label("landlord_name"), col(assignee.name).label("assignee_name"))
        .join(User, col(User.id) == col(Signal.landlord_id))
        .outerjoin(LandlordProfile, col(LandlordProfile.user_id) == col(Signal.landlord_id))
        .outerjoin(assignee, col(assignee.id) == col(Signal.assigned_to_id))
        .where(col(Signal.id).in_(page_ids)), actor)
    position = {signal_id: index for index, signal_id in enumerate(page_ids)}
    rows = []
    for signal, landlord_name, assignee_name in sorted(session.exec(query), key=lambda row: position[row[0].id]):
        rows.append({
            "id": signal.id, "reference": signal.reference, "sent_on": signal.sent_on,
            "tenant_names": signal.tenant_names, "postcode": signal.postcode,
            "arrears": rules.money(signal.arrears_cents), "arrears_months": signal.arrears_months,
            "oldest_unpaid_due": signal.oldest_unpaid_due, "landlord_name": landlord_name,
            "urgent": signal.urgent, "status": signal.status, "status_label": rules.status_label(signal.status),
            "is_repeat": signal.is_repeat, "municipality_code": signal.municipality_code,
            "assigned_to_id": signal.assigned_to_id, "assignee_name": assignee_name or "",
            "picked_up_on": signal.picked_up_on,
        })
    return rows, total


# --- one signal ----------------------------------------------------------------------------------------------------

def open_signal(session: Session, actor: ActingUser, signal_id: object) -> dict[str, Any]:
    """Everything the municipality received, the shared documents, the contact attempts (the landlord's and the
    municipality's own) and the feedback so far. A read: it changes nothing."""
    signal = signal_in_scope(session, actor, signal_id)
    landlord = session.exec(
        select(_landlord_name_column()).select_from(User)
        .outerjoin(LandlordProfile, col(LandlordProfile.user_id) == col(User.id))
        .where(col(User.id) == signal.landlord_id)).one()
    municipality = session.get(Municipality, signal.municipality_code)
    documents = [{"id": d.id, "title": d.title, "filename": d.filename, "created_at": d.created_at,
                  "template_name": d.template_name} for d in session.exec(
        select(Document)
        .where(col(Document.case_id) == signal.case_id, col(Document.municipality_code) == signal.municipality_code,
               col(Document.shared_with_municipality) == True)  # noqa: E712
        .order_by(col(Document.created_at), col(Document.id)))]
    attempts = [{"on_date": a.on_date, "channel": covenant.CONTACT_CHANNELS.get(a.channel, a.channel),
                 "outcome": covenant.CONTACT_OUTCOMES.get(a.outcome, a.outcome)}  # not the landlord's own note
                for a in session.exec(select(ContactAttempt).where(col(ContactAttempt.case_id) == signal.case_id)
                                      .order_by(col(ContactAttempt.on_date), col(ContactAttempt.id)))]
    feedback = [{"id": f.id, "on_date": f.on_date, "outcome": f.outcome,
                 "outcome_label": rules.outcome_label(f.outcome), "help_accepted": f.help_accepted,
                 "liaison_note": f.liaison_note}
                for f in session.exec(select(Feedback).where(col(Feedback.signal_id) == signal.id)
                                      .order_by(col(Feedback.on_date), col(Feedback.id)))]
    municipal_attempts = [
        {"id": m.id, "on_date": m.on_date, "kind": m.kind, "reached": m.reached, "part_of_day": m.part_of_day,
         "liaison_name": name}
        for m, name in session.exec(
            select(MunicipalContactAttempt, col(User.name))
            .join(User, col(User.id) == col(MunicipalContactAttempt.liaison_id))
            .where(col(MunicipalContactAttempt.signal_id) == signal.id,
                   col(MunicipalContactAttempt.municipality_code) == signal.municipality_code)
            .order_by(col(MunicipalContactAttempt.on_date), col(MunicipalContactAttempt.id)))]
    assignee = session.get(User, signal.assigned_to_id) if signal.assigned_to_id else None
    case = session.get(Case, signal.case_id)
    return {
        "id": signal.id, "reference": signal.reference, "case_id": signal.case_id, "sent_on": signal.sent_on,
        "status": signal.status, "status_label": rules.status_label(signal.status),
        "is_repeat": signal.is_repeat, "urgent": signal.urgent, "tenant_names": signal.tenant_names,
        "postcode": signal.postcode, "arrears": rules.money(signal.arrears_cents),
        "arrears_cents": signal.arrears_cents,
        "arrears_months": signal.arrears_months, "oldest_unpaid_due": signal.oldest_unpaid_due,
        "landlord_name": landlord, "municipality_code": signal.municipality_code,
        "municipality_name": municipality.name if municipality else signal.municipality_code,
        "payload": rules.payload_of(signal.payload), "documents": documents, "contact_attempts": attempts,
        "feedback": feedback, "collection_paused_until": case.collection_paused_until if case else None,
        "friendly_reminder_on": case.friendly_reminder_on if case else None,
        "reminder_on": case.reminder_on if case else None,
        "contact_failed_on": case.contact_failed_on if case else None,
        "assigned_to_id": signal.assigned_to_id, "assignee_name": assignee.name if assignee else "",
        "picked_up_on": signal.picked_up_on, "municipal_contact_attempts": municipal_attempts,
    }


def start_handling(session: Session, actor: ActingUser, signal_id: object, *,
                   picked_up_on: dt.date | None = None) -> bool:
    """The liaison takes a new signal "in progress" (an explicit action, on the case timeline once). False when it
    was no longer new, so a second click changes nothing. `picked_up_on` is kept when the signal has none yet."""
    require_liaison(actor, access.LIAISON_ONLY_PICK_UP)
    signal = signal_in_scope(session, actor, signal_id)
    if signal.status != "new":
        return False
    signal.status = "in_progress"
    if signal.picked_up_on is None and picked_up_on is not None:
        signal.picked_up_on = picked_up_on
    session.add(signal)
    audit_signal(session, actor, "signal.in_progress", signal, rules.IN_PROGRESS_SUMMARY, on_timeline=True)
    return True


# --- downloads and exports -----------------------------------------------------------------------------------------

def shared_document_for_admin(session: Session, actor: ActingUser, document_id: int) -> Document:
    """A document shared with any municipality, for an admin (a liaison uses `store.documents.get_document`)."""
    if actor is None or not actor.is_admin:
        raise NotFound(access.DOCUMENT_NOT_FOUND)
    document = session.exec(select(Document).where(
        Document.id == document_id, Document.shared_with_municipality == True)).first()  # noqa: E712
    if document is None:
        raise NotFound(access.DOCUMENT_NOT_FOUND)
    return document


def record_document_download(session: Session, actor: ActingUser, document: Document, summary: str) -> None:
    audit.record(session, actor, "document.downloaded", "document", document.id, landlord_id=document.landlord_id,
                 municipality_code=document.municipality_code, summary=summary)


def _record(signal: Signal) -> rules.SignalRecord:
    assert signal.id is not None
    return rules.SignalRecord(
        id=signal.id, reference=signal.reference, sent_on=signal.sent_on, municipality_code=signal.municipality_code,
        tenant_names=signal.tenant_names, postcode=signal.postcode, arrears_cents=signal.arrears_cents,
        arrears_months=signal.arrears_months, oldest_unpaid_due=signal.oldest_unpaid_due, urgent=signal.urgent,
        is_repeat=signal.is_repeat, payload=signal.payload)


def signal_records(session: Session, actor: ActingUser, signal_ids: Iterable[object]) -> list[rules.SignalRecord]:
    """The chosen signals in scope, in the given order (one unknown id: NotFound)."""
    return [_record(s) for s in signals_in_scope_by_id(session, actor, signal_ids)]


def shared_files(session: Session, actor: ActingUser, signal: rules.SignalRecord) -> list[rules.SharedFile]:
    """The documents of a signal's case shared with its municipality (the signal came from `signal_records`)."""
    row = signal_in_scope(session, actor, signal.id)
    query = (select(Document).where(col(Document.case_id) == row.case_id,
                                    col(Document.municipality_code) == row.municipality_code,
                                    col(Document.shared_with_municipality) == True)  # noqa: E712
             .order_by(col(Document.created_at), col(Document.id)))
    return [rules.SharedFile(id=d.id or 0, filename=d.filename, content=bytes(d.content))
            for d in session.exec(query)]


def record_signal_action(session: Session, actor: ActingUser, signal_ids: Iterable[object], action: str, summaries: dict[int, str],
                         detail: dict | None = None) -> None:
    """One audit event per signal for a download or export (`summaries`: signal id → summary)."""
    for signal in signals_in_scope_by_id(session, actor, signal_ids):
        audit_signal(session, actor, action, signal, summaries[signal.id or 0], detail=detail)


# --- feedback ------------------------------------------------------------------------------------------------------

def signal_for_feedback(session: Session, actor: ActingUser, signal_id: object) -> rules.SignalRecord:
    require_liaison(actor, access.LIAISON_ONLY_FEEDBACK)
    return _record(signal_in_scope(session, actor, signal_id))


def save_feedback(session: Session, actor: ActingUser, signal_id: int, entry: rules.FeedbackEntry, *,
                  paused_until: dt.date | None, summary: str, picked_up_on: dt.date | None = None) -> Feedback:
    """Store checked feedback, mark the signal done (with `picked_up_on` when it has no picked-up date yet) and
    extend the case's collection pause to `paused_until`.
    The same answer twice (a double click) is stored once."""
    require_liaison(actor, access.LIAISON_ONLY_FEEDBACK)
    signal = signal_in_scope(session, actor, signal_id)
    assert signal.id is not None and actor.id is not None
    repeated = session.exec(select(Feedback).where(
        col(Feedback.signal_id) == signal.id, col(Feedback.liaison_id) == actor.id,
        col(Feedback.on_date) == entry.on_date, col(Feedback.outcome) == entry.outcome,
        col(Feedback.help_accepted) == entry.help_accepted, col(Feedback.liaison_note) == entry.liaison_note)).first()
    if repeated is not None:
        return repeated
    feedback = Feedback(signal_id=signal.id, municipality_code=signal.municipality_code,
                        landlord_id=signal.landlord_id, liaison_id=actor.id, on_date=entry.on_date,
                        outcome=entry.outcome, help_accepted=entry.help_accepted, liaison_note=entry.liaison_note)
    session.add(feedback)
    signal.status = "done"
    if signal.picked_up_on is None and picked_up_on is not None:
        signal.picked_up_on = picked_up_on
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


def feedback_for_landlord(session: Session, actor: ActingUser, case_id: object, *,
                          settings: covenant.CovenantSettings) -> list[dict[str, Any]]:
    """What the municipality fed back on the landlord's own case, oldest first: outcome (code and Dutch label), date,
    help accepted and the end of the collection pause (from `settings`, loaded by the service). Never the liaison's
    note. Read through `naarnul.services.signals.feedback_for_landlord`."""
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_FEEDBACK)
    try:
        number = int(case_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NotFound(access.CASE_UNKNOWN) from None
    case = session.exec(select(Case).where(col(Case.id) == number, col(Case.landlord_id) == actor.id)).first()
    if case is None:
        raise NotFound(access.CASE_UNKNOWN)
    rows = session.exec(
        select(Feedback, Signal)
        .join(Signal, col(Signal.id) == col(Feedback.signal_id))
        .where(col(Signal.case_id) == case.id, col(Signal.landlord_id) == actor.id,
               col(Feedback.landlord_id) == actor.id)
        .order_by(col(Feedback.on_date), col(Feedback.id))).all()
    return feedback_lines(case, list(rows), settings=settings)


def feedback_lines(case: Case, rows: list[tuple[Feedback, Signal]], *,
                   settings: covenant.CovenantSettings) -> list[dict[str, Any]]:
    """The landlord's view of the feedback rows of their own case (already read, oldest first)."""
    accepted = [f.on_date for f, _ in rows if f.help_accepted]
    latest_accepted = max(accepted) if accepted else None
    result = []
    for feedback, signal in rows:
        paused_until = None
        if feedback.help_accepted:
            paused_until = (case.collection_paused_until if feedback.on_date == latest_accepted
                            and case.collection_paused_until
                            else rules.pause_until([feedback.on_date], settings, feedback.on_date))
        result.append({"on_date": feedback.on_date, "outcome": feedback.outcome,
                       "outcome_label": rules.outcome_label(feedback.outcome),
                       "help_accepted": bool(feedback.help_accepted), "paused_until": paused_until,
                       "signal_reference": signal.reference, "signal_sent_on": signal.sent_on})
    return result


# --- repeat signals ------------------------------------------------------------------------------------------------

def is_repeat(session: Session, tenancy_id: int, arrears_cents: int, *, exclude_signal_id: int | None = None) -> bool:
    """True when the same tenancy was signalled before and the arrears did not grow since the last signal
    (convenant.md §5). Call it before adding the new signal, or pass that signal's id to leave it out."""
    query = select(col(Signal.arrears_cents)).where(col(Signal.tenancy_id) == tenancy_id)
    if exclude_signal_id is not None:
        query = query.where(col(Signal.id) != exclude_signal_id)
    last = session.exec(query.order_by(col(Signal.sent_on).desc(), col(Signal.id).desc())).first()
    return last is not None and int(arrears_cents) <= last


# --- delivery by the landlord (issue 11) ---------------------------------------------------------------------------
# Scope: the landlord's own signals only (`Signal.landlord_id == actor.id` and `SignalDelivery.landlord_id`, in SQL).

def _require_landlord(actor: ActingUser, message: str = access.LANDLORD_ONLY_DELIVERY) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(message)


def add_delivery(session: Session, actor: ActingUser, signal: Signal, *, channel: str, address: str,
                 delivered_on: dt.date | None) -> SignalDelivery:
    """The delivery row of a signal the landlord just made (in the same transaction)."""
    _require_landlord(actor)
    if signal.landlord_id != actor.id or signal.id is None:
        raise NotFound(access.SIGNAL_NOT_FOUND)
    row = SignalDelivery(signal_id=signal.id, landlord_id=actor.id, case_id=signal.case_id,
                         municipality_code=signal.municipality_code, channel=channel, address=address,
                         delivered_on=delivered_on, recorded_at=utcnow() if delivered_on else None)
    session.add(row)
    session.flush()
    return row


def _own_delivery(session: Session, actor: ActingUser, signal_id: object) -> tuple[SignalDelivery, Signal]:
    _require_landlord(actor)
    try:
        number = int(signal_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NotFound(access.SIGNAL_NOT_FOUND) from None
    row = session.exec(select(SignalDelivery, Signal).join(Signal, col(Signal.id) == col(SignalDelivery.signal_id))
                       .where(col(SignalDelivery.signal_id) == number, col(SignalDelivery.landlord_id) == actor.id,
                              col(Signal.landlord_id) == actor.id)).first()
    if row is None:
        raise NotFound(access.SIGNAL_NOT_FOUND)
    return row[0], row[1]


def delivery_state(session: Session, actor: ActingUser, signal_id: object) -> dict[str, Any]:
    """The landlord's own signal's delivery: channel, address, the day it was prepared and delivered."""
    delivery, signal = _own_delivery(session, actor, signal_id)
    return {"signal_id": signal.id, "reference": signal.reference, "channel": delivery.channel,
            "address": delivery.address, "prepared_on": signal.sent_on, "delivered_on": delivery.delivered_on}


def record_delivery(session: Session, actor: ActingUser, signal_id: object, *, delivered_on: dt.date, address: str,
                    summary: str) -> bool:
    """The day the landlord sent the notification (and where, when no address was known). A signal delivered in
    the portal cannot be recorded again (NotAllowed); the same date again changes nothing (False)."""
    delivery, signal = _own_delivery(session, actor, signal_id)
    if delivery.channel == "portal":
        raise NotAllowed(access.DELIVERY_ALREADY_IN_PORTAL)
    if delivery.delivered_on == delivered_on and delivery.address == address:
        return False
    delivery.delivered_on, delivery.address, delivery.recorded_at = delivered_on, address, utcnow()
    session.add(delivery)
    audit.record(session, actor, "signal.delivered_by_landlord", "signal", signal.id, landlord_id=actor.id,
                 case_id=signal.case_id, municipality_code=signal.municipality_code, summary=summary,
                 detail={"channel": delivery.channel, "address": address, "delivered_on": delivered_on})
    return True


def _delivery_rows(session: Session, actor: ActingUser, *conditions: Any) -> list[dict[str, Any]]:
    query = (select(SignalDelivery, Signal, Municipality, Tenancy)
             .join(Signal, col(Signal.id) == col(SignalDelivery.signal_id))
             .join(Municipality, col(Municipality.code) == col(Signal.municipality_code))
             .join(Tenancy, col(Tenancy.id) == col(Signal.tenancy_id))
             .where(col(SignalDelivery.landlord_id) == actor.id, col(Signal.landlord_id) == actor.id,
                    col(Tenancy.landlord_id) == actor.id, *conditions)
             .order_by(col(Signal.sent_on), col(Signal.id)))
    return [{"signal_id": s.id, "case_id": s.case_id, "reference": s.reference, "prepared_on": s.sent_on,
             "channel": d.channel, "address": d.address, "delivered_on": d.delivered_on,
             "municipality_name": m.name, "tenant_names": s.tenant_names,
             "home": " ".join(p for p in (t.street, t.house_number, t.house_number_addition) if p) + f", {t.place}",
             "urgent": s.urgent}
            for d, s, m, t in session.exec(query)]


def waiting_for_delivery(session: Session, actor: ActingUser) -> list[dict[str, Any]]:
    """The landlord's signals that still wait for the landlord to send them, oldest first."""
    _require_landlord(actor)
    return _delivery_rows(session, actor, col(SignalDelivery.delivered_on).is_(None))


def deliveries_of_case(session: Session, actor: ActingUser, case_id: object) -> list[dict[str, Any]]:
    _require_landlord(actor)
    try:
        number = int(case_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NotFound(access.CASE_UNKNOWN) from None
    return _delivery_rows(session, actor, col(Signal.case_id) == number)


def own_signal_record(session: Session, actor: ActingUser, signal_id: object) -> rules.SignalRecord:
    """The landlord's own signal as an export record (for the CSV/JSON the landlord sends themselves)."""
    _, signal = _own_delivery(session, actor, signal_id)
    return _record(signal)


def own_notification_document(session: Session, actor: ActingUser, signal_id: object) -> tuple[str, bytes]:
    """(file name, bytes) of the notification letter made with the landlord's own signal."""
    _, signal = _own_delivery(session, actor, signal_id)
    document = session.exec(select(Document).where(
        col(Document.case_id) == signal.case_id, col(Document.landlord_id) == actor.id,
        col(Document.template_name) == "notification").order_by(col(Document.id).desc())).first()
    if document is None:
        raise NotFound(access.NOTIFICATION_NOT_MADE)
    return document.filename, bytes(document.content)
