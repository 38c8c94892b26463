"""Issue 13, the red team's findings on amounts and concurrency: no amount overflows its column (BIGINT cents,
migration 0009) and absurd amounts get a Dutch message; concurrent payments never leave the arrears snapshot stale
(the tenancy row is locked before its arrears are recomputed). SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import select

from naarnul.errors import ValidationError
from naarnul.services import tenancies as tenancy_service
from store import tenancies as tenancy_store
from store.engine import _create, session_for
from store.models import Payment, Tenancy
from store.unit_of_work import UnitOfWork
from tests.integration import bank_helpers as bank
from tests.integration.test_arrears_store import TODAY, count, create, landlord  # noqa: F401
from tests.integration.test_rent_history_migration import _upgrade

OVERFLOW = 2_147_483_648  # cents: € 21.474.836,48, one more than a PostgreSQL INTEGER holds


def test_cents_columns_hold_amounts_beyond_a_32_bit_integer(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    with session_for(db_url) as session:
        session.add(Payment(tenancy_id=tenancy_id, landlord_id=landlord.id, paid_on=TODAY,
                            amount_cents=OVERFLOW * 2, description="", source="manual"))
        tenancy = session.get(Tenancy, tenancy_id)
        tenancy.arrears_cents = OVERFLOW
        session.add(tenancy)
    with session_for(db_url) as session:
        assert session.exec(select(Payment.amount_cents)).one() == OVERFLOW * 2
        assert session.get(Tenancy, tenancy_id).arrears_cents == OVERFLOW


def test_an_absurd_bank_amount_is_shown_as_unreadable_and_nothing_is_saved(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    data = ('"Datum";"Naam / Omschrijving";"Tegenrekening";"Af Bij";"Bedrag (EUR)";"Mededelingen"\n'
            '"20261101";"J DE VRIES";"NL69INGB0123456789";"Bij";"21.474.836,48";"Huur"\n'
            '"20261102";"J DE VRIES";"NL69INGB0123456789";"Bij";"850,00";"Huur"\n').encode()
    _, mapping = bank.read_columns(data, "bank.csv")
    preview = bank.preview_import_file(db_url, landlord, data, "bank.csv", mapping, TODAY)
    assert [r.row_number for r in preview.rows] == [3]
    [rejected] = preview.rejected
    assert rejected.row_number == 2 and "geen huurbetaling" in rejected.reason
    with pytest.raises(ValidationError, match="Rij 2 staat niet"):
        bank.confirm_import(db_url, landlord, data, "bank.csv", mapping, TODAY, {2: tenancy_id})
    assert count(db_url, Payment) == 0


@pytest.mark.parametrize("amount", ["21.474.836,48", "99999999999999999999"])
def test_an_absurd_typed_amount_gets_a_dutch_message(db_url, landlord, amount):
    tenancy_id = create(db_url, landlord)
    with pytest.raises(ValidationError, match="te hoog|hoogstens|maximaal"):
        tenancy_service.record_payment(UnitOfWork(db_url), landlord, tenancy_id=tenancy_id, paid_on=TODAY,
                                       amount=amount, today=TODAY)
    assert count(db_url, Payment) == 0


def test_concurrent_payments_leave_the_snapshot_equal_to_the_ledger(db_url, landlord):
    tenancy_id = create(db_url, landlord, start_date=dt.date(2026, 1, 1))  # eleven months unpaid
    writers, per_writer = 6, 4
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def pay(writer: int) -> None:
        try:
            start.wait()
            for n in range(per_writer):
                tenancy_service.record_payment(UnitOfWork(db_url), landlord, tenancy_id=tenancy_id,
                                               paid_on=TODAY - dt.timedelta(days=n), amount="3,00", today=TODAY,
                                               submission_token=f"w{writer}-{n}")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=pay, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count(db_url, Payment) == writers * per_writer
    with session_for(db_url) as session:
        ledger_arrears = tenancy_store.tenancy_arrears(session, landlord, tenancy_id, TODAY).amount
        snapshot = tenancy_store.money(session.get(Tenancy, tenancy_id).arrears_cents)
    assert snapshot == ledger_arrears == Decimal("850.00") * 11 - Decimal("3.00") * writers * per_writer


def test_migration_0009_makes_the_cents_columns_bigint_on_postgresql(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite's INTEGER is 64-bit already")
    engine = _create(db_url)
    try:
        _upgrade(engine, "head")
        with engine.connect() as connection:
            types = dict(connection.execute(text(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND column_name IN ('amount_cents', 'monthly_rent_cents', "
                "'arrears_cents') AND table_name IN ('tenancy', 'payment', 'rentperiod', 'arrearsmonth')")).all())
        assert types == {"tenancy.monthly_rent_cents": "bigint", "tenancy.arrears_cents": "bigint",
                         "rentperiod.monthly_rent_cents": "bigint", "payment.amount_cents": "bigint",
                         "arrearsmonth.arrears_cents": "bigint"}
    finally:
        engine.dispose()
