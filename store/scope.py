"""Scoped reads that every area needs: a tenancy's lease (with its rent history) and its payments, filtered by the
tenancy's landlord in SQL; and which signals an actor may read (a liaison: their own municipality's, in SQL). Store
modules may import this one (besides models, audit, engine), so the arrears of a letter, an arrangement and the
Huurders page come from the same rows, and every signal module scopes the same way."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, Iterable

from sqlmodel import Session, col, select

from naarnul import access, ledger
from naarnul.arrangement import custom_solutions
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import to_money
from naarnul.users import ActingUser, Role
from store import audit
from store.models import Case, CustomSolution, Payment, RentPeriod, Signal, Tenancy

_CHUNK = 500


def landlords_case(session: Session, landlord_id: int, case_id: int) -> Case:
    """One of the landlord's cases, scoped in SQL; NotFound for anyone else's (the caller checks the role first)."""
    case = session.exec(select(Case).where(col(Case.id) == case_id, col(Case.landlord_id) == landlord_id)).first()
    if case is None:
        raise NotFound(access.CASE_NOT_FOUND)
    return case


def landlords_tenancy(session: Session, landlord_id: int, tenancy_id: int) -> Tenancy:
    """One of the landlord's tenancies, scoped in SQL; NotFound for anyone else's (the caller checks the role first)."""
    tenancy = session.exec(select(Tenancy).where(col(Tenancy.id) == tenancy_id,
                                                 col(Tenancy.landlord_id) == landlord_id)).first()
    if tenancy is None:
        raise NotFound(access.TENANCY_NOT_FOUND)
    return tenancy


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
    """The lease with its rent history (each charge uses the rent in force on its due date) and its custom
    solutions (a rent reduction, a waived increase, a deferral: naarnul.arrangement.custom_solutions)."""
    assert tenancy.id is not None
    lease = lease_with(tenancy, rent_periods(session, tenancy.landlord_id, [tenancy.id]).get(tenancy.id))
    return custom_solutions.with_solutions(lease, solutions_of(session, tenancy.landlord_id, [tenancy.id])
                                           .get(tenancy.id))


def solution_rule(row: CustomSolution) -> custom_solutions.Deferral | custom_solutions.RentReduction | \
        custom_solutions.WaivedIncrease | None:
    """The rule of one stored custom solution (None for a row that cannot be read as one)."""
    if row.kind == custom_solutions.DEFERRAL and row.end_date is not None:
        months = tuple(sorted(dt.date.fromisoformat(day) for day in json.loads(row.months or "[]")))
        return custom_solutions.Deferral(months, row.end_date)
    if row.kind == custom_solutions.REDUCTION and row.start_date and row.end_date and row.amount_cents:
        return custom_solutions.RentReduction(row.start_date, row.end_date, _money(row.amount_cents))
    if row.kind == custom_solutions.WAIVED_INCREASE and row.increase_from and row.start_date:
        return custom_solutions.WaivedIncrease(row.increase_from, row.start_date)
    return None


def solutions_of(session: Session, landlord_id: int, tenancy_ids: list[int]) \
        -> dict[int, custom_solutions.CustomSolutions]:
    """The custom solutions in force (not ended) of each tenancy of this landlord."""
    found: dict[int, list[CustomSolution]] = {}
    ids = list(tenancy_ids)
    for start in range(0, len(ids), _CHUNK):
        for row in session.exec(select(CustomSolution).where(
                col(CustomSolution.landlord_id) == landlord_id, col(CustomSolution.ended_on).is_(None),
                col(CustomSolution.tenancy_id).in_(ids[start:start + _CHUNK])).order_by(col(CustomSolution.id))):
            found.setdefault(row.tenancy_id, []).append(row)
    return {tenancy_id: solutions_in_force(rows) for tenancy_id, rows in found.items()}


def solutions_in_force(rows: Iterable[CustomSolution]) -> custom_solutions.CustomSolutions:
    """The custom solutions in force among rows already read (oldest first): those not ended that can be read."""
    rules = [rule for rule in (solution_rule(row) for row in rows if row.ended_on is None) if rule is not None]
    return custom_solutions.CustomSolutions(
        deferrals=tuple(r for r in rules if isinstance(r, custom_solutions.Deferral)),
        reductions=tuple(r for r in rules if isinstance(r, custom_solutions.RentReduction)),
        waived_increases=tuple(r for r in rules if isinstance(r, custom_solutions.WaivedIncrease)))


def payments_of(session: Session, tenancy: Tenancy) -> list[ledger.Payment]:
    """The tenancy's payments, oldest first."""
    rows = session.exec(select(col(Payment.paid_on), col(Payment.amount_cents), col(Payment.description)).where(
        Payment.landlord_id == tenancy.landlord_id, Payment.tenancy_id == tenancy.id)
        .order_by(col(Payment.paid_on), col(Payment.id)))
    return [ledger.Payment(paid_on, _money(amount), description or "") for paid_on, amount, description in rows]


# --- signals: who may read which ---------------------------------------------------------------------------------------------------------

def require_signal_reader(actor: ActingUser | None) -> None:
    """Liaisons (with a municipality) and admins read signals; nobody else."""
    if actor is None:
        raise NotAllowed(access.LOG_IN_FOR_SIGNALS)
    if actor.role == Role.LIAISON and actor.municipality_code:
        return
    if actor.is_admin:
        return
    raise NotAllowed(access.LIAISON_ONLY_SIGNALS)


def require_liaison(actor: ActingUser | None, message: str) -> None:
    if actor is None or actor.role != Role.LIAISON or not actor.municipality_code:
        raise NotAllowed(message)


def signals_in_scope(query: Any, actor: ActingUser) -> Any:
    """Add the municipality filter for a liaison (admins see everything)."""
    if actor.role == Role.LIAISON:
        return query.where(col(Signal.municipality_code) == actor.municipality_code)
    return query


def signal_in_scope(session: Session, actor: ActingUser | None, signal_id: object) -> Signal:
    require_signal_reader(actor)
    assert actor is not None
    try:
        number = int(signal_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NotFound(access.SIGNAL_UNKNOWN) from None
    signal = session.exec(signals_in_scope(select(Signal).where(col(Signal.id) == number), actor)).first()
    if signal is None:
        raise NotFound(access.SIGNAL_UNKNOWN)
    return signal


def signals_in_scope_by_id(session: Session, actor: ActingUser, signal_ids: Iterable[object] | None) -> list[Signal]:
    """All requested signals in scope, in the given order; one unknown id makes the whole request NotFound."""
    ids: list[int] = []
    for value in signal_ids or []:
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise NotFound(access.ONE_OF_SIGNALS_UNKNOWN) from None
        if number not in ids:
            ids.append(number)
    if not ids:
        raise ValidationError(access.CHOOSE_SIGNALS)
    require_signal_reader(actor)
    found = {s.id: s for s in session.exec(signals_in_scope(select(Signal).where(col(Signal.id).in_(ids)), actor))}
    if len(found) != len(ids):
        raise NotFound(access.ONE_OF_SIGNALS_UNKNOWN)
    return [found[i] for i in ids]


def audit_signal(session: Session, actor: ActingUser | None, action: str, signal: Signal, summary: str, *,
           on_timeline: bool = False, detail: dict | None = None) -> None:
    audit.record(session, actor, action, "signal", signal.id, summary=summary, landlord_id=signal.landlord_id,
                 municipality_code=signal.municipality_code, case_id=signal.case_id if on_timeline else None,
                 detail=detail)
