"""A read-only unit of work (`with uow.reading():`): it never takes SQLite's write lock, so a page render does not
wait behind a writer; it never commits and never writes; blocks inside an open one join its transaction."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from store.engine import SQLITE_BUSY_TIMEOUT_MS, get_engine
from store.models import Setting
from store.unit_of_work import UnitOfWork


def _keep(url: str, key: str) -> None:
    with UnitOfWork(url) as uow:
        uow.session.add(Setting(key=key, value="1"))
        uow.commit()


def _keys(uow: UnitOfWork) -> set[str]:
    return set(uow.session.exec(select(Setting.key)))


def test_a_read_succeeds_while_another_connection_holds_the_write_lock(tmp_path):
    url = f"sqlite:///{tmp_path / 'naarnul.db'}"
    _keep(url, "committed")
    writer = sqlite3.connect(tmp_path / "naarnul.db", isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # another process writing: it holds the write lock until it commits
    writer.execute("INSERT INTO setting (key, value, updated_at) VALUES ('uncommitted', '1', '2026-12-01')")
    try:
        found: dict = {}

        def read() -> None:
            with UnitOfWork(url).reading() as uow:
                found["keys"] = _keys(uow)
            with UnitOfWork(url, read_only=True) as uow:
                found["again"] = _keys(uow)
            with UnitOfWork(url).reading(one_statement=True) as uow:
                found["once"] = _keys(uow)

        reader = threading.Thread(target=read, daemon=True)
        started = time.perf_counter()
        reader.start()
        reader.join(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000 / 3)
        assert not reader.is_alive(), "the read waited for the write lock"
        assert time.perf_counter() - started < SQLITE_BUSY_TIMEOUT_MS / 1000 / 3
        # the last committed state, never the writer's uncommitted row
        assert "committed" in found["keys"] and "uncommitted" not in found["keys"]
        assert found["again"] == found["keys"] == found["once"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_write_still_takes_the_lock_first_and_reads_send_a_plain_begin(tmp_path):
    url = f"sqlite:///{tmp_path / 'naarnul.db'}"
    _keep(url, "committed")
    statements: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", listen)
    try:
        with UnitOfWork(url) as uow:
            _keys(uow)
        write = list(statements)
        statements.clear()
        with UnitOfWork(url).reading() as uow:
            _keys(uow)
        read = list(statements)
        statements.clear()
        with UnitOfWork(url).reading(one_statement=True) as uow:
            _keys(uow)
        single = list(statements)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert write[0] == "BEGIN IMMEDIATE" and len(write) == 2
    assert read[0] == "BEGIN" and len(read) == 2
    assert len(single) == 1 and single[0].startswith("SELECT")


def test_a_read_never_commits_nor_writes_and_the_next_block_writes_again(db_url):
    uow = UnitOfWork(db_url)
    with pytest.raises(RuntimeError, match="never commits"), uow.reading():
        uow.commit()
    with pytest.raises(RuntimeError, match="never writes"), uow.reading():
        uow.session.add(Setting(key="sneaked", value="1"))
        uow.session.flush()
    with uow:  # the same unit of work, an ordinary block: it writes as before
        uow.session.add(Setting(key="kept", value="1"))
        uow.commit()
    with UnitOfWork(db_url, read_only=True) as reader:
        keys = _keys(reader)
    assert "kept" in keys and "sneaked" not in keys


def test_the_database_refuses_a_write_in_a_read(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no read-only transactions; the flush guard above covers it")
    with pytest.raises(Exception, match="read-only"), UnitOfWork(db_url).reading() as uow:
        uow.session.execute(text("INSERT INTO setting (key, value, updated_at) VALUES ('x', '1', now())"))


def test_blocks_inside_an_open_block_join_its_transaction(db_url):
    uow = UnitOfWork(db_url)
    with uow.reading():
        outer = uow.session
        with uow:  # a read service called inside the page's view: the same session
            assert uow.session is outer
            _keys(uow)
        with uow.reading():
            assert uow.session is outer
        assert uow.session is outer  # still open after the inner blocks
        with pytest.raises(RuntimeError):
            uow.commit()  # an inner `with uow:` does not make the outer read a write
    with pytest.raises(RuntimeError):
        _ = uow.session
