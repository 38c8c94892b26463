"""The covenant step guide: every step of a case with its status on a date, why, and by when (`guide`), and the one
step that needs the landlord now (`next_action`, for the "Vandaag" page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from naarnul.covenant.facts import CaseFacts, case_should_close, collection_pause_until
from naarnul.covenant.settings import CovenantSettings
from naarnul.covenant.signalling import EARLY_CONTACT, signal_allowed_from, signal_check
from naarnul.covenant.vocabulary import (
    ARRANGEMENT_STATUSES,
    BGS,
    BLOCKED,
    DONE,
    DUE,
    FEEDBACK_OUTCOMES,
    NOT_NEEDED,
    OPTIONAL,
    OVERDUE,
    WAITING,
)
from naarnul.formatting import format_date


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
        reasons = [EARLY_CONTACT.format(date=format_date(max(facts.contacts_before_reminder)),
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
    if case_should_close(facts.arrears) and facts.deferred_until is not None:
        return Step("closed", title, WAITING, f"Er loopt uitstel van betaling tot {format_date(facts.deferred_until)}. "
                    "De zaak blijft open tot die huur is betaald.", due_by=facts.deferred_until)
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
