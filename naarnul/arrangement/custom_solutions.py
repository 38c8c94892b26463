"""Custom solutions (maatwerk) next to the payment arrangement: what each one changes in what is due.

The joint statement in the seeds (convenant.md §8) names, besides a payment arrangement: a deferral of payment
(uitstel van betaling), a temporary rent reduction (tijdelijke huurverlaging) and waiving a rent increase (afzien van
een huurverhoging). Pure rules: no database, no Streamlit; `today` is passed in.

How each one changes the ledger (naarnul.ledger.rent_charges applies them through `Lease.rules`):
- **Rent reduction** (first month – last month, amount per month): every charge that falls due in those months is
  lowered by the amount (pro rata for a pro-rata charge), never below € 0. "In a month" = its due date is in it.
- **Waived increase** (the increase = the date of a rent change, from a date): every charge due on or after that date
  that uses the increased rent is charged at the rent before the increase. A later rent change ends the waiver (the
  landlord decides again then).
- **Deferral** (named open months, until a date): the charges of those months fall due on the deferral date instead.
  Until then they are not arrears: they count for no next step and are not in the arrears of a letter; the case
  stays open while one runs and the deferred rent is unpaid (`deferral_keeps_case_open`).
Order: waivers, then reductions (both on the original due months), then deferrals (they move the due dates).

Overlap with a payment arrangement: a deferral is refused while an arrangement runs (a pause of the arrangement is
the tool then: moving charges would count as instalments paid), and a reduction or waiver may not start before the
running arrangement started (lowering arrears it was made for would look like a payment towards it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from naarnul import calendar
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money, format_month, to_money
from naarnul.ledger import Lease, Payment, RentCharge, arrears, rent_charges

DEFERRAL = "deferral"
REDUCTION = "reduction"
WAIVED_INCREASE = "waived_increase"
KINDS = (DEFERRAL, REDUCTION, WAIVED_INCREASE)
KIND_LABELS = {DEFERRAL: "Uitstel van betaling", REDUCTION: "Tijdelijke huurverlaging",
               WAIVED_INCREASE: "Afzien van een huurverhoging"}

MAX_DEFERRAL_MONTHS = 12  # a deferral runs at most a year from today
MAX_REDUCTION_MONTHS = 24  # a "temporary" reduction: at most two years
ZERO = Decimal("0.00")


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _last_of_month(day: dt.date) -> dt.date:
    return calendar.add_months(first_of_month(day), 1) - dt.timedelta(days=1)


def _share(amount: Decimal, fraction: Decimal) -> Decimal:
    return to_money(amount * fraction)


@dataclass(frozen=True)
class Deferral:
    """The charges that fell due on `due_dates` now fall due on `until`."""

    due_dates: tuple[dt.date, ...]
    until: dt.date

    def apply(self, charges: list[RentCharge], fractions: list[Decimal], lease: Lease) -> list[RentCharge]:
        result = []
        for charge, origin in zip(charges, _origins(charges)):
            if origin in self.due_dates and self.until > charge.due_date:
                note = f"uitstel tot {format_date(self.until)}"
                charge = dataclasses.replace(charge, due_date=self.until, note=_join(charge.note, note))
            result.append(charge)
        return result


@dataclass(frozen=True)
class RentReduction:
    """Every charge due from `first_month` up to and including `last_month` is `amount` lower."""

    first_month: dt.date
    last_month: dt.date
    amount: Decimal

    def covers(self, due_date: dt.date) -> bool:
        return first_of_month(self.first_month) <= first_of_month(due_date) <= first_of_month(self.last_month)

    def apply(self, charges: list[RentCharge], fractions: list[Decimal], lease: Lease) -> list[RentCharge]:
        result = []
        for charge, fraction in zip(charges, fractions):
            if self.covers(charge.due_date):
                lower = min(charge.amount, _share(self.amount, fraction))
                charge = dataclasses.replace(charge, amount=charge.amount - lower,
                                             note=_join(charge.note, f"huurverlaging {format_money(lower)}"))
            result.append(charge)
        return result


@dataclass(frozen=True)
class WaivedIncrease:
    """The rent change of `increase_from` is not charged from `waived_from` on (until the next rent change)."""

    increase_from: dt.date
    waived_from: dt.date

    def difference(self, lease: Lease) -> Decimal:
        before = lease.rent_on(self.increase_from - dt.timedelta(days=1))
        return max(ZERO, lease.rent_on(self.increase_from) - before)

    def applies_on(self, lease: Lease, due_date: dt.date) -> bool:
        if due_date < max(self.increase_from, self.waived_from):
            return False
        in_force = [c.effective_from for c in lease.rent_changes if c.effective_from <= due_date]
        return bool(in_force) and in_force[-1] == self.increase_from

    def apply(self, charges: list[RentCharge], fractions: list[Decimal], lease: Lease) -> list[RentCharge]:
        difference = self.difference(lease)
        result = []
        for charge, fraction in zip(charges, fractions):
            if difference > 0 and self.applies_on(lease, charge.due_date):
                lower = min(charge.amount, _share(difference, fraction))
                charge = dataclasses.replace(charge, amount=charge.amount - lower,
                                             note=_join(charge.note, "zonder huurverhoging"))
            result.append(charge)
        return result


def _join(note: str, more: str) -> str:
    return f"{note}; {more}" if note else more


def _origins(charges: list[RentCharge]) -> list[dt.date]:
    return [c.original_due_date or c.due_date for c in charges]


@dataclass(frozen=True)
class CustomSolutions:
    """The custom solutions of one tenancy, as `naarnul.ledger.Lease.rules` (see the module notes)."""

    deferrals: tuple[Deferral, ...] = ()
    reductions: tuple[RentReduction, ...] = ()
    waived_increases: tuple[WaivedIncrease, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.deferrals or self.reductions or self.waived_increases)

    def adjust(self, charges: list[RentCharge], lease: Lease) -> list[RentCharge]:
        fractions = [_fraction(charge, lease) for charge in charges]
        charges = [dataclasses.replace(c, original_due_date=c.due_date) for c in charges]
        for waiver in self.waived_increases:
            charges = waiver.apply(charges, fractions, lease)
        for reduction in self.reductions:
            charges = reduction.apply(charges, fractions, lease)
        for deferral in self.deferrals:
            charges = deferral.apply(charges, fractions, lease)
        return sorted(charges, key=lambda c: c.due_date)

    def without_deferrals(self) -> CustomSolutions:
        return dataclasses.replace(self, deferrals=())


def _fraction(charge: RentCharge, lease: Lease) -> Decimal:
    """The part of a full month a charge covers (1 unless pro rata)."""
    if not charge.pro_rata:
        return Decimal(1)
    full = lease.rent_on(charge.due_date)
    return charge.amount / full if full > 0 else Decimal(1)


def with_solutions(lease: Lease, solutions: CustomSolutions | None) -> Lease:
    """The lease whose charges include these custom solutions."""
    if not solutions:
        return lease
    return dataclasses.replace(lease, rules=solutions)


def deferral_keeps_case_open(lease: Lease, payments: list[Payment], today: dt.date) -> bool:
    """True while a deferral runs and the rent it moved is still unpaid: the case does not close as paid."""
    rules = lease.rules
    if not isinstance(rules, CustomSolutions) or not rules.deferrals:
        return False
    plain = dataclasses.replace(lease, rules=rules.without_deferrals())
    return arrears(rent_charges(plain, today), payments, today).has_arrears


# --- what a landlord types: checked here, every problem in Dutch ------------------------------------------------------

@dataclass(frozen=True)
class RunningArrangement:
    """What the rules need of the payment arrangement that runs (if any)."""

    valid_from: dt.date


def check_deferral(due_dates: Iterable[dt.date], until: object, *, open_due_dates: Iterable[dt.date],
                   today: dt.date, existing: Iterable[Deferral] = (),
                   arrangement: RunningArrangement | None = None) -> Deferral:
    """A deferral of open months until a date. Raises ValidationError listing every problem."""
    chosen = tuple(sorted(set(due_dates)))
    open_set = set(open_due_dates)
    problems = []
    if arrangement is not None:
        problems.append("Er loopt een betalingsregeling voor deze achterstand. Uitstel kan dan niet: geef de "
                        "huurder een pauze in de regeling (Betalingsregeling, regeling aanpassen).")
    if not chosen:
        problems.append("Kies de maand of maanden waarvoor u uitstel geeft.")
    elif not set(chosen) <= open_set:
        problems.append("U kunt alleen uitstel geven voor huur die nu open staat.")
    already = {d for deferral in existing if deferral.until >= today for d in deferral.due_dates}
    if set(chosen) & already:
        problems.append("Voor een van deze maanden loopt al uitstel.")
    if not isinstance(until, dt.date):
        problems.append("Vul de datum in tot wanneer de huurder uitstel krijgt.")
    elif until <= today:
        problems.append(f"De datum van het uitstel ({format_date(until)}) moet na vandaag liggen.")
    elif until > calendar.add_months(today, MAX_DEFERRAL_MONTHS):
        problems.append(f"Uitstel kan hoogstens {MAX_DEFERRAL_MONTHS} maanden. Kies een datum vóór "
                        f"{format_date(calendar.add_months(today, MAX_DEFERRAL_MONTHS))}, of maak een "
                        "betalingsregeling.")
    if problems:
        raise ValidationError(problems)
    assert isinstance(until, dt.date)
    return Deferral(chosen, until)


def check_reduction(first_month: object, last_month: object, amount: Decimal | None, *, lease: Lease,
                    existing: Iterable[RentReduction] = (),
                    arrangement: RunningArrangement | None = None) -> RentReduction:
    """A temporary reduction of `amount` per month. `amount` comes from naarnul.money.parse_form_amount (or None when
    it could not be read: its message is the caller's). Raises ValidationError listing every problem."""
    problems = []
    if not isinstance(first_month, dt.date):
        problems.append("Vul de eerste maand van de huurverlaging in.")
    if not isinstance(last_month, dt.date):
        problems.append("Vul de laatste maand van de huurverlaging in.")
    if isinstance(first_month, dt.date) and isinstance(last_month, dt.date):
        first, last = first_of_month(first_month), first_of_month(last_month)
        if last < first:
            problems.append(f"De laatste maand ({format_month(last)}) ligt vóór de eerste maand "
                            f"({format_month(first)}).")
        elif calendar.add_months(first, MAX_REDUCTION_MONTHS) <= last:
            problems.append(f"Een tijdelijke huurverlaging duurt hoogstens {MAX_REDUCTION_MONTHS} maanden. Wilt u "
                            "de huur blijvend verlagen? Pas dan de huur aan bij Huurders.")
        if first < first_of_month(lease.start):
            problems.append(f"De huurverlaging begint vóór de huur zelf ({format_date(lease.start)}).")
        if arrangement is not None and first < first_of_month(arrangement.valid_from):
            problems.append(f"Er loopt een betalingsregeling sinds {format_date(arrangement.valid_from)}. Laat de "
                            "huurverlaging op of na die maand beginnen.")
        overlap = [r for r in existing if not (last < first_of_month(r.first_month)
                                               or first > first_of_month(r.last_month))]
        if overlap:
            problems.append(f"Er is al een huurverlaging van {format_month(overlap[0].first_month)} tot en met "
                            f"{format_month(overlap[0].last_month)}. Kies maanden die daar niet in vallen.")
        if amount is not None:
            highest = max(lease.rent_on(_last_of_month(day)) for day in _months(first, last)) if last >= first \
                else lease.rent_on(first)
            if amount >= highest:
                problems.append(f"De verlaging ({format_money(amount)}) moet lager zijn dan de huur "
                                f"({format_money(highest)}).")
    if amount is not None and amount <= 0:
        problems.append("De verlaging per maand moet meer dan € 0 zijn.")
    if problems or amount is None:
        raise ValidationError(problems or ["Vul de verlaging per maand in, bijvoorbeeld 100,00."])
    assert isinstance(first_month, dt.date) and isinstance(last_month, dt.date)
    return RentReduction(first_of_month(first_month), first_of_month(last_month), to_money(amount))


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], first
    while day <= last:
        months.append(day)
        day = calendar.add_months(day, 1)
    return months


def increases(lease: Lease) -> list[tuple[dt.date, Decimal, Decimal]]:
    """The rent increases of a lease: (from, rent before, rent after), oldest first."""
    found = []
    for change in lease.rent_changes:
        before = lease.rent_on(change.effective_from - dt.timedelta(days=1))
        if change.monthly_rent > before:
            found.append((change.effective_from, before, change.monthly_rent))
    return found


def check_waived_increase(increase_from: object, waived_from: object, *, lease: Lease,
                          existing: Iterable[WaivedIncrease] = (),
                          arrangement: RunningArrangement | None = None) -> WaivedIncrease:
    """Waiving the increase of `increase_from` from `waived_from` on. Raises ValidationError listing every problem."""
    problems = []
    known = {start for start, _before, _after in increases(lease)}
    if not isinstance(increase_from, dt.date) or increase_from not in known:
        problems.append("Kies de huurverhoging waarvan u afziet." if known else
                        "Deze huur heeft geen huurverhoging. Voer eerst de nieuwe huur in bij Huurders.")
    if not isinstance(waived_from, dt.date):
        problems.append("Vul de datum in vanaf wanneer u afziet van de huurverhoging.")
    elif isinstance(increase_from, dt.date) and waived_from < increase_from:
        problems.append(f"U kunt niet afzien van de verhoging vóór die ingaat ({format_date(increase_from)}).")
    elif arrangement is not None and waived_from < arrangement.valid_from:
        problems.append(f"Er loopt een betalingsregeling sinds {format_date(arrangement.valid_from)}. Kies een datum "
                        "op of na die dag.")
    if isinstance(increase_from, dt.date) and any(w.increase_from == increase_from for w in existing):
        problems.append("U ziet al af van deze huurverhoging.")
    if problems:
        raise ValidationError(problems)
    assert isinstance(increase_from, dt.date) and isinstance(waived_from, dt.date)
    return WaivedIncrease(increase_from, waived_from)


def describe(rule: Deferral | RentReduction | WaivedIncrease, lease: Lease | None = None) -> str:
    """One Dutch line for the timeline and the lists."""
    if isinstance(rule, Deferral):
        months = ", ".join(format_month(d) for d in rule.due_dates)
        return f"Uitstel van betaling voor de huur van {months}, tot {format_date(rule.until)}"
    if isinstance(rule, RentReduction):
        return (f"Tijdelijke huurverlaging van {format_money(rule.amount)} per maand, van "
                f"{format_month(rule.first_month)} tot en met {format_month(rule.last_month)}")
    text = f"Afzien van de huurverhoging van {format_date(rule.increase_from)}, vanaf {format_date(rule.waived_from)}"
    if lease is not None:
        text += f" (huur blijft {format_money(lease.rent_on(rule.increase_from - dt.timedelta(days=1)))})"
    return text
