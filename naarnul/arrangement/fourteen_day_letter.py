"""Collection costs after a 14-day letter (veertiendagenbrief): which letter counts, its term, and the costs that
may be added to an arrangement once that term has passed.

The evidence is the document of the case with the facts stored when it was made (its letter date, its deadline,
the costs it names and the arrears they were computed over), never its text. An old letter without stored facts
falls back to its Amsterdam creation date and the one 14-day term (naarnul.calendar.fourteen_day_deadline). The
costs themselves follow naarnul.arrangement.costs_after_letter. Pure: naarnul.services.arrangement_making reads
the rows and passes them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from naarnul import arrangement_text as text
from naarnul import calendar, ledger
from naarnul.arrangement.costs import costs_after_letter

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FourteenDayLetter:
    letter_date: dt.date
    deadline: dt.date  # the last day the tenant may pay without costs
    costs: Decimal  # what may be charged after the deadline
    term_passed: bool
    document_id: int | None

    def as_dict(self) -> dict:
        return {"letter_date": self.letter_date, "deadline": self.deadline, "costs": self.costs,
                "term_passed": self.term_passed, "document_id": self.document_id}


def letter_costs(*, letter_date: dt.date | None, created_at: dt.datetime, deadline: dt.date | None,
                 principal: Decimal | None, stated_costs: Decimal | None, arrears_on: Callable[[dt.date], Decimal],
                 payments: Iterable[ledger.Payment], today: dt.date, document_id: int | None) -> FourteenDayLetter:
    """The term and costs of a 14-day letter from its stored facts (None where an old letter did not keep one):
    `arrears_on(day)` gives the arrears of that day when the letter did not keep the amount it was computed over."""
    day = letter_date or calendar.local(created_at).date()
    last_day = deadline or calendar.fourteen_day_deadline(day)
    over = principal if principal is not None else arrears_on(day)
    paid = sum((p.amount for p in payments if day < p.paid_on <= last_day), ZERO)
    return FourteenDayLetter(day, last_day, costs_after_letter(stated_costs, over, paid), today > last_day,
                             document_id)


def costs_check(letter: FourteenDayLetter | None) -> tuple[bool, str, Decimal]:
    """(may costs be added, Dutch explanation, the costs amount) for a case with this 14-day letter (or none)."""
    if letter is None:
        return (*text.costs_explanation(None, None, ZERO, False), ZERO)
    allowed, reason = text.costs_explanation(letter.letter_date, letter.deadline, letter.costs, letter.term_passed)
    return allowed, reason, letter.costs if allowed else ZERO
