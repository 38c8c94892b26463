"""The three-party lease addendum's dates: its last day and its evaluation moments (../shared/domain/addendum.md §7–8).

Evaluations are at 3, 6 and 12 months, and for a 24-month addendum also at 18 and 24 months; every evaluation falls
inside the addendum's duration, so the one "after 12 months" of a 12-month addendum is on its last day, not the day
after it ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from naarnul import calendar
from naarnul.errors import ValidationError

EVALUATION_MONTHS = (3, 6, 12, 18, 24)
DURATIONS_MONTHS = (12, 24)


@dataclass(frozen=True)
class Evaluation:
    after_months: int
    on: dt.date


def last_day(start: dt.date, duration_months: int) -> dt.date:
    """The addendum runs from `start` up to and including this day."""
    return calendar.add_months(start, _checked(duration_months)) - dt.timedelta(days=1)


def evaluations(start: dt.date, duration_months: int) -> tuple[Evaluation, ...]:
    end = last_day(start, duration_months)
    return tuple(Evaluation(months, min(calendar.add_months(start, months), end))
                 for months in EVALUATION_MONTHS if months <= duration_months)


def _checked(duration_months: int) -> int:
    if isinstance(duration_months, bool) or duration_months not in DURATIONS_MONTHS:
        raise ValidationError("Een addendum duurt 12 of 24 maanden.")
    return duration_months
