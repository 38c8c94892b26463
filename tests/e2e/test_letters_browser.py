"""The letters journey in a real browser: a landlord makes the reminder for a case and downloads it; the
downloaded file is a real .docx (python-docx opens it) with the tenant's name, byte for byte the stored document."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.users import Role
from store.engine import session_for
from store.models import Case, Document, Tenancy, Tenant
from tests.conftest import PASSWORD, add_user, fill_profile
from tests.e2e.conftest import log_in, wait_until_idle

pytestmark = pytest.mark.e2e

TENANT = "Smith & Sons <Ltd> é 🏠"


def _months_ago(months: int) -> dt.date:
    today = calendar.today()
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def seed(url: str, landlord, tenants: dict[str, str] | None = None) -> None:
    """The landlord's profile and, per {street: tenant name}, a tenancy in arrears with an open case."""
    with session_for(url) as session:
        fill_profile(session, landlord.id)
        for street, name in (tenants or {"Kerkstraat": TENANT}).items():
            tenancy = Tenancy(landlord_id=landlord.id, street=street, house_number="12", postcode="3511 AB",
                              place="Utrecht", municipality_code="GM0344", monthly_rent_cents=85000, due_day=1,
                              start_date=_months_ago(2))
            session.add(tenancy)
            session.flush()
            session.add(Tenant(tenancy_id=tenancy.id, landlord_id=landlord.id, name=name))
            session.add(Case(tenancy_id=tenancy.id, landlord_id=landlord.id, opened_on=_months_ago(1)))


def test_landlord_makes_and_downloads_the_reminder(server, page):
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    seed(server.database_url, landlord)
    log_in(page, server, "piet", PASSWORD)
    page.get_by_role("heading", name="Vandaag").wait_for()
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Brieven").click()
    page.wait_for_url("**/brieven")
    wait_until_idle(page)
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("heading", name="Brieven").wait_for(timeout=60_000)
    main.get_by_role("button", name="Brief maken").wait_for(timeout=60_000)

    main.get_by_role("button", name="Brief maken").click()
    wait_until_idle(page)
    main.get_by_text("Betalingsherinnering is gemaakt en bewaard bij het dossier.").wait_for(timeout=90_000)
    wait_until_idle(page)

    with page.expect_download(timeout=90_000) as info:
        main.get_by_role("button", name="Download als Word (.docx)").click()
    download = info.value
    assert download.suggested_filename.startswith("herinnering-")
    assert download.suggested_filename.endswith("-kerkstraat-12.docx")
    data = open(download.path(), "rb").read()

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert TENANT in text
    with session_for(server.database_url) as session:
        stored = session.exec(select(Document)).one()
        assert bytes(stored.content) == data  # the download is exactly the stored evidence
