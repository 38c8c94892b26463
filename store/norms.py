"""The protected-income norms table (beslagvrije voet): the dated figures an admin keeps up to date (1 January and
1 July). Readable by every signed-in user (the arrangement check shows the date of the figures used); changed by an
admin only, audited. store.arrangements reads the same table for its affordability check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, col, select

from naarnul import access
from naarnul import arrangement as calc
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import format_date, format_money, to_money
from naarnul.money import parse_form_amount
from naarnul.users import ActingUser
from store import audit
from store.models import ProtectedIncomeNorm

SOURCE_MAX = 300
MAX_NORM = Decimal("10000.00")
_LABELS: dict[str, str] = {household.value: label for household, label in calc.HOUSEHOLD_LABELS.items()}


def _require_admin(actor: ActingUser) -> None:
    if actor is None or not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_NORMS)


def _money(amount_cents: int) -> Decimal:
    return to_money(Decimal(amount_cents) / 100)


def _cents(amount: Decimal) -> int:
    return int(to_money(amount) * 100)


def list_norms(session: Session, actor: ActingUser) -> list[dict]:
    """Every norm row, newest first (readable by the admin; landlords see the figure used in their check)."""
    if actor is None:
        raise NotAllowed(access.LOG_IN_FIRST)
    rows = session.exec(select(ProtectedIncomeNorm).order_by(col(ProtectedIncomeNorm.valid_from).desc(),
                                                              ProtectedIncomeNorm.household_type))
    return [{"id": r.id, "household_type": r.household_type,
             "household_label": _LABELS.get(r.household_type, r.household_type),
             "valid_from": r.valid_from, "amount": _money(r.amount_cents), "source": r.source} for r in rows]


def add_norm(session: Session, admin: ActingUser, household_type, valid_from, amount, source) -> ProtectedIncomeNorm:
    _require_admin(admin)
    problems = []
    try:
        household = calc.HouseholdType(household_type)
    except ValueError:
        household = None
        problems.append("Kies een soort huishouden.")
    if not isinstance(valid_from, dt.date):
        problems.append("Vul de datum in vanaf wanneer de norm geldt.")
    value = None
    try:
        value = parse_form_amount(amount, "Het bedrag per maand")
    except ValidationError as error:
        problems += error.problems
    if value is not None and value > MAX_NORM:
        problems.append(f"Een beslagvrije voet van {format_money(value)} per maand is te hoog. Klopt het bedrag?")
    source = " ".join((source or "").split())
    if not source:
        problems.append("Vul de bron in (publicatie en internetadres), zodat iedereen het bedrag kan nakijken.")
    elif len(source) > SOURCE_MAX:
        problems.append(f"De bron is te lang: hoogstens {SOURCE_MAX} tekens.")
    if household is not None and isinstance(valid_from, dt.date):
        exists = session.exec(select(ProtectedIncomeNorm.id).where(
            ProtectedIncomeNorm.household_type == household.value,
            ProtectedIncomeNorm.valid_from == valid_from)).first()
        if exists is not None:
            problems.append(f"Er staat al een norm voor {calc.HOUSEHOLD_LABELS[household]} vanaf "
                            f"{format_date(valid_from)}. Verwijder die eerst als hij niet klopt.")
    if problems:
        raise ValidationError(problems)
    assert household is not None and value is not None  # else a problem was listed above
    row = ProtectedIncomeNorm(household_type=household.value, valid_from=valid_from, amount_cents=_cents(value),
                              source=source)
    session.add(row)
    session.flush()
    audit.record(session, admin, "norm.added", "protected_income_norm", row.id,
                 summary=f"Beslagvrije voet {calc.HOUSEHOLD_LABELS[household]} vanaf {format_date(valid_from)}: "
                         f"{format_money(value)}", detail={"source": source})
    return row


def delete_norm(session: Session, admin: ActingUser, norm_id: int) -> None:
    _require_admin(admin)
    row = session.get(ProtectedIncomeNorm, norm_id)
    if row is None:
        raise NotFound(access.NORM_NOT_FOUND)
    audit.record(session, admin, "norm.deleted", "protected_income_norm", row.id,
                 summary=f"Beslagvrije voet {_LABELS.get(row.household_type, row.household_type)} "
                         f"vanaf {format_date(row.valid_from)} verwijderd",
                 detail={"amount_cents": row.amount_cents, "source": row.source})
    session.delete(row)
