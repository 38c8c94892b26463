"""Issue 11 in a real browser: a municipality without an account in Naar Nul. The landlord is told before sending
that the municipality does not receive signals here, prepares the signal, downloads the notification, records the
day they sent it, and the case says "door u verstuurd via e-mail aan …". Vandaag shows the signal waiting before the
date is recorded and not after. Nothing ever says "De melding is verstuurd"."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.formatting import format_date
from naarnul.services import signal_delivery
from naarnul.users import Role
from store.engine import session_for
from store.models import Signal, SignalDelivery
from store.unit_of_work import UnitOfWork
from tests.conftest import PASSWORD, add_user
from tests.e2e import test_signal_journey as journey
from tests.e2e.conftest import log_in, wait_until_idle

pytestmark = pytest.mark.e2e

ADDRESS = "vroegsignalering@amsterdam.nl"


WAITING_ITEM = "Melding zelf naar de gemeente sturen"  # the to-do item on Vandaag


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_a_signal_for_a_municipality_without_an_account(server, page):
    today = calendar.today()
    admin = add_user(server.database_url, Role.ADMIN, "beheer")
    signal_delivery.set_signal_channel(UnitOfWork(server.database_url), admin, code="GM0363", channel="email",
                                       email=ADDRESS)
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    journey.seed_case_ready_to_signal(server.database_url, landlord, today)

    log_in(page, server, "piet", PASSWORD)
    page.get_by_role("heading", name="Vandaag").wait_for()
    assert WAITING_ITEM not in main_text(page)

    # told before sending, with the exact address
    journey.go_to(page, "Dossier")
    page.get_by_role("tab", name="Melding").click()  # the signal has its own tab
    page.get_by_text("De gemeente Amsterdam ontvangt meldingen niet in Naar Nul").wait_for()
    assert f"stuur hem per e-mail aan {ADDRESS}" in main_text(page)
    assert page.get_by_role("button", name="Melding versturen").count() == 0
    page.get_by_text("Ik heb de gegevens gecontroleerd en wil de melding nu versturen").click()
    wait_until_idle(page)
    page.get_by_role("button", name="Melding klaarzetten").click()
    wait_until_idle(page)
    page.get_by_text("De melding is klaargezet").wait_for(timeout=90_000)  # renders the letter
    with session_for(server.database_url) as session:
        signal = session.exec(select(Signal)).one()
        reference = signal.reference
        assert session.get(SignalDelivery, signal.id).delivered_on is None
    text = main_text(page)
    assert "De melding is verstuurd" not in text
    assert f"Melding {reference}: klaargezet op {format_date(today)}, nog niet verstuurd" in text

    # downloads the notification: the letter and the record
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Melding downloaden (Word)").click()
    assert open(download_info.value.path(), "rb").read()[:2] == b"PK"
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Melding downloaden (CSV)").click()
    assert download_info.value.suggested_filename == f"{reference}.csv"
    rows = list(csv.DictReader(io.StringIO(open(download_info.value.path(), "rb").read().decode("utf-8-sig")),
                               delimiter=";"))
    assert rows[0]["signal_reference"] == reference and rows[0]["tenant_1_name"] == "Jan de Vries"

    # Vandaag shows it waiting, as a to-do item that opens the Dossier where it is finished
    journey.go_to(page, "Vandaag")
    page.get_by_text(WAITING_ITEM).wait_for()
    assert f"Stuur de melding per e-mail aan {ADDRESS}" in main_text(page)
    page.get_by_role("button", name="Melding afmaken").click()
    page.get_by_role("heading", name="Dossier").wait_for()

    # records the day it was sent (today, the form's default)
    page.get_by_role("button", name="Verzending vastleggen").click()
    wait_until_idle(page)
    expected = f"door u verstuurd via e-mail aan {ADDRESS} op {format_date(today)}"
    page.get_by_text(expected).first.wait_for()
    assert page.get_by_role("button", name="Verzending vastleggen").count() == 0

    # and Vandaag no longer lists it
    journey.go_to(page, "Vandaag")
    page.get_by_role("heading", name="Wat nu te doen").wait_for()
    assert WAITING_ITEM not in main_text(page)
    with session_for(server.database_url) as session:
        assert session.get(SignalDelivery, signal.id).delivered_on == today
