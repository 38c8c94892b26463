"""Short-lived downloads in a real browser. A stored letter is downloaded from the Brieven page; its `/media/…` URL,
fetched afterwards by a client without any session or cookie, is refused: at once (a download is served once),
after the user logged out, and after its lifetime — where Streamlit alone kept it for about 20 minutes."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from naarnul import calendar
from naarnul.services import cases as case_service
from naarnul.users import Role
from store.unit_of_work import UnitOfWork
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, start_server, stop_server, wait_until_idle
from tests.e2e.test_signal_journey import seed_case_ready_to_signal

pytestmark = pytest.mark.e2e


def status_without_session(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def download_letter(page) -> str:
    """Click the stored letter's download button; the URL the browser fetched."""
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("^Download$")).first.click()
    download = info.value
    assert open(download.path(), "rb").read()[:2] == b"PK"  # the real .docx
    return download.url


def open_letters(page) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Brieven", exact=True).click()
    wait_until_idle(page)
    page.get_by_role("heading", name="Bewaarde documenten").wait_for(timeout=60_000)


def seeded_server(tmp_path, env: dict):
    server = start_server(tmp_path, env)
    today = calendar.today()
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    case_id = seed_case_ready_to_signal(server.database_url, landlord, today)
    case_service.send_signal(UnitOfWork(server.database_url), landlord, case_id=case_id, today=today)  # a letter
    return server


def test_a_download_url_ends_at_logout(tmp_path, page):
    server = seeded_server(tmp_path, {})
    try:
        log_in(page, server, "piet", PASSWORD)
        open_letters(page)
        url = download_letter(page)
        assert "/media/" in url
        assert status_without_session(url) == 200  # what a URL exposes while it lives: the file, to anyone
        page.get_by_role("button", name="Uitloggen").click()
        wait_until_idle(page)
        page.get_by_label("Gebruikersnaam").wait_for()
        assert status_without_session(url) == 404  # at once after logout, well within its 60 s lifetime
    finally:
        stop_server(server)


def test_a_download_url_ends_after_its_lifetime(tmp_path, page):
    server = seeded_server(tmp_path, {"NAARNUL_DOWNLOAD_SECONDS": "4"})
    try:
        log_in(page, server, "piet", PASSWORD)
        open_letters(page)
        url = download_letter(page)
        assert status_without_session(url) == 200
        page.wait_for_timeout(4_500)
        assert status_without_session(url) == 404  # the run is long over; so is the URL
        assert download_letter(page)  # a new click makes the bytes anew
    finally:
        stop_server(server)
