"""The liaison's inbox ("Meldingen") at 100 and at 20,000 signals of the municipality (information only).

- inbox.rerun_<n>: the median of a few reruns of the inbox page through the real entrypoint (AppTest, logged in as
  the municipality's liaison), with its SQL statements and writes (writes must be 0).
- inbox.list_<n>: `list_inbox`, the one service the page calls for the list, with the default filters.
- inbox.rerun_ratio / inbox.list_ratio: 20,000 against 100 in one run (target <= 1.5).

The signals are bulk-inserted (one tenancy and case each, spread over five landlords and two years; one in four is
new, the rest in progress or done). Run: .venv/bin/python bench/bench_inbox.py      (BENCH_SIZES=100,20000)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 23)
os.environ["NAARNUL_TODAY"] = TODAY.isoformat()

from sqlalchemy import event  # noqa: E402
from sqlmodel import col, select  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.common import emit  # noqa: E402
from naarnul.services import signals as signal_service  # noqa: E402
from naarnul.users import Role  # noqa: E402
from store import users as user_store  # noqa: E402
from store.engine import forget_engine, get_engine, session_for  # noqa: E402
from store.models import Case, Signal, Tenancy  # noqa: E402
from store.unit_of_work import UnitOfWork  # noqa: E402

MUNICIPALITY = "GM0344"
PASSWORD = "bench-password-123"
LANDLORDS = 5
REPEAT = int(os.environ.get("BENCH_REPEAT", "9"))
STATUSES = ("new", "in_progress", "done", "done")


def seed(url: str, size: int):
    with session_for(url) as session:
        liaison = user_store.create_user(session, None, username="gemeente", name="Gemeente Utrecht",
                                         role=Role.LIAISON, password=PASSWORD, municipality_code=MUNICIPALITY,
                                         setup=True)
        landlords = [user_store.create_user(session, None, username=f"verhuur{n}", name=f"Verhuur {n}",
                                            role=Role.LANDLORD, password=PASSWORD, setup=True) for n in range(LANDLORDS)]
    now = dt.datetime.now(dt.timezone.utc)
    with get_engine(url).begin() as connection:
        connection.execute(Tenancy.__table__.insert(), [  # type: ignore[attr-defined]
            {"landlord_id": landlords[i % LANDLORDS].id, "street": f"Benchstraat {i // 500}",
             "house_number": str(i % 500 + 1), "house_number_addition": "", "postcode": "3511 AB", "place": "Utrecht",
             "municipality_code": MUNICIPALITY, "monthly_rent_cents": 95000, "due_day": 1,
             "start_date": dt.date(2024, 1, 1), "end_date": None, "tenant_is_company": False, "payer_ibans": "",
             "created_at": now, "arrears_cents": 190000, "arrears_months": 2} for i in range(size)])
        tenancies = list(connection.execute(select(col(Tenancy.id), col(Tenancy.landlord_id)).order_by(col(Tenancy.id))))
        connection.execute(Case.__table__.insert(), [  # type: ignore[attr-defined]
            {"tenancy_id": t, "landlord_id": landlord, "status": "open", "opened_on": dt.date(2024, 6, 1),
             "close_reason": "", "next_step": "", "reminder_evidence_reason": ""} for t, landlord in tenancies])
        cases = list(connection.execute(select(col(Case.id), col(Case.tenancy_id), col(Case.landlord_id))
                                        .order_by(col(Case.id))))
        connection.execute(Signal.__table__.insert(), [  # type: ignore[attr-defined]
            {"reference": f"NN-2026-{i:06d}", "case_id": case_id, "tenancy_id": tenancy_id, "landlord_id": landlord,
             "municipality_code": MUNICIPALITY, "sent_on": TODAY - dt.timedelta(days=(i * 7) % 730),
             "arrears_cents": 190000, "arrears_months": 2, "oldest_unpaid_due": dt.date(2024, 5, 1),
             "urgent": i % 50 == 0, "is_repeat": False, "status": STATUSES[i % 4], "tenant_names": f"Huurder {i}",
             "postcode": "3511 AB", "payload": "{}"} for i, (case_id, tenancy_id, landlord) in enumerate(cases)])
    return liaison


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


def _quiet(action):
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON lines
        return action()


def login() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300).run()
    inputs = {t.label: t for t in at.text_input}
    inputs["Gebruikersnaam"].input("gemeente")
    inputs["Wachtwoord"].input(PASSWORD)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    return at.run()


def _use(url: str, folder: str) -> None:
    """The app reads its database from the environment at every run: point it at one of the databases."""
    os.environ["DATABASE_URL"], os.environ["NAARNUL_DATA_DIR"] = url, folder


def prepare(size: int):
    folder = tempfile.mkdtemp(prefix=f"bench_inbox_{size}_")
    url = f"sqlite:///{folder}/bench.db"
    _use(url, folder)
    started = time.perf_counter()
    liaison = seed(url, size)
    emit(f"inbox.seed_{size}", time.perf_counter() - started, "s", signals=size)
    at = _quiet(login)
    _quiet(lambda: at.switch_page("pages/liaison/inbox.py").run())
    return url, folder, liaison, at


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,20000").split(",")]
    setups = {size: prepare(size) for size in sizes}
    reruns: dict = {size: [] for size in sizes}
    lists: dict = {size: [] for size in sizes}
    for url, folder, liaison, at in setups.values():  # warm-up
        _use(url, folder)
        _quiet(at.run)
        signal_service.list_inbox(UnitOfWork(url), liaison, page_size=25, today=TODAY)
    for _ in range(REPEAT):  # the sizes interleaved: the machine's load hits them alike
        for size, (url, folder, liaison, at) in setups.items():
            _use(url, folder)
            started = time.perf_counter()
            _quiet(at.run)
            reruns[size].append(time.perf_counter() - started)
            started = time.perf_counter()
            signal_service.list_inbox(UnitOfWork(url), liaison, page_size=25, today=TODAY)
            lists[size].append(time.perf_counter() - started)
    for size, (url, folder, _liaison, at) in setups.items():
        _use(url, folder)
        with Counter(url) as counter:
            _quiet(at.run)
        writes = [s for s in counter.statements
                  if s.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
        emit(f"inbox.rerun_{size}", statistics.median(reruns[size]) * 1000, "ms", signals=size,
             statements=len(counter.statements), writes=len(writes), exception=bool(at.exception))
        emit(f"inbox.list_{size}", statistics.median(lists[size]) * 1000, "ms", signals=size)
    small, large = min(sizes), max(sizes)
    if small != large:
        for name, samples in (("rerun", reruns), ("list", lists)):
            ratio = statistics.median(samples[large]) / statistics.median(samples[small])
            emit(f"inbox.{name}_ratio", ratio, "x", ratio=ratio, small=small, large=large, target="<= 1.5")
    for url, *_ in setups.values():
        forget_engine(url)


if __name__ == "__main__":
    main()
