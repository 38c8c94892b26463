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
from naarnul.documents.export import EXPORT_FIELDS, _defuse
from naarnul.errors import ValidationError
from naarnul.formatting import format_date
from naarnul.ledger import Arrears

STATUSES = {"new": "nieuw", "in_progress": "in behandeling", "done": "afgehandeld"}

# outcome codes a municipality uses when it did NOT pick the signal up (convenant.md §5); the rest is "picked up"
NOT_PICKED_UP = ("repeat_signal", "unjustified_signal", "deceased", "not_inhabitant", "not_picked_up_other")
PICKED_UP = tuple(code for code in covenant.FEEDBACK_OUTCOMES if code not in NOT_PICKED_UP)
# outcomes that cannot go together with "the tenant accepted help"
NO_HELP_OUTCOMES = set(NOT_PICKED_UP) | {"does_not_want_help", "no_contact", "no_response"}
NOTE_MAX = 5000
SUMMARY_MAX = 500  # the audit summary column

IN_PROGRESS_SUMMARY = "De gemeente heeft de melding in behandeling genomen"


def check_inbox_filters(status: str | None, since: dt.date | None, until: dt.date | None) -> None:
    problems = []
    if status and status not in STATUSES:
        problems.append("Kies een status: " + ", ".join(STATUSES.values()) + ".")
    if since and until and since > until:
        problems.append("De begindatum ligt na de einddatum.")
    if problems:
        raise ValidationError(problems)


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


def flatten(payload: dict) -> dict[str, str]:
    """A payload (the core's notification record) as the flat CSV columns of EXPORT_FIELDS, all strings."""
    row: dict[str, str] = {}
    for name, value in payload.items():
        if isinstance(value, bool):
            row[name] = "true" if value else "false"
        elif isinstance(value, (str, int, Decimal)):
            row[name] = str(value)
    tenants = payload.get("tenants")
    if isinstance(tenants, list):
        row.setdefault("tenant_names", "; ".join(str(t.get("name", "")) for t in tenants if isinstance(t, dict)))
        for n in range(1, 3):
            tenant = tenants[n - 1] if n <= len(tenants) and isinstance(tenants[n - 1], dict) else {}
            for part in ("name", "phone", "email", "date_of_birth"):
                row.setdefault(f"tenant_{n}_{part}", str(tenant.get(part, "") or ""))
    items = payload.get("arrears_items")
    if isinstance(items, list):
        row.setdefault("arrears_months", "; ".join(f"{i.get('month', '')} {i.get('amount_open', '')}"
                                                   for i in items if isinstance(i, dict)))
    attempts = payload.get("contact_attempts")
    if isinstance(attempts, list):
        row.setdefault("contact_attempt_count", str(len(attempts)))
        row["contact_attempts"] = "; ".join(
            f"{a.get('date', '')} {a.get('channel', '')}" + (f": {a['outcome']}" if a.get("outcome") else "")
            for a in attempts if isinstance(a, dict))
    return row


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
