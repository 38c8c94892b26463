"""Migration 0010: every cents column is BIGINT on PostgreSQL, so an amount near the portal's bound (and sums of
such amounts, like a year of arrears in a signal) stores without an integer overflow. SQLite's INTEGER is 64-bit."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlmodel import select

from naarnul.money import MAX_AMOUNT
from store.engine import MIGRATIONS_DIR, _create, session_for
from store.models import Arrangement, Case, Document, Signal
from tests.integration.test_arrears_store import TODAY, create, landlord  # noqa: F401
from tests.integration.test_rent_history_migration import _upgrade

NEAR_BOUND = int(MAX_AMOUNT * 100) - 1  # € 9.999.999,99 in cents
YEAR_AT_BOUND = NEAR_BOUND * 12  # far beyond a 32-bit INTEGER (2.147.483.647)


def _cents_column_types(engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(text(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name LIKE '%\\_cents'")).all())


def _postgres_only(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("SQLite's INTEGER is 64-bit already")


def test_every_cents_column_is_bigint_and_0010_goes_down_and_up_again(db_url):
    _postgres_only(db_url)
    engine = _create(db_url)
    try:
        _upgrade(engine, "head")
        types = _cents_column_types(engine)
        assert {"signal.arrears_cents", "document.principal_cents", "arrangement.total_cents"} <= set(types)
        assert {name: kind for name, kind in types.items() if kind != "bigint"} == {}
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0009")
        assert _cents_column_types(engine)["signal.arrears_cents"] == "integer"
        _upgrade(engine, "head")
        assert _cents_column_types(engine)["signal.arrears_cents"] == "bigint"
    finally:
        engine.dispose()


def test_amounts_near_the_bound_store_in_signal_document_and_arrangement(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    with session_for(db_url) as session:
        case = Case(tenancy_id=tenancy_id, landlord_id=landlord.id, opened_on=TODAY, status="open")
        session.add(case)
        session.flush()
        session.add(Signal(reference="VS-BOUND", case_id=case.id, tenancy_id=tenancy_id, landlord_id=landlord.id,
                           municipality_code="GM0344", sent_on=TODAY, arrears_cents=YEAR_AT_BOUND, arrears_months=12))
        session.add(Document(case_id=case.id, landlord_id=landlord.id, municipality_code="GM0344",
                             template_name="x", template_version="x", title="x", filename="x.docx", content=b"x",
                             checksum="x", created_by=landlord.id, principal_cents=YEAR_AT_BOUND,
                             collection_costs_cents=YEAR_AT_BOUND))
        session.add(Arrangement(case_id=case.id, landlord_id=landlord.id, valid_from=TODAY, created_on=TODAY,
                                start_date=TODAY + dt.timedelta(days=1), payment_day=1, total_cents=YEAR_AT_BOUND,
                                costs_cents=NEAR_BOUND, schedule="[]"))
    with session_for(db_url) as session:
        assert session.exec(select(Signal.arrears_cents)).one() == YEAR_AT_BOUND
        assert session.exec(select(Document.principal_cents, Document.collection_costs_cents)).one() == (
            YEAR_AT_BOUND, YEAR_AT_BOUND)
        assert session.exec(select(Arrangement.total_cents, Arrangement.costs_cents)).one() == (
            YEAR_AT_BOUND, NEAR_BOUND)
