"""Vandaag as the to-do list in a real browser: each item's one button opens the right action with the case already
chosen (the contact attempt in the Dossier, the reminder letter in Brieven), an opened item is no longer "nieuw",
nothing typed for one case shows up for another, and after a save the form is empty and the next step is shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from naarnul import calendar
from naarnul.services import case_steps
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store.engine import session_for
from tests.conftest import PASSWORD, add_user, fill_profile
from tests.e2e.conftest import log_in, start_server, stop_server, wait_until_idle

pytestmark = pytest.mark.e2e
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def pinned_server(tmp_path):
    srv = start_server(tmp_path, {calendar.PIN_VARIABLE: TODAY.isoformat()})
    yield srv
    stop_server(srv)


def seed(url) -> tuple[int, int]:
    """Two cases of one landlord: Kerkstraat needs the written reminder, Dorpsstraat (reminder sent) a contact
    attempt."""
    landlord = add_user(url, Role.LANDLORD, "piet", name="Piet Jansen")
    cases = []
    with session_for(url) as session:
        fill_profile(session, landlord.id)
        for street, tenant in (("Kerkstraat", "Jan de Vries"), ("Dorpsstraat", "Els Bakker")):
            tenancy = tenancy_service.create_tenancy(
                session, landlord, today=TODAY, street=street, house_number="12", postcode="3511 AB",
                place="Utrecht", municipality_code="GM0344", tenants=[{"name": tenant, "salutation": "mevrouw"}],
                monthly_rent="850", due_day=1, start_date=dt.date(2026, 9, 1), payer_ibans="")
            tenancy_service.add_payment(session, landlord, tenancy.id, paid_on=dt.date(2026, 9, 1), amount="850",
                                        today=TODAY)
            cases.append(case_store.case_for_tenancy(session, landlord, tenancy.id))
        case_steps.record_written_reminder(session, landlord, cases[1], on=dt.date(2026, 10, 5), today=TODAY,
                                           reason="Per post verstuurd")
    return cases[0], cases[1]


def item_button(page, kind: str, case_id: int):
    # the button's key is todo_open_<item key>; Streamlit puts it in a class with ':' made '-'
    return page.locator(f"[class*='st-key-todo_open_{kind}-{case_id}-'] button")


def go_to(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
    wait_until_idle(page)
    page.get_by_role("heading", name=title, exact=True).wait_for()


def chosen(page, label: str) -> str:
    """What a selectbox shows: its text, or the value of its search field."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    fields = box.locator("input")
    return box.inner_text() + " " + " ".join(fields.nth(i).input_value() for i in range(fields.count()))


def test_an_item_opens_its_action_with_the_case_chosen(pinned_server, page):
    kerkstraat, dorpsstraat = seed(pinned_server.database_url)
    log_in(page, pinned_server, "piet", PASSWORD)
    main = page.locator("[data-testid='stMain']")
    page.get_by_text("Wat nu te doen (2 nieuw)").wait_for()
    contact = item_button(page, "step", dorpsstraat)
    assert contact.inner_text() == "Contactpoging vastleggen"
    assert item_button(page, "step", kerkstraat).inner_text() == "Herinnering maken"

    # the contact attempt: the Dossier of Dorpsstraat, on its Contact tab
    contact.click()
    wait_until_idle(page)
    page.get_by_role("heading", name="Dossier", exact=True).wait_for()
    page.get_by_role("tab", name="Contact", selected=True).wait_for()
    assert "Dorpsstraat 12" in chosen(page, "Zaak")
    assert re.search(rf"[?&]zaak={dorpsstraat}\b", page.url)

    # typed for Dorpsstraat, then another case is chosen: its form is empty
    note = page.get_by_label("Notitie (mag leeg)")
    note.fill("Gebeld & <b>niet</b> bereikt {{ x }}")
    page.locator("[data-testid='stSelectbox']").filter(has_text="Zaak").first.click()
    page.get_by_role("option", name=re.compile("Kerkstraat 12")).click()
    wait_until_idle(page)
    page.get_by_role("tab", name="Contact").click()
    wait_until_idle(page)
    assert page.get_by_label("Notitie (mag leeg)").input_value() == ""

    # back on Vandaag the opened item is no longer new; the reminder opens Brieven for Kerkstraat
    go_to(page, "Vandaag")
    page.get_by_text("Wat nu te doen (1 nieuw)").wait_for()
    item_button(page, "step", kerkstraat).click()
    wait_until_idle(page)
    page.get_by_role("heading", name="Brieven", exact=True).wait_for()
    assert "Kerkstraat 12" in chosen(page, "Dossier")
    assert "Betalingsherinnering" in chosen(page, "Soort brief")

    # the contact attempt saved: an empty form, the overview with the next step
    go_to(page, "Vandaag")
    item_button(page, "step", dorpsstraat).click()
    wait_until_idle(page)
    page.get_by_role("tab", name="Contact", selected=True).wait_for()
    page.get_by_label("Notitie (mag leeg)").fill("Gebeld, voicemail ingesproken")
    page.get_by_role("button", name="Contactpoging vastleggen").click()
    wait_until_idle(page)
    page.get_by_text("De contactpoging is vastgelegd").wait_for()
    page.get_by_role("tab", name="Overzicht", selected=True).wait_for()
    text = main.inner_text()
    assert "Nu te doen:" in text or "Nu hoeft u in deze zaak niets te doen" in text
    assert "Persoonlijk contact proberen (gedaan)" in text
    page.get_by_role("tab", name="Contact").click()
    wait_until_idle(page)
    assert page.get_by_label("Notitie (mag leeg)").input_value() == ""
