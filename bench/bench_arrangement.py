"""How long the arrangement calculator takes, as JSON lines (information, never a pass/fail test).

Each measurement is compared with a trivial baseline measured in the same run: building the same number of
(date, Decimal) pairs in a plain loop. The ratio says how much the validation, calendar and rounding work costs.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, median_seconds  # noqa: E402
from naarnul.arrangement import (  # noqa: E402
    LAST_DAY,
    ArrangementPayment,
    collection_costs,
    follow_up,
    make_schedule,
    match_instalments,
)

TODAY = dt.date(2026, 1, 10)
LOOPS = 200


def baseline(count: int) -> None:
    """Trivial work of the same shape: `count` (date, amount) pairs and their sum."""
    amount = Decimal("100.00")
    rows = [(TODAY + dt.timedelta(days=30 * i), amount) for i in range(count)]
    sum(a for _, a in rows)


def main() -> None:
    for months in (12, 36, 120):
        seconds = median_seconds(
            lambda months=months: [
                make_schedule(arrears=Decimal("3456.78"), start=TODAY, payment_day=LAST_DAY, today=TODAY, months=months)
                for _ in range(LOOPS)
            ],
            repeat=7,
        )
        base = median_seconds(lambda months=months: [baseline(months) for _ in range(LOOPS)], repeat=7)
        emit(
            f"arrangement.make_schedule.{months}_months",
            seconds / LOOPS * 1e6,
            "us/schedule",
            ratio=seconds / base,
            baseline_us=round(base / LOOPS * 1e6, 2),
            target="well under 1 ms per schedule (a form rerun)",
        )

    plan = make_schedule(arrears=Decimal("3600.00"), start=TODAY, payment_day=25, today=TODAY, months=36)
    payments = [ArrangementPayment(TODAY + dt.timedelta(days=30 * i + 10), Decimal("100.00")) for i in range(30)]
    today = TODAY + dt.timedelta(days=1100)
    seconds = median_seconds(
        lambda: [follow_up(match_instalments(plan, payments, today), today) for _ in range(LOOPS)], repeat=7
    )
    base = median_seconds(lambda: [baseline(36) for _ in range(LOOPS)], repeat=7)
    emit(
        "arrangement.match_and_follow_up.36_instalments",
        seconds / LOOPS * 1e6,
        "us/case",
        ratio=seconds / base,
        baseline_us=round(base / LOOPS * 1e6, 2),
    )

    principals = [Decimal(p) for p in ("100", "2500", "9999.99", "250000", "1000000")]
    seconds = median_seconds(lambda: [collection_costs(p) for _ in range(LOOPS) for p in principals], repeat=7)
    emit("arrangement.collection_costs", seconds / (LOOPS * len(principals)) * 1e6, "us/call")


if __name__ == "__main__":
    main()
