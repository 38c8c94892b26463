"""The liaison's workflow in a real browser: open a signal, give it to a colleague and take it in progress in the
"Behandeling" form, then download the DDAS delivery on the inbox page and check it against the JSON schema."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from jsonschema import Draft202012Validator
from sqlmodel import select

from naarnul import ddas
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, Signal
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, start_server, stop_server, wait_until_idle
from tests.integration.test_liaison_store import seed_signal

pytestmark = pytest.mark.e2e

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def pinned_server(tmp_path):
    srv = start_server(tmp_path, {"NAARNUL_TODAY": TODAY.isoformat()})
    yield srv
    stop_server(srv)


def choose(page, label: str, option: str) -> None:
    page.locator("[data-testid='stSelectbox']").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_liaison_assigns_takes_in_progress_and_downloads_a_valid_ddas_delivery(pinned_server, page):
    url = pinned_server.database_url
    landlord = add_user(url, Role.LANDLORD, "piet", name="Piet Jansen")
    add_user(url, Role.LIAISON, "ams", municipality="GM0363", name="Anna Gemeente")
    colleague = add_user(url, Role.LIAISON, "ams2", municipality="GM0363", name="Bert Collega")
    add_user(url, Role.LIAISON, "utr", municipality="GM0344", name="Ulla Utrecht")
    seeded = seed_signal(url, landlord, "GM0363", sent_on=TODAY - dt.timedelta(days=10), arrears_cents=462550)
    seed_signal(url, landlord, "GM0344", tenant="Els Bakker", postcode="3511 AB", sent_on=TODAY)

    log_in(page, pinned_server, "ams", PASSWORD)
    page.get_by_role("heading", name="Meldingen voor Amsterdam").wait_for()
    page.get_by_role("button", name="Openen").click()
    wait_until_idle(page)
    page.get_by_role("heading", name=re.compile(re.escape(seeded["reference"]))).wait_for()
    main = page.locator("[data-testid='stMain']")
    text = main.inner_text()
    assert "€ 4.625,50" in text.replace("\xa0", " ") and "4625.50" not in text
    assert "30 september 2026" in text and "2026-09-30" not in text

    page.locator("[data-testid='stSelectbox']").filter(has_text="Behandelaar").first.click()
    options = page.get_by_role("option").all_inner_texts()
    assert "Bert Collega" in options and "Ulla Utrecht" not in options
    page.get_by_role("option", name="Bert Collega", exact=True).click()
    choose(page, "Status", "In behandeling")
    page.get_by_role("button", name="Behandeling opslaan").click()
    wait_until_idle(page)
    page.get_by_text("De behandeling is opgeslagen").wait_for(timeout=60_000)
    assert "Behandelaar: Bert Collega" in main.inner_text()
    with session_for(url) as session:
        signal = session.get(Signal, seeded["signal_id"])
        assert (signal.status, signal.assigned_to_id, signal.picked_up_on) == ("in_progress", colleague.id, TODAY)

    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Meldingen").click()
    wait_until_idle(page)
    page.get_by_role("heading", name="DDAS-levering (CBS-monitor)").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("DDAS-levering downloaden")).click()
    download = download_info.value
    assert download.suggested_filename == "ddas-levering-GM0363-2026-01-01-2026-11-23.json"
    document = json.loads(open(download.path(), "rb").read())
    validator = Draft202012Validator(ddas.schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(document)] == []
    delivery = document["leveringen"]
    assert [d["gemeentecode"] for d in delivery] == ["GM0363"]
    assert [s["ID"] for s in delivery[0]["vroegsignalen"]] == [seeded["reference"]]
    assert delivery[0]["vroegsignalen"][0]["bedrag"] == 4626
    assert delivery[0]["vroegsignaalzaken"][0]["datumOpgepakt"] == TODAY.isoformat()
    with session_for(url) as session:
        liaison_actions = [e.action for e in session.exec(select(AuditEvent).where(
            AuditEvent.municipality_code == "GM0363", AuditEvent.actor_id != landlord.id).order_by(AuditEvent.id))]
    assert liaison_actions == ["signal.assigned", "signal.status", "ddas.exported"]
