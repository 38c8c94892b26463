"""The documents store on SQLite and PostgreSQL: documents made from a case in the store, asserted on their TEXT;
stored bytes are the evidence; the reminder records covenant dates; wording errors need confirmation; isolation;
template upload with checks and versions. `today` is pinned."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from sqlmodel import select

from naarnul.documents import docx_text, load_template
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.services import letter_making
from naarnul.services import templates as templates_service
from naarnul.users import Role
from store import documents as document_store
from store import templates as template_store
from store.engine import session_for
from store.models import (
    Arrangement,
    AuditEvent,
    Case,
    ContactAttempt,
    Document,
    LandlordProfile,
    Municipality,
    Payment,
    Signal,
    TemplateVersion,
    Tenancy,
    Tenant,
)
from store.unit_of_work import UnitOfWork
from tests.conftest import ROOT, add_user, fill_profile

TODAY = dt.date(2026, 11, 23)
HOSTILE = "Smith & Sons <Ltd> {{ 7*7 }} {% if %} é 🏠"
NBSP = "\u00a0"
KIND_SENTENCE = "Dat kan iedereen overkomen."


def seed_case(url: str, actor, *, tenant_name: str = "Sam de Vries", street: str = "Dorpsstraat",
              municipality: str = "GM0363", with_signal: bool = False, with_arrangement: bool = False,
              help_contact: bool = True) -> int:
    """A landlord with a full profile, a tenancy with two tenants, one payment and € 1.234,56 open for November."""
    with session_for(url) as session:
        fill_profile(session, actor.id)
        town = session.get(Municipality, municipality)
        if help_contact:
            town.help_name, town.help_phone, town.help_website = "Geldhulp Amsterdam", "020 1234567", \
                "www.amsterdam.nl/geldhulp"
        else:
            town.help_name = town.help_phone = town.help_website = ""
        session.add(town)
        tenancy = Tenancy(landlord_id=actor.id, street=street, house_number="12", house_number_addition="A",
                          postcode="1234 AB", place="Amsterdam", municipality_code=municipality,
                          monthly_rent_cents=123456, due_day=1, start_date=dt.date(2026, 10, 1))
        session.add(tenancy)
        session.flush()
        session.add(Tenant(tenancy_id=tenancy.id, landlord_id=actor.id, position=0, name=tenant_name,
                           salutation="meneer", phone="06 98765432", email="sam@example.nl"))
        session.add(Tenant(tenancy_id=tenancy.id, landlord_id=actor.id, position=1, name="Fatima el Amrani",
                           salutation="mevrouw"))
        session.add(Payment(tenancy_id=tenancy.id, landlord_id=actor.id, paid_on=dt.date(2026, 10, 2),
                            amount_cents=123456))
        case = Case(tenancy_id=tenancy.id, landlord_id=actor.id, opened_on=dt.date(2026, 11, 2))
        session.add(case)
        session.flush()
        session.add(ContactAttempt(case_id=case.id, landlord_id=actor.id, on_date=dt.date(2026, 11, 10),
                                   channel="phone", outcome="not_reached"))
        if with_signal:
            case.reminder_on = dt.date(2026, 10, 1)
            case.objection_deadline = dt.date(2026, 10, 15)
            session.add(case)
            session.add(Signal(reference=f"NN-2026-{case.id:06d}", case_id=case.id, tenancy_id=tenancy.id,
                               landlord_id=actor.id, municipality_code=municipality, sent_on=TODAY,
                               arrears_cents=123456, arrears_months=1))
        if with_arrangement:
            schedule = [{"number": 1, "due_date": "2026-12-01", "amount": "617.28"},
                        {"number": 2, "due_date": "2027-01-01", "amount": "617.28"}]
            session.add(Arrangement(case_id=case.id, landlord_id=actor.id, valid_from=TODAY, created_on=TODAY,
                                    start_date=dt.date(2026, 12, 1), payment_day=1, total_cents=123456,
                                    schedule=json.dumps(schedule)))
        return case.id


@pytest.fixture
def landlord(db_url):
    return add_user(db_url, Role.LANDLORD, "anna")


def generate(url, actor, case_id, name, extra=None, **kwargs):
    with session_for(url) as session:
        row = letter_making.generate_for_case(session, actor, case_id, name, extra or {}, TODAY, **kwargs)
        return row.id, docx_text(bytes(row.content))


EXTRA = {
    "reminder": {},
    "notification": {},
    "arrangement": {},
    "addendum": {"support_organisation": "Buurtteam Oost", "support_worker_name": "Ria Bakker",
                 "support_worker_phone": "020 7654321", "finance_option": "budgetbeheer"},
    "invitation": {"meeting_date": "2026-12-02", "meeting_time": "14:30", "meeting_place": "Lindelaan 4"},
}


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_each_template_from_a_stored_case_has_the_case_data_in_its_text(db_url, landlord, name):
    case_id = seed_case(db_url, landlord, tenant_name=HOSTILE, with_signal=True, with_arrangement=True)
    _, text = generate(db_url, landlord, case_id, name, EXTRA[name], confirm_wording=True)
    assert HOSTILE in text  # & < > {{ }} {% %} é and emoji survive literally
    assert "49" not in text.split(HOSTILE)[0][-5:]  # the template did not evaluate {{ 7*7 }}
    assert "Fatima el Amrani" in text
    assert "Dorpsstraat" in text and "1234 AB" in text
    assert f"€{NBSP}1.234,56" in text
    if name != "notification":
        assert "Verhuur De Linde" in text or "Anna de Linde" in text
    assert "23 november 2026" in text


def test_reminder_text_dates_help_and_covenant_dates(db_url, landlord):
    case_id = seed_case(db_url, landlord)
    document_id, text = generate(db_url, landlord, case_id, "reminder", {"refuse_before": "2026-12-07"})
    assert "Beste meneer De Vries en mevrouw El Amrani" in text
    assert "Geldhulp Amsterdam" in text and "020 1234567" in text
    assert "7 december 2026" in text and "november 2026" in text
    assert "NL91 ABNA 0417 1643 00" in text
    with session_for(db_url) as session:
        case = session.get(Case, case_id)
        assert case.reminder_on == TODAY
        assert case.objection_deadline == dt.date(2026, 12, 7)
        row = session.get(Document, document_id)
        assert row.filename == "herinnering-2026-11-23-dorpsstraat-12-a.docx"
        assert row.template_version == load_template("reminder").version
        timeline = [e.summary for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
    assert any("Document gemaakt: Betalingsherinnering" in s for s in timeline)
    assert any("7 december 2026" in s for s in timeline)
    # a second reminder keeps the first dates: they are the evidence
    generate(db_url, landlord, case_id, "reminder", {"refuse_before": "2026-12-20"})
    with session_for(db_url) as session:
        assert session.get(Case, case_id).objection_deadline == dt.date(2026, 12, 7)


def test_without_a_help_contact_the_letter_points_to_geldfit(db_url, landlord):
    case_id = seed_case(db_url, landlord, help_contact=False)
    _, text = generate(db_url, landlord, case_id, "reminder")
    assert "Geldfit" in text and "0800-8115" in text and "geldfit.nl" in text
    assert "Bel Geldfit gratis op 0800-8115" in text and "gemeente Amsterdam helpt gratis bij geldzorgen. Bel" not in text


def test_stored_bytes_download_identically(db_url, landlord):
    case_id = seed_case(db_url, landlord)
    document_id, _ = generate(db_url, landlord, case_id, "invitation", EXTRA["invitation"])
    with session_for(db_url) as session:
        row = document_store.get_document(session, landlord, document_id)
        stored, checksum = bytes(row.content), row.checksum
    with session_for(db_url) as session:
        filename, again = document_store.document_bytes(session, landlord, document_id)
        listed = document_store.list_documents(session, landlord, case_id)
    assert again == stored and hashlib.sha256(again).hexdigest() == checksum
    assert filename.startswith("uitnodiging-2026-11-23-")
    assert [d["id"] for d in listed] == [document_id] and "content" not in listed[0]


def test_missing_profile_field_is_named_in_dutch(db_url, landlord):
    case_id = seed_case(db_url, landlord)
    with session_for(db_url) as session:
        profile = session.get(LandlordProfile, landlord.id)
        profile.phone = ""
        session.add(profile)
    with pytest.raises(ValidationError) as error, session_for(db_url) as session:
        letter_making.generate_for_case(session, landlord, case_id, "reminder", {}, TODAY)
    assert "Vul eerst uw telefoonnummer in bij Mijn gegevens" in str(error.value)
    with session_for(db_url) as session:
        assert session.exec(select(Document)).first() is None


def test_bad_extra_field_saves_nothing(db_url, landlord):
    case_id = seed_case(db_url, landlord)
    with pytest.raises(ValidationError) as error, session_for(db_url) as session:
        letter_making.generate_for_case(session, landlord, case_id, "invitation", {"meeting_time": "25:99"}, TODAY)
    assert "Tijd" in str(error.value)
    with session_for(db_url) as session:
        assert session.exec(select(Document)).first() is None
        assert session.get(Case, case_id).reminder_on is None


def _replace_text(docx: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml, old
                data = xml.replace(old, new).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_wording_errors_need_confirmation_and_the_override_is_on_the_timeline(db_url, landlord):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    case_id = seed_case(db_url, landlord)
    harsh = _replace_text(load_template("invitation").docx_bytes, KIND_SENTENCE,
                          "U moet onmiddellijk betalen, anders volgt ontruiming en gaan wij naar de deurwaarder.")
    with session_for(db_url) as session:
        session.add(TemplateVersion(name="invitation", version_hash=hashlib.sha256(harsh).hexdigest(),
                                    content=harsh, spec=(ROOT / "templates" / "invitation.yaml").read_text("utf-8"),
                                    uploaded_by=admin.id, active=True))
    with pytest.raises(ValidationError) as error, session_for(db_url) as session:
        letter_making.generate_for_case(session, landlord, case_id, "invitation", EXTRA["invitation"], TODAY)
    assert "schrijfcheck" in str(error.value)
    with session_for(db_url) as session:
        assert session.exec(select(Document)).first() is None
    document_id, text = generate(db_url, landlord, case_id, "invitation", EXTRA["invitation"], confirm_wording=True)
    assert "ontruiming" in text
    with session_for(db_url) as session:
        row = session.get(Document, document_id)
        assert row.wording_override and not row.wording_ok
        assert row.template_version == hashlib.sha256(harsh).hexdigest()
        summaries = [e.summary for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
    assert any("toch gemaakt" in s and "schrijfcheck" in s for s in summaries)


def test_isolation_between_landlords_and_municipalities(db_url, landlord):
    other = add_user(db_url, Role.LANDLORD, "bert")
    liaison_there = add_user(db_url, Role.LIAISON, "amsterdam", municipality="GM0363")
    liaison_elsewhere = add_user(db_url, Role.LIAISON, "utrecht", municipality="GM0344")
    admin = add_user(db_url, Role.ADMIN, "beheer")
    case_id = seed_case(db_url, landlord, with_signal=True)
    private_id, _ = generate(db_url, landlord, case_id, "reminder")
    shared_id, _ = generate(db_url, landlord, case_id, "notification", share_with_municipality=True)
    for actor in (other, liaison_elsewhere, admin):
        for document_id in (private_id, shared_id):
            with pytest.raises(NotFound), session_for(db_url) as session:
                document_store.get_document(session, actor, document_id)
    with pytest.raises(NotFound), session_for(db_url) as session:
        document_store.list_documents(session, other, case_id)
    with pytest.raises(NotFound), session_for(db_url) as session:
        letter_making.generate_for_case(session, other, case_id, "reminder", {}, TODAY)
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        document_store.document_case(session, liaison_there, case_id, TODAY)
    with pytest.raises(NotFound), session_for(db_url) as session:
        document_store.get_document(session, liaison_there, private_id)
    with session_for(db_url) as session:
        shared = document_store.get_document(session, liaison_there, shared_id)
        assert shared.template_name == "notification" and "Melding" in docx_text(bytes(shared.content))


def test_notification_export_for_a_case_with_a_signal(db_url, landlord):
    case_id = seed_case(db_url, landlord, with_signal=True)
    with session_for(db_url) as session:
        filename, data = document_store.notification_export(session, landlord, case_id, TODAY, "json")
        _, csv_data = document_store.notification_export(session, landlord, case_id, TODAY, "csv")
    record = json.loads(data)
    assert filename.endswith(".json") and record["arrears_total"] == "1234.56"
    assert record["objection_deadline"] == "2026-10-15"
    assert csv_data.startswith(b"\xef\xbb\xbf") and "Sam de Vries".encode() in csv_data


def test_list_cases_for_letters_is_scoped(db_url, landlord):
    other = add_user(db_url, Role.LANDLORD, "bert")
    mine = seed_case(db_url, landlord)
    seed_case(db_url, other, street="Andere straat")
    with session_for(db_url) as session:
        rows = document_store.list_cases_for_letters(session, landlord)
        assert [r["id"] for r in rows] == [mine]
        assert rows[0]["address"] == "Dorpsstraat 12 A, Amsterdam"
        assert "Sam de Vries" in rows[0]["tenant_names"]
        assert document_store.cases_without_reminder(session, landlord) == [mine]


# --- template administration ---------------------------------------------------------------------------------------

def test_template_upload_is_checked_and_versions_are_kept(db_url, landlord):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    shipped = load_template("invitation")
    yaml_text = (ROOT / "templates" / "invitation.yaml").read_text("utf-8")

    def upload(docx, spec=None):
        with session_for(db_url) as session:
            return template_store.upload_template(session, admin, "invitation", docx, spec)

    with pytest.raises(ValidationError) as error:
        upload(b"not a word file")
    assert "geen geldig Word-document" in str(error.value)
    with pytest.raises(ValidationError) as error:
        upload(_replace_text(shipped.docx_bytes, "{{ meeting_place }}", "{{ huurder_naam }}"))
    assert "Onbekend veld in het sjabloon: 'huurder_naam'" in str(error.value)
    with pytest.raises(ValidationError) as error:
        upload(_replace_text(shipped.docx_bytes, KIND_SENTENCE,
                             "U moet onmiddellijk betalen, anders volgt ontruiming en gaan wij naar de deurwaarder."))
    assert "Schrijfcheck" in str(error.value)
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        template_store.upload_template(session, landlord, "invitation", shipped.docx_bytes, yaml_text)
    with session_for(db_url) as session:
        assert session.exec(select(TemplateVersion)).first() is None

    better = _replace_text(shipped.docx_bytes, KIND_SENTENCE, KIND_SENTENCE + " Neem gerust iemand mee.")
    upload(better, yaml_text)
    with session_for(db_url) as session:
        assert template_store.active_template(session, "invitation").version == hashlib.sha256(better).hexdigest()
        versions = template_store.list_template_versions(session, admin)
    invitation = next(t for t in versions if t["name"] == "invitation")
    assert [v["active"] for v in invitation["versions"]] == [False, True]

    case_id = seed_case(db_url, landlord)
    document_id, text = generate(db_url, landlord, case_id, "invitation", EXTRA["invitation"])
    assert "Neem gerust iemand mee." in text
    with session_for(db_url) as session:
        assert session.get(Document, document_id).template_version == hashlib.sha256(better).hexdigest()
        template_store.activate_version(session, admin, "invitation", None)
    document_id, text = generate(db_url, landlord, case_id, "invitation", EXTRA["invitation"])
    assert "Neem gerust iemand mee." not in text
    with session_for(db_url) as session:
        assert session.get(Document, document_id).template_version == shipped.version
        assert len(session.exec(select(TemplateVersion)).all()) == 1  # the older upload stays


def test_the_templates_service_lists_uploads_in_amsterdam_time_and_reactivates(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    shipped = load_template("invitation")
    better = _replace_text(shipped.docx_bytes, KIND_SENTENCE, KIND_SENTENCE + " Neem gerust iemand mee.")
    accepted = templates_service.upload_template(UnitOfWork(db_url), admin, name="invitation", docx=better,
                                                 spec_yaml=None)
    assert accepted.version == hashlib.sha256(better).hexdigest()
    with session_for(db_url) as session:
        row = session.exec(select(TemplateVersion)).one()
        row.uploaded_at = dt.datetime(2026, 11, 30, 22, 28, tzinfo=dt.timezone.utc)
        session.add(row)
    invitation = next(t for t in templates_service.list_templates(UnitOfWork(db_url), admin)
                      if t.name == "invitation")
    assert [(v.source, v.active) for v in invitation.versions] == [("meegeleverd", False), ("geüpload", True)]
    assert invitation.versions[1].uploaded_at.strftime("%d-%m-%Y %H:%M") == "30-11-2026 23:28"
    templates_service.activate_version(UnitOfWork(db_url), admin, name="invitation", version_id=None)
    file = templates_service.template_file(UnitOfWork(db_url), admin, name="invitation")
    assert file.docx == shipped.docx_bytes and "name: invitation" in file.spec_yaml


@pytest.mark.libreoffice
def test_libreoffice_converts_the_stored_reminder_to_pdf(sqlite_url):
    """A second, independent reader of the stored bytes. Required in CI; skipped elsewhere without soffice."""
    import os

    from naarnul.documents import libreoffice_available, to_pdf

    if not libreoffice_available():
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice (libreoffice-writer-nogui): soffice not found")
        pytest.skip("LibreOffice is not installed")
    landlord = add_user(sqlite_url, Role.LANDLORD, "anna")
    case_id = seed_case(sqlite_url, landlord, tenant_name=HOSTILE)
    document_id, _ = generate(sqlite_url, landlord, case_id, "reminder")
    with session_for(sqlite_url) as session:
        _, data = document_store.document_bytes(session, landlord, document_id)
    pdf = to_pdf(data)
    assert pdf is not None and pdf.startswith(b"%PDF") and len(pdf) > 5000
