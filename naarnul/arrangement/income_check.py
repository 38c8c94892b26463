"""Can the tenant afford an instalment? Protected income (beslagvrije voet) from a dated norms table, and the rough
check `instalments <= net income - protected income` (a warning, never a block). The rent is NOT subtracted again:
the protected income is what a person needs to live on, housing included (high housing costs raise it through its
housing-cost correction), so the rent is paid out of it (../shared/domain/arrangement.md §1; an earlier version
subtracted the rent a second time, which made almost every arrangement look unaffordable).

The norms table is the admin's (store.norms, one row per household type and valid_from date, each with its source).
Since 1 January 2021 the protected income is 95% of the applicable bijstandsnorm (ages 21 to the state pension age,
holiday allowance included); it changes on 1 January and 1 July. No figures ship with the portal on purpose: only
figures traced to a primary source may be shown, and without them the check says no figures are available.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from naarnul.arrangement.settings import money_input
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money


class HouseholdType(enum.StrEnum):
    SINGLE = "single"
    SINGLE_WITH_CHILDREN = "single_with_children"
    COUPLE = "couple"
    COUPLE_WITH_CHILDREN = "couple_with_children"


HOUSEHOLD_LABELS = {
    HouseholdType.SINGLE: "alleenstaand",
    HouseholdType.SINGLE_WITH_CHILDREN: "alleenstaande ouder (kind jonger dan 18)",
    HouseholdType.COUPLE: "samenwonend of getrouwd",
    HouseholdType.COUPLE_WITH_CHILDREN: "samenwonend of getrouwd, met kind jonger dan 18",
}


@dataclass(frozen=True)
class ProtectedIncomeNorm:
    """One row of the dated norms table: the monthly protected income for a household type from `valid_from`."""

    household_type: HouseholdType
    valid_from: dt.date
    amount: Decimal
    source: str


def protected_income(
    norms: Iterable[ProtectedIncomeNorm], household_type: HouseholdType | str, on: dt.date
) -> ProtectedIncomeNorm | None:
    """The norm for `household_type` with the latest `valid_from` on or before `on`; None if the table has none.

    Returns the whole row so a page can show the amount *and* the date and source of the figures.
    """
    household = HouseholdType(household_type)
    candidates = [n for n in norms if n.household_type == household and n.valid_from <= on]
    return max(candidates, key=lambda n: n.valid_from, default=None)


@dataclass(frozen=True)
class Affordability:
    ok: bool  # instalment <= room
    room: Decimal  # net income - protected income - other instalments (may be negative); the rent is inside the BVV
    message: str  # Dutch, shows the date of the figures
    protected_income: Decimal
    figures_date: dt.date


def affordability(
    instalment: Decimal, net_income: Decimal, protected_income: ProtectedIncomeNorm, *,
    other_instalments: Decimal = Decimal("0.00"),
) -> Affordability:
    """Rough check `all instalments to creditors <= net income - protected income`. Warns, never blocks.

    `instalment` is this arrangement's monthly amount, `other_instalments` what the tenant already pays other
    creditors each month (0 when unknown). The rent is not subtracted: it is paid out of the protected income.
    `protected_income` is a row from `protected_income(...)`, so the message can name the date of the figures.
    """
    problems: list[str] = []
    instalment_amount = money_input(instalment, "het bedrag per termijn", problems)
    income = money_input(net_income, "het netto inkomen per maand", problems, allow_zero=True)
    others = money_input(other_instalments, "de termijnen aan andere schuldeisers", problems, allow_zero=True)
    if problems:
        raise ValidationError(problems)
    norm = protected_income
    room = income - norm.amount - others
    figures = (
        f"beslagvrije voet {format_money(norm.amount)} ({HOUSEHOLD_LABELS[norm.household_type]}, "
        f"normbedragen vanaf {format_date(norm.valid_from)})"
    )
    deducted = f"de {figures}" + (" en de termijnen aan andere schuldeisers" if others > 0 else "")
    if instalment_amount <= room:
        message = (
            f"Na aftrek van {deducted} houdt de huurder {format_money(room)} per maand over. "
            f"Een termijn van {format_money(instalment_amount)} lijkt daarmee haalbaar."
        )
        ok = True
    elif room > 0:
        message = (
            f"Let op: na aftrek van {deducted} houdt de huurder {format_money(room)} per maand over. "
            f"Een termijn van {format_money(instalment_amount)} is waarschijnlijk te hoog. "
            f"Overweeg een lager bedrag per termijn."
        )
        ok = False
    else:
        message = (
            f"Let op: na aftrek van {deducted} houdt de huurder geen geld over voor een regeling. "
            f"Hulp van de gemeente (schuldhulpverlening) past dan waarschijnlijk beter."
        )
        ok = False
    return Affordability(ok, room, message, norm.amount, norm.valid_from)
