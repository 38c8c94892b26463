"""The checks of a protected-income norm (beslagvrije voet) the admin enters, and its audit lines (Dutch). The store
(store.norms) keeps the norm and adds the one check that needs the database: a norm for that household and date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from naarnul import arrangement as calc
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money
from naarnul.money import parse_form_amount

SOURCE_MAX = 300
MAX_NORM = Decimal("10000.00")
LABELS: dict[str, str] = {household.value: label for household, label in calc.HOUSEHOLD_LABELS.items()}


def clean_norm(household_type: Any, valid_from: Any, amount: Any, source: str | None) \
        -> tuple[calc.HouseholdType | None, Decimal | None, str, list[str]]:
    """(household, amount, source with its spaces tidied, the Dutch problems); household/amount None if wrong."""
    problems = []
    household: calc.HouseholdType | None
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
    return household, value, source, problems


def already_exists(household: calc.HouseholdType, valid_from: dt.date) -> str:
    return (f"Er staat al een norm voor {calc.HOUSEHOLD_LABELS[household]} vanaf "
            f"{format_date(valid_from)}. Verwijder die eerst als hij niet klopt.")


def added_summary(household: calc.HouseholdType, valid_from: dt.date, value: Decimal) -> str:
    return f"Beslagvrije voet {calc.HOUSEHOLD_LABELS[household]} vanaf {format_date(valid_from)}: {format_money(value)}"


def deleted_summary(household_type: str, valid_from: dt.date) -> str:
    return f"Beslagvrije voet {LABELS.get(household_type, household_type)} vanaf {format_date(valid_from)} verwijderd"
