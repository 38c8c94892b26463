"""Migration 0016 adds the custom solutions: the model matches the migrated schema, and it goes down to 0013 and up
again cleanly (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from store.engine import _create
from tests.integration.test_outbox_migration import _run

TABLE = "customsolution"


def test_0016_matches_the_model_and_goes_down_and_up(db_url):
    engine = _create(db_url)
    try:
        _run(engine, command.upgrade, "head")
        assert TABLE in inspect(engine).get_table_names()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [d for d in compare_metadata(context, SQLModel.metadata) if TABLE in str(d)]
        assert differences == []
        _run(engine, command.downgrade, "0013")
        assert TABLE not in inspect(engine).get_table_names()
        _run(engine, command.upgrade, "head")
        assert TABLE in inspect(engine).get_table_names()
    finally:
        engine.dispose()
