"""Rules that moved out of store.arrangements into the core: the cost rule after a 14-day letter, the money paid
towards an arrangement, and the Dutch texts (no database needed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from naarnul import arrangement as calc
from naarnul import arrangement_text as text
from naarnul.errors import ValidationError
from naarnul.ledger import Payment, RentCharge


def test_costs_after_letter_never_exceed_the_letter_and_follow_the_scale_over_what_is_open():
    assert calc.costs_after_letter(D("380.00"), D("2550.00"), D("0")) == D("380.00")
    assert calc.costs_after_letter(D("380.00"), D("2550.00"), D("1550.00")) == D("150.00")  # 15% of 1,000
    assert calc.costs_after_letter(D("100.00"), D("2550.00"), D("0")) == D("100.00")  # the letter named less
    assert calc.costs_after_letter(None, D("2550.00"), D("0")) == D("380.00")  # old letter: the scale
    assert calc.costs_after_letter(D("380.00"), D("2550.00"), D("2550.00")) == D("0.00")  # all paid in the term


def _charge(day: dt.date, amount: str) -> RentCharge:
    return RentCharge(due_date=day, amount=D(amount), period_start=day, period_end=day)


def test_paid_towards_counts_only_what_is_paid_on_top_of_current_rent():
    charges = [_charge(dt.date(2026, m, 1), "850.00") for m in (9, 10, 11, 12)]
    payments = [Payment(dt.date(2026, 12, 1), D("850.00")), Payment(dt.date(2026, 12, 4), D("400.00"))]
    # baseline: 2,550 open on 23 November (September to November)
    paid = calc.paid_towards(charges, payments, baseline=D("2550.00"), since=dt.date(2026, 11, 23),
                             today=dt.date(2026, 12, 20))
    assert paid == [calc.ArrangementPayment(dt.date(2026, 12, 4), D("400.00"))]
    skipped = calc.paid_towards(charges, payments, baseline=D("2550.00"), since=dt.date(2026, 11, 23),
                                today=dt.date(2026, 12, 20), already_allocated=D("150.00"))
    assert skipped == [calc.ArrangementPayment(dt.date(2026, 12, 4), D("250.00"))]


def test_help_contact_always_names_geldfit_and_a_way_to_reach_the_municipality():
    assert text.help_contact("Utrecht")["text"] == ("Schuldhulpverlening gemeente Utrecht, bel of kijk op de website "
                                                    "van de gemeente Utrecht. Ook handig: www.geldfit.nl.")
    line = text.help_contact("Utrecht", "Geldhulp Utrecht", "030 1234567")["text"]
    assert line == "Geldhulp Utrecht, 030 1234567. Ook handig: www.geldfit.nl."


def test_costs_explanation_names_the_letter_and_its_deadline():
    allowed, reason = text.costs_explanation(dt.date(2026, 11, 16), dt.date(2026, 12, 2), D("380.00"), False)
    assert not allowed and "tot en met 2 december 2026" in reason
    allowed, reason = text.costs_explanation(None, None, D("0"), False)
    assert not allowed and "veertiendagenbrief" in reason


# --- the form rules and the reminder's wording check, moved out of store.arrangements ---------------------------

def test_instalment_left_empty_is_none_and_a_dutch_amount_is_parsed():
    assert text.parse_instalment(None) is None and text.parse_instalment("  ") is None
    assert text.parse_instalment("1.250,50") == D("1250.50")
    with pytest.raises(ValidationError) as error:
        text.parse_instalment("<b>veel</b>")
    assert "Het bedrag per termijn" in str(error.value.problems)


def test_end_reason_is_one_line_and_must_be_short():
    assert text.end_reason("  twee termijnen\n niet betaald ") == "twee termijnen niet betaald"
    for bad in ("", "   ", None, "x" * (text.END_REASON_MAX + 1)):
        with pytest.raises(ValidationError):
            text.end_reason(bad)


def test_reminder_check_of_an_empty_text_is_ok_and_hints_are_left_out():
    assert text.reminder_check("") == {"ok": True, "verdict": "", "findings": []}
    result = text.reminder_check("U moet onmiddellijk betalen, anders volgen maatregelen.")
    assert result["findings"] and all(isinstance(f, str) for f in result["findings"])


def test_affordability_check_says_what_is_missing_and_checks_nothing_without_an_income():
    today = dt.date(2026, 11, 23)
    summary, room = text.affordability_check([], "single", None, D("300.00"), today)
    assert summary["checked"] is False and summary["message"] == "" and room is None
    summary, room = text.affordability_check([], None, "1.800,00", D("300.00"), today)
    assert summary["message"] == text.NO_HOUSEHOLD and room is None
    summary, room = text.affordability_check([], "single", "1.800,00", D("300.00"), today)
    assert summary["message"] == text.NO_NORMS and room is None
    with pytest.raises(ValidationError):
        text.affordability_check([], "single", "-5", D("300.00"), today)
