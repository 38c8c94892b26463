"""Issue 13, concurrency: many writers at once never give a user "database is locked" (SQLite) and never leave a
stale arrears snapshot (both databases). On SQLite the unit of work takes the write lock when it begins (BEGIN
IMMEDIATE), while reads outside it stay deferred, so a read inside a write never waits for itself."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from decimal import Decimal

import pytest
from sqlmodel import select

from naarnul.services import tenancies as tenancy_service
from store import tenancies as tenancy_store
from store.engine import session_for
from store.models import Payment, Setting, Tenancy
from store.unit_of_work import UnitOfWork
from tests.conftest import ROOT
from tests.integration.test_arrears_store import TODAY, count, create, landlord  # noqa: F401


def _sqlite_only(url: str) -> str:
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    return url.removeprefix("sqlite:///")


def test_a_unit_of_work_holds_the_write_lock_from_its_start(db_url):
    path = _sqlite_only(db_url)
    with UnitOfWork(db_url) as uow:
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        uow.session.add(Setting(key="first", value="1"))
        uow.commit()
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # released at commit
    other.execute("ROLLBACK")
    other.close()


def test_a_read_inside_a_unit_of_work_does_not_wait_for_it(db_url):
    with UnitOfWork(db_url) as uow:
        uow.session.add(Setting(key="pending", value="1"))
        uow.session.flush()
        with session_for(db_url) as read:  # another connection: sees the committed state only
            assert read.get(Setting, "pending") is None
        uow.commit()
    with session_for(db_url) as read:
        assert read.get(Setting, "pending") is not None


def test_twenty_writer_threads_get_no_error_and_leave_no_stale_snapshot(db_url, landlord):
    tenancy_ids = [create(db_url, landlord, house_number=str(n), start_date=dt.date(2026, 1, 1)) for n in (1, 2)]
    threads, calls = 20, 12
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(worker: int) -> None:
        start.wait()
        for n in range(calls):
            try:
                if n % 4 == 3:
                    tenancy_service.list_tenancies(UnitOfWork(db_url), landlord)
                else:
                    tenancy_service.record_payment(UnitOfWork(db_url), landlord,
                                                   tenancy_id=tenancy_ids[(worker + n) % 2], paid_on=TODAY,
                                                   amount="1,00", today=TODAY, submission_token=f"{worker}-{n}")
            except BaseException as error:  # noqa: BLE001 - reported below: what a user would see
                errors.append(error)

    pool = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    payments = threads * calls * 3 // 4
    assert count(db_url, Payment) == payments
    with session_for(db_url) as session:
        for tenancy_id in tenancy_ids:
            ledger = tenancy_store.tenancy_arrears(session, landlord, tenancy_id, TODAY).amount
            assert tenancy_store.money(session.get(Tenancy, tenancy_id).arrears_cents) == ledger
        paid = sum(session.exec(select(Payment.amount_cents)).all())
    assert Decimal(paid) / 100 == payments


WORKER = """
import datetime as dt, sys, threading
from naarnul.services import tenancies as tenancy_service
from naarnul.users import ActingUser, Role
from store.unit_of_work import UnitOfWork
url, landlord_id, tenancy_id, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
actor = ActingUser(id=landlord_id, username="piet", name="Piet", role=Role.LANDLORD)
errors = []
def work(worker):
    for n in range(10):
        try:
            tenancy_service.record_payment(UnitOfWork(url), actor, tenancy_id=tenancy_id, paid_on=dt.date(2026, 11, 23),
                                           amount="1,00", today=dt.date(2026, 11, 23),
                                           submission_token=f"{tag}-{worker}-{n}")
        except Exception as error:
            errors.append(repr(error))
pool = [threading.Thread(target=work, args=(w,)) for w in range(5)]
[t.start() for t in pool]; [t.join() for t in pool]
print(len(errors), errors[:2])
"""


def test_two_processes_writing_at_once_get_no_error(db_url, landlord):
    tenancy_id = create(db_url, landlord, start_date=dt.date(2026, 1, 1))
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, db_url, str(landlord.id), str(tenancy_id), f"p{p}"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for p in range(2)]
    outputs = [worker.communicate(timeout=180) for worker in workers]
    assert [out.strip() for out, _ in outputs] == ["0 []", "0 []"], outputs
    assert count(db_url, Payment) == 2 * 5 * 10
    with session_for(db_url) as session:
        ledger = tenancy_store.tenancy_arrears(session, landlord, tenancy_id, TODAY).amount
        assert tenancy_store.money(session.get(Tenancy, tenancy_id).arrears_cents) == ledger
