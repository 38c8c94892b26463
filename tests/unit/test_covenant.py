import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from naarnul import covenant
from naarnul.covenant import (
    Arrangement,
    CaseFacts,
    Closure,
    ContactAttempt,
    CovenantSettings,
    Feedback,
    Objection,
    SignalSent,
    case_should_close,
    case_should_open,
    collection_pause_until,
    guide,
    next_action,
    signal_check,
    urgency_key,
    validate_contact_attempt,
)
from naarnul.errors import ValidationError
from naarnul.ledger import Lease, Payment, arrears, rent_charges

D = Decimal
day = dt.date
SETTINGS = CovenantSettings()
LEASE = Lease(D("850"), 1, day(2026, 1, 1))


def arrears_on(today, paid=()):
    """Rent 850 due on the 1st from January 2026; `paid` are (date, amount) pairs."""
    return arrears(rent_charges(LEASE, today), [Payment(on, D(a)) for on, a in paid], today)


# January paid; February open from 1 Feb
def facts(today, **changes):
    return CaseFacts(arrears=arrears_on(today, [(day(2026, 1, 1), "850")]), **changes)


REMINDER = day(2026, 2, 20)  # signal possible from 22 March 2026 (30 days)
CALL = ContactAttempt(day(2026, 2, 25), "phone", "not_reached", "voicemail")
READY = dict(written_reminders=[REMINDER], contact_attempts=[CALL])


def steps_by_key(case_facts, today, settings=SETTINGS):
    return {s.key: s for s in guide(case_facts, settings, today)}


# --- signal check ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, today, changes, allowed, fragments", [
    ("all steps done, waiting period over", day(2026, 3, 22), READY, True, []),
    ("no written reminder", day(2026, 3, 22), dict(contact_attempts=[CALL]), False,
     ["schriftelijke herinnering", "telt nog niet: alleen een poging na de schriftelijke herinnering"]),
    ("waiting period not over: says the date", day(2026, 3, 21), READY, False, ["vanaf 22 maart 2026"]),
    ("no contact attempt and failure not confirmed", day(2026, 3, 22), dict(written_reminders=[REMINDER]), False,
     ["persoonlijk contact"]),
    ("contact failure confirmed is enough", day(2026, 3, 22),
     dict(written_reminders=[REMINDER], contact_failed_confirmed_on=day(2026, 3, 1)), True, []),
    ("objection on file", day(2026, 3, 22), dict(READY, objection=Objection(day(2026, 3, 1), "email")), False,
     ["op 1 maart 2026 (e-mail) laten weten dat u de gegevens niet mag doorgeven"]),
    ("objection withdrawn", day(2026, 3, 22),
     dict(READY, objection=Objection(day(2026, 3, 1), "phone", withdrawn_on=day(2026, 3, 10))), True, []),
    ("objection withdrawn only later", day(2026, 3, 22),
     dict(READY, objection=Objection(day(2026, 3, 1), "phone", withdrawn_on=day(2026, 3, 25))), False,
     ["bezwaar"]),
    ("legal person", day(2026, 3, 22), dict(READY, tenant_is_legal_person=True), False, ["bedrijf of organisatie"]),
    ("kept arrangement runs", day(2026, 3, 22), dict(READY, arrangement=Arrangement(day(2026, 3, 5))), False,
     ["betalingsregeling"]),
    ("arrangement lapsed", day(2026, 3, 22),
     dict(READY, arrangement=Arrangement(day(2026, 3, 5), "lapsed", day(2026, 3, 20))), True, []),
    ("several reasons at once", day(2026, 3, 1), dict(objection=Objection(day(2026, 2, 25), "letter")), False,
     ["schriftelijke herinnering", "bezwaar", "persoonlijk contact"]),
])
def test_signal_check(case, today, changes, allowed, fragments):
    check = signal_check(facts(today, **changes), SETTINGS, today)
    assert check.allowed is allowed, case
    assert len(check.reasons) == len(fragments), check.reasons
    for reason, fragment in zip(check.reasons, fragments):
        assert fragment in reason, (case, reason)


def test_arrangement_setting_can_allow_a_signal():
    today = day(2026, 3, 22)
    case_facts = facts(today, **READY, arrangement=Arrangement(day(2026, 3, 5)))
    assert signal_check(case_facts, replace(SETTINGS, no_signal_during_kept_arrangement=False), today).allowed


def test_the_arrangement_block_is_labelled_the_landlords_own_policy_not_the_law():
    today = day(2026, 3, 22)
    check = signal_check(facts(today, **READY, arrangement=Arrangement(day(2026, 3, 5))), SETTINGS, today)
    assert check.reasons == [
        "Uw eigen beleid (geen regel uit de wet): zolang een betalingsregeling loopt die de huurder nakomt, meldt u "
        "niet. Er loopt een regeling sinds 5 maart 2026. Stopt de regeling, dan kunt u weer melden. De wet (Bgs) kent "
        "deze uitzondering niet; de beheerder kan dit beleid uitzetten bij Instellingen."]
    assert "mag niet" not in check.reasons[0] and "wet verbiedt" not in check.reasons[0]


def test_waiting_period_is_a_setting():
    today = day(2026, 3, 22)
    check = signal_check(facts(today, **READY), replace(SETTINGS, signal_after_reminder_days=60), today)
    assert not check.allowed and "vanaf 21 april 2026" in check.reasons[0]


def test_no_arrears_no_signal():
    today = day(2026, 3, 22)
    paid = CaseFacts(arrears=arrears_on(today, [(day(2026, 1, 1), "2550")]), **READY)
    check = signal_check(paid, SETTINGS, today)
    assert not check.allowed and "geen huurachterstand" in check.reasons[0]


@pytest.mark.parametrize("case, today, paid, allowed, is_repeat", [
    # signalled on 22 March with February + March open (1700)
    # a repeat is allowed but marked: the landlord must confirm it (store.cases.send_signal)
    ("arrears not grown: repeat", day(2026, 3, 30), [], True, True),
    ("arrears grew (April fell due): new signal legitimate", day(2026, 4, 2), [], True, False),
    ("payment after the signal: lower arrears, a new signal is a repeat", day(2026, 4, 2),
     [(day(2026, 4, 1), "900")], True, True),
    ("same amount as signalled: repeat", day(2026, 4, 2), [(day(2026, 4, 1), "850")], True, True),
])
def test_new_signal_only_when_arrears_grew(case, today, paid, allowed, is_repeat):
    case_facts = CaseFacts(arrears=arrears_on(today, [(day(2026, 1, 1), "850"), *paid]), **READY,
                           signals=[SignalSent(day(2026, 3, 22), D("1700.00"))])
    check = signal_check(case_facts, SETTINGS, today)
    assert (check.allowed, check.is_repeat) == (allowed, is_repeat), (case, check.reasons)
    if is_repeat:
        assert "niet gegroeid" in check.repeat_notice and "22 maart 2026" in check.repeat_notice
    else:
        assert check.repeat_notice == ""


# --- the guide ---------------------------------------------------------------------------------------------------

def test_guide_has_the_steps_in_order():
    keys = [s.key for s in guide(facts(day(2026, 2, 5)), SETTINGS, day(2026, 2, 5))]
    assert keys == ["friendly_reminder", "written_reminder", "contact_attempts", "objection", "signal", "feedback",
                    "arrangement", "addendum", "closed"]


@pytest.mark.parametrize("case, today, changes, expected", [
    ("5 days late: friendly reminder optional, written reminder due by day 30", day(2026, 2, 6), {},
     {"friendly_reminder": ("optional", day(2026, 2, 11)), "written_reminder": ("due", day(2026, 3, 3)),
      "signal": ("blocked", None), "closed": ("waiting", None)}),
    ("31 days late without reminder: overdue", day(2026, 3, 4), {},
     {"friendly_reminder": ("not_needed", None), "written_reminder": ("overdue", day(2026, 3, 3))}),
    ("reminder sent, waiting period runs", day(2026, 3, 1), READY,
     {"written_reminder": ("done", None), "contact_attempts": ("done", None),
      "objection": ("waiting", day(2026, 3, 22)), "signal": ("waiting", day(2026, 3, 22))}),
    ("signal due on the first allowed day", day(2026, 3, 22), READY,
     {"objection": ("done", None), "signal": ("due", day(2026, 3, 22))}),
    ("signal overdue after that", day(2026, 3, 30), READY, {"signal": ("overdue", day(2026, 3, 22))}),
    ("reminder sent, no contact attempt yet", day(2026, 3, 1), dict(written_reminders=[REMINDER]),
     {"contact_attempts": ("due", day(2026, 3, 22)), "signal": ("blocked", day(2026, 3, 22))}),
    ("objection blocks the signal", day(2026, 3, 30), dict(READY, objection=Objection(day(2026, 3, 1), "letter")),
     {"objection": ("done", None), "signal": ("blocked", day(2026, 3, 22))}),
    ("signal sent: waiting for feedback", day(2026, 4, 2), dict(READY, signals=[SignalSent(day(2026, 3, 23),
                                                                                           D("1700"))]),
     {"signal": ("done", None), "feedback": ("waiting", None), "arrangement": ("optional", None)}),
    ("legal person: no signal", day(2026, 3, 30), dict(READY, tenant_is_legal_person=True),
     {"signal": ("not_needed", None), "feedback": ("not_needed", None)}),
    ("lapsed arrangement needs action", day(2026, 4, 2),
     dict(READY, arrangement=Arrangement(day(2026, 3, 5), "lapsed", day(2026, 4, 1))),
     {"arrangement": ("due", day(2026, 4, 2))}),
])
def test_guide_statuses(case, today, changes, expected):
    steps = steps_by_key(facts(today, **changes), today)
    for key, (status, due_by) in expected.items():
        assert (steps[key].status, steps[key].due_by) == (status, due_by), (case, key, steps[key])


def test_done_steps_carry_their_dates_and_every_step_explains_itself():
    today = day(2026, 4, 20)
    case_facts = facts(today, friendly_reminder_on=day(2026, 2, 5), **READY,
                       signals=[SignalSent(day(2026, 3, 23), D("1700"))],
                       feedback=[Feedback(day(2026, 4, 10), "follow_up_help", help_accepted=True)],
                       arrangement=Arrangement(day(2026, 4, 12)), addendum_signed_on=day(2026, 4, 15))
    steps = steps_by_key(case_facts, today)
    assert steps["friendly_reminder"].done_on == day(2026, 2, 5)
    assert steps["written_reminder"].done_on == REMINDER
    assert steps["contact_attempts"].done_on == CALL.on
    assert steps["signal"].done_on == day(2026, 3, 23)
    assert steps["feedback"].done_on == day(2026, 4, 10)
    assert "10 mei 2026" in steps["feedback"].why  # collection pause until
    assert steps["arrangement"].status == "done" and steps["addendum"].status == "done"
    assert all(s.why and s.title for s in steps.values())
    assert "Besluit gemeentelijke schuldhulpverlening, art. 2" in steps["written_reminder"].why


def test_blocked_step_carries_the_reasons():
    today = day(2026, 3, 30)
    signal = steps_by_key(facts(today, written_reminders=[REMINDER]), today)["signal"]
    assert signal.status == "blocked"
    assert any("persoonlijk contact" in r for r in signal.reasons)


def test_paid_off_case_asks_to_close_and_closed_case_asks_nothing():
    today = day(2026, 3, 30)
    paid = CaseFacts(arrears=arrears_on(today, [(day(2026, 3, 25), "2550")]), **READY)
    steps = steps_by_key(paid, today)
    assert steps["closed"].status == "due" and steps["signal"].status == "not_needed"
    assert next_action(paid, SETTINGS, today).key == "closed"
    closed = replace(paid, closed=Closure(day(2026, 3, 30), "Achterstand betaald"))
    steps = steps_by_key(closed, today)
    assert steps["closed"].status == "done" and steps["written_reminder"].status == "done"
    assert {s.status for s in steps.values()} <= {"done", "not_needed"}
    assert next_action(closed, SETTINGS, today) is None


# --- next action -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, today, changes, key, status", [
    ("new arrears: the written reminder", day(2026, 2, 5), {}, "written_reminder", "due"),
    ("reminder overdue", day(2026, 3, 10), {}, "written_reminder", "overdue"),
    ("after the reminder: contact attempt", day(2026, 3, 1), dict(written_reminders=[REMINDER]),
     "contact_attempts", "due"),
    ("ready: signal", day(2026, 3, 25), READY, "signal", "overdue"),
    ("waiting: nothing to do", day(2026, 3, 1), READY, None, None),
])
def test_next_action(case, today, changes, key, status):
    step = next_action(facts(today, **changes), SETTINGS, today)
    assert (step.key if step else None, step.status if step else None) == (key, status), case


def test_overdue_sorts_before_due():
    today = day(2026, 3, 25)
    overdue = next_action(facts(today, **READY), SETTINGS, today)
    due = next_action(facts(day(2026, 2, 5)), SETTINGS, day(2026, 2, 5))
    assert sorted([due, overdue], key=urgency_key) == [overdue, due]


# --- pause and open/close ----------------------------------------------------------------------------------------

def test_collection_pause_after_help_accepted():
    today = day(2026, 4, 20)
    no_help = facts(today, feedback=[Feedback(day(2026, 4, 10), "does_not_want_help")])
    help_ = facts(today, feedback=[Feedback(day(2026, 4, 10), "follow_up_help", help_accepted=True)])
    assert collection_pause_until(no_help, SETTINGS) is None
    assert collection_pause_until(help_, SETTINGS) == day(2026, 5, 10)


@pytest.mark.parametrize("today, paid, should_open", [
    (day(2026, 1, 1), [], False),  # due today: not late yet
    (day(2026, 1, 2), [], True),
    (day(2026, 1, 2), [(day(2026, 1, 2), "850")], False),
    (day(2026, 1, 2), [(day(2026, 1, 2), "849.99")], True),
])
def test_case_opens_and_closes_with_the_arrears(today, paid, should_open):
    result = arrears_on(today, paid)
    assert case_should_open(result) is should_open
    assert case_should_close(result) is (not should_open)


def test_contact_attempt_validation():
    today = day(2026, 3, 1)
    attempt = validate_contact_attempt(day(2026, 3, 1), "visit", "reached", "  sprak met Jan ", today)
    assert attempt == ContactAttempt(day(2026, 3, 1), "visit", "reached", "sprak met Jan")
    with pytest.raises(ValidationError) as error:
        validate_contact_attempt(day(2026, 3, 2), "fax", "maybe", "", today)
    assert [p.split(" ")[0:2] for p in error.value.problems] == [["De", "datum"], ["Kies", "hoe"], ["Kies", "wat"]]
    assert "in de toekomst" in error.value.problems[0] and "telefoon, bezoek" in error.value.problems[1]


# --- the Dutch checks and timeline lines of recorded steps (core, used by store.cases) ------------------------------

def test_close_reason_is_cleaned_and_refused_when_empty_or_too_long():
    assert covenant.clean_close_reason("  regeling\n afgerond ") == "regeling afgerond"
    assert covenant.clean_close_reason("z" * covenant.CLOSE_REASON_MAX) == "z" * 300
    with pytest.raises(ValidationError, match="Schrijf kort waarom u de zaak sluit"):
        covenant.clean_close_reason(" \t ")
    with pytest.raises(ValidationError, match="hoogstens 300 tekens"):
        covenant.clean_close_reason("z" * 301)
    assert covenant.close_summary("<b>{{ x }}</b>") == "Zaak gesloten door de verhuurder: <b>{{ x }}</b>"


def test_objection_checks_and_timeline_lines_are_dutch():
    assert covenant.objection_channel_problems("email") == []
    assert covenant.objection_channel_problems("duif")[0].startswith("Kies hoe het bezwaar binnenkwam")
    assert covenant.withdrawal_problems(None, dt.date(2026, 11, 1)) == [
        "Er staat geen bezwaar open dat de huurder kan intrekken."]
    assert covenant.withdrawal_problems(dt.date(2026, 11, 20), dt.date(2026, 11, 19)) == [
        "Het bezwaar kwam binnen op 20 november 2026; intrekken kan niet eerder."]
    assert covenant.withdrawal_problems(dt.date(2026, 11, 20), dt.date(2026, 11, 20)) == []
    assert covenant.objection_summary(dt.date(2026, 11, 20), "email") == (
        "Bezwaar tegen doorgeven ontvangen op 20 november 2026 (" + covenant.OBJECTION_CHANNELS["email"] + ")")
    assert covenant.objection_withdrawn_summary(dt.date(2026, 11, 30)) == "Bezwaar ingetrokken op 30 november 2026"
    assert covenant.closed_case_problem(dt.date(2026, 11, 2)).startswith("Deze zaak is gesloten op 2 november 2026")


def test_step_timeline_lines():
    day = dt.date(2026, 11, 5)
    assert covenant.friendly_reminder_summary(day) == "Vriendelijke herinnering gestuurd op 5 november 2026"
    assert covenant.contact_failed_summary(day) == "Bevestigd dat persoonlijk contact niet is gelukt (5 november 2026)"
    attempt = covenant.ContactAttempt(day, "phone", "not_reached", "ziek")
    assert covenant.contact_attempt_summary(attempt) == (
        "Contactpoging op 5 november 2026 via telefoon: niet bereikt. Notitie: ziek")
    assert covenant.contact_attempt_summary(covenant.ContactAttempt(day, "phone", "not_reached")).endswith(
        "niet bereikt")
