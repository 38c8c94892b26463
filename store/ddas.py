"""What the DDAS export (naarnul.ddas, Uitwisselmodel v1.2) needs from the store: the signals sent in a period with
their feedback and the municipality's contact attempts, one delivery per municipality, scoped to the liaison's own
municipality (an admin or the `naarnul ddas-export` job: any); and the audit event of an export.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from naarnul import access, ddas
from naarnul import signals as rules
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser, Role
from store import audit
from store.models import Feedback, MunicipalContactAttempt, Municipality, Signal, Tenancy
from store.scope import require_signal_reader


def _ddas_deliveries(session: Session, signal_filter: list[Any], start: dt.date, end: dt.date) -> list[ddas.Delivery]:
    query = (select(Signal, col(Tenancy.house_number), col(Tenancy.house_number_addition))
             .join(Tenancy, col(Tenancy.id) == col(Signal.tenancy_id))
             .where(col(Signal.sent_on) >= start, col(Signal.sent_on) <= end, *signal_filter)
             .order_by(col(Signal.municipality_code), col(Signal.sent_on), col(Signal.id)))
    rows = list(session.exec(query))
    ids = [signal.id for signal, _, _ in rows]
    outcomes: dict[int, str] = {}
    attempts: dict[int, list[ddas.ContactEntry]] = {}
    for start_at in range(0, len(ids), 500):
        chunk = ids[start_at:start_at + 500]
        for signal_id, outcome in session.exec(
                select(col(Feedback.signal_id), col(Feedback.outcome)).where(col(Feedback.signal_id).in_(chunk))
                .order_by(col(Feedback.on_date), col(Feedback.id))):
            outcomes[signal_id] = outcome  # the latest wins
        for m in session.exec(select(MunicipalContactAttempt).where(
                col(MunicipalContactAttempt.signal_id).in_(chunk))
                .order_by(col(MunicipalContactAttempt.on_date), col(MunicipalContactAttempt.id))):
            attempts.setdefault(m.signal_id, []).append(
                ddas.ContactEntry(on_date=m.on_date, kind=m.kind, reached=m.reached, part_of_day=m.part_of_day))
    by_code: dict[str, list[ddas.DdasSignal]] = {}
    for signal, house_number, addition in rows:
        assert signal.id is not None
        payload = rules.payload_of(signal.payload)
        handover = payload.get("warm_handover")
        by_code.setdefault(signal.municipality_code, []).append(ddas.DdasSignal(
            reference=signal.reference, sent_on=signal.sent_on, arrears_cents=signal.arrears_cents,
            postcode=signal.postcode or str(payload.get("address_postcode") or ""),
            house_number=str(payload.get("address_house_number") or house_number or ""),
            house_number_addition=str(payload.get("address_house_number_addition") or addition or ""),
            oldest_unpaid_due=signal.oldest_unpaid_due, urgent=signal.urgent,
            warm_handover=handover if isinstance(handover, bool) else None, workflow_status=signal.status,
            picked_up_on=signal.picked_up_on, outcome=outcomes.get(signal.id),
            contact_attempts=tuple(attempts.get(signal.id, ()))))
    names = {m.code: m.name for m in session.exec(
        select(Municipality).where(col(Municipality.code).in_(list(by_code))))} if by_code else {}
    return [ddas.Delivery(municipality_code=code, municipality_name=names.get(code, code), signals=tuple(items))
            for code, items in by_code.items()]


def ddas_deliveries(session: Session, actor: ActingUser, *, start: dt.date, end: dt.date,
                    municipality_code: str | None = None) -> list[ddas.Delivery]:
    """The signals sent in [start, end] with what the export needs, one delivery per municipality. A liaison gets
    only their own municipality (another code is NotAllowed) — and a delivery even without signals; an admin any
    one, or every municipality with signals when `municipality_code` is None."""
    require_signal_reader(actor)
    if actor.role == Role.LIAISON:
        if municipality_code not in (None, actor.municipality_code):
            raise NotAllowed(access.OWN_MUNICIPALITY_EXPORT_ONLY)
        municipality_code = actor.municipality_code
    signal_filter = [col(Signal.municipality_code) == municipality_code] if municipality_code else []
    deliveries = _ddas_deliveries(session, signal_filter, start, end)
    if municipality_code and not deliveries:
        municipality = session.get(Municipality, municipality_code)
        if municipality is None:
            raise NotFound(access.MUNICIPALITY_NOT_LISTED)
        deliveries = [ddas.Delivery(municipality_code=municipality.code, municipality_name=municipality.name,
                                    signals=())]
    return deliveries


def ddas_deliveries_for_operator(session: Session, *, start: dt.date, end: dt.date,
                                 municipality_code: str | None = None) -> list[ddas.Delivery]:
    """The same for `naarnul ddas-export` (a reporting job with the database URL, no logged-in user): every
    municipality with signals in the period, or the one asked for."""
    if municipality_code is not None:
        municipality = session.get(Municipality, municipality_code)
        if municipality is None:
            raise NotFound(access.MUNICIPALITY_NOT_LISTED)
        deliveries = _ddas_deliveries(session, [col(Signal.municipality_code) == municipality_code], start, end)
        return deliveries or [ddas.Delivery(municipality_code=municipality.code,
                                            municipality_name=municipality.name, signals=())]
    return _ddas_deliveries(session, [], start, end)


def record_ddas_export(session: Session, actor: ActingUser | None, deliveries: list[ddas.Delivery], *,
                       start: dt.date, end: dt.date, summary: str) -> None:
    """One audit event per delivery (per municipality) of an export."""
    for delivery in deliveries:
        audit.record(session, actor, "ddas.exported", "municipality", delivery.municipality_code, summary=summary,
                     municipality_code=delivery.municipality_code,
                     detail={"start": start, "end": end, "signals": len(delivery.signals),
                             "by": "liaison" if actor is not None else "naarnul ddas-export"})
