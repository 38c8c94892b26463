"""What happened in a case, as plain values (`CaseFacts`), and the rules read straight from them: when a case opens
or closes, which contacts count, and the collection pause after the tenant accepted help."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from naarnul.covenant.settings import CovenantSettings
from naarnul.ledger import Arrears


@dataclass(frozen=True)
class ContactAttempt:
    on: dt.date
    channel: str  # key of CONTACT_CHANNELS
    outcome: str  # key of CONTACT_OUTCOMES
    note: str = ""


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
    deferred_until: dt.date | None = None  # a deferral of payment runs until this day (custom solutions)

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
