"""A landlord records a temporary rent reduction on the Betalingsregeling page and downloads its letter, in a real
browser: the reduction is on the page and the downloaded .docx says from which month to which month the rent is
lower, by how much, and points to huurtoeslag."""

from __future__ import annotations

import pytest

from naarnul import calendar
from naarnul.docx_text import docx_text
from naarnul.formatting import format_month
from naarnul.users import Role
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, wait_until_idle
from tests.e2e.test_arrangement_journey import seed

pytestmark = pytest.mark.e2e


def test_record_a_rent_reduction_and_download_its_letter(server, page, tmp_path):
    today = calendar.today()
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    seed(server.database_url, landlord, today)
    first = calendar.add_months(today.replace(day=1), 1)
    last = calendar.add_months(first, 2)

    log_in(page, server, "piet", PASSWORD)  # never retried: a lost login is a bug users hit
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Betalingsregeling").click()
    wait_until_idle(page)
    page.get_by_role("heading", name="Maatwerk: uitstel, huurverlaging of geen huurverhoging").wait_for()
    page.get_by_role("tab", name="Tijdelijke huurverlaging").click()
    page.get_by_label("Verlaging per maand").fill("125,00")
    page.get_by_role("button", name="Huurverlaging vastleggen").click()
    wait_until_idle(page)
    page.get_by_text("De huurverlaging is vastgelegd").wait_for()
    main = page.locator("[data-testid='stMain']")
    assert (f"Tijdelijke huurverlaging van €\u00a0125,00 per maand, van {format_month(first)} tot en met "
            f"{format_month(last)}") in main.inner_text()

    page.get_by_role("button", name="Brief maken").last.click()
    wait_until_idle(page)
    page.get_by_text("De brief over de oplossing is gemaakt").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Brief downloaden (Word)").last.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    letter = docx_text(path.read_bytes())
    assert (f"Van {format_month(first)} tot en met {format_month(last)} betaalt u €\u00a0125,00 minder huur per "
            "maand. U betaalt dan €\u00a0725,00 per maand.") in letter
    assert "huurtoeslag" in letter and "Belastingdienst" in letter
    assert "Jan de Vries" in letter or "De Vries" in letter

