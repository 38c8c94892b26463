"""The rules and timeline texts that moved out of store.cases and store.arrangements into the core
(naarnul.written_reminder, naarnul.signal_sending, naarnul.arrangement.fourteen_day_letter, naarnul.arrangement.steps,
naarnul.access): pure, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naarnul import access, covenant, ledger, signal_sending, written_reminder
from naarnul.arrangement import fourteen_day_letter
from naarnul.arrangement import steps as arrangement_steps
from naarnul.errors import ValidationError

TODAY = dt.date(2026, 11, 23)
def _plain(text: str) -> str:
    return text.replace("\xa0", " ")  # money is formatted with a no-break space after the euro sign


HOSTILE = "Smith & Sons <Ltd> {{ x }} {% if %} ![x](http://evil)"


# --- the written reminder ------------------------------------------------------------------------------------------

def test_written_reminder_line_by_hand_with_copy_and_reason():
    line = written_reminder.summary(dt.date(2026, 10, 1), today=TODAY, copy_filename="brief.pdf",
                                    reason=written_reminder.clean_reason("  vergeten \n vast te leggen "))
    assert line == ("Schriftelijke herinnering met aanbod om gegevens door te geven gestuurd op 1 oktober 2026. "
                    "Kopie van de brief bewaard: brief.pdf. Pas op 23 november 2026 vastgelegd, omdat: vergeten "
                    "vast te leggen")


def test_written_reminder_line_made_in_naar_nul_has_no_evidence():
    assert written_reminder.summary(TODAY, today=TODAY, via_document=True) == (
        "Schriftelijke herinnering met aanbod om gegevens door te geven gestuurd op 23 november 2026 "
        "(brief gemaakt in Naar Nul)")


def test_copy_filename_drops_folders_and_is_cut_to_its_column():
    assert written_reminder.copy_filename("C:\\Users\\piet\\brief.pdf") == "brief.pdf"
    assert written_reminder.copy_filename("../../etc/passwd") == "passwd"
    assert written_reminder.copy_filename("") == "kopie"
    assert len(written_reminder.copy_filename("a" * 500 + ".pdf")) == written_reminder.FILENAME_MAX
    assert written_reminder.copy_filename(HOSTILE) == HOSTILE.rsplit("/", 1)[-1]  # kept as typed; escaped when shown
    assert written_reminder.copy_title(dt.date(2026, 10, 1)) == "Kopie van de schriftelijke herinnering van 1 oktober 2026"


# --- sending the signal --------------------------------------------------------------------------------------------

def _check(**values) -> covenant.SignalCheck:
    return covenant.SignalCheck(**{"allowed": True, "reasons": [], **values})


def test_the_refuse_before_date_of_the_reminder_letter_holds_the_signal_until_it_passed():
    deadline = dt.date(2026, 11, 30)
    held = signal_sending.with_deadline(_check(), deadline, TODAY)
    assert not held.allowed and "tot en met 30 november 2026" in held.reasons[0]
    assert signal_sending.with_deadline(_check(), deadline, dt.date(2026, 12, 1)).allowed
    assert signal_sending.with_deadline(_check(), None, TODAY).allowed
    assert signal_sending.deadline_reasons(deadline, deadline)  # the last day itself still waits


def test_sending_problems_repeat_urgency_and_length():
    repeat = _check(is_repeat=True, repeat_notice="U meldde al.")
    problems = signal_sending.sending_problems(repeat, None, TODAY, urgent=False, urgent_reason="",
                                               confirm_repeat=False)
    assert problems == ["U meldde al." + signal_sending.REPEAT_CONFIRMATION]
    assert signal_sending.sending_problems(repeat, None, TODAY, urgent=False, urgent_reason="",
                                           confirm_repeat=True) == []
    [no_reason] = signal_sending.sending_problems(_check(), None, TODAY, urgent=True, urgent_reason="",
                                                  confirm_repeat=False)
    assert "waarom de melding spoed heeft" in no_reason
    [too_long] = signal_sending.sending_problems(_check(), None, TODAY, urgent=True,
                                                 urgent_reason="x" * (covenant.URGENT_REASON_MAX + 1),
                                                 confirm_repeat=False)
    assert f"hoogstens {covenant.URGENT_REASON_MAX} tekens" in too_long
    refused = _check(allowed=False, reasons=["Eerst een herinnering."])
    assert signal_sending.sending_problems(refused, dt.date(2026, 12, 1), TODAY, urgent=False, urgent_reason="",
                                           confirm_repeat=False)[0] == "Eerst een herinnering."


def test_signal_reference_and_timeline_line():
    assert signal_sending.reference(dt.date(2026, 11, 23), 42) == "NN-2026-000042"
    assert _plain(signal_sending.summary("NN-2026-000042", Decimal("2550.00"), 3, urgent=True,
                                         urgent_reason=signal_sending.clean_reason(f" {HOSTILE} "))) == (
        f"Melding NN-2026-000042 gedaan bij de gemeente: achterstand € 2.550,00 (3 maand(en)), met spoed: {HOSTILE}")


# --- collection costs after a 14-day letter ------------------------------------------------------------------------

def _letter(**values) -> fourteen_day_letter.FourteenDayLetter:
    facts = {"letter_date": dt.date(2026, 11, 17), "created_at": dt.datetime(2026, 11, 17, 9, tzinfo=dt.UTC),
             "deadline": None, "principal": Decimal("2550.00"), "stated_costs": Decimal("380.00"),
             "arrears_on": lambda day: pytest.fail("the stored principal is used"), "payments": [], "today": TODAY,
             "document_id": 7, **values}
    return fourteen_day_letter.letter_costs(**facts)


def test_an_old_letter_without_stored_facts_takes_its_amsterdam_date_and_the_one_term():
    letter = _letter(letter_date=None, created_at=dt.datetime(2026, 11, 16, 23, 30, tzinfo=dt.UTC), principal=None,
                     stated_costs=None, arrears_on=lambda day: Decimal("2550.00"))
    assert letter.letter_date == dt.date(2026, 11, 17)
    assert letter.deadline == fourteen_day_letter.calendar.fourteen_day_deadline(dt.date(2026, 11, 17))
    assert not letter.term_passed


def test_costs_after_the_term_never_exceed_what_the_letter_named_and_follow_a_partial_payment():
    stored = _letter(deadline=dt.date(2026, 12, 2), today=dt.date(2026, 12, 3))
    assert (stored.costs, stored.term_passed) == (Decimal("380.00"), True)
    assert fourteen_day_letter.costs_check(stored)[0] is True
    paid = _letter(deadline=dt.date(2026, 12, 2), today=dt.date(2026, 12, 3),
                   payments=[ledger.Payment(dt.date(2026, 11, 20), Decimal("2550.00")),
                             ledger.Payment(dt.date(2026, 12, 3), Decimal("10.00"))])  # after the term: ignored
    assert paid.costs == Decimal("0.00")


def test_no_letter_or_term_running_means_no_costs():
    allowed, reason, costs = fourteen_day_letter.costs_check(None)
    assert (allowed, costs) == (False, Decimal("0.00")) and "veertiendagenbrief" in reason
    allowed, reason, costs = fourteen_day_letter.costs_check(_letter(deadline=dt.date(2026, 12, 2)))
    assert (allowed, costs) == (False, Decimal("0.00")) and "2 december 2026" in reason


# --- the steps of an arrangement -----------------------------------------------------------------------------------

@pytest.mark.parametrize("step, message", [("reminder", "loopt niet meer"), ("change", "Alleen een lopende regeling"),
                                           ("end", "loopt al niet meer"), ("letter", "alleen voor de lopende")])
def test_a_step_needs_a_running_arrangement(step, message):
    arrangement_steps.require_running("active", step)
    with pytest.raises(ValidationError, match=message):
        arrangement_steps.require_running("ended", step)


def test_arrangement_refusals_and_timeline_lines():
    with pytest.raises(ValidationError, match="gesloten"):
        arrangement_steps.require_open_case("closed")
    with pytest.raises(ValidationError, match="geen huurachterstand"):
        arrangement_steps.require_arrears(Decimal("0"))
    with pytest.raises(ValidationError, match="vanaf 1 november 2026"):
        arrangement_steps.require_no_active(dt.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="na vandaag"):
        arrangement_steps.require_new_date(TODAY, TODAY)
    assert _plain(arrangement_steps.created_summary(Decimal("2930.00"), Decimal("380.00"), 7, dt.date(2026, 12, 5),
                                                    dt.date(2027, 6, 5))) == (
        "Betalingsregeling gemaakt: € 2.930,00, inclusief € 380,00 incassokosten in 7 termijn(en) van 5 december "
        "2026 tot en met 5 juni 2027")
    assert _plain(arrangement_steps.changed_summary(dt.date(2027, 1, 1), 1, Decimal("2150.00"), 11,
                                                    Decimal("200.00"), dt.date(2027, 12, 5), Decimal("400.00"))) == (
        "Betalingsregeling gewijzigd vanaf 1 januari 2027, na een pauze van 1 maand(en): nog € 2.150,00 in 11 "
        "termijn(en) van € 200,00, tot en met 5 december 2027. Al betaald: € 400,00")
    assert arrangement_steps.reference(3, 12) == "NN-0003-R12"


def test_access_messages_never_say_whether_the_record_exists():
    for message in (access.CASE_NOT_FOUND, access.TENANCY_NOT_FOUND, access.SIGNAL_NOT_FOUND,
                    access.ARRANGEMENT_NOT_FOUND, access.LETTER_NOT_FOUND):
        assert message.endswith("bestaat niet of is niet van u.")
