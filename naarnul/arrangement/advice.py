"""The 36-month rule: when to refer the tenant to municipal debt assistance instead of an arrangement."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from naarnul.arrangement.schedule import months_needed
from naarnul.arrangement.settings import DEFAULT_SETTINGS, ArrangementSettings, money_input
from naarnul.errors import ValidationError
from naarnul.formatting import format_money, to_money


@dataclass(frozen=True)
class Advice:
    refer_to_debt_assistance: bool
    reason: str  # one Dutch sentence
    months_needed: int | None  # None when no affordable instalment is known


def advise(
    arrears: Decimal,
    affordable_instalment: Decimal | None,
    other_creditors: bool,
    settings: ArrangementSettings = DEFAULT_SETTINGS,
) -> Advice:
    """Advise referral to municipal debt assistance when paying off takes more than
    `settings.problematic_debt_months` (arrears / affordable instalment > 36) or the tenant has other creditors.

    `affordable_instalment` may be None (income is optional input): then only `other_creditors` counts.
    An affordable instalment of 0 or less means there is no room at all: referral.
    """
    problems: list[str] = []
    arrears_amount = money_input(arrears, "het bedrag van de achterstand", problems)
    affordable = None
    if affordable_instalment is not None:
        if isinstance(affordable_instalment, float):
            raise TypeError("money must not be a float")
        try:
            affordable = to_money(affordable_instalment)
        except (InvalidOperation, ValueError):
            problems.append("Het haalbare bedrag per maand is geen geldig bedrag.")
    if problems:
        raise ValidationError(problems)

    limit = settings.problematic_debt_months
    months = None
    too_long = False
    no_room = affordable is not None and affordable <= 0
    if affordable is not None and not no_room:
        months = months_needed(arrears_amount, affordable)
        too_long = months > limit

    debt_assistance = "de schuldhulpverlening van de gemeente"
    if other_creditors and (too_long or no_room):
        reason = (
            f"De huurder heeft ook andere schuldeisers en kan de achterstand niet binnen {limit} maanden aflossen; "
            f"{debt_assistance} kan alle schulden samen bekijken."
        )
    elif other_creditors:
        reason = f"De huurder heeft ook andere schuldeisers; {debt_assistance} kan alle schulden samen bekijken."
    elif no_room:
        reason = (
            f"De huurder houdt na de vaste lasten geen geld over voor een regeling; {debt_assistance} kan helpen."
        )
    elif too_long and affordable is not None:
        reason = (
            f"Met {format_money(affordable)} per maand duurt aflossen {months} maanden, langer dan {limit} maanden; "
            f"{debt_assistance} past dan beter dan een regeling met u alleen."
        )
    elif months is not None and affordable is not None:
        reason = (
            f"Met {format_money(affordable)} per maand is de achterstand in {months} "
            f"{'maand' if months == 1 else 'maanden'} af te lossen; een betalingsregeling is haalbaar."
        )
    else:
        reason = "Er zijn geen andere schuldeisers bekend; een betalingsregeling met u ligt voor de hand."
    return Advice(other_creditors or too_long or no_room, reason, months)
