"""Sending the signal to the municipality, on top of naarnul.covenant.signal_check: the refuse-before date the
reminder letter gave the tenant, the landlord's confirmation of a repeat, the reason for urgency; the signal's
reference and its line on the case timeline.

Pure: the service (naarnul.services.case_steps.send_signal) reads the facts, asks these rules and stores the Signal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from naarnul import covenant, validation
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money

REPEAT_CONFIRMATION = (" Wilt u toch opnieuw melden, bijvoorbeeld omdat de situatie van de huurder is veranderd? "
                       "Vink dan aan dat u opnieuw wilt melden.")


def clean_reason(reason: str | None) -> str:
    """The reason for urgency, on one line."""
    return " ".join((reason or "").split())


def deadline_reasons(objection_deadline: dt.date | None, today: dt.date) -> list[str]:
    """The reminder letter may give the tenant a later refuse-before date than the waiting period: respect it."""
    if objection_deadline is not None and today <= objection_deadline:
        return [f"In de herinnering staat dat de huurder tot en met {format_date(objection_deadline)} kan laten "
                "weten dat u de gegevens niet mag doorgeven. Wacht tot die datum voorbij is."]
    return []


def with_deadline(check: covenant.SignalCheck, objection_deadline: dt.date | None,
                  today: dt.date) -> covenant.SignalCheck:
    """covenant.signal_check's answer, refused while the reminder letter's refuse-before date has not passed."""
    extra = deadline_reasons(objection_deadline, today)
    if not extra:
        return check
    return dataclasses.replace(check, allowed=False, reasons=list(check.reasons) + extra)


def sending_problems(check: covenant.SignalCheck, objection_deadline: dt.date | None, today: dt.date, *,
                     urgent: bool, urgent_reason: str, confirm_repeat: bool) -> list[str]:
    """Every Dutch reason why the signal cannot be sent now (empty: send it). `urgent_reason` is already cleaned."""
    reasons = list(check.reasons) + deadline_reasons(objection_deadline, today)
    if check.is_repeat and not confirm_repeat:
        reasons.append(check.repeat_notice + REPEAT_CONFIRMATION)
    if urgent and not urgent_reason:
        reasons.append("Schrijf kort waarom de melding spoed heeft, bijvoorbeeld de datum bij de rechter.")
    if len(urgent_reason) > covenant.URGENT_REASON_MAX:
        reasons.append(f"De reden voor spoed is te lang: hoogstens {covenant.URGENT_REASON_MAX} tekens.")
    return reasons


def reference(sent_on: dt.date, signal_id: int) -> str:
    """The signal's reference the municipality quotes: NN-<year>-<6-digit number>."""
    return f"NN-{sent_on.year}-{signal_id:06d}"


def summary(reference: str, arrears: Decimal, months: int, *, urgent: bool, urgent_reason: str,
            in_portal: bool = True) -> str:
    """The signal's line on the case timeline; "gedaan" only when it reached the municipality in the portal."""
    what = "gedaan bij de gemeente" if in_portal else "klaargezet voor de gemeente (nog niet verstuurd)"
    return (f"Melding {reference} {what}: achterstand {format_money(arrears)} ({months} maand(en))"
            + (f", met spoed: {urgent_reason}" if urgent else ""))


# --- how the municipality receives signals (issue 11) ---------------------------------------------------------------
#
# The admin records per municipality how it receives signals. A signal is delivered in the portal only when the
# municipality receives signals there AND has an active liaison account; otherwise the landlord sends the notification
# themselves (e-mail, the municipality's own platform or web form, or an address they found) and records the date.
# Until that date is recorded the signal is "waiting for delivery": never called "verstuurd".

PORTAL = "portal"
EMAIL = "email"
WEB_FORM = "web_form"
UNKNOWN = "unknown"  # no channel recorded and no liaison account: the landlord finds the address
CHANNELS = {PORTAL: "In Naar Nul (de gemeente heeft een contactpersoon in het portaal)",
            EMAIL: "Per e-mail aan het adres voor vroegsignalering",
            WEB_FORM: "Via een eigen platform of webformulier van de gemeente"}
VIA = {PORTAL: "Naar Nul", EMAIL: "e-mail", WEB_FORM: "het webformulier", UNKNOWN: "de gemeente"}
EMAIL_MAX = 200
URL_MAX = 500
ADDRESS_MAX = 500
_STRICT_EMAIL = re.compile(r"^[A-Za-z0-9!#$%*+/=?^_~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                           r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d{1,5})?(/[^\s<>\"'`{}|\\^]*)?$")


@dataclass(frozen=True)
class ChannelEntry:
    """A checked channel as the admin recorded it: the e-mail address or the URL that goes with it (else "")."""

    channel: str
    email: str = ""
    url: str = ""


def check_url(value: str) -> str:
    """A web address that starts with https:// (a form where tenants' data is entered must be encrypted)."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Vul het webadres van het platform of formulier in, bijvoorbeeld "
                              "https://www.gemeente.nl/vroegsignalering.")
    if len(text) > URL_MAX:
        raise ValidationError(f"Het webadres is te lang: hoogstens {URL_MAX} tekens.")
    if text.lower().startswith("http://"):
        raise ValidationError("Het webadres moet beginnen met https:// (een beveiligde verbinding). Gegevens van "
                              "huurders gaan nooit over een onbeveiligde verbinding.")
    if not _URL.match(text):
        raise ValidationError(f"'{text}' is geen geldig webadres. Een webadres ziet eruit als "
                              "https://www.gemeente.nl/vroegsignalering.")
    return text


def check_channel(channel: str, *, email: str = "", url: str = "") -> ChannelEntry:
    """The admin's choice, with the address the channel needs; every problem at once, in Dutch."""
    if channel not in CHANNELS:
        raise ValidationError("Kies hoe de gemeente meldingen ontvangt: in Naar Nul, per e-mail of via een eigen "
                              "platform of webformulier.")
    if channel == EMAIL:
        address = validation.email(email)
        if not _STRICT_EMAIL.match(address):  # an address a mail server accepts: no <, &, quotes or braces
            raise ValidationError(f"'{address}' is geen geldig e-mailadres. Een e-mailadres ziet eruit als "
                                  "vroegsignalering@gemeente.nl.")
        if len(address) > EMAIL_MAX:
            raise ValidationError(f"Het e-mailadres is te lang: hoogstens {EMAIL_MAX} tekens.")
        return ChannelEntry(EMAIL, email=address)
    if channel == WEB_FORM:
        return ChannelEntry(WEB_FORM, url=check_url(url))
    return ChannelEntry(PORTAL)


def effective_channel(recorded: str | None, has_liaison: bool) -> str:
    """How a signal reaches the municipality today. "In Naar Nul" counts only with an active liaison account; a
    municipality without a recorded channel but with a liaison receives in the portal (as before issue 11)."""
    if recorded in (EMAIL, WEB_FORM):
        return str(recorded)
    return PORTAL if has_liaison else UNKNOWN


@dataclass(frozen=True)
class Route:
    """Where a signal for a municipality goes: the channel and the exact address or form (or "")."""

    municipality_name: str
    channel: str  # PORTAL / EMAIL / WEB_FORM / UNKNOWN
    address: str = ""
    help_email: str = ""  # the municipality's debt-help contact, a lead when no channel is known
    help_website: str = ""

    @property
    def in_portal(self) -> bool:
        return self.channel == PORTAL


def route(municipality_name: str, recorded: str | None, *, has_liaison: bool, email: str = "", url: str = "",
          help_email: str = "", help_website: str = "") -> Route:
    channel = effective_channel(recorded, has_liaison)
    address = email if channel == EMAIL else url if channel == WEB_FORM else ""
    return Route(municipality_name, channel, address, help_email=help_email, help_website=help_website)


def before_sending_notice(target: Route) -> str:
    """What the landlord reads before sending, when the municipality is not in the portal (empty when it is)."""
    name = target.municipality_name
    if target.channel == PORTAL:
        return ""
    head = (f"De gemeente {name} ontvangt meldingen niet in Naar Nul. Naar Nul zet de melding voor u klaar, maar "
            "verstuurt hem niet. ")
    if target.channel == EMAIL:
        return head + (f"Download daarna de melding en stuur hem per e-mail aan {target.address}. Leg daarna hier "
                       "vast op welke dag u hem verstuurde.")
    if target.channel == WEB_FORM:
        return head + (f"Download daarna de melding en vul hem in op het formulier van de gemeente: "
                       f"{target.address}. Leg daarna hier vast op welke dag u hem verstuurde.")
    lead = ""
    if target.help_email or target.help_website:
        lead = " Vraag het adres bij de gemeente na, bijvoorbeeld via " + " of ".join(
            p for p in (target.help_email, target.help_website) if p) + "."
    return head + ("Naar Nul weet nog niet hoe deze gemeente meldingen ontvangt." + lead + " Download daarna de "
                   "melding, stuur hem naar de gemeente en leg hier vast hoe en op welke dag u hem verstuurde.")


def how_to_send(channel: str, address: str) -> str:
    """The short instruction shown while a signal waits for delivery."""
    if channel == EMAIL:
        return f"Stuur de melding per e-mail aan {address}."
    if channel == WEB_FORM:
        return f"Vul de melding in op het formulier van de gemeente: {address}."
    return "Stuur de melding naar de gemeente (vraag het adres voor vroegsignalering bij de gemeente na)."


def delivery_line(channel: str, address: str, delivered_on: dt.date | None, *, municipality_name: str,
                  prepared_on: dt.date) -> str:
    """One Dutch sentence on the case: delivered in the portal, sent by the landlord (how, when), or waiting.
    Never "verstuurd" when nothing was delivered."""
    if channel == PORTAL and delivered_on is not None:
        return f"Afgeleverd bij de gemeente {municipality_name} in Naar Nul op {format_date(delivered_on)}."
    if delivered_on is None:
        return (f"Klaargezet op {format_date(prepared_on)}, nog niet verstuurd. " + how_to_send(channel, address)
                + " Leg daarna de datum vast.")
    if channel == EMAIL:
        return f"Door u verstuurd via e-mail aan {address} op {format_date(delivered_on)}."
    if channel == WEB_FORM:
        return f"Door u verstuurd via het webformulier {address} op {format_date(delivered_on)}."
    return f"Door u verstuurd via {address} op {format_date(delivered_on)}."


def check_delivered_on(day: object, *, prepared_on: dt.date, today: dt.date) -> dt.date:
    """The day the landlord sent the notification: on or after the day it was prepared, not in the future."""
    if not isinstance(day, dt.date):
        raise ValidationError("Vul de datum in waarop u de melding naar de gemeente stuurde.")
    day = day.date() if isinstance(day, dt.datetime) else day
    if day > today:
        raise ValidationError(f"De datum {format_date(day)} ligt in de toekomst. Kies vandaag of een eerdere datum.")
    if day < prepared_on:
        raise ValidationError(f"De datum ligt voor de dag waarop de melding is klaargezet "
                              f"({format_date(prepared_on)}). Kies die dag of later.")
    return day


def check_sent_to(channel: str, typed: str, known: str) -> str:
    """Where the landlord sent it: the known address of the channel, or (no channel known) what they typed."""
    if channel in (EMAIL, WEB_FORM) and known:
        return known
    text = " ".join((typed or "").split())
    if not text:
        raise ValidationError("Schrijf waar u de melding naartoe stuurde, bijvoorbeeld het e-mailadres of de "
                              "website van de gemeente.")
    if len(text) > ADDRESS_MAX:
        raise ValidationError(f"Het adres is te lang: hoogstens {ADDRESS_MAX} tekens.")
    return text


def prepared_summary(reference: str, channel: str, address: str) -> str:
    """The timeline line when a signal is prepared for the landlord to send."""
    return (f"Melding {reference} klaargezet voor de gemeente, nog niet verstuurd. " + how_to_send(channel, address)
            )[:500]


def delivered_summary(reference: str, channel: str, address: str, day: dt.date) -> str:
    text = delivery_line(channel, address, day, municipality_name="", prepared_on=day)
    return f"Melding {reference}: {text[0].lower()}{text[1:]}"[:500]


def channel_summary(municipality_name: str, entry: ChannelEntry) -> str:
    where = entry.email or entry.url
    return (f"Ontvangst van meldingen door {municipality_name}: {CHANNELS[entry.channel].lower()}"
            + (f" ({where})" if where else ""))[:500]


# --- warm handover ---------------------------------------------------------------------------------------------------

ORGANISATION_MAX = 200
PERSON_MAX = 200


@dataclass(frozen=True)
class WarmHandover:
    """With the tenant's consent: who already has contact with the tenant, so the municipality can take over
    warmly (DDAS `warmeOverdracht`)."""

    organisation: str
    person: str
    phone: str


def check_warm_handover(*, marked: bool, consent: bool, organisation: str, person: str,
                        phone: str) -> WarmHandover | None:
    """None when the landlord did not mark a warm handover; every problem at once otherwise."""
    if not marked:
        return None
    problems: list[str] = []
    if not consent:
        problems.append("Een warme overdracht mag alleen met toestemming van de huurder. Vink aan dat de huurder "
                        "daarmee instemt, of zet de warme overdracht uit.")
    org = " ".join((organisation or "").split())
    who = " ".join((person or "").split())
    if not org:
        problems.append("Vul de organisatie in die al contact heeft met de huurder, bijvoorbeeld Buurtteam Oost.")
    elif len(org) > ORGANISATION_MAX:
        problems.append(f"De naam van de organisatie is te lang: hoogstens {ORGANISATION_MAX} tekens.")
    if not who:
        problems.append("Vul de naam in van de persoon die al contact heeft met de huurder.")
    elif len(who) > PERSON_MAX:
        problems.append(f"De naam van de persoon is te lang: hoogstens {PERSON_MAX} tekens.")
    number = ""
    with validation.collect(problems):
        number = validation.phone(phone)
    if problems:
        raise ValidationError(problems)
    return WarmHandover(organisation=org, person=who, phone=number)


def handover_payload(handover: WarmHandover | None, consent_on: dt.date) -> dict[str, object]:
    """The keys the signal's snapshot keeps (read by the notification, the liaison page and the DDAS export)."""
    if handover is None:
        return {"warm_handover": False}
    return {"warm_handover": True, "handover_consent_on": consent_on.isoformat(),
            "handover_organisation": handover.organisation, "handover_person": handover.person,
            "handover_phone": handover.phone,
            "support_worker": f"{handover.person} ({handover.organisation}), telefoon {handover.phone}"}


# --- by e-mail through the outbox (issue 11, optional: when SMTP is configured) ------------------------------------

MAIL_KIND = "signal_delivery"  # OutboxMessage.kind


def mail_key(signal_id: int) -> str:
    return f"signal-delivery:{signal_id}"


def mail_subject(reference: str, municipality_name: str) -> str:
    return f"Melding vroegsignalering {reference} voor de gemeente {municipality_name}"


def mail_body(reference: str, landlord_name: str, landlord_email: str) -> str:
    """The e-mail to the municipality's vroegsignalering address; the notification itself is attached."""
    contact = f" U kunt mij bereiken via {landlord_email}." if landlord_email else ""
    return (f"Geachte heer, mevrouw,\n\nIn de bijlage vindt u een melding vroegsignalering over een huurachterstand "
            f"(kenmerk {reference}), zodat u de huurder hulp kunt aanbieden. De huurder is eerder gewezen op "
            "schuldhulp en heeft geen bezwaar gemaakt tegen het doorgeven van de gegevens. De melding zit erbij als "
            f"Word-document en als CSV-bestand.{contact}\n\nMet vriendelijke groet,\n{landlord_name}\n")
