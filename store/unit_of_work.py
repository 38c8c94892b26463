"""The unit of work: one transaction per use case.

A service does `with uow:` … `uow.commit()`. Leaving the block without commit rolls back, so a use case that fails
half-way saves nothing, and a read (which never commits) can never write.

Concurrency: on SQLite the transaction begins when the block is entered, with BEGIN IMMEDIATE (store/engine.py), so
use cases run one at a time instead of failing with "database is locked" when two write at once. Beginning is the
only step that can be retried safely (nothing has run yet), so it is retried when the lock stays taken longer than
the busy timeout. On PostgreSQL the transaction begins lazily as before; use cases lock the rows they recompute.
"""

from __future__ import annotations

import random
import time

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from store.engine import write_engine

BEGIN_ATTEMPTS = 4


def _locked(error: OperationalError) -> bool:
    return "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower()


class UnitOfWork:
    def __init__(self, database_url: str):
        self.database_url = database_url
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def __enter__(self) -> UnitOfWork:
        engine = write_engine(self.database_url)
        for attempt in range(1, BEGIN_ATTEMPTS + 1):
            session = Session(engine, expire_on_commit=False)
            if engine.dialect.name != "sqlite":
                break
            try:
                session.connection()  # BEGIN IMMEDIATE: waits up to the busy timeout for the write lock
                break
            except OperationalError as error:
                session.close()
                if attempt == BEGIN_ATTEMPTS or not _locked(error):
                    raise
                time.sleep(random.uniform(0.05, 0.25) * attempt)
        self._session = session
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.session.rollback()  # no-op after commit; undoes whatever a failed use case did
        finally:
            self.session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()
