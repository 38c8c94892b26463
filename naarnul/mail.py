"""E-mail messages, built without sending them (pure: no network, no database).

A letter to the tenant (the letter's text as the body, the .docx and optionally the PDF attached) and the daily
digest to the landlord. Each message is kept byte for byte in the outbox; `evidence` is what the case keeps of it:
the headers, the body and the names, sizes and SHA-256 checksums of the attachments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses

from naarnul import validation
from naarnul.errors import ValidationError
from naarnul.formatting import format_date
from naarnul.text import one_line

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
EVIDENCE_HEADERS = ("Message-ID", "Date", "From", "To", "Reply-To", "Subject")
EMAIL_OFF = "E-mail staat uit: de beheerder heeft nog geen mailserver ingesteld."
EMAIL_OFF_LETTER = EMAIL_OFF + " U kunt de brief downloaden en zelf versturen."
NO_TENANT_EMAIL = ("Van de huurder is geen e-mailadres bekend. Vul het e-mailadres in bij Huurders, of download de "
                   "brief en verstuur hem zelf.")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class DueLine:
    """One item of the digest: what to do for which home, and by when."""

    address: str
    tenant_names: str
    step: str
    due: dt.date | None
    overdue: bool


def clean_recipients(addresses: list[str]) -> list[str]:
    """Valid, distinct addresses in their order; a wrong one is a Dutch error (never silently dropped)."""
    cleaned: list[str] = []
    for address in addresses:
        if not (address or "").strip():
            continue
        value = validation.email(address)
        if value not in cleaned:
            cleaned.append(value)
    if not cleaned:
        raise ValidationError(NO_TENANT_EMAIL)
    return cleaned


def _header(value: str) -> str:
    """Header text on one line: a newline in a name or address can never add a header."""
    return one_line(value or "").replace("\r", " ").replace("\n", " ")


def build_message(*, message_id: str, sender: str, sender_name: str, recipients: list[str], subject: str, body: str,
                  reply_to: str = "", attachments: tuple[Attachment, ...] = (), at: dt.datetime) -> bytes:
    message = EmailMessage(policy=policy.SMTP)
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(at)
    message["From"] = formataddr((_header(sender_name), _header(sender)))
    message["To"] = ", ".join(_header(address) for address in recipients)
    if reply_to:
        message["Reply-To"] = _header(reply_to)
    message["Subject"] = _header(subject)
    message.set_content(body, charset="utf-8")
    for item in attachments:
        maintype, subtype = item.mime.split("/", 1)
        message.add_attachment(item.content, maintype=maintype, subtype=subtype, filename=_header(item.filename))
    return message.as_bytes()


def letter_subject(title: str, address: str) -> str:
    return _header(f"{title} – {address}")


def letter_body(letter_text: str, landlord_name: str) -> str:
    """The text of the letter itself, with one line above it saying what is attached."""
    intro = (f"Hierbij ontvangt u een brief van {_header(landlord_name)}. De brief zit ook als bijlage bij deze "
             "e-mail.\n\n")
    return intro + letter_text.strip() + "\n"


def digest_subject(today: dt.date, count: int) -> str:
    return f"Naar Nul: vandaag {count} {'punt' if count == 1 else 'punten'} te doen ({format_date(today)})"


def digest_body(name: str, today: dt.date, lines: tuple[DueLine, ...], portal_url: str = "") -> str:
    out = [f"Beste {_header(name)},", "", f"Dit staat op {format_date(today)} voor u klaar in Naar Nul:", ""]
    for line in lines:
        when = (f"te laat sinds {format_date(line.due)}" if line.overdue and line.due
                else f"uiterlijk {format_date(line.due)}" if line.due else "")
        out.append(f"- {_header(line.address)} ({_header(line.tenant_names)}): {line.step}"
                   + (f", {when}" if when else ""))
    out += ["", "Open Naar Nul en kies Vandaag om de stappen te zetten." + (f" {portal_url}" if portal_url else ""),
            "", "U krijgt deze e-mail omdat u de dagelijkse samenvatting heeft aangezet bij Mijn gegevens. "
            "Daar zet u hem ook weer uit."]
    return "\n".join(out) + "\n"


def evidence(raw: bytes) -> dict:
    """What the case keeps of a message: headers, body text, and each attachment's name, size and checksum."""
    message = message_from_bytes(raw, policy=policy.default)
    headers = {name: str(message[name]) for name in EVIDENCE_HEADERS if message[name] is not None}
    body_part = message.get_body(preferencelist=("plain",))
    body = body_part.get_content() if body_part is not None else ""  # type: ignore[attr-defined]
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        attachments.append({"filename": part.get_filename() or "", "mime": part.get_content_type(),
                            "size": len(content), "sha256": hashlib.sha256(content).hexdigest()})
    return {"headers": headers, "body": body, "attachments": attachments,
            "sha256": hashlib.sha256(raw).hexdigest()}


def recipients_of(raw: bytes) -> list[str]:
    message = message_from_bytes(raw, policy=policy.default)
    return [address for _, address in getaddresses([str(message["To"] or "")]) if address]


def signal_alert_subject(reference: str, urgent: bool) -> str:
    return ("Spoed: " if urgent else "") + f"Nieuw signaal van huurachterstand ({reference})"


def signal_alert_body(name: str, reference: str, sent_on: dt.date, urgent: bool) -> str:
    """No tenant data in the e-mail itself: the liaison reads the signal in the portal."""
    lines = [f"Beste {_header(name)},", "",
             f"Op {format_date(sent_on)} kwam in Naar Nul een signaal van huurachterstand binnen voor uw gemeente, "
             f"met kenmerk {reference}."]
    if urgent:
        lines.append("De verhuurder heeft het signaal als spoed gemeld.")
    lines += ["", "Open Naar Nul en kies Signalen om het te bekijken. Om privacyredenen staan de gegevens van de "
              "huurder niet in deze e-mail.", "",
              "U krijgt deze e-mail omdat u e-mail bij een nieuw signaal heeft aangezet."]
    return "\n".join(lines) + "\n"
