"""One transaction per use case: commit keeps, anything else rolls back."""

from __future__ import annotations

import pytest
from sqlmodel import select

from store.models import Setting
from store.unit_of_work import UnitOfWork


def test_commit_keeps_and_leaving_without_commit_rolls_back(db_url):
    with UnitOfWork(db_url) as uow:
        uow.session.add(Setting(key="kept", value="1"))
        uow.commit()
    with UnitOfWork(db_url) as uow:
        uow.session.add(Setting(key="dropped", value="1"))
    with pytest.raises(ZeroDivisionError), UnitOfWork(db_url) as uow:
        uow.session.add(Setting(key="failed", value="1"))
        uow.session.flush()
        raise ZeroDivisionError("the block fails after a flush")
    with UnitOfWork(db_url) as uow:
        keys = set(uow.session.exec(select(Setting.key)))
    assert "kept" in keys and "dropped" not in keys and "failed" not in keys


def test_session_outside_the_block_is_an_error(db_url):
    with pytest.raises(RuntimeError):
        _ = UnitOfWork(db_url).session
