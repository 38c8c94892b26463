"""The retention rules of the core (naarnul.retention): the cut-off date and the words."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul import retention
from naarnul.errors import ValidationError


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 11, 23), 24, dt.date(2024, 11, 23)),
    (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2028, 3, 31), 1, dt.date(2028, 2, 29)),
    (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
])
def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month(day, months, expected):
    assert retention.months_before(day, months) == expected


def test_the_cut_off_follows_the_setting_and_the_setting_is_bounded():
    assert retention.cutoff(dt.date(2026, 11, 23), retention.RetentionSettings(6)) == dt.date(2026, 5, 23)
    for months in (0, 121, -1):
        with pytest.raises(ValidationError, match="tussen 1 en 120 maanden"):
            retention.RetentionSettings(months_after_closing=months)


def test_the_close_reason_keeps_only_whether_a_court_was_involved():
    assert retention.close_reason_category(True) == "Gesloten via de rechter"
    assert retention.close_reason_category(False) == "Gesloten zonder rechter"
    assert "23 november 2024" in retention.anonymised_case_summary(dt.date(2024, 11, 23))
