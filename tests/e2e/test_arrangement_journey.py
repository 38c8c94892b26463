"""One landlord journey in a real browser: from a case with arrears to a downloaded arrangement letter. The landlord
chooses a number of months, saves the arrangement, makes the letter and downloads it; the .docx holds the first
instalment's date and amount. The page uses the real date, so the tenancy starts three months before today."""

from __future__ import annotations

import datetime as dt

import docx
import pytest

from naarnul import arrangement as calc
from naarnul import calendar
from naarnul.formatting import format_date, format_money
from naarnul.services import arrangements as service
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store import users as user_store
from store.engine import session_for
from store.models import Municipality
from store.unit_of_work import UnitOfWork
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, wait_until_idle

pytestmark = pytest.mark.e2e


def _months_ago(today: dt.date, months: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def seed(url: str, landlord, today: dt.date) -> int:
    """Through the store: the landlord's profile (it is in every letter), the municipality's help contact and a
    tenancy without payments for three months, so its case is open with arrears."""
    with session_for(url) as session:
        user_store.update_profile(session, landlord, name="Piet Jansen", contact_person="Piet Jansen",
                                  street="Lindelaan", house_number="4", postcode="3511 AB", place="Utrecht",
                                  phone="0612345678", email="piet@example.nl", iban="NL91ABNA0417164300",
                                  contact_hours="op werkdagen van 9.00 tot 17.00 uur")
        municipality = session.get(Municipality, "GM0344")
        municipality.help_name, municipality.help_phone = "Geldhulp Utrecht", "030 1234567"
        municipality.help_email, municipality.help_website = "geldhulp@utrecht.nl", "www.utrecht.nl/geldhulp"
        session.add(municipality)
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=today, street="Kerkstraat", house_number="12", postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", monthly_rent="850,00", due_day=1,
            start_date=_months_ago(today, 3),
            tenants=[{"name": "Jan de Vries", "salutation": "meneer", "phone": "0612345678",
                      "email": "jan@example.org"}])
        return case_store.case_for_tenancy(session, landlord, tenancy.id)


def test_from_arrears_to_a_downloaded_arrangement_letter(server, page, tmp_path):
    today = calendar.today()
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    case_id = seed(server.database_url, landlord, today)
    arrears = service.case_overview(UnitOfWork(server.database_url), landlord, case_id=case_id, today=today).arrears
    expected = calc.make_schedule(arrears=arrears, start=today, payment_day=1, today=today, months=6)

    log_in(page, server, "piet", PASSWORD)  # never retried: a lost login is a bug users hit
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Betalingsregeling").click()
    wait_until_idle(page)
    main = page.locator("[data-testid='stMain']")
    page.get_by_text("Hoe wilt u de regeling kiezen?").wait_for()
    page.get_by_role("radiogroup").get_by_text("Aantal maanden").click()
    wait_until_idle(page)
    page.get_by_role("heading", name="Schema").wait_for()
    text = main.inner_text()
    assert format_date(expected.end_date) in text and format_money(expected.total) in text

    page.get_by_role("button", name="Regeling opslaan").click()
    wait_until_idle(page)
    page.get_by_text("De regeling is opgeslagen").wait_for()
    page.get_by_role("heading", name="Lopende regeling").wait_for()

    page.get_by_role("button", name="Brief maken").click()
    wait_until_idle(page)
    page.get_by_text("De brief is gemaakt").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Brief downloaden (Word)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    letter = "\n".join(parts)
    first = expected.instalments[0]
    assert format_date(first.due_date) in letter
    assert format_money(first.amount) in letter
    assert format_date(expected.end_date) in letter
    assert "Jan de Vries" in letter or "De Vries" in letter
