"""E-mail through the outbox to a real SMTP server on localhost (aiosmtpd): the letter to the tenant with the .docx
attached and its text as the body, the reminder recorded with the send date, the evidence on the case, the daily
digest; and at most once: two runs after each other, two runs at the same time, a failure retried later, a bounded
number of attempts. On SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import threading

import docx
import pytest
from sqlmodel import select

from naarnul import cli
from naarnul.errors import ValidationError
from naarnul.mail import EMAIL_OFF_LETTER, NO_TENANT_EMAIL
from naarnul.services import letters as letter_service
from naarnul.services import notify
from naarnul.services import tenancies as tenancy_service
from naarnul.settings import SmtpConfig
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, Case, OutboxMessage
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile
from tests.smtp_server import smtp_server  # noqa: F401  (fixture)

TODAY = dt.date(2026, 11, 23)
HOSTILE = "Smith & Sons <Ltd> {{ x }} {% if %} ![x](http://evil)"


def smtp_for(server) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=server.port, user=None, from_address="portaal@naarnul.test",
                      security="none")


def seed_case(url, landlord, *, number="12", tenant=HOSTILE, email="huurder@voorbeeld.nl", more=()) -> int:
    with session_for(url) as session:
        fill_profile(session, landlord.id)
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street="Kerkstraat", house_number=number, postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344",
            tenants=[{"name": tenant, "salutation": "neutral", "email": email}, *more],
            monthly_rent="850", due_day=1, start_date=dt.date(2026, 9, 1), payer_ibans="")
        tenancy_id = tenancy.id
    with session_for(url) as session:
        return session.exec(select(Case.id).where(Case.tenancy_id == tenancy_id)).one()


def make_reminder(url, landlord, case_id) -> int:
    made = letter_service.make_letter(UnitOfWork(url), landlord, case_id=case_id, template_name="reminder", values={},
                                      today=TODAY, confirm_wording=True)
    return made.id


def test_letter_by_email_reaches_the_tenant_once_and_records_the_reminder(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    case_id = seed_case(db_url, landlord)
    document_id = make_reminder(db_url, landlord, case_id)
    send_day = TODAY + dt.timedelta(days=2)  # made on Monday, e-mailed on Wednesday
    with session_for(db_url) as session:
        assert session.get(Case, case_id).reminder_on == TODAY  # the letter itself recorded its own date

    queued = notify.email_letter(UnitOfWork(db_url), landlord, document_id=document_id, today=send_day,
                                 smtp=smtp_for(smtp_server), attach_pdf=False)
    assert queued.recipients == ("huurder@voorbeeld.nl",)
    assert smtp_server.received == []  # the page only queues; `naarnul notify` sends

    first = notify.run_notify(db_url, smtp_for(smtp_server), today=send_day)
    second = notify.run_notify(db_url, smtp_for(smtp_server), today=send_day)
    assert (first.sent, second.sent) == (1, 0)
    assert len(smtp_server.received) == 1
    got = smtp_server.received[0]
    assert got.recipients == ["huurder@voorbeeld.nl"]
    message = got.message
    assert message["Subject"] == "Betalingsherinnering – Kerkstraat 12, Utrecht"
    assert message["Reply-To"] == "anna@delinde.nl"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert HOSTILE in body  # the letter's text, hostile name intact
    attachments = list(message.iter_attachments())
    assert [a.get_content_type() for a in attachments] == [letter_service.DOCX]
    data = attachments[0].get_payload(decode=True)
    assert HOSTILE in "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)

    with session_for(db_url) as session:
        stored = session.exec(select(OutboxMessage)).one()
        assert (stored.status, stored.attempts, stored.send_date) == ("sent", 1, send_day)
        events = session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)
                              .order_by(AuditEvent.id)).all()
        sent = [e for e in events if e.action == "mail.sent"]
        assert len(sent) == 1
        evidence = json.loads(sent[0].detail)
        assert evidence["attachments"][0]["sha256"] == hashlib.sha256(data).hexdigest()
        assert evidence["attachments"][0]["filename"] == attachments[0].get_filename()
        assert evidence["headers"]["To"] == "huurder@voorbeeld.nl" and HOSTILE in evidence["body"]
        assert evidence["sha256"] == hashlib.sha256(bytes(stored.message)).hexdigest()
        reminders = [e.summary for e in events if e.action == "case.written_reminder"]
        assert any("25 november 2026" in s for s in reminders), reminders  # recorded with the send date
    lines = notify.case_mail(UnitOfWork(db_url), landlord, case_id=case_id)
    assert "verstuurd op 25 november 2026" in lines[0].line


def test_reminder_mailed_without_earlier_reminder_sets_the_send_date(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    case_id = seed_case(db_url, landlord)
    document_id = make_reminder(db_url, landlord, case_id)
    with session_for(db_url) as session:  # as if the reminder date had not been recorded when it was made
        case = session.get(Case, case_id)
        case.reminder_on = None
        session.add(case)
    notify.email_letter(UnitOfWork(db_url), landlord, document_id=document_id, today=TODAY,
                        smtp=smtp_for(smtp_server), attach_pdf=False)
    notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY + dt.timedelta(days=1))
    with session_for(db_url) as session:
        assert session.get(Case, case_id).reminder_on == TODAY + dt.timedelta(days=1)


def test_mail_off_no_address_and_double_click_are_clear_dutch_errors(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    case_id = seed_case(db_url, landlord, email="")
    document_id = make_reminder(db_url, landlord, case_id)
    with pytest.raises(ValidationError) as off:
        notify.email_letter(UnitOfWork(db_url), landlord, document_id=document_id, today=TODAY, smtp=None)
    assert off.value.problems == [EMAIL_OFF_LETTER]
    with pytest.raises(ValidationError) as missing:
        notify.email_letter(UnitOfWork(db_url), landlord, document_id=document_id, today=TODAY,
                            smtp=smtp_for(smtp_server), attach_pdf=False)
    assert missing.value.problems == [NO_TENANT_EMAIL]
    other = seed_case(db_url, landlord, number="14")
    other_document = make_reminder(db_url, landlord, other)
    notify.email_letter(UnitOfWork(db_url), landlord, document_id=other_document, today=TODAY,
                        smtp=smtp_for(smtp_server), attach_pdf=False)
    with pytest.raises(ValidationError, match="al per e-mail wacht op verzending"):
        notify.email_letter(UnitOfWork(db_url), landlord, document_id=other_document, today=TODAY,
                            smtp=smtp_for(smtp_server), attach_pdf=False)
    intruder = add_user(db_url, Role.LANDLORD, "kees")
    with pytest.raises(Exception, match="bestaat niet"):
        notify.email_letter(UnitOfWork(db_url), intruder, document_id=other_document, today=TODAY,
                            smtp=smtp_for(smtp_server), attach_pdf=False)
    with session_for(db_url) as session:
        assert len(session.exec(select(OutboxMessage)).all()) == 1  # nothing half-saved


def test_two_runs_at_the_same_time_send_each_message_once(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    for number in ("1", "2", "3", "4", "5", "6"):
        case_id = seed_case(db_url, landlord, number=number)
        notify.email_letter(UnitOfWork(db_url), landlord, document_id=make_reminder(db_url, landlord, case_id),
                            today=TODAY, smtp=smtp_for(smtp_server), attach_pdf=False)
    smtp_server.handler.delay = 0.1
    results, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        results.append(notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY, limit=3))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    results.append(notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY))  # what both left over
    ids = [r.message["Message-ID"] for r in smtp_server.received]
    assert len(ids) == 6 and len(set(ids)) == 6  # every message once
    assert sum(r.sent for r in results) == 6
    with session_for(db_url) as session:
        assert {m.status for m in session.exec(select(OutboxMessage))} == {"sent"}
        assert {m.attempts for m in session.exec(select(OutboxMessage))} == {1}


def test_a_failure_is_kept_and_retried_later_a_bounded_number_of_times(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    case_id = seed_case(db_url, landlord)
    notify.email_letter(UnitOfWork(db_url), landlord, document_id=make_reminder(db_url, landlord, case_id),
                        today=TODAY, smtp=smtp_for(smtp_server), attach_pdf=False)
    smtp_server.handler.refuse_next = 1
    failed = notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY, retry_after=dt.timedelta(0))
    assert (failed.sent, failed.retry_later) == (0, 1)
    with session_for(db_url) as session:
        row = session.exec(select(OutboxMessage)).one()
        assert (row.status, row.attempts) == ("pending", 1) and "451" in row.last_error
    assert smtp_server.received == []
    retried = notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY, retry_after=dt.timedelta(0))
    assert retried.sent == 1 and len(smtp_server.received) == 1

    # a server that keeps refusing: failed for good after the limit, the error kept, nothing sent
    other = seed_case(db_url, landlord, number="14")
    notify.email_letter(UnitOfWork(db_url), landlord, document_id=make_reminder(db_url, landlord, other),
                        today=TODAY, smtp=smtp_for(smtp_server), attach_pdf=False)
    smtp_server.handler.refuse_next = 99
    statuses = []
    for _ in range(3):
        result = notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY, max_attempts=2,
                                     retry_after=dt.timedelta(0))
        statuses.append((result.retry_later, result.failed))
    assert statuses == [(1, 0), (0, 1), (0, 0)]
    with session_for(db_url) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.case_id == other)).one()
        assert (row.status, row.attempts) == ("failed", 2) and "451" in row.last_error
    assert len(smtp_server.received) == 1
    lines = notify.case_mail(UnitOfWork(db_url), landlord, case_id=other)
    assert "niet gelukt" in lines[0].line


def test_an_unreachable_server_is_retried_later(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    case_id = seed_case(db_url, landlord)
    notify.email_letter(UnitOfWork(db_url), landlord, document_id=make_reminder(db_url, landlord, case_id),
                        today=TODAY, smtp=smtp_for(smtp_server), attach_pdf=False)
    down = SmtpConfig(host="127.0.0.1", port=1, user=None, from_address="portaal@naarnul.test", security="none")
    result = notify.send_pending(db_url, down, today=TODAY, retry_after=dt.timedelta(0))
    assert result.retry_later == 1 and result.errors
    assert notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY).sent == 1


def test_daily_digest_is_opt_in_and_sent_once_a_day(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    quiet = add_user(db_url, Role.LANDLORD, "kees")
    seed_case(db_url, landlord)  # the profile's e-mail address: anna@delinde.nl
    seed_case(db_url, quiet, number="3")
    assert notify.daily_digest_enabled(UnitOfWork(db_url), landlord) is False
    notify.set_daily_digest(UnitOfWork(db_url), landlord, enabled=True)
    assert notify.daily_digest_enabled(UnitOfWork(db_url), landlord) is True

    first = notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY)
    again = notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY)
    assert (first.queued_digests, again.queued_digests) == (1, 0)
    assert len(smtp_server.received) == 1
    digest = smtp_server.received[0]
    assert digest.recipients == ["anna@delinde.nl"]
    assert "Naar Nul: vandaag" in digest.message["Subject"]
    body = digest.message.get_body(preferencelist=("plain",)).get_content()
    assert "Kerkstraat 12" in body and "23 november 2026" in body and HOSTILE in body

    assert "Naar Nul: vandaag 1 punt te doen (23 november 2026)" == digest.message["Subject"]

    tomorrow = notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY + dt.timedelta(days=1))
    assert tomorrow.queued_digests == 1 and len(smtp_server.received) == 2
    notify.set_daily_digest(UnitOfWork(db_url), landlord, enabled=False)
    notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY + dt.timedelta(days=2))
    assert len(smtp_server.received) == 2


def test_notify_command_says_mail_is_off_without_settings(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    for name in ("NAARNUL_SMTP_HOST", "NAARNUL_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["notify"]) == 1
    assert "E-mail staat uit" in capsys.readouterr().out
    assert notify.mail_status({}).enabled is False


def test_notify_command_sends(sqlite_url, smtp_server, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    for name, value in smtp_server.env().items():
        monkeypatch.setenv(name, value)
    landlord = add_user(sqlite_url, Role.LANDLORD, "piet")
    case_id = seed_case(sqlite_url, landlord)
    notify.email_letter(UnitOfWork(sqlite_url), landlord, document_id=make_reminder(sqlite_url, landlord, case_id),
                        today=TODAY, smtp=notify.settings.smtp(), attach_pdf=False)
    assert cli.main(["notify", "--date", "2026-11-23"]) == 0
    assert cli.main(["notify", "--date", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "Verstuurd: 1;" in out and "Verstuurd: 0;" in out
    assert len(smtp_server.received) == 1


def test_a_run_that_died_while_sending_never_causes_a_second_send(db_url, smtp_server):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    case_id = seed_case(db_url, landlord)
    notify.email_letter(UnitOfWork(db_url), landlord, document_id=make_reminder(db_url, landlord, case_id),
                        today=TODAY, smtp=smtp_for(smtp_server), attach_pdf=False)
    from store import outbox as outbox_store

    with UnitOfWork(db_url) as uow:  # a run claims the message and dies before it reports back
        claimed = outbox_store.claim(uow.session)
    assert len(claimed) == 1
    busy = notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY)
    assert (busy.sent, busy.interrupted) == (0, 0)  # claimed by the other run: not for this one
    with session_for(db_url) as session:  # half an hour later that run has still not reported back
        row = session.exec(select(OutboxMessage)).one()
        row.claimed_at = dt.datetime.now(dt.timezone.utc) - notify.STALE_AFTER - dt.timedelta(minutes=1)
        session.add(row)
    result = notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY)
    assert (result.sent, result.interrupted) == (0, 1)
    assert smtp_server.received == []
    with session_for(db_url) as session:
        row = session.exec(select(OutboxMessage)).one()
        assert row.status == "failed" and "mogelijk al verstuurd" in row.last_error
    # the landlord may queue it again on purpose
    notify.email_letter(UnitOfWork(db_url), landlord, document_id=row.document_id, today=TODAY,
                        smtp=smtp_for(smtp_server), attach_pdf=False)
    assert notify.send_pending(db_url, smtp_for(smtp_server), today=TODAY).sent == 1


def test_two_notify_processes_at_the_same_time_send_each_message_once(db_url, smtp_server, tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    landlord = add_user(db_url, Role.LANDLORD, "piet")
    for number in ("1", "2", "3", "4"):
        case_id = seed_case(db_url, landlord, number=number)
        notify.email_letter(UnitOfWork(db_url), landlord, document_id=make_reminder(db_url, landlord, case_id),
                            today=TODAY, smtp=smtp_for(smtp_server), attach_pdf=False)
    notify.set_daily_digest(UnitOfWork(db_url), landlord, enabled=True)  # both runs want to queue it
    smtp_server.handler.delay = 0.5  # the messages take seconds: the two processes overlap
    env = {**os.environ, "DATABASE_URL": db_url.replace("postgresql+psycopg://", "postgresql://"),
           "NAARNUL_DATA_DIR": str(tmp_path), **smtp_server.env()}
    runs = [subprocess.Popen([sys.executable, "-m", "naarnul.cli", "notify", "--date", TODAY.isoformat()], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    ids = [r.message["Message-ID"] for r in smtp_server.received]
    assert len(ids) == 5 and len(set(ids)) == 5, outputs  # four letters and one digest, each once
    assert sum("Naar Nul: vandaag" in r.message["Subject"] for r in smtp_server.received) == 1
    with session_for(db_url) as session:
        assert {(m.status, m.attempts) for m in session.exec(select(OutboxMessage))} == {("sent", 1)}


def test_the_pdf_is_attached_when_libreoffice_is_here(sqlite_url, smtp_server):
    from naarnul.documents import libreoffice_available

    if not libreoffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    landlord = add_user(sqlite_url, Role.LANDLORD, "piet")
    case_id = seed_case(sqlite_url, landlord)
    queued = notify.email_letter(UnitOfWork(sqlite_url), landlord, document_id=make_reminder(sqlite_url, landlord,
                                                                                               case_id),
                                 today=TODAY, smtp=smtp_for(smtp_server))
    assert [name.rsplit(".", 1)[-1] for name in queued.attachments] == ["docx", "pdf"]
    notify.run_notify(sqlite_url, smtp_for(smtp_server), today=TODAY)
    parts = list(smtp_server.received[0].message.iter_attachments())
    assert [p.get_content_type() for p in parts] == [letter_service.DOCX, "application/pdf"]
    assert parts[1].get_payload(decode=True).startswith(b"%PDF")


def test_an_address_the_server_refuses_is_named_on_the_case(sqlite_url, smtp_server):
    landlord = add_user(sqlite_url, Role.LANDLORD, "piet")
    case_id = seed_case(sqlite_url, landlord, more=[{"name": "Els", "salutation": "mevrouw",
                                                      "email": "onbekend@voorbeeld.nl"}])
    queued = notify.email_letter(UnitOfWork(sqlite_url), landlord,
                                 document_id=make_reminder(sqlite_url, landlord, case_id), today=TODAY,
                                 smtp=smtp_for(smtp_server), attach_pdf=False)
    assert queued.recipients == ("huurder@voorbeeld.nl", "onbekend@voorbeeld.nl")
    result = notify.run_notify(sqlite_url, smtp_for(smtp_server), today=TODAY)
    assert result.sent == 1 and "onbekend@voorbeeld.nl" in result.errors[0]
    assert smtp_server.received[0].recipients == ["huurder@voorbeeld.nl"]
    with session_for(sqlite_url) as session:
        sent = session.exec(select(AuditEvent).where(AuditEvent.action == "mail.sent")).one()
        assert "De mailserver weigerde onbekend@voorbeeld.nl" in sent.summary


def test_liaisons_who_asked_get_one_email_per_new_signal_without_tenant_data(db_url, smtp_server):
    from store.models import Signal, Tenancy, User

    landlord = add_user(db_url, Role.LANDLORD, "piet")
    liaison = add_user(db_url, Role.LIAISON, "utrecht", municipality="GM0344")
    colleague = add_user(db_url, Role.LIAISON, "utrecht2", municipality="GM0344")
    elsewhere = add_user(db_url, Role.LIAISON, "amsterdam", municipality="GM0363")
    with session_for(db_url) as session:
        for user_id in (liaison.id, colleague.id, elsewhere.id):
            user = session.get(User, user_id)
            user.email = f"{user.username}@gemeente.nl"
            session.add(user)
    for person in (liaison, elsewhere):
        notify.set_signal_alerts(UnitOfWork(db_url), person, enabled=True)
    assert notify.signal_alerts_enabled(UnitOfWork(db_url), colleague) is False
    with pytest.raises(Exception, match="contactpersonen"):
        notify.set_signal_alerts(UnitOfWork(db_url), landlord, enabled=True)
    case_id = seed_case(db_url, landlord)
    with session_for(db_url) as session:
        tenancy = session.exec(select(Tenancy)).one()
        session.add(Signal(reference="NN-2026-000001", case_id=case_id, tenancy_id=tenancy.id,
                           landlord_id=landlord.id, municipality_code="GM0344", sent_on=TODAY, arrears_cents=170000,
                           arrears_months=2, urgent=True, tenant_names=HOSTILE, postcode="3511 AB"))
    first = notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY)
    again = notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY + dt.timedelta(days=1))
    assert (first.queued_signal_alerts, again.queued_signal_alerts) == (1, 0)
    assert [r.recipients for r in smtp_server.received] == [["utrecht@gemeente.nl"]]
    message = smtp_server.received[0].message
    assert message["Subject"] == "Spoed: Nieuw signaal van huurachterstand (NN-2026-000001)"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "NN-2026-000001" in body and "23 november 2026" in body
    assert "Smith" not in body and "Kerkstraat" not in body  # no tenant data by e-mail


def test_anonymising_a_case_empties_its_email(sqlite_url, smtp_server):
    landlord = add_user(sqlite_url, Role.LANDLORD, "piet")
    case_id = seed_case(sqlite_url, landlord)
    notify.email_letter(UnitOfWork(sqlite_url), landlord, document_id=make_reminder(sqlite_url, landlord, case_id),
                        today=TODAY, smtp=smtp_for(smtp_server), attach_pdf=False)
    notify.run_notify(sqlite_url, smtp_for(smtp_server), today=TODAY)
    from naarnul.services import admin as admin_service

    with session_for(sqlite_url) as session:  # closed long ago: due for anonymisation
        case = session.get(Case, case_id)
        case.status, case.closed_on = "closed", dt.date(2024, 11, 1)
        session.add(case)
    admin = add_user(sqlite_url, Role.ADMIN, "beheer")
    assert admin_service.anonymise_cases(UnitOfWork(sqlite_url), admin, case_ids=[case_id], today=TODAY) == 1
    with session_for(sqlite_url) as session:
        row = session.exec(select(OutboxMessage)).one()
        assert (bytes(row.message), row.recipients, row.evidence) == (b"", "", "{}")
        events = session.exec(select(AuditEvent).where(AuditEvent.action.like("mail.%"))).all()
        assert {(e.summary, e.detail) for e in events} == {(notify.ANONYMISED_MAIL, "{}")}
        assert not any("huurder@voorbeeld.nl" in e.summary for e in session.exec(select(AuditEvent)))


def test_the_digest_is_the_to_do_list_of_vandaag_with_the_municipalitys_answer(db_url, smtp_server):
    """Not only due steps: new feedback of the municipality is on Vandaag, so it is in the digest too (without the
    liaison's own note)."""
    from tests.integration.test_todo_list import _feedback

    landlord = add_user(db_url, Role.LANDLORD, "piet")
    liaison = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    with session_for(db_url) as session:
        fill_profile(session, landlord.id)
    _feedback(db_url, landlord, liaison, on_date=TODAY - dt.timedelta(days=1))
    notify.set_daily_digest(UnitOfWork(db_url), landlord, enabled=True)
    assert notify.run_notify(db_url, smtp_for(smtp_server), today=TODAY).queued_digests == 1
    body = smtp_server.received[0].message.get_body(preferencelist=("plain",)).get_content()
    assert "De gemeente heeft gereageerd op uw melding" in body
    assert "Schulden bij drie partijen" not in body
