"""Migration 0018 adds the seen marks of the to-do list: the model matches the migrated schema, and it goes
down to 0013 and up again cleanly (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from store.engine import MIGRATIONS_DIR, _create

TABLES = {"seenitem"}


def _run(engine, action, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        action(config, revision)


def test_0018_matches_the_model_and_goes_down_and_up(db_url):
    engine = _create(db_url)
    try:
        _run(engine, command.upgrade, "head")
        assert TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [d for d in compare_metadata(context, SQLModel.metadata)
                           if any(table in str(d) for table in TABLES)]
        assert differences == []
        _run(engine, command.downgrade, "0013")
        assert not TABLES & set(inspect(engine).get_table_names())
        _run(engine, command.upgrade, "head")
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
