"""Sending the signal to the municipality, on top of naarnul.covenant.signal_check: the refuse-before date the
reminder letter gave the tenant, the landlord's confirmation of a repeat, the reason for urgency; the signal's
reference and its line on the case timeline.

Pure: the service (naarnul.services.case_steps.send_signal) reads the facts, asks these rules and stores the Signal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from naarnul import covenant
from naarnul.formatting import format_date, format_money

REPEAT_CONFIRMATION = (" Wilt u toch opnieuw melden, bijvoorbeeld omdat de situatie van de huurder is veranderd? "
                       "Vink dan aan dat u opnieuw wilt melden.")


def clean_reason(reason: str | None) -> str:
    """The reason for urgency, on one line."""
    return " ".join((reason or "").split())


def deadline_reasons(objection_deadline: dt.date | None, today: dt.date) -> list[str]:
    """The reminder letter may give the tenant a later refuse-before date than the waiting period: respect it."""
    if objection_deadline is not None and today <= objection_deadline:
        return [f"In de herinnering staat dat de huurder tot en met {format_date(objection_deadline)} kan laten "
                "weten dat u de gegevens niet mag doorgeven. Wacht tot die datum voorbij is."]
    return []


def with_deadline(check: covenant.SignalCheck, objection_deadline: dt.date | None,
                  today: dt.date) -> covenant.SignalCheck:
    """covenant.signal_check's answer, refused while the reminder letter's refuse-before date has not passed."""
    extra = deadline_reasons(objection_deadline, today)
    if not extra:
        return check
    return dataclasses.replace(check, allowed=False, reasons=list(check.reasons) + extra)


def sending_problems(check: covenant.SignalCheck, objection_deadline: dt.date | None, today: dt.date, *,
                     urgent: bool, urgent_reason: str, confirm_repeat: bool) -> list[str]:
    """Every Dutch reason why the signal cannot be sent now (empty: send it). `urgent_reason` is already cleaned."""
    reasons = list(check.reasons) + deadline_reasons(objection_deadline, today)
    if check.is_repeat and not confirm_repeat:
        reasons.append(check.repeat_notice + REPEAT_CONFIRMATION)
    if urgent and not urgent_reason:
        reasons.append("Schrijf kort waarom de melding spoed heeft, bijvoorbeeld de datum bij de rechter.")
    if len(urgent_reason) > covenant.URGENT_REASON_MAX:
        reasons.append(f"De reden voor spoed is te lang: hoogstens {covenant.URGENT_REASON_MAX} tekens.")
    return reasons


def reference(sent_on: dt.date, signal_id: int) -> str:
    """The signal's reference the municipality quotes: NN-<year>-<6-digit number>."""
    return f"NN-{sent_on.year}-{signal_id:06d}"


def summary(reference: str, arrears: Decimal, months: int, *, urgent: bool, urgent_reason: str) -> str:
    """The signal's line on the case timeline."""
    return (f"Melding {reference} gedaan bij de gemeente: achterstand {format_money(arrears)} ({months} maand(en))"
            + (f", met spoed: {urgent_reason}" if urgent else ""))
