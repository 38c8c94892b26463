"""SQL statements and writes per landlord page render, at 20 and at 10,000 tenancies (information only).

A page render must never write (INSERT/UPDATE/DELETE). Each landlord page is rendered through the real entrypoint
with AppTest, logged in, and the statements are counted with SQLAlchemy's `before_cursor_execute` event. Vandaag is
measured twice: with the figures current, and as the first render of a new day (stored figures from yesterday).
The data is bulk-inserted (one year of ledger per tenancy) and brought up to date once by the explicit refresh.
Run: .venv/bin/python bench/bench_page_queries.py      (BENCH_SIZES=20,10000 to change the sizes)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 23)
os.environ["NAARNUL_TODAY"] = TODAY.isoformat()

from sqlalchemy import event, update  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.common import emit  # noqa: E402
from naarnul.services import cases as case_service  # noqa: E402
from naarnul.users import Role  # noqa: E402
from store import users as user_store  # noqa: E402
from store.engine import forget_engine, get_engine, session_for  # noqa: E402
from store.models import Payment, Tenancy, Tenant  # noqa: E402
from store.unit_of_work import UnitOfWork  # noqa: E402
from ui.navigation import PAGES_BY_ROLE  # noqa: E402

START = dt.date(2025, 12, 1)  # one year of ledger keeps seeding 10,000 tenancies well under a minute
RENT_CENTS = 95000
PASSWORD = "bench-password-123"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _months(start: dt.date, today: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= today:
        days.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def seed(url: str, size: int):
    with session_for(url) as session:
        landlord = user_store.create_user(session, None, username="bench", name="Bench Verhuur", role=Role.LANDLORD,
                                          password=PASSWORD, setup=True)
    now = dt.datetime.now(dt.timezone.utc)
    dues = _months(START, TODAY)
    with get_engine(url).begin() as connection:
        connection.execute(Tenancy.__table__.insert(), [
            {"landlord_id": landlord.id, "street": f"Benchstraat {i // 500}", "house_number": str(i % 500 + 1),
             "house_number_addition": "", "postcode": "3511 AB", "place": "Utrecht", "municipality_code": "GM0344",
             "monthly_rent_cents": RENT_CENTS, "due_day": 1, "start_date": START, "end_date": None,
             "tenant_is_company": False, "payer_ibans": "", "created_at": now, "arrears_cents": 0,
             "arrears_months": 0} for i in range(size)])
        ids = [row[0] for row in connection.execute(Tenancy.__table__.select().with_only_columns(
            Tenancy.__table__.c.id).where(Tenancy.__table__.c.landlord_id == landlord.id))]
        connection.execute(Tenant.__table__.insert(), [
            {"tenancy_id": tid, "landlord_id": landlord.id, "position": 0, "name": f"Huurder {tid}",
             "salutation": "neutral", "phone": "", "email": ""} for tid in ids])
        rows = []
        for index, tid in enumerate(ids):
            missed = 2 if index % 20 == 0 else 0  # one in twenty misses the last two months: an open case
            rows += [{"tenancy_id": tid, "landlord_id": landlord.id, "paid_on": min(due, TODAY),
                      "amount_cents": RENT_CENTS, "description": "", "source": "import", "fingerprint": None,
                      "created_at": now} for due in dues[:len(dues) - missed]]
        connection.execute(Payment.__table__.insert(), rows)
    return landlord


class Counter:
    def __init__(self, url: str):
        self.engine, self.statements = get_engine(url), []

    def _listen(self, conn, cursor, statement, *args):
        self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._listen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._listen)


def login() -> AppTest:
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON lines
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300).run()
        inputs = {t.label: t for t in at.text_input}
        inputs["Gebruikersnaam"].input("bench")
        inputs["Wachtwoord"].input(PASSWORD)
        next(b for b in at.button if b.label == "Inloggen").click().run()
        return at.run()


def render(url: str, at: AppTest, page: str, title: str, size: int, label: str = "") -> None:
    started = time.perf_counter()
    with Counter(url) as counter, contextlib.redirect_stdout(sys.stderr):
        at.switch_page(f"pages/{page}").run()
    seconds = time.perf_counter() - started
    writes = [s for s in counter.statements if WRITE.match(s)]
    emit(f"page_queries.{label or page}_{size}", len(counter.statements), "statements", page=title, tenancies=size,
         writes=len(writes), seconds=round(seconds, 2), exception=bool(at.exception),
         write_statements=sorted({w.split(" WHERE ")[0][:80] for w in writes}))


def measure(size: int) -> None:
    folder = tempfile.mkdtemp(prefix=f"bench_page_queries_{size}_")
    url = f"sqlite:///{folder}/bench.db"
    os.environ["DATABASE_URL"], os.environ["NAARNUL_DATA_DIR"] = url, folder
    started = time.perf_counter()
    landlord = seed(url, size)
    recomputed = case_service.refresh_figures(UnitOfWork(url), landlord, today=TODAY).recomputed
    emit(f"page_queries.seed_{size}", time.perf_counter() - started, "s", tenancies=size, recomputed=recomputed)
    at = login()
    for page, title, _icon, _path in [p for group in PAGES_BY_ROLE[Role.LANDLORD].values() for p in group]:
        render(url, at, page, title, size)
    with session_for(url) as session:  # a new day: yesterday's figures, before the cron job ran
        session.exec(update(Tenancy).values(arrears_as_of=TODAY - dt.timedelta(days=1)))
    render(url, at, "landlord/home.py", "Vandaag", size, label="landlord/home.py:first_of_the_day")
    render(url, at, "landlord/case.py", "Dossier", size, label="landlord/case.py:first_of_the_day")
    forget_engine(url)


def main() -> None:
    for size in [int(s) for s in os.environ.get("BENCH_SIZES", "20,10000").split(",")]:
        measure(size)


if __name__ == "__main__":
    main()
