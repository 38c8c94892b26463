"""The steps on a payment arrangement: when each may be taken (Dutch refusals) and what each puts on the case
timeline. Pure: naarnul.services.arrangement_making checks and stores the steps (store.arrangements).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money

COMPLETED_REASON = "Alle termijnen betaald"


def reference(tenancy_id: int, arrangement_id: int) -> str:
    """The payment reference a tenant quotes for an arrangement."""
    return f"NN-{tenancy_id:04d}-R{arrangement_id}"


# --- when a step may be taken ---------------------------------------------------------------------------------

def require_open_case(status: str) -> None:
    if status != "open":
        raise ValidationError("Deze zaak is gesloten. Voor een gesloten zaak kunt u geen regeling maken.")


def require_arrears(arrears: Decimal) -> None:
    if arrears <= 0:
        raise ValidationError("Er is op dit moment geen huurachterstand. Een betalingsregeling is niet nodig.")


def require_no_active(active_from: dt.date | None) -> None:
    """One running arrangement per case."""
    if active_from is not None:
        raise ValidationError(f"Deze zaak heeft al een lopende betalingsregeling (vanaf {format_date(active_from)}). "
                              "Wijzig of beëindig die eerst.")


def require_running(status: str, step: str) -> None:
    """`step`: "reminder", "change", "end" or "letter"."""
    if status != "active":
        raise ValidationError({"reminder": "Deze regeling loopt niet meer.",
                               "change": "Alleen een lopende regeling kunt u wijzigen.",
                               "end": "Deze regeling loopt al niet meer.",
                               "letter": "Een brief kan alleen voor de lopende regeling."}[step])


def require_new_date(new_date: object, today: dt.date) -> dt.date:
    if not isinstance(new_date, dt.date) or new_date <= today:
        raise ValidationError("Kies een nieuwe betaaldatum na vandaag.")
    return new_date


# --- what a step puts on the timeline -------------------------------------------------------------------------

def created_summary(total: Decimal, costs: Decimal, count: int, first_date: dt.date, end_date: dt.date) -> str:
    costs_text = f", inclusief {format_money(costs)} incassokosten" if costs else ""
    return (f"Betalingsregeling gemaakt: {format_money(total)}{costs_text} in {count} termijn(en) van "
            f"{format_date(first_date)} tot en met {format_date(end_date)}")


def completed_summary() -> str:
    return "Betalingsregeling helemaal betaald en afgerond"


def reminder_summary(new_date: dt.date) -> str:
    return f"Vriendelijke herinnering voor de betalingsregeling gestuurd; nieuwe betaaldatum {format_date(new_date)}"


def replaced_reason(from_date: dt.date) -> str:
    return f"Vervangen door een nieuwe regeling vanaf {format_date(from_date)}"


def changed_summary(from_date: dt.date, pause_months: int, total: Decimal, count: int, regular_amount: Decimal,
                    end_date: dt.date, paid: Decimal) -> str:
    pause = f", na een pauze van {pause_months} maand(en)" if pause_months else ""
    return (f"Betalingsregeling gewijzigd vanaf {format_date(from_date)}{pause}: nog {format_money(total)} "
            f"in {count} termijn(en) van {format_money(regular_amount)}, tot en met "
            f"{format_date(end_date)}. Al betaald: {format_money(paid)}")


def ended_summary(reason: str) -> str:
    return f"Betalingsregeling beëindigd: {reason}"


def letter_summary(filename: str) -> str:
    return f"Brief met de betalingsregeling gemaakt ({filename})"
