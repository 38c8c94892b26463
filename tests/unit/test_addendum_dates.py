"""The addendum's evaluations fall inside its duration (domain: addendum.md §7–8)."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul.addendum import evaluations, last_day
from naarnul.errors import ValidationError

D = dt.date


@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2027, 1, 1), 12, [(3, D(2027, 4, 1)), (6, D(2027, 7, 1)), (12, D(2027, 12, 31))]),
    (D(2027, 1, 1), 24, [(3, D(2027, 4, 1)), (6, D(2027, 7, 1)), (12, D(2028, 1, 1)), (18, D(2028, 7, 1)),
                         (24, D(2028, 12, 31))]),
    # month ends: 31 August + 6 months is the last day of February
    (D(2026, 8, 31), 12, [(3, D(2026, 11, 30)), (6, D(2027, 2, 28)), (12, D(2027, 8, 30))]),
    (D(2027, 8, 31), 24, [(3, D(2027, 11, 30)), (6, D(2028, 2, 29)), (12, D(2028, 8, 31)), (18, D(2029, 2, 28)),
                          (24, D(2029, 8, 30))]),
])
def test_every_evaluation_is_inside_the_addendum(start, months, expected):
    found = [(evaluation.after_months, evaluation.on) for evaluation in evaluations(start, months)]
    assert found == expected
    assert all(start < on <= last_day(start, months) for _, on in found)


def test_last_day_is_the_day_before_the_same_date_after_the_duration():
    assert last_day(D(2027, 1, 1), 12) == D(2027, 12, 31)
    assert last_day(D(2027, 3, 15), 24) == D(2029, 3, 14)


@pytest.mark.parametrize("months", [0, -12, 6, 36, True])
def test_only_the_durations_of_the_covenant(months):
    with pytest.raises(ValidationError, match="12 of 24 maanden"):
        evaluations(D(2027, 1, 1), months)
