"""The protected-income norms table (beslagvrije voet): the dated figures an admin keeps up to date (1 January and
1 July). Readable by every signed-in user (the arrangement check shows the date of the figures used); changed by an
admin only, audited. store.arrangements reads the same table for its affordability check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, col, select

from naarnul import access, norm_rules
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import to_money
from naarnul.users import ActingUser
from store import audit
from store.models import ProtectedIncomeNorm

SOURCE_MAX = norm_rules.SOURCE_MAX
MAX_NORM = norm_rules.MAX_NORM
_LABELS = norm_rules.LABELS


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
    household, value, source, problems = norm_rules.clean_norm(household_type, valid_from, amount, source)
    if household is not None and isinstance(valid_from, dt.date):
        exists = session.exec(select(ProtectedIncomeNorm.id).where(
            ProtectedIncomeNorm.household_type == household.value,
            ProtectedIncomeNorm.valid_from == valid_from)).first()
        if exists is not None:
            problems.append(norm_rules.already_exists(household, valid_from))
    if problems:
        raise ValidationError(problems)
    assert household is not None and value is not None  # else a problem was listed above
    row = ProtectedIncomeNorm(household_type=household.value, valid_from=valid_from, amount_cents=_cents(value),
                              source=source)
    session.add(row)
    session.flush()
    audit.record(session, admin, "norm.added", "protected_income_norm", row.id,
                 summary=norm_rules.added_summary(household, valid_from, value), detail={"source": source})
    return row


def delete_norm(session: Session, admin: ActingUser, norm_id: int) -> None:
    _require_admin(admin)
    row = session.get(ProtectedIncomeNorm, norm_id)
    if row is None:
        raise NotFound(access.NORM_NOT_FOUND)
    audit.record(session, admin, "norm.deleted", "protected_income_norm", row.id,
                 summary=norm_rules.deleted_summary(row.household_type, row.valid_from),
                 detail={"amount_cents": row.amount_cents, "source": row.source})
    session.delete(row)
