"""Bulk reminders in a real browser: "Maak alle herinneringen" on Brieven makes one reminder per case without one,
in the server's own sandbox workers; the page then says how many were made and that no case is left, and each
stored .docx names its own tenant (never another case's)."""

from __future__ import annotations

import io

import docx
import pytest
from sqlmodel import select

from naarnul.users import Role
from store.engine import session_for
from store.models import Case, Document, Tenancy
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, wait_until_idle
from tests.e2e.test_letters_browser import seed

pytestmark = pytest.mark.e2e

TENANTS = {"Kerkstraat": "Smith & Sons <Ltd> é", "Dorpsstraat": "Sam {{ Jansen }}", "Molenweg": "**Fatima** Ait"}


def test_landlord_makes_every_missing_reminder_at_once(server, page):
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    seed(server.database_url, landlord, TENANTS)
    log_in(page, server, "piet", PASSWORD)
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Brieven").click()
    page.wait_for_url("**/brieven")
    wait_until_idle(page)
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("3 open dossier(s) hebben nog geen schriftelijke herinnering").wait_for(timeout=60_000)

    main.get_by_role("button", name="Maak alle herinneringen").click()
    main.get_by_text("3 herinnering(en) gemaakt en bewaard.").wait_for(timeout=120_000)
    wait_until_idle(page)
    main.get_by_text("Alle open dossiers hebben al een schriftelijke herinnering.").wait_for(timeout=30_000)
    assert main.get_by_role("button", name="Maak alle herinneringen").count() == 0  # nothing left to make twice

    with session_for(server.database_url) as session:
        rows = session.exec(select(Document, Tenancy).join(Case, Case.id == Document.case_id)
                            .join(Tenancy, Tenancy.id == Case.tenancy_id)).all()
        assert len(rows) == 3
        for document, tenancy in rows:
            text = "\n".join(p.text for p in docx.Document(io.BytesIO(bytes(document.content))).paragraphs)
            assert TENANTS[tenancy.street] in text  # literally: no template syntax or Markdown ran
            assert not any(other in text for street, other in TENANTS.items() if street != tenancy.street)
