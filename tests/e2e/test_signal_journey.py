"""The feedback loop in a real browser: a landlord sends a signal on the case page, the liaison of the municipality
opens it, downloads the notification and records "help accepted", and the landlord sees the outcome and the end date
of the collection pause on the case page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.formatting import format_date
from naarnul.services import case_steps
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store import users as user_store
from store.engine import session_for
from store.models import AuditEvent, Feedback, Signal
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, wait_until_idle

pytestmark = pytest.mark.e2e


def go_to(page, title: str) -> None:
    """Through the sidebar, like a user."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
    wait_until_idle(page)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)


def seed_case_ready_to_signal(url: str, landlord, today: dt.date) -> int:
    """Through the landlord's own store functions: a filled-in profile (letters need it), a tenancy with three unpaid months, the written reminder 40 days
    ago and a contact attempt, so the signal is allowed today."""
    with session_for(url) as session:
        user_store.update_profile(session, landlord, name="Piet Verhuur", contact_person="Piet",
                                  street="Dorpsstraat", house_number="1", postcode="1234 AB", place="Ons Dorp",
                                  phone="06 12345678", email="piet@example.nl", iban="NL91 ABNA 0417 1643 00",
                                  contact_hours="werkdagen van 9 tot 17 uur")
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=today, street="Damstraat", house_number="1", postcode="1011 AB",
            place="Amsterdam", municipality_code="GM0363", monthly_rent="925,00", due_day=1,
            start_date=(today - dt.timedelta(days=100)).replace(day=1),
            tenants=[{"name": "Jan de Vries", "salutation": "neutral", "phone": "0612345678",
                      "email": "jan@example.org"}])
        case_id = case_store.case_for_tenancy(session, landlord, tenancy.id)
        case_steps.record_written_reminder(session, landlord, case_id, on=today - dt.timedelta(days=40), today=today,
                                           reason="per post verstuurd")
        case_steps.record_contact_attempt(session, landlord, case_id, on=today - dt.timedelta(days=35),
                                          channel="phone", outcome="not_reached", today=today)
    return case_id


def test_signal_feedback_loop(server, browser, page):
    today = calendar.today()
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    add_user(server.database_url, Role.LIAISON, "ams", municipality="GM0363", name="Anna Gemeente")
    seed_case_ready_to_signal(server.database_url, landlord, today)

    # 1. the landlord sends the signal on the case page
    log_in(page, server, "piet", PASSWORD)
    go_to(page, "Dossier")
    page.get_by_role("tab", name="Melding").click()  # the signal has its own tab
    wait_until_idle(page)
    page.get_by_text("Ik heb de gegevens gecontroleerd en wil de melding nu versturen").click()
    wait_until_idle(page)
    page.get_by_role("button", name="Melding versturen").click()
    wait_until_idle(page)
    try:
        page.get_by_text("De melding is verstuurd").wait_for(timeout=90_000)  # renders the letter
    except Exception:
        print("page text at failure:", page.locator("[data-testid='stMain']").inner_text().split("Stap vastleggen")[-1][:2500])
        raise
    with session_for(server.database_url) as session:
        signal = session.exec(select(Signal)).one()
        signal_id, reference = signal.id, signal.reference

    # 2. the liaison (own browser session) finds it in the inbox and opens it
    liaison_context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900},
                                          accept_downloads=True)
    liaison = liaison_context.new_page()
    liaison.set_default_timeout(30_000)
    try:
        log_in(liaison, server, "ams", PASSWORD)
        liaison.get_by_role("heading", name="Meldingen voor Amsterdam").wait_for()
        liaison.get_by_role("button", name="Openen").click()
        wait_until_idle(liaison)
        try:
            liaison.get_by_role("heading", name=re.compile(re.escape(reference))).wait_for()
        except Exception:
            print("page text at failure:", liaison.locator("body").inner_text()[:3000])
            raise
        assert "Jan de Vries" in liaison.locator("[data-testid='stMain']").inner_text()
        with session_for(server.database_url) as session:
            assert session.get(Signal, signal_id).status == "new"  # opening it changed nothing

        # takes it in progress, explicitly
        liaison.get_by_role("button", name="In behandeling nemen").click()
        wait_until_idle(liaison)
        liaison.get_by_text("De melding is in behandeling").wait_for()

        # downloads the notification
        with liaison.expect_download() as download_info:
            liaison.get_by_role("button", name=re.compile("Melding downloaden \\(CSV\\)")).click()
        download = download_info.value
        content = open(download.path(), "rb").read().decode("utf-8-sig")
        assert reference in content and "Jan de Vries" in content
        assert download.suggested_filename == f"{reference}.csv"

        # and the notification letter itself, generated on sending and shared with the municipality
        with liaison.expect_download() as download_info:
            liaison.get_by_role("button", name=re.compile("^Downloaden")).first.click()
        assert open(download_info.value.path(), "rb").read()[:2] == b"PK"  # a .docx is a zip
        assert download_info.value.suggested_filename.endswith(".docx")

        # records "help accepted"
        liaison.locator("[data-testid='stSelectbox']").filter(has_text="Uitkomst").click()
        liaison.keyboard.type("vervolghulp")  # the list is long: filter it as a user does
        liaison.get_by_role("option", name="Opgepakt: vervolghulp (financieel of niet-financieel)").click()
        liaison.get_by_text("De huurder heeft hulp aanvaard").click()
        liaison.get_by_role("textbox", name="Interne notitie — alleen zichtbaar voor de gemeente").fill("Schulden bij drie partijen")
        liaison.get_by_role("button", name="Terugkoppeling opslaan").click()
        wait_until_idle(liaison)
        liaison.get_by_text("De terugkoppeling is opgeslagen").wait_for(timeout=60_000)
    finally:
        liaison_context.close()
    with session_for(server.database_url) as session:
        feedback = session.exec(select(Feedback)).one()
        assert (feedback.signal_id, feedback.help_accepted) == (signal_id, True)
        liaison_actions = [e.action for e in session.exec(
            select(AuditEvent).where(AuditEvent.municipality_code == "GM0363", AuditEvent.actor_id != landlord.id)
            .order_by(AuditEvent.id))]
        # each action once, in order; reading the inbox and the signal left no trace
        assert liaison_actions == ["signal.in_progress", "signal.exported", "document.downloaded",
                                   "feedback.recorded"]

    # 3. the landlord sees the outcome and the end of the collection pause, never the note
    go_to(page, "Mijn gegevens")  # leave the page and come back, so it reads the database again
    go_to(page, "Dossier")
    main = page.locator("[data-testid='stMain']")
    page.get_by_text("Opgepakt: vervolghulp (financieel of niet-financieel)").first.wait_for()
    text = main.inner_text()
    assert format_date(today + dt.timedelta(days=30)) in text
    assert "Schulden bij drie partijen" not in text
