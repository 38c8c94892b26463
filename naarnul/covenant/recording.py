"""Recording a step: its date (never before the tenancy or the arrears, never in the future), the evidence of a
backdated reminder, the form checks, and the timeline line each step writes (Dutch), for store.cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from naarnul.covenant.facts import ContactAttempt
from naarnul.covenant.settings import CovenantSettings
from naarnul.covenant.vocabulary import CONTACT_CHANNELS, CONTACT_OUTCOMES, OBJECTION_CHANNELS
from naarnul.errors import ValidationError
from naarnul.formatting import format_date
from naarnul.ledger import LedgerRow

CONTACT_NOTE_MAX = 1000  # store.models.ContactAttempt.note
CLOSE_REASON_MAX = 300  # store.models.Case.close_reason
URGENT_REASON_MAX = 300  # kept in the signal's payload
EVIDENCE_REASON_MAX = 500  # store.models.Case.reminder_evidence_reason
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {".pdf": (b"%PDF",), ".docx": (b"PK\x03\x04",), ".jpg": (b"\xff\xd8\xff",),
                  ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",)}


def arrears_arose_on(rows: list[LedgerRow], today: dt.date) -> dt.date | None:
    """The due date from which the tenant has owed rent without a break up to `today`: the first overdue charge
    after the balance was last paid off. None when nothing is overdue. (Not later than the oldest unpaid due date:
    a part payment of the first month does not make the arrears younger.)"""
    balance, arose = Decimal("0"), None
    for row in rows:
        if row.kind == "charge":
            if row.on >= today:  # not overdue yet
                continue
            balance += row.charge
            if balance > 0 and arose is None:
                arose = row.on
        elif row.on <= today:
            balance -= row.payment
            if balance <= 0:
                arose = None
    return arose


def step_date_problems(on, *, what: str, today: dt.date, tenancy_start: dt.date | None = None,
                       arrears_arose: dt.date | None = None) -> list[str]:
    """A recorded step answers arrears: not before the tenancy started, not before those arrears arose, never in
    the future. `what` completes "Vul de datum in waarop …"."""
    if not isinstance(on, dt.date):
        return [f"Vul de datum in waarop {what}."]
    if on > today:
        return [f"De datum {format_date(on)} ligt in de toekomst. Leg de stap vast als die gedaan is."]
    if tenancy_start is not None and on < tenancy_start:
        return [f"De datum {format_date(on)} ligt voor het begin van de huur ({format_date(tenancy_start)}). "
                "Kies de datum waarop u de stap echt deed."]
    if arrears_arose is not None and on < arrears_arose:
        return [f"De datum {format_date(on)} ligt voor de achterstand waar deze zaak over gaat: de oudste "
                f"onbetaalde huur is van {format_date(arrears_arose)}. Kies die datum of later."]
    return []


def reminder_needs_evidence(on: dt.date, today: dt.date, settings: CovenantSettings) -> bool:
    """A written reminder recorded well after its date needs its copy (or a reason) as evidence."""
    return (today - on).days > settings.reminder_backdate_days


def evidence_problems(on: dt.date, today: dt.date, settings: CovenantSettings, *, copy_name: str = "",
                      copy_data: bytes | None = None, reason: str = "") -> list[str]:
    """What is wrong with the evidence of a backdated written reminder (an uploaded copy of the letter or a
    reason); an upload is checked even when no evidence is needed."""
    problems = []
    if copy_data is not None:
        suffix = "." + copy_name.rsplit(".", 1)[-1].lower() if "." in copy_name else ""
        if suffix not in EVIDENCE_TYPES:
            problems.append("De kopie van de brief moet een .pdf, .docx, .jpg of .png zijn.")
        elif not copy_data:
            problems.append("Het bestand met de kopie van de brief is leeg.")
        elif len(copy_data) > EVIDENCE_MAX_BYTES:
            problems.append(f"De kopie van de brief is te groot: hoogstens {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB.")
        elif not copy_data.startswith(EVIDENCE_TYPES[suffix]):
            problems.append(f"Het bestand {copy_name} is geen echt {suffix[1:].upper()}-bestand.")
    if len(reason) > EVIDENCE_REASON_MAX:
        problems.append(f"De reden is te lang: hoogstens {EVIDENCE_REASON_MAX} tekens.")
    if not problems and copy_data is None and not reason and reminder_needs_evidence(on, today, settings):
        problems.append(f"De herinnering is van {format_date(on)}, meer dan {settings.reminder_backdate_days} dagen "
                        "geleden. Voeg een kopie van de brief toe (.pdf, .docx, .jpg of .png), of schrijf waarom u "
                        "hem nu pas vastlegt. Dat bewaart Naar Nul als bewijs bij de zaak.")
    return problems


def validate_contact_attempt(on, channel: str, outcome: str, note: str, today: dt.date, *,
                             tenancy_start: dt.date | None = None,
                             arrears_arose: dt.date | None = None) -> ContactAttempt:
    """Form entry point for logging a contact attempt; all problems at once, in Dutch."""
    problems = []
    if not isinstance(on, dt.date):
        problems.append("Vul de datum van de contactpoging in.")
    elif on > today:
        problems.append(f"De datum {format_date(on)} ligt in de toekomst. Leg een contactpoging vast als die "
                        "gedaan is.")
    else:
        problems += step_date_problems(on, what="u contact zocht", today=today, tenancy_start=tenancy_start,
                                       arrears_arose=arrears_arose)
    if channel not in CONTACT_CHANNELS:
        problems.append("Kies hoe u contact zocht: " + ", ".join(CONTACT_CHANNELS.values()) + ".")
    if outcome not in CONTACT_OUTCOMES:
        problems.append("Kies wat de uitkomst was: " + ", ".join(CONTACT_OUTCOMES.values()) + ".")
    if len((note or "").strip()) > CONTACT_NOTE_MAX:
        problems.append(f"De notitie is te lang: hoogstens {CONTACT_NOTE_MAX} tekens.")
    if problems:
        raise ValidationError(problems)
    return ContactAttempt(on, channel, outcome, (note or "").strip())


def closed_case_problem(closed_on: dt.date | None) -> str:
    """Why no step can be recorded on a closed case."""
    when = f" op {format_date(closed_on)}" if closed_on else ""
    return f"Deze zaak is gesloten{when}. U kunt geen stappen meer vastleggen."


def clean_close_reason(reason: str) -> str:
    """The landlord's reason for closing a case, whitespace collapsed; ValidationError (Dutch) when empty or too
    long."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Schrijf kort waarom u de zaak sluit, bijvoorbeeld 'regeling afgerond'.")
    if len(reason) > CLOSE_REASON_MAX:
        raise ValidationError(f"De reden is te lang: hoogstens {CLOSE_REASON_MAX} tekens.")
    return reason


def objection_channel_problems(channel: str) -> list[str]:
    if channel not in OBJECTION_CHANNELS:
        return ["Kies hoe het bezwaar binnenkwam: " + ", ".join(OBJECTION_CHANNELS.values()) + "."]
    return []


def withdrawal_problems(open_objection_received_on: dt.date | None, on: dt.date) -> list[str]:
    """Can the tenant withdraw an objection on `on`? (`open_objection_received_on`: None when none is open)."""
    if open_objection_received_on is None:
        return ["Er staat geen bezwaar open dat de huurder kan intrekken."]
    if on < open_objection_received_on:
        return [f"Het bezwaar kwam binnen op {format_date(open_objection_received_on)}; intrekken kan niet eerder."]
    return []


def friendly_reminder_summary(on: dt.date) -> str:
    return f"Vriendelijke herinnering gestuurd op {format_date(on)}"


def contact_attempt_summary(attempt: ContactAttempt) -> str:
    return (f"Contactpoging op {format_date(attempt.on)} via {CONTACT_CHANNELS[attempt.channel]}: "
            f"{CONTACT_OUTCOMES[attempt.outcome]}" + (f". Notitie: {attempt.note}" if attempt.note else ""))


def contact_failed_summary(on: dt.date) -> str:
    return f"Bevestigd dat persoonlijk contact niet is gelukt ({format_date(on)})"


def objection_summary(received_on: dt.date, channel: str) -> str:
    return f"Bezwaar tegen doorgeven ontvangen op {format_date(received_on)} ({OBJECTION_CHANNELS[channel]})"


def objection_withdrawn_summary(on: dt.date) -> str:
    return f"Bezwaar ingetrokken op {format_date(on)}"


def close_summary(reason: str) -> str:
    return f"Zaak gesloten door de verhuurder: {reason}"
