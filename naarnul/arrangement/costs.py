"""Extrajudicial collection costs: the WIK scale (art. 6:96 BW) and what may be charged after a 14-day letter.
The 14-day term itself is `naarnul.calendar.fourteen_day_deadline`."""

from __future__ import annotations

from decimal import Decimal

from naarnul.arrangement.settings import ZERO, money_input
from naarnul.errors import ValidationError
from naarnul.formatting import format_money, to_money

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
    amount = money_input(principal, "de hoofdsom", problems, maximum=None)  # any size: the € 6,775 cap applies
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


def costs_above_scale(costs: Decimal, principal: Decimal) -> str | None:
    """THE rule that a cost amount in a letter never exceeds the statutory scale for the principal in that letter
    (../shared/domain/arrangement.md §3): None when `costs` is allowed, else the Dutch reason. Every path that puts
    costs in a document (form, `naarnul render`, bulk) goes through `DocumentCase`, which asks this."""
    maximum = collection_costs(principal)
    if to_money(costs) <= maximum:
        return None
    return (f"De incassokosten ({format_money(to_money(costs))}) zijn hoger dan de wettelijke staffel toestaat "
            f"voor de achterstand van {format_money(to_money(principal))}: ten hoogste {format_money(maximum)}")


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
