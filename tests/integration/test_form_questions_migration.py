"""Migration 0015 (issue 16): the two tables of the extra form questions match the models and go down and up, on
SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from store.engine import MIGRATIONS_DIR, _create
from tests.integration.test_outbox_migration import _run

TABLES = {"formquestion", "formanswer"}


def _before_0015() -> str:
    """The revision 0015 follows (re-chained at merge), so this test needs no change then."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    down = ScriptDirectory.from_config(config).get_revision("0015").down_revision
    assert isinstance(down, str)
    return down


def test_0015_matches_the_model_and_goes_down_and_up(db_url):
    engine = _create(db_url)
    try:
        _run(engine, command.upgrade, "head")
        assert TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [d for d in compare_metadata(context, SQLModel.metadata)
                           if any(table in str(d) for table in TABLES)]
        assert differences == []
        _run(engine, command.downgrade, _before_0015())
        assert not TABLES & set(inspect(engine).get_table_names())
        _run(engine, command.upgrade, "head")
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
