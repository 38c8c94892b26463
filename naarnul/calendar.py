"""Dates as a Dutch landlord sees them: one `today()` for the whole app, in Europe/Amsterdam.

Every page, service and command asks this module for the date, so tests (and a demo) can pin it with the
`NAARNUL_TODAY` environment variable (ISO date, e.g. `2026-12-01`); the browser tests pass it to the server.
Stored moments are UTC; `local()` turns them into Amsterdam time for display and letter dates.

It is also the one home of the Dutch calendar rules: the general holidays of the Algemene termijnenwet, working
days, delivery days of letter post, and the 14-day term of the collection-cost letter (`fourteen_day_deadline`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from calendar import monthrange
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from naarnul.errors import ValidationError

TIME_ZONE = ZoneInfo("Europe/Amsterdam")
PIN_VARIABLE = "NAARNUL_TODAY"


def today() -> dt.date:
    """The date in the Netherlands now, or the pinned date of a test run."""
    pinned = os.environ.get(PIN_VARIABLE, "").strip()
    if pinned:
        return dt.date.fromisoformat(pinned)
    return dt.datetime.now(TIME_ZONE).date()


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment (naive values are UTC, as `store.models.utcnow` writes them) in Amsterdam time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(TIME_ZONE)


# --- the Algemene termijnenwet and the 14-day term (art. 6:96 BW) ------------------------------------------------------
#
# Domain: ../shared/domain/arrangement.md §3. The 14-day letter gives the tenant 14 days counted from the day after
# receipt; it is a statutory term, so the Algemene termijnenwet (Atw) applies: a term that ends on a Saturday, Sunday
# or general holiday runs on to the next day that is none of these. The general holidays of the Atw (art. 3) are
# New Year's Day, Easter Monday, Ascension Day, Whit Monday, Christmas and Boxing Day, King's Day and 5 May -- 5 May
# every year, not only every fifth year. Good Friday is not one of them. Easter and Whit Sunday are Sundays anyway.
#
# Receipt: the letter is assumed to arrive a set number of delivery days after its date. Letter post is delivered
# Tuesday to Saturday (no delivery on Sundays and, since 2020, not on Mondays); a general holiday is not counted as a
# delivery day either: a later receipt only makes the deadline later, which is always safe for the landlord.

DEFAULT_DELIVERY_DAYS = 2
MAX_DELIVERY_DAYS = 10
COST_TERM_DAYS = 14
_DELIVERY_WEEKDAYS = frozenset({1, 2, 3, 4, 5})  # Tuesday .. Saturday


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def kings_day(year: int) -> dt.date:
    """King's Day: 27 April, or 26 April when the 27th is a Sunday (Queen's Day on 30 April before 2014)."""
    if year < 2014:
        day = dt.date(year, 4, 30)
        return day - dt.timedelta(days=1) if day.weekday() == 6 else day
    day = dt.date(year, 4, 27)
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


@functools.lru_cache(maxsize=256)
def general_holidays(year: int) -> frozenset[dt.date]:
    """The general holidays of the Algemene termijnenwet (art. 3) in `year`."""
    easter = easter_sunday(year)
    return frozenset({
        dt.date(year, 1, 1),  # Nieuwjaarsdag
        easter + dt.timedelta(days=1),  # tweede Paasdag
        easter + dt.timedelta(days=39),  # Hemelvaartsdag
        easter + dt.timedelta(days=50),  # tweede Pinksterdag
        dt.date(year, 12, 25),  # eerste Kerstdag
        dt.date(year, 12, 26),  # tweede Kerstdag
        kings_day(year),  # Koningsdag
        dt.date(year, 5, 5),  # 5 mei, elk jaar
    })


def is_general_holiday(day: dt.date) -> bool:
    return day in general_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday, Sunday or general holiday of the Algemene termijnenwet."""
    return day.weekday() < 5 and not is_general_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def is_delivery_day(day: dt.date) -> bool:
    """A day letter post is delivered: Tuesday to Saturday, not on a general holiday."""
    return day.weekday() in _DELIVERY_WEEKDAYS and not is_general_holiday(day)


def assumed_receipt(letter_date: dt.date, delivery_days: int = DEFAULT_DELIVERY_DAYS) -> dt.date:
    """The day a letter dated `letter_date` is assumed to arrive: the `delivery_days`-th delivery day after it."""
    if isinstance(delivery_days, bool) or not isinstance(delivery_days, int) or not (
            0 <= delivery_days <= MAX_DELIVERY_DAYS):
        raise ValidationError(f"Het aantal bezorgdagen voor de brief moet tussen 0 en {MAX_DELIVERY_DAYS} liggen.")
    day = letter_date
    for _ in range(delivery_days):
        day += dt.timedelta(days=1)
        while not is_delivery_day(day):
            day += dt.timedelta(days=1)
    return day


def fourteen_day_deadline(letter_date: dt.date, delivery_days: int = DEFAULT_DELIVERY_DAYS) -> dt.date:
    """The last day to pay after a 14-day letter (veertiendagenbrief, art. 6:96 BW) dated `letter_date`.

    The only home of this rule: every letter, the arrangement's cost check, the CLI and bulk letters use it.
    14 days counted from the day after receipt, so the last day is receipt + 14; when that is a Saturday, Sunday or
    general holiday the term runs on to the next working day (Algemene termijnenwet art. 1).
    """
    receipt = assumed_receipt(letter_date, delivery_days)
    return next_working_day(receipt + dt.timedelta(days=COST_TERM_DAYS))


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class PostSettings:
    """Admin setting (issue 11): after how many delivery days (Tuesday to Saturday, no general holidays) a letter is
    assumed to have arrived; the 14-day term of the collection-cost letter counts from the day after."""

    letter_delivery_days: int = DEFAULT_DELIVERY_DAYS

    def __post_init__(self) -> None:
        days = self.letter_delivery_days
        if isinstance(days, bool) or not isinstance(days, int) or not (0 <= days <= MAX_DELIVERY_DAYS):
            raise ValidationError(f"Het aantal bezorgdagen moet tussen 0 en {MAX_DELIVERY_DAYS} liggen.")
