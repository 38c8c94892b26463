"""Arrangement settings an admin may change, the sanity limits of every amount and date, and the one reader of an
amount typed for an arrangement (`money_input`). Defaults follow ../shared/domain/arrangement.md."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from naarnul.errors import ValidationError
from naarnul.formatting import CENT, format_money, to_money

ZERO = Decimal("0.00")

# payment_day value meaning "the last day of every month"
LAST_DAY = -1

# Sanity limits: beyond these an input is a typing error, not a real arrangement.
MAX_AMOUNT = Decimal("1000000.00")  # arrears, costs, income, rent
MAX_MONTHS = 120  # ten years; far past the 36-month rule, so it only catches typos
MAX_START_AHEAD_DAYS = 366  # a start date more than a year ahead is almost certainly a typo
MAX_PAUSE_MONTHS = 12


@dataclass(frozen=True)
class ArrangementSettings:
    """Admin settings for arrangements. Defaults follow ../shared/domain/arrangement.md."""

    max_instalments_warning: int = 12  # more instalments than this: a warning, never a block
    problematic_debt_months: int = 36  # the 36-month rule
    minimum_instalment: Decimal = Decimal("10.00")  # smallest regular instalment (the last one may be smaller)
    grace_days: int = 5  # days after the due date before an unpaid instalment counts as missed
    reminder_days: int = 14  # a friendly reminder gives a new date this many calendar days ahead

    def __post_init__(self) -> None:
        problems = []
        if not (1 <= self.max_instalments_warning <= MAX_MONTHS):
            problems.append(f"Het maximum aantal termijnen moet tussen 1 en {MAX_MONTHS} liggen.")
        if not (1 <= self.problematic_debt_months <= MAX_MONTHS):
            problems.append(f"Het aantal maanden voor een problematische schuld moet tussen 1 en {MAX_MONTHS} liggen.")
        if isinstance(self.minimum_instalment, float):
            raise TypeError("money must not be a float")
        minimum = to_money(self.minimum_instalment)
        if minimum < CENT or minimum > Decimal("1000.00"):
            problems.append("Het minimale termijnbedrag moet tussen € 0,01 en € 1.000,00 liggen.")
        if not (0 <= self.grace_days <= 31):
            problems.append("Het aantal dagen coulance moet tussen 0 en 31 liggen.")
        if not (1 <= self.reminder_days <= 60):
            problems.append("De termijn voor een herinnering moet tussen 1 en 60 dagen liggen.")
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "minimum_instalment", minimum)


DEFAULT_SETTINGS = ArrangementSettings()


def money_input(
    value: object, label: str, problems: list[str], *, allow_zero: bool = False,
    maximum: Decimal | None = MAX_AMOUNT,
) -> Decimal:
    """Parse an amount. On a bad value add a Dutch problem and return 0.00 as a placeholder: the caller raises
    `ValidationError(problems)` before using it. Floats are a programming error."""
    if value is None:
        problems.append(f"Vul {label} in.")
        return ZERO
    if isinstance(value, (bool, float)):
        raise TypeError("money must not be a bool or a float")
    try:
        amount = to_money(value if isinstance(value, (Decimal, int, str)) else str(value))
    except (InvalidOperation, ValueError, TypeError):
        problems.append(f"{label.capitalize()} is geen geldig bedrag.")
        return ZERO
    if not amount.is_finite():
        problems.append(f"{label.capitalize()} is geen geldig bedrag.")
        return ZERO
    if amount < 0 or (amount == 0 and not allow_zero):
        problems.append(f"{label.capitalize()} moet {'0 of ' if allow_zero else ''}meer dan € 0,00 zijn.")
        return ZERO
    if maximum is not None and amount > maximum:
        problems.append(f"{label.capitalize()} is hoger dan {format_money(maximum)}. Klopt het bedrag?")
        return ZERO
    return amount
