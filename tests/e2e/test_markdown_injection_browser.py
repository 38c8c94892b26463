"""Markdown injection in a real browser: a landlord's tenant name, street, contact note and payment text carry
Markdown and HTML (an image from a foreign host, bold, a tag, template braces, a javascript: link). Every landlord
page, the liaison's inbox and signal page and the admin pages are walked; no request may leave for a host other than
the server, no <img> may come from user text, no link may point to `javascript:`, and the literal text stays visible
where it is shown as text."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest

from naarnul import calendar
from naarnul.services import admin as admin_service
from naarnul.services import case_steps
from naarnul.services import cases as case_service
from naarnul.services import templates as template_service
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store import users as user_store
from store.engine import session_for
from store.unit_of_work import UnitOfWork
from tests.conftest import PASSWORD, ROOT, add_user
from tests.e2e.conftest import log_in, wait_until_idle

pytestmark = pytest.mark.e2e

EVIL_HOST = "127.0.0.2"
HOSTILE = f"![t](http://{EVIL_HOST}:9/x.png) **vet** <b>x</b> {{{{ x }}}} [klik](javascript:x)"

LANDLORD_PAGES = ["Vandaag", "Dossier", "Brieven", "Betalingsregeling", "Betalingen", "Huurders", "Mijn gegevens"]
LIAISON_PAGES = ["Meldingen", "Melding"]
ADMIN_PAGES = ["Gebruikers", "Gemeenten", "Sjablonen", "Instellingen", "Beslagvrije voet", "Bewaartermijn",
               "Statistiek"]


def seed(url: str, landlord, today: dt.date) -> int:
    """A case ready to signal whose every user text is hostile, then the signal itself (the liaison's data)."""
    with session_for(url) as session:
        user_store.update_profile(session, landlord, name=f"Piet {HOSTILE}", contact_person="Piet",
                                  street="Dorpsstraat", house_number="1", postcode="1234 AB", place="Ons Dorp",
                                  phone="06 12345678", email="piet@example.nl", iban="NL91 ABNA 0417 1643 00",
                                  contact_hours="werkdagen van 9 tot 17 uur")
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=today, street=f"Damstraat {HOSTILE}", house_number="1", postcode="1011 AB",
            place="Amsterdam", municipality_code="GM0363", monthly_rent="925,00", due_day=1,
            start_date=(today - dt.timedelta(days=100)).replace(day=1),
            tenants=[{"name": f"Jan {HOSTILE}", "salutation": "neutral", "phone": "0612345678",
                      "email": "jan@example.org"}])
        case_id = case_store.case_for_tenancy(session, landlord, tenancy.id)
        case_steps.record_written_reminder(session, landlord, case_id, on=today - dt.timedelta(days=40), today=today,
                                           reason=f"per post {HOSTILE}")
        case_steps.record_contact_attempt(session, landlord, case_id, on=today - dt.timedelta(days=35),
                                          channel="phone", outcome="not_reached", note=f"Notitie {HOSTILE}",
                                          today=today)
        tenancy_id = tenancy.id
    tenancy_service.record_payment(UnitOfWork(url), landlord, tenancy_id=tenancy_id, paid_on=today - dt.timedelta(days=3),
                                   amount="10,00", description=f"Betaling {HOSTILE}", today=today)
    case_service.send_signal(UnitOfWork(url), landlord, case_id=case_id, today=today)
    return case_id


def seed_admin_texts(url: str, admin) -> None:
    """Admin-typed texts that landlords read: the municipality's debt help and a template's title and description."""
    admin_service.update_help_contact(UnitOfWork(url), admin, code="GM0363", help_name=f"Geldhulp {HOSTILE}",
                                      help_phone="020 1234567", help_website="www.amsterdam.nl/geldhulp")
    spec = (ROOT / "templates" / "reminder.yaml").read_text(encoding="utf-8")
    spec = spec.replace("title: Betalingsherinnering", f"title: 'Herinnering {HOSTILE}'", 1)
    spec = spec.replace("description: >-\n", f"description: >-\n  Uitleg {HOSTILE}\n", 1)
    template_service.upload_template(UnitOfWork(url), admin, name="reminder",
                                     docx=(ROOT / "templates" / "reminder.docx").read_bytes(), spec_yaml=spec.encode())


class Watch:
    """Every request the page makes, and the ones that leave for another host."""

    def __init__(self, page, server_url: str):
        self.server_host = urlparse(server_url).hostname
        self.foreign: list[str] = []
        page.on("request", self.seen)

    def seen(self, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.hostname != self.server_host:
            self.foreign.append(request.url)


def go_to(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True).click()
    wait_until_idle(page)
    page.get_by_role("heading", name=re.compile("^" + re.escape(title))).first.wait_for(timeout=60_000)
    # open every expander and tab panel's content is in the DOM already; expanders render their body on open
    for expander in page.locator("[data-testid='stExpander'] summary").all():
        if expander.is_visible():  # one on a tab that is not open (the Dossier's Tijdlijn) cannot be clicked
            expander.click()
    wait_until_idle(page)


def assert_clean(page, where: str, *, literal_expected: bool) -> None:
    main = page.locator("[data-testid='stMain']")
    sources = main.evaluate("el => Array.from(el.querySelectorAll('img')).map(i => i.src)")
    assert not [s for s in sources if EVIL_HOST in s], f"{where}: an image from user text: {sources}"
    links = main.evaluate("el => Array.from(el.querySelectorAll('a')).map(a => a.getAttribute('href') || '')")
    assert not [h for h in links if h.lower().startswith("javascript")], f"{where}: a javascript: link {links}"
    bold = main.evaluate("el => Array.from(el.querySelectorAll('strong, b')).map(b => b.textContent)")
    assert "vet" not in bold and "x" not in bold, f"{where}: user text rendered bold: {bold}"
    if literal_expected:
        text = main.inner_text()
        assert "**vet**" in text and "<b>x</b>" in text and "{{ x }}" in text, f"{where}: literal text missing"
        assert f"![t](http://{EVIL_HOST}:9/x.png)" in text, f"{where}: literal image text missing"


def test_user_text_never_renders_as_markdown(server, browser, page):
    today = calendar.today()
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name=f"Piet {HOSTILE}")
    add_user(server.database_url, Role.LIAISON, "ams", municipality="GM0363", name="Anna Gemeente")
    admin_user = add_user(server.database_url, Role.ADMIN, "beheer", name="Beheerder")
    seed(server.database_url, landlord, today)
    seed_admin_texts(server.database_url, admin_user)

    watch = Watch(page, server.url)
    log_in(page, server, "piet", PASSWORD)
    assert_clean(page, "sidebar", literal_expected=False)
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "**vet**" in sidebar  # the landlord's own name, literally
    # pages where user text is shown in Markdown elements (not only in canvas tables)
    literal_on = {"Dossier", "Brieven", "Betalingsregeling"}
    for title in LANDLORD_PAGES:
        go_to(page, title)
        if title == "Betalingsregeling":  # the proposal names the municipality's debt help
            page.get_by_role("textbox", name="Bedrag per termijn").fill("100,00")
            page.get_by_role("textbox", name="Bedrag per termijn").press("Enter")
            wait_until_idle(page)
            page.get_by_text("Hulp bij geldzaken voor de huurder").wait_for()
        assert_clean(page, title, literal_expected=title in literal_on)

    liaison_context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    liaison = liaison_context.new_page()
    liaison.set_default_timeout(30_000)
    watch_liaison = Watch(liaison, server.url)
    try:
        log_in(liaison, server, "ams", PASSWORD)
        liaison.get_by_role("heading", name="Meldingen voor Amsterdam").wait_for()
        assert_clean(liaison, "Meldingen", literal_expected=False)
        liaison.get_by_role("button", name="Openen").click()
        wait_until_idle(liaison)
        liaison.get_by_role("heading", name=re.compile("NN-")).first.wait_for()
        assert_clean(liaison, "Melding", literal_expected=True)
    finally:
        liaison_context.close()

    admin_context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    admin = admin_context.new_page()
    admin.set_default_timeout(30_000)
    watch_admin = Watch(admin, server.url)
    try:
        log_in(admin, server, "beheer", PASSWORD)
        for title in ADMIN_PAGES:
            go_to(admin, title)
            assert_clean(admin, title, literal_expected=title == "Sjablonen")
    finally:
        admin_context.close()

    page.wait_for_timeout(500)  # late image requests
    assert not (watch.foreign + watch_liaison.foreign + watch_admin.foreign), \
        f"requests left for another host: {watch.foreign + watch_liaison.foreign + watch_admin.foreign}"
