"""One cached engine per database URL. Creating it brings the schema up to date (Alembic) and loads the
municipality list, so no entry point (app, CLI, tests) can forget either step."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import threading
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine, select

from store.models import Municipality, Setting

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


# SQLite waits this long for another connection's write lock before it answers "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option of a connection whose transactions write (the unit of work): on SQLite they start with
# BEGIN IMMEDIATE, taking the write lock up front. A deferred transaction that reads first and writes later cannot
# wait for the lock when another writer committed in between (SQLITE_BUSY at once, whatever the busy timeout):
# that was the "database is locked" users got under concurrent writes.
WRITE_TRANSACTION = "naarnul_write_transaction"
# Execution option of a read of exactly one statement (store.unit_of_work, `reading(one_statement=True)`): on SQLite
# no BEGIN is sent; the statement runs in SQLite's own implicit transaction, consistent by itself.
NO_TRANSACTION = "naarnul_no_transaction"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # the driver must not open transactions by itself: _sqlite_begin does, and chooses how
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """BEGIN IMMEDIATE for a write transaction (it waits up to the busy timeout for the write lock, then holds it
    until commit); a plain deferred BEGIN for everything else, so a read inside a write transaction never waits."""
    options = connection.get_execution_options()
    if options.get(NO_TRANSACTION):
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_TRANSACTION) else "BEGIN")


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        # pre-ping: a restarted server costs one reconnect, not an error; a host that is down fails in seconds
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, **pool_options())
    return engine


# PostgreSQL connections of one process. Streamlit runs every session's page run in a thread of its own, and each
# run holds at most one connection at a time; a run that waits longer than the pool timeout for one fails. With
# SQLAlchemy's default (5 + 10) runs failed once 50 users worked at once in one process (bench/bench_load.py: 60 of
# 559 actions, "QueuePool limit of size 5 overflow 10 reached"), because a letter keeps its connection while it is
# rendered. So: 5 kept open, up to 45 more while busy (50 = the sessions one process serves at once). Every replica
# can open that many: keep replicas × (size + overflow) below PostgreSQL's max_connections, or put PgBouncer in
# between (docs/deploying.md, "Capaciteit").
POOL_SIZE_VARIABLE = "NAARNUL_DB_POOL_SIZE"
MAX_OVERFLOW_VARIABLE = "NAARNUL_DB_MAX_OVERFLOW"
POOL_SIZE = 5
MAX_OVERFLOW = 45


def pool_options() -> dict[str, int]:
    def number(variable: str, default: int) -> int:
        value = os.environ.get(variable, "").strip()
        return int(value) if value.isdigit() else default

    return {"pool_size": max(1, number(POOL_SIZE_VARIABLE, POOL_SIZE)),
            "max_overflow": number(MAX_OVERFLOW_VARIABLE, MAX_OVERFLOW)}


def _script_heads() -> set[str]:
    """Head revisions read from the migration files themselves (cheap: no Alembic import)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision\s*=\s*[\"']([^\"']+)", source, re.M)
        down = re.search(r"^down_revision\s*=\s*[\"']([^\"']+)", source, re.M)
        if revision:
            revisions.add(revision.group(1))
        if down:
            parents.add(down.group(1))
    return revisions - parents


def _at_head(engine: Engine) -> bool:
    if not inspect(engine).has_table("alembic_version"):
        return False
    with engine.connect() as connection:
        current = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    return bool(current) and current == _script_heads()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. Importing Alembic costs half a second of every cold start, so a
    database that is already at the head revision is left alone."""
    if _at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def get_engine(url: str) -> Engine:
    """The engine for `url`, migrated and seeded on first use in this process."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            migrate(engine)
            with Session(engine) as session:
                sync_municipalities(session)
                session.commit()
            _engines[url] = engine
        return engine


def _file_text() -> str:
    return resources.files("naarnul.data").joinpath("gemeenten.csv").read_text(encoding="utf-8")


def _rows_from_file() -> list[dict]:
    return list(csv.DictReader(_file_text().splitlines()))


SYNCED_KEY = "municipalities_file_sha256"


def sync_municipalities(session: Session) -> int:
    """Add municipalities missing from the store and refresh names; help contacts typed by an admin are kept.
    Municipalities that disappeared (mergers each January) are marked inactive, not deleted: old cases refer to them.
    Skipped when the shipped file has not changed since the last sync."""
    digest = hashlib.sha256(_file_text().encode()).hexdigest()
    marker = session.get(Setting, SYNCED_KEY)
    if marker is not None and marker.value == f'"{digest}"':
        return 0
    rows = _rows_from_file()
    known = {m.code: m for m in session.exec(select(Municipality))}
    added = 0
    codes = set()
    for row in rows:
        code = row["code"].strip()
        codes.add(code)
        existing = known.get(code)
        if existing is None:
            session.add(Municipality(code=code, name=row["naam"].strip(), aliases=(row.get("ook_bekend_als") or "").strip()))
            added += 1
        elif existing.name != row["naam"].strip() or not existing.active:
            existing.name = row["naam"].strip()
            existing.active = True
    for code, municipality in known.items():
        if code not in codes and municipality.active:
            municipality.active = False
    marker = marker or Setting(key=SYNCED_KEY, value="")
    marker.value = f'"{digest}"'
    session.add(marker)
    return added


def write_engine(url: str) -> Engine:
    """The engine of `url` for transactions that may write (the unit of work): on SQLite each transaction takes the
    write lock when it begins; on PostgreSQL it is the same engine (row locks do the work there)."""
    engine = get_engine(url)
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{WRITE_TRANSACTION: True})
    return engine


def forget_engine(url: str) -> None:
    """Dispose the cached engine of `url` (tests use a fresh database per test)."""
    with _lock:
        engine = _engines.pop(url, None)
        if engine is not None:
            engine.dispose()


@contextmanager
def session_for(url: str) -> Iterator[Session]:
    """One session per action: commit on success, roll back on any error, so nothing is half-saved."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
