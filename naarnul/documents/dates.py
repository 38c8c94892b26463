"""Calendar helpers for deadlines in letters: working days, the 14-day term, adding months."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

# A letter sent by post is assumed to arrive this many working days after its date (stated in the reminder spec).
RECEIPT_WORKING_DAYS = 2
COST_TERM_DAYS = 14


@lru_cache(maxsize=64)
def _general_holidays(year: int) -> frozenset[dt.date]:
    """Dutch public holidays (the `holidays` package, as naarnul.arrangement uses) plus Liberation Day every year,
    as the Algemene termijnenwet has it. An extra day off only makes a deadline later, which is always safe."""
    days = {dt.date(year, 1, 1), dt.date(year, 5, 5), dt.date(year, 12, 25), dt.date(year, 12, 26)}
    try:
        import holidays

        days.update(holidays.country_holidays("NL", years=year))
    except ImportError:  # weekends and the fixed-date holidays above still count
        pass
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _general_holidays(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def assumed_receipt(letter_date: dt.date) -> dt.date:
    return add_working_days(letter_date, RECEIPT_WORKING_DAYS)


def cost_term_deadline(letter_date: dt.date) -> dt.date:
    """Last day to pay before collection costs may be charged (art. 6:96 BW).

    The 14 days start the day after receipt, so the last day is receipt + 14; a term that ends on a weekend or a
    general holiday runs on to the next working day (Algemene termijnenwet).
    """
    return next_working_day(assumed_receipt(letter_date) + dt.timedelta(days=COST_TERM_DAYS))


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
