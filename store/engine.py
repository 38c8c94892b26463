"""One cached engine per database URL. Creating it brings the schema up to date (Alembic) and loads the
municipality list, so no entry point (app, CLI, tests) can forget either step."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def migrate(engine: Engine) -> None:
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
            from store import municipalities  # late import: municipalities uses this module

            with Session(engine) as session:
                municipalities.sync_from_file(session)
                session.commit()
            _engines[url] = engine
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
