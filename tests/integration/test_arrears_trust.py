"""Issue 10, the arrears figure a landlord can trust: rent history, no phantom cases, one save per submission,
removing a tenancy registered by mistake, and bank imports that recognise what is already in Naar Nul.
SQLite and PostgreSQL; `today` is pinned."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document as DocxFile
from sqlmodel import select

from naarnul.errors import ValidationError
from naarnul.services import letter_making
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import statistics
from store import tenancies as tenancy_store
from store.engine import session_for
from store.models import AuditEvent, Case, Payment, RentPeriod, Tenancy, Tenant
from tests.conftest import add_user
from tests.integration import bank_helpers as bank
from tests.integration.test_arrears_store import ING, TODAY, count, create, fields, landlord  # noqa: F401

NBSP = "\u00a0"


def arrears_of(url, actor, tenancy_id, today=TODAY):
    with session_for(url) as session:
        return tenancy_store.tenancy_ledger(session, actor, tenancy_id, today)[1]


# --- rent history ----------------------------------------------------------------------------------------------------

def test_a_rent_change_applies_from_its_date_and_earlier_months_keep_their_amount(db_url, landlord):
    tenancy_id = create(db_url, landlord, monthly_rent="800", start_date=dt.date(2026, 6, 1))
    assert arrears_of(db_url, landlord, tenancy_id).amount == Decimal("4800.00")  # June–November unpaid
    with session_for(db_url) as session:  # 800 → 850 from the 1st of next month (the form's default)
        tenancy_service.update_tenancy(session, landlord, tenancy_id, today=TODAY,
                                     **fields(monthly_rent="850", start_date=dt.date(2026, 6, 1),
                                              rent_from=dt.date(2026, 12, 1)))
    with session_for(db_url) as session:
        tenancy = session.get(Tenancy, tenancy_id)
        assert tenancy.arrears_cents == 480000  # was € 5.100 before: every month at the new rent
        assert tenancy.monthly_rent_cents == 85000  # the rent as agreed from now on
    december = arrears_of(db_url, landlord, tenancy_id, dt.date(2026, 12, 2))
    assert december.amount == Decimal("5650.00")
    assert [c.charged for c in december.open_charges] == [Decimal("800.00")] * 6 + [Decimal("850.00")]

    # the yearly increase on 1 July, entered later: charges from July on use it, June keeps 800
    tenancy_id = create(db_url, landlord, monthly_rent="800", start_date=dt.date(2026, 6, 1), house_number="14")
    with session_for(db_url) as session:
        tenancy_service.update_tenancy(session, landlord, tenancy_id, today=TODAY,
                                     **fields(monthly_rent="850", start_date=dt.date(2026, 6, 1), house_number="14",
                                              rent_from=dt.date(2026, 7, 1)))
    result = arrears_of(db_url, landlord, tenancy_id)
    assert [(c.month.month, c.charged) for c in result.open_charges] == \
        [(6, Decimal("800.00"))] + [(m, Decimal("850.00")) for m in range(7, 12)]
    assert result.amount == Decimal("5050.00")
    with session_for(db_url) as session:
        assert session.get(Tenancy, tenancy_id).arrears_cents == 505000
        periods = tenancy_store.rent_periods(session, landlord, tenancy_id)
        assert [(p.effective_from, p.monthly_rent) for p in periods] == \
            [(dt.date(2026, 6, 1), Decimal("800.00")), (dt.date(2026, 7, 1), Decimal("850.00"))]
        summaries = [e.summary for e in session.exec(select(AuditEvent).where(AuditEvent.action == "tenancy.updated"))]
        assert any("vanaf 1 juli 2026" in s for s in summaries)


def test_the_reminder_letter_quotes_each_month_at_its_own_rent(db_url, landlord):
    tenancy_id = create(db_url, landlord, monthly_rent="800", start_date=dt.date(2026, 9, 1))
    with session_for(db_url) as session:
        tenancy_service.update_tenancy(session, landlord, tenancy_id, today=TODAY,
                                     **fields(monthly_rent="850", rent_from=dt.date(2026, 11, 1)))
        case_id = session.exec(select(Case.id).where(Case.tenancy_id == tenancy_id)).one()
    with session_for(db_url) as session:
        row = letter_making.generate_for_case(session, landlord, case_id, "reminder",
                                               {"refuse_before": "2026-12-07"}, TODAY, confirm_wording=True)
        content = bytes(row.content)
    text = "\n".join(p.text for p in DocxFile(io.BytesIO(content)).paragraphs)
    for table in DocxFile(io.BytesIO(content)).tables:
        text += "\n" + "\n".join(cell.text for r in table.rows for cell in r.cells)
    assert f"€{NBSP}2.450,00" in text  # 800 + 800 + 850, not 3 × 850 = 2.550
    assert f"€{NBSP}2.550,00" not in text


@pytest.mark.parametrize("rent_from, message", [
    (dt.date(2026, 8, 31), "ligt vóór de begindatum"),
])
def test_a_rent_change_before_the_start_is_refused_and_saves_nothing(db_url, landlord, rent_from, message):
    tenancy_id = create(db_url, landlord)
    with pytest.raises(ValidationError, match=message):
        with session_for(db_url) as session:
            tenancy_service.update_tenancy(session, landlord, tenancy_id, today=TODAY,
                                         **fields(monthly_rent="900", rent_from=rent_from))
    with session_for(db_url) as session:
        assert session.get(Tenancy, tenancy_id).monthly_rent_cents == 85000
        assert len(session.exec(select(RentPeriod)).all()) == 1


# --- no phantom cases -------------------------------------------------------------------------------------------------

def _bank_file(*rows: tuple[str, str]) -> bytes:
    lines = ['"Datum";"Naam / Omschrijving";"Tegenrekening";"Af Bij";"Bedrag (EUR)";"Mededelingen"']
    lines += [f'"{day}";"J DE VRIES";"NL69INGB0123456789";"Bij";"{amount}";"Huur"' for day, amount in rows]
    return ("\n".join(lines) + "\n").encode()


def _import_all(db_url, actor, data, today=TODAY):
    _, mapping = bank.read_columns(data, "bank.csv")
    preview = bank.preview_import(db_url, actor, data, "bank.csv", mapping, today)
    selected = {r["row_number"]: r["tenancy_id"] for r in preview if r["selected"]}
    return bank.confirm_import(db_url, actor, data, "bank.csv", mapping, today, selected)


def test_past_rent_paid_on_time_leaves_no_case_no_timeline_and_no_statistic(db_url, landlord):
    tenancy_id = create(db_url, landlord)  # from 1 September: three months look unpaid until the import
    with session_for(db_url) as session:
        assert session.exec(select(Case)).one().status == "open"
    assert _import_all(db_url, landlord, _bank_file(("20260901", "850,00"), ("20261001", "850,00"),
                                                    ("20261101", "850,00"))) == 3
    with session_for(db_url) as session:
        assert session.get(Tenancy, tenancy_id).arrears_cents == 0
        assert session.exec(select(Case)).all() == []
        assert session.exec(select(AuditEvent).where(AuditEvent.case_id.is_not(None))).all() == []
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "case.opened")).all() == []
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "payments.imported")).all()  # kept
    admin = add_user(db_url, Role.ADMIN, "beheer")
    with session_for(db_url) as session:
        assert statistics.closed_without_court(session, admin)["closed"] == 0


def test_rent_paid_late_keeps_its_case_closed_as_paid(db_url, landlord):
    create(db_url, landlord)
    _import_all(db_url, landlord, _bank_file(("20260901", "850,00"), ("20261001", "850,00"),
                                             ("20261120", "850,00")))  # November paid 19 days late
    with session_for(db_url) as session:
        case = session.exec(select(Case)).one()
        assert (case.status, case.close_reason) == ("closed", "betaald")


def test_a_case_with_a_step_taken_is_never_removed(db_url, landlord):
    from naarnul.services import case_steps

    create(db_url, landlord)
    with session_for(db_url) as session:
        case_id = session.exec(select(Case.id)).one()
        case_steps.record_friendly_reminder(session, landlord, case_id, on=TODAY, today=TODAY)
    _import_all(db_url, landlord, _bank_file(("20260901", "850,00"), ("20261001", "850,00"),
                                             ("20261101", "850,00")))
    with session_for(db_url) as session:
        assert session.get(Case, case_id).status == "closed"


# --- one save per submission ---------------------------------------------------------------------------------------

def test_a_double_submit_creates_one_tenancy_and_one_payment(db_url, landlord):
    with session_for(db_url) as session:
        first = tenancy_service.create_tenancy(session, landlord, today=TODAY, submission_token="form-1", **fields())
        first_id = first.id
    with session_for(db_url) as session:
        again = tenancy_service.create_tenancy(session, landlord, today=TODAY, submission_token="form-1", **fields())
        assert again.id == first_id
    assert count(db_url, Tenancy) == 1 and count(db_url, Tenant) == 1
    for _ in range(2):
        with session_for(db_url) as session:
            tenancy_service.add_payment(session, landlord, first_id, paid_on=TODAY, amount="100,00", today=TODAY,
                                      submission_token="pay-1")
    assert count(db_url, Payment) == 1


# --- removing a tenancy registered by mistake ----------------------------------------------------------------------

def test_a_mistaken_tenancy_is_removed_with_its_payments_and_audited(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    with session_for(db_url) as session:
        tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=TODAY, amount="100", today=TODAY)
    with session_for(db_url) as session:
        assert tenancy_service.delete_tenancy(session, landlord, tenancy_id, today=TODAY) == "Kerkstraat 12, Utrecht"
    assert count(db_url, Tenancy) == 0 and count(db_url, Payment) == 0 and count(db_url, Case) == 0
    with session_for(db_url) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "tenancy.deleted")).one()
        assert "Kerkstraat 12" in event.summary


def test_a_tenancy_with_a_letter_cannot_be_removed(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    with session_for(db_url) as session:
        case_id = session.exec(select(Case.id)).one()
        letter_making.generate_for_case(session, landlord, case_id, "reminder", {"refuse_before": "2026-12-07"},
                                         TODAY, confirm_wording=True)
    with pytest.raises(ValidationError, match="er zijn brieven voor gemaakt"):
        with session_for(db_url) as session:
            tenancy_service.delete_tenancy(session, landlord, tenancy_id, today=TODAY)
    assert count(db_url, Tenancy) == 1


def test_another_landlords_tenancy_cannot_be_removed(db_url, landlord):
    from naarnul.errors import NotFound

    tenancy_id = create(db_url, landlord)
    other = add_user(db_url, Role.LANDLORD, "klaas")
    with pytest.raises(NotFound):
        with session_for(db_url) as session:
            tenancy_service.delete_tenancy(session, other, tenancy_id, today=TODAY)
    assert count(db_url, Tenancy) == 1


# --- bank import: what is already in Naar Nul ------------------------------------------------------------------------

def test_the_same_payment_in_another_bank_layout_is_recognised(db_url, landlord):
    create(db_url, landlord)
    assert _import_all(db_url, landlord, _bank_file(("20261101", "850,00"))) == 1
    other_layout = ("Boekdatum;Bedrag;Naam tegenpartij;Tegenrekening IBAN/BBAN;Omschrijving-1\n"
                    "2026-11-01;+850,00;J. de Vries;NL69 INGB 0123 4567 89;huur nov\n").encode()
    with session_for(db_url):
        _, mapping = bank.read_columns(other_layout, "rabo.csv")
        [row] = bank.preview_import(db_url, landlord, other_layout, "rabo.csv", mapping, TODAY)
    assert row["already_imported"] and not row["selected"] and row["duplicate"] == "Al eerder ingelezen."


def test_a_payment_typed_in_by_hand_is_not_offered_again_by_the_import(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    with session_for(db_url) as session:
        tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=dt.date(2026, 11, 1), amount="850",
                                  today=TODAY)
    with session_for(db_url) as session:
        _, mapping = bank.read_columns(ING, "ing.csv")
        preview = bank.preview_import(db_url, landlord, ING, "ing.csv", mapping, TODAY)
    de_vries = next(r for r in preview if r["row_number"] == 2)
    assert not de_vries["selected"] and "Lijkt al vastgelegd" in de_vries["duplicate"]


def test_a_bad_row_is_shown_and_skipped_and_the_rest_imports(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    data = _bank_file(("20261101", "850,00"), ("20261201", "850,00"), ("20261102", "veel"))
    with session_for(db_url):
        _, mapping = bank.read_columns(data, "bank.csv")
        preview = bank.preview_import_file(db_url, landlord, data, "bank.csv", mapping, TODAY)
    assert [r.row_number for r in preview.rows] == [2]
    assert [(r.row_number, "in de toekomst" in r.reason or "geen bedrag" in r.reason) for r in preview.rejected] \
        == [(3, True), (4, True)]
    with pytest.raises(ValidationError, match="Rij 3 staat niet"):
        with session_for(db_url):
            bank.confirm_import(db_url, landlord, data, "bank.csv", mapping, TODAY, {3: tenancy_id})
    assert _import_all(db_url, landlord, data) == 1
