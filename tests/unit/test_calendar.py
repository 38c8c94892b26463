"""One today() for the whole app: Amsterdam's date, pinned by NAARNUL_TODAY for tests and demos."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul import calendar


def test_pinned_today_is_returned(monkeypatch):
    monkeypatch.setenv(calendar.PIN_VARIABLE, "2026-12-01")
    assert calendar.today() == dt.date(2026, 12, 1)


def test_unpinned_today_is_the_date_in_amsterdam(monkeypatch):
    monkeypatch.delenv(calendar.PIN_VARIABLE, raising=False)
    assert calendar.today() == dt.datetime.now(calendar.TIME_ZONE).date()


def test_a_bad_pin_fails_loudly(monkeypatch):
    monkeypatch.setenv(calendar.PIN_VARIABLE, "1-12-2026")
    with pytest.raises(ValueError):
        calendar.today()


def test_late_evening_utc_is_already_tomorrow_in_amsterdam():
    # 22:28 UTC on 30 November is 23:28 in Amsterdam; 23:30 UTC is 00:30 on 1 December
    assert calendar.local(dt.datetime(2026, 11, 30, 22, 28)).strftime("%d %H:%M") == "30 23:28"
    assert calendar.local(dt.datetime(2026, 11, 30, 23, 30)).date() == dt.date(2026, 12, 1)
    assert calendar.local(dt.datetime(2026, 7, 1, 21, 28, tzinfo=dt.timezone.utc)).hour == 23
