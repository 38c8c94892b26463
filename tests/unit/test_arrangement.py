"""ArrangementPayment arrangement core: calculator, affordability, 36-month rule, collection costs, follow-up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from naarnul.arrangement import (
    LAST_DAY,
    ArrangementPayment,
    ArrangementSettings,
    FollowUpAction,
    HouseholdType,
    InstalmentState,
    ProtectedIncomeNorm,
    advise,
    affordability,
    collection_costs,
    follow_up,
    make_schedule,
    match_instalments,
    protected_income,
    replan,
)
from naarnul.errors import ValidationError
from naarnul.formatting import format_money

TODAY = date(2026, 1, 10)


def schedule(**overrides):
    args = dict(arrears=D("1000.00"), start=TODAY, payment_day=25, today=TODAY, months=4)
    args.update(overrides)
    return make_schedule(**args)


def text(error_info) -> str:
    """The Dutch message as a user reads it (money uses a no-break space after €)."""
    return str(error_info.value).replace("\xa0", " ")


def amounts(plan):
    return [str(i.amount) for i in plan.instalments]


def dates(plan):
    return [i.due_date.isoformat() for i in plan.instalments]


# ------------------------------------------------------------------------------------------------ the calculator


@pytest.mark.parametrize(
    "arrears, kwargs, expected",
    [
        # months mode: equal amounts rounded down, the last absorbs the cents
        ("100.00", {"months": 3}, ["33.33", "33.33", "33.34"]),
        ("1000.00", {"months": 4}, ["250.00", "250.00", "250.00", "250.00"]),
        ("1000.01", {"months": 3}, ["333.33", "333.33", "333.35"]),
        ("2000.00", {"months": 7}, ["285.71"] * 6 + ["285.74"]),
        ("1234.56", {"months": 1}, ["1234.56"]),
        # instalment mode: fixed amounts, the last is the remainder
        ("1000.00", {"instalment": "300"}, ["300.00", "300.00", "300.00", "100.00"]),
        ("1000.00", {"instalment": "250.00"}, ["250.00"] * 4),
        ("1000.00", {"instalment": "333.33"}, ["333.33", "333.33", "333.33", "0.01"]),
        ("75.50", {"instalment": "25"}, ["25.00", "25.00", "25.00", "0.50"]),
        # instalment equal to / larger than the arrears: one instalment of the total
        ("500.00", {"instalment": "500.00"}, ["500.00"]),
        ("500.00", {"instalment": "800.00"}, ["500.00"]),
        # below the minimum instalment is fine when it is the whole debt
        ("5.00", {"months": 1}, ["5.00"]),
        ("5.00", {"instalment": "5.00"}, ["5.00"]),
    ],
)
def test_amounts_exact_to_the_cent(arrears, kwargs, expected):
    args = {"months": None} | {k: (D(v) if k == "instalment" else v) for k, v in kwargs.items()}
    plan = schedule(arrears=D(arrears), **args)
    assert amounts(plan) == expected
    assert sum(i.amount for i in plan.instalments) == D(arrears) == plan.total
    assert plan.count == len(expected)
    assert plan.end_date == plan.instalments[-1].due_date


def test_costs_are_added_on_top_and_included_in_the_total():
    plan = schedule(arrears=D("1000.00"), costs=D("150.00"), months=3)
    assert plan.total == D("1150.00")
    assert amounts(plan) == ["383.33", "383.33", "383.34"]
    assert (plan.arrears, plan.costs) == (D("1000.00"), D("150.00"))


@pytest.mark.parametrize(
    "start, payment_day, months, expected",
    [
        # first instalment on or after the start date
        (date(2026, 1, 10), 25, 3, ["2026-01-25", "2026-02-25", "2026-03-25"]),
        (date(2026, 1, 25), 25, 2, ["2026-01-25", "2026-02-25"]),
        (date(2026, 1, 26), 25, 2, ["2026-02-25", "2026-03-25"]),
        (date(2026, 1, 10), 1, 2, ["2026-02-01", "2026-03-01"]),
        # day 28 exists in every February
        (date(2026, 1, 29), 28, 3, ["2026-02-28", "2026-03-28", "2026-04-28"]),
        # last day of the month: February (normal and leap year) and 30-day months
        (date(2026, 1, 31), LAST_DAY, 4, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]),
        (date(2027, 12, 15), LAST_DAY, 3, ["2027-12-31", "2028-01-31", "2028-02-29"]),
        # crossing a year end
        (date(2026, 11, 20), 15, 3, ["2026-12-15", "2027-01-15", "2027-02-15"]),
    ],
)
def test_calendar_dates(start, payment_day, months, expected):
    plan = schedule(arrears=D("300.00"), start=start, payment_day=payment_day, today=start, months=months)
    assert dates(plan) == expected


@pytest.mark.parametrize(
    "overrides, expected_fragment",
    [
        ({"start": date(2026, 1, 9)}, "in het verleden"),
        ({"start": date(2027, 6, 1)}, "meer dan een jaar vooruit"),
        ({"arrears": D("0")}, "achterstand moet meer dan € 0,00 zijn"),
        ({"arrears": D("-10")}, "achterstand moet meer dan € 0,00 zijn"),
        ({"arrears": D("2000000")}, "Klopt het bedrag?"),
        ({"arrears": "veel"}, "geen geldig bedrag"),
        ({"costs": D("-1")}, "incassokosten moet 0 of meer"),
        ({"months": 0}, "1 of meer"),
        ({"months": -2}, "1 of meer"),
        ({"months": 121}, "hoogstens 120"),
        ({"months": None, "instalment": D("0")}, "termijn moet meer dan € 0,00"),
        ({"months": None, "instalment": D("-5")}, "termijn moet meer dan € 0,00"),
        ({"months": None, "instalment": D("5.00")}, "minstens € 10,00"),
        ({"months": None, "instalment": D("10.00"), "arrears": D("5000")}, "500 maanden"),
        ({"months": None}, "óf een aantal maanden"),
        ({"months": 3, "instalment": D("100")}, "óf een aantal maanden"),
        ({"payment_day": 29}, "betaaldag"),
        ({"payment_day": 0}, "betaaldag"),
        ({"months": 200, "arrears": D("1000")}, "hoogstens 120"),
        ({"months": 101, "arrears": D("1000")}, "Kies minder maanden"),
    ],
)
def test_bad_input_is_rejected_in_dutch(overrides, expected_fragment):
    with pytest.raises(ValidationError) as error:
        schedule(**overrides)
    assert expected_fragment in text(error)


def test_all_problems_are_listed_at_once():
    with pytest.raises(ValidationError) as error:
        make_schedule(arrears=D("-1"), start=date(2026, 1, 1), payment_day=31, today=TODAY, months=0)
    assert len(error.value.problems) == 4


def test_float_money_is_a_programming_error():
    with pytest.raises(TypeError):
        schedule(arrears=100.0)


@pytest.mark.parametrize(
    "months, expected_warning",
    [
        (12, None),
        (13, "meer dan 12"),
        (36, "meer dan 12"),
        (37, "langer dan 36 maanden"),
    ],
)
def test_many_instalments_warn_but_do_not_block(months, expected_warning):
    plan = schedule(arrears=D("3700.00"), months=months)
    assert plan.count == months
    if expected_warning is None:
        assert plan.warnings == ()
    else:
        assert len(plan.warnings) == 1 and expected_warning in plan.warnings[0]


def test_warning_threshold_is_a_setting():
    settings = ArrangementSettings(max_instalments_warning=6)
    assert schedule(months=6, settings=settings).warnings == ()
    assert "meer dan 6" in schedule(months=7, settings=settings).warnings[0]


def test_instalment_larger_than_total_gives_one_payment_with_a_note():
    plan = schedule(arrears=D("500.00"), months=None, instalment=D("800.00"))
    assert plan.count == 1 and plan.end_date == date(2026, 1, 25)
    assert "één betaling van € 500,00" in plan.warnings[0].replace("\xa0", " ")


def test_settings_are_validated():
    with pytest.raises(ValidationError) as error:
        ArrangementSettings(max_instalments_warning=0, minimum_instalment=D("0"), grace_days=-1)
    assert len(error.value.problems) == 3


# ------------------------------------------------------------------------------------------------ affordability

NORMS = [
    ProtectedIncomeNorm(HouseholdType.SINGLE, date(2025, 7, 1), D("1000.00"), "test A"),
    ProtectedIncomeNorm(HouseholdType.SINGLE, date(2026, 1, 1), D("1100.00"), "test B"),
    ProtectedIncomeNorm(HouseholdType.COUPLE, date(2026, 1, 1), D("1500.00"), "test C"),
]


@pytest.mark.parametrize(
    "household, on, expected",
    [
        (HouseholdType.SINGLE, date(2025, 12, 31), "1000.00"),
        (HouseholdType.SINGLE, date(2026, 1, 1), "1100.00"),
        ("single", date(2030, 5, 5), "1100.00"),
        (HouseholdType.COUPLE, date(2026, 3, 1), "1500.00"),
        (HouseholdType.COUPLE, date(2025, 12, 31), None),
        (HouseholdType.SINGLE_WITH_CHILDREN, date(2026, 3, 1), None),
    ],
)
def test_protected_income_picks_latest_valid_norm(household, on, expected):
    norm = protected_income(NORMS, household, on)
    assert (None if norm is None else str(norm.amount)) == expected


# The domain text's rule (arrangement.md §1): all instalments to creditors <= net monthly income - BVV, and the rent is
# NOT subtracted again (it is paid out of the BVV). Single, BVV 1,100 from 1 January 2026.
@pytest.mark.parametrize(
    "instalment, income, others, ok, room",
    [
        ("100.00", "1200.00", "0", True, "100.00"),  # exactly the room: affordable
        ("100.01", "1200.00", "0", False, "100.00"),
        ("300.00", "2000.00", "0", True, "900.00"),  # with the rent (800) subtracted again this looked unaffordable
        ("100.00", "1400.00", "200.00", True, "100.00"),  # all instalments to creditors count
        ("100.00", "1400.00", "200.01", False, "99.99"),
        ("50.00", "1000.00", "0", False, "-100.00"),  # no room at all
        ("50.00", "0", "0", False, "-1100.00"),
    ],
)
def test_affordability(instalment, income, others, ok, room):
    norm = protected_income(NORMS, HouseholdType.SINGLE, date(2026, 2, 1))
    result = affordability(D(instalment), D(income), norm, other_instalments=D(others))
    assert result.ok is ok
    assert result.room == D(room)
    assert "1 januari 2026" in result.message  # the date of the figures is shown
    assert result.figures_date == date(2026, 1, 1)
    if not ok:
        assert result.message.startswith("Let op")


def test_affordability_never_subtracts_the_rent():
    norm = protected_income(NORMS, HouseholdType.SINGLE, date(2026, 2, 1))
    result = affordability(D("300.00"), D("2000.00"), norm)
    assert result.ok and result.room == D("900.00")
    assert "aftrek van de huur" not in result.message
    assert result.message.startswith(f"Na aftrek van de beslagvrije voet {format_money(D('1100.00'))}")


def test_affordability_rejects_bad_input():
    norm = NORMS[0]
    with pytest.raises(ValidationError) as error:
        affordability(D("0"), D("-1"), norm, other_instalments=D("-5"))
    assert len(error.value.problems) == 3


# ------------------------------------------------------------------------------------------------ 36-month rule


@pytest.mark.parametrize(
    "arrears, affordable, creditors, refer, months",
    [
        ("3500.00", "100.00", False, False, 35),
        ("3600.00", "100.00", False, False, 36),  # exactly 36 months: still bilateral
        ("3600.01", "100.00", False, True, 37),  # one cent more: 37 months
        ("3700.00", "100.00", False, True, 37),
        ("500.00", "100.00", True, True, 5),  # other creditors: always refer
        ("500.00", "0", False, True, None),  # no room at all
        ("500.00", None, False, False, None),  # income unknown: no verdict on months
        ("500.00", None, True, True, None),
    ],
)
def test_thirty_six_month_rule(arrears, affordable, creditors, refer, months):
    advice = advise(D(arrears), None if affordable is None else D(affordable), creditors, ArrangementSettings())
    assert advice.refer_to_debt_assistance is refer
    assert advice.months_needed == months
    assert advice.reason.endswith(".") and advice.reason.count(".") == 1  # one sentence
    if refer:
        assert "schuldhulpverlening van de gemeente" in advice.reason


def test_thirty_six_month_reason_names_the_months():
    advice = advise(D("3700.00"), D("100.00"), False)
    assert "37 maanden" in advice.reason and "36 maanden" in advice.reason


def test_problematic_debt_months_is_a_setting():
    assert advise(D("2500"), D("100"), False, ArrangementSettings(problematic_debt_months=24)).refer_to_debt_assistance


# ------------------------------------------------------------------------------------------------ collection costs


@pytest.mark.parametrize(
    "principal, costs",
    [
        ("0.01", "40.00"),  # minimum
        ("100.00", "40.00"),
        ("266.66", "40.00"),  # 15% = 40.00 (39.999)
        ("266.67", "40.00"),  # 15% = 40.0005 -> 40.00
        ("266.70", "40.01"),  # 15% = 40.005 -> 40.01 (half up)
        ("1000.00", "150.00"),
        ("2500.00", "375.00"),
        ("2500.01", "375.00"),
        ("2510.00", "376.00"),
        ("5000.00", "625.00"),
        ("5010.00", "625.50"),
        ("10000.00", "875.00"),
        ("10100.00", "876.00"),
        ("200000.00", "2775.00"),
        ("200100.00", "2775.50"),
        ("999999.99", "6775.00"),  # 2775 + 0.5% * 799,999.99 = 6774.99995 -> 6775.00
        ("1000000.00", "6775.00"),  # maximum reached exactly here
        ("5000000.00", "6775.00"),
    ],
)
def test_collection_costs_scale(principal, costs):
    assert collection_costs(D(principal)) == D(costs)


@pytest.mark.parametrize("principal", ["0", "-100", "abc"])
def test_collection_costs_rejects_bad_principal(principal):
    with pytest.raises(ValidationError):
        collection_costs(principal)


# The 14-day term moved to naarnul.calendar: tests/unit/test_calendar_terms.py


# ------------------------------------------------------------------------------------------------ follow-up


def plan_3x100():
    # instalments of 100 on 25 Jan, 25 Feb, 25 Mar 2026
    return schedule(arrears=D("300.00"), months=3)


def states(statuses):
    return [s.state.value for s in statuses]


@pytest.mark.parametrize(
    "payments, today, expected",
    [
        ([], date(2026, 1, 20), ["open", "open", "open"]),
        ([], date(2026, 1, 30), ["open", "open", "open"]),  # within 5 grace days
        ([], date(2026, 1, 31), ["missed", "open", "open"]),
        ([("2026-01-25", "100")], date(2026, 2, 10), ["paid", "open", "open"]),
        ([("2026-01-27", "100")], date(2026, 2, 10), ["late", "open", "open"]),
        ([("2026-01-20", "60")], date(2026, 1, 28), ["partly_paid", "open", "open"]),
        ([("2026-01-20", "60")], date(2026, 2, 1), ["missed", "open", "open"]),
        # one payment covering two instalments at once
        ([("2026-01-20", "200")], date(2026, 2, 10), ["paid", "paid", "open"]),
        # catching up: the missed January instalment becomes late, February is paid on time
        ([("2026-02-20", "200")], date(2026, 3, 1), ["late", "paid", "open"]),
        # payments after "today" are not counted yet
        ([("2026-01-20", "100")], date(2026, 1, 19), ["open", "open", "open"]),
        # overpayment beyond the total is ignored here
        ([("2026-01-20", "500")], date(2026, 4, 30), ["paid", "paid", "paid"]),
        # two misses
        ([], date(2026, 3, 5), ["missed", "missed", "open"]),
    ],
)
def test_match_instalments(payments, today, expected):
    paid = [ArrangementPayment(date.fromisoformat(d), D(a)) for d, a in payments]
    assert states(match_instalments(plan_3x100(), paid, today)) == expected


def test_match_records_amounts_and_dates():
    paid = [ArrangementPayment(date(2026, 1, 20), D("60")), ArrangementPayment(date(2026, 1, 26), D("70"))]
    first, second, _ = match_instalments(plan_3x100(), paid, date(2026, 2, 5))
    assert (first.paid, first.paid_on, first.state) == (D("100.00"), date(2026, 1, 26), InstalmentState.LATE)
    assert (second.paid, second.outstanding, second.state) == (D("30.00"), D("70.00"), InstalmentState.PARTLY_PAID)


def test_grace_days_can_be_zero():
    assert states(match_instalments(plan_3x100(), [], date(2026, 1, 26), grace_days=0))[0] == "missed"


def test_negative_payment_rejected():
    with pytest.raises(ValidationError):
        match_instalments(plan_3x100(), [ArrangementPayment(date(2026, 1, 20), D("-1"))], date(2026, 2, 1))


@pytest.mark.parametrize(
    "payments, today, action, new_date",
    [
        ([], date(2026, 1, 20), FollowUpAction.NONE, None),
        ([], date(2026, 2, 1), FollowUpAction.REMINDER, date(2026, 2, 15)),
        ([], date(2026, 3, 5), FollowUpAction.OFFER_END, None),
        ([("2026-02-20", "200")], date(2026, 3, 5), FollowUpAction.NONE, None),  # caught up
        ([("2026-01-20", "300")], date(2026, 3, 1), FollowUpAction.COMPLETED, None),
    ],
)
def test_follow_up(payments, today, action, new_date):
    paid = [ArrangementPayment(date.fromisoformat(d), D(a)) for d, a in payments]
    result = follow_up(match_instalments(plan_3x100(), paid, today), today)
    assert result.action is action
    assert result.new_date == new_date
    if action is FollowUpAction.REMINDER:
        assert "vriendelijke herinnering" in result.message and "15 februari 2026" in result.message
        assert result.missed == (1,) and result.amount_due == D("100.00")
    if action is FollowUpAction.OFFER_END:
        assert "beëindigen" in result.message and result.missed == (1, 2)
        assert result.amount_due == D("200.00")


def test_replan_lower_amount_from_a_date():
    old = plan_3x100()
    new = replan(old, date(2026, 3, 1), paid_so_far=D("100.00"), today=date(2026, 2, 27), new_instalment=D("50"))
    assert new.total == D("200.00")
    assert amounts(new) == ["50.00"] * 4
    assert dates(new) == ["2026-03-25", "2026-04-25", "2026-05-25", "2026-06-25"]


def test_replan_pause_keeps_amount_and_payment_day():
    old = plan_3x100()
    new = replan(old, date(2026, 2, 1), paid_so_far=D("100.00"), today=date(2026, 2, 1), pause_months=2)
    assert amounts(new) == ["100.00", "100.00"]
    assert dates(new) == ["2026-04-25", "2026-05-25"]


def test_replan_costs_are_paid_first():
    old = schedule(arrears=D("1000.00"), costs=D("150.00"), months=5)
    new = replan(old, date(2026, 2, 1), paid_so_far=D("230.00"), today=date(2026, 2, 1))
    assert (new.costs, new.arrears, new.total) == (D("0.00"), D("920.00"), D("920.00"))
    new = replan(old, date(2026, 2, 1), paid_so_far=D("100.00"), today=date(2026, 2, 1))
    assert (new.costs, new.arrears) == (D("50.00"), D("1000.00"))


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"paid_so_far": D("300.00")}, "al helemaal betaald"),
        ({"paid_so_far": D("-1")}, "0 of meer"),
        ({"paid_so_far": D("0"), "pause_months": 13}, "pauze"),
        ({"paid_so_far": D("0"), "from_date": date(2026, 1, 1)}, "niet eerder ingaan dan vandaag"),
    ],
)
def test_replan_rejects_bad_input(kwargs, fragment):
    args = {"from_date": date(2026, 2, 1), "today": date(2026, 2, 1)} | kwargs
    with pytest.raises(ValidationError) as error:
        replan(plan_3x100(), **args)
    assert fragment in text(error)
