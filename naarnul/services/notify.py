"""E-mail use cases: a letter to the tenant, the landlord's daily digest, a liaison's e-mail about a new signal, and
the run that sends the outbox.

Pages only queue (`email_letter`): the message goes into the outbox in the same transaction as the timeline line
that says so. `naarnul notify` (cron or a sidecar container) calls `run_notify`: it queues today's digests (one per
landlord per day: a unique key) and sends what is due, at most once per message (see store.outbox). After the SMTP
server accepted a letter, the same transaction that marks it sent keeps the message as evidence on the case and, for
the written reminder, records the reminder with the send date (the one case rule, store.cases).
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.utils import make_msgid
from typing import Callable, Mapping

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from naarnul import mail, settings, signal_sending
from naarnul.documents import libreoffice_available, to_pdf
from naarnul.docx_text import docx_text
from naarnul.errors import NaarNulError, ValidationError
from naarnul.formatting import format_date
from naarnul.services import case_steps, signal_delivery
from naarnul.services import cases as case_service
from naarnul.services import todo as todo_service
from naarnul.settings import SmtpConfig
from naarnul.users import ActingUser
from store import audit
from store import documents as document_store
from store import outbox as outbox_store
from store.unit_of_work import UnitOfWork

MAX_ATTEMPTS = 5  # a message that failed this often stays failed, with its last error
RETRY_AFTER = dt.timedelta(minutes=5)
STALE_AFTER = dt.timedelta(minutes=30)  # a claim older than this belongs to a run that died
DIGEST_ITEMS = 50
STATUS_LABELS = {outbox_store.PENDING: "wacht op verzending", outbox_store.SENDING: "wordt verstuurd",
                 outbox_store.SENT: "verstuurd", outbox_store.FAILED: "niet gelukt"}


@dataclass(frozen=True)
class MailStatus:
    enabled: bool
    line: str  # Dutch; empty when e-mail is on


def mail_status(secrets: Mapping | None = None) -> MailStatus:
    return MailStatus(True, "") if smtp_settings(secrets) else MailStatus(False, mail.EMAIL_OFF)


def smtp_settings(secrets: Mapping | None = None) -> SmtpConfig | None:
    """The SMTP settings (None: e-mail is off, also when they are wrong)."""
    try:
        return settings.smtp(secrets)
    except ValueError:
        return None


# --- a letter to the tenant ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueuedMail:
    outbox_id: int
    recipients: tuple[str, ...]
    subject: str
    attachments: tuple[str, ...]


def _letter_key(document_id: int) -> str:
    return f"letter:{document_id}"


def email_letter(uow: UnitOfWork, actor: ActingUser, *, document_id: int, today: dt.date,
                 smtp: SmtpConfig | None, attach_pdf: bool | None = None) -> QueuedMail:
    """Queue one of the landlord's documents for the tenant(s) of its case: the letter's text as the body, the
    .docx (and the PDF when LibreOffice is here) attached. One e-mail per document: a second click finds the first
    (a failed one is queued again). The reminder is recorded when the message has actually been sent."""
    if smtp is None:
        raise ValidationError(mail.EMAIL_OFF_LETTER)
    with uow:  # read and check everything first; the PDF conversion happens outside any transaction
        session = uow.session
        document = document_store.get_document(session, actor, document_id)
        case, tenancy, tenants = outbox_store.letter_recipients(session, actor, document.case_id)
        existing = outbox_store.find_by_key(session, _letter_key(document_id))
        landlord_name, reply_to = outbox_store.landlord_contact(session, actor)
        content, filename, title = bytes(document.content), document.filename, document.title
        template_name, case_id, case_open = document.template_name, case.id, case.status == "open"
        emails = [t.email for t in tenants]
        address = " ".join(p for p in (tenancy.street, tenancy.house_number, tenancy.house_number_addition) if p)
        address = f"{address}, {tenancy.place}"
        earlier = (existing.status, existing.send_date) if existing is not None else None
    if earlier is not None and earlier[0] != outbox_store.FAILED:
        when = f" op {format_date(earlier[1])}" if earlier[1] else ""
        raise ValidationError(f"Deze brief is al per e-mail {STATUS_LABELS[earlier[0]]}{when}.")
    if not case_open and template_name == "reminder":
        raise ValidationError("Dit dossier is gesloten: een herinnering per e-mail is niet meer nodig.")
    recipients = mail.clean_recipients(emails)
    attachments = [mail.Attachment(filename, content, mail.DOCX)]
    if attach_pdf is None:
        attach_pdf = libreoffice_available()
    if attach_pdf:
        pdf = to_pdf(content)
        if pdf:
            attachments.append(mail.Attachment(filename.rsplit(".", 1)[0] + ".pdf", pdf, mail.PDF))
    subject = mail.letter_subject(title, address)
    domain = smtp.from_address.rsplit("@", 1)[-1] or "naarnul.local"
    raw = mail.build_message(
        message_id=make_msgid(idstring=f"naarnul-document-{document_id}", domain=domain),
        sender=smtp.from_address, sender_name=landlord_name, recipients=recipients, subject=subject,
        body=mail.letter_body(docx_text(content), landlord_name), reply_to=reply_to,
        attachments=tuple(attachments), at=dt.datetime.now(dt.timezone.utc))
    evidence = {**mail.evidence(raw), "document_id": document_id, "template_name": template_name}
    with uow:
        session = uow.session
        again = outbox_store.find_by_key(session, _letter_key(document_id))
        if again is not None and again.status == outbox_store.FAILED:
            outbox_store.requeue_failed(session, again)
            row = again
            audit.record(session, actor, "mail.requeued", "outbox", again.id, landlord_id=actor.id,
                         case_id=case_id, summary=f"E-mail met {title} opnieuw klaargezet voor verzending")
        elif again is not None:
            raise ValidationError("Deze brief staat al klaar om per e-mail te versturen.")
        else:
            queued = outbox_store.queue(
                session, actor, landlord_id=actor.id, kind="letter", recipients=recipients, subject=subject,
                message=raw, evidence=evidence, case_id=case_id, document_id=document_id,
                dedupe_key=_letter_key(document_id),
                summary=f"E-mail met {title} klaargezet voor verzending aan {', '.join(recipients)}")
            assert queued is not None
            row = queued
        assert row.id is not None
        result = QueuedMail(row.id, tuple(recipients), subject, tuple(a.filename for a in attachments))
        uow.commit()
    return result


@dataclass(frozen=True)
class MailLine:
    document_id: int | None
    subject: str
    status: str  # Dutch
    line: str  # Dutch, one line for the page


def case_mail(uow: UnitOfWork, actor: ActingUser, *, case_id: int) -> tuple[MailLine, ...]:
    """The e-mail of one case, newest first, with its state (a read)."""
    with uow:
        return case_mail_lines(uow.session, actor, case_id)


def case_mail_lines(session: Session, actor: ActingUser, case_id: int) -> tuple[MailLine, ...]:
    """As `case_mail`, inside another read's transaction (the Brieven page reads in one)."""
    lines = []
    for row in outbox_store.messages_of_case(session, actor, case_id):
        status = STATUS_LABELS.get(row.status, row.status)
        line = f"{row.subject} – aan {row.recipients.replace(',', ', ')}: {status}"
        if row.status == outbox_store.SENT and row.send_date:
            line += f" op {format_date(row.send_date)}"
        elif row.last_error:
            line += f" (poging {row.attempts}: {row.last_error})"
        lines.append(MailLine(row.document_id, row.subject, status, line))
    return tuple(lines)


# --- the daily digest ------------------------------------------------------------------------------------------------

def daily_digest_enabled(uow: UnitOfWork, actor: ActingUser) -> bool:
    with uow:
        return outbox_store.daily_digest(uow.session, actor)


def set_daily_digest(uow: UnitOfWork, actor: ActingUser, *, enabled: bool) -> None:
    with uow:
        outbox_store.set_daily_digest(uow.session, actor, enabled)
        uow.commit()


def _digest_key(landlord_id: int, today: dt.date) -> str:
    return f"digest:{landlord_id}:{today.isoformat()}"


def queue_digests(database_url: str, smtp: SmtpConfig, *, today: dt.date) -> int:
    """Queue today's digest for every landlord who asked for it and has something to do today (the list of
    "Vandaag", after bringing the figures up to date). Never twice for one landlord and day."""
    with UnitOfWork(database_url) as uow:
        landlords = outbox_store.digest_landlords(uow.session)
    queued = 0
    for landlord, address in landlords:
        with UnitOfWork(database_url) as uow:
            if outbox_store.find_by_key(uow.session, _digest_key(landlord.id, today)) is not None:
                continue
        case_service.refresh_figures(UnitOfWork(database_url), landlord, today=today)
        # the to-do list of Vandaag itself: due steps, new feedback, missed instalments, signals waiting for delivery
        todo = todo_service.todo_list(UnitOfWork(database_url), landlord, today=today, page_size=DIGEST_ITEMS)
        if not todo.items:
            continue
        lines = tuple(mail.DueLine(item.address, item.tenant_names, item.title, item.due, item.overdue)
                      for item in todo.items)
        body = mail.digest_body(landlord.name, today, lines)
        if todo.total > len(lines):
            body += f"\nEn nog {todo.total - len(lines)} meer: zie Vandaag.\n"
        subject = mail.digest_subject(today, todo.total)
        domain = smtp.from_address.rsplit("@", 1)[-1] or "naarnul.local"
        raw = mail.build_message(
            message_id=make_msgid(idstring=f"naarnul-digest-{landlord.id}-{today.isoformat()}", domain=domain),
            sender=smtp.from_address, sender_name="Naar Nul", recipients=[address], subject=subject, body=body,
            at=dt.datetime.now(dt.timezone.utc))
        try:
            with UnitOfWork(database_url) as uow:
                row = outbox_store.queue(uow.session, None, landlord_id=landlord.id, kind="digest",
                                         recipients=[address], subject=subject, message=raw,
                                         evidence=mail.evidence(raw), dedupe_key=_digest_key(landlord.id, today),
                                         summary="Dagelijkse samenvatting klaargezet")
                uow.commit()
        except IntegrityError:  # another run queued it at this very moment
            continue
        queued += row is not None
    return queued


# --- an e-mail to the liaisons when a signal arrives (opt-in) ---------------------------------------------------------

SIGNAL_LOOKBACK = dt.timedelta(days=7)  # a signal older than this when notify first sees it gets no e-mail


def signal_alerts_enabled(uow: UnitOfWork, actor: ActingUser) -> bool:
    with uow:
        return outbox_store.signal_alerts(uow.session, actor)


def set_signal_alerts(uow: UnitOfWork, actor: ActingUser, *, enabled: bool) -> None:
    with uow:
        outbox_store.set_signal_alerts(uow.session, actor, enabled)
        uow.commit()


def alert_address(uow: UnitOfWork, actor: ActingUser) -> str:
    """The address the actor's e-mail alerts go to; "" when their account has none (then nothing is sent)."""
    with uow:
        return outbox_store.own_address(uow.session, actor)


def queue_signal_alerts(database_url: str, smtp: SmtpConfig, *, today: dt.date) -> int:
    """One e-mail per new signal to each liaison of its municipality who asked for it (a unique key per signal
    and liaison: never twice). Without the tenant's data: the liaison reads the signal in the portal."""
    with UnitOfWork(database_url) as uow:
        due = outbox_store.signal_alerts_due(uow.session, since=today - SIGNAL_LOOKBACK)
    queued = 0
    domain = smtp.from_address.rsplit("@", 1)[-1] or "naarnul.local"
    for alert in due:
        key = f"signal:{alert.signal_id}:{alert.liaison_id}"
        subject = mail.signal_alert_subject(alert.reference, alert.urgent)
        raw = mail.build_message(
            message_id=make_msgid(idstring=f"naarnul-signal-{alert.signal_id}-{alert.liaison_id}", domain=domain),
            sender=smtp.from_address, sender_name="Naar Nul", recipients=[alert.address], subject=subject,
            body=mail.signal_alert_body(alert.liaison_name, alert.reference, alert.sent_on, alert.urgent),
            at=dt.datetime.now(dt.timezone.utc))
        try:
            with UnitOfWork(database_url) as uow:
                row = outbox_store.queue(uow.session, None, landlord_id=alert.liaison_id, kind="signal",
                                         recipients=[alert.address], subject=subject, message=raw,
                                         evidence=mail.evidence(raw), dedupe_key=key,
                                         summary=f"E-mail over signaal {alert.reference} klaargezet")
                uow.commit()
        except IntegrityError:
            continue
        queued += row is not None
    return queued


# --- retention -----------------------------------------------------------------------------------------------------------

ANONYMISED_MAIL = "E-mail (geanonimiseerd)"


def forget_mail_of_cases(session, case_ids) -> int:
    """Call inside the anonymisation use case's transaction (store.retention.anonymise): the e-mail of those cases
    (message, text, addresses, the timeline lines with them) is emptied too."""
    return outbox_store.anonymise_cases(session, case_ids, summary=ANONYMISED_MAIL)


# --- sending -----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NotifyResult:
    queued_digests: int
    sent: int
    retry_later: int
    failed: int
    interrupted: int
    errors: tuple[str, ...]
    queued_signal_alerts: int = 0


Connect = Callable[[SmtpConfig], smtplib.SMTP]


def connect(config: SmtpConfig) -> smtplib.SMTP:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if config.security == "ssl":
        client = smtplib.SMTP_SSL(config.host, config.port, timeout=30, context=context)
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=30)
        if config.security == "starttls":
            client.starttls(context=context)
    if config.user:
        client.login(config.user, config.password or "")
    return client


def _after_letter_sent(session, claimed: outbox_store.Claimed, today: dt.date, *, refused: list[str]) -> None:
    """The evidence on the case, and for the written reminder the reminder with the send date."""
    landlord = outbox_store.landlord_of(session, claimed.landlord_id)
    evidence = outbox_store.evidence_of(session, claimed)
    assert claimed.case_id is not None
    names = ", ".join(a["filename"] for a in evidence.get("attachments", []))
    accepted = [address for address in claimed.recipients if address not in refused]
    summary = (f"E-mail verstuurd aan {', '.join(accepted)} op {format_date(today)}: "
               f"{evidence.get('headers', {}).get('Subject', '')} (bijlagen: {names})")
    if refused:
        summary += f". De mailserver weigerde {', '.join(refused)}"
    audit.record(session, landlord, "mail.sent", "outbox", claimed.id, landlord_id=landlord.id,
                 case_id=claimed.case_id, summary=summary, detail={**evidence, "refused": refused})
    if evidence.get("template_name") == "reminder":
        case_steps.record_written_reminder(session, landlord, claimed.case_id, on=today, today=today,
                                           via_document=True)


def send_pending(database_url: str, smtp: SmtpConfig, *, today: dt.date, limit: int = 200,
                 max_attempts: int = MAX_ATTEMPTS, retry_after: dt.timedelta = RETRY_AFTER,
                 connect_to: Connect = connect) -> NotifyResult:
    with UnitOfWork(database_url) as uow:
        interrupted = outbox_store.recover_stale(uow.session, older_than=STALE_AFTER)
        uow.commit()
    with UnitOfWork(database_url) as uow:
        claimed = outbox_store.claim(uow.session, limit=limit)
    sent = retry = failed = 0
    errors: list[str] = []
    client: smtplib.SMTP | None = None

    def give_back(item: outbox_store.Claimed, text: str) -> None:
        nonlocal retry, failed
        errors.append(f"bericht {item.id}: {text}")
        with UnitOfWork(database_url) as uow:
            status = outbox_store.mark_failed(uow.session, item, error=text, max_attempts=max_attempts,
                                              retry_after=retry_after)
            uow.commit()
        failed += status == outbox_store.FAILED
        retry += status == outbox_store.PENDING

    try:
        for index, item in enumerate(claimed):
            if client is None:
                try:
                    client = connect_to(smtp)
                except (smtplib.SMTPException, OSError) as error:  # server down: the rest waits for a later run
                    text = f"mailserver niet bereikbaar: {type(error).__name__}: {error}"
                    for rest in claimed[index:]:
                        give_back(rest, text)
                    break
            try:
                refused = client.sendmail(smtp.from_address, list(item.recipients), item.message)
            except (smtplib.SMTPException, OSError) as error:
                if not isinstance(error, (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)):
                    client.close()  # the connection itself broke: a new one for the next message
                    client = None
                give_back(item, f"{type(error).__name__}: {error}")
                continue
            if refused:
                errors.append(f"bericht {item.id}: geweigerd voor {', '.join(sorted(refused))}")
            try:
                with UnitOfWork(database_url) as uow:
                    outbox_store.mark_sent(uow.session, item, send_date=today)
                    if item.kind == "letter":
                        _after_letter_sent(uow.session, item, today, refused=sorted(refused))
                    elif item.kind == signal_sending.MAIL_KIND and not refused:  # issue 11: the delivery's day
                        signal_delivery.after_mail_sent(uow.session, item.landlord_id,
                                                        outbox_store.evidence_of(uow.session, item), today)
                    uow.commit()
            except NaarNulError as error:  # e.g. the case was closed meanwhile: still sent, say what was not done
                errors.append(f"bericht {item.id}: verstuurd, maar {error}")
                with UnitOfWork(database_url) as uow:
                    outbox_store.mark_sent(uow.session, item, send_date=today)
                    uow.commit()
            sent += 1
    finally:
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                pass
    return NotifyResult(0, sent, retry, failed, interrupted, tuple(errors))


def run_notify(database_url: str, smtp: SmtpConfig, *, today: dt.date, connect_to: Connect = connect) -> NotifyResult:
    """One run of `naarnul notify`: today's digests, then everything that is due to be sent."""
    queued = queue_digests(database_url, smtp, today=today)
    alerts = queue_signal_alerts(database_url, smtp, today=today)
    result = send_pending(database_url, smtp, today=today, connect_to=connect_to)
    return NotifyResult(queued, result.sent, result.retry_later, result.failed, result.interrupted, result.errors,
                        alerts)


def run_forever(database_url: str, smtp: SmtpConfig, *, every_seconds: int, today: Callable[[], dt.date],
                report: Callable[[NotifyResult], None]) -> None:  # pragma: no cover - the sidecar's loop
    while True:
        report(run_notify(database_url, smtp, today=today()))
        time.sleep(every_seconds)
