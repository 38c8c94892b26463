"""Signals on the municipal side, the rules and words: statuses, feedback outcomes and their checks, the collection
pause, and the exports (CSV, JSON, ZIP) of what the municipality received.

Pure functions over plain values; `store.signals` finds and writes the rows, `naarnul.services.signals` composes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from naarnul import covenant
from naarnul.documents.export import EXPORT_FIELDS, _defuse, flatten
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money, format_month
from naarnul.ledger import Arrears

STATUSES = {"new": "nieuw", "in_progress": "in behandeling", "done": "afgerond"}

# outcome codes a municipality uses when it did NOT pick the signal up (convenant.md §5); the rest is "picked up"
NOT_PICKED_UP = ("repeat_signal", "unjustified_signal", "deceased", "not_inhabitant", "not_picked_up_other")
PICKED_UP = tuple(code for code in covenant.FEEDBACK_OUTCOMES if code not in NOT_PICKED_UP)
# outcomes that cannot go together with "the tenant accepted help"
NO_HELP_OUTCOMES = set(NOT_PICKED_UP) | {"does_not_want_help", "no_contact", "no_response"}
NOTE_MAX = 5000
SUMMARY_MAX = 500  # the audit summary column

IN_PROGRESS_SUMMARY = "De gemeente heeft de melding in behandeling genomen"
UNASSIGNED = "none"  # the inbox filter "nobody assigned"


def check_inbox_filters(status: str | None, since: dt.date | None, until: dt.date | None,
                        min_age_days: int | None = None, picked_up: bool | None = None) -> None:
    problems = []
    if status and status not in STATUSES:
        problems.append("Kies een status: " + ", ".join(STATUSES.values()) + ".")
    if since and until and since > until:
        problems.append("De begindatum ligt na de einddatum.")
    if min_age_days is not None and not (0 <= min_age_days <= 3650):
        problems.append("Kies een leeftijd van 0 tot 3650 dagen.")
    if picked_up not in (None, True, False):
        problems.append("Kies of de melding al is opgepakt.")
    if problems:
        raise ValidationError(problems)


# --- workflow -------------------------------------------------------------------------------------------------------

def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ValidationError("Kies een status: " + ", ".join(STATUSES.values()) + ".")
    return status


def check_picked_up_on(day: object, *, sent_on: dt.date, today: dt.date) -> dt.date:
    """The day the municipality picked the signal up: on or after the signal, not in the future."""
    if not isinstance(day, dt.date):
        raise ValidationError("Vul de datum in waarop de gemeente de melding oppakte.")
    day = day.date() if isinstance(day, dt.datetime) else day
    problems = []
    if day > today:
        problems.append(f"De datum {format_date(day)} ligt in de toekomst. Kies vandaag of een eerdere datum.")
    if day < sent_on:
        problems.append(f"De datum ligt voor de melding ({format_date(sent_on)}). Kies de datum van de melding "
                        "of later.")
    if problems:
        raise ValidationError(problems)
    return day


def picked_up_on_after(status: str, picked_up_on: dt.date | None, today: dt.date) -> dt.date | None:
    """The picked-up date after a status change: set to today when the signal leaves "nieuw" without one, cleared
    when it goes back to "nieuw" (it was not picked up after all)."""
    if status == "new":
        return None
    return picked_up_on or today


def age_days(sent_on: dt.date, today: dt.date) -> int:
    """Days since the signal (0 on the day itself)."""
    return max(0, (today - sent_on).days)


def age_text(days: int) -> str:
    return "vandaag" if days == 0 else ("1 dag" if days == 1 else f"{days} dagen")


def status_summary(status: str) -> str:
    return f"Status van de melding: {status_label(status)}"


def assigned_summary(name: str | None) -> str:
    return (f"Melding toegewezen aan {name}" if name else "Toewijzing van de melding ingetrokken")[:SUMMARY_MAX]


def picked_up_summary(day: dt.date) -> str:
    return f"Datum opgepakt door de gemeente: {format_date(day)}"


def municipal_contact_summary(kind: str, reached: bool, day: dt.date) -> str:
    return f"Contactpoging van de gemeente ({kind.lower()}) op {format_date(day)}: " + (
        "bereikt" if reached else "niet bereikt")


# --- the signal as a case ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TenantLine:
    name: str
    phone: str
    email: str
    born: str  # "12 maart 1980" or ""


@dataclass(frozen=True)
class ArrearsLine:
    month: str  # "september 2026"
    due: str  # "1 september 2026"
    amount: str  # "€ 925,00"


@dataclass(frozen=True)
class Step:
    on_date: dt.date
    when: str  # "30 september 2026"
    text: str


@dataclass(frozen=True)
class CaseStory:
    """The signal as a liaison reads it: all Dutch text, Dutch dates and money; no export labels."""

    tenants: tuple[TenantLine, ...]
    home: str
    monthly_rent: str
    arrears_total: str
    arrears_since: str
    arrears_lines: tuple[ArrearsLine, ...]
    steps: tuple[Step, ...]
    urgent_reason: str
    support_worker: str
    warm_handover: bool | None  # None: the landlord did not record it
    landlord: tuple[tuple[str, str], ...]  # (label, text)
    # warm handover (issue 11): who already has contact with the tenant, with the tenant's consent of that date
    handover_organisation: str = ""
    handover_person: str = ""
    handover_phone: str = ""
    handover_consent_on: str = ""  # "2 december 2026" or ""


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _amount(value: object) -> str:
    try:
        return format_money(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return ""


def _text(value: object) -> str:
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def case_story(payload: dict, *, sent_on: dt.date, arrears_cents: int, oldest_unpaid_due: dt.date | None,
               urgent: bool, friendly_reminder_on: dt.date | None = None, reminder_on: dt.date | None = None,
               contact_failed_on: dt.date | None = None,
               contact_attempts: tuple[tuple[dt.date, str, str], ...] = ()) -> CaseStory:
    """The notification payload and the case's dated steps as a readable case. `contact_attempts`: (date, channel,
    outcome) in Dutch words, the landlord's attempts."""
    tenants = []
    for tenant in payload.get("tenants") or []:
        if isinstance(tenant, dict) and _text(tenant.get("name")):
            born = _day(tenant.get("date_of_birth"))
            tenants.append(TenantLine(name=_text(tenant.get("name")), phone=_text(tenant.get("phone")),
                                      email=_text(tenant.get("email")), born=format_date(born) if born else ""))
    street = " ".join(p for p in (_text(payload.get("address_street")), _text(payload.get("address_house_number")),
                                  _text(payload.get("address_house_number_addition"))) if p)
    place = " ".join(p for p in (_text(payload.get("address_postcode")), _text(payload.get("address_place"))) if p)
    home = ", ".join(p for p in (street, place) if p)
    lines = []
    for item in payload.get("arrears_items") or []:
        if not isinstance(item, dict):
            continue
        due = _day(item.get("due_date")) or _day(f"{item.get('month', '')}-01")
        if due is None:
            continue
        lines.append(ArrearsLine(month=format_month(due), due=format_date(due), amount=_amount(item.get("amount_open"))))
    steps: list[Step] = []

    def step(day: dt.date | None, text: str) -> None:
        if day is not None:
            steps.append(Step(on_date=day, when=format_date(day), text=text))

    step(friendly_reminder_on, "Vriendelijke herinnering aan de huurder gestuurd")
    step(reminder_on or _day(payload.get("reminder_date")), "Schriftelijke betalingsherinnering gestuurd")
    for on_date, channel, outcome in contact_attempts:
        step(on_date, f"Contact gezocht ({channel})" + (f": {outcome}" if outcome else ""))
    step(contact_failed_on, "Vastgesteld dat persoonlijk contact niet lukte")
    if payload.get("no_objection_received") is True:
        step(_day(payload.get("objection_deadline")), "Termijn voor bezwaar verlopen: geen bezwaar ontvangen")
    step(sent_on, "Melding aan de gemeente gedaan" + (" (met spoed)" if urgent else ""))
    steps.sort(key=lambda s: s.on_date)
    landlord = tuple((label, _text(payload.get(key))) for key, label in (
        ("landlord_name", "Verhuurder"), ("landlord_contact_person", "Contactpersoon"),
        ("landlord_phone", "Telefoon"), ("landlord_email", "E-mail")) if _text(payload.get(key)))
    address = ", ".join(p for p in (_text(payload.get("landlord_address")),
                                    " ".join(q for q in (_text(payload.get("landlord_postcode")),
                                                         _text(payload.get("landlord_place"))) if q)) if p)
    if address:
        landlord += (("Adres", address),)
    handover = payload.get("warm_handover")
    rent = _amount(payload.get("monthly_rent")) if payload.get("monthly_rent") not in (None, "") else ""
    return CaseStory(
        tenants=tuple(tenants), home=home, monthly_rent=rent, arrears_total=format_money(money(arrears_cents)),
        arrears_since=format_date(oldest_unpaid_due) if oldest_unpaid_due else "", arrears_lines=tuple(lines),
        steps=tuple(steps), urgent_reason=_text(payload.get("urgent_reason")),
        support_worker=_text(payload.get("support_worker")),
        warm_handover=handover if isinstance(handover, bool) else None, landlord=landlord,
        handover_organisation=_text(payload.get("handover_organisation")) if handover is True else "",
        handover_person=_text(payload.get("handover_person")) if handover is True else "",
        handover_phone=_text(payload.get("handover_phone")) if handover is True else "",
        handover_consent_on=format_date(consent) if handover is True and (
            consent := _day(payload.get("handover_consent_on"))) else "")


def outcome_label(code: str) -> str:
    return covenant.FEEDBACK_OUTCOMES.get(code, code)


def status_label(code: str) -> str:
    return STATUSES.get(code, code)


def money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


# --- feedback ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedbackEntry:
    """Checked feedback, ready to store."""

    on_date: dt.date
    outcome: str
    help_accepted: bool
    liaison_note: str


def check_feedback(*, on_date: object, outcome: str, help_accepted: bool, liaison_note: str, sent_on: dt.date,
                   today: dt.date) -> FeedbackEntry:
    """The municipality's answer as typed; every problem at once, in Dutch."""
    problems = []
    if outcome not in covenant.FEEDBACK_OUTCOMES:
        problems.append("Kies wat er met de melding is gebeurd (een van de uitkomsten in de lijst).")
    day: dt.date | None = None
    if not isinstance(on_date, dt.date):
        problems.append("Vul de datum van de terugkoppeling in.")
    else:
        day = on_date.date() if isinstance(on_date, dt.datetime) else on_date
        if day > today:
            problems.append(f"De datum {format_date(day)} ligt in de toekomst. Kies vandaag of een eerdere datum.")
        if day < sent_on:
            problems.append(f"De datum ligt voor de melding ({format_date(sent_on)}). "
                            "Kies de datum van de melding of later.")
    if help_accepted and outcome in NO_HELP_OUTCOMES:
        problems.append("'Hulp aanvaard' past niet bij deze uitkomst. Kies een andere uitkomst, of zet het vinkje uit.")
    note = (liaison_note or "").strip()
    if len(note) > NOTE_MAX:
        problems.append(f"De interne notitie is te lang: hoogstens {NOTE_MAX} tekens.")
    if problems or day is None:
        raise ValidationError(problems)
    return FeedbackEntry(on_date=day, outcome=outcome, help_accepted=bool(help_accepted), liaison_note=note)


def pause_until(feedback_dates: list[dt.date], settings: covenant.CovenantSettings, as_of: dt.date) -> dt.date | None:
    """The last day of the collection pause after feedback with "help accepted" on these dates."""
    facts = covenant.CaseFacts(
        arrears=Arrears(as_of=as_of, amount=Decimal("0"), months=0),
        feedback=[covenant.Feedback(received_on=day, outcome="", help_accepted=True) for day in feedback_dates])
    return covenant.collection_pause_until(facts, settings)


def feedback_audit_summary(outcome: str, paused_until: dt.date | None) -> str:
    """The line on the case timeline; never the liaison's note."""
    summary = f"Terugkoppeling van de gemeente: {outcome_label(outcome)}"
    if paused_until is not None:
        summary += f". De huurder krijgt hulp: incasso gepauzeerd tot en met {format_date(paused_until)}"
    return summary[:SUMMARY_MAX]


def feedback_sentence(on_date: dt.date, label: str, paused_until: dt.date | None, today: dt.date) -> str:
    """One Dutch sentence for the landlord's case page."""
    text = f"{format_date(on_date)}: {label}."
    if paused_until:
        if today <= paused_until:
            text += f" De huurder krijgt hulp. Pauzeer de incasso tot en met {format_date(paused_until)}."
        else:
            text += f" De incassopauze liep tot en met {format_date(paused_until)}."
    return text


# --- what the municipality received ------------------------------------------------------------------------------

def payload_of(text: str | None) -> dict:
    """A stored payload (JSON text) as a dict; anything else as an empty one."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def payload_lines(payload: dict) -> list[tuple[str, str]]:
    """The notification fields as (Dutch label, text) for display, in the order of the export."""
    lines = []
    record = flatten(payload)
    for name, label in EXPORT_FIELDS.items():
        value = record.get(name, "")
        if value in ("", None):
            continue
        if value in ("true", "false"):
            value = "ja" if value == "true" else "nee"
        lines.append((label[:1].upper() + label[1:], str(value)))
    return lines


@dataclass(frozen=True)
class SignalRecord:
    """What a signal row holds for an export."""

    id: int
    reference: str
    sent_on: dt.date
    municipality_code: str
    tenant_names: str
    postcode: str
    arrears_cents: int
    arrears_months: int
    oldest_unpaid_due: dt.date | None
    urgent: bool
    is_repeat: bool
    payload: str


def notification(signal: SignalRecord) -> dict:
    """The notification of a signal: its payload, completed from the signal's own columns."""
    record = {
        "signal_reference": signal.reference, "signal_date": signal.sent_on.isoformat(),
        "municipality_cbs_code": signal.municipality_code, "tenant_names": signal.tenant_names,
        "address_postcode": signal.postcode, "arrears_total": str(money(signal.arrears_cents)),
        "arrears_month_count": signal.arrears_months,
        "arrears_since": signal.oldest_unpaid_due.isoformat() if signal.oldest_unpaid_due else "",
        "urgent": signal.urgent,
    }
    record.update({k: v for k, v in payload_of(signal.payload).items() if k != "format"})
    record["repeat_signal"] = signal.is_repeat
    return record


def notifications_csv(signals: list[SignalRecord]) -> bytes:
    """`;`-separated, UTF-8 with a byte-order mark, formulas defused."""
    fields = list(EXPORT_FIELDS) + ["repeat_signal"]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=";", lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for signal in signals:
        row = flatten(notification(signal))
        writer.writerow({name: _defuse(row.get(name, "")) for name in fields})
    return buffer.getvalue().encode("utf-8-sig")


def notifications_json(signals: list[SignalRecord]) -> bytes:
    return json.dumps({"format": "naarnul-signals-v1", "signals": [notification(s) for s in signals]},
                      ensure_ascii=False, indent=2, default=str).encode("utf-8")


def export(signals: list[SignalRecord], fmt: str) -> bytes:
    if fmt not in ("csv", "json"):
        raise ValidationError("Kies CSV of JSON.")
    return notifications_csv(signals) if fmt == "csv" else notifications_json(signals)


def safe_filename(name: str, fallback: str = "document") -> str:
    """A file name without folders or characters that trouble Windows, zip tools or e-mail."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base, flags=re.UNICODE).strip(" ._")
    base = re.sub(r"_+", "_", base)
    return base[:120] or fallback


@dataclass(frozen=True)
class SharedFile:
    id: int
    filename: str
    content: bytes


def documents_zip(signals: list[tuple[SignalRecord, list[SharedFile]]]) -> bytes:
    """One ZIP: a folder per signal with its shared documents (unique, safe names) and meldingen.csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for signal, files in signals:
            folder = safe_filename(signal.reference, f"melding-{signal.id}")
            used: set[str] = set()
            for shared in files:
                name = safe_filename(shared.filename, f"document-{shared.id}")
                stem, dot, ext = name.rpartition(".")
                candidate, n = name, 2
                while candidate.lower() in used:
                    candidate = f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
                    n += 1
                used.add(candidate.lower())
                archive.writestr(f"{folder}/{candidate}", shared.content)
        archive.writestr("meldingen.csv", notifications_csv([signal for signal, _ in signals]))
    return buffer.getvalue()


def downloaded_summary(reference: str) -> str:
    return f"Documenten van melding {reference} gedownload"


def exported_summary(reference: str, fmt: str) -> str:
    return f"Melding {reference} geëxporteerd ({fmt.upper()})"


def document_downloaded_summary(title: str) -> str:
    return f"Document '{title}' gedownload"[:SUMMARY_MAX]
