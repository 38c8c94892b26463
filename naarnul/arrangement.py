"""Payment arrangements (betalingsregeling): the pure domain core.

Everything here is plain Python: no Streamlit, no database, and "today" is always an argument.
Money is `Decimal` with two decimals (`naarnul.formatting.to_money`); passing a float is a programming error
(`TypeError`). Bad user input raises `ValidationError` listing every problem in Dutch; advice that must not block
(too many instalments, a long arrangement) is returned as `warnings` on the result instead.

Domain facts: ../shared/domain/arrangement.md. Parts:

1. `make_schedule`       the instalment calculator (calendar dates, last instalment absorbs rounding)
2. affordability         protected income (beslagvrije voet) from a dated norms table, `affordability`
3. `advise`              the 36-month rule / other creditors -> referral to municipal debt assistance
4. `collection_costs`    the WIK scale (art. 6:96 BW); the 14-day term is naarnul.calendar.fourteen_day_deadline
5. follow-up             `match_instalments`, `follow_up`, `replan`

Decisions (see also the docstrings):
- Payment day is 1-28, or `LAST_DAY` (-1) for the last day of each month; no "31st" that silently moves.
- The first instalment falls on the first payment day on or after the start date.
- "Instalment" mode: every instalment is that amount, the last one is the remainder (0 < last <= instalment).
  An instalment larger than or equal to the total is accepted and gives one instalment of the total, with a note.
  "Months" mode: every instalment is total / months rounded *down* to the cent; the last one absorbs the remaining
  cents (so last >= the others, by less than `months` cents).
- Collection costs passed to `make_schedule` are added on top of the arrears; they must come from
  `collection_costs()` (the caller checks the 14-day letter); this module does not know the case timeline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import math
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from naarnul.errors import ValidationError
from naarnul.formatting import CENT, format_date, format_money, to_money

__all__ = [
    "LAST_DAY",
    "ArrangementSettings",
    "Instalment",
    "Schedule",
    "make_schedule",
    "months_needed",
    "HouseholdType",
    "HOUSEHOLD_LABELS",
    "ProtectedIncomeNorm",
    "load_norms",
    "protected_income",
    "Affordability",
    "affordability",
    "Advice",
    "advise",
    "collection_costs",
    "costs_after_letter",
    "ArrangementPayment",
    "InstalmentState",
    "InstalmentStatus",
    "match_instalments",
    "paid_towards",
    "FollowUpAction",
    "FollowUp",
    "follow_up",
    "replan",
]

ZERO = Decimal("0.00")

# payment_day value meaning "the last day of every month"
LAST_DAY = -1

# Sanity limits: beyond these an input is a typing error, not a real arrangement.
MAX_AMOUNT = Decimal("1000000.00")  # arrears, costs, income, rent
MAX_MONTHS = 120  # ten years; far past the 36-month rule, so it only catches typos
MAX_START_AHEAD_DAYS = 366  # a start date more than a year ahead is almost certainly a typo
MAX_PAUSE_MONTHS = 12


# ---------------------------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArrangementSettings:
    """Admin settings for arrangements. Defaults follow ../shared/domain/arrangement.md."""

    max_instalments_warning: int = 12  # more instalments than this: a warning, never a block
    problematic_debt_months: int = 36  # the 36-month rule
    minimum_instalment: Decimal = Decimal("10.00")  # smallest regular instalment (the last one may be smaller)
    grace_days: int = 5  # days after the due date before an unpaid instalment counts as missed
    reminder_days: int = 14  # a friendly reminder gives a new date this many calendar days ahead

    def __post_init__(self) -> None:
        problems = []
        if not (1 <= self.max_instalments_warning <= MAX_MONTHS):
            problems.append(f"Het maximum aantal termijnen moet tussen 1 en {MAX_MONTHS} liggen.")
        if not (1 <= self.problematic_debt_months <= MAX_MONTHS):
            problems.append(f"Het aantal maanden voor een problematische schuld moet tussen 1 en {MAX_MONTHS} liggen.")
        if isinstance(self.minimum_instalment, float):
            raise TypeError("money must not be a float")
        minimum = to_money(self.minimum_instalment)
        if minimum < CENT or minimum > Decimal("1000.00"):
            problems.append("Het minimale termijnbedrag moet tussen € 0,01 en € 1.000,00 liggen.")
        if not (0 <= self.grace_days <= 31):
            problems.append("Het aantal dagen coulance moet tussen 0 en 31 liggen.")
        if not (1 <= self.reminder_days <= 60):
            problems.append("De termijn voor een herinnering moet tussen 1 en 60 dagen liggen.")
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "minimum_instalment", minimum)


DEFAULT_SETTINGS = ArrangementSettings()


# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------


def _money(
    value: object, label: str, problems: list[str], *, allow_zero: bool = False,
    maximum: Decimal | None = MAX_AMOUNT,
) -> Decimal:
    """Parse an amount. On a bad value add a Dutch problem and return 0.00 as a placeholder: the caller raises
    `ValidationError(problems)` before using it. Floats are a programming error."""
    if value is None:
        problems.append(f"Vul {label} in.")
        return ZERO
    if isinstance(value, (bool, float)):
        raise TypeError("money must not be a bool or a float")
    try:
        amount = to_money(value if isinstance(value, (Decimal, int, str)) else str(value))
    except (InvalidOperation, ValueError, TypeError):
        problems.append(f"{label.capitalize()} is geen geldig bedrag.")
        return ZERO
    if not amount.is_finite():
        problems.append(f"{label.capitalize()} is geen geldig bedrag.")
        return ZERO
    if amount < 0 or (amount == 0 and not allow_zero):
        problems.append(f"{label.capitalize()} moet {'0 of ' if allow_zero else ''}meer dan € 0,00 zijn.")
        return ZERO
    if maximum is not None and amount > maximum:
        problems.append(f"{label.capitalize()} is hoger dan {format_money(maximum)}. Klopt het bedrag?")
        return ZERO
    return amount


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _due_date(year: int, month: int, payment_day: int) -> dt.date:
    if payment_day == LAST_DAY:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, payment_day)


def _first_due(start: dt.date, payment_day: int) -> tuple[int, int]:
    """(year, month) of the first payment day on or after `start`."""
    if _due_date(start.year, start.month, payment_day) >= start:
        return start.year, start.month
    return _add_months(start.year, start.month, 1)


def _payment_day_problem(payment_day) -> str | None:
    if isinstance(payment_day, bool) or not isinstance(payment_day, int):
        return "Kies een betaaldag van 1 tot en met 28, of de laatste dag van de maand."
    if payment_day != LAST_DAY and not (1 <= payment_day <= 28):
        return "Kies een betaaldag van 1 tot en met 28, of de laatste dag van de maand."
    return None


def months_needed(amount: Decimal, monthly: Decimal) -> int:
    """Whole months needed to pay `amount` at `monthly` a month (ceil). `monthly` must be positive."""
    if monthly <= 0:
        raise ValueError("monthly amount must be positive")
    if amount <= 0:
        return 0
    return math.ceil(Decimal(amount) / Decimal(monthly))


# ---------------------------------------------------------------------------------------------------------------
# 1. The schedule
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instalment:
    number: int  # 1-based
    due_date: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Schedule:
    """An instalment plan. `total == arrears + costs == sum(instalment amounts)`, exact to the cent."""

    arrears: Decimal
    costs: Decimal
    start: dt.date
    payment_day: int  # 1-28 or LAST_DAY
    instalments: tuple[Instalment, ...]
    warnings: tuple[str, ...] = field(default=())  # Dutch, non-blocking

    @property
    def total(self) -> Decimal:
        return self.arrears + self.costs

    @property
    def count(self) -> int:
        return len(self.instalments)

    @property
    def first_date(self) -> dt.date:
        return self.instalments[0].due_date

    @property
    def end_date(self) -> dt.date:
        """Due date of the last instalment (the "last payment date" in the letter)."""
        return self.instalments[-1].due_date

    @property
    def regular_amount(self) -> Decimal:
        """The amount of the ordinary instalments (the first one); the last one may differ."""
        return self.instalments[0].amount


def make_schedule(
    *,
    arrears: Decimal,
    start: dt.date,
    payment_day: int,
    today: dt.date,
    instalment: Decimal | None = None,
    months: int | None = None,
    costs: Decimal = ZERO,
    settings: ArrangementSettings = DEFAULT_SETTINGS,
) -> Schedule:
    """Compute an instalment plan for `arrears` (+ opt-in `costs`).

    Give exactly one of `instalment` (monthly amount) or `months` (number of instalments). Instalments fall on
    `payment_day` (1-28, or `LAST_DAY`) of consecutive months, the first on or after `start`; `start` may not lie
    before `today`. Raises `ValidationError` listing every problem; non-blocking advice is in `Schedule.warnings`.
    """
    problems: list[str] = []
    arrears_amount = _money(arrears, "het bedrag van de achterstand", problems)
    costs_amount = _money(costs, "de incassokosten", problems, allow_zero=True)

    if (instalment is None) == (months is None):
        problems.append("Kies een bedrag per termijn óf een aantal maanden (één van beide).")
    instalment_amount = None
    if instalment is not None:
        instalment_amount = _money(instalment, "het bedrag per termijn", problems)
    if months is not None:
        if isinstance(months, bool) or not isinstance(months, int):
            problems.append("Het aantal maanden moet een heel getal zijn.")
            months = None
        elif months < 1:
            problems.append("Het aantal maanden moet 1 of meer zijn.")
            months = None
        elif months > MAX_MONTHS:
            problems.append(f"Een regeling kan hoogstens {MAX_MONTHS} maanden duren.")
            months = None

    day_problem = _payment_day_problem(payment_day)
    if day_problem:
        problems.append(day_problem)

    if not isinstance(start, dt.date):
        problems.append("Vul een geldige startdatum in.")
    elif start < today:
        problems.append(f"De startdatum ligt in het verleden. Kies vandaag ({format_date(today)}) of later.")
    elif (start - today).days > MAX_START_AHEAD_DAYS:
        problems.append("De startdatum ligt meer dan een jaar vooruit. Klopt de datum?")

    if problems:
        raise ValidationError(problems)

    total = arrears_amount + costs_amount
    minimum = settings.minimum_instalment
    warnings: list[str] = []

    if instalment_amount is not None:
        if instalment_amount >= total:
            amounts = [total]
            if instalment_amount > total:
                warnings.append(
                    f"Het bedrag per termijn is hoger dan het totaal. De regeling wordt één betaling van "
                    f"{format_money(total)}."
                )
        else:
            if instalment_amount < minimum:
                problems.append(f"Het bedrag per termijn moet minstens {format_money(minimum)} zijn.")
            count = months_needed(total, instalment_amount)
            if count > MAX_MONTHS:
                problems.append(
                    f"Met dit bedrag duurt de regeling {count} maanden. Dat is meer dan {MAX_MONTHS}. "
                    f"Kies een hoger bedrag per termijn."
                )
            if problems:
                raise ValidationError(problems)
            last = total - instalment_amount * (count - 1)
            amounts = [instalment_amount] * (count - 1) + [last]
    else:
        assert months is not None  # exactly one of instalment and months is given (checked above)
        base = (total / months).quantize(CENT, rounding=ROUND_DOWN)
        if months > 1 and base < minimum:
            raise ValidationError(
                f"Met {months} maanden wordt het bedrag per termijn {format_money(base)}. Dat is minder dan "
                f"{format_money(minimum)}. Kies minder maanden."
            )
        amounts = [base] * (months - 1) + [total - base * (months - 1)]

    year, month = _first_due(start, payment_day)
    instalments = []
    for index, amount in enumerate(amounts):
        due_year, due_month = _add_months(year, month, index)
        instalments.append(Instalment(index + 1, _due_date(due_year, due_month, payment_day), amount))

    count = len(instalments)
    if count > settings.problematic_debt_months:
        warnings.append(
            f"Deze regeling duurt {count} maanden. Dat is langer dan {settings.problematic_debt_months} maanden. "
            f"Dan is er mogelijk sprake van een problematische schuld. Bespreek met de huurder of hulp van de "
            f"gemeente (schuldhulpverlening) beter past."
        )
    elif count > settings.max_instalments_warning:
        warnings.append(
            f"Deze regeling heeft {count} termijnen. Dat is meer dan {settings.max_instalments_warning}. Dat mag, "
            f"maar een kortere regeling is vaak beter vol te houden."
        )

    return Schedule(
        arrears=arrears_amount,
        costs=costs_amount,
        start=start,
        payment_day=payment_day,
        instalments=tuple(instalments),
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------------------------------------------
# 2. Affordability: protected income (beslagvrije voet)
# ---------------------------------------------------------------------------------------------------------------


class HouseholdType(enum.StrEnum):
    SINGLE = "single"
    SINGLE_WITH_CHILDREN = "single_with_children"
    COUPLE = "couple"
    COUPLE_WITH_CHILDREN = "couple_with_children"


HOUSEHOLD_LABELS = {
    HouseholdType.SINGLE: "alleenstaand",
    HouseholdType.SINGLE_WITH_CHILDREN: "alleenstaande ouder (kind jonger dan 18)",
    HouseholdType.COUPLE: "samenwonend of getrouwd",
    HouseholdType.COUPLE_WITH_CHILDREN: "samenwonend of getrouwd, met kind jonger dan 18",
}


@dataclass(frozen=True)
class ProtectedIncomeNorm:
    """One row of the dated norms table: the monthly protected income for a household type from `valid_from`."""

    household_type: HouseholdType
    valid_from: dt.date
    amount: Decimal
    source: str


NORMS_FILE = Path(__file__).parent / "data" / "protected_income_norms.yaml"


def load_norms(path: Path | str | None = None) -> list[ProtectedIncomeNorm]:
    """Read the seed norms file (YAML, see naarnul/data/protected_income_norms.yaml). Bad rows -> ValidationError."""
    text = Path(path or NORMS_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    rows = data.get("norms") or []
    norms: list[ProtectedIncomeNorm] = []
    problems: list[str] = []
    for position, row in enumerate(rows, start=1):
        try:
            household = HouseholdType(row["household_type"])
            valid_from = row["valid_from"]
            if not isinstance(valid_from, dt.date):
                valid_from = dt.date.fromisoformat(str(valid_from))
            amount = to_money(str(row["amount"]))
            source = str(row["source"]).strip()
            if amount <= 0 or not source:
                raise ValueError
        except (KeyError, TypeError, ValueError, InvalidOperation):
            problems.append(f"Regel {position} in de normbedragen is onvolledig of ongeldig.")
            continue
        norms.append(ProtectedIncomeNorm(household, valid_from, amount, source))
    if problems:
        raise ValidationError(problems)
    return norms


def protected_income(
    norms: Iterable[ProtectedIncomeNorm], household_type: HouseholdType | str, on: dt.date
) -> ProtectedIncomeNorm | None:
    """The norm for `household_type` with the latest `valid_from` on or before `on`; None if the table has none.

    Returns the whole row so a page can show the amount *and* the date and source of the figures.
    """
    household = HouseholdType(household_type)
    candidates = [n for n in norms if n.household_type == household and n.valid_from <= on]
    return max(candidates, key=lambda n: n.valid_from, default=None)


@dataclass(frozen=True)
class Affordability:
    ok: bool  # instalment <= room
    room: Decimal  # net income - protected income - rent (may be negative)
    message: str  # Dutch, shows the date of the figures
    protected_income: Decimal
    figures_date: dt.date


def affordability(
    instalment: Decimal, net_income: Decimal, protected_income: ProtectedIncomeNorm, rent: Decimal
) -> Affordability:
    """Rough check `instalment <= net income - protected income - rent`. Warns, never blocks.

    `protected_income` is a row from `protected_income(...)`, so the message can name the date of the figures.
    """
    problems: list[str] = []
    instalment_amount = _money(instalment, "het bedrag per termijn", problems)
    income = _money(net_income, "het netto inkomen per maand", problems, allow_zero=True)
    rent_amount = _money(rent, "de huur", problems, allow_zero=True)
    if problems:
        raise ValidationError(problems)
    norm = protected_income
    room = income - norm.amount - rent_amount
    figures = (
        f"beslagvrije voet {format_money(norm.amount)} ({HOUSEHOLD_LABELS[norm.household_type]}, "
        f"normbedragen vanaf {format_date(norm.valid_from)})"
    )
    if instalment_amount <= room:
        message = (
            f"Na aftrek van de huur en de {figures} houdt de huurder {format_money(room)} per maand over. "
            f"Een termijn van {format_money(instalment_amount)} lijkt daarmee haalbaar."
        )
        ok = True
    elif room > 0:
        message = (
            f"Let op: na aftrek van de huur en de {figures} houdt de huurder {format_money(room)} per maand over. "
            f"Een termijn van {format_money(instalment_amount)} is waarschijnlijk te hoog. "
            f"Overweeg een lager bedrag per termijn."
        )
        ok = False
    else:
        message = (
            f"Let op: na aftrek van de huur en de {figures} houdt de huurder geen geld over voor een regeling. "
            f"Hulp van de gemeente (schuldhulpverlening) past dan waarschijnlijk beter."
        )
        ok = False
    return Affordability(ok, room, message, norm.amount, norm.valid_from)


# ---------------------------------------------------------------------------------------------------------------
# 3. The 36-month rule
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Advice:
    refer_to_debt_assistance: bool
    reason: str  # one Dutch sentence
    months_needed: int | None  # None when no affordable instalment is known


def advise(
    arrears: Decimal,
    affordable_instalment: Decimal | None,
    other_creditors: bool,
    settings: ArrangementSettings = DEFAULT_SETTINGS,
) -> Advice:
    """Advise referral to municipal debt assistance when paying off takes more than
    `settings.problematic_debt_months` (arrears / affordable instalment > 36) or the tenant has other creditors.

    `affordable_instalment` may be None (income is optional input): then only `other_creditors` counts.
    An affordable instalment of 0 or less means there is no room at all: referral.
    """
    problems: list[str] = []
    arrears_amount = _money(arrears, "het bedrag van de achterstand", problems)
    affordable = None
    if affordable_instalment is not None:
        if isinstance(affordable_instalment, float):
            raise TypeError("money must not be a float")
        try:
            affordable = to_money(affordable_instalment)
        except (InvalidOperation, ValueError):
            problems.append("Het haalbare bedrag per maand is geen geldig bedrag.")
    if problems:
        raise ValidationError(problems)

    limit = settings.problematic_debt_months
    months = None
    too_long = False
    no_room = affordable is not None and affordable <= 0
    if affordable is not None and not no_room:
        months = months_needed(arrears_amount, affordable)
        too_long = months > limit

    debt_assistance = "de schuldhulpverlening van de gemeente"
    if other_creditors and (too_long or no_room):
        reason = (
            f"De huurder heeft ook andere schuldeisers en kan de achterstand niet binnen {limit} maanden aflossen; "
            f"{debt_assistance} kan alle schulden samen bekijken."
        )
    elif other_creditors:
        reason = f"De huurder heeft ook andere schuldeisers; {debt_assistance} kan alle schulden samen bekijken."
    elif no_room:
        reason = (
            f"De huurder houdt na de vaste lasten geen geld over voor een regeling; {debt_assistance} kan helpen."
        )
    elif too_long and affordable is not None:
        reason = (
            f"Met {format_money(affordable)} per maand duurt aflossen {months} maanden, langer dan {limit} maanden; "
            f"{debt_assistance} past dan beter dan een regeling met u alleen."
        )
    elif months is not None and affordable is not None:
        reason = (
            f"Met {format_money(affordable)} per maand is de achterstand in {months} "
            f"{'maand' if months == 1 else 'maanden'} af te lossen; een betalingsregeling is haalbaar."
        )
    else:
        reason = "Er zijn geen andere schuldeisers bekend; een betalingsregeling met u ligt voor de hand."
    return Advice(other_creditors or too_long or no_room, reason, months)


# ---------------------------------------------------------------------------------------------------------------
# 4. Collection costs (WIK, art. 6:96 BW) and the 14-day letter
# ---------------------------------------------------------------------------------------------------------------

# (size of the bracket or None for "the rest", rate)
_WIK_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("2500"), Decimal("0.15")),
    (Decimal("2500"), Decimal("0.10")),
    (Decimal("5000"), Decimal("0.05")),
    (Decimal("190000"), Decimal("0.01")),
    (None, Decimal("0.005")),
)
WIK_MINIMUM = Decimal("40.00")
WIK_MAXIMUM = Decimal("6775.00")


def collection_costs(principal: Decimal) -> Decimal:
    """Statutory maximum extrajudicial collection costs over `principal` (excl. VAT), rounded to cents.

    15% of the first € 2,500 (minimum € 40); 10% of the next € 2,500; 5% of the next € 5,000; 1% of the next
    € 190,000; 0.5% above that; at most € 6,775.
    """
    problems: list[str] = []
    amount = _money(principal, "de hoofdsom", problems, maximum=None)  # any size: the € 6,775 cap applies
    if problems:
        raise ValidationError(problems)
    remaining = amount
    costs = Decimal("0")
    for size, rate in _WIK_BRACKETS:
        part = remaining if size is None else min(remaining, size)
        costs += part * rate
        remaining -= part
        if remaining <= 0:
            break
    return to_money(min(max(costs, WIK_MINIMUM), WIK_MAXIMUM))


# The 14-day term of the letter that must precede these costs is `naarnul.calendar.fourteen_day_deadline`.


def costs_after_letter(stated: Decimal | None, principal: Decimal, paid_within_term: Decimal) -> Decimal:
    """The collection costs that may be charged once the term of a 14-day letter has passed.

    `stated` is the amount the letter named (None for an old letter whose amount was not kept), `principal` the
    arrears it was computed over, `paid_within_term` what the tenant paid after the letter date up to its deadline.
    After a partial payment the costs are recomputed by the scale over what is still open, never more than the
    letter named (../shared/domain/arrangement.md §3). Nothing open: no costs.
    """
    open_principal = to_money(principal) - to_money(paid_within_term)
    if open_principal <= 0:
        return ZERO
    costs = collection_costs(open_principal)
    return costs if stated is None else min(costs, to_money(stated))


# ---------------------------------------------------------------------------------------------------------------
# 5. Follow-up: matching payments, the next step, changing an arrangement
# ---------------------------------------------------------------------------------------------------------------


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
        return FollowUp(FollowUpAction.COMPLETED, "Alle termijnen zijn betaald. De regeling is afgerond.", None, (), ZERO)
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


def _shift_months(day: dt.date, months: int) -> dt.date:
    year, month = _add_months(day.year, day.month, months)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def replan(
    schedule: Schedule,
    from_date: dt.date,
    *,
    paid_so_far: Decimal,
    today: dt.date,
    new_instalment: Decimal | None = None,
    pause_months: int = 0,
    settings: ArrangementSettings = DEFAULT_SETTINGS,
) -> Schedule:
    """A new schedule for what is still open, replacing `schedule` from `from_date` (the caller keeps history).

    - remaining = schedule total - `paid_so_far` (everything paid towards the arrangement so far);
      payments count towards costs first, then arrears (art. 6:44 BW), so the new schedule keeps both parts;
    - the first new instalment falls on the payment day on or after `from_date` + `pause_months` months;
    - the amount is `new_instalment`, or the old regular instalment when not given.
    """
    problems: list[str] = []
    paid = _money(paid_so_far, "het al betaalde bedrag", problems, allow_zero=True)
    if isinstance(pause_months, bool) or not isinstance(pause_months, int) or not (
        0 <= pause_months <= MAX_PAUSE_MONTHS
    ):
        problems.append(f"Een pauze kan 0 tot en met {MAX_PAUSE_MONTHS} maanden duren.")
    if paid is not None and paid >= schedule.total:
        problems.append("De regeling is al helemaal betaald. Er valt niets meer te plannen.")
    if problems:
        raise ValidationError(problems)
    if isinstance(from_date, dt.date) and from_date < today:
        raise ValidationError(f"De nieuwe regeling kan niet eerder ingaan dan vandaag ({format_date(today)}).")
    # costs first (art. 6:44 BW); as paid < total, arrears_left is always positive
    costs_left = max(schedule.costs - paid, ZERO)
    arrears_left = schedule.total - paid - costs_left
    start = _shift_months(from_date, pause_months) if isinstance(from_date, dt.date) else from_date
    return make_schedule(
        arrears=arrears_left,
        costs=costs_left,
        start=start,
        payment_day=schedule.payment_day,
        today=today,
        instalment=schedule.regular_amount if new_instalment is None else new_instalment,
        settings=settings,
    )
