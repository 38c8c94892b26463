"""Concurrent writers on one database (issue 13): errors that would reach a user and stale arrears snapshots.

20 threads in one process, then 2 processes of 10 threads each, on an SQLite file and (when TEST_DATABASE_URL or
BENCH_DATABASE_URL is set) on a fresh PostgreSQL database. Every call is one use case through its unit of work, as a
page makes it: mostly payments on four shared tenancies (contention on the same rows), every seventh call a read
of the tenancy list. Afterwards each tenancy's stored arrears snapshot is compared with its ledger.

    .venv/bin/python bench/bench_concurrency.py [--threads 20] [--calls 70]

One JSON line per database and mode: calls, errors (with the first few messages), stale snapshots, seconds.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import emit  # noqa: E402
from naarnul.settings import normalise_database_url  # noqa: E402

TODAY = dt.date(2026, 11, 23)
TENANCIES = 4
PASSWORD = "correct-horse-battery"


def _setup(url: str) -> tuple[int, list[int]]:
    from naarnul.services import tenancies as tenancy_service
    from naarnul.users import Role
    from store.engine import session_for
    from store.unit_of_work import UnitOfWork
    from store.users import create_user

    with session_for(url) as session:
        landlord = create_user(session, None, username="bench", name="Bench", role=Role.LANDLORD, password=PASSWORD,
                               municipality_code=None, setup=True)
    ids = []
    for n in range(TENANCIES):
        ids.append(tenancy_service.register_tenancy(
            UnitOfWork(url), landlord, today=TODAY, street="Kerkstraat", house_number=str(n + 1), postcode="3511AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": f"Huurder {n}", "salutation": "neutral"}],
            monthly_rent="850,00", due_day=1, start_date=dt.date(2026, 1, 1)).id)
    return landlord.id, ids


def _hammer(url: str, landlord_id: int, tenancy_ids: list[int], threads: int, calls: int, tag: str) -> dict:
    from naarnul.services import tenancies as tenancy_service
    from store.unit_of_work import UnitOfWork

    actor = _actor(url, landlord_id)
    errors: collections.Counter[str] = collections.Counter()
    done = [0]
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(worker: int) -> None:
        start.wait()
        for n in range(calls):
            try:
                if n % 7 == 6:
                    tenancy_service.list_tenancies(UnitOfWork(url), actor)
                else:
                    tenancy_service.record_payment(
                        UnitOfWork(url), actor, tenancy_id=tenancy_ids[(worker + n) % len(tenancy_ids)],
                        paid_on=TODAY, amount="1,00", today=TODAY, submission_token=f"{tag}-{worker}-{n}")
            except Exception as error:  # noqa: BLE001 - counted: this is what a user would see
                with lock:
                    errors[f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"] += 1
            with lock:
                done[0] += 1

    pool = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"calls": done[0], "errors": sum(errors.values()), "messages": dict(errors.most_common(3))}


def _actor(url: str, landlord_id: int):
    from naarnul.users import ActingUser, Role
    from store.engine import session_for
    from store.models import User

    with session_for(url) as session:
        user = session.get(User, landlord_id)
        return ActingUser(id=user.id, username=user.username, name=user.name, role=Role(user.role),
                          municipality_code=user.municipality_code)


def _stale(url: str, landlord_id: int, tenancy_ids: list[int]) -> int:
    from store import tenancies as tenancy_store
    from store.engine import session_for
    from store.models import Tenancy

    actor = _actor(url, landlord_id)
    stale = 0
    with session_for(url) as session:
        for tenancy_id in tenancy_ids:
            ledger = tenancy_store.tenancy_arrears(session, actor, tenancy_id, TODAY).amount
            if tenancy_store.money(session.get(Tenancy, tenancy_id).arrears_cents) != ledger:
                stale += 1
    return stale


def _measure(kind: str, url: str, threads: int, calls: int) -> None:
    from store.engine import forget_engine

    landlord_id, tenancy_ids = _setup(url)
    started = time.perf_counter()
    result = _hammer(url, landlord_id, tenancy_ids, threads, calls, "t")
    emit(f"concurrency_{kind}_threads", result["errors"], "errors", calls=result["calls"], threads=threads,
         stale_snapshots=_stale(url, landlord_id, tenancy_ids), seconds=round(time.perf_counter() - started, 2),
         messages=result["messages"], target="0 errors, 0 stale")
    forget_engine(url)

    started = time.perf_counter()
    per_process = max(1, threads // 2)
    workers = [subprocess.Popen([sys.executable, __file__, "--worker", url, str(landlord_id),
                                 ",".join(map(str, tenancy_ids)), str(per_process), str(calls), f"p{p}"],
                                stdout=subprocess.PIPE, text=True) for p in range(2)]
    results = [json.loads(worker.communicate()[0].strip().splitlines()[-1]) for worker in workers]
    messages: collections.Counter[str] = collections.Counter()
    for r in results:
        messages.update(r["messages"])
    emit(f"concurrency_{kind}_two_processes", sum(r["errors"] for r in results), "errors",
         calls=sum(r["calls"] for r in results), threads=per_process * 2,
         stale_snapshots=_stale(url, landlord_id, tenancy_ids), seconds=round(time.perf_counter() - started, 2),
         messages=dict(messages.most_common(3)), target="0 errors, 0 stale")
    forget_engine(url)


def _postgres(threads: int, calls: int) -> None:
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        emit("concurrency_postgresql", 0, "skipped", reason="set TEST_DATABASE_URL or BENCH_DATABASE_URL")
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    base = normalise_database_url(base)
    head, _, tail = base.partition("?")
    server = head.rsplit("/", 1)[0]
    name = f"{head.rsplit('/', 1)[1]}_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server + "/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _measure("postgresql", server + "/" + name + ("?" + tail if tail else ""), threads, calls)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--calls", type=int, default=70)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--worker", nargs=6, metavar=("URL", "LANDLORD", "TENANCIES", "THREADS", "CALLS", "TAG"))
    args = parser.parse_args()
    if args.worker:
        url, landlord_id, ids, threads, calls, tag = args.worker
        print(json.dumps(_hammer(url, int(landlord_id), [int(i) for i in ids.split(",")], int(threads), int(calls),
                                 tag)), flush=True)
        return
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            _measure("sqlite", f"sqlite:///{Path(folder) / 'naarnul.db'}", args.threads, args.calls)
    if args.only != "sqlite":
        _postgres(args.threads, args.calls)


if __name__ == "__main__":
    main()
