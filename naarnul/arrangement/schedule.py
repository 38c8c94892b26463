"""The instalment calculator: `make_schedule` (calendar dates, the last instalment absorbs rounding) and `replan`
(a new schedule for what is still open after a change or a pause).

Decisions:
- Payment day is 1-28, or `LAST_DAY` (-1) for the last day of each month; no "31st" that silently moves.
- The first instalment falls on the first payment day on or after the start date.
- "Instalment" mode: every instalment is that amount, the last one is the remainder (0 < last <= instalment).
  An instalment larger than or equal to the total is accepted and gives one instalment of the total, with a note.
  "Months" mode: every instalment is total / months rounded *down* to the cent; the last one absorbs the remaining
  cents (so last >= the others, by less than `months` cents).
- Collection costs passed to `make_schedule` are added on top of the arrears; they must come from
  `naarnul.arrangement.costs.collection_costs()` (the caller checks the 14-day letter).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from naarnul.arrangement.settings import (
    DEFAULT_SETTINGS,
    LAST_DAY,
    MAX_MONTHS,
    MAX_PAUSE_MONTHS,
    MAX_START_AHEAD_DAYS,
    ZERO,
    ArrangementSettings,
    money_input,
)
from naarnul.errors import ValidationError
from naarnul.formatting import CENT, format_date, format_money


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
    arrears_amount = money_input(arrears, "het bedrag van de achterstand", problems)
    costs_amount = money_input(costs, "de incassokosten", problems, allow_zero=True)

    if (instalment is None) == (months is None):
        problems.append("Kies een bedrag per termijn óf een aantal maanden (één van beide).")
    instalment_amount = None
    if instalment is not None:
        instalment_amount = money_input(instalment, "het bedrag per termijn", problems)
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
    paid = money_input(paid_so_far, "het al betaalde bedrag", problems, allow_zero=True)
    if isinstance(pause_months, bool) or not isinstance(pause_months, int) or not (
        0 <= pause_months <= MAX_PAUSE_MONTHS
    ):
        problems.append(f"Een pauze kan 0 tot en met {MAX_PAUSE_MONTHS} maanden duren.")
    if paid >= schedule.total:
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
