"""Retention (convenant.md §7): closed cases are anonymised a configurable number of months after closing.

The rules and words of it live here; `store.retention` only finds and rewrites the rows, and
`naarnul.services.admin` composes the two (see `store/retention.py` for what anonymising does to each record).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from naarnul.errors import ValidationError
from naarnul.formatting import format_date

ANONYMOUS = "(geanonimiseerd)"
CLOSED_WITH_COURT = "Gesloten via de rechter"
CLOSED_WITHOUT_COURT = "Gesloten zonder rechter"
# free text that other features append to a timeline line: (marker, what stays after the marker)
FREE_TEXT_TAILS = ((". Notitie: ", ""), ("Zaak gesloten door de verhuurder: ", ANONYMOUS))


@dataclass(frozen=True)
class RetentionSettings:
    """Closed cases are anonymised this many months after closing (no statutory period was confirmed)."""

    months_after_closing: int = 24

    def __post_init__(self) -> None:
        if not (1 <= self.months_after_closing <= 120):
            raise ValidationError("De bewaartermijn moet tussen 1 en 120 maanden liggen.")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of that month when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def cutoff(today: dt.date, settings: RetentionSettings) -> dt.date:
    """Cases closed on or before this date are due for anonymisation."""
    return months_before(today, settings.months_after_closing)


def close_reason_category(closed_with_court: bool) -> str:
    return CLOSED_WITH_COURT if closed_with_court else CLOSED_WITHOUT_COURT


def anonymised_case_summary(closed_on: dt.date) -> str:
    return f"Zaak geanonimiseerd (bewaartermijn voorbij, gesloten op {format_date(closed_on)})"


def anonymised_cases_summary(count: int) -> str:
    return f"{count} zaken geanonimiseerd na de bewaartermijn"


_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")


def looks_like_iban(text: str) -> bool:
    """A compact IBAN as stored with a tenancy (NL91ABNA0417164300)."""
    return bool(_IBAN.match(text.replace(" ", "").upper()))


def grouped_iban(text: str) -> str:
    """The same IBAN as people and letters write it: NL91 ABNA 0417 1643 00."""
    compact = text.replace(" ", "").upper()
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def not_due_message(case_ids: list[int]) -> str:
    return (f"Zaak {', '.join(map(str, case_ids))} mag nog niet worden geanonimiseerd: de bewaartermijn is nog niet "
            "voorbij, of de zaak is open of al geanonimiseerd.")
