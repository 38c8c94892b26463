"""The unit of work: one transaction per use case.

A service does `with uow:` … `uow.commit()`. Leaving the block without commit rolls back, so a use case that fails
half-way saves nothing, and a read (which never commits) can never write.

A use case that only reads says so: `with uow.reading():` (or `UnitOfWork(url, read_only=True)`). Its transaction
is a plain deferred BEGIN on SQLite, so page renders never wait for the write lock and never hold it (in WAL mode a
reader sees the last committed state while a writer works); on PostgreSQL it is a READ ONLY transaction, so the
database itself refuses a write. It never commits (`commit()` raises). `reading(one_statement=True)` is for a read
of exactly one SELECT (the user behind every page run): on SQLite it sends no BEGIN at all, since one statement is
consistent by itself.

Inside an open block, `with uow:` or `with uow.reading():` joins the transaction already open (a page's view built
from several read services in one transaction); only the outermost block ends it.

Concurrency: on SQLite a writing transaction begins when the block is entered, with BEGIN IMMEDIATE
(store/engine.py), so use cases run one at a time instead of failing with "database is locked" when two write at
once. Beginning is the only step that can be retried safely (nothing has run yet), so it is retried when the lock
stays taken longer than the busy timeout. On PostgreSQL the transaction begins lazily as before; use cases lock the
rows they recompute.
"""

from __future__ import annotations

import random
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from store.engine import NO_TRANSACTION, get_engine, write_engine

BEGIN_ATTEMPTS = 4


def _locked(error: OperationalError) -> bool:
    return "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower()


def _refuse_flush(session, _flush_context, _instances) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a read-only unit of work never writes (use `with uow:` for a use case that writes)")


def read_engine(url: str, *, one_statement: bool = False) -> Engine:
    """The engine of `url` for a transaction that only reads (see the module's docstring)."""
    engine = get_engine(url)
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{NO_TRANSACTION: True}) if one_statement else engine
    if engine.dialect.name == "postgresql":
        return engine.execution_options(postgresql_readonly=True)
    return engine


class UnitOfWork:
    def __init__(self, database_url: str, *, read_only: bool = False):
        self.database_url = database_url
        self.read_only = read_only
        self._session: Session | None = None
        self._depth = 0  # blocks entered inside the outermost one (they join its transaction)
        self._next: tuple[bool, bool] | None = None  # (read only, one statement) for the next outermost block
        self._reading = read_only  # the open transaction only reads

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def reading(self, *, one_statement: bool = False) -> UnitOfWork:
        """`with uow.reading():` — the use case only reads: no write lock, never a commit. Inside an open block it
        joins that block's transaction."""
        if self._session is None:
            self._next = (True, one_statement)
        return self

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:  # nested: join the transaction already open
            self._next = None
            self._depth += 1
            return self
        read_only, one_statement = self._next or (self.read_only, False)
        self._next = None
        if read_only:
            session = Session(read_engine(self.database_url, one_statement=one_statement), expire_on_commit=False)
            event.listen(session, "before_flush", _refuse_flush)  # a read that changed a row fails loudly
            self._session = session
            self._reading = True
            return self
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
        self._reading = False
        return self

    def __exit__(self, *exc_info) -> None:
        if self._depth:
            self._depth -= 1
            return
        try:
            self.session.rollback()  # no-op after commit; undoes whatever a failed use case did
        finally:
            self.session.close()
            self._session = None
            self._reading = self.read_only

    def commit(self) -> None:
        if self._reading and self._session is not None:
            raise RuntimeError("a read-only unit of work never commits (use `with uow:` for a use case that writes)")
        self.session.commit()
