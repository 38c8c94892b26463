"""convenant.md §2: "wanneer de betalingsherinnering geen reactie oplevert, volgt nog een poging om persoonlijk
contact te zoeken" — so only a contact attempt (or the confirmation that contact failed) made after the written
reminder counts for the signal. One home: naarnul.covenant."""

import datetime as dt
from decimal import Decimal

from naarnul.covenant import CaseFacts, ContactAttempt, CovenantSettings, guide, signal_check
from naarnul.ledger import Lease, Payment, arrears, rent_charges

day = dt.date
SETTINGS = CovenantSettings()
TODAY = day(2026, 3, 22)  # 30 days after the reminder: the waiting period is over
REMINDER = day(2026, 2, 20)
LEASE = Lease(Decimal("850"), 1, day(2026, 1, 1))


def facts(**changes) -> CaseFacts:
    owed = arrears(rent_charges(LEASE, TODAY), [Payment(day(2026, 1, 1), Decimal("850"))], TODAY)
    return CaseFacts(arrears=owed, written_reminders=[REMINDER], **changes)


def test_a_contact_attempt_before_the_reminder_does_not_unlock_the_signal():
    early = ContactAttempt(day(2026, 2, 10), "phone", "not_reached")
    check = signal_check(facts(contact_attempts=[early]), SETTINGS, TODAY)
    assert not check.allowed
    assert check.reasons == [
        "Uw contactpoging van 10 februari 2026 was voor de schriftelijke herinnering van 20 februari 2026. Alleen "
        "een poging na de herinnering telt: krijgt u op de herinnering geen reactie, probeer dan nog een keer "
        "persoonlijk contact te krijgen en leg dat vast (Besluit gemeentelijke schuldhulpverlening, art. 2, "
        "onder a)."]
    step = {s.key: s for s in guide(facts(contact_attempts=[early]), SETTINGS, TODAY)}["contact_attempts"]
    assert step.status == "due" and step.done_on is None  # due today, the day the signal becomes possible
    assert "was voor de schriftelijke herinnering" in step.reasons[0]


def test_a_confirmation_that_contact_failed_before_the_reminder_does_not_count_either():
    check = signal_check(facts(contact_failed_confirmed_on=day(2026, 2, 19)), SETTINGS, TODAY)
    assert not check.allowed and "was voor de schriftelijke herinnering" in check.reasons[0]


def test_an_attempt_after_the_reminder_or_on_its_day_counts():
    for on in (REMINDER, day(2026, 3, 1)):
        attempts = [ContactAttempt(day(2026, 2, 10), "phone", "not_reached"), ContactAttempt(on, "visit", "reached")]
        assert signal_check(facts(contact_attempts=attempts), SETTINGS, TODAY).allowed
        step = {s.key: s for s in guide(facts(contact_attempts=attempts), SETTINGS, TODAY)}["contact_attempts"]
        assert step.status == "done" and step.done_on == on
