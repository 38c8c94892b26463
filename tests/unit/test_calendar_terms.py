"""The one 14-day term (art. 6:96 BW) and the Algemene termijnenwet, from the law and the domain file (not the code).

Sources: Algemene termijnenwet art. 1 (a term ending on a Saturday, Sunday or general holiday runs on to the next
day that is none of these) and art. 3 (the general holidays: New Year's Day, Easter Monday, Ascension Day, Whit
Monday, Christmas and Boxing Day, King's Day and 5 May); ../shared/domain/arrangement.md §3 (14 days from the day after
receipt; letter post is delivered Tuesday to Saturday; 5 May is a holiday every year; one function for every path).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naarnul import calendar
from naarnul.errors import ValidationError

D = dt.date


@pytest.mark.parametrize("year, expected", [
    # the holidays of art. 3 Atw, looked up in a calendar for each year
    (2024, {D(2024, 1, 1), D(2024, 4, 1), D(2024, 4, 27), D(2024, 5, 5), D(2024, 5, 9), D(2024, 5, 20),
            D(2024, 12, 25), D(2024, 12, 26)}),
    (2025, {D(2025, 1, 1), D(2025, 4, 21), D(2025, 4, 26), D(2025, 5, 5), D(2025, 5, 29), D(2025, 6, 9),
            D(2025, 12, 25), D(2025, 12, 26)}),  # 27 April 2025 is a Sunday: King's Day on the 26th
    (2026, {D(2026, 1, 1), D(2026, 4, 6), D(2026, 4, 27), D(2026, 5, 5), D(2026, 5, 14), D(2026, 5, 25),
            D(2026, 12, 25), D(2026, 12, 26)}),
    (2027, {D(2027, 1, 1), D(2027, 3, 29), D(2027, 4, 27), D(2027, 5, 5), D(2027, 5, 6), D(2027, 5, 17),
            D(2027, 12, 25), D(2027, 12, 26)}),
])
def test_general_holidays_of_the_algemene_termijnenwet(year, expected):
    assert calendar.general_holidays(year) == expected


@pytest.mark.parametrize("year", range(2024, 2031))
def test_liberation_day_is_a_holiday_every_year_not_only_every_fifth(year):
    assert not calendar.is_working_day(D(year, 5, 5)) or D(year, 5, 5).weekday() >= 5
    assert calendar.is_general_holiday(D(year, 5, 5))


def test_good_friday_is_no_general_holiday():
    assert calendar.is_working_day(D(2026, 4, 3))
    assert calendar.is_delivery_day(D(2026, 4, 3))


@pytest.mark.parametrize("day, delivered", [
    (D(2026, 11, 23), False),  # Monday: no letter post since 2020
    (D(2026, 11, 24), True),  # Tuesday
    (D(2026, 11, 28), True),  # Saturday
    (D(2026, 11, 29), False),  # Sunday
    (D(2026, 12, 25), False),  # Christmas (a Friday)
])
def test_letter_post_is_delivered_tuesday_to_saturday(day, delivered):
    assert calendar.is_delivery_day(day) is delivered


@pytest.mark.parametrize("letter, receipt, deadline", [
    # the case of the issue: receipt Wed 21 April 2027, +14 = Wed 5 May (holiday), Thu 6 May is Ascension Day
    (D(2027, 4, 19), D(2027, 4, 21), D(2027, 5, 7)),
    # 5 May 2026 is not a lustrum year and still a holiday: Tuesday 5 May -> Wednesday 6 May
    (D(2026, 4, 17), D(2026, 4, 21), D(2026, 5, 6)),
    # a plain Monday letter: Tuesday and Wednesday are the two delivery days
    (D(2026, 11, 23), D(2026, 11, 25), D(2026, 12, 9)),
    # a Friday letter: Saturday is a delivery day, Monday is not
    (D(2026, 11, 27), D(2026, 12, 1), D(2026, 12, 15)),
    # a Thursday letter arrives on Saturday; Saturday + 14 is a Saturday -> Monday (art. 1 Atw)
    (D(2026, 11, 26), D(2026, 11, 28), D(2026, 12, 14)),
    # Christmas: no delivery on 25 and 26 December, nor on Sunday or Monday
    (D(2026, 12, 23), D(2026, 12, 29), D(2027, 1, 12)),
    # Good Friday is a delivery day; the Saturday deadline moves to Monday
    (D(2026, 4, 2), D(2026, 4, 4), D(2026, 4, 20)),
    # the term ends on King's Day 2027 (a Tuesday) -> Wednesday 28 April
    (D(2027, 4, 9), D(2027, 4, 13), D(2027, 4, 28)),
    # King's Day 2026 (Monday 27 April) is no delivery day anyway; Ascension 14 May moves the end to the 15th
    (D(2026, 4, 28), D(2026, 4, 30), D(2026, 5, 15)),
])
def test_fourteen_day_deadline(letter, receipt, deadline):
    assert calendar.assumed_receipt(letter) == receipt
    assert calendar.fourteen_day_deadline(letter) == deadline


def test_delivery_days_is_a_parameter_with_bounds():
    assert calendar.fourteen_day_deadline(D(2026, 11, 28), 0) == D(2026, 12, 14)  # Sat + 14 = Sat -> Mon
    for bad in (-1, 11, True, "2"):
        with pytest.raises(ValidationError):
            calendar.fourteen_day_deadline(D(2026, 11, 23), bad)


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31)))
def test_the_term_is_never_short_and_ends_on_the_first_working_day(letter):
    receipt = calendar.assumed_receipt(letter)
    deadline = calendar.fourteen_day_deadline(letter)
    assert receipt > letter and calendar.is_delivery_day(receipt)
    assert (deadline - receipt).days >= 14
    assert calendar.is_working_day(deadline)
    # every day between the 14th day and the deadline is a Saturday, Sunday or general holiday
    day = receipt + dt.timedelta(days=14)
    while day < deadline:
        assert not calendar.is_working_day(day)
        day += dt.timedelta(days=1)


def test_add_months_clamps_to_month_end():
    assert calendar.add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert calendar.add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert calendar.add_months(D(2026, 1, 1), 24) == D(2028, 1, 1)
