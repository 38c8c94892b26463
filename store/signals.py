"""Signals on the municipal side: the liaison's inbox, one signal, downloads, exports and feedback.

Scope: a liaison sees only signals of their own municipality (`Signal.municipality_code == actor.municipality_code`,
in SQL, on every read); an admin sees all; a landlord only reads feedback on their own case through
`feedback_for_landlord`, which never returns the liaison's note. A record outside the actor's scope is `NotFound`.
Every liaison action (taking a signal in progress, a download, an export, feedback) writes one audit event; reading
the inbox or a signal writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal

from sqlalchemy import case as sql_case
from sqlalchemy import func, or_
from sqlmodel import Session, select

from naarnul import calendar
from naarnul import covenant
from naarnul.documents.export import EXPORT_FIELDS, _defuse
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import format_date, format_money
from naarnul.ledger import Arrears
from naarnul.users import ActingUser, Role
from store import audit
from store import settings as settings_store
from store.models import Case, ContactAttempt, Document, Feedback, LandlordProfile, Municipality, Signal, User

STATUSES = {"new": "nieuw", "in_progress": "in behandeling", "done": "afgehandeld"}

# outcome codes a municipality uses when it did NOT pick the signal up (convenant.md §5); the rest is "picked up"
NOT_PICKED_UP = ("repeat_signal", "unjustified_signal", "deceased", "not_inhabitant", "not_picked_up_other")
PICKED_UP = tuple(code for code in covenant.FEEDBACK_OUTCOMES if code not in NOT_PICKED_UP)
# outcomes that cannot go together with "the tenant accepted help"
NO_HELP_OUTCOMES = set(NOT_PICKED_UP) | {"does_not_want_help", "no_contact", "no_response"}
NOTE_MAX = 5000


def outcome_label(code: str) -> str:
    return covenant.FEEDBACK_OUTCOMES.get(code, code)


# --- scope ---------------------------------------------------------------------------------------------------------

def _require_reader(actor: ActingUser | None) -> None:
    """Liaisons (with a municipality) and admins read signals; nobody else."""
    if actor is None:
        raise NotAllowed("Log in om meldingen te bekijken.")
    if actor.role == Role.LIAISON and actor.municipality_code:
        return
    if actor.is_admin:
        return
    raise NotAllowed("Alleen een contactpersoon van de gemeente kan meldingen bekijken.")


def _scoped(query, actor: ActingUser):
    """Add the municipality filter for a liaison (admins see everything)."""
    if actor.role == Role.LIAISON:
        return query.where(Signal.municipality_code == actor.municipality_code)
    return query


def _get_signal(session: Session, actor: ActingUser, signal_id) -> Signal:
    _require_reader(actor)
    try:
        signal_id = int(signal_id)
    except (TypeError, ValueError):
        raise NotFound("Deze melding bestaat niet.") from None
    signal = session.exec(_scoped(select(Signal).where(Signal.id == signal_id), actor)).first()
    if signal is None:
        raise NotFound("Deze melding bestaat niet.")
    return signal


def _get_signals(session: Session, actor: ActingUser, signal_ids) -> list[Signal]:
    """All requested signals in scope, in the given order; one unknown id makes the whole request NotFound."""
    ids = []
    for value in signal_ids or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise NotFound("Een van de gekozen meldingen bestaat niet.") from None
        if number not in ids:
            ids.append(number)
    if not ids:
        raise ValidationError("Kies eerst een of meer meldingen.")
    _require_reader(actor)
    found = {s.id: s for s in session.exec(_scoped(select(Signal).where(Signal.id.in_(ids)), actor))}
    if len(found) != len(ids):
        raise NotFound("Een van de gekozen meldingen bestaat niet.")
    return [found[i] for i in ids]


def payload_of(signal: Signal) -> dict:
    try:
        value = json.loads(signal.payload or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _landlord_name_column():
    return func.coalesce(func.nullif(LandlordProfile.name, ""), User.name)


# --- inbox ---------------------------------------------------------------------------------------------------------

def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def inbox(session: Session, actor: ActingUser, *, status: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None, search: str = "", limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    """One page of signals for the actor's municipality: new ones first, then newest first; and the total count."""
    _require_reader(actor)
    problems = []
    if status and status not in STATUSES:
        problems.append("Kies een status: " + ", ".join(STATUSES.values()) + ".")
    if since and until and since > until:
        problems.append("De begindatum ligt na de einddatum.")
    if problems:
        raise ValidationError(problems)
    conditions = []
    if status:
        conditions.append(Signal.status == status)
    if since:
        conditions.append(Signal.sent_on >= since)
    if until:
        conditions.append(Signal.sent_on <= until)
    text = (search or "").strip()
    if text:
        compact = re.sub(r"\s+", "", text)
        conditions.append(or_(
            Signal.tenant_names.ilike(_like_pattern(text), escape="\\"),
            func.replace(Signal.postcode, " ", "").ilike(_like_pattern(compact), escape="\\"),
            Signal.reference.ilike(_like_pattern(text), escape="\\"),
        ))
    count_query = _scoped(select(func.count()).select_from(Signal), actor)
    query = _scoped(
        select(Signal, _landlord_name_column().label("landlord_name"))
        .join(User, User.id == Signal.landlord_id)
        .outerjoin(LandlordProfile, LandlordProfile.user_id == Signal.landlord_id), actor)
    for condition in conditions:
        count_query = count_query.where(condition)
        query = query.where(condition)
    total = session.exec(count_query).one()
    new_first = sql_case((Signal.status == "new", 0), else_=1)
    query = query.order_by(new_first, Signal.sent_on.desc(), Signal.id.desc())
    query = query.offset(max(0, int(offset))).limit(max(1, min(int(limit), 500)))
    rows = []
    for signal, landlord_name in session.exec(query):
        rows.append({
            "id": signal.id, "reference": signal.reference, "sent_on": signal.sent_on,
            "tenant_names": signal.tenant_names, "postcode": signal.postcode,
            "arrears": _money(signal.arrears_cents), "arrears_months": signal.arrears_months,
            "oldest_unpaid_due": signal.oldest_unpaid_due, "landlord_name": landlord_name,
            "urgent": signal.urgent, "status": signal.status, "status_label": STATUSES.get(signal.status, signal.status),
            "is_repeat": signal.is_repeat, "municipality_code": signal.municipality_code,
        })
    return rows, total


# --- one signal ----------------------------------------------------------------------------------------------------

def _shared_documents_query(case_id: int, municipality_code: str):
    return (select(Document.id, Document.title, Document.filename, Document.created_at, Document.template_name)
            .where(Document.case_id == case_id, Document.municipality_code == municipality_code,
                   Document.shared_with_municipality == True)  # noqa: E712
            .order_by(Document.created_at, Document.id))


def _liaison_audit(session, actor, action, signal: Signal, summary: str, *, on_timeline: bool = False,
                   detail: dict | None = None) -> None:
    audit.record(session, actor, action, "signal", signal.id, summary=summary, landlord_id=signal.landlord_id,
                 municipality_code=signal.municipality_code, case_id=signal.case_id if on_timeline else None,
                 detail=detail)


def start_handling(session: Session, actor: ActingUser, signal_id) -> bool:
    """The liaison takes a new signal "in progress" (an explicit action, on the case timeline once). False when it
    was no longer new, so a second click changes nothing."""
    if actor is None or actor.role != Role.LIAISON or not actor.municipality_code:
        raise NotAllowed("Alleen de contactpersoon van de gemeente kan een melding in behandeling nemen.")
    signal = _get_signal(session, actor, signal_id)
    if signal.status != "new":
        return False
    signal.status = "in_progress"
    session.add(signal)
    _liaison_audit(session, actor, "signal.in_progress", signal,
                   "De gemeente heeft de melding in behandeling genomen", on_timeline=True)
    return True


def open_signal(session: Session, actor: ActingUser, signal_id) -> dict:
    """Everything the municipality received, the shared documents, the contact attempts and the feedback so far.
    A read: it changes nothing (taking a signal in progress is `start_handling`)."""
    signal = _get_signal(session, actor, signal_id)
    landlord = session.exec(
        select(_landlord_name_column()).select_from(User)
        .outerjoin(LandlordProfile, LandlordProfile.user_id == User.id).where(User.id == signal.landlord_id)).one()
    municipality = session.get(Municipality, signal.municipality_code)
    documents = [dict(row._mapping) for row in session.exec(
        _shared_documents_query(signal.case_id, signal.municipality_code))]
    attempts = [{"on_date": a.on_date, "channel": covenant.CONTACT_CHANNELS.get(a.channel, a.channel),
                 "outcome": covenant.CONTACT_OUTCOMES.get(a.outcome, a.outcome)}  # not the landlord's own note
                for a in session.exec(select(ContactAttempt).where(ContactAttempt.case_id == signal.case_id)
                                      .order_by(ContactAttempt.on_date, ContactAttempt.id))]
    feedback = [{"id": f.id, "on_date": f.on_date, "outcome": f.outcome, "outcome_label": outcome_label(f.outcome),
                 "help_accepted": f.help_accepted, "liaison_note": f.liaison_note}
                for f in session.exec(select(Feedback).where(Feedback.signal_id == signal.id)
                                      .order_by(Feedback.on_date, Feedback.id))]
    case = session.get(Case, signal.case_id)
    return {
        "id": signal.id, "reference": signal.reference, "case_id": signal.case_id, "sent_on": signal.sent_on,
        "status": signal.status, "status_label": STATUSES.get(signal.status, signal.status),
        "is_repeat": signal.is_repeat, "urgent": signal.urgent, "tenant_names": signal.tenant_names,
        "postcode": signal.postcode, "arrears": _money(signal.arrears_cents), "arrears_months": signal.arrears_months,
        "oldest_unpaid_due": signal.oldest_unpaid_due, "landlord_name": landlord,
        "municipality_code": signal.municipality_code,
        "municipality_name": municipality.name if municipality else signal.municipality_code,
        "payload": payload_of(signal), "documents": documents, "contact_attempts": attempts, "feedback": feedback,
        "collection_paused_until": case.collection_paused_until if case else None,
    }


def payload_lines(payload: dict) -> list[tuple[str, str]]:
    """The notification fields as (Dutch label, text) for display, in the order of the export."""
    lines = []
    record = _flatten(payload)
    for name, label in EXPORT_FIELDS.items():
        value = record.get(name, "")
        if value in ("", None):
            continue
        if value in ("true", "false"):
            value = "ja" if value == "true" else "nee"
        lines.append((label[:1].upper() + label[1:], str(value)))
    return lines


def shared_document(session: Session, actor: ActingUser, document_id) -> tuple[str, bytes]:
    """(file name, bytes) of one document shared with the actor's municipality; audited as a download."""
    _require_reader(actor)
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        raise NotFound("Dit document bestaat niet.") from None
    if actor.role == Role.LIAISON:
        # the documents feature owns the scoping rule for documents: shared, and of the liaison's municipality
        from store.documents import get_document

        document = get_document(session, actor, document_id)
    else:
        document = session.exec(select(Document).where(
            Document.id == document_id, Document.shared_with_municipality == True)).first()  # noqa: E712
        if document is None:
            raise NotFound("Dit document bestaat niet.")
    audit.record(session, actor, "document.downloaded", "document", document.id, landlord_id=document.landlord_id,
                 municipality_code=document.municipality_code, summary=f"Document '{document.title}' gedownload")
    return safe_filename(document.filename), document.content


# --- downloads and exports -----------------------------------------------------------------------------------------

def safe_filename(name: str, fallback: str = "document") -> str:
    """A file name without folders or characters that trouble Windows, zip tools or e-mail."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base, flags=re.UNICODE).strip(" ._")
    base = re.sub(r"_+", "_", base)
    return base[:120] or fallback


def download_zip(session: Session, actor: ActingUser, signal_ids) -> bytes:
    """One ZIP with every document shared with the municipality of the chosen signals (a folder per signal) and
    the notifications of the selection as meldingen.csv."""
    signals = _get_signals(session, actor, signal_ids)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for signal in signals:
            folder = safe_filename(signal.reference, f"melding-{signal.id}")
            used: set[str] = set()
            query = (select(Document).where(Document.case_id == signal.case_id,
                                            Document.municipality_code == signal.municipality_code,
                                            Document.shared_with_municipality == True)  # noqa: E712
                     .order_by(Document.created_at, Document.id))
            for document in session.exec(query):
                name = safe_filename(document.filename, f"document-{document.id}")
                stem, dot, ext = name.rpartition(".")
                candidate, n = name, 2
                while candidate.lower() in used:
                    candidate = f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
                    n += 1
                used.add(candidate.lower())
                archive.writestr(f"{folder}/{candidate}", document.content)
        archive.writestr("meldingen.csv", _csv(signals))
    for signal in signals:
        _liaison_audit(session, actor, "signal.downloaded", signal, f"Documenten van melding {signal.reference} gedownload")
    return buffer.getvalue()


def _flatten(payload: dict) -> dict[str, str]:
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


def _record(signal: Signal) -> dict:
    """The notification of a signal: its payload, completed from the signal's own columns."""
    record = {
        "signal_reference": signal.reference, "signal_date": signal.sent_on.isoformat(),
        "municipality_cbs_code": signal.municipality_code, "tenant_names": signal.tenant_names,
        "address_postcode": signal.postcode, "arrears_total": str(_money(signal.arrears_cents)),
        "arrears_month_count": signal.arrears_months,
        "arrears_since": signal.oldest_unpaid_due.isoformat() if signal.oldest_unpaid_due else "",
        "urgent": signal.urgent,
    }
    record.update({k: v for k, v in payload_of(signal).items() if k != "format"})
    record["repeat_signal"] = signal.is_repeat
    return record


def _csv(signals: list[Signal]) -> bytes:
    fields = list(EXPORT_FIELDS) + ["repeat_signal"]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=";", lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for signal in signals:
        row = _flatten(_record(signal))
        writer.writerow({name: _defuse(row.get(name, "")) for name in fields})
    return buffer.getvalue().encode("utf-8-sig")


def export(session: Session, actor: ActingUser, signal_ids, fmt: str = "csv") -> bytes:
    """The chosen notifications for a municipal system: CSV (`;`, UTF-8 with BOM, formulas defused) or JSON."""
    if fmt not in ("csv", "json"):
        raise ValidationError("Kies CSV of JSON.")
    signals = _get_signals(session, actor, signal_ids)
    if fmt == "csv":
        data = _csv(signals)
    else:
        data = json.dumps({"format": "naarnul-signals-v1", "signals": [_record(s) for s in signals]},
                          ensure_ascii=False, indent=2, default=str).encode("utf-8")
    for signal in signals:
        _liaison_audit(session, actor, "signal.exported", signal,
                       f"Melding {signal.reference} geëxporteerd ({fmt.upper()})", detail={"format": fmt})
    return data


# --- feedback ------------------------------------------------------------------------------------------------------

def _pause_until(feedback_dates: list[dt.date], settings: covenant.CovenantSettings, as_of: dt.date) -> dt.date | None:
    facts = covenant.CaseFacts(
        arrears=Arrears(as_of=as_of, amount=Decimal("0"), months=0),
        feedback=[covenant.Feedback(received_on=day, outcome="", help_accepted=True) for day in feedback_dates])
    return covenant.collection_pause_until(facts, settings)


def record_feedback(session: Session, actor: ActingUser, signal_id, *, on_date, outcome: str, help_accepted: bool,
                    liaison_note: str = "", today: dt.date | None = None) -> Feedback:
    """The municipality's answer to a signal. The landlord sees the outcome (and the collection pause when help was
    accepted), never the note."""
    if actor is None or actor.role != Role.LIAISON or not actor.municipality_code:
        raise NotAllowed("Alleen de contactpersoon van de gemeente kan een terugkoppeling geven.")
    signal = _get_signal(session, actor, signal_id)
    today = today or calendar.today()
    problems = []
    if outcome not in covenant.FEEDBACK_OUTCOMES:
        problems.append("Kies wat er met de melding is gebeurd (een van de uitkomsten in de lijst).")
    if not isinstance(on_date, dt.date):
        problems.append("Vul de datum van de terugkoppeling in.")
    else:
        if isinstance(on_date, dt.datetime):
            on_date = on_date.date()
        if on_date > today:
            problems.append(f"De datum {format_date(on_date)} ligt in de toekomst. Kies vandaag of een eerdere datum.")
        if on_date < signal.sent_on:
            problems.append(f"De datum ligt voor de melding ({format_date(signal.sent_on)}). "
                            "Kies de datum van de melding of later.")
    if help_accepted and outcome in NO_HELP_OUTCOMES:
        problems.append("'Hulp aanvaard' past niet bij deze uitkomst. Kies een andere uitkomst, of zet het vinkje uit.")
    note = (liaison_note or "").strip()
    if len(note) > NOTE_MAX:
        problems.append(f"De interne notitie is te lang: hoogstens {NOTE_MAX} tekens.")
    if problems:
        raise ValidationError(problems)
    repeated = session.exec(select(Feedback).where(
        Feedback.signal_id == signal.id, Feedback.liaison_id == actor.id, Feedback.on_date == on_date,
        Feedback.outcome == outcome, Feedback.help_accepted == bool(help_accepted),
        Feedback.liaison_note == note)).first()
    if repeated is not None:
        return repeated  # the same answer sent twice (a double click): recorded once
    feedback = Feedback(signal_id=signal.id, municipality_code=signal.municipality_code,
                        landlord_id=signal.landlord_id, liaison_id=actor.id, on_date=on_date, outcome=outcome,
                        help_accepted=bool(help_accepted), liaison_note=note)
    session.add(feedback)
    signal.status = "done"
    session.add(signal)
    summary = f"Terugkoppeling van de gemeente: {outcome_label(outcome)}"
    if help_accepted:
        settings = settings_store.load(session, covenant.CovenantSettings)
        until = _pause_until([on_date], settings, today)
        case = session.get(Case, signal.case_id)
        if case is not None and until is not None:
            if case.collection_paused_until is None or case.collection_paused_until < until:
                case.collection_paused_until = until
                session.add(case)
            summary += f". De huurder krijgt hulp: incasso gepauzeerd tot en met {format_date(until)}"
    session.flush()
    audit.record(session, actor, "feedback.recorded", "feedback", feedback.id, landlord_id=signal.landlord_id,
                 municipality_code=signal.municipality_code, case_id=signal.case_id, summary=summary[:500],
                 detail={"signal_id": signal.id, "outcome": outcome, "help_accepted": bool(help_accepted),
                         "on_date": on_date})
    return feedback


def feedback_for_landlord(session: Session, actor: ActingUser, case_id) -> list[dict]:
    """What the municipality fed back on the landlord's own case, oldest first: outcome (code and Dutch label), date,
    help accepted and the end of the collection pause. Never the liaison's note."""
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed("Alleen de verhuurder van deze zaak kan de terugkoppeling zien.")
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise NotFound("Deze zaak bestaat niet.") from None
    case = session.exec(select(Case).where(Case.id == case_id, Case.landlord_id == actor.id)).first()
    if case is None:
        raise NotFound("Deze zaak bestaat niet.")
    rows = session.exec(
        select(Feedback.id, Feedback.on_date, Feedback.outcome, Feedback.help_accepted, Signal.reference,
               Signal.sent_on)
        .join(Signal, Signal.id == Feedback.signal_id)
        .where(Signal.case_id == case.id, Signal.landlord_id == actor.id, Feedback.landlord_id == actor.id)
        .order_by(Feedback.on_date, Feedback.id)).all()
    settings = settings_store.load(session, covenant.CovenantSettings)
    accepted = [r.on_date for r in rows if r.help_accepted]
    latest_accepted = max(accepted) if accepted else None
    result = []
    for row in rows:
        paused_until = None
        if row.help_accepted:
            paused_until = (case.collection_paused_until if row.on_date == latest_accepted
                            and case.collection_paused_until else _pause_until([row.on_date], settings, row.on_date))
        result.append({"on_date": row.on_date, "outcome": row.outcome, "outcome_label": outcome_label(row.outcome),
                       "help_accepted": bool(row.help_accepted), "paused_until": paused_until,
                       "signal_reference": row.reference, "signal_sent_on": row.sent_on})
    return result


def feedback_summary(item: dict, today: dt.date) -> str:
    """One Dutch sentence for the landlord's case page."""
    text = f"{format_date(item['on_date'])}: {item['outcome_label']}."
    if item.get("paused_until"):
        if today <= item["paused_until"]:
            text += f" De huurder krijgt hulp. Pauzeer de incasso tot en met {format_date(item['paused_until'])}."
        else:
            text += f" De incassopauze liep tot en met {format_date(item['paused_until'])}."
    return text


# --- repeat signals ------------------------------------------------------------------------------------------------

def is_repeat(session: Session, tenancy_id: int, arrears_cents: int, *, exclude_signal_id: int | None = None) -> bool:
    """True when the same tenancy was signalled before and the arrears did not grow since the last signal
    (convenant.md §5). Call it before adding the new signal, or pass that signal's id to leave it out."""
    query = select(Signal.arrears_cents).where(Signal.tenancy_id == tenancy_id)
    if exclude_signal_id is not None:
        query = query.where(Signal.id != exclude_signal_id)
    last = session.exec(query.order_by(Signal.sent_on.desc(), Signal.id.desc())).first()
    return last is not None and int(arrears_cents) <= last


def money_text(amount: Decimal) -> str:
    return format_money(amount)
