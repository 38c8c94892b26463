"""Arrears rules shared by the services and the store: step labels, the next step of a case, arrears per month.

Pure functions: no database, no Streamlit; `today` is passed in.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import replace
from decimal import Decimal

from naarnul import covenant
from naarnul.ledger import Payment, RentCharge

# Dutch short labels of the covenant steps (keys of naarnul.covenant.guide), for lists and the "Vandaag" page
STEP_LABELS = {
    "friendly_reminder": "Vriendelijke herinnering sturen",
    "written_reminder": "Schriftelijke herinnering sturen",
    "contact_attempts": "Persoonlijk contact proberen",
    "objection": "Wachten op een eventueel bezwaar",
    "signal": "Melding aan de gemeente doen",
    "feedback": "Wachten op terugkoppeling van de gemeente",
    "arrangement": "Betalingsregeling bespreken",
    "addendum": "Addendum bespreken",
    "closed": "Zaak sluiten",
}

# next_step value stored on a case when nothing needs doing now but a step waits for a date
WAITING_PREFIX = "wait:"


def step_label(key: str) -> str:
    if not key:
        return "Niets te doen"
    if key.startswith(WAITING_PREFIX):
        return "Wachten: " + STEP_LABELS.get(key[len(WAITING_PREFIX):], key).lower()
    return STEP_LABELS.get(key, key)


def next_step(facts: covenant.CaseFacts, settings: covenant.CovenantSettings, today: dt.date) \
        -> tuple[str, dt.date | None]:
    """(step key, date) for the case list: the step needing action (overdue first), else the first step that waits
    for a date (`wait:<key>`), else ("", None)."""
    action = covenant.next_action(facts, settings, today)
    if action is not None:
        return action.key, action.due_by
    steps = covenant.guide(facts, settings, today)
    waiting = [s for s in steps if s.status == covenant.WAITING and s.due_by is not None]
    if waiting:
        first = min(waiting, key=lambda s: s.due_by or dt.date.max)
        return WAITING_PREFIX + first.key, first.due_by
    return "", None


def month_ends(today: dt.date, months: int = 12) -> list[dt.date]:
    """The last day of each of the last `months` months, the current month ending on `today`; oldest first."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(months - 1):
        end = first - dt.timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return list(reversed(ends))


def arrears_on_days(charges: list[RentCharge], payments: list[Payment], days: list[dt.date]) -> list[Decimal]:
    """The arrears amount on each day, cheaply: with payments paying the oldest charge first, what is overdue on
    day d is everything charged before d minus everything paid up to d (never below zero). Equals
    `naarnul.ledger.arrears(...).amount` for each day."""
    charge_days = sorted(c.due_date for c in charges)
    by_due = sorted(charges, key=lambda c: c.due_date)
    charge_sums = [Decimal("0")]
    for charge in by_due:
        charge_sums.append(charge_sums[-1] + charge.amount)
    paid = sorted(payments, key=lambda p: p.paid_on)
    pay_days = [p.paid_on for p in paid]
    pay_sums = [Decimal("0")]
    for payment in paid:
        pay_sums.append(pay_sums[-1] + payment.amount)
    result = []
    for day in days:
        charged = charge_sums[bisect_left(charge_days, day)]  # due strictly before `day`
        paid_total = pay_sums[bisect_right(pay_days, day)]  # paid on or before `day`
        result.append(max(Decimal("0.00"), charged - paid_total))
    return result


def figures_may_have_changed(*, as_of: dt.date | None, today: dt.date, due_day: int, start: dt.date,
                             end: dt.date | None, in_arrears: bool, open_case: bool,
                             recheck_on: dt.date | None = None) -> bool:
    """Can a tenancy's stored figures (arrears snapshot, month history, its case and next step), computed on
    `as_of`, differ on `today` without any write in between? Every write that changes them (a payment, an import,
    a rent change, a step) recomputes its own tenancy, so only the passing of days is left:

    - never computed (None) or marked stale: yes;
    - in arrears, or an open case: from `recheck_on` on (see `recheck_day`; None: unknown, so yes);
    - otherwise (no arrears, no open case) only a charge that has become overdue changes them: a charge due on day
      d counts as arrears from d + 1 (naarnul.ledger), so: is there a due date d with as_of <= d < today? Due dates
      are the start date (the first, possibly pro rata, charge) and the due day of each month, up to the end.
    """
    if as_of is None:
        return True
    if as_of >= today:
        return False
    if in_arrears or open_case:
        return recheck_on is None or recheck_on <= today
    last = today - dt.timedelta(days=1)
    if end is not None:
        last = min(last, end)
    first = max(as_of, start)
    if last < first:
        return False
    if first <= start <= last:
        return True
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if first <= dt.date(year, month, due_day) <= last:
            return True
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return False


RECHECK_AT_MOST_DAYS = 7  # a case in arrears is recomputed at least weekly (e.g. after a change of the settings)


def recheck_day(*, today: dt.date, charges_ahead: list[RentCharge], facts: covenant.CaseFacts | None,
                settings: covenant.CovenantSettings, step: tuple[str, dt.date | None] | None) -> dt.date:
    """The first day after `today` on which the figures of a tenancy in arrears (or with an open case), just
    computed for `today`, may differ without any write: the day after the next due date (its charge becomes
    arrears), the 1st of next month (a new month in the history), the first day the case's next step differs
    (`next_step` tried day by day, with the same arrears), and at most RECHECK_AT_MOST_DAYS ahead.
    `charges_ahead`: the charges falling due from today on (a few weeks ahead)."""
    first_of_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    horizon = min(first_of_next, today + dt.timedelta(days=RECHECK_AT_MOST_DAYS))
    upcoming = [c.due_date for c in charges_ahead if c.due_date >= today]
    if upcoming:
        horizon = min(horizon, min(upcoming) + dt.timedelta(days=1))
    if facts is None or step is None:
        return horizon
    day = today + dt.timedelta(days=1)
    oldest = facts.arrears.oldest_unpaid_due
    while day < horizon:
        arrears = replace(facts.arrears, as_of=day, days_late=(day - oldest).days if oldest else 0)
        if next_step(replace(facts, arrears=arrears), settings, day) != step:
            return day
        day += dt.timedelta(days=1)
    return horizon
