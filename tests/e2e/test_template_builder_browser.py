"""Issue 16 in a real browser: the admin makes a new letter from a Word file alone (two new fields, a date and a
yes/no), accepts the proposed questions after changing one label, previews it, publishes it for the step "after the
reminder"; a landlord then sees the letter offered on a case with a reminder, answers both questions, downloads it,
and the text of the .docx holds both answers."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.users import Role
from store.engine import session_for
from store.models import Case, TemplateOffering, Tenancy, Tenant
from tests.conftest import PASSWORD, add_user, fill_profile
from tests.e2e.conftest import log_in, wait_until_idle
from tests.unit.test_field_inference import build_docx

pytestmark = pytest.mark.e2e

LETTER = build_docx(
    "{{ greeting }},",
    "Wij kwamen op {{ bezoek_datum }} bij u langs, maar wij troffen u niet thuis.",
    "{% if hond_aanwezig %}Wij zagen uw hond. Wij bellen de volgende keer eerst aan.{% endif %}",
    "Wilt u ons bellen? Dat kan op {{ landlord_phone }}. Hulp bij geldzorgen krijgt u bij {{ debt_help_name }}, "
    "telefoon {{ debt_help_phone }}.",
    "Met vriendelijke groet,",
    "{{ landlord_contact_person }}",
)
NEW_LABEL = "Dag van het huisbezoek"


def _months_ago(months: int) -> dt.date:
    today = calendar.today()
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def seed(url: str, landlord) -> None:
    """A case with the written reminder done (the step the new letter is offered after)."""
    with session_for(url) as session:
        fill_profile(session, landlord.id)
        tenancy = Tenancy(landlord_id=landlord.id, street="Kerkstraat", house_number="12", postcode="3511 AB",
                          place="Utrecht", municipality_code="GM0344", monthly_rent_cents=85000, due_day=1,
                          start_date=_months_ago(3))
        session.add(tenancy)
        session.flush()
        session.add(Tenant(tenancy_id=tenancy.id, landlord_id=landlord.id, name="Jan de Vries", salutation="meneer"))
        session.add(Case(tenancy_id=tenancy.id, landlord_id=landlord.id, opened_on=_months_ago(1),
                         reminder_on=calendar.today() - dt.timedelta(days=3)))


def _go_to(page, link: str, url_part: str) -> None:
    page.locator("[data-testid='stSidebar']").get_by_role("link", name=link).click()
    page.wait_for_url(f"**/{url_part}")
    wait_until_idle(page)


def _edit_first_label(page, text: str) -> None:
    """Change the 'Vraag' cell of the first row of the data editor as a person does: click the row's first cell, move
    one cell right, open the editor with Enter, replace the text, confirm with Enter. The grid is a canvas; its
    accessibility table (`glide-cell-<column>-<row>`, aria-selected) tells when each key press has been handled."""
    grid = page.locator("[data-testid='stDataFrame']").filter(has=page.locator("canvas")).last
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # header row 35 px, first data row below it
    selected = grid.locator("td[role='gridcell'][aria-selected='true']")
    selected.wait_for(state="attached")
    assert "bezoek_datum" in selected.text_content()
    column, row = selected.get_attribute("id").removeprefix("glide-cell-").split("-")
    page.keyboard.press("ArrowRight")
    grid.locator(f"td#glide-cell-{int(column) + 1}-{row}[aria-selected='true']").wait_for(state="attached")
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input")
    editor.wait_for()
    assert editor.input_value() == "Datum bezoek"  # the proposed label
    editor.fill(text)
    editor.press("Enter")
    editor.wait_for(state="detached")
    wait_until_idle(page)


def test_admin_builds_a_letter_and_a_landlord_makes_it(server, browser, page, tmp_path):
    add_user(server.database_url, Role.ADMIN, "beheer", name="Beheer")
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    seed(server.database_url, landlord)
    source = tmp_path / "Wij misten u.docx"
    source.write_bytes(LETTER)

    # --- the admin -------------------------------------------------------------------------------------------------
    log_in(page, server, "beheer", PASSWORD)
    _go_to(page, "Nieuw sjabloon maken", "nieuw-sjabloon")
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("heading", name="Nieuw sjabloon maken").wait_for()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(source))
    wait_until_idle(page)
    main.get_by_role("heading", name="Vragen voor de nieuwe velden").wait_for(timeout=60_000)
    known = main.locator("[data-testid='stDataFrame']").first
    known.wait_for()
    assert main.get_by_text("bezoek_datum", exact=True).count() >= 1
    assert main.get_by_text("hond_aanwezig", exact=True).count() >= 1
    main.get_by_label("Titel (zo ziet de verhuurder de brief)").fill("Wij misten u")
    main.get_by_label("Titel (zo ziet de verhuurder de brief)").press("Enter")
    wait_until_idle(page)
    _edit_first_label(page, NEW_LABEL)

    main.get_by_role("button", name="Voorbeeld bekijken").click()
    wait_until_idle(page)
    main.get_by_role("heading", name="Schrijfcheck").wait_for(timeout=120_000)
    images = main.locator("[data-testid='stImage'] img")
    if images.count() == 0:  # no LibreOffice on this machine: the text instead
        main.get_by_text("Wij kwamen op").first.wait_for()
    else:
        assert images.first.evaluate("img => img.naturalWidth") > 100
    page.screenshot(path=str(tmp_path / "preview.png"))
    # the same preview with the real case: its figures, the sample's people (the list shows no names)
    main.get_by_text("een echte zaak", exact=True).click()
    wait_until_idle(page)
    case_box = main.locator("[data-testid='stSelectbox']").filter(has_text="Zaak")
    case_box.wait_for()
    assert "Jan de Vries" not in case_box.inner_text() and "Kerkstraat" not in case_box.inner_text()
    main.get_by_role("button", name="Voorbeeld bekijken").click()
    wait_until_idle(page)
    main.get_by_text("namen en adressen zijn voorbeeldgegevens").wait_for(timeout=120_000)
    if images.count() == 0:
        assert "Jan de Vries" not in main.inner_text()
    main.locator("[data-testid='stSelectbox']").filter(has_text="Bij welke stap van het dossier").click()
    page.keyboard.type("herinnering")
    page.get_by_role("option", name="Na de schriftelijke herinnering", exact=True).click()
    wait_until_idle(page)
    main.get_by_role("button", name="Publiceren").click()
    wait_until_idle(page)
    main.get_by_text("'Wij misten u' is gepubliceerd").wait_for(timeout=60_000)
    with session_for(server.database_url) as session:
        offering = session.exec(select(TemplateOffering)).one()
        assert (offering.name, offering.step, offering.role) == ("wij_misten_u", "written_reminder", "landlord")

    # --- the landlord, in a browser of their own ------------------------------------------------------------------------
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    landlord_page = context.new_page()
    landlord_page.set_default_timeout(30_000)
    try:
        log_in(landlord_page, server, "piet", PASSWORD)
        _go_to(landlord_page, "Brieven", "brieven")
        main = landlord_page.locator("[data-testid='stMain']")
        main.get_by_role("button", name="Brief maken").wait_for(timeout=60_000)
        main.locator("[data-testid='stSelectbox']").filter(has_text="Soort brief").click()
        landlord_page.get_by_role("option", name="Wij misten u", exact=True).click()
        wait_until_idle(landlord_page)
        visit = dt.date(2026, 11, 20)
        main.get_by_role("spinbutton", name=f"day, {NEW_LABEL}").click()
        landlord_page.keyboard.type(visit.strftime("%d%m%Y"))
        main.get_by_text("Hond aanwezig?").click()
        main.get_by_role("button", name="Brief maken").click()
        wait_until_idle(landlord_page)
        main.get_by_text("Wij misten u is gemaakt en bewaard bij het dossier.").wait_for(timeout=90_000)
        wait_until_idle(landlord_page)
        with landlord_page.expect_download(timeout=90_000) as info:
            main.get_by_role("button", name="Download als Word (.docx)").click()
        data = open(info.value.path(), "rb").read()
    finally:
        context.close()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Wij kwamen op 20 november 2026 bij u langs" in text
    assert "Wij zagen uw hond." in text
