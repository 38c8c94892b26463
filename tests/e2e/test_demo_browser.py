"""`naarnul demo` in a real browser: a demo landlord logs in with the printed login (one Enter) and sees their
own forty tenancies; the liaison sees the municipality's signals."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul import calendar
from naarnul.services.demo import PASSWORD, fill_demo
from tests.e2e.conftest import log_in, start_server, stop_server, wait_until_idle

pytestmark = pytest.mark.e2e

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def demo_server(tmp_path):
    srv = start_server(tmp_path, {calendar.PIN_VARIABLE: TODAY.isoformat()})
    try:
        result = fill_demo(srv.database_url, today=TODAY)
        yield srv, result
    finally:
        stop_server(srv)


@pytest.mark.database
def test_a_demo_landlord_logs_in_and_sees_their_tenancies(demo_server, page):
    server, result = demo_server
    landlord = next(entry for entry in result.logins if entry.username == "linde")
    assert landlord.password == PASSWORD
    log_in(page, server, landlord.username, landlord.password)
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Huurders").click()
    wait_until_idle(page)
    page.get_by_text("40 huurovereenkomst(en)").wait_for()
    assert page.get_by_text("12 huurovereenkomst(en)").count() == 0  # never another landlord's
