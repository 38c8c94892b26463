"""Custom solutions change what is due, and the ledger shows it: a reduction lowers the rent of its months, a waived
increase keeps the old rent, a deferral moves the due date of the named months (so they are no arrears until then).
Table-driven, with month boundaries (due day 1 and 15, pro rata), and the overlap with a payment arrangement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naarnul import ledger
from naarnul.arrangement import custom_solutions as cs
from naarnul.arrangement import paid_towards
from naarnul.errors import ValidationError

D = dt.date
E = Decimal


JANUARY = D(2026, 1, 1)


def lease(*, rent="850.00", due_day=1, start=JANUARY, end=None, changes=()):
    return ledger.Lease(E(rent), due_day, start, end, tuple(ledger.RentPeriod(d, E(r)) for d, r in changes))


def amounts(the_lease, today, solutions):
    charges = ledger.rent_charges(cs.with_solutions(the_lease, solutions), today)
    return {c.original_due_date or c.due_date: c.amount for c in charges}


REDUCTION_CASES = [
    # (id, lease kwargs, reduction (first, last, amount), today, {due date: expected amount})
    ("inside the months", {}, (D(2026, 3, 1), D(2026, 4, 1), "100.00"), D(2026, 5, 1),
     {D(2026, 2, 1): E("850.00"), D(2026, 3, 1): E("750.00"), D(2026, 4, 1): E("750.00"), D(2026, 5, 1): E("850.00")}),
    ("any day of a month means that month", {}, (D(2026, 3, 31), D(2026, 3, 2), "100.00"), D(2026, 4, 1),
     {D(2026, 3, 1): E("750.00"), D(2026, 4, 1): E("850.00")}),
    ("due day 15: the month of the due date", {"due_day": 15, "start": D(2026, 1, 15)},
     (D(2026, 2, 1), D(2026, 2, 1), "50.00"), D(2026, 3, 15),
     {D(2026, 1, 15): E("850.00"), D(2026, 2, 15): E("800.00"), D(2026, 3, 15): E("850.00")}),
    ("pro rata first month: the reduction pro rata too", {"start": D(2026, 1, 16)},
     (D(2026, 1, 1), D(2026, 2, 1), "310.00"), D(2026, 2, 1),
     # 16–31 January is 16 of 31 days: 438.71 charged, 160.00 (16/31 of 310) less
     {D(2026, 1, 16): E("278.71"), D(2026, 2, 1): E("540.00")}),
    ("across a year end", {}, (D(2026, 12, 1), D(2027, 1, 1), "200.00"), D(2027, 2, 1),
     {D(2026, 11, 1): E("850.00"), D(2026, 12, 1): E("650.00"), D(2027, 1, 1): E("650.00"),
      D(2027, 2, 1): E("850.00")}),
    ("after a rent increase the same amount lower", {"changes": [(D(2026, 7, 1), "900.00")]},
     (D(2026, 6, 1), D(2026, 7, 1), "100.00"), D(2026, 8, 1),
     {D(2026, 6, 1): E("750.00"), D(2026, 7, 1): E("800.00"), D(2026, 8, 1): E("900.00")}),
]


@pytest.mark.parametrize(("lease_kwargs", "reduction", "today", "expected"),
                         [case[1:] for case in REDUCTION_CASES], ids=[case[0] for case in REDUCTION_CASES])
def test_a_reduction_lowers_the_rent_due_in_its_months(lease_kwargs, reduction, today, expected):
    first, last, amount = reduction
    the_lease = lease(**lease_kwargs)
    rule = cs.RentReduction(cs.first_of_month(min(first, last)), cs.first_of_month(max(first, last)), E(amount))
    got = amounts(the_lease, today, cs.CustomSolutions(reductions=(rule,)))
    assert {d: got[d] for d in expected} == expected


WAIVER_CASES = [
    ("from the increase on", (D(2026, 7, 1), D(2026, 7, 1)), D(2026, 9, 1), [],
     {D(2026, 6, 1): E("850.00"), D(2026, 7, 1): E("850.00"), D(2026, 9, 1): E("850.00")}),
    ("from a later date: earlier months keep the increase", (D(2026, 7, 1), D(2026, 8, 15)), D(2026, 9, 1), [],
     {D(2026, 7, 1): E("900.00"), D(2026, 8, 1): E("900.00"), D(2026, 9, 1): E("850.00")}),
    ("a later rent change ends the waiver", (D(2026, 7, 1), D(2026, 7, 1)), D(2027, 8, 1),
     [(D(2027, 7, 1), "930.00")],
     {D(2027, 6, 1): E("850.00"), D(2027, 7, 1): E("930.00"), D(2027, 8, 1): E("930.00")}),
]


@pytest.mark.parametrize(("waiver", "today", "more_changes", "expected"),
                         [case[1:] for case in WAIVER_CASES], ids=[case[0] for case in WAIVER_CASES])
def test_a_waived_increase_keeps_the_old_rent(waiver, today, more_changes, expected):
    the_lease = lease(changes=[(D(2026, 7, 1), "900.00"), *more_changes])
    got = amounts(the_lease, today, cs.CustomSolutions(waived_increases=(cs.WaivedIncrease(*waiver),)))
    assert {d: got[d] for d in expected} == expected


def test_a_deferral_moves_the_due_date_so_the_month_is_no_arrears_until_then():
    the_lease = lease()
    deferral = cs.Deferral((D(2026, 3, 1),), D(2026, 6, 1))
    payments = [ledger.Payment(D(2026, 1, 1), E("850.00")), ledger.Payment(D(2026, 2, 1), E("850.00")),
                ledger.Payment(D(2026, 4, 1), E("850.00")), ledger.Payment(D(2026, 5, 1), E("850.00"))]
    deferred = cs.with_solutions(the_lease, cs.CustomSolutions(deferrals=(deferral,)))
    # without the deferral: March open from 2 March on (the April payment pays March first, FIFO)
    assert ledger.arrears(ledger.rent_charges(the_lease, D(2026, 5, 20)), payments, D(2026, 5, 20)).amount == E("850")
    # with it: nothing overdue until the deferral date, then March is overdue again
    for day, expected in [(D(2026, 3, 2), "0"), (D(2026, 5, 20), "0"), (D(2026, 6, 1), "0"), (D(2026, 6, 2), "1700")]:
        result = ledger.arrears(ledger.rent_charges(deferred, day), payments, day)
        assert result.amount == E(expected), day
    open_items = ledger.arrears(ledger.rent_charges(deferred, D(2026, 6, 2)), payments, D(2026, 6, 2)).open_charges
    assert [item.month for item in open_items] == [D(2026, 3, 1), D(2026, 6, 1)]
    assert open_items[0].due_date == D(2026, 6, 1)


def test_a_deferred_month_is_listed_apart_from_its_first_due_day_until_its_new_one():
    deferred = cs.with_solutions(lease(), cs.CustomSolutions(deferrals=(cs.Deferral((D(2026, 3, 1),), D(2026, 6, 1)),)))
    for day, expected in [(D(2026, 2, 28), []), (D(2026, 3, 1), ["Huur maart 2026 (uitstel tot 1 juni 2026)"]),
                          (D(2026, 5, 31), ["Huur maart 2026 (uitstel tot 1 juni 2026)"]), (D(2026, 6, 1), [])]:
        assert [c.label for c in ledger.deferred_charges(deferred, day)] == expected, day
        # never in both lists: a month is either due (in the ledger) or deferred
        due = {c.original_due_date for c in ledger.rent_charges(deferred, day)}
        assert not due & {c.original_due_date for c in ledger.deferred_charges(deferred, day)}
    assert ledger.deferred_charges(lease(), D(2026, 5, 31)) == []


def test_the_ledger_names_what_a_custom_solution_changed():
    solutions = cs.CustomSolutions(reductions=(cs.RentReduction(D(2026, 3, 1), D(2026, 3, 1), E("100")),),
                                   deferrals=(cs.Deferral((D(2026, 2, 1),), D(2026, 5, 1)),))
    charges = ledger.rent_charges(cs.with_solutions(lease(), solutions), D(2026, 5, 1))
    labels = [c.label for c in charges]
    assert "Huur maart 2026 (huurverlaging €\u00a0100,00)" in labels
    assert "Huur februari 2026 (uitstel tot 1 mei 2026)" in labels
    assert [c.due_date for c in charges] == sorted(c.due_date for c in charges)


def test_the_case_stays_open_while_a_deferral_runs_and_its_rent_is_unpaid():
    deferred = cs.with_solutions(lease(), cs.CustomSolutions(deferrals=(cs.Deferral((D(2026, 1, 1),),
                                                                                      D(2026, 4, 1)),)))
    paid_feb_mar = [ledger.Payment(D(2026, 2, 1), E("850")), ledger.Payment(D(2026, 3, 1), E("850"))]
    today = D(2026, 3, 10)
    assert not ledger.arrears(ledger.rent_charges(deferred, today), paid_feb_mar, today).has_arrears
    assert cs.deferral_keeps_case_open(deferred, paid_feb_mar, today)
    all_paid = paid_feb_mar + [ledger.Payment(D(2026, 3, 5), E("850"))]
    assert not cs.deferral_keeps_case_open(deferred, all_paid, today)
    assert not cs.deferral_keeps_case_open(lease(), paid_feb_mar, today)


def test_a_reduction_next_to_an_arrangement_counts_only_real_payments_towards_it():
    """Arrears of € 1.700 (Jan, Feb) in an arrangement from March; a € 100 reduction from March on. The tenant pays
    the reduced rent (750) plus a € 200 instalment each month: exactly € 200 a month goes towards the arrangement."""
    the_lease = lease()
    solutions = cs.CustomSolutions(reductions=(cs.RentReduction(D(2026, 3, 1), D(2026, 8, 1), E("100")),))
    reduced = cs.with_solutions(the_lease, solutions)
    payments = [ledger.Payment(D(2026, month, 2), E("950.00")) for month in (3, 4, 5)]
    today = D(2026, 5, 20)
    towards = paid_towards(ledger.rent_charges(reduced, today), payments, baseline=E("1700.00"),
                           since=D(2026, 3, 1), today=today)
    assert sum((p.amount for p in towards), E("0")) == E("600.00")
    assert ledger.arrears(ledger.rent_charges(reduced, today), payments, today).amount == E("1100.00")


# --- checking what the landlord types -----------------------------------------------------------------------------

TODAY = D(2026, 5, 20)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"due_dates": []}, "Kies de maand"),
    ({"due_dates": [D(2026, 1, 1)]}, "alleen uitstel geven voor huur die nu open staat"),
    ({"until": None}, "Vul de datum in"),
    ({"until": TODAY}, "moet na vandaag liggen"),
    ({"until": D(2027, 6, 1)}, "hoogstens 12 maanden"),
    ({"arrangement": cs.RunningArrangement(D(2026, 4, 1))}, "Er loopt een betalingsregeling"),
    ({"existing": [cs.Deferral((D(2026, 4, 1),), D(2026, 7, 1))]}, "loopt al uitstel"),
])
def test_a_bad_deferral_is_refused_in_dutch(kwargs, message):
    values = {"due_dates": [D(2026, 4, 1)], "until": D(2026, 8, 1), "open_due_dates": [D(2026, 4, 1), D(2026, 5, 1)],
              "today": TODAY, **kwargs}
    due_dates, until = values.pop("due_dates"), values.pop("until")
    with pytest.raises(ValidationError) as error:
        cs.check_deferral(due_dates, until, **values)
    assert any(message in problem for problem in error.value.problems), error.value.problems


@pytest.mark.parametrize(("first", "last", "amount", "kwargs", "message"), [
    (None, D(2026, 7, 1), E("100"), {}, "eerste maand"),
    (D(2026, 8, 1), D(2026, 6, 1), E("100"), {}, "ligt vóór de eerste maand"),
    (D(2026, 6, 1), D(2028, 6, 1), E("100"), {}, "hoogstens 24 maanden"),
    (D(2026, 6, 1), D(2026, 7, 1), E("850"), {}, "moet lager zijn dan de huur"),
    (D(2026, 6, 1), D(2026, 7, 1), E("0"), {}, "meer dan € 0"),
    (D(2025, 6, 1), D(2026, 7, 1), E("10"), {}, "vóór de huur zelf"),
    (D(2026, 3, 1), D(2026, 7, 1), E("10"), {"arrangement": cs.RunningArrangement(D(2026, 4, 1))},
     "Er loopt een betalingsregeling"),
    (D(2026, 7, 1), D(2026, 9, 1), E("10"), {"existing": [cs.RentReduction(D(2026, 9, 1), D(2026, 10, 1), E("5"))]},
     "al een huurverlaging"),
    (D(2026, 7, 1), D(2026, 9, 1), None, {}, "Vul de verlaging"),
])
def test_a_bad_reduction_is_refused_in_dutch(first, last, amount, kwargs, message):
    with pytest.raises(ValidationError) as error:
        cs.check_reduction(first, last, amount, lease=lease(), **kwargs)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_a_good_reduction_is_normalised_to_whole_months():
    rule = cs.check_reduction(D(2026, 6, 15), D(2026, 8, 31), E("99.999"), lease=lease())
    assert rule == cs.RentReduction(D(2026, 6, 1), D(2026, 8, 1), E("100.00"))


@pytest.mark.parametrize(("increase", "waived_from", "changes", "message"), [
    (D(2026, 7, 1), D(2026, 7, 1), [], "geen huurverhoging"),
    (D(2026, 8, 1), D(2026, 8, 1), [(D(2026, 7, 1), "900")], "Kies de huurverhoging"),
    (D(2026, 7, 1), D(2026, 6, 1), [(D(2026, 7, 1), "900")], "vóór die ingaat"),
    (D(2026, 7, 1), None, [(D(2026, 7, 1), "900")], "Vul de datum in"),
    (D(2026, 7, 1), D(2026, 7, 1), [(D(2026, 7, 1), "800")], "geen huurverhoging"),  # a decrease is no increase
])
def test_a_bad_waiver_is_refused_in_dutch(increase, waived_from, changes, message):
    with pytest.raises(ValidationError) as error:
        cs.check_waived_increase(increase, waived_from, lease=lease(changes=changes))
    assert any(message in problem for problem in error.value.problems), error.value.problems
