"""The arrears store on SQLite and PostgreSQL: tenancies, payments, bank import, arrears snapshot, cases, steps,
signal, and isolation between landlords. `today` is pinned."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlmodel import func, select

from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.services import case_steps
from naarnul.services import cases as case_service
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store import tenancies as tenancy_store
from store import users as user_store
from store.engine import session_for
from store.models import AuditEvent, Case, Document, Payment, Signal, Tenancy, Tenant
from store.unit_of_work import UnitOfWork
from tests.conftest import ROOT, add_user
from tests.integration import bank_helpers as bank

TODAY = dt.date(2026, 11, 23)
ING = (ROOT / "examples" / "bank" / "ing_voorbeeld.csv").read_bytes()
HOSTILE = "Jan & <b>de Vries</b> {{ naam }} {% if x %}"


def fields(**overrides):
    values = dict(street="Kerkstraat", house_number="12", house_number_addition="", postcode="3511ab",
                  place="Utrecht", municipality_code="GM0344",
                  tenants=[{"name": "Jan de Vries", "salutation": "meneer", "phone": "06 12345678",
                            "email": "jan@example.nl"}],
                  monthly_rent="850,00", due_day=1, start_date=dt.date(2026, 9, 1), end_date=None,
                  tenant_is_company=False, payer_ibans="NL69 INGB 0123 4567 89")
    values.update(overrides)
    return values


PROFILE = dict(name="Piet Verhuur", contact_person="Piet", street="Dorpsstraat", house_number="1",
               postcode="1234 AB", place="Ons Dorp", phone="06 12345678", email="piet@example.nl",
               iban="NL91 ABNA 0417 1643 00", contact_hours="werkdagen van 9 tot 17 uur")


@pytest.fixture
def landlord(db_url):
    actor = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:  # every letter (and the notification) needs these
        user_store.update_profile(session, actor, **PROFILE)
    return actor


def create(url, actor, **overrides) -> int:
    with session_for(url) as session:
        return tenancy_service.create_tenancy(session, actor, today=TODAY, **fields(**overrides)).id


def count(url, model) -> int:
    with session_for(url) as session:
        return session.exec(select(func.count()).select_from(model)).one()


# --- tenancies -----------------------------------------------------------------------------------------------------

def test_register_edit_and_end_a_tenancy(db_url, landlord):
    tenancy_id = create(db_url, landlord, tenants=[{"name": HOSTILE, "salutation": "neutral"},
                                                    {"name": "Fatima el Amrani", "salutation": "mevrouw"}])
    with session_for(db_url) as session:
        values = tenancy_store.tenancy_form_values(session, landlord, tenancy_id)
        assert values["postcode"] == "3511 AB"
        assert values["monthly_rent"] == Decimal("850.00") and values["monthly_rent_cents"] == 85000
        assert values["payer_ibans"] == ["NL69INGB0123456789"]
        assert [t["name"] for t in values["tenants"]] == [HOSTILE, "Fatima el Amrani"]  # stored literally
    with session_for(db_url) as session:
        tenancy_service.update_tenancy(session, landlord, tenancy_id, today=TODAY,
                                     **fields(monthly_rent="900", due_day=5, house_number="12b",
                                              rent_from=dt.date(2026, 9, 1)))
    with session_for(db_url) as session:
        tenancy = tenancy_store.get_tenancy(session, landlord, tenancy_id)
        assert (tenancy.monthly_rent_cents, tenancy.due_day, tenancy.house_number_addition) == (90000, 5, "B")
        assert [t.name for t in tenancy_store.tenants_of(session, landlord, tenancy_id)] == ["Jan de Vries"]
        tenancy_service.set_end_date(session, landlord, tenancy_id, dt.date(2026, 10, 15), today=TODAY)
    with session_for(db_url) as session:
        tenancy = tenancy_store.get_tenancy(session, landlord, tenancy_id)
        assert tenancy.end_date == dt.date(2026, 10, 15)
        rows, arrears = tenancy_store.tenancy_ledger(session, landlord, tenancy_id, TODAY)
        assert rows[-1].description.startswith("Huur oktober 2026 (naar rato")
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
        assert {"tenancy.created", "tenancy.updated", "tenancy.ended"} <= set(actions)


@pytest.mark.parametrize("overrides, message", [
    ({"monthly_rent": "-850"}, "De huur per maand kan niet negatief zijn"),
    ({"monthly_rent": "0"}, "De huur per maand moet groter zijn dan € 0,00"),
    ({"monthly_rent": "veel"}, "De huur per maand 'veel' is geen bedrag"),
    ({"monthly_rent": "5.50"}, "Schrijf centen met een komma"),
    ({"street": "K" * 201}, "De straat is te lang: hoogstens 200 tekens"),
    ({"tenants": [{"name": "J" * 201}]}, "te lang: hoogstens 200 tekens"),
    ({"tenants": [{"name": "Jan", "email": "j" * 190 + "@voorbeeld.nl"}]}, "e-mailadres is te lang"),
    ({"due_day": 31}, "niet elke maand heeft die dag"),
    ({"due_day": 0}, "van 1 tot en met 28"),
    ({"end_date": dt.date(2026, 8, 1)}, "ligt vóór de begindatum"),
    ({"postcode": "1234"}, "geen Nederlandse postcode"),
    ({"postcode": "0123 AB"}, "begint niet met een 0"),
    ({"municipality_code": "GM9999"}, "Kies de gemeente"),
    ({"tenants": []}, "minstens één huurder"),
    ({"tenants": [{"name": "Jan", "salutation": "heer"}]}, "Kies de aanhef"),
    ({"tenants": [{"name": "Jan", "email": "jan@"}]}, "geen geldig e-mailadres"),
    ({"payer_ibans": "NL00 INGB 0000 0000 00"}, "IBAN"),
    ({"house_number": ""}, "Vul het huisnummer in"),
    ({"start_date": None}, "Vul de begindatum"),
])
def test_bad_tenancy_input_gives_a_dutch_message_and_saves_nothing(db_url, landlord, overrides, message):
    with pytest.raises(ValidationError) as error:
        create(db_url, landlord, **overrides)
    assert message in str(error.value)
    assert count(db_url, Tenancy) == 0 and count(db_url, Tenant) == 0


def test_all_problems_of_the_form_come_at_once(db_url, landlord):
    with pytest.raises(ValidationError) as error:
        create(db_url, landlord, monthly_rent="0", due_day=30, postcode="x", street="")
    assert len(error.value.problems) == 4
    assert "februari" in str(error.value)


def test_a_failed_edit_changes_nothing(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    with pytest.raises(ValidationError):
        with session_for(db_url) as session:
            tenancy_service.update_tenancy(session, landlord, tenancy_id, today=TODAY,
                                         **fields(street="Nieuwe straat", due_day=29))
    with session_for(db_url) as session:
        assert tenancy_store.get_tenancy(session, landlord, tenancy_id).street == "Kerkstraat"
        assert len(tenancy_store.tenants_of(session, landlord, tenancy_id)) == 1


def test_list_is_filtered_and_paged_in_sql(db_url, landlord):
    for number in range(1, 6):
        create(db_url, landlord, house_number=str(number), tenants=[{"name": f"Huurder {number}"}])
    create(db_url, landlord, street="Dorpsweg", tenants=[{"name": "Fatima el Amrani"}])
    with session_for(db_url) as session:
        rows, total = tenancy_store.list_tenancies(session, landlord, limit=2, offset=0)
        assert total == 6 and len(rows) == 2
        rows, total = tenancy_store.list_tenancies(session, landlord, search="amrani")
        assert total == 1 and rows[0]["address"].startswith("Dorpsweg")


# --- payments ------------------------------------------------------------------------------------------------------

def test_payments_add_list_delete_and_bad_input(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    with session_for(db_url) as session:
        for paid_on, amount, message in [(TODAY + dt.timedelta(days=1), "10", "in de toekomst"),
                                         (TODAY, "0", "groter zijn dan € 0,00"), (TODAY, "-5", "niet negatief"),
                                         (TODAY, "5.50", "Schrijf centen met een komma"),
                                         (None, "10", "Vul de datum")]:
            with pytest.raises(ValidationError, match=message):
                tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=paid_on, amount=amount,
                                          today=TODAY)
    assert count(db_url, Payment) == 0
    with session_for(db_url) as session:
        payment = tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=dt.date(2026, 9, 2),
                                            amount="400,00", today=TODAY, description=HOSTILE)
        payment_id = payment.id
    with session_for(db_url) as session:
        [listed] = tenancy_service.list_payments(UnitOfWork(db_url), landlord, tenancy_id=tenancy_id)
        assert listed.amount == Decimal("400.00") and listed.description == HOSTILE
        tenancy_service.delete_payment_row(session, landlord, payment_id, today=TODAY)
    assert count(db_url, Payment) == 0
    with session_for(db_url) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "payment.deleted")).one()


# --- bank import ---------------------------------------------------------------------------------------------------

def _mapping():
    _, mapping = bank.read_columns(ING, "ing.csv")
    return mapping


def test_import_preview_saves_nothing_then_confirm_saves_the_selected_rows(db_url, landlord):
    de_vries = create(db_url, landlord)
    el_amrani = create(db_url, landlord, street="Laan", house_number="7", tenants=[{"name": "Fatima el Amrani"}],
                       payer_ibans="")
    assert tenancy_store.reference(el_amrani) == "NN-0002"  # the payment reference in the example file
    jansen = create(db_url, landlord, street="Dorpsweg", house_number="3", house_number_addition="A",
                    tenants=[{"name": "M. Jansen"}], payer_ibans="")
    with session_for(db_url) as session:
        preview = bank.preview_import(db_url, landlord, ING, "ing.csv", _mapping(), TODAY)
    assert count(db_url, Payment) == 0
    by_row = {row["row_number"]: row for row in preview}
    assert 3 not in by_row  # the outgoing energy bill is not rent
    assert by_row[2]["tenancy_id"] == de_vries and "rekeningnummer" in by_row[2]["reason"]
    assert by_row[4]["tenancy_id"] == jansen  # by name ("HR M JANSEN")
    assert by_row[5]["tenancy_id"] == el_amrani and "kenmerk" in by_row[5]["reason"]
    assert by_row[6]["tenancy_id"] is None and not by_row[6]["selected"]
    selected = {n: r["tenancy_id"] for n, r in by_row.items() if r["selected"]}
    assert selected == {2: de_vries, 4: jansen, 5: el_amrani}
    del selected[5]  # the landlord unticks a row: it is not saved
    with session_for(db_url) as session:
        assert bank.confirm_import(db_url, landlord, ING, "ing.csv", _mapping(), TODAY, selected) == 2
    with session_for(db_url) as session:
        assert sorted(p.amount_cents for p in session.exec(select(Payment))) == [40000, 85000]
        # re-import: both rows are known now and are not saved twice, even when selected again
        preview = bank.preview_import(db_url, landlord, ING, "ing.csv", _mapping(), TODAY)
        again = {r["row_number"]: r for r in preview}
        assert again[2]["duplicate"] == "Al eerder ingelezen." and not again[2]["selected"]
        assert bank.confirm_import(db_url, landlord, ING, "ing.csv", _mapping(), TODAY, selected) == 0
        # Jansen was recognised by name; his account is remembered for the next import
        assert tenancy_store.get_tenancy(session, landlord, jansen).payer_ibans == "NL02ABNA0123456789"
        assert again[4]["reason"].startswith("Herkend aan het rekeningnummer")
    assert count(db_url, Payment) == 2


def test_identical_rows_in_one_file_are_flagged(db_url, landlord):
    create(db_url, landlord)
    data = ING.decode("utf-8")
    lines = data.splitlines()
    doubled = "\n".join(lines[:2] + [lines[1]]).encode("utf-8")
    with session_for(db_url):
        preview = bank.preview_import(db_url, landlord, doubled, "ing.csv", _mapping(), TODAY)
    assert [r["duplicate"] for r in preview] == ["", "Staat twee keer in dit bestand."]
    assert [r["selected"] for r in preview] == [True, False]


@pytest.mark.parametrize("content, message", [
    ("Datum;Bedrag\n01-11-2026;850,00\n2026-11-02;10,00\n", "verschillende vormen"),
    ("Wat;Hoeveel\nx;850\n", "Kies welke kolom"),
])
def test_bad_import_files_give_dutch_messages_and_save_nothing(db_url, landlord, content, message):
    tenancy_id = create(db_url, landlord)
    data = content.encode()
    with session_for(db_url):
        _, mapping = bank.read_columns(data, "bank.csv")
        with pytest.raises(ValidationError, match=message):
            bank.preview_import(db_url, landlord, data, "bank.csv", mapping, TODAY)
        with pytest.raises(ValidationError, match=message):
            bank.confirm_import(db_url, landlord, data, "bank.csv", mapping, TODAY, {2: tenancy_id})
    assert count(db_url, Payment) == 0


# --- arrears snapshot and case ---------------------------------------------------------------------------------------

def test_arrears_snapshot_opens_and_closes_the_case(db_url, landlord):
    tenancy_id = create(db_url, landlord)  # rent due 1 Sep, 1 Oct, 1 Nov: nothing paid
    with session_for(db_url) as session:
        tenancy = tenancy_store.get_tenancy(session, landlord, tenancy_id)
        assert (tenancy.arrears_cents, tenancy.arrears_months) == (255000, 3)
        assert tenancy.oldest_unpaid_due == dt.date(2026, 9, 1) and tenancy.arrears_as_of == TODAY
        [(case, _)] = case_store.list_cases(session, landlord)[0]
        assert case.next_step == "written_reminder" and case.next_due == dt.date(2026, 10, 1)
        assert case.next_due < TODAY  # overdue
        assert tenancy_store.arrears_totals(session, landlord)["arrears"] == Decimal("2550.00")
        history = tenancy_store.arrears_history(session, landlord, TODAY)
        assert [h["arrears"] for h in history[-3:]] == [Decimal("850.00"), Decimal("1700.00"), Decimal("2550.00")]
        # fresh today: a second refresh recomputes nothing
        assert tenancy_service.refresh_arrears(session, landlord, TODAY) == 0
        # the next day neither the arrears nor the next step change: dated, not recomputed (issue 14); the day
        # after the next due date it is recomputed
        assert tenancy_service.refresh_arrears(session, landlord, TODAY + dt.timedelta(days=1)) == 0
        assert tenancy_service.refresh_arrears(session, landlord, dt.date(2026, 12, 2)) == 1
    with session_for(db_url) as session:
        tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=TODAY, amount="2550", today=TODAY)
    with session_for(db_url) as session:
        assert tenancy_store.get_tenancy(session, landlord, tenancy_id).arrears_cents == 0
        case = session.exec(select(Case)).one()
        assert (case.status, case.close_reason, case.closed_on) == ("closed", "betaald", TODAY)
        assert "Zaak gesloten: de achterstand is betaald" in [e["summary"] for e in
                                                              case_store.timeline(session, landlord, case.id)]


def test_no_case_without_arrears(db_url, landlord):
    tenancy_id = create(db_url, landlord, start_date=dt.date(2026, 11, 1))
    with session_for(db_url) as session:
        tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=dt.date(2026, 11, 1), amount="850",
                                  today=TODAY)
        assert session.exec(select(Case).where(Case.status == "open")).first() is None


# --- steps and signal ------------------------------------------------------------------------------------------------

def _case_id(url, actor, tenancy_id):
    with session_for(url) as session:
        return case_store.case_for_tenancy(session, actor, tenancy_id)


def test_signal_is_blocked_with_reasons_then_allowed_and_a_repeat_needs_confirmation(db_url, landlord):
    case_id = _case_id(db_url, landlord, create(db_url, landlord))
    with session_for(db_url) as session:
        with pytest.raises(ValidationError) as error:
            case_steps.send_signal(session, landlord, case_id, TODAY)
    text = str(error.value)
    assert "Stuur eerst een schriftelijke herinnering" in text and "persoonlijk contact" in text
    assert count(db_url, Signal) == 0

    with session_for(db_url) as session:
        case_steps.record_written_reminder(session, landlord, case_id, on=dt.date(2026, 11, 1), today=TODAY,
                                           reason="per post verstuurd")
        case_steps.record_contact_attempt(session, landlord, case_id, on=dt.date(2026, 11, 5), channel="phone",
                                          outcome="not_reached", note=HOSTILE, today=TODAY)
    with session_for(db_url) as session:
        with pytest.raises(ValidationError, match="U kunt melden vanaf 1 december 2026"):
            case_steps.send_signal(session, landlord, case_id, TODAY)
        case = case_store.get_case(session, landlord, case_id)
        assert (case.next_step, case.next_due) == ("wait:objection", dt.date(2026, 12, 1))

    later = dt.date(2026, 12, 2)
    with session_for(db_url) as session:
        case_steps.record_objection(session, landlord, case_id, received_on=dt.date(2026, 11, 20), channel="email",
                                    today=TODAY)
    with session_for(db_url) as session:
        with pytest.raises(ValidationError, match="niet mag doorgeven"):
            case_steps.send_signal(session, landlord, case_id, later)
        case_steps.withdraw_objection(session, landlord, case_id, on=dt.date(2026, 11, 30), today=later)
    reference = case_service.send_signal(UnitOfWork(db_url), landlord, case_id=case_id, urgent=True,
                                         urgent_reason="zitting op 1 februari", today=later)
    assert reference == f"NN-2026-{1:06d}"
    with session_for(db_url) as session:
        row = session.exec(select(Signal)).one()
        assert (row.municipality_code, row.arrears_cents, row.arrears_months) == ("GM0344", 340000, 4)
        assert row.tenant_names == "Jan de Vries" and row.postcode == "3511 AB" and row.urgent
        payload = json.loads(row.payload)
        assert payload["signal_reference"] == reference and payload["address_postcode"] == "3511 AB"
        assert payload["urgent_reason"] == "zitting op 1 februari"
        [document] = session.exec(select(Document)).all()  # the notification, shared with the municipality
        assert document.template_name == "notification" and document.shared_with_municipality
        with pytest.raises(ValidationError, match="niet gegroeid"):
            case_steps.send_signal(session, landlord, case_id, later)
    repeated = case_service.send_signal(UnitOfWork(db_url), landlord, case_id=case_id, confirm_repeat=True,
                                        today=later)
    with session_for(db_url) as session:  # confirmed: sent, and marked as a repeat for the municipality
        repeat = session.exec(select(Signal).where(Signal.reference == repeated)).one()
        assert repeat.is_repeat and repeat.reference != reference
        assert json.loads(repeat.payload)["signal_reference"] == repeated
        assert session.get(Signal, row.id).is_repeat is False
        summaries = [e["summary"] for e in case_store.timeline(session, landlord, case_id)]
    assert any(s.startswith("Schriftelijke herinnering") for s in summaries)
    assert any("Contactpoging op 5 november 2026 via telefoon: niet bereikt" in s for s in summaries)
    assert any(s.startswith(f"Melding {reference}") for s in summaries)


def test_company_tenant_is_never_signalled(db_url, landlord):
    case_id = _case_id(db_url, landlord, create(db_url, landlord, tenant_is_company=True))
    with session_for(db_url) as session:
        case_steps.record_written_reminder(session, landlord, case_id, on=dt.date(2026, 9, 15), today=TODAY,
                                           reason="per post verstuurd")
        case_steps.confirm_contact_failed(session, landlord, case_id, on=dt.date(2026, 10, 1), today=TODAY)
        with pytest.raises(ValidationError, match="bedrijf of organisatie"):
            case_steps.send_signal(session, landlord, case_id, TODAY)


def test_step_input_is_checked_and_a_closed_case_takes_no_steps(db_url, landlord):
    case_id = _case_id(db_url, landlord, create(db_url, landlord))
    with session_for(db_url) as session:
        with pytest.raises(ValidationError, match="in de toekomst"):
            case_steps.record_written_reminder(session, landlord, case_id, on=TODAY + dt.timedelta(days=1),
                                               today=TODAY)
        with pytest.raises(ValidationError, match="Kies hoe u contact zocht"):
            case_steps.record_contact_attempt(session, landlord, case_id, on=TODAY, channel="duif",
                                              outcome="reached", today=TODAY)
        with pytest.raises(ValidationError, match="Schrijf kort waarom"):
            case_steps.close_case(session, landlord, case_id, reason=" ", today=TODAY)
        case_steps.close_case(session, landlord, case_id, reason="verhuisd, afspraak via deurwaarder", today=TODAY)
    with session_for(db_url) as session:
        with pytest.raises(ValidationError, match="gesloten"):
            case_steps.record_friendly_reminder(session, landlord, case_id, on=TODAY, today=TODAY)
        assert case_store.get_case(session, landlord, case_id).close_reason == "verhuisd, afspraak via deurwaarder"


# --- isolation -------------------------------------------------------------------------------------------------------

def test_a_second_landlord_cannot_see_or_touch_the_first_ones_data(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    case_id = _case_id(db_url, landlord, tenancy_id)
    with session_for(db_url) as session:
        payment_id = tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=TODAY, amount="10",
                                               today=TODAY).id
    other = add_user(db_url, Role.LANDLORD, "klaas")
    liaison = add_user(db_url, Role.LIAISON, "gemeente", municipality="GM0344")
    with session_for(db_url) as session:
        assert tenancy_store.list_tenancies(session, other) == ([], 0)
        assert case_store.list_cases(session, other) == ([], 0)
        assert tenancy_store.tenancy_choices(session, other) == {}
        assert tenancy_store.arrears_totals(session, other)["arrears"] == 0
        for action in [
            lambda: tenancy_store.get_tenancy(session, other, tenancy_id),
            lambda: tenancy_store.tenancy_ledger(session, other, tenancy_id, TODAY),
            lambda: tenancy_service.list_payments(UnitOfWork(db_url), other, tenancy_id=tenancy_id),
            lambda: tenancy_service.update_tenancy(session, other, tenancy_id, today=TODAY, **fields()),
            lambda: tenancy_service.set_end_date(session, other, tenancy_id, TODAY, today=TODAY),
            lambda: tenancy_service.add_payment(session, other, tenancy_id, paid_on=TODAY, amount="1", today=TODAY),
            lambda: tenancy_service.delete_payment_row(session, other, payment_id, today=TODAY),
            lambda: bank.confirm_import(db_url, other, ING, "ing.csv", _mapping(), TODAY,
                                                 {2: tenancy_id}),
            lambda: case_store.get_case(session, other, case_id),
            lambda: case_steps.case_facts(session, other, case_id, TODAY),
            lambda: case_store.timeline(session, other, case_id),
            lambda: case_steps.record_written_reminder(session, other, case_id, on=TODAY, today=TODAY),
            lambda: case_steps.close_case(session, other, case_id, reason="weg", today=TODAY),
            lambda: case_steps.send_signal(session, other, case_id, TODAY),
        ]:
            with pytest.raises(NotFound):
                action()
        with pytest.raises(NotAllowed):
            tenancy_store.list_tenancies(session, liaison)
        with pytest.raises(NotAllowed):
            case_store.get_case(session, liaison, case_id)
        # the other landlord's import never matches the first landlord's tenancies
        preview = bank.preview_import(db_url, other, ING, "ing.csv", _mapping(), TODAY)
        assert all(row["tenancy_id"] is None for row in preview)
    with session_for(db_url) as session:
        assert count(db_url, Payment) == 1
        assert case_store.get_case(session, landlord, case_id).status == "open"


def test_the_refuse_before_date_of_the_reminder_letter_is_respected(db_url, landlord):
    case_id = _case_id(db_url, landlord, create(db_url, landlord))
    with session_for(db_url) as session:
        case_steps.record_written_reminder(session, landlord, case_id, on=dt.date(2026, 10, 1), today=TODAY,
                                           reason="per post verstuurd")
        case_steps.confirm_contact_failed(session, landlord, case_id, on=dt.date(2026, 11, 1), today=TODAY)
        case = case_store.get_case(session, landlord, case_id)
        case.objection_deadline = dt.date(2026, 11, 25)
        session.add(case)
    with session_for(db_url) as session:
        check = case_steps.signal_status(session, landlord, case_id, TODAY)
        assert not check.allowed and "tot en met 25 november 2026" in check.reasons[-1]
        with pytest.raises(ValidationError, match="tot en met 25 november 2026"):
            case_steps.send_signal(session, landlord, case_id, TODAY)
        assert case_steps.signal_status(session, landlord, case_id, dt.date(2026, 11, 26)).allowed


def test_arrears_per_month_for_the_chart_equals_the_ledger_arrears():
    """The chart's cheap per-day arrears must agree with naarnul.ledger.arrears (late, partial, missed, credit)."""
    from naarnul import ledger
    from naarnul.arrears import arrears_on_days, month_ends

    lease = ledger.Lease(Decimal("850.00"), 5, dt.date(2025, 3, 17))
    charges = ledger.rent_charges(lease, TODAY)
    payments = [ledger.Payment(dt.date(2025, 3, 20), Decimal("300")), ledger.Payment(dt.date(2025, 6, 5),
                                                                                        Decimal("2000")),
                ledger.Payment(dt.date(2026, 1, 31), Decimal("850")), ledger.Payment(dt.date(2026, 7, 5),
                                                                                      Decimal("4000.01"))]
    days = month_ends(TODAY, 24) + [dt.date(2026, 7, 5), dt.date(2026, 7, 6), dt.date(2025, 6, 5)]
    expected = [ledger.arrears(charges, payments, day).amount for day in days]
    assert arrears_on_days(charges, payments, days) == expected


def test_a_case_closed_by_hand_is_not_reopened_for_the_same_arrears_but_new_arrears_open_one(db_url, landlord):
    tenancy_id = create(db_url, landlord)
    case_id = _case_id(db_url, landlord, tenancy_id)
    with session_for(db_url) as session:
        case_steps.close_case(session, landlord, case_id, reason="afspraak via de deurwaarder", today=TODAY)
    with session_for(db_url) as session:
        tenancy_service.refresh_arrears(session, landlord, TODAY + dt.timedelta(days=1))
        assert case_store.list_cases(session, landlord, status="open") == ([], 0)
        # everything paid, then a new month unpaid: a new arrears episode opens a new case
        tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=TODAY, amount="2550", today=TODAY)
        tenancy_service.refresh_arrears(session, landlord, dt.date(2026, 12, 2))
        [(case, tenancy)], total = case_store.list_cases(session, landlord, status="open")
        assert case.id != case_id and tenancy.oldest_unpaid_due == dt.date(2026, 12, 1)
