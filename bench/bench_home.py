"""The "Vandaag" page for a landlord with 100 and with 10,000 tenancies, each with 5 years of ledger (about 60
payments): the page render and the arrears refresh, measured as separate lines.

- home.render_<n>: `show_today`, the one service pages/landlord/home.py calls on a rerun. A render never writes:
  the line also counts its SQL statements and writes (writes must be 0). Ratio large/small in one run.
- home.first_refresh_of_the_day_<n>: `refresh_figures` when every snapshot is older than today (the daily cron, or
  the first "Bijwerken" of the day).
- home.refresh_incremental_<n>: the refresh after one tenancy changed (a payment recorded): only that tenancy is
  recomputed.
- home.refresh_repeat_<n>: a second refresh on the same day: nothing is stale, nothing is written.

The data is bulk-inserted. Run: .venv/bin/python bench/bench_home.py      (BENCH_SIZES=100,10000 to change the sizes)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event  # noqa: E402

from bench.common import emit, median_seconds  # noqa: E402
from naarnul.services import cases as case_service  # noqa: E402
from naarnul.services.refresh import refresh_arrears  # noqa: E402
from naarnul.users import Role  # noqa: E402
from store import users as user_store  # noqa: E402
from store.engine import forget_engine, get_engine, session_for  # noqa: E402
from store.models import Payment, Tenancy, Tenant  # noqa: E402
from store.unit_of_work import UnitOfWork  # noqa: E402

TODAY = dt.date(2026, 11, 23)
START = dt.date(2021, 11, 1)  # five years of ledger
RENT_CENTS = 95000
MUNICIPALITY = "GM0344"


def _months(start: dt.date, today: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= today:
        days.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def seed(url: str, size: int):
    with session_for(url) as session:
        landlord = user_store.create_user(session, None, username="bench", name="Bench Verhuur", role=Role.LANDLORD,
                                          password="bench-password-123", setup=True)
    engine = get_engine(url)
    dues = _months(START, TODAY)
    with engine.begin() as connection:
        connection.execute(Tenancy.__table__.insert(), [
            {"landlord_id": landlord.id, "street": f"Benchstraat {i // 500}", "house_number": str(i % 500 + 1),
             "house_number_addition": "", "postcode": "3511 AB", "place": "Utrecht",
             "municipality_code": MUNICIPALITY, "monthly_rent_cents": RENT_CENTS, "due_day": 1,
             "start_date": START, "end_date": None, "tenant_is_company": False, "payer_ibans": "",
             "created_at": dt.datetime.now(dt.timezone.utc), "arrears_cents": 0, "arrears_months": 0}
            for i in range(size)])
        ids = [row[0] for row in connection.execute(Tenancy.__table__.select().with_only_columns(
            Tenancy.__table__.c.id).where(Tenancy.__table__.c.landlord_id == landlord.id))]
        connection.execute(Tenant.__table__.insert(), [
            {"tenancy_id": tid, "landlord_id": landlord.id, "position": 0, "name": f"Huurder {tid}",
             "salutation": "neutral", "phone": "", "email": ""} for tid in ids])
        rows = []
        for index, tid in enumerate(ids):
            # one in twenty misses the last two months; one in seven pays one month late and in two parts
            missed = 2 if index % 20 == 0 else 0
            for number, due in enumerate(dues[:len(dues) - missed]):
                if index % 7 == 3 and number % 12 == 5:
                    rows.append(_payment(landlord.id, tid, due + dt.timedelta(days=3), 50000))
                    rows.append(_payment(landlord.id, tid, due + dt.timedelta(days=20), RENT_CENTS - 50000))
                else:
                    rows.append(_payment(landlord.id, tid, due + dt.timedelta(days=index % 4), RENT_CENTS))
            if len(rows) > 50_000:
                connection.execute(Payment.__table__.insert(), rows)
                rows = []
        if rows:
            connection.execute(Payment.__table__.insert(), rows)
    return landlord


def _payment(landlord_id: int, tenancy_id: int, paid_on: dt.date, cents: int) -> dict:
    return {"tenancy_id": tenancy_id, "landlord_id": landlord_id, "paid_on": min(paid_on, TODAY),
            "amount_cents": cents, "description": "", "source": "import", "fingerprint": None,
            "created_at": dt.datetime.now(dt.timezone.utc)}


def render(url: str, landlord) -> None:
    """Exactly what pages/landlord/home.py asks on a rerun: one read, no refresh."""
    case_service.show_today(UnitOfWork(url), landlord, page=1, page_size=10, today=TODAY)


def statements(url: str, action) -> tuple[int, int]:
    """(SQL statements, writes) that `action` runs."""
    counted = {"all": 0, "writes": 0}

    def count(conn, cursor, statement, parameters, context, executemany):
        counted["all"] += 1
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            counted["writes"] += 1

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counted["all"], counted["writes"]


def refresh(url: str, landlord, tenancy_ids: list[int] | None = None, force: bool = False) -> int:
    with session_for(url) as session:
        return refresh_arrears(session, landlord, TODAY, tenancy_ids, force=force)


def measure(size: int) -> float:
    folder = tempfile.mkdtemp(prefix=f"bench_home_{size}_")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    started = time.perf_counter()
    landlord = seed(url, size)
    emit(f"home.seed_{size}", time.perf_counter() - started, "s", tenancies=size)
    started = time.perf_counter()
    recomputed = refresh(url, landlord)
    emit(f"home.first_refresh_of_the_day_{size}", time.perf_counter() - started, "s", tenancies=recomputed)
    with session_for(url) as session:
        one = session.exec(Tenancy.__table__.select().with_only_columns(Tenancy.__table__.c.id)
                           .where(Tenancy.__table__.c.landlord_id == landlord.id).limit(1)).scalar_one()
    incremental = median_seconds(lambda: refresh(url, landlord, [one], force=True), repeat=15, warmup=2)
    emit(f"home.refresh_incremental_{size}", incremental * 1000, "ms", tenancies=1)
    repeat = median_seconds(lambda: refresh(url, landlord), repeat=15, warmup=1)
    repeat_statements, repeat_writes = statements(url, lambda: refresh(url, landlord))
    emit(f"home.refresh_repeat_{size}", repeat * 1000, "ms", statements=repeat_statements, writes=repeat_writes)
    view = case_service.show_today(UnitOfWork(url), landlord, today=TODAY)
    seconds = median_seconds(lambda: render(url, landlord), repeat=15, warmup=2)
    render_statements, render_writes = statements(url, lambda: render(url, landlord))
    emit(f"home.render_{size}", seconds * 1000, "ms", tenancies=size, open_cases=view.open_cases,
         statements=render_statements, writes=render_writes, target="writes == 0")
    forget_engine(url)
    return seconds


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,10000").split(",")]
    results = {size: measure(size) for size in sizes}
    small, large = min(sizes), max(sizes)
    if small != large:
        emit("home.render_ratio", results[large] / results[small], "x", ratio=results[large] / results[small],
             target="<= 2", small=small, large=large)


if __name__ == "__main__":
    main()
