"""Migration 0006 gives every existing tenancy one rent period: its rent, effective from its start. After it the
arrears are the same as before, and the model matches the migrated schema."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from store.engine import MIGRATIONS_DIR, _create


def _upgrade(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_0006_fills_one_rent_period_per_tenancy_from_its_start(db_url):
    engine = _create(db_url)
    try:
        _upgrade(engine, "0005")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO municipality (code, name, aliases, help_name, help_phone, "
                                    "help_email, help_website, active) VALUES ('GM0344', 'Utrecht', '', '', '', "
                                    "'', '', true)"))
            connection.execute(text(
                "INSERT INTO \"user\" (username, name, email, role, password_hash, failed_logins, active, "
                "created_at) VALUES ('piet', 'Piet', '', 'landlord', 'x', 0, true, CURRENT_TIMESTAMP)"))
            landlord = connection.execute(text("SELECT id FROM \"user\"")).scalar()
            connection.execute(text(
                "INSERT INTO tenancy (landlord_id, street, house_number, house_number_addition, postcode, place, "
                "municipality_code, monthly_rent_cents, due_day, start_date, tenant_is_company, payer_ibans, "
                "created_at, arrears_cents, arrears_months) VALUES (:l, 'Kerkstraat', '12', '', '3511 AB', "
                "'Utrecht', 'GM0344', 85000, 1, :start, false, '', CURRENT_TIMESTAMP, 0, 0)"),
                {"l": landlord, "start": dt.date(2026, 6, 1)})
        _upgrade(engine, "head")
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT effective_from, monthly_rent_cents FROM rentperiod")).all()
            assert [(str(r[0])[:10], r[1]) for r in rows] == [("2026-06-01", 85000)]
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [d for d in compare_metadata(context, SQLModel.metadata)
                           if "rentperiod" in str(d) or "submission" in str(d)]
        assert differences == []
    finally:
        engine.dispose()
