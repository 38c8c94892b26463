"""Following an arrangement: money paid towards it (`paid_towards`), matched to its instalments
(`match_instalments`), and the landlord's next step (`follow_up`: a reminder, or the offer to end it)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from naarnul.arrangement.schedule import Schedule
from naarnul.arrangement.settings import DEFAULT_SETTINGS, ZERO, ArrangementSettings
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money, to_money


@dataclass(frozen=True)
class ArrangementPayment:
    """Money received towards the arrangement (NOT the whole bank transfer; see `match_instalments`).

    Same field names as `naarnul.ledger.Payment`, so anything with `paid_on` and `amount` can be passed.
    """

    paid_on: dt.date
    amount: Decimal


class InstalmentState(enum.StrEnum):
    PAID = "paid"  # fully paid on or before the due date
    LATE = "late"  # fully paid, but after the due date
    PARTLY_PAID = "partly_paid"  # part paid, due date + grace not yet passed
    MISSED = "missed"  # due date + grace passed and not fully paid (`paid` shows any part payment)
    OPEN = "open"  # nothing paid yet, due date + grace not yet passed


STATE_LABELS = {
    InstalmentState.PAID: "betaald",
    InstalmentState.LATE: "te laat betaald",
    InstalmentState.PARTLY_PAID: "deels betaald",
    InstalmentState.MISSED: "niet betaald",
    InstalmentState.OPEN: "nog niet betaald",
}


@dataclass(frozen=True)
class InstalmentStatus:
    number: int
    due_date: dt.date
    amount: Decimal
    paid: Decimal  # allocated to this instalment so far
    paid_on: dt.date | None  # date of the payment that completed it (None if not complete)
    state: InstalmentState

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def match_instalments(
    schedule: Schedule,
    payments: Sequence[ArrangementPayment],
    today: dt.date,
    grace_days: int | None = None,
    *,
    settings: ArrangementSettings = DEFAULT_SETTINGS,
) -> list[InstalmentStatus]:
    """Allocate money paid towards the arrangement to its instalments, oldest instalment first.

    Contract: `payments` (anything with `paid_on` and `amount`, e.g. `ArrangementPayment`) are the amounts paid
    towards the arrangement, i.e. on top of current rent. This function does not split bank transfers between
    rent and arrangement; the caller does, with the rule "a payment covers the rent that is due first, the rest
    goes to the arrangement". With the FIFO ledger that is simply: paid towards the arrangement up to a date =
    the balance at the arrangement start - the balance on that date (never below 0); each rise of that amount
    at a payment date is one `ArrangementPayment`.
    Payments dated after `today` are ignored (so a status can be replayed "as of" a date). Money beyond the
    schedule total is ignored here (the ledger shows it as credit).
    """
    grace = settings.grace_days if grace_days is None else grace_days
    if isinstance(grace, bool) or not isinstance(grace, int) or grace < 0:
        raise ValidationError("Het aantal dagen coulance moet 0 of meer zijn.")
    received: list[tuple[dt.date, Decimal]] = []
    for payment in sorted((p for p in payments if p.paid_on <= today), key=lambda p: p.paid_on):
        if isinstance(payment.amount, float):
            raise TypeError("money must not be a float")
        amount = to_money(payment.amount)
        if amount < 0:
            raise ValidationError(f"Een betaling van {format_date(payment.paid_on)} heeft een negatief bedrag.")
        if amount > 0:
            received.append((payment.paid_on, amount))

    statuses = []
    queue = iter(received)
    payment_date, payment_left = today, ZERO  # the payment being allocated, and what is left of it
    for item in schedule.instalments:
        paid = ZERO
        paid_on: dt.date | None = None
        while paid < item.amount:
            if payment_left == 0:
                nxt = next(queue, None)
                if nxt is None:
                    break
                payment_date, payment_left = nxt
            take = min(payment_left, item.amount - paid)
            paid += take
            payment_left -= take
            if paid == item.amount:
                paid_on = payment_date
        if paid_on is not None:  # fully paid (instalments are positive)
            state = InstalmentState.PAID if paid_on <= item.due_date else InstalmentState.LATE
        elif today > item.due_date + dt.timedelta(days=grace):
            state = InstalmentState.MISSED
        elif paid > 0:
            state = InstalmentState.PARTLY_PAID
        else:
            state = InstalmentState.OPEN
        statuses.append(InstalmentStatus(item.number, item.due_date, item.amount, paid, paid_on, state))
    return statuses


def paid_towards(charges: Iterable, payments: Iterable, *, baseline: Decimal, since: dt.date, today: dt.date,
                 already_allocated: Decimal = ZERO) -> list[ArrangementPayment]:
    """Money paid towards an arrangement, as ArrangementPayment rows up to `today` (the contract of
    `match_instalments`). With B0 = `baseline` (the arrears the first arrangement of a chain was made for) and B(d)
    the ledger balance at the end of day d, "paid towards the arrangement up to d" is B0 - B(d); current rent is
    covered first, so the amount dips on a due day: its running maximum is taken, and every rise is one payment.
    `already_allocated` (money counted by the arrangements this one replaced) is skipped first.
    `charges` have `due_date` and `amount`, `payments` have `paid_on` and `amount` (naarnul.ledger rows)."""
    charges = list(charges)
    payments = [p for p in payments if p.paid_on <= today]
    days = sorted({c.due_date for c in charges if since <= c.due_date <= today}
                  | {p.paid_on for p in payments if p.paid_on >= since})
    series, high = [], ZERO
    for day in days:
        balance = sum((c.amount for c in charges if c.due_date <= day), ZERO) - \
            sum((p.amount for p in payments if p.paid_on <= day), ZERO)
        paid = baseline - balance
        if paid > high:
            series.append(ArrangementPayment(day, paid - high))
            high = paid
    skip = already_allocated
    result = []
    for payment in series:
        take = min(payment.amount, skip)
        skip -= take
        if payment.amount - take > 0:
            result.append(ArrangementPayment(payment.paid_on, payment.amount - take))
    return result


class FollowUpAction(enum.StrEnum):
    NONE = "none"  # everything on track
    REMINDER = "reminder"  # one missed instalment: friendly reminder with a new date
    OFFER_END = "offer_end"  # two or more missed: the landlord may end the arrangement (after a call)
    COMPLETED = "completed"  # every instalment paid


@dataclass(frozen=True)
class FollowUp:
    action: FollowUpAction
    message: str  # Dutch, for the landlord
    new_date: dt.date | None  # the new payment date for the reminder letter
    missed: tuple[int, ...]  # numbers of the missed instalments
    amount_due: Decimal  # outstanding on the missed instalments


def follow_up(
    statuses: Sequence[InstalmentStatus],
    today: dt.date,
    *,
    settings: ArrangementSettings = DEFAULT_SETTINGS,
) -> FollowUp:
    """Next step for the landlord. Missed instalments are counted as they stand now: a missed instalment that is
    caught up later becomes "late" (FIFO allocation), so the count drops again.

    - no missed instalment: nothing to do (or "completed" when all are paid);
    - one missed: a friendly reminder with a new date `today + reminder_days` (calendar date);
    - two or more: offer to end the arrangement (call first; a lower amount or a pause may help).
    """
    missed = [s for s in statuses if s.state == InstalmentState.MISSED]
    amount_due = sum((s.outstanding for s in missed), ZERO)
    numbers = tuple(s.number for s in missed)
    if statuses and all(s.state in (InstalmentState.PAID, InstalmentState.LATE) for s in statuses):
        return FollowUp(FollowUpAction.COMPLETED, "Alle termijnen zijn betaald. De regeling is afgerond.", None, (),
                        ZERO)
    if not missed:
        return FollowUp(FollowUpAction.NONE, "De regeling loopt volgens afspraak.", None, (), ZERO)
    if len(missed) == 1:
        item = missed[0]
        new_date = today + dt.timedelta(days=settings.reminder_days)
        message = (
            f"Termijn {item.number} ({format_money(item.amount)}, te betalen op {format_date(item.due_date)}) is "
            f"nog niet (helemaal) betaald. Stuur eerst een vriendelijke herinnering met een nieuwe datum: "
            f"{format_date(new_date)}. Het openstaande bedrag is {format_money(item.outstanding)}."
        )
        return FollowUp(FollowUpAction.REMINDER, message, new_date, numbers, amount_due)
    message = (
        f"Er zijn {len(missed)} termijnen niet (helemaal) betaald, samen {format_money(amount_due)}. U kunt de "
        f"regeling beëindigen. Bel de huurder eerst: misschien helpt een lager bedrag of een pauze."
    )
    return FollowUp(FollowUpAction.OFFER_END, message, None, numbers, amount_due)
