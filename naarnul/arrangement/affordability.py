"""Can the tenant afford an instalment? Protected income (beslagvrije voet) from a dated norms table, and the rough
check `instalment <= net income - protected income - rent` (a warning, never a block)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

import yaml

from naarnul.arrangement.settings import money_input
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money, to_money


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


NORMS_FILE = Path(__file__).parents[1] / "data" / "protected_income_norms.yaml"


def load_norms(path: Path | str | None = None) -> list[ProtectedIncomeNorm]:
    """Read the seed norms file (YAML, see naarnul/data/protected_income_norms.yaml). Bad rows -> ValidationError."""
    text = Path(path or NORMS_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    rows = data.get("norms") or []
    norms: list[ProtectedIncomeNorm] = []
    problems: list[str] = []
    for position, row in enumerate(rows, start=1):
        try:
            household = HouseholdType(row["household_type"])
            valid_from = row["valid_from"]
            if not isinstance(valid_from, dt.date):
                valid_from = dt.date.fromisoformat(str(valid_from))
            amount = to_money(str(row["amount"]))
            source = str(row["source"]).strip()
            if amount <= 0 or not source:
                raise ValueError
        except (KeyError, TypeError, ValueError, InvalidOperation):
            problems.append(f"Regel {position} in de normbedragen is onvolledig of ongeldig.")
            continue
        norms.append(ProtectedIncomeNorm(household, valid_from, amount, source))
    if problems:
        raise ValidationError(problems)
    return norms


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
    room: Decimal  # net income - protected income - rent (may be negative)
    message: str  # Dutch, shows the date of the figures
    protected_income: Decimal
    figures_date: dt.date


def affordability(
    instalment: Decimal, net_income: Decimal, protected_income: ProtectedIncomeNorm, rent: Decimal
) -> Affordability:

    """Rough check `instalment <= net income - protected income - rent`. Warns, never blocks.

    `protected_income` is a row from `protected_income(...)`, so the message can name the date of the figures.
    """
    problems: list[str] = []
    instalment_amount = money_input(instalment, "het bedrag per termijn", problems)
    income = money_input(net_income, "het netto inkomen per maand", problems, allow_zero=True)
    rent_amount = money_input(rent, "de huur", problems, allow_zero=True)
    if problems:
        raise ValidationError(problems)
    norm = protected_income
    room = income - norm.amount - rent_amount
    figures = (
        f"beslagvrije voet {format_money(norm.amount)} ({HOUSEHOLD_LABELS[norm.household_type]}, "
        f"normbedragen vanaf {format_date(norm.valid_from)})"
    )
    if instalment_amount <= room:
        message = (
            f"Na aftrek van de huur en de {figures} houdt de huurder {format_money(room)} per maand over. "
            f"Een termijn van {format_money(instalment_amount)} lijkt daarmee haalbaar."
        )
        ok = True
    elif room > 0:
        message = (
            f"Let op: na aftrek van de huur en de {figures} houdt de huurder {format_money(room)} per maand over. "
            f"Een termijn van {format_money(instalment_amount)} is waarschijnlijk te hoog. "
            f"Overweeg een lager bedrag per termijn."
        )
        ok = False
    else:
        message = (
            f"Let op: na aftrek van de huur en de {figures} houdt de huurder geen geld over voor een regeling. "
            f"Hulp van de gemeente (schuldhulpverlening) past dan waarschijnlijk beter."
        )
        ok = False
    return Affordability(ok, room, message, norm.amount, norm.valid_from)
