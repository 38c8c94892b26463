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


FRIENDLY_NO_WAY_OUT = (
    "Beste meneer Jansen,\n\n"
    "De huur van november staat nog open: € 850,00. Misschien bent u het vergeten.\n\n"
    "Wilt u het bedrag betalen vóór 20 december 2026?\n\n"
    "Met vriendelijke groet,\nAnna de Vries, 06-12345678"
)


def test_the_check_runs_while_typing_says_first_what_matters_and_keeps_the_cursor(server, page):
    add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    log_in(page, server, "piet", PASSWORD)
    page.get_by_role("heading", name="Vandaag").wait_for()
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Brief controleren").click()
    page.wait_for_url("**/brief-controleren")
    wait_until_idle(page)
    main = page.locator("[data-testid='stMain']")
    area = main.get_by_role("textbox", name="Uw brief")

    # typing only: no Ctrl+Enter, no click elsewhere; the report appears after a short pause
    area.click()
    area.press_sequentially(FRIENDLY_NO_WAY_OUT, delay=5)
    main.get_by_text("Er staat geen uitweg in uw brief.", exact=True).wait_for(timeout=15_000)
    wait_until_idle(page)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Uw brief"  # still typing there
    # what matters most comes first: above the verdict and the readability score
    body = main.inner_text()
    assert body.index("Er staat geen uitweg in uw brief.") < body.index("Nog niet stress-sensitief")
    assert body.index("Nog niet stress-sensitief") < body.index("Leesbaarheid (Flesch-Douma)")

    # typing on: a way out removes the error without leaving the text area
    area.press("Control+End")
    area.press_sequentially("\n\nLukt betalen niet? Bel mij, dan maken we samen een regeling.", delay=5)
    main.get_by_text("Uw brief is stress-sensitief").first.wait_for(timeout=15_000)
    wait_until_idle(page)
    assert main.get_by_text("Er staat geen uitweg in uw brief.", exact=True).count() == 0

    # a suggestion is applied in place and the cursor lands right after the replacement
    area.press("Control+Home")
    area.press_sequentially("Indien u vragen heeft, bel mij. ", delay=5)
    button = main.get_by_role("button", name="Vervang door „Als”")
    button.wait_for(timeout=15_000)
    wait_until_idle(page)
    button.click()
    wait_until_idle(page)
    page.wait_for_function("document.activeElement && document.activeElement.getAttribute('aria-label') === 'Uw brief'")
    value = area.input_value()
    assert value.startswith("Als u vragen heeft, bel mij. Beste meneer Jansen")
    caret = "[document.activeElement.selectionStart, document.activeElement.selectionEnd]"
    page.wait_for_function(f"JSON.stringify({caret}) === '[3,3]'", timeout=5_000)
    page.wait_for_timeout(500)
    assert page.evaluate(caret) == [len("Als"), len("Als")]  # and it stays there

    # typing on while the check reruns loses no keystroke
    area.press("Control+End")
    area.press_sequentially(" Groet", delay=5)
    page.wait_for_timeout(750)  # the pause sends the text; keep typing while that rerun runs
    area.press_sequentially(" van Anna", delay=30)
    page.wait_for_timeout(1500)
    wait_until_idle(page)
    assert area.input_value().endswith("Groet van Anna")
