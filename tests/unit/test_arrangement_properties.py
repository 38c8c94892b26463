"""Property tests for the arrangement calculator and follow-up (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from naarnul.arrangement import (
    LAST_DAY,
    MAX_MONTHS,
    ArrangementPayment,
    ArrangementSettings,
    InstalmentState,
    collection_costs,
    make_schedule,
    match_instalments,
    replan,
)
from naarnul.errors import ValidationError

TODAY = date(2026, 1, 10)
MINIMUM = ArrangementSettings().minimum_instalment


def cents(low: int, high: int):
    return st.integers(low, high).map(lambda c: Decimal(c) / 100)


arrears_st = cents(1, 5_000_000)  # € 0.01 .. € 50,000
costs_st = st.one_of(st.just(Decimal("0.00")), cents(4000, 677_500))
start_st = st.integers(0, 366).map(lambda d: TODAY + timedelta(days=d))
day_st = st.one_of(st.integers(1, 28), st.just(LAST_DAY))


def schedule_or_none(**kwargs):
    """The calculator either refuses with a Dutch message or returns a sound schedule."""
    try:
        return make_schedule(today=TODAY, **kwargs)
    except ValidationError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        return None


def assert_sound(plan, arrears, costs):
    amounts = [i.amount for i in plan.instalments]
    assert sum(amounts) == arrears + costs == plan.total  # exact to the cent
    assert all(a > 0 for a in amounts)
    assert all(a == a.quantize(Decimal("0.01")) for a in amounts)
    due = [i.due_date for i in plan.instalments]
    assert all(a < b for a, b in zip(due, due[1:]))  # strictly increasing
    assert due[0] >= plan.start
    assert [i.number for i in plan.instalments] == list(range(1, plan.count + 1))
    assert plan.end_date == due[-1]
    assert 1 <= plan.count <= MAX_MONTHS


@settings(max_examples=300, deadline=None)
@given(arrears=arrears_st, costs=costs_st, start=start_st, payment_day=day_st, months=st.integers(1, MAX_MONTHS))
def test_months_mode_sums_exactly(arrears, costs, start, payment_day, months):
    plan = schedule_or_none(arrears=arrears, costs=costs, start=start, payment_day=payment_day, months=months)
    if plan is None:
        return
    assert_sound(plan, arrears, costs)
    assert plan.count == months
    regular = plan.instalments[0].amount
    # the last absorbs the rounding: at least the regular amount, by less than one cent per instalment
    assert 0 <= plan.instalments[-1].amount - regular < Decimal("0.01") * months
    if months > 1:
        assert regular >= MINIMUM


@settings(max_examples=300, deadline=None)
@given(arrears=arrears_st, costs=costs_st, start=start_st, payment_day=day_st, instalment=cents(1, 2_000_000))
def test_instalment_mode_sums_exactly(arrears, costs, start, payment_day, instalment):
    plan = schedule_or_none(
        arrears=arrears, costs=costs, start=start, payment_day=payment_day, instalment=instalment
    )
    if plan is None:
        return
    assert_sound(plan, arrears, costs)
    assert all(i.amount == instalment for i in plan.instalments[:-1])
    assert plan.instalments[-1].amount <= instalment


@given(arrears=arrears_st, months=st.integers(1, 12))
def test_small_feasible_arrangements_are_never_refused(arrears, months):
    if months > 1 and arrears / months < MINIMUM:
        return
    plan = make_schedule(arrears=arrears, start=TODAY, payment_day=1, today=TODAY, months=months)
    assert plan.count == months


@given(principal=cents(1, 200_000_000), extra=cents(1, 100_000))
def test_collection_costs_bounded_and_monotonic(principal, extra):
    low, high = collection_costs(principal), collection_costs(principal + extra)
    assert Decimal("40.00") <= low <= high <= Decimal("6775.00")


@settings(max_examples=200, deadline=None)
@given(
    arrears=cents(10_000, 500_000),
    months=st.integers(1, 24),
    payments=st.lists(st.tuples(st.integers(0, 800), cents(1, 100_000)), max_size=12),
    days_after=st.integers(0, 900),
)
def test_matching_never_allocates_more_than_paid_or_due(arrears, months, payments, days_after):
    plan = schedule_or_none(arrears=arrears, start=TODAY, payment_day=15, months=months)
    if plan is None:
        return
    today = TODAY + timedelta(days=days_after)
    paid = [ArrangementPayment(TODAY + timedelta(days=d), amount) for d, amount in payments]
    statuses = match_instalments(plan, paid, today)
    received = sum((p.amount for p in paid if p.paid_on <= today), Decimal("0"))
    allocated = sum((s.paid for s in statuses), Decimal("0"))
    assert allocated == min(received, plan.total)
    assert all(Decimal("0") <= s.paid <= s.amount for s in statuses)
    # FIFO: an instalment only gets money when all earlier ones are complete
    for earlier, later in zip(statuses, statuses[1:]):
        if later.paid > 0:
            assert earlier.paid == earlier.amount
    for s in statuses:
        if s.state in (InstalmentState.PAID, InstalmentState.LATE):
            assert s.paid == s.amount and s.paid_on is not None


@settings(max_examples=200, deadline=None)
@given(
    arrears=cents(10_000, 500_000),
    costs=costs_st,
    paid_fraction=st.integers(0, 99),
    pause=st.integers(0, 12),
    new_instalment=st.one_of(st.none(), cents(1000, 200_000)),
)
def test_replan_covers_exactly_what_is_left(arrears, costs, paid_fraction, pause, new_instalment):
    plan = schedule_or_none(arrears=arrears, costs=costs, start=TODAY, payment_day=LAST_DAY, months=6)
    if plan is None:
        return
    paid = (plan.total * paid_fraction / 100).quantize(Decimal("0.01"))
    try:
        new = replan(plan, TODAY, paid_so_far=paid, today=TODAY, pause_months=pause, new_instalment=new_instalment)
    except ValidationError:
        return
    assert new.total == plan.total - paid
    assert new.costs == max(plan.costs - paid, Decimal("0.00"))
    assert_sound(new, new.arrears, new.costs)
