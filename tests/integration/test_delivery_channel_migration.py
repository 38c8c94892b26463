"""Migration 0017 (issue 11): the two new tables match the model, it goes down to 0013 and up again, and every
signal made before it gets its delivery row: in the portal (delivered on its date) when its municipality had an
active liaison, else waiting for the landlord (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Boolean, Date, DateTime, Integer, MetaData, inspect, select
from sqlmodel import SQLModel

from store.engine import MIGRATIONS_DIR, _create

TABLES = {"municipalitysignalchannel", "signaldelivery"}


def _run(engine, action, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        action(config, revision)


def _insert(connection, metadata: MetaData, table: str, **values) -> None:
    """A row with `values`; every other NOT NULL column without a default gets a plain value of its type."""
    t = metadata.tables[table]
    row = dict(values)
    for column in t.columns:
        if column.name in row or column.nullable or column.primary_key or column.server_default is not None:
            continue
        kind = type(column.type)
        row[column.name] = (False if issubclass(kind, Boolean) else 0 if issubclass(kind, Integer)
                            else dt.datetime(2026, 1, 1) if issubclass(kind, DateTime)
                            else dt.date(2026, 1, 1) if issubclass(kind, Date) else "x")
    connection.execute(t.insert().values(**row))


def test_0017_backfills_deliveries_matches_the_model_and_goes_down_and_up(db_url):
    engine = _create(db_url)
    try:
        _run(engine, command.upgrade, "0013")
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.begin() as connection:
            for code, name in (("GM0363", "Amsterdam"), ("GM0344", "Utrecht")):
                _insert(connection, metadata, "municipality", code=code, name=name, active=True)
            _insert(connection, metadata, "user", id=1, username="piet", role="landlord", active=True)
            _insert(connection, metadata, "user", id=2, username="ams", role="liaison", active=True,
                    municipality_code="GM0363")
            _insert(connection, metadata, "user", id=3, username="oud", role="liaison", active=False,
                    municipality_code="GM0344")  # an inactive account does not receive anything
            for n, code in ((1, "GM0363"), (2, "GM0344")):
                _insert(connection, metadata, "tenancy", id=n, landlord_id=1, municipality_code=code)
                _insert(connection, metadata, "case", id=n, tenancy_id=n, landlord_id=1)
                _insert(connection, metadata, "signal", id=n, reference=f"NN-2026-00000{n}", case_id=n,
                        tenancy_id=n, landlord_id=1, municipality_code=code, sent_on=dt.date(2026, 11, n))
        _run(engine, command.upgrade, "head")
        assert TABLES <= set(inspect(engine).get_table_names())
        metadata = MetaData()
        metadata.reflect(engine)
        deliveries = metadata.tables["signaldelivery"]
        with engine.connect() as connection:
            rows = {r.signal_id: (r.channel, r.delivered_on, r.landlord_id, r.case_id) for r in connection.execute(
                select(deliveries))}
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [d for d in compare_metadata(context, SQLModel.metadata)
                           if any(table in str(d) for table in TABLES)]
        assert rows == {1: ("portal", dt.date(2026, 11, 1), 1, 1), 2: ("unknown", None, 1, 2)}
        assert differences == []
        _run(engine, command.downgrade, "0013")
        assert not TABLES & set(inspect(engine).get_table_names())
        _run(engine, command.upgrade, "head")
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
