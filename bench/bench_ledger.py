"""How long computing the arrears of one tenancy with 5 years of ledger takes, and as a ratio to a trivial baseline
(summing the same amounts) measured in the same run.

Run: .venv/bin/python bench/bench_ledger.py
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import emit, median_seconds  # noqa: E402
from naarnul.ledger import Lease, Payment, arrears, ledger, rent_charges  # noqa: E402

TODAY = dt.date(2026, 11, 15)
START = dt.date(2021, 11, 1)  # five years


def five_year_tenancy():
    lease = Lease(Decimal("950.00"), 1, START)
    charges = rent_charges(lease, TODAY)
    # mostly on time, some late and partial, a few months missed: a realistic mix
    payments = []
    for index, charge in enumerate(charges):
        if index % 11 == 5:
            continue
        if index % 7 == 3:
            payments.append(Payment(charge.due_date + dt.timedelta(days=3), Decimal("500.00")))
            payments.append(Payment(charge.due_date + dt.timedelta(days=17), Decimal("450.00")))
        else:
            payments.append(Payment(charge.due_date + dt.timedelta(days=index % 5), charge.amount))
    return lease, charges, payments


def main() -> None:
    lease, charges, payments = five_year_tenancy()
    amounts = [c.amount for c in charges] + [p.amount for p in payments]

    baseline = median_seconds(lambda: sum(amounts, Decimal(0)), repeat=50)
    arrears_only = median_seconds(lambda: arrears(charges, payments, TODAY), repeat=50)
    full = median_seconds(lambda: arrears(rent_charges(lease, TODAY), payments, TODAY), repeat=50)
    with_ledger = median_seconds(lambda: ledger(rent_charges(lease, TODAY), payments), repeat=50)

    extra = {"charges": len(charges), "payments": len(payments)}
    emit("ledger.baseline_sum_5y", baseline * 1000, "ms", **extra)
    emit("ledger.arrears_5y", arrears_only * 1000, "ms", ratio=arrears_only / baseline, **extra)
    emit("ledger.charges_and_arrears_5y", full * 1000, "ms", ratio=full / baseline, target="< 5 ms", **extra)
    emit("ledger.ledger_rows_5y", with_ledger * 1000, "ms", ratio=with_ledger / baseline, **extra)


if __name__ == "__main__":
    main()
