"""The e-mail journey in a real browser: the landlord makes the reminder and sends it to the tenant by e-mail;
`naarnul notify` (the real command, as cron runs it) delivers it to a real SMTP server on localhost, with the .docx
attached; the case shows the reminder with that date, and a second run sends nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import docx
import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.formatting import format_date
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, Case, Tenant
from tests.conftest import PASSWORD, ROOT, add_user
from tests.e2e.conftest import log_in, start_server, stop_server, wait_until_idle
from tests.e2e.test_letters_browser import TENANT, seed
from tests.smtp_server import smtp_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.e2e

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def mail_server(tmp_path, smtp_server):  # noqa: F811
    srv = start_server(tmp_path, env_extra=smtp_server.env())
    yield srv
    stop_server(srv)


def notify(srv, smtp) -> str:
    env = {**os.environ, "DATABASE_URL": srv.database_url, "NAARNUL_DATA_DIR": str(srv.data_dir), **smtp.env()}
    done = subprocess.run([sys.executable, "-m", "naarnul.cli", "notify"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_reminder_by_email_is_delivered_with_the_docx_and_recorded(mail_server, smtp_server, page):  # noqa: F811
    landlord = add_user(mail_server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    seed(mail_server.database_url, landlord)
    with session_for(mail_server.database_url) as session:
        tenant = session.exec(select(Tenant)).one()
        tenant.email = "huurder@voorbeeld.nl"
        session.add(tenant)
    today = calendar.today()

    log_in(page, mail_server, "piet", PASSWORD)
    page.get_by_role("heading", name="Vandaag").wait_for()
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Brieven").click()
    page.wait_for_url("**/brieven")
    wait_until_idle(page)
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("button", name="Brief maken").wait_for(timeout=60_000)
    main.get_by_role("button", name="Brief maken").click()
    wait_until_idle(page)
    main.get_by_text("Betalingsherinnering is gemaakt en bewaard bij het dossier.").wait_for(timeout=90_000)
    wait_until_idle(page)

    main.get_by_role("button", name="Verstuur per e-mail").click()
    wait_until_idle(page)
    main.get_by_text("staat klaar en wordt zo verstuurd", exact=False).wait_for(timeout=90_000)
    assert smtp_server.received == []  # the page only queues

    first, second = notify(mail_server, smtp_server), notify(mail_server, smtp_server)
    assert "Verstuurd: 1;" in first and "Verstuurd: 0;" in second
    assert len(smtp_server.received) == 1
    got = smtp_server.received[0]
    assert got.recipients == ["huurder@voorbeeld.nl"]
    message = got.message
    assert message["Subject"].startswith("Betalingsherinnering – Kerkstraat 12")
    assert TENANT in message.get_body(preferencelist=("plain",)).get_content()
    attachments = {a.get_content_type(): a for a in message.iter_attachments()}
    assert DOCX in attachments
    data = attachments[DOCX].get_payload(decode=True)
    assert TENANT in "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)

    with session_for(mail_server.database_url) as session:
        assert session.exec(select(Case)).one().reminder_on == today
        sent = session.exec(select(AuditEvent).where(AuditEvent.action == "mail.sent")).one()
        assert f"op {format_date(today)}" in sent.summary

    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Dossier").click()
    page.wait_for_url("**/dossier*")  # the URL names the case: /dossier?zaak=…
    wait_until_idle(page)
    step = main.locator("[data-testid='stMarkdownContainer']").filter(
        has_text="Schriftelijke herinnering met aanbod gegevens door te geven").first
    step.wait_for(timeout=60_000)
    assert f"gedaan op {format_date(today)}" in step.inner_text()
