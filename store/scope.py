"""Scoped reads that every area needs: a tenancy's lease (with its rent history) and its payments, filtered by the
tenancy's landlord in SQL. Store modules may import this one (besides models, audit, engine), so the arrears of a
letter, an arrangement and the Huurders page come from the same rows."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, col, select

from naarnul import ledger
from naarnul.formatting import to_money
from store.models import Payment, RentPeriod, Tenancy

_CHUNK = 500


def _money(cents: int) -> Decimal:
    return to_money(Decimal(cents) / 100)


def rent_periods(session: Session, landlord_id: int, tenancy_ids: list[int]) -> dict[int, list[ledger.RentPeriod]]:
    """The rent periods of each tenancy, oldest first."""
    periods: dict[int, list[ledger.RentPeriod]] = {}
    ids = list(tenancy_ids)
    for start in range(0, len(ids), _CHUNK):
        rows = session.exec(select(col(RentPeriod.tenancy_id), col(RentPeriod.effective_from),
                                   col(RentPeriod.monthly_rent_cents))
                            .where(RentPeriod.landlord_id == landlord_id,
                                   col(RentPeriod.tenancy_id).in_(ids[start:start + _CHUNK]))
                            .order_by(col(RentPeriod.effective_from)))
        for tenancy_id, effective_from, amount in rows:
            periods.setdefault(tenancy_id, []).append(ledger.RentPeriod(effective_from, _money(amount)))
    return periods


def lease_with(tenancy: Tenancy, periods: list[ledger.RentPeriod] | None) -> ledger.Lease:
    """The lease of a tenancy from its periods (a tenancy stored without periods has one rent from its start)."""
    if not periods:
        return ledger.Lease(_money(tenancy.monthly_rent_cents), tenancy.due_day, tenancy.start_date,
                            tenancy.end_date)
    return ledger.lease_from_periods(periods, tenancy.due_day, tenancy.start_date, tenancy.end_date)


def lease_of(session: Session, tenancy: Tenancy) -> ledger.Lease:
    """The lease with its rent history: each charge uses the rent in force on its due date."""
    assert tenancy.id is not None
    return lease_with(tenancy, rent_periods(session, tenancy.landlord_id, [tenancy.id]).get(tenancy.id))


def payments_of(session: Session, tenancy: Tenancy) -> list[ledger.Payment]:
    """The tenancy's payments, oldest first."""
    rows = session.exec(select(col(Payment.paid_on), col(Payment.amount_cents), col(Payment.description)).where(
        Payment.landlord_id == tenancy.landlord_id, Payment.tenancy_id == tenancy.id)
        .order_by(col(Payment.paid_on), col(Payment.id)))
    return [ledger.Payment(paid_on, _money(amount), description or "") for paid_on, amount, description in rows]
