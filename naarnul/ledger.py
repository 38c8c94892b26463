"""Rent charges, payments, the running balance and the arrears of one tenancy.

Pure functions: no database, no Streamlit; `today` is always passed in.

Decisions (explained once, here):
- Rent is paid in advance. The charge on the due day covers the period from that due day up to the day before the
  next due day.
- A tenancy that starts on another day than the due day: the first charge falls due **on the start date** and is
  **pro rata per day** for the part of the period until the next due day (common Dutch practice: "de eerste maand
  naar rato"). From then on the full rent falls due on each due day.
- The end date is the last day of the tenancy. If it falls inside a period, that last charge is pro rata per day too.
- A charge paid on its due day is on time: it counts as arrears only from the day after its due date.
- Payments are allocated to the oldest charge first (FIFO); money paid beyond what is due is credit.
- Rent history: a rent change takes effect from a date (the yearly increase on 1 July). Each charge uses the rent in
  force on its **due date**; a change never alters a charge that fell due before it took effect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Protocol

from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money, format_month, to_money

MAX_RENT = Decimal("25000")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal) -> int:
    """Euros (two decimals) → integer cents, as stored."""
    return int(to_money(amount) * 100)


def from_cents(amount_cents: int) -> Decimal:
    """Stored cents → euros with two decimals (exact)."""
    return Decimal(int(amount_cents)).scaleb(-2)


# --- the lease --------------------------------------------------------------------------------------------------

def _money_or_none(value) -> Decimal | None:
    if isinstance(value, float):
        return None  # floats are never money; the caller gets a clear message instead of a rounding surprise
    try:
        return to_money(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def _lease_problems(monthly_rent, due_day, start, end) -> list[str]:
    problems = []
    rent = _money_or_none(monthly_rent)
    if rent is None:
        problems.append("Vul de huur per maand in als bedrag, bijvoorbeeld 850,00.")
    elif rent <= 0:
        problems.append("De huur per maand moet meer dan € 0 zijn.")
    elif rent > MAX_RENT:
        problems.append(f"Een huur van {format_money(rent)} per maand is wel erg hoog. "
                        f"Controleer het bedrag; het kan hoogstens {format_money(MAX_RENT)} zijn.")
    if not isinstance(due_day, int) or isinstance(due_day, bool) or not 1 <= due_day <= 28:
        if isinstance(due_day, int) and not isinstance(due_day, bool) and 29 <= due_day <= 31:
            problems.append(f"De {due_day}e kan niet als betaaldag: niet elke maand heeft die dag (februari heeft er "
                            "maar 28 of 29). Kies een dag van 1 tot en met 28, bijvoorbeeld de 1e.")
        else:
            problems.append("De betaaldag moet een dag van de maand zijn van 1 tot en met 28.")
    if not isinstance(start, dt.date):
        problems.append("Vul de begindatum van de huur in.")
    if end is not None:
        if not isinstance(end, dt.date):
            problems.append("De einddatum is geen geldige datum.")
        elif isinstance(start, dt.date) and end < start:
            problems.append(f"De einddatum ({format_date(end)}) ligt vóór de begindatum ({format_date(start)}).")
    return problems


@dataclass(frozen=True)
class RentPeriod:
    """The monthly rent from `effective_from` on (until the next period's date)."""

    effective_from: dt.date
    monthly_rent: Decimal

    def __post_init__(self):
        if not isinstance(self.monthly_rent, float):
            object.__setattr__(self, "monthly_rent", to_money(self.monthly_rent))


class ChargeRules(Protocol):
    """Agreements that change what is due (custom solutions, naarnul.arrangement.custom_solutions)."""

    def adjust(self, charges: list[RentCharge], lease: Lease) -> list[RentCharge]: ...


@dataclass(frozen=True)
class Lease:
    """The money part of a rental contract. Construction validates; a bad lease cannot exist.

    `monthly_rent` is the rent from the start; `rent_changes` are later rents, each from its own date."""

    monthly_rent: Decimal
    due_day: int
    start: dt.date
    end: dt.date | None = None  # last day of the tenancy, inclusive
    rent_changes: tuple[RentPeriod, ...] = ()
    rules: ChargeRules | None = None  # custom solutions: a rent reduction, a waived increase, a deferral

    def __post_init__(self):
        problems = _lease_problems(self.monthly_rent, self.due_day, self.start, self.end)
        changes = []
        for change in self.rent_changes:
            rent = _money_or_none(change.monthly_rent)
            if rent is None or rent <= 0 or rent > MAX_RENT:
                problems.append(f"De huur vanaf {format_date(change.effective_from)} is geen geldig bedrag.")
            else:
                changes.append(RentPeriod(change.effective_from, rent))
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "monthly_rent", to_money(self.monthly_rent))
        object.__setattr__(self, "rent_changes", tuple(sorted(changes, key=lambda c: c.effective_from)))

    def rent_on(self, day: dt.date) -> Decimal:
        """The monthly rent in force on `day`."""
        rent = self.monthly_rent
        for change in self.rent_changes:
            if change.effective_from <= day:
                rent = change.monthly_rent
        return rent


def default_rent_change_date(today: dt.date) -> dt.date:
    """When a changed rent takes effect unless the landlord says otherwise: the 1st of next month."""
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def change_rent(periods: list[RentPeriod], *, start: dt.date, end: dt.date | None, new_rent: Decimal,
                rent_from: dt.date | None, today: dt.date) -> list[RentPeriod]:
    """The rent history after an edit of the tenancy, oldest first.

    The first period always starts on the (possibly changed) start date. A rent that differs from the rent as
    agreed now (the latest period) applies from `rent_from` (default: the 1st of next month), replacing periods
    from that date on; charges due before it keep their amount. Raises ValidationError (Dutch) for a date before
    the start or after the end."""
    ordered = sorted(periods, key=lambda p: p.effective_from)
    if not ordered:
        return [RentPeriod(start, to_money(new_rent))]
    base = [p for p in ordered if p.effective_from <= start]
    first = base[-1] if base else ordered[0]
    ordered = [RentPeriod(start, first.monthly_rent)] + [p for p in ordered if p.effective_from > start
                                                         and p.effective_from > first.effective_from]
    new_rent = to_money(new_rent)
    if new_rent == ordered[-1].monthly_rent:
        return ordered
    rent_from = rent_from or max(start, default_rent_change_date(today))
    if rent_from < start:
        raise ValidationError(f"De ingangsdatum van de nieuwe huur ({format_date(rent_from)}) ligt vóór de "
                              f"begindatum van de huur ({format_date(start)}).")
    if end is not None and rent_from > end:
        raise ValidationError(f"De ingangsdatum van de nieuwe huur ({format_date(rent_from)}) ligt na de einddatum "
                              f"van de huur ({format_date(end)}).")
    return [p for p in ordered if p.effective_from < rent_from] + [RentPeriod(rent_from, new_rent)]


def never_in_arrears(charges: list[RentCharge], payments: list, until: dt.date) -> bool:
    """True when, with these payments, no rent was overdue on any day up to `until` (arrears only rise on the day
    after a due date, so those days are checked). A case opened on `until` for arrears the ledger no longer shows
    was a phantom (e.g. a tenancy registered with past rent whose payments were imported afterwards)."""
    days = sorted({c.due_date + dt.timedelta(days=1) for c in charges if c.due_date + dt.timedelta(days=1) <= until})
    return not any(arrears(charges, payments, day).has_arrears for day in days)


def lease_from_periods(periods: list[RentPeriod], due_day: int, start: dt.date, end: dt.date | None = None) -> Lease:
    """A lease from its rent periods (oldest first; the first one counts from the start of the tenancy)."""
    ordered = sorted(periods, key=lambda p: p.effective_from)
    if not ordered:
        raise ValidationError("Vul de huur per maand in als bedrag, bijvoorbeeld 850,00.")
    base = [p for p in ordered if p.effective_from <= start]
    first = base[-1] if base else ordered[0]
    later = tuple(p for p in ordered if p.effective_from > start and p.effective_from > first.effective_from)
    return Lease(first.monthly_rent, due_day, start, end, later)


def validate_lease(monthly_rent, due_day, start, end=None) -> Lease:
    """Form entry point: returns a Lease, or raises ValidationError listing every problem at once."""
    return Lease(monthly_rent=monthly_rent, due_day=due_day, start=start, end=end)


# --- rent charges -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RentCharge:
    due_date: dt.date
    amount: Decimal
    period_start: dt.date
    period_end: dt.date  # inclusive
    pro_rata: bool = False
    note: str = ""  # what a custom solution changed ("huurverlaging € 100,00", "uitstel tot 1 juni 2026")
    original_due_date: dt.date | None = None  # before a deferral moved it

    @property
    def month(self) -> dt.date:
        """First day of the month the charge is for (what a letter names: 'november 2026')."""
        return self.period_start.replace(day=1)

    @property
    def label(self) -> str:
        text = f"Huur {format_month(self.period_start)}"
        if self.pro_rata:
            text += f" (naar rato, {format_date(self.period_start)} t/m {format_date(self.period_end)})"
        if self.note:
            text += f" ({self.note})"
        return text


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)  # safe: due days are 1–28


def _first_due_on_or_after(lease: Lease, day: dt.date) -> dt.date:
    candidate = day.replace(day=lease.due_day)
    return candidate if candidate >= day else _add_months(candidate, 1)


def rent_charges(lease: Lease, today: dt.date) -> list[RentCharge]:
    """Every charge that has fallen due on or before `today`, oldest first (see the module notes on pro rata), after
    the lease's custom solutions (`Lease.rules`)."""
    return [charge for charge in _charges(lease, today) if charge.due_date <= today]


def deferred_charges(lease: Lease, today: dt.date) -> list[RentCharge]:
    """The charges that fell due on or before `today` but that a deferral moved past it: not arrears (not in
    `rent_charges`), yet a landlord looking at the ledger wants to see where that month went."""
    return [charge for charge in _charges(lease, today)
            if charge.due_date > today and (charge.original_due_date or charge.due_date) <= today]


def _charges(lease: Lease, today: dt.date) -> list[RentCharge]:
    charges: list[RentCharge] = []
    last_day = min(today, lease.end) if lease.end else today
    due = _first_due_on_or_after(lease, lease.start)
    if due > lease.start:
        # partial first period: due on the start date, pro rata for the days until the next due day
        period_start = _add_months(due, -1)
        charges.append(_charge(lease, lease.start, period_start, due))
    while due <= last_day:
        charges.append(_charge(lease, due, due, _add_months(due, 1)))
        due = _add_months(due, 1)
    if lease.rules is not None:
        charges = lease.rules.adjust(charges, lease)  # custom solutions; a deferred charge is due later
    return charges


def _charge(lease: Lease, due_date: dt.date, period_start: dt.date, next_due: dt.date) -> RentCharge:
    """Charge for the full period [period_start, next_due), cut to the tenancy's own start and end."""
    covered_start = max(period_start, lease.start)
    covered_end = next_due - dt.timedelta(days=1)
    if lease.end is not None:
        covered_end = min(covered_end, lease.end)
    period_days = (next_due - period_start).days
    covered_days = (covered_end - covered_start).days + 1
    rent = lease.rent_on(due_date)
    if covered_days == period_days:
        return RentCharge(due_date, rent, covered_start, covered_end)
    amount = to_money(rent * covered_days / period_days)
    return RentCharge(due_date, amount, covered_start, covered_end, pro_rata=True)


# --- payments ---------------------------------------------------------------------------------------------------

def _payment_problems(paid_on, amount, today) -> list[str]:
    problems = []
    if not isinstance(paid_on, dt.date):
        problems.append("Vul de datum van de betaling in.")
    elif today is not None and paid_on > today:
        problems.append(f"De betaaldatum {format_date(paid_on)} ligt in de toekomst. "
                        "Vul een betaling in op of na de dag dat het geld binnen is.")
    money = _money_or_none(amount)
    if money is None:
        problems.append("Vul het betaalde bedrag in, bijvoorbeeld 850,00.")
    elif money <= 0:
        problems.append("Het betaalde bedrag moet meer dan € 0 zijn.")
    return problems


@dataclass(frozen=True)
class Payment:
    paid_on: dt.date
    amount: Decimal
    description: str = ""
    reference: str = ""

    def __post_init__(self):
        problems = _payment_problems(self.paid_on, self.amount, None)
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "amount", to_money(self.amount))


def validate_payment(paid_on, amount, today: dt.date, description: str = "", reference: str = "") -> Payment:
    """Form entry point: a payment dated after `today` is refused (money that has not arrived yet)."""
    problems = _payment_problems(paid_on, amount, today)
    if problems:
        raise ValidationError(problems)
    return Payment(paid_on, amount, description.strip(), reference.strip())


# --- ledger with running balance ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerRow:
    on: dt.date
    kind: str  # "charge" or "payment"
    description: str  # Dutch, as shown in the ledger table
    charge: Decimal  # amount due (0.00 on a payment row)
    payment: Decimal  # amount paid (0.00 on a charge row)
    balance: Decimal  # after this row; positive = the tenant owes, negative = credit


def ledger(charges: list[RentCharge], payments: list[Payment]) -> list[LedgerRow]:
    """Charges and payments by date (on the same day the charge comes first), with the running balance."""
    events: list[tuple[dt.date, int, int, RentCharge | Payment]] = \
        [(c.due_date, 0, i, c) for i, c in enumerate(charges)] + [(p.paid_on, 1, i, p) for i, p in enumerate(payments)]
    rows, balance = [], ZERO
    for on, _kind, _, item in sorted(events, key=lambda event: event[:3]):
        if isinstance(item, RentCharge):
            balance += item.amount
            rows.append(LedgerRow(on, "charge", item.label, item.amount, ZERO, balance))
        else:
            balance -= item.amount
            text = "Betaling" + (f" – {item.description}" if item.description else "")
            rows.append(LedgerRow(on, "payment", text, ZERO, item.amount, balance))
    return rows


# --- arrears -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OpenCharge:
    """One unpaid (or partly paid) month, as a letter lists it."""

    month: dt.date  # first day of the month
    due_date: dt.date
    charged: Decimal
    open: Decimal

    @property
    def label(self) -> str:
        return format_month(self.month)


@dataclass(frozen=True)
class Arrears:
    as_of: dt.date
    amount: Decimal  # total open on charges whose due date has passed
    months: int  # number of those charges not fully paid
    open_charges: list[OpenCharge] = field(default_factory=list)  # oldest first
    oldest_unpaid_due: dt.date | None = None
    days_late: int = 0  # from oldest_unpaid_due to as_of
    credit: Decimal = ZERO  # paid beyond everything due up to today

    @property
    def has_arrears(self) -> bool:
        return self.amount > 0


def arrears(charges: list[RentCharge], payments: list[Payment], today: dt.date) -> Arrears:
    """What is overdue on `today`. Payments up to today pay the oldest charges first (FIFO)."""
    due = sorted((c for c in charges if c.due_date <= today), key=lambda c: c.due_date)
    pool = sum((p.amount for p in payments if p.paid_on <= today), ZERO)
    open_items = []
    for charge in due:
        paid = min(pool, charge.amount)
        pool -= paid
        rest = charge.amount - paid
        # paid on the due day is on time: only charges whose due date has passed are arrears
        if rest > 0 and charge.due_date < today:
            open_items.append(OpenCharge(charge.month, charge.due_date, charge.amount, rest))
    amount = sum((item.open for item in open_items), ZERO)
    oldest = open_items[0].due_date if open_items else None
    return Arrears(
        as_of=today,
        amount=amount,
        months=len(open_items),
        open_charges=open_items,
        oldest_unpaid_due=oldest,
        days_late=(today - oldest).days if oldest else 0,
        credit=pool,
    )
