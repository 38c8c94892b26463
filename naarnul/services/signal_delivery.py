"""A signal always reaches the municipality (issue 11): how each municipality receives signals (the admin records
it), the route a landlord's signal takes, the landlord's record of sending it themselves, what still waits for
delivery (Vandaag) and the notification files the landlord sends.

A signal is delivered in the portal only when the municipality receives signals there and has an active liaison
account; otherwise the landlord gets the notification (.docx, PDF, CSV, JSON) with the exact address or form, and
the signal waits for delivery until the landlord records the day they sent it. The rules and the Dutch words are
in `naarnul.signal_sending`; persistence in `store.municipalities` and `store.signals`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.utils import make_msgid

from sqlmodel import Session

from naarnul import access, mail
from naarnul import signal_sending as rules
from naarnul import signals as signal_rules
from naarnul.documents.pdf import libreoffice_available, to_pdf
from naarnul.errors import NotAllowed, ValidationError
from naarnul.settings import SmtpConfig
from naarnul.users import ActingUser
from store import cases as case_store
from store import municipalities as municipality_store
from store import outbox as outbox_store
from store import signals as signal_store
from store import tenancies as tenancy_store
from store.models import OutboxMessage, Signal
from store.unit_of_work import UnitOfWork

CHANNELS = dict(rules.CHANNELS)
EMAIL_MAX = rules.EMAIL_MAX
URL_MAX = rules.URL_MAX
ADDRESS_MAX = rules.ADDRESS_MAX
ORGANISATION_MAX = rules.ORGANISATION_MAX
PERSON_MAX = rules.PERSON_MAX
FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf", "csv": "text/csv", "json": "application/json"}


# --- the admin: how a municipality receives signals ----------------------------------------------------------------

@dataclass(frozen=True)
class ChannelRow:
    code: str
    name: str
    channel: str | None  # as recorded (None: nothing recorded)
    email: str
    url: str
    has_liaison: bool
    effective: str  # how a signal reaches it today (rules.PORTAL / EMAIL / WEB_FORM / UNKNOWN)
    label: str  # Dutch, for the overview


def _effective_label(effective: str, address: str) -> str:
    if effective == rules.PORTAL:
        return "In Naar Nul"
    if effective == rules.UNKNOWN:
        return "Onbekend: verhuurders moeten zelf het adres zoeken"
    return ("Per e-mail aan " if effective == rules.EMAIL else "Via formulier ") + address


def list_signal_channels(uow: UnitOfWork, actor: ActingUser) -> tuple[ChannelRow, ...]:
    with uow.reading():
        channels = municipality_store.signal_channels(uow.session, actor)
        rows = []
        for municipality in municipality_store.list_all(uow.session):
            c = channels[municipality.code]
            target = rules.route(municipality.name, c["channel"], has_liaison=c["has_liaison"], email=c["email"],
                                 url=c["url"])
            rows.append(ChannelRow(code=municipality.code, name=municipality.name, channel=c["channel"],
                                   email=c["email"], url=c["url"], has_liaison=c["has_liaison"],
                                   effective=target.channel, label=_effective_label(target.channel, target.address)))
        return tuple(rows)


def set_signal_channel(uow: UnitOfWork, actor: ActingUser, *, code: str, channel: str, email: str = "",
                       url: str = "") -> bool:
    """Record how the municipality receives signals; the address is checked (e-mail) or must be https (URL).
    Audited; False when nothing changed."""
    entry = rules.check_channel(channel, email=email, url=url)
    with uow:
        name = municipality_store.get(uow.session, code).name
        changed = municipality_store.set_signal_channel(uow.session, actor, code, channel=entry.channel,
                                                        email=entry.email, url=entry.url,
                                                        summary=rules.channel_summary(name, entry))
        uow.commit()
        return changed


# --- the landlord: the route, before and when sending --------------------------------------------------------------

def _route(session: Session, code: str) -> rules.Route:
    c = municipality_store.signal_channel(session, code)
    return rules.route(c["name"], c["channel"], has_liaison=c["has_liaison"], email=c["email"], url=c["url"],
                       help_email=c["help_email"], help_website=c["help_website"])


def route_for_case(uow: UnitOfWork, actor: ActingUser, *, case_id: int) -> rules.Route:
    """Where a signal of this case would go today (a read: shown before sending)."""
    with uow.reading():
        case = case_store.get_case(uow.session, actor, case_id)
        tenancy = tenancy_store.get_tenancy(uow.session, actor, case.tenancy_id)
        return _route(uow.session, tenancy.municipality_code)


def prepare(session: Session, actor: ActingUser, signal: Signal) -> rules.Route:
    """Inside the transaction that makes the signal: fix its route. In the portal it is delivered on its date;
    otherwise it waits for the landlord to send it."""
    target = _route(session, signal.municipality_code)
    signal_store.add_delivery(session, actor, signal, channel=target.channel, address=target.address,
                              delivered_on=signal.sent_on if target.in_portal else None)
    return target


def record_delivery(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, delivered_on: dt.date | None,
                    sent_to: str = "", today: dt.date) -> bool:
    """The landlord sent the notification themselves: the day (not before it was prepared, not in the future) and,
    when no address was known, where to. Audited on the case timeline; False when nothing changed."""
    with uow:
        state = signal_store.delivery_state(uow.session, actor, signal_id)
        if state["channel"] == rules.PORTAL:
            raise NotAllowed(access.DELIVERY_ALREADY_IN_PORTAL)
        problems: list[str] = []
        day = address = None
        try:
            day = rules.check_delivered_on(delivered_on, prepared_on=state["prepared_on"], today=today)
        except ValidationError as error:
            problems.extend(error.problems)
        try:
            address = rules.check_sent_to(state["channel"], sent_to, state["address"])
        except ValidationError as error:
            problems.extend(error.problems)
        if problems or day is None or address is None:
            raise ValidationError(problems)
        changed = signal_store.record_delivery(
            uow.session, actor, signal_id, delivered_on=day, address=address,
            summary=rules.delivered_summary(state["reference"], state["channel"], address, day))
        uow.commit()
        return changed


# --- what the landlord sees -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeliveryLine:
    signal_id: int
    case_id: int
    reference: str
    prepared_on: dt.date
    channel: str
    address: str
    delivered_on: dt.date | None
    municipality_name: str
    tenant_names: str
    home: str
    urgent: bool
    sentence: str  # "Door u verstuurd via e-mail aan … op …" / "Klaargezet op …, nog niet verstuurd …"
    how_to_send: str

    @property
    def waiting(self) -> bool:
        return self.delivered_on is None

    @property
    def needs_address(self) -> bool:
        """No address was known: the landlord writes where they sent it."""
        return self.channel == rules.UNKNOWN


def _line(row: dict) -> DeliveryLine:
    return DeliveryLine(
        **row, sentence=rules.delivery_line(row["channel"], row["address"], row["delivered_on"],
                                            municipality_name=row["municipality_name"],
                                            prepared_on=row["prepared_on"]),
        how_to_send=rules.how_to_send(row["channel"], row["address"]))


def signals_waiting_for_delivery(uow: UnitOfWork, actor: ActingUser) -> tuple[DeliveryLine, ...]:
    """The landlord's signals that are prepared but not yet sent (for Vandaag), oldest first. A read."""
    with uow.reading():
        return tuple(_line(row) for row in signal_store.waiting_for_delivery(uow.session, actor))


def deliveries_of_case(uow: UnitOfWork, actor: ActingUser, *, case_id: int) -> tuple[DeliveryLine, ...]:
    """How each signal of the case reached (or still has to reach) the municipality. A read."""
    with uow.reading():
        return tuple(_line(row) for row in signal_store.deliveries_of_case(uow.session, actor, case_id))


@dataclass(frozen=True)
class NotificationFile:
    filename: str
    data: bytes
    mime: str


def notification_file(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, fmt: str) -> NotificationFile:
    """The notification of the landlord's own signal to send themselves: the letter (.docx, or PDF by
    LibreOffice; empty when that is not possible here) or the record (CSV, JSON) as the municipality receives it."""
    if fmt not in FORMATS:
        raise ValidationError("Kies Word, PDF, CSV of JSON.")
    with uow:
        if fmt in ("docx", "pdf"):
            filename, content = signal_store.own_notification_document(uow.session, actor, signal_id)
        else:
            record = signal_store.own_signal_record(uow.session, actor, signal_id)
            filename, content = f"{record.reference}.{fmt}", signal_rules.export([record], fmt)
    filename = signal_rules.safe_filename(filename, "melding")
    if fmt == "pdf":
        return NotificationFile(filename.rsplit(".", 1)[0] + ".pdf", to_pdf(content) or b"", FORMATS["pdf"])
    return NotificationFile(filename, content, FORMATS[fmt])


def pdf_available() -> bool:
    """Whether LibreOffice can make the PDF here."""
    return libreoffice_available()


def sent_message(target: rules.Route, reference: str) -> str:
    """The message right after sending: "verstuurd" only when the signal reached the municipality in the portal."""
    if target.in_portal:
        return f"De melding is verstuurd (kenmerk {reference}). De gemeente ziet hem in Naar Nul."
    return (f"De melding is klaargezet (kenmerk {reference}), maar nog niet bij de gemeente. Download hem hieronder "
            "en stuur hem zelf. " + rules.how_to_send(target.channel, target.address) + " Leg daarna de datum vast.")


# --- by e-mail through the outbox (optional: when SMTP is configured) ----------------------------------------------

@dataclass(frozen=True)
class QueuedSignalMail:
    outbox_id: int
    recipient: str
    attachments: tuple[str, ...]


def email_signal(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, smtp: SmtpConfig | None,
                 now: dt.datetime | None = None) -> QueuedSignalMail:
    """Queue the notification for the municipality's vroegsignalering address (channel "e-mail"): the letter and
    the CSV attached. `naarnul notify` sends it and then records the delivery with that day; until then the signal
    still waits. One message per signal (a failed one is queued again)."""
    if smtp is None:
        raise ValidationError(mail.EMAIL_OFF)
    with uow:
        session = uow.session
        state = signal_store.delivery_state(session, actor, signal_id)
        if state["channel"] != rules.EMAIL:
            raise ValidationError("Deze gemeente ontvangt meldingen niet per e-mail. Stuur de melding zoals "
                                  "hierboven staat.")
        if state["delivered_on"] is not None:
            raise ValidationError("Deze melding is al verstuurd.")
        existing = outbox_store.find_by_key(session, rules.mail_key(signal_id))
        if existing is not None and existing.status != outbox_store.FAILED:
            raise ValidationError("Deze melding staat al klaar om per e-mail te versturen.")
        filename, content = signal_store.own_notification_document(session, actor, signal_id)
        record = signal_store.own_signal_record(session, actor, signal_id)
        landlord_name, reply_to = outbox_store.landlord_contact(session, actor)
        rows = signal_store.waiting_for_delivery(session, actor)
        row = next(r for r in rows if r["signal_id"] == signal_id)
        case_id, municipality_name = row["case_id"], row["municipality_name"]
    reference, address = state["reference"], state["address"]
    attachments = (mail.Attachment(signal_rules.safe_filename(filename, "melding.docx"), content, mail.DOCX),
                   mail.Attachment(f"{signal_rules.safe_filename(reference)}.csv",
                                   signal_rules.export([record], "csv"), "text/csv"))
    domain = smtp.from_address.rsplit("@", 1)[-1] or "naarnul.local"
    subject = rules.mail_subject(reference, municipality_name)
    raw = mail.build_message(
        message_id=make_msgid(idstring=f"naarnul-signal-{signal_id}", domain=domain), sender=smtp.from_address,
        sender_name=landlord_name, recipients=[address], subject=subject,
        body=rules.mail_body(reference, landlord_name, reply_to), reply_to=reply_to, attachments=attachments,
        at=now or dt.datetime.now(dt.timezone.utc))
    evidence = {**mail.evidence(raw), "signal_id": signal_id}
    with uow:
        session = uow.session
        again = outbox_store.find_by_key(session, rules.mail_key(signal_id))
        queued: OutboxMessage | None
        if again is not None and again.status == outbox_store.FAILED:
            outbox_store.requeue_failed(session, again)
            queued = again
        elif again is not None:
            raise ValidationError("Deze melding staat al klaar om per e-mail te versturen.")
        else:
            queued = outbox_store.queue(
                session, actor, landlord_id=actor.id or 0, kind=rules.MAIL_KIND, recipients=[address],
                subject=subject, message=raw, evidence=evidence, case_id=case_id, dedupe_key=rules.mail_key(signal_id),
                summary=f"Melding {reference} klaargezet om per e-mail te versturen aan {address}")
        assert queued is not None and queued.id is not None
        result = QueuedSignalMail(queued.id, address, tuple(a.filename for a in attachments))
        uow.commit()
    return result


def after_mail_sent(session: Session, landlord_id: int, evidence: dict, today: dt.date) -> None:
    """Called by `naarnul notify` in the transaction that marks the e-mail sent: the delivery, with that day."""
    landlord = outbox_store.landlord_of(session, landlord_id)
    signal_id = int(evidence["signal_id"])
    state = signal_store.delivery_state(session, landlord, signal_id)
    if state["delivered_on"] is not None:
        return
    signal_store.record_delivery(session, landlord, signal_id, delivered_on=today, address=state["address"],
                                 summary=rules.delivered_summary(state["reference"], state["channel"],
                                                                 state["address"], today))
