"""The unit of work: one transaction per use case.

A service does `with uow:` … `uow.commit()`. Leaving the block without commit rolls back, so a use case that fails
half-way saves nothing, and a read (which never commits) can never write.
"""

from __future__ import annotations

from sqlmodel import Session

from store.engine import get_engine


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
        self._session = Session(get_engine(self.database_url), expire_on_commit=False)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.session.rollback()  # no-op after commit; undoes whatever a failed use case did
        finally:
            self.session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()
