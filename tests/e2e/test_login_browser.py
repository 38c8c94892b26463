"""The foundation in a real browser: log in, see the home page, and no page is reachable without logging in."""

from __future__ import annotations

import pytest

from naarnul.users import Role
from store.engine import session_for
from store.users import count_users
from tests.conftest import PASSWORD, ROOT, add_user
from tests.e2e.conftest import log_in, open_page, wait_until_idle
from ui.navigation import all_url_paths

pytestmark = pytest.mark.e2e


def test_landlord_logs_in_sees_home_and_logs_out(server, page):
    add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    log_in(page, server, "piet", PASSWORD)
    assert page.get_by_role("heading", name="Vandaag").is_visible()
    assert "Piet Jansen" in page.locator("[data-testid='stSidebar']").inner_text()
    page.get_by_role("button", name="Uitloggen").click()
    wait_until_idle(page)
    page.get_by_label("Gebruikersnaam").wait_for()
    assert not page.get_by_role("heading", name="Vandaag").is_visible()


# every registered url, plus the file names Streamlit would serve on its own if a page sat directly in pages/
FILE_STEMS = {p.stem for p in (ROOT / "pages").rglob("*.py")}


@pytest.mark.parametrize("path", sorted(all_url_paths() | FILE_STEMS | {"admin"}))
def test_no_page_shows_content_without_login(shared_server, page, path):
    with session_for(shared_server.database_url) as session:
        if count_users(session) == 0:
            add_user(shared_server.database_url, Role.ADMIN, "beheer")
    open_page(page, f"{shared_server.url}/{path}")
    page.get_by_label("Gebruikersnaam").wait_for()
    headings = [h.strip() for h in page.locator("[data-testid='stMain'] h1, [data-testid='stMain'] h2, "
                                                 "[data-testid='stMain'] h3").all_inner_texts()]
    assert set(headings) <= {"Naar Nul", "Inloggen"}, f"/{path} shows {headings} without login"
    assert page.locator("[data-testid='stDataFrame'], [data-testid='stSidebar']").count() == 0


def test_first_start_shows_setup_with_the_code_from_the_log(server, page):
    open_page(page, server.url)
    assert page.get_by_role("heading", name="Naar Nul installeren").is_visible()
    code = next(line.rsplit(": ", 1)[1].strip() for line in server.log_text().splitlines()
                if "installatiecode voor de eerste beheerder" in line)
    page.get_by_label("Installatiecode").fill(code)
    page.get_by_label("Uw naam").fill("Beheer Pilot")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord (minstens 10 tekens)").fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Beheerder aanmaken").click()
    wait_until_idle(page)
    page.get_by_text("beheerdersaccount is aangemaakt").wait_for()
    log_in(page, server, "beheer", PASSWORD)
    assert page.get_by_role("heading", name="Gebruikers").is_visible()


def test_login_survives_a_reload_and_a_typed_url_and_logout_forgets_it(server, page):
    add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    log_in(page, server, "piet", PASSWORD)
    open_page(page, f"{server.url}/betalingen")  # the cookie written after login logs the new connection in
    page.get_by_role("heading", name="Betalingen").wait_for()
    assert page.locator("[data-testid='stSidebar']").count() == 1
    page.get_by_role("button", name="Uitloggen").click()
    wait_until_idle(page)
    page.get_by_label("Gebruikersnaam").wait_for()
    open_page(page, f"{server.url}/betalingen")
    page.get_by_label("Gebruikersnaam").wait_for()
    assert page.locator("[data-testid='stSidebar']").count() == 0
