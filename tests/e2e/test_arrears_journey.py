"""One landlord journey in a real browser: log in, register a tenancy, import the example ING export, and see the
arrears and the next covenant step on "Vandaag" and in the "Dossier". The server's date is pinned to the first of a
month on purpose: the rent due that day is not arrears yet (the day that broke this test every month)."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul import calendar
from naarnul.formatting import format_money
from naarnul.users import Role
from tests.conftest import PASSWORD, ROOT, add_user
from tests.e2e.conftest import log_in, start_server, stop_server, wait_until_idle

pytestmark = pytest.mark.e2e
EXAMPLE = ROOT / "examples" / "bank" / "ing_voorbeeld.csv"


TODAY = dt.date(2026, 12, 1)  # the example export has payments up to 20 November 2026
START = dt.date(2026, 9, 1)  # rent due 1 September, October, November (arrears) and 1 December (due today)


@pytest.fixture
def pinned_server(tmp_path):
    srv = start_server(tmp_path, {calendar.PIN_VARIABLE: TODAY.isoformat()})
    yield srv
    stop_server(srv)


def go_to(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
    wait_until_idle(page)
    page.get_by_role("heading", name=title, exact=True).wait_for()


def test_register_import_and_see_arrears_and_next_step(pinned_server, page):
    server = pinned_server
    add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    log_in(page, server, "piet", PASSWORD)
    page.get_by_text("U heeft nog geen huurders in Naar Nul").wait_for()

    go_to(page, "Huurders")
    page.get_by_role("tab", name="Nieuwe huurder").click()
    page.get_by_label("Straat").fill("Kerkstraat")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Plaats").fill("Utrecht")
    page.get_by_label("Naam").first.fill("Jan de Vries")
    page.get_by_label("Huur per maand (€)").fill("850,00")
    page.get_by_role("spinbutton", name="day, Begindatum").click()  # a segmented date field: dd-mm-yyyy
    page.keyboard.type(START.strftime("%d%m%Y"))
    page.get_by_role("textbox", name="Rekeningnummers waarmee de huur wordt betaald").fill("NL69 INGB 0123 4567 89")
    municipality = page.locator("[data-testid='stSelectbox']").filter(has_text="Gemeente")
    municipality.click()
    page.keyboard.type("Den Haag")
    page.get_by_role("option", name="'s-Gravenhage (Den Haag)").click()
    page.get_by_role("button", name="Opslaan").click()
    wait_until_idle(page)
    page.get_by_text("De huurder is opgeslagen").wait_for()

    go_to(page, "Betalingen")
    page.get_by_role("tab", name="Bankbestand inlezen").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(EXAMPLE))
    wait_until_idle(page)
    page.get_by_text("Welke kolom is wat?").wait_for()
    page.get_by_role("button", name="2. Voorbeeld tonen").click()
    wait_until_idle(page)
    page.get_by_role("button", name="Opslaan (1 betaling(en))").click()
    wait_until_idle(page)
    page.get_by_text("1 betaling(en) opgeslagen").wait_for()

    expected = format_money(850 * 3 - 850)  # three months overdue, one paid; December's rent is not late yet
    go_to(page, "Vandaag")
    main = page.locator("[data-testid='stMain']")
    page.get_by_text("Schriftelijke herinnering sturen").wait_for()
    assert expected in main.inner_text()
    page.get_by_role("button", name="Herinnering maken").wait_for()  # the item's action: the reminder letter
    go_to(page, "Dossier")
    # The page switch is a second script run that streams its elements: read the Dossier once it has all arrived
    # (its overview tab ends with the steps), not while the heading alone is there.
    wait_until_idle(page)
    page.get_by_text("Schriftelijke herinnering met aanbod gegevens door te geven").first.wait_for()
    text = main.inner_text()
    assert expected in text
    assert "Nu te doen: Schriftelijke herinnering met aanbod gegevens door te geven" in text
    page.get_by_role("tab", name="Melding").click()
    wait_until_idle(page)
    page.get_by_text("U kunt nog niet melden").first.wait_for()
