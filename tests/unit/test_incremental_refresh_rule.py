"""The rule behind the incremental refresh of the day (naarnul.arrears.figures_may_have_changed): when it says a
tenancy's figures cannot have changed since they were computed, the ledger really gives the same arrears."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from naarnul import ledger
from naarnul.arrears import figures_may_have_changed


def _rule(as_of, today, lease, *, in_arrears=False, open_case=False):
    return figures_may_have_changed(as_of=as_of, today=today, due_day=lease.due_day, start=lease.start,
                                    end=lease.end, in_arrears=in_arrears, open_case=open_case)


LEASE = ledger.Lease(Decimal("850"), 1, dt.date(2026, 1, 1))


def test_a_quiet_day_needs_no_recompute_and_the_day_after_a_due_date_does():
    assert not _rule(dt.date(2026, 11, 22), dt.date(2026, 11, 23), LEASE)
    assert not _rule(dt.date(2026, 11, 2), dt.date(2026, 11, 30), LEASE)
    # rent due on 1 December counts as arrears from 2 December
    assert not _rule(dt.date(2026, 11, 30), dt.date(2026, 12, 1), LEASE)
    assert _rule(dt.date(2026, 11, 30), dt.date(2026, 12, 2), LEASE)
    assert _rule(dt.date(2026, 12, 1), dt.date(2026, 12, 2), LEASE)
    assert not _rule(dt.date(2026, 12, 2), dt.date(2026, 12, 3), LEASE)


def test_never_computed_in_arrears_or_an_open_case_is_always_recomputed_and_today_never():
    day = dt.date(2026, 11, 23)
    assert _rule(None, day, LEASE)
    assert _rule(day - dt.timedelta(days=1), day, LEASE, in_arrears=True)
    assert _rule(day - dt.timedelta(days=1), day, LEASE, open_case=True)
    assert not _rule(day, day, LEASE, in_arrears=True, open_case=True)


def test_a_tenancy_starting_later_or_ended_changes_only_on_its_own_dates():
    later = ledger.Lease(Decimal("850"), 1, dt.date(2026, 11, 20))  # pro rata charge due on the start date
    assert not _rule(dt.date(2026, 11, 10), dt.date(2026, 11, 20), later)
    assert _rule(dt.date(2026, 11, 10), dt.date(2026, 11, 21), later)
    ended = ledger.Lease(Decimal("850"), 1, dt.date(2025, 1, 1), end=dt.date(2026, 6, 30))
    assert not _rule(dt.date(2026, 7, 1), dt.date(2026, 12, 24), ended)


def test_whenever_the_rule_says_unchanged_the_ledger_agrees():
    rng = random.Random(14)
    checked = 0
    for _ in range(3000):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
        end = start + dt.timedelta(days=rng.randrange(30, 500)) if rng.random() < 0.3 else None
        lease = ledger.Lease(Decimal(rng.choice(["850", "1234.56", "600"])), rng.randrange(1, 29), start, end)
        as_of = start - dt.timedelta(days=40) + dt.timedelta(days=rng.randrange(800))
        today = as_of + dt.timedelta(days=rng.randrange(1, 70))
        charges_then = ledger.rent_charges(lease, as_of)
        # payments up to as_of (later ones would be a write, which recomputes by itself)
        payments = [ledger.Payment(c.due_date + dt.timedelta(days=rng.randrange(0, 5)), c.amount)
                    for c in charges_then if rng.random() < 0.97 and c.due_date + dt.timedelta(days=5) <= as_of]
        then = ledger.arrears(charges_then, payments, as_of)
        if _rule(as_of, today, lease, in_arrears=then.has_arrears):
            continue
        now = ledger.arrears(ledger.rent_charges(lease, today), payments, today)
        assert (now.amount, now.months, now.oldest_unpaid_due) == (then.amount, then.months, then.oldest_unpaid_due), \
            (lease, as_of, today)
        checked += 1
    assert checked > 500  # the property was really exercised
