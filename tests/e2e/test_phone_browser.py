"""The landlord's pages on a phone (390 px wide) in a real browser: Vandaag says where the folded menu is and links
to the main pages itself, the Dossier opens on a short first tab (no 3,700-pixel page), nothing is wider than the
screen. The screenshots are kept for the landlord guide (docs/img/telefoon-*.png)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, ROOT
from tests.e2e.conftest import open_page, wait_until_idle
from tests.e2e.test_todo_browser import pinned_server, seed  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
IMAGES = ROOT / "docs" / "img"
MAX_HEIGHT = 2500  # px of the first tab of a page on a phone


def log_in_on_phone(page, server, username: str) -> None:
    """As tests.e2e.conftest.log_in (type, press Enter once), but on a phone the sidebar is there, folded away."""
    open_page(page, server.url)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    page.wait_for_selector("[data-testid='stSidebar']", state="attached", timeout=30_000)
    wait_until_idle(page)


def content_size(page) -> tuple[int, int]:
    """(height, width) of the page's content: Streamlit scrolls inside its main block, not the document."""
    return page.locator("[data-testid='stMainBlockContainer']").evaluate(
        "el => [Math.ceil(el.scrollHeight), Math.ceil(el.scrollWidth)]")


def screenshot(page, name: str, height: int) -> None:
    page.set_viewport_size({"width": PHONE["width"], "height": height + 120})
    wait_until_idle(page)
    page.screenshot(path=str(IMAGES / name))
    page.set_viewport_size(PHONE)


def test_vandaag_and_dossier_on_a_phone(pinned_server, browser):  # noqa: F811
    seed(pinned_server.database_url)
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        log_in_on_phone(page, pinned_server, "piet")
        main = page.locator("[data-testid='stMain']")
        page.get_by_text("Wat nu te doen (2 nieuw)").wait_for()
        assert not page.locator("[data-testid='stSidebarNav']").is_visible()  # folded away on a phone …
        assert "Op een telefoon opent u het met het pijltje » linksboven" in main.inner_text()  # … and said so
        height, width = content_size(page)
        screenshot(page, "telefoon-vandaag.png", height)
        assert width <= PHONE["width"], f"Vandaag is wider than the phone: {width} px"
        assert height < MAX_HEIGHT, f"Vandaag is {height} px high"

        main.get_by_role("link", name="Dossier").click()  # the page's own menu
        wait_until_idle(page)
        page.get_by_role("heading", name="Dossier", exact=True).wait_for()
        page.get_by_role("tab", name="Overzicht", selected=True).wait_for()
        page.get_by_text("Nu te doen:").wait_for()
        height, width = content_size(page)
        screenshot(page, "telefoon-dossier.png", height)
        assert width <= PHONE["width"], f"the Dossier is wider than the phone: {width} px"
        assert height < MAX_HEIGHT, f"the Dossier's first tab is {height} px high"
    finally:
        context.close()
