"""The wording check in a real browser: a landlord pastes a harsh letter and sees the verdict and the marks.
Also makes the screenshot for the user docs (docs/img/brief-controleren.png): written when it is missing or when
NAARNUL_UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the committed image alone."""

from __future__ import annotations

import os
import shutil

import pytest

from naarnul.users import Role
from tests.conftest import PASSWORD, ROOT, add_user
from tests.e2e.conftest import log_in, wait_until_idle

pytestmark = pytest.mark.e2e

HARSH = (ROOT / "tests" / "unit" / "letters" / "harsh.txt").read_text(encoding="utf-8")
SCREENSHOT = ROOT / "docs" / "img" / "brief-controleren.png"


def test_landlord_checks_a_harsh_letter_and_sees_marks_and_verdict(server, page, tmp_path):
    add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    log_in(page, server, "piet", PASSWORD)
    page.get_by_role("heading", name="Vandaag").wait_for()  # the home page is drawn: the login rerun is over
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Brief controleren").click()
    page.wait_for_url("**/brief-controleren")
    wait_until_idle(page)
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("heading", name="Brief controleren").wait_for()
    assert main.locator("mark").count() == 0

    area = main.get_by_role("textbox", name="Uw brief")
    area.fill(HARSH)
    area.press("Control+Enter")
    wait_until_idle(page)
    main.get_by_text("Nog niet stress-sensitief").wait_for()

    letter = main.locator("div.naarnul-wording")
    assert letter.locator("mark").count() > 20
    assert "Ondanks herhaalde verzoeken" in letter.locator("mark[data-rules='B3']").first.inner_text()
    assert letter.locator("script").count() == 0
    assert main.get_by_text("klinkt als een verwijt").first.is_visible()

    # one-click suggestion in the browser too
    main.get_by_role("button", name="Vervang door „daarom”").click()
    wait_until_idle(page)
    assert "Wij sommeren u daarom" in area.input_value()

    page.set_viewport_size({"width": 1280, "height": 1600})
    main.get_by_text("Uw brief", exact=True).evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    shot = tmp_path / "brief-controleren.png"
    page.screenshot(path=str(shot))
    if not SCREENSHOT.exists() or os.environ.get("NAARNUL_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
