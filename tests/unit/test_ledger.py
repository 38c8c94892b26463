import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naarnul.errors import ValidationError
from naarnul.ledger import Lease, Payment, arrears, ledger, rent_charges, validate_lease, validate_payment

D = Decimal
day = dt.date


JAN_2026 = day(2026, 1, 1)


def lease(rent="850.00", due_day=1, start=JAN_2026, end=None):
    return Lease(D(rent), due_day, start, end)


# --- rent charges ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, the_lease, today, expected", [
    ("due on the 1st, three months", lease(), day(2026, 3, 15),
     [(day(2026, 1, 1), "850.00"), (day(2026, 2, 1), "850.00"), (day(2026, 3, 1), "850.00")]),
    ("today is a due day: it counts", lease(), day(2026, 2, 1),
     [(day(2026, 1, 1), "850.00"), (day(2026, 2, 1), "850.00")]),
    ("lease not started yet", lease(start=day(2026, 5, 1)), day(2026, 4, 30), []),
    ("due day 28 through February", lease(due_day=28, start=day(2026, 1, 28)), day(2026, 3, 28),
     [(day(2026, 1, 28), "850.00"), (day(2026, 2, 28), "850.00"), (day(2026, 3, 28), "850.00")]),
    ("mid-month start: pro rata on the start date (17 of 31 days)", lease(rent="900", start=day(2026, 1, 15)),
     day(2026, 2, 1), [(day(2026, 1, 15), "493.55"), (day(2026, 2, 1), "900.00")]),
    ("start on 31 Jan: one day of January", lease(rent="310", start=day(2026, 1, 31)), day(2026, 2, 1),
     [(day(2026, 1, 31), "10.00"), (day(2026, 2, 1), "310.00")]),
    ("start mid-February in a leap year (29 days: 14 of 29)", lease(rent="870", start=day(2028, 2, 16)),
     day(2028, 3, 1), [(day(2028, 2, 16), "420.00"), (day(2028, 3, 1), "870.00")]),
    ("start mid-February, not a leap year (13 of 28)", lease(rent="840", start=day(2027, 2, 16)),
     day(2027, 3, 1), [(day(2027, 2, 16), "390.00"), (day(2027, 3, 1), "840.00")]),
    ("due day 15, start on the 1st: 14 of the 28 days from 15 Feb", lease(rent="620", due_day=15,
                                                                       start=day(2026, 3, 1)),
     day(2026, 3, 15), [(day(2026, 3, 1), "310.00"), (day(2026, 3, 15), "620.00")]),
    ("end date on the last day of a month stops charges", lease(end=day(2026, 2, 28)), day(2026, 6, 1),
     [(day(2026, 1, 1), "850.00"), (day(2026, 2, 1), "850.00")]),
    ("end date mid-month: last month pro rata (10 of 31 days)", lease(rent="620", end=day(2026, 3, 10)),
     day(2026, 6, 1), [(day(2026, 1, 1), "620.00"), (day(2026, 2, 1), "620.00"), (day(2026, 3, 1), "200.00")]),
    ("year boundary", lease(start=day(2026, 12, 1)), day(2027, 1, 5),
     [(day(2026, 12, 1), "850.00"), (day(2027, 1, 1), "850.00")]),
])
def test_rent_charges(case, the_lease, today, expected):
    charges = rent_charges(the_lease, today)
    assert [(c.due_date, str(c.amount)) for c in charges] == expected, case


def test_pro_rata_charge_says_so_in_its_label():
    first = rent_charges(lease(start=day(2026, 1, 15)), day(2026, 1, 20))[0]
    assert first.pro_rata and "naar rato" in first.label and "januari 2026" in first.label
    assert first.month == day(2026, 1, 1)


# --- lease validation ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rent, due_day, start, end, expected", [
    ("0", 1, day(2026, 1, 1), None, ["meer dan € 0"]),
    ("-100", 1, day(2026, 1, 1), None, ["meer dan € 0"]),
    ("25000.01", 1, day(2026, 1, 1), None, ["erg hoog"]),
    ("abc", 1, day(2026, 1, 1), None, ["huur per maand in als bedrag"]),
    (850.0, 1, day(2026, 1, 1), None, ["huur per maand in als bedrag"]),  # a float is never money
    ("850", 31, day(2026, 1, 1), None, ["niet elke maand heeft die dag"]),
    ("850", 29, day(2026, 1, 1), None, ["februari"]),
    ("850", 0, day(2026, 1, 1), None, ["1 tot en met 28"]),
    ("850", 1, day(2026, 1, 1), day(2025, 12, 31), ["vóór de begindatum"]),
    ("0", 30, day(2026, 1, 1), day(2025, 1, 1), ["meer dan € 0", "niet elke maand", "vóór de begindatum"]),
])
def test_bad_lease_lists_every_problem_in_dutch(rent, due_day, start, end, expected):
    with pytest.raises(ValidationError) as error:
        validate_lease(rent if isinstance(rent, float) else D(rent) if rent != "abc" else rent, due_day, start, end)
    assert len(error.value.problems) == len(expected)
    for problem, fragment in zip(error.value.problems, expected):
        assert fragment in problem


def test_good_lease_rounds_rent_to_cents():
    assert validate_lease("850.5", 1, day(2026, 1, 1)).monthly_rent == D("850.50")


# --- payments --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("paid_on, amount, fragment", [
    (day(2026, 3, 2), "10", "in de toekomst"),
    (day(2026, 3, 1), "0", "meer dan € 0"),
    (day(2026, 3, 1), "-5", "meer dan € 0"),
    (None, "5", "datum van de betaling"),
])
def test_bad_payment(paid_on, amount, fragment):
    with pytest.raises(ValidationError) as error:
        validate_payment(paid_on, D(amount), today=day(2026, 3, 1))
    assert any(fragment in p for p in error.value.problems)


def test_payment_today_is_fine():
    assert validate_payment(day(2026, 3, 1), "850", today=day(2026, 3, 1)).amount == D("850.00")


# --- ledger and arrears ----------------------------------------------------------------------------------------

def pay(on, amount):
    return Payment(on, D(amount))


@pytest.mark.parametrize("case, payments, today, amount, months, oldest, days_late, credit", [
    ("all paid on the due day", [pay(day(2026, 1, 1), "850"), pay(day(2026, 2, 1), "850")],
     day(2026, 2, 10), "0.00", 0, None, 0, "0.00"),
    ("unpaid on its due day is not yet late", [pay(day(2026, 1, 1), "850")], day(2026, 2, 1),
     "0.00", 0, None, 0, "0.00"),
    ("one day late", [pay(day(2026, 1, 1), "850")], day(2026, 2, 2), "850.00", 1, day(2026, 2, 1), 1, "0.00"),
    ("paid late: arrears gone", [pay(day(2026, 1, 20), "850"), pay(day(2026, 2, 25), "850")],
     day(2026, 2, 26), "0.00", 0, None, 0, "0.00"),
    ("nothing paid for three months", [], day(2026, 3, 31), "2550.00", 3, day(2026, 1, 1), 89, "0.00"),
    ("partial payment pays oldest month first", [pay(day(2026, 1, 5), "500")], day(2026, 2, 10),
     "1200.00", 2, day(2026, 1, 1), 40, "0.00"),
    ("partial payments add up to exactly one month", [pay(day(2026, 1, 5), "425"), pay(day(2026, 1, 20), "425")],
     day(2026, 2, 10), "850.00", 1, day(2026, 2, 1), 9, "0.00"),
    ("overpayment is credit", [pay(day(2026, 1, 1), "1000")], day(2026, 1, 15), "0.00", 0, None, 0, "150.00"),
    ("prepayment covers the next month", [pay(day(2026, 1, 1), "1700")], day(2026, 2, 20), "0.00", 0, None, 0,
     "0.00"),
    ("payment dated after today is ignored", [pay(day(2026, 2, 15), "850")], day(2026, 2, 10), "1700.00", 2,
     day(2026, 1, 1), 40, "0.00"),
])
def test_arrears(case, payments, today, amount, months, oldest, days_late, credit):
    result = arrears(rent_charges(lease(), today), payments, today)
    assert (str(result.amount), result.months, result.oldest_unpaid_due, result.days_late, str(result.credit)) == \
        (amount, months, oldest, days_late, credit), case


def test_open_charges_itemise_months_for_the_letter():
    today = day(2026, 3, 20)
    result = arrears(rent_charges(lease(), today), [pay(day(2026, 1, 10), "850"), pay(day(2026, 2, 10), "300")],
                     today)
    assert [(o.label, str(o.open)) for o in result.open_charges] == [("februari 2026", "550.00"),
                                                                   ("maart 2026", "850.00")]
    assert result.amount == sum(o.open for o in result.open_charges)


def test_payments_after_a_signal_reduce_arrears_fifo():
    # signalled with three months open; later a payment of one and a half month
    today = day(2026, 4, 20)
    before = arrears(rent_charges(lease(), day(2026, 3, 20)), [], day(2026, 3, 20))
    after = arrears(rent_charges(lease(), today), [pay(day(2026, 4, 10), "1275")], today)
    assert before.amount == D("2550.00")
    assert after.amount == D("2125.00") and after.months == 3
    assert after.oldest_unpaid_due == day(2026, 2, 1) and after.open_charges[0].open == D("425.00")


def test_ledger_running_balance_and_order():
    charges = rent_charges(lease(), day(2026, 2, 1))
    rows = ledger(charges, [pay(day(2026, 2, 1), "850"), pay(day(2026, 1, 10), "800")])
    assert [(r.on, r.kind, str(r.balance)) for r in rows] == [
        (day(2026, 1, 1), "charge", "850.00"),
        (day(2026, 1, 10), "payment", "50.00"),
        (day(2026, 2, 1), "charge", "900.00"),  # the charge before the payment on the same day
        (day(2026, 2, 1), "payment", "50.00"),
    ]
    assert rows[0].description == "Huur januari 2026"


# --- properties ------------------------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(
    rent=st.decimals(min_value=1, max_value=3000, places=2),
    due_day=st.integers(1, 28),
    start=st.dates(day(2020, 1, 1), day(2026, 12, 31)),
    days_until_today=st.integers(0, 900),
    payments=st.lists(st.tuples(st.integers(0, 900), st.decimals(min_value="0.01", max_value=5000, places=2)),
                      max_size=30),
)
def test_balance_is_charges_minus_payments_and_arrears_never_exceed_it(rent, due_day, start, days_until_today,
                                                                        payments):
    today = start + dt.timedelta(days=days_until_today)
    charges = rent_charges(Lease(rent, due_day, start), today)
    paid = [Payment(start + dt.timedelta(days=offset), amount) for offset, amount in payments
            if start + dt.timedelta(days=offset) <= today]
    rows = ledger(charges, paid)
    balance = sum((c.amount for c in charges), D(0)) - sum((p.amount for p in paid), D(0))
    assert (rows[-1].balance if rows else D(0)) == balance
    result = arrears(charges, paid, today)
    assert D(0) <= result.amount <= max(balance, D(0))
    assert result.amount == sum((o.open for o in result.open_charges), D(0))
    assert result.credit == max(-balance, D(0))
    assert all(c.amount <= rent for c in charges)


# --- rent history (issue 10) -----------------------------------------------------------------------------------------

from naarnul.ledger import (  # noqa: E402
    RentPeriod,
    change_rent,
    default_rent_change_date,
    lease_from_periods,
    never_in_arrears,
)


def test_each_charge_uses_the_rent_in_force_on_its_due_date():
    the_lease = lease_from_periods([RentPeriod(day(2026, 1, 1), D("800")), RentPeriod(day(2026, 7, 1), D("850"))],
                                   1, day(2026, 1, 1))
    charges = rent_charges(the_lease, day(2026, 8, 15))
    assert [str(c.amount) for c in charges] == ["800.00"] * 6 + ["850.00"] * 2
    assert arrears(charges, [], day(2026, 8, 15)).amount == D("6500.00")


def test_a_pro_rata_month_uses_the_rent_of_its_due_date():
    the_lease = lease_from_periods([RentPeriod(day(2026, 1, 1), D("800")), RentPeriod(day(2026, 2, 1), D("900"))],
                                   1, day(2026, 1, 1), day(2026, 2, 14))
    assert [str(c.amount) for c in rent_charges(the_lease, day(2026, 3, 1))] == ["800.00", "450.00"]


@pytest.mark.parametrize("case, rent_from, expected", [
    ("default: the 1st of next month", None,
     [(day(2026, 6, 1), "800.00"), (day(2026, 12, 1), "850.00")]),
    ("the yearly increase on 1 July", day(2026, 7, 1), [(day(2026, 6, 1), "800.00"), (day(2026, 7, 1), "850.00")]),
    ("a correction from the start", day(2026, 6, 1), [(day(2026, 6, 1), "850.00")]),
])
def test_change_rent(case, rent_from, expected):
    periods = change_rent([RentPeriod(day(2026, 6, 1), D("800"))], start=day(2026, 6, 1), end=None,
                          new_rent=D("850"), rent_from=rent_from, today=day(2026, 11, 23))
    assert [(p.effective_from, str(p.monthly_rent)) for p in periods] == expected, case


def test_an_unchanged_rent_keeps_a_scheduled_change_and_a_new_start_moves_the_first_period():
    scheduled = [RentPeriod(day(2026, 6, 1), D("800")), RentPeriod(day(2027, 7, 1), D("850"))]
    same = change_rent(scheduled, start=day(2026, 5, 1), end=None, new_rent=D("850"), rent_from=None,
                       today=day(2026, 11, 23))
    assert same == [RentPeriod(day(2026, 5, 1), D("800.00")), RentPeriod(day(2027, 7, 1), D("850.00"))]


@pytest.mark.parametrize("rent_from, end, message", [
    (day(2026, 5, 31), None, "ligt vóór de begindatum"),
    (day(2027, 1, 1), day(2026, 12, 31), "ligt na de einddatum"),
])
def test_change_rent_refuses_a_date_outside_the_tenancy(rent_from, end, message):
    with pytest.raises(ValidationError, match=message):
        change_rent([RentPeriod(day(2026, 6, 1), D("800"))], start=day(2026, 6, 1), end=end, new_rent=D("850"),
                    rent_from=rent_from, today=day(2026, 11, 23))


def test_default_rent_change_date_is_the_first_of_next_month():
    assert default_rent_change_date(day(2026, 12, 31)) == day(2027, 1, 1)
    assert default_rent_change_date(day(2026, 1, 31)) == day(2026, 2, 1)


def test_never_in_arrears():
    charges = rent_charges(lease(start=day(2026, 9, 1)), day(2026, 11, 23))
    on_time = [Payment(day(2026, m, 1), D("850")) for m in (9, 10, 11)]
    assert never_in_arrears(charges, on_time, day(2026, 11, 23))
    late = on_time[:2] + [Payment(day(2026, 11, 20), D("850"))]
    assert not never_in_arrears(charges, late, day(2026, 11, 23))
