"""Many page runs at the same moment in one app process (issue 14, bench/bench_load.py). Streamlit runs each
session's page run in a thread of its own; every run needs a database connection while it works. With SQLAlchemy's
default pool (5 + 10) the 16th run at once waited and failed after 30 s ("QueuePool limit ... reached")."""

from __future__ import annotations

import threading

import pytest

from store import users as user_store
from store.engine import MAX_OVERFLOW, POOL_SIZE, pool_options
from store.unit_of_work import UnitOfWork

RUNS_AT_ONCE = 30  # more than the old limit of 15, well within the new one (and PostgreSQL's 100 connections)


def test_thirty_page_runs_at_once_each_get_a_connection(db_url):
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite runs write transactions one at a time (BEGIN IMMEDIATE): PostgreSQL only")
    all_holding = threading.Barrier(RUNS_AT_ONCE)
    failures: list[str] = []

    def page_run() -> None:
        try:
            with UnitOfWork(db_url) as uow:
                user_store.count_users(uow.session)  # the connection is taken, as in a page run
                all_holding.wait(timeout=60)  # every run holds its connection at the same moment
        except Exception as error:  # noqa: BLE001 - what the user would see
            failures.append(f"{type(error).__name__}: {error}")
            all_holding.abort()

    threads = [threading.Thread(target=page_run) for _ in range(RUNS_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert not any(thread.is_alive() for thread in threads)


def test_pool_size_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("NAARNUL_DB_POOL_SIZE", raising=False)
    monkeypatch.delenv("NAARNUL_DB_MAX_OVERFLOW", raising=False)
    assert pool_options() == {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
    monkeypatch.setenv("NAARNUL_DB_POOL_SIZE", "8")
    monkeypatch.setenv("NAARNUL_DB_MAX_OVERFLOW", "12")
    assert pool_options() == {"pool_size": 8, "max_overflow": 12}
    monkeypatch.setenv("NAARNUL_DB_POOL_SIZE", "veel")  # not a number: the default, not a crash at start
    monkeypatch.setenv("NAARNUL_DB_MAX_OVERFLOW", "-3")
    assert pool_options() == {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
