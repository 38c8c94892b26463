"""Dutch formatting of money and dates (babel), used by pages and documents alike."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency

CENT = Decimal("0.01")
LOCALE = "nl_NL"


def to_money(value: Decimal | int | str) -> Decimal:
    """Exact amount in euros with two decimals. Never pass a float."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | int | str) -> str:
    """`€ 1.234,56` — the space after € is a no-break space, so the amount never wraps away from its sign."""
    return format_currency(to_money(amount), "EUR", locale=LOCALE)


def format_date(day: dt.date) -> str:
    """`23 november 2026`."""
    return _babel_date(day, format="d MMMM y", locale=LOCALE)


def format_month(day: dt.date) -> str:
    """`november 2026`."""
    return _babel_date(day, format="MMMM y", locale=LOCALE)
