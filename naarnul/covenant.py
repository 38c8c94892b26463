"""The covenant step guide: what a landlord has done, what is due next, by which date, and why.

Source: Besluit gemeentelijke schuldhulpverlening (Bgs) art. 2 and the Landelijk Convenant Vroegsignalering
(see shared/domain/convenant.md). Numbers that are practice rather than law live in `CovenantSettings`.
Pure functions: the case facts and `today` come in as plain values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money
from naarnul.ledger import Arrears, LedgerRow

BGS = "Besluit gemeentelijke schuldhulpverlening, art. 2"

# Step statuses
DONE, DUE, OVERDUE, BLOCKED, WAITING, OPTIONAL, NOT_NEEDED = (
    "done", "due", "overdue", "blocked", "waiting", "optional", "not_needed")
STATUS_LABELS = {
    DONE: "gedaan", DUE: "te doen", OVERDUE: "te laat", BLOCKED: "kan nog niet", WAITING: "wachten",
    OPTIONAL: "mag", NOT_NEEDED: "niet nodig",
}

CONTACT_CHANNELS = {"phone": "telefoon", "visit": "bezoek", "email": "e-mail", "app": "app", "letter": "brief"}
CONTACT_OUTCOMES = {
    "reached": "gesproken",
    "not_reached": "niet bereikt",
    "message_left": "bericht achtergelaten",
    "wrong_details": "contactgegevens kloppen niet",
}
OBJECTION_CHANNELS = {"letter": "brief", "email": "e-mail", "phone": "telefoon", "in_person": "persoonlijk"}

# Municipal feedback outcomes (convenant.md §5)
FEEDBACK_OUTCOMES = {
    # not picked up
    "repeat_signal": "Niet opgepakt: herhaalde melding (achterstand niet gegroeid)",
    "unjustified_signal": "Niet opgepakt: melding niet terecht (onder de drempel van de gemeente)",
    "deceased": "Niet opgepakt: persoon overleden",
    "not_inhabitant": "Niet opgepakt: persoon woont niet (meer) in de gemeente",
    "not_picked_up_other": "Niet opgepakt: andere reden",
    # picked up, with end result
    "known_to_debt_assistance": "Opgepakt: al bekend bij schuldhulpverlening",
    "other_programme": "Opgepakt: loopt al in een ander traject",
    "no_contact": "Opgepakt: geen contact gekregen",
    "no_response": "Opgepakt: geen reactie na eerder contact",
    "does_not_want_help": "Opgepakt: wil geen hulp",
    "paid_or_arranged": "Opgepakt: zelf betaald of een regeling getroffen",
    "quick_fix": "Opgepakt: snel opgelost of budgetadvies",
    "follow_up_help": "Opgepakt: vervolghulp (financieel of niet-financieel)",
    "referral_without_contact": "Opgepakt: doorverwezen zonder contact",
}

ARRANGEMENT_STATUSES = {
    "active": "loopt en wordt nagekomen",
    "kept": "helemaal nagekomen (afgerond)",
    "lapsed": "niet nagekomen (gestopt)",
}


@dataclass(frozen=True)
class CovenantSettings:
    """Practice numbers an admin may change. Days count as calendar days."""

    reminder_after_days: int = 30  # written reminder due this many days after the oldest unpaid due date
    signal_after_reminder_days: int = 30  # signal allowed this many days after the first written reminder
    friendly_reminder_from_days: int = 1
    friendly_reminder_until_days: int = 10
    collection_pause_days: int = 30  # after the municipality reports that the tenant accepted help
    no_signal_during_kept_arrangement: bool = True
    reminder_backdate_days: int = 3  # a written reminder dated longer ago than this needs its copy or a reason


# --- step dates and evidence ----------------------------------------------------------------------------------

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


# --- case facts ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactAttempt:
    on: dt.date
    channel: str  # key of CONTACT_CHANNELS
    outcome: str  # key of CONTACT_OUTCOMES
    note: str = ""


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


@dataclass(frozen=True)
class Objection:
    received_on: dt.date
    channel: str  # key of OBJECTION_CHANNELS
    withdrawn_on: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        return self.received_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


@dataclass(frozen=True)
class SignalSent:
    sent_on: dt.date
    arrears_amount: Decimal  # the arrears at the moment of signalling, to tell a new signal from a repeat


@dataclass(frozen=True)
class Feedback:
    received_on: dt.date
    outcome: str  # key of FEEDBACK_OUTCOMES
    help_accepted: bool = False


@dataclass(frozen=True)
class Arrangement:
    started_on: dt.date
    status: str = "active"  # key of ARRANGEMENT_STATUSES
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class Closure:
    closed_on: dt.date
    reason: str


@dataclass(frozen=True)
class CaseFacts:
    arrears: Arrears
    friendly_reminder_on: dt.date | None = None
    written_reminders: list[dt.date] = field(default_factory=list)  # each one with the data-sharing offer
    contact_attempts: list[ContactAttempt] = field(default_factory=list)
    contact_failed_confirmed_on: dt.date | None = None
    objection: Objection | None = None
    signals: list[SignalSent] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    arrangement: Arrangement | None = None
    addendum_signed_on: dt.date | None = None
    closed: Closure | None = None
    tenant_is_legal_person: bool = False

    @property
    def first_reminder_on(self) -> dt.date | None:
        return min(self.written_reminders) if self.written_reminders else None

    @property
    def counting_contacts(self) -> list[dt.date]:
        """Dates of the contact efforts that count for the signal: only those on or after the first written
        reminder (convenant.md §2: "wanneer de betalingsherinnering geen reactie oplevert, volgt nog een poging om
        persoonlijk contact te zoeken"). A day has no order, so an attempt on the reminder's own day counts."""
        first = self.first_reminder_on
        if first is None:
            return []
        dates = [a.on for a in self.contact_attempts]
        if self.contact_failed_confirmed_on is not None:
            dates.append(self.contact_failed_confirmed_on)
        return sorted(d for d in dates if d >= first)

    @property
    def contacts_before_reminder(self) -> list[dt.date]:
        first = self.first_reminder_on
        dates = [a.on for a in self.contact_attempts]
        if self.contact_failed_confirmed_on is not None:
            dates.append(self.contact_failed_confirmed_on)
        return sorted(d for d in dates if first is None or d < first)

    @property
    def last_signal(self) -> SignalSent | None:
        return max(self.signals, key=lambda s: s.sent_on) if self.signals else None



# --- what a recorded step says: checks and the timeline line (Dutch), for store.cases ----------------------------

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

# --- case opening and closing --------------------------------------------------------------------------------------

def case_should_open(arrears: Arrears) -> bool:
    """A case opens as soon as any rent is overdue."""
    return arrears.amount > 0


def case_should_close(arrears: Arrears) -> bool:
    """A case closes when the arrears are paid off (a landlord may also close it by hand, with a reason)."""
    return arrears.amount <= 0


# --- collection pause ----------------------------------------------------------------------------------------------

def collection_pause_until(facts: CaseFacts, settings: CovenantSettings) -> dt.date | None:
    """Last day of the collection pause after the municipality reported that the tenant accepted help, or None."""
    accepted = [f.received_on for f in facts.feedback if f.help_accepted]
    if not accepted:
        return None
    return max(accepted) + dt.timedelta(days=settings.collection_pause_days)


def collection_paused(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> bool:
    until = collection_pause_until(facts, settings)
    return until is not None and today <= until


# --- may the landlord signal? --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignalCheck:
    allowed: bool
    reasons: list[str]  # Dutch; why not (empty when allowed)
    is_repeat: bool = False  # an earlier signal exists and the arrears did not grow since
    allowed_from: dt.date | None = None  # end of the waiting period after the first reminder, when known
    repeat_notice: str = ""  # Dutch; why a new signal would be a repeat (sending it needs the landlord's confirmation)


_EARLY_CONTACT = ("Uw contactpoging van {date} was voor de schriftelijke herinnering van {reminder}. Alleen een "
                  "poging na de herinnering telt: krijgt u op de herinnering geen reactie, probeer dan nog een keer "
                  f"persoonlijk contact te krijgen en leg dat vast ({BGS}, onder a).")


def signal_allowed_from(facts: CaseFacts, settings: CovenantSettings) -> dt.date | None:
    first = facts.first_reminder_on
    return first + dt.timedelta(days=settings.signal_after_reminder_days) if first else None


def signal_check(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> SignalCheck:
    reasons: list[str] = []
    first = facts.first_reminder_on
    allowed_from = signal_allowed_from(facts, settings)
    if facts.tenant_is_legal_person:
        reasons.append("De huurder is een bedrijf of organisatie. Vroegsignalering geldt alleen voor personen; "
                       "u meldt deze huurder niet bij de gemeente.")
    if facts.closed is not None:
        reasons.append(f"Deze zaak is gesloten op {format_date(facts.closed.closed_on)}.")
    if not facts.arrears.has_arrears:
        reasons.append("Er is geen huurachterstand. Een melding is niet nodig.")
    if first is None or allowed_from is None:
        reasons.append("Stuur eerst een schriftelijke herinnering met het aanbod om de gegevens van de huurder aan "
                       f"de gemeente door te geven ({BGS}).")
    elif today < allowed_from:
        reasons.append(f"Na de herinnering van {format_date(first)} krijgt de huurder "
                       f"{settings.signal_after_reminder_days} dagen de tijd. U kunt melden vanaf "
                       f"{format_date(allowed_from)}.")
    if facts.objection is not None and facts.objection.active_on(today):
        channel = OBJECTION_CHANNELS.get(facts.objection.channel, facts.objection.channel)
        reasons.append(f"De huurder heeft op {format_date(facts.objection.received_on)} ({channel}) laten weten "
                       "dat u de gegevens niet mag doorgeven. Zolang dat bezwaar geldt, meldt u niet "
                       f"({BGS}).")
    if not facts.counting_contacts:
        if facts.contacts_before_reminder and first is not None:
            reasons.append(_EARLY_CONTACT.format(date=format_date(max(facts.contacts_before_reminder)),
                                                 reminder=format_date(first)))
        elif facts.contacts_before_reminder:
            reasons.append(f"Uw contactpoging van {format_date(max(facts.contacts_before_reminder))} telt nog niet: "
                           "alleen een poging na de schriftelijke herinnering telt. Probeer na de herinnering "
                           f"opnieuw persoonlijk contact te krijgen ({BGS}, onder a).")
        else:
            reasons.append("Probeer eerst persoonlijk contact te krijgen met de huurder (bellen, langsgaan, mailen "
                           "of appen) en leg dat vast. Lukt contact niet, bevestig dan dat het niet gelukt is "
                           f"({BGS}, onder a).")
    arrangement = facts.arrangement
    if settings.no_signal_during_kept_arrangement and arrangement is not None and arrangement.status == "active":
        reasons.append(f"Er loopt een betalingsregeling sinds {format_date(arrangement.started_on)} en de huurder "
                       "houdt zich eraan. Zolang die loopt, meldt u niet. Stopt de regeling, dan mag het weer.")
    # A repeat (same arrears, not grown) is not forbidden, but the municipality treats it as "not picked up:
    # repeated signal"; so the landlord must confirm it, and the signal is marked as a repeat.
    notice = ""
    last = facts.last_signal
    if last is not None and facts.arrears.amount <= last.arrears_amount:
        notice = (f"U heeft op {format_date(last.sent_on)} al gemeld, bij een achterstand van "
                  f"{format_money(last.arrears_amount)}. De achterstand is niet gegroeid (nu "
                  f"{format_money(facts.arrears.amount)}). Een nieuwe melding telt bij de gemeente als een "
                  "herhaalde melding.")
    return SignalCheck(allowed=not reasons, reasons=reasons, is_repeat=bool(notice), allowed_from=allowed_from,
                       repeat_notice=notice)


# --- the guide -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    key: str  # English id, stable for code and tests
    title: str  # Dutch
    status: str  # one of done / due / overdue / blocked / waiting / optional / not_needed
    why: str  # one Dutch line with the rule
    done_on: dt.date | None = None
    due_by: dt.date | None = None
    reasons: list[str] = field(default_factory=list)  # Dutch; why a blocked (or waiting) step cannot be done yet

    @property
    def needs_action(self) -> bool:
        return self.status in (DUE, OVERDUE)


def _due_or_overdue(due_by: dt.date, today: dt.date) -> str:
    return DUE if today <= due_by else OVERDUE


def guide(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> list[Step]:
    """The covenant steps in order, each with its status on `today`."""
    steps = [
        _friendly_reminder(facts, settings, today),
        _written_reminder(facts, settings, today),
        _contact_attempts(facts, settings, today),
        _objection(facts, settings, today),
        _signal(facts, settings, today),
        _feedback(facts, settings, today),
        _arrangement(facts, settings, today),
        _addendum(facts),
        _closed(facts),
    ]
    if facts.closed is not None:
        # a closed case asks nothing more; what was done stays visible as evidence
        steps = [s if s.status == DONE else replace(s, status=NOT_NEEDED, due_by=None, reasons=[]) for s in steps]
    return steps


def _friendly_reminder(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step:
    title = "Vriendelijke herinnering"
    why = (f"Niet verplicht, maar een vriendelijke herinnering in de eerste {settings.friendly_reminder_until_days} "
           "dagen lost vaak al veel op (gebruikelijk onder het convenant).")
    if facts.friendly_reminder_on:
        return Step("friendly_reminder", title, DONE, why, done_on=facts.friendly_reminder_on)
    oldest = facts.arrears.oldest_unpaid_due
    if oldest is None or facts.written_reminders:
        return Step("friendly_reminder", title, NOT_NEEDED, why)
    until = oldest + dt.timedelta(days=settings.friendly_reminder_until_days)
    if today > until:
        return Step("friendly_reminder", title, NOT_NEEDED, why)
    return Step("friendly_reminder", title, OPTIONAL, why, due_by=until)


def _written_reminder(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step:
    title = "Schriftelijke herinnering met aanbod gegevens door te geven"
    why = f"De wet vraagt eerst een schriftelijke herinnering met het aanbod om gegevens door te geven ({BGS})."
    if facts.written_reminders:
        return Step("written_reminder", title, DONE, why, done_on=facts.first_reminder_on)
    oldest = facts.arrears.oldest_unpaid_due
    if oldest is None:
        return Step("written_reminder", title, NOT_NEEDED, "Er is geen huurachterstand.")
    due_by = oldest + dt.timedelta(days=settings.reminder_after_days)
    return Step("written_reminder", title, _due_or_overdue(due_by, today), why, due_by=due_by)


def _contact_attempts(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step:
    title = "Persoonlijk contact proberen"
    why = f"De wet vraagt dat u moeite doet voor persoonlijk contact met de huurder ({BGS}, onder a)."
    done_dates = facts.counting_contacts
    if done_dates:
        return Step("contact_attempts", title, DONE, why, done_on=min(done_dates))
    oldest = facts.arrears.oldest_unpaid_due
    if oldest is None:
        return Step("contact_attempts", title, NOT_NEEDED, "Er is geen huurachterstand.")
    # needed before the signal: due on the day the signal becomes possible
    start = facts.first_reminder_on or oldest + dt.timedelta(days=settings.reminder_after_days)
    due_by = start + dt.timedelta(days=settings.signal_after_reminder_days)
    reasons = []
    if facts.contacts_before_reminder and facts.first_reminder_on is not None:
        reasons = [_EARLY_CONTACT.format(date=format_date(max(facts.contacts_before_reminder)),
                                         reminder=format_date(facts.first_reminder_on))]
    return Step("contact_attempts", title, _due_or_overdue(due_by, today), why, due_by=due_by, reasons=reasons)


def _objection(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step:
    title = "Bezwaar van de huurder"
    objection = facts.objection
    if objection is not None and objection.active_on(today):
        why = (f"De huurder wil niet dat u gegevens doorgeeft (ontvangen op {format_date(objection.received_on)}). "
               f"Dan mag u niet melden ({BGS}).")
        return Step("objection", title, DONE, why, done_on=objection.received_on)
    end = signal_allowed_from(facts, settings)
    if objection is not None and objection.withdrawn_on is not None:
        why = (f"De huurder heeft het bezwaar op {format_date(objection.withdrawn_on)} ingetrokken. "
               "U mag de gegevens weer doorgeven.")
        return Step("objection", title, DONE, why, done_on=objection.withdrawn_on)
    if end is None:
        why = "Na de schriftelijke herinnering mag de huurder bezwaar maken tegen het doorgeven van gegevens."
        status = NOT_NEEDED if not facts.arrears.has_arrears else WAITING
        return Step("objection", title, status, why, reasons=["Eerst de schriftelijke herinnering."]
                    if status == WAITING else [])
    if today < end:
        why = (f"De huurder kan tot {format_date(end)} laten weten dat u de gegevens niet mag doorgeven. "
               "Leg een bezwaar vast als het binnenkomt.")
        return Step("objection", title, WAITING, why, due_by=end)
    why = f"Geen bezwaar ontvangen: u mag de gegevens van de huurder doorgeven aan de gemeente ({BGS})."
    return Step("objection", title, DONE, why, done_on=end)


def _signal(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step:
    title = "Melding aan de gemeente"
    why = (f"Zijn de stappen gedaan en is er geen bezwaar, dan geeft u de contactgegevens van de huurder en de "
           f"achterstand door aan de gemeente, zodat die hulp kan aanbieden ({BGS}).")
    check = signal_check(facts, settings, today)
    last = facts.last_signal
    if last is not None:
        extra = (" De achterstand is sindsdien gegroeid; een nieuwe melding mag."
                 if check.allowed and not check.is_repeat else "")
        return Step("signal", title, DONE, why + extra, done_on=last.sent_on)
    if facts.tenant_is_legal_person:
        return Step("signal", title, NOT_NEEDED, check.reasons[0])
    if not facts.arrears.has_arrears:
        return Step("signal", title, NOT_NEEDED, "Er is geen huurachterstand.")
    if check.allowed and check.allowed_from is not None:  # allowed implies a reminder, so a date
        return Step("signal", title, _due_or_overdue(check.allowed_from, today), why, due_by=check.allowed_from)
    waiting_only = (check.allowed_from is not None and today < check.allowed_from and len(check.reasons) == 1)
    return Step("signal", title, WAITING if waiting_only else BLOCKED, why, due_by=check.allowed_from,
                reasons=check.reasons)


def _feedback(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step:
    title = "Terugkoppeling van de gemeente"
    last = facts.last_signal
    if last is None:
        status = NOT_NEEDED if facts.tenant_is_legal_person or not facts.arrears.has_arrears else WAITING
        return Step("feedback", title, status, "Na een melding laat de gemeente weten wat ermee is gebeurd.")
    answers = [f for f in facts.feedback if f.received_on >= last.sent_on]
    if not answers:
        return Step("feedback", title, WAITING,
                    "De gemeente biedt de huurder een gesprek aan en laat u weten wat er met de melding is gebeurd. "
                    "U hoeft nu niets te doen.")
    latest = max(answers, key=lambda f: f.received_on)
    why = FEEDBACK_OUTCOMES.get(latest.outcome, latest.outcome) + "."
    pause = collection_pause_until(facts, settings)
    if pause is not None and today <= pause:
        why += (f" De huurder krijgt hulp: u pauzeert de incasso tot en met {format_date(pause)} "
                "(convenant vroegsignalering).")
    return Step("feedback", title, DONE, why, done_on=latest.received_on)


def _arrangement(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step:
    title = "Betalingsregeling"
    arrangement = facts.arrangement
    if arrangement is None:
        if not facts.arrears.has_arrears:
            return Step("arrangement", title, NOT_NEEDED, "Er is geen huurachterstand.")
        return Step("arrangement", title, OPTIONAL,
                    "Niet verplicht, maar bied altijd een regeling aan: rechters kijken of die mogelijk was.")
    if arrangement.status == "lapsed":
        when = f" op {format_date(arrangement.ended_on)}" if arrangement.ended_on else ""
        return Step("arrangement", title, DUE,
                    f"De betalingsregeling is gestopt{when}. Neem contact op met de huurder en kijk wat wel kan.",
                    done_on=arrangement.started_on, due_by=today)
    why = f"Regeling sinds {format_date(arrangement.started_on)}: " + ARRANGEMENT_STATUSES[arrangement.status] + "."
    return Step("arrangement", title, DONE, why, done_on=arrangement.started_on)


def _addendum(facts: CaseFacts) -> Step:
    title = "Addendum bij de huurovereenkomst"
    why = ("Niet verplicht: een afspraak tussen huurder, verhuurder en hulpverlener als laatste kans om "
           "ontbinding van de huur te voorkomen.")
    if facts.addendum_signed_on:
        return Step("addendum", title, DONE, why, done_on=facts.addendum_signed_on)
    return Step("addendum", title, OPTIONAL if facts.arrears.has_arrears else NOT_NEEDED, why)


def _closed(facts: CaseFacts) -> Step:
    title = "Zaak gesloten"
    if facts.closed is not None:
        return Step("closed", title, DONE, f"Gesloten: {facts.closed.reason}", done_on=facts.closed.closed_on)
    if case_should_close(facts.arrears):
        return Step("closed", title, DUE, "De achterstand is betaald. U kunt de zaak sluiten.",
                    due_by=facts.arrears.as_of)
    return Step("closed", title, WAITING, "De zaak sluit als de achterstand helemaal is betaald.")


# --- the next action (for the "Vandaag" page) ----------------------------------------------------------------------

def urgency_key(step: Step) -> tuple:
    """Sort key for lists of next actions: overdue first, then by due date."""
    return (step.status != OVERDUE, step.due_by or dt.date.max)


def next_action(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> Step | None:
    """The step that needs the landlord now: an overdue one first, else the one due soonest; None if nothing."""
    steps = guide(facts, settings, today)
    candidates = [(urgency_key(s), i, s) for i, s in enumerate(steps) if s.needs_action]
    return min(candidates)[2] if candidates else None
