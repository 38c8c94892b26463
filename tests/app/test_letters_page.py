"""The Brieven page as a landlord uses it, and the admin's Sjablonen page. Pages use the real date, so data is
seeded relative to today. Download buttons are clickable in AppTest but their bytes are not exposed: the bytes are
tested on the store (tests/integration/test_documents_store.py)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from naarnul import calendar
from naarnul.services import letter_making
from naarnul.users import Role
from store import documents as document_store
from store.engine import session_for
from store.models import Case, Document, LandlordProfile, Tenancy, Tenant
from tests.app.helpers import login, texts
from tests.conftest import add_user, fill_profile

TODAY = calendar.today()


def _months_ago(months: int) -> dt.date:
    index = TODAY.year * 12 + TODAY.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def seed(url, landlord, street="Kerkstraat", name="Jan de Vries") -> int:
    with session_for(url) as session:
        fill_profile(session, landlord.id)
        tenancy = Tenancy(landlord_id=landlord.id, street=street, house_number="12", postcode="3511 AB",
                          place="Utrecht", municipality_code="GM0344", monthly_rent_cents=85000, due_day=1,
                          start_date=_months_ago(2))
        session.add(tenancy)
        session.flush()
        session.add(Tenant(tenancy_id=tenancy.id, landlord_id=landlord.id, name=name, salutation="meneer"))
        case = Case(tenancy_id=tenancy.id, landlord_id=landlord.id, opened_on=_months_ago(1))
        session.add(case)
        session.flush()
        return case.id


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def open_letters(username="piet"):
    at = login(username)
    at.switch_page("pages/landlord/letters.py").run()
    assert not at.exception, at.exception
    return at


def test_preview_generate_and_see_the_stored_document(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed(app_env, landlord)
    at = open_letters()
    assert "Bewaarde documenten" in texts(at)
    assert "Voor dit dossier zijn nog geen documenten gemaakt." in texts(at)
    # the form comes from the reminder spec: its extra fields with Dutch labels
    assert by_label(at.date_input, "Betalen uiterlijk op").value == TODAY + dt.timedelta(days=14)
    assert by_label(at.checkbox, "Ook de veertiendagenbrief voor incassokosten").value is False

    by_label(at.button, "Voorbeeld bekijken").click().run()
    assert not at.exception, at.exception
    assert "Voorbeeld" in texts(at)
    assert any("Jan de Vries" in t.value for t in at.text)
    assert "Schrijfcheck" in texts(at)

    by_label(at.button, "Brief maken").click().run()
    assert not at.exception, at.exception
    text = texts(at)
    assert "Betalingsherinnering is gemaakt en bewaard bij het dossier." in text
    assert "herinnering-" in text and "kerkstraat-12.docx" in text
    labels = [b.label for b in at.get("download_button")]
    assert "Download als Word (.docx)" in labels and "Download" in labels
    from naarnul.documents import libreoffice_available

    assert ("Download als PDF" in labels) == libreoffice_available()  # PDF only when LibreOffice is installed
    with session_for(app_env) as session:
        rows = session.exec(select(Document)).all()
        assert [r.template_name for r in rows] == ["reminder"]
        assert session.get(Case, case_id).reminder_on == TODAY
        assert document_store.cases_without_reminder(session, landlord) == []


def test_a_document_made_late_in_the_evening_shows_amsterdam_time(app_env):
    # 21:28 UTC on 30 November is 22:28 in Amsterdam (the timeline's time); 23:30 UTC is already 1 December
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed(app_env, landlord)
    with session_for(app_env) as session:
        first = letter_making.generate_for_case(session, landlord, case_id, "reminder", {}, TODAY,
                                                 confirm_wording=True)
        second = letter_making.generate_for_case(session, landlord, case_id, "invitation",
                                                  {"meeting_date": TODAY, "meeting_time": "14:30",
                                                   "meeting_place": "bij ons op kantoor"}, TODAY,
                                                  confirm_wording=True)
        first.created_at = dt.datetime(2026, 11, 30, 21, 28, tzinfo=dt.timezone.utc)
        second.created_at = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.timezone.utc)
        session.add(first)
        session.add(second)
    text = texts(open_letters())
    assert "30-11-2026 22:28" in text and "01-12-2026 00:30" in text
    assert "21:28" not in text and "23:30" not in text


def test_form_follows_the_chosen_template_and_bad_input_is_explained(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed(app_env, landlord)
    at = open_letters()
    by_label(at.selectbox, "Soort brief").set_value("addendum").run()
    assert not at.exception, at.exception
    assert by_label(at.selectbox, "Hoe wordt de huur betaald?").options
    by_label(at.button, "Brief maken").click().run()
    text = texts(at)
    assert "'Organisatie van de begeleider' is verplicht" in text
    with session_for(app_env) as session:
        assert session.exec(select(Document)).first() is None


def test_bulk_reminders_for_cases_without_one(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed(app_env, landlord)
    seed(app_env, landlord, street="Dorpsstraat", name="Sam Jansen")
    at = open_letters()
    assert "2 open dossier(s) hebben nog geen schriftelijke herinnering" in texts(at)
    by_label(at.button, "Maak alle herinneringen").click().run()
    assert not at.exception, at.exception
    assert "2 herinnering(en) gemaakt en bewaard." in texts(at)
    assert "Alle open dossiers hebben al een schriftelijke herinnering." in texts(at)  # the page after the letters
    with session_for(app_env) as session:
        assert len(session.exec(select(Document)).all()) == 2


def test_missing_profile_is_named(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed(app_env, landlord)
    with session_for(app_env) as session:
        profile = session.get(LandlordProfile, landlord.id)
        profile.iban = ""
        session.add(profile)
    at = open_letters()
    by_label(at.button, "Brief maken").click().run()
    assert "Vul eerst uw IBAN in bij Mijn gegevens" in texts(at)


def test_admin_sees_templates_and_a_bad_upload_is_refused(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/templates.py").run()
    assert not at.exception, at.exception
    text = texts(at)
    assert "Sjablonen" in text and "meegeleverd" in text
    assert "Betalingsherinnering (reminder, brief)" in [e.label for e in at.expander]
    by_label(at.button, "Controleren en in gebruik nemen").click().run()
    assert "Kies een Word-bestand (.docx) om te uploaden." in texts(at)


def test_wording_errors_need_the_confirmation_box(app_env):
    import hashlib
    import io
    import zipfile

    from naarnul.documents import load_template
    from store.models import TemplateVersion
    from tests.conftest import ROOT

    landlord = add_user(app_env, Role.LANDLORD, "piet")
    admin = add_user(app_env, Role.ADMIN, "beheer")
    seed(app_env, landlord)
    source = zipfile.ZipFile(io.BytesIO(load_template("invitation").docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace("Dat kan iedereen overkomen.".encode(),
                                    "U moet onmiddellijk betalen, anders volgt ontruiming.".encode())
            target.writestr(item, data)
    harsh = out.getvalue()
    with session_for(app_env) as session:
        session.add(TemplateVersion(name="invitation", version_hash=hashlib.sha256(harsh).hexdigest(), content=harsh,
                                    spec=(ROOT / "templates" / "invitation.yaml").read_text("utf-8"),
                                    uploaded_by=admin.id, active=True))
    at = open_letters()
    by_label(at.selectbox, "Soort brief").set_value("invitation").run()
    by_label(at.button, "Brief maken").click().run()
    assert not at.exception, at.exception
    assert "schrijfcheck" in texts(at)
    with session_for(app_env) as session:
        assert session.exec(select(Document)).first() is None
    by_label(at.checkbox, "Ik wil deze brief toch maken").check().run()
    by_label(at.button, "Brief maken").click().run()
    assert "Uitnodiging voor een gesprek is gemaakt en bewaard bij het dossier." in texts(at)
    assert "toch gemaakt ondanks de schrijfcheck" in texts(at)
    with session_for(app_env) as session:
        assert session.exec(select(Document)).one().wording_override
