"""The arrangements store on SQLite and PostgreSQL: propose, create, bad input, costs and the 14-day letter,
follow-up from payments, change with history, end, isolation, and the admin's norms table. `today` is pinned;
tenancies, payments and cases are seeded as rows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlmodel import func, select

from naarnul import calendar
from naarnul.arrangement import ArrangementSettings
from naarnul.documents import docx_text
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.services import arrangement_making as making
from naarnul.services import arrangements as service
from naarnul.services import letter_making
from naarnul.users import Role
from store import arrangements as store
from store import norms as norm_store
from store.engine import session_for
from store.models import (
    Arrangement,
    AuditEvent,
    Case,
    Document,
    Municipality,
    Payment,
    ProtectedIncomeNorm,
    Tenancy,
    Tenant,
)
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile

TODAY = dt.date(2026, 11, 23)
SETTINGS = ArrangementSettings()  # the defaults; the service passes the admin's saved settings


@pytest.fixture
def landlord(db_url):
    return add_user(db_url, Role.LANDLORD, "piet")


def seed_case(url, landlord, *, rent_cents=85000, start=dt.date(2026, 9, 1), payments=(), street="Kerkstraat"):
    """A tenancy from 1 September, rent due on the 1st; with no payments the arrears on TODAY are
    September, October and November: 3 x 850 = 2,550."""
    with session_for(url) as session:
        municipality = session.get(Municipality, "GM0344")
        municipality.help_name, municipality.help_phone = "Geldhulp Utrecht", "030 1234567"
        session.add(municipality)
        tenancy = Tenancy(landlord_id=landlord.id, street=street, house_number="12", postcode="3511 AB",
                          place="Utrecht", municipality_code="GM0344", monthly_rent_cents=rent_cents, due_day=1,
                          start_date=start)
        session.add(tenancy)
        session.flush()
        session.add(Tenant(tenancy_id=tenancy.id, landlord_id=landlord.id, name="Jan de Vries"))
        for paid_on, cents in payments:
            session.add(Payment(tenancy_id=tenancy.id, landlord_id=landlord.id, paid_on=paid_on, amount_cents=cents))
        case = Case(tenancy_id=tenancy.id, landlord_id=landlord.id, opened_on=dt.date(2026, 9, 2))
        session.add(case)
        session.flush()
        return case.id, tenancy.id


def add_payment(url, landlord, tenancy_id, paid_on, cents):
    with session_for(url) as session:
        session.add(Payment(tenancy_id=tenancy_id, landlord_id=landlord.id, paid_on=paid_on, amount_cents=cents))


def count(url, model) -> int:
    with session_for(url) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def make(url, landlord, case_id, today=TODAY, **choices):
    values = dict(instalment="400,00", start=dt.date(2026, 12, 1), payment_day=5, today=today)
    values.update(choices)
    with session_for(url) as session:
        return making.create(session, landlord, case_id, **values, settings=SETTINGS).id


# --- propose and create ----------------------------------------------------------------------------------------

def test_propose_shows_schedule_rent_advice_and_saves_nothing(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    with session_for(db_url) as session:
        result = making.propose(session, landlord, case_id, months=7, start=dt.date(2026, 12, 1), payment_day=5,
                               today=TODAY, settings=SETTINGS)
    assert result["arrears"] == Decimal("2550.00") and result["monthly_rent"] == Decimal("850.00")
    amounts = [i["amount"] for i in result["schedule"]]
    assert sum(amounts) == Decimal("2550.00") == result["total"]
    assert amounts[:6] == [Decimal("364.28")] * 6 and amounts[-1] == Decimal("364.32")  # last absorbs rounding
    assert [i["due_date"] for i in result["schedule"]][:2] == [dt.date(2026, 12, 5), dt.date(2027, 1, 5)]
    assert result["end_date"] == dt.date(2027, 6, 5)
    assert result["advice"]["refer"] is False
    assert "Geldhulp Utrecht" in result["advice"]["help"]["text"] and "030 1234567" in result["advice"]["help"]["text"]
    assert count(db_url, Arrangement) == 0


def test_create_saves_the_schedule_and_puts_it_on_the_timeline(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    arrangement_id = make(db_url, landlord, case_id)
    with session_for(db_url) as session:
        row = session.get(Arrangement, arrangement_id)
        items = json.loads(row.schedule)
        assert (row.status, row.total_cents, row.costs_cents, row.payment_day) == ("active", 255000, 0, 5)
        assert [i["amount"] for i in items] == ["400.00"] * 6 + ["150.00"]
        assert sum(Decimal(i["amount"]) for i in items) == Decimal("2550.00")
        events = session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)).all()
        assert any("Betalingsregeling gemaakt" in e.summary and "€\xa02.550,00" in e.summary for e in events)
    with pytest.raises(ValidationError, match="al een lopende betalingsregeling"):
        make(db_url, landlord, case_id)
    assert count(db_url, Arrangement) == 1


@pytest.mark.parametrize("choices, message", [
    (dict(start=dt.date(2026, 11, 22)), "De startdatum ligt in het verleden"),
    (dict(instalment="0"), "het bedrag per termijn moet groter zijn dan € 0,00"),
    (dict(instalment="-50"), "kan niet negatief zijn"),
    (dict(instalment=None, months=0), "Het aantal maanden moet 1 of meer zijn"),
    (dict(payment_day=31), "Kies een betaaldag van 1 tot en met 28"),
    (dict(instalment="veel"), "geen bedrag"),
    # strict Dutch: a point before two digits is not read as cents (old tolerant parser took it as € 150,00)
    (dict(instalment="150.00"), "schrijf centen met een komma"),
    (dict(instalment="400,00", net_income="1800.50", household_type="single"), "schrijf centen met een komma"),
    (dict(instalment="100", months=3), "óf een aantal maanden"),
])
def test_bad_input_gives_a_dutch_message_and_saves_nothing(db_url, landlord, choices, message):
    case_id, _ = seed_case(db_url, landlord)
    with pytest.raises(ValidationError) as error:
        make(db_url, landlord, case_id, **choices)
    assert message.lower() in str(error.value).lower()
    assert count(db_url, Arrangement) == 0


def test_no_arrears_no_arrangement(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord, payments=[(dt.date(2026, 11, 20), 255000)])
    with pytest.raises(ValidationError, match="geen huurachterstand"):
        make(db_url, landlord, case_id)


def test_many_instalments_is_a_warning_and_other_creditors_advise_referral(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    with session_for(db_url) as session:
        result = making.propose(session, landlord, case_id, instalment="100", start=TODAY, payment_day=28,
                               today=TODAY, other_creditors=True, settings=SETTINGS)
    assert result["count"] == 26
    assert any("meer dan 12" in w for w in result["warnings"])
    assert result["advice"]["refer"] is True and "andere schuldeisers" in result["advice"]["reason"]


def test_affordability_uses_the_dated_norm_or_says_there_is_none(db_url, landlord):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    case_id, _ = seed_case(db_url, landlord)
    choices = dict(instalment="100", start=TODAY, payment_day=28, today=TODAY, household_type="single",
                   net_income="950,00")
    with session_for(db_url) as session:
        result = making.propose(session, landlord, case_id, **choices, settings=SETTINGS)
    assert "geen normen" in result["affordability"]["message"] and result["affordability"]["checked"] is False
    with session_for(db_url) as session:
        norm_store.add_norm(session, admin, "single", dt.date(2026, 7, 1), "1.000,00", "Testbron (geen echte norm)")
        norm_store.add_norm(session, admin, "single", dt.date(2027, 1, 1), "2.000,00", "Testbron (later)")
    with session_for(db_url) as session:
        result = making.propose(session, landlord, case_id, **choices, settings=SETTINGS)
    affordability = result["affordability"]
    # 950 - 1,000 = -50: no room (the rent is not subtracted again); the norm of 1 July 2026 is used, not the future
    # one
    assert affordability["ok"] is False and affordability["figures_date"] == dt.date(2026, 7, 1)
    assert "1 juli 2026" in affordability["message"]
    assert result["advice"]["refer"] is True


# --- collection costs ------------------------------------------------------------------------------------------

def test_costs_refused_without_a_fourteen_day_letter(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    with pytest.raises(ValidationError, match="veertiendagenbrief"):
        make(db_url, landlord, case_id, with_costs=True)
    assert count(db_url, Arrangement) == 0


def _fourteen_day_letter(url, landlord, case_id, letter_date):
    """A real 14-day letter made through the documents store; returns its text."""

    with session_for(url) as session:
        fill_profile(session, landlord.id)
    with session_for(url) as session:
        row = letter_making.generate_for_case(session, landlord, case_id, "reminder", {"fourteen_day_letter": True},
                                          letter_date, confirm_wording=True)
        return docx_text(bytes(row.content)).replace("\xa0", " ")


def test_costs_after_the_fourteen_day_term_are_added_by_the_scale(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    _fourteen_day_letter(db_url, landlord, case_id, dt.date(2026, 11, 16))  # term runs until 2 December
    with pytest.raises(ValidationError, match="Pas daarna mogen incassokosten"):
        make(db_url, landlord, case_id, with_costs=True)
    later = dt.date(2026, 12, 3)
    arrangement_id = make(db_url, landlord, case_id, today=later, start=dt.date(2026, 12, 10), with_costs=True)
    with session_for(db_url) as session:
        row = session.get(Arrangement, arrangement_id)
        # arrears on the letter date 16 November: 3 x 850 = 2,550 -> 15% of 2,500 + 10% of 50 = 380.00
        assert row.costs_cents == 38000
        # arrears on 3 December: 4 x 850 = 3,400, plus the costs
        assert row.total_cents == 340000 + 38000
        assert sum(Decimal(i["amount"]) for i in json.loads(row.schedule)) == Decimal("3780.00")


def test_costs_from_a_real_fourteen_day_letter_of_the_documents_store(db_url, landlord):
    from store import users as user_store

    case_id, _ = seed_case(db_url, landlord)
    letter_day = dt.date(2026, 11, 16)
    with session_for(db_url) as session:
        user_store.update_profile(session, landlord, name="Piet Jansen", street="Lindelaan", house_number="4",
                                  postcode="3511 AB", place="Utrecht", phone="0612345678", email="piet@example.nl",
                                  iban="NL91ABNA0417164300", contact_person="Piet Jansen")
    with session_for(db_url) as session:  # an ordinary reminder is no 14-day letter
        letter_making.generate_for_case(session, landlord, case_id, "reminder", {}, letter_day, confirm_wording=True)
        letter = making.fourteen_day_letter(session, landlord, case_id, TODAY)
    assert letter is None
    with session_for(db_url) as session:
        letter_making.generate_for_case(session, landlord, case_id, "reminder", {"fourteen_day_letter": True},
                                    letter_day, confirm_wording=True)
    with session_for(db_url) as session:
        letter = making.fourteen_day_letter(session, landlord, case_id, TODAY)
        # the letter names 15% of 2,500 + 10% of 50 = € 380,00 and the last day: receipt 18 Nov + 14 days
        assert (letter["costs"], letter["deadline"], letter["term_passed"]) == (
            Decimal("380.00"), dt.date(2026, 12, 2), False)
        overview = making.case_overview(session, landlord, case_id, TODAY)
        assert overview["costs_allowed"] is False and "2 december 2026" in overview["costs_reason"]
    later = dt.date(2026, 12, 3)
    arrangement_id = make(db_url, landlord, case_id, today=later, start=later, with_costs=True)
    with session_for(db_url) as session:
        assert session.get(Arrangement, arrangement_id).costs_cents == 38000


def _reworded_reminder() -> bytes:
    """The shipped reminder with its 14-day sentence reworded, as an admin would do in Word."""
    import io
    import zipfile
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "templates" / "reminder.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                old = ("Betaalt u niet uiterlijk op {{ costs_deadline }}? En heeft u dan geen regeling met ons? Dan "
                       "moet u ook {{ collection_costs }} incassokosten betalen.")
                assert old in text
                text = text.replace(old, "Wij rekenen {{ collection_costs }} incassokosten als het bedrag na "
                                         "{{ costs_deadline }} nog openstaat en u geen regeling met ons heeft.")
                data = text.encode("utf-8")
            copy.writestr(item, data)
    return out.getvalue()


def test_a_reworded_fourteen_day_letter_still_allows_the_costs_it_names(db_url, landlord):
    # the cost rule reads the facts stored with the letter, not its sentences: rewording the template changes nothing
    from store import templates

    admin = add_user(db_url, Role.ADMIN, "beheer")
    with session_for(db_url) as session:
        templates.upload_template(session, admin, "reminder", _reworded_reminder())
    case_id, _ = seed_case(db_url, landlord)
    text = _fourteen_day_letter(db_url, landlord, case_id, dt.date(2026, 11, 16))
    assert "Wij rekenen € 380,00 incassokosten als het bedrag na 2 december 2026 nog openstaat" in text
    assert "Dan moet u ook" not in text
    with session_for(db_url) as session:
        letter = making.fourteen_day_letter(session, landlord, case_id, TODAY)
        assert (letter["costs"], letter["deadline"]) == (Decimal("380.00"), dt.date(2026, 12, 2))
        row = session.get(Document, letter["document_id"])
        assert (row.letter_date, row.cost_deadline, row.collection_costs_cents, row.principal_cents) == (
            dt.date(2026, 11, 16), dt.date(2026, 12, 2), 38000, 255000)
    arrangement_id = make(db_url, landlord, case_id, today=dt.date(2026, 12, 3), start=dt.date(2026, 12, 10),
                          with_costs=True)
    with session_for(db_url) as session:
        assert session.get(Arrangement, arrangement_id).costs_cents == 38000


def test_after_a_partial_payment_within_the_term_costs_follow_the_scale_over_what_is_open(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    _fourteen_day_letter(db_url, landlord, case_id, dt.date(2026, 11, 16))  # € 380,00 over € 2.550,00
    add_payment(db_url, landlord, tenancy_id, dt.date(2026, 11, 25), 155000)  # € 1.000,00 still open of the letter
    add_payment(db_url, landlord, tenancy_id, dt.date(2026, 12, 3), 10000)  # after the term: does not count
    with session_for(db_url) as session:
        letter = making.fourteen_day_letter(session, landlord, case_id, dt.date(2026, 12, 3))
    assert letter["costs"] == Decimal("150.00")  # 15% of € 1.000, never the letter's € 380


def test_every_path_states_and_stores_the_one_fourteen_day_deadline(db_url, landlord, tmp_path):
    """Form (generate_for_case), bulk (make_many) and the CLI (`naarnul render`) give the deadline of
    naarnul.calendar.fourteen_day_deadline, in the text and, where the letter is kept, in its facts."""
    from naarnul.cli import main as cli_main
    from naarnul.formatting import format_date
    from store import documents

    with session_for(db_url) as session:
        fill_profile(session, landlord.id)
    for letter_day in (dt.date(2027, 4, 19), dt.date(2026, 12, 23), dt.date(2026, 4, 2), dt.date(2026, 11, 28)):
        expected = calendar.fourteen_day_deadline(letter_day)
        form_case, _ = seed_case(db_url, landlord, start=dt.date(2026, 1, 1), street=f"Form {letter_day}")
        bulk_case, _ = seed_case(db_url, landlord, start=dt.date(2026, 1, 1), street=f"Bulk {letter_day}")
        with session_for(db_url) as session:
            form = letter_making.generate_for_case(session, landlord, form_case, "reminder",
                                               {"fourteen_day_letter": True}, letter_day, confirm_wording=True)
            form_id = form.id
            session.commit()
        made = letter_making.make_many(db_url, landlord, [bulk_case], "reminder", letter_day,
                                       extra={"fourteen_day_letter": True})
        assert made["problems"] == []
        with session_for(db_url) as session:
            form = session.get(Document, form_id)
            bulk = session.get(Document, made["made"][0])
            case_json = documents.document_case(session, landlord, form_case, letter_day).to_json()
            rows = [form, bulk]
            texts = [docx_text(bytes(r.content)) for r in rows]
            assert [r.cost_deadline for r in rows] == [expected, expected]
        case_file, out = tmp_path / "case.json", tmp_path / f"brief-{letter_day}.docx"
        case_file.write_text(json.dumps(case_json, default=str), encoding="utf-8")
        assert cli_main(["render", "reminder", "--case", str(case_file), "--out", str(out),
                         "--field", "fourteen_day_letter=ja"]) == 0
        texts.append(docx_text(out.read_bytes()))
        for text in texts:
            assert f"Betaalt u niet uiterlijk op {format_date(expected)}?" in text.replace("\xa0", " ")
        with session_for(db_url) as session:
            letter = making.fourteen_day_letter(session, landlord, form_case, letter_day)
            assert letter["deadline"] == expected


def test_the_letter_date_is_the_amsterdam_date_not_the_utc_date_of_the_moment_it_was_made(db_url, landlord):
    # made at 00:30 in Amsterdam on 17 November = 23:30 UTC on the 16th: the letter (and its term) is of the 17th
    case_id, _ = seed_case(db_url, landlord)
    _fourteen_day_letter(db_url, landlord, case_id, dt.date(2026, 11, 17))
    with session_for(db_url) as session:
        row = session.exec(select(Document)).one()
        row.created_at = dt.datetime(2026, 11, 16, 23, 30, tzinfo=dt.timezone.utc)
        session.add(row)
    with session_for(db_url) as session:
        letter = making.fourteen_day_letter(session, landlord, case_id, TODAY)
    assert letter["letter_date"] == dt.date(2026, 11, 17)
    assert letter["deadline"] == calendar.fourteen_day_deadline(dt.date(2026, 11, 17)) == dt.date(2026, 12, 3)


def test_migration_0008_keeps_the_fourteen_day_letters_made_before_it(sqlite_url):
    """A 14-day letter made before 0008 (flagged only in its audit detail) is found after the upgrade, dated by
    Amsterdam time."""
    from alembic import command
    from alembic.config import Config

    from store.engine import MIGRATIONS_DIR, get_engine

    landlord = add_user(sqlite_url, Role.LANDLORD, "piet")
    case_id, _ = seed_case(sqlite_url, landlord)
    _fourteen_day_letter(sqlite_url, landlord, case_id, dt.date(2026, 11, 17))
    with session_for(sqlite_url) as session:
        row = session.exec(select(Document)).one()
        row.created_at = dt.datetime(2026, 11, 16, 23, 30, tzinfo=dt.timezone.utc)
        session.add(row)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with get_engine(sqlite_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        command.upgrade(config, "head")
    with session_for(sqlite_url) as session:
        row = session.exec(select(Document)).one()
        assert (row.fourteen_day_letter, row.letter_date, row.cost_deadline) == (
            True, dt.date(2026, 11, 17), dt.date(2026, 12, 3))
        letter = making.fourteen_day_letter(session, landlord, case_id, TODAY)
    assert letter["costs"] == Decimal("380.00")  # the scale over the arrears on the letter date


def test_the_arrangement_letter_is_kept_on_the_case(db_url, landlord):
    from store import users as user_store

    case_id, _ = seed_case(db_url, landlord)
    with session_for(db_url) as session:
        user_store.update_profile(session, landlord, name="Piet Jansen", street="Lindelaan", house_number="4",
                                  postcode="3511 AB", place="Utrecht", phone="0612345678", email="piet@example.nl",
                                  iban="NL91ABNA0417164300", contact_person="Piet Jansen")
    arrangement_id = make(db_url, landlord, case_id)
    assert service.case_overview(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY).signal_sent is False
    document_id = service.make_arrangement_letter(UnitOfWork(db_url), landlord, arrangement_id=arrangement_id,
                                                  today=TODAY, signal_offer=True).id
    with session_for(db_url) as session:
        filename, content = store.letter_bytes(session, landlord, document_id)
        assert filename.endswith(".docx")
        text = docx_text(content)
        assert "5 december 2026" in text and "€ 400,00" in text.replace("\xa0", " ")
        assert [d["id"] for d in store.letters_of_case(session, landlord, case_id)] == [document_id]
        summaries = [e.summary for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert any("Brief met de betalingsregeling gemaakt" in s for s in summaries)
    other = add_user(db_url, Role.LANDLORD, "klaas")
    with session_for(db_url) as session, pytest.raises(NotFound):
        store.letter_bytes(session, other, document_id)
    assert service.letter_download(UnitOfWork(db_url), landlord, document_id=document_id).content == content


def test_the_service_refreshes_the_case_and_a_status_read_writes_nothing(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    view = service.make_arrangement(UnitOfWork(db_url), landlord, case_id=case_id, instalment="2.550,00",
                                    months=None, start=dt.date(2026, 12, 1), payment_day=5, today=TODAY)
    with session_for(db_url) as session:
        assert session.get(Case, case_id).next_step != ""  # the case list sees the new state at once
    add_payment(db_url, landlord, tenancy_id, dt.date(2026, 11, 30), 255000)  # all paid
    events = count(db_url, AuditEvent)
    state = service.arrangement_status(UnitOfWork(db_url), landlord, arrangement_id=view.id,
                                       today=dt.date(2026, 12, 2))
    assert state.follow_up.action == "completed"
    assert count(db_url, AuditEvent) == events  # a page render never writes
    with session_for(db_url) as session:
        assert session.get(Arrangement, view.id).status == "active"


# --- follow-up -------------------------------------------------------------------------------------------------

def test_follow_up_statuses_from_ledger_payments(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    arrangement_id = make(db_url, landlord, case_id)  # 400 on the 5th from 5 December; rent 850 on the 1st
    add_payment(db_url, landlord, tenancy_id, dt.date(2026, 12, 1), 85000)  # December rent, on time
    add_payment(db_url, landlord, tenancy_id, dt.date(2026, 12, 4), 40000)  # instalment 1, on time
    add_payment(db_url, landlord, tenancy_id, dt.date(2027, 1, 2), 85000)  # January rent
    add_payment(db_url, landlord, tenancy_id, dt.date(2027, 1, 8), 40000)  # instalment 2, three days late
    add_payment(db_url, landlord, tenancy_id, dt.date(2027, 2, 1), 85000)  # February rent only: 3 missed
    with session_for(db_url) as session:
        result = making.status(session, landlord, arrangement_id, dt.date(2027, 2, 20), settings=SETTINGS)
    states = [i["state"] for i in result["instalments"]]
    assert states[:4] == ["paid", "late", "missed", "open"]
    assert result["paid"] == Decimal("800.00")
    assert result["follow_up"]["action"] == "reminder"
    assert result["follow_up"]["new_date"] == dt.date(2027, 3, 6)
    assert "6 maart 2027" in result["reminder_text"] and "Geldhulp Utrecht" in result["reminder_text"]
    assert "Beste Jan de Vries" in result["reminder_text"] and "€\xa0400,00" in result["reminder_text"]
    assert result["reminder_check"]["ok"] is True, result["reminder_check"]
    with session_for(db_url) as session:
        result = making.status(session, landlord, arrangement_id, dt.date(2027, 3, 20), settings=SETTINGS)
    assert [i["state"] for i in result["instalments"]][2:4] == ["missed", "missed"]
    assert result["follow_up"]["action"] == "offer_end"
    with session_for(db_url) as session:
        making.record_reminder(session, landlord, arrangement_id, new_date=dt.date(2027, 3, 6),
                              today=dt.date(2027, 2, 20))
        making.end(session, landlord, arrangement_id, "Twee termijnen niet betaald, na telefoongesprek",
                  dt.date(2027, 3, 20))
    with session_for(db_url) as session:
        row = session.get(Arrangement, arrangement_id)
        assert (row.status, row.ended_on) == ("ended", dt.date(2027, 3, 20))
        summaries = [e.summary for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert any("nieuwe betaaldatum 6 maart 2027" in s for s in summaries)
        assert any("beëindigd: Twee termijnen" in s for s in summaries)


def test_all_paid_completes_the_arrangement(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    arrangement_id = make(db_url, landlord, case_id, instalment=None, months=1)
    add_payment(db_url, landlord, tenancy_id, dt.date(2026, 12, 1), 85000 + 255000)
    with session_for(db_url) as session:
        result = making.status(session, landlord, arrangement_id, dt.date(2026, 12, 2), settings=SETTINGS)
    assert result["follow_up"]["action"] == "completed" and result["instalments"][0]["state"] == "paid"
    with session_for(db_url) as session:
        assert session.get(Arrangement, arrangement_id).status == "completed"


# --- change keeps history --------------------------------------------------------------------------------------

def test_change_replaces_from_a_date_and_keeps_history(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    first_id = make(db_url, landlord, case_id)
    add_payment(db_url, landlord, tenancy_id, dt.date(2026, 12, 1), 85000 + 40000)  # rent + instalment 1
    change_day = dt.date(2026, 12, 10)
    with session_for(db_url) as session:
        second_id = making.change(session, landlord, first_id, dt.date(2027, 1, 1), new_instalment="200",
                                 pause_months=1, today=change_day, settings=SETTINGS).id
    with session_for(db_url) as session:
        first, second = session.get(Arrangement, first_id), session.get(Arrangement, second_id)
        assert (first.status, second.status, second.replaces_id) == ("replaced", "active", first_id)
        assert json.loads(first.schedule)[0]["amount"] == "400.00"  # the old schedule is kept as it was
        items = json.loads(second.schedule)
        assert second.total_cents == 255000 - 40000
        assert items[0]["due_date"] == "2027-02-05" and items[0]["amount"] == "200.00"  # after one month's pause
        assert sum(Decimal(i["amount"]) for i in items) == Decimal("2150.00")
        history = making.arrangements_of_case(session, landlord, case_id)
        assert [h["status"] for h in history] == ["active", "replaced"]
    add_payment(db_url, landlord, tenancy_id, dt.date(2027, 1, 1), 85000)  # rent is due during the pause too
    add_payment(db_url, landlord, tenancy_id, dt.date(2027, 2, 3), 85000 + 20000)
    with session_for(db_url) as session:
        result = making.status(session, landlord, second_id, dt.date(2027, 2, 10), settings=SETTINGS)
        assert result["instalments"][0]["state"] == "paid" and result["paid"] == Decimal("200.00")
        with pytest.raises(ValidationError, match="Alleen een lopende regeling"):
            making.change(session, landlord, first_id, dt.date(2027, 3, 1), today=dt.date(2027, 2, 10), settings=SETTINGS)


def test_change_in_the_past_is_refused(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    first_id = make(db_url, landlord, case_id)
    with session_for(db_url) as session, pytest.raises(ValidationError, match="niet eerder ingaan dan vandaag"):
        making.change(session, landlord, first_id, dt.date(2026, 11, 1), today=TODAY, settings=SETTINGS)
    assert count(db_url, Arrangement) == 1


# --- isolation and rights --------------------------------------------------------------------------------------

def test_another_landlord_gets_not_found(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    arrangement_id = make(db_url, landlord, case_id)
    other = add_user(db_url, Role.LANDLORD, "klaas")
    with session_for(db_url) as session:
        assert store.open_cases(session, other) == []
        for call in (lambda: making.propose(session, other, case_id, months=3, start=TODAY, payment_day=1,
                                           today=TODAY, settings=SETTINGS),
                     lambda: making.create(session, other, case_id, months=3, start=TODAY, payment_day=1, today=TODAY, settings=SETTINGS),
                     lambda: making.status(session, other, arrangement_id, TODAY, settings=SETTINGS),
                     lambda: making.change(session, other, arrangement_id, TODAY, today=TODAY, settings=SETTINGS),
                     lambda: making.end(session, other, arrangement_id, "weg", TODAY),
                     lambda: making.arrangements_of_case(session, other, case_id)):
            with pytest.raises(NotFound):
                call()
    with session_for(db_url) as session:
        assert [c["id"] for c in store.open_cases(session, landlord)] == [case_id]
        assert session.get(Arrangement, arrangement_id).status == "active"


# --- norms (admin) ---------------------------------------------------------------------------------------------

def test_norms_admin_only_validated_and_audited(db_url, landlord):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    with session_for(db_url) as session, pytest.raises(NotAllowed):
        norm_store.add_norm(session, landlord, "single", dt.date(2026, 7, 1), "1000", "bron")
    with session_for(db_url) as session, pytest.raises(ValidationError) as error:
        norm_store.add_norm(session, admin, "vrijgezel", None, "-5", " ")
    assert len(error.value.problems) == 4
    with session_for(db_url) as session:
        norm_id = norm_store.add_norm(session, admin, "couple", dt.date(2026, 7, 1), "1.500,50", "Testbron").id
    with session_for(db_url) as session, pytest.raises(ValidationError, match="staat al een norm"):
        norm_store.add_norm(session, admin, "couple", dt.date(2026, 7, 1), "1600", "Testbron")
    with session_for(db_url) as session:
        rows = norm_store.list_norms(session, admin)
        assert [(r["household_type"], r["amount"]) for r in rows] == [("couple", Decimal("1500.50"))]
        norm_store.delete_norm(session, admin, norm_id)
    assert count(db_url, ProtectedIncomeNorm) == 0
    with session_for(db_url) as session:
        actions = [e.action for e in session.exec(select(AuditEvent))]
        assert {"norm.added", "norm.deleted"} <= set(actions)


@pytest.mark.parametrize("typed", ["1500.50", "1.500.5", "€ 1500,505", ""])
def test_a_norm_amount_is_read_strictly_in_dutch_and_nothing_is_saved(db_url, typed):
    # the old tolerant parser read "1500.50" as € 1.500,50 and "1.500.5" would have been a guess
    admin = add_user(db_url, Role.ADMIN, "beheer")
    with session_for(db_url) as session, pytest.raises(ValidationError) as error:
        norm_store.add_norm(session, admin, "single", dt.date(2026, 7, 1), typed, "Testbron")
    assert "bedrag per maand" in str(error.value).lower()
    assert count(db_url, ProtectedIncomeNorm) == 0
