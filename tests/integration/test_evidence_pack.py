"""The court evidence pack of a case, on SQLite and PostgreSQL: the ZIP holds every stored letter byte for byte with
its SHA-256 in the manifest, the PDF names the timeline, the letters with date and checksum, the signal (proof and
content), the municipality's feedback (never the liaison's note), contact attempts, objections, arrangements and
custom solutions; a changed letter is flagged; another landlord never gets the pack."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import zipfile

import pytest
from sqlmodel import select

from naarnul import evidence
from naarnul.documents.pdf import libreoffice_available
from naarnul.docx_text import docx_text
from naarnul.errors import NotAllowed, NotFound
from naarnul.services import arrangements as arrangement_service
from naarnul.services import custom_solutions as solution_service
from naarnul.services import evidence as service
from naarnul.services import letter_making
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, Case, ContactAttempt, Document, Feedback, Objection, Signal
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile
from tests.integration.test_arrangements_store import seed_case

TODAY = dt.date(2026, 11, 23)
SECRET = "GEHEIM: schulden bij familie"


def no_pdf(_docx: bytes) -> None:
    return None


@pytest.fixture
def landlord(db_url):
    actor = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:
        fill_profile(session, actor.id)
    return actor


def seed_evidence(url, landlord) -> int:
    case_id, tenancy_id = seed_case(url, landlord)
    liaison = add_user(url, Role.LIAISON, "gemeente", municipality="GM0344")
    with session_for(url) as session:
        letter_making.generate_for_case(session, landlord, case_id, "reminder", {}, dt.date(2026, 10, 5))
        letter_making.generate_for_case(session, landlord, case_id, "invitation",
                                        {"meeting_date": "2026-12-01", "meeting_time": "10:00",
                                         "meeting_place": "Lindelaan 4"}, dt.date(2026, 10, 20))
        session.add(ContactAttempt(case_id=case_id, landlord_id=landlord.id, on_date=dt.date(2026, 10, 8),
                                   channel="phone", outcome="message_left", note="Voicemail & <ingesproken>"))
        session.add(Objection(case_id=case_id, landlord_id=landlord.id, received_on=dt.date(2026, 10, 9),
                              channel="phone", withdrawn_on=dt.date(2026, 10, 15)))
        signal = Signal(reference="VS-2026-0042", case_id=case_id, tenancy_id=tenancy_id, landlord_id=landlord.id,
                        municipality_code="GM0344", sent_on=dt.date(2026, 11, 2), arrears_cents=170000,
                        arrears_months=2, status="in_progress", picked_up_on=dt.date(2026, 11, 3),
                        payload=json.dumps({"signal": {"reference": "VS-2026-0042"},
                                            "tenants": [{"name": "Jan de Vries"}]}))
        session.add(signal)
        session.flush()
        session.add(Feedback(signal_id=signal.id, municipality_code="GM0344", landlord_id=landlord.id,
                             liaison_id=liaison.id, on_date=dt.date(2026, 11, 10), outcome="follow_up_help",
                             help_accepted=True, liaison_note=SECRET))
    solution_service.record_reduction(UnitOfWork(url), landlord, case_id=case_id, first_month=dt.date(2026, 12, 1),
                                      last_month=dt.date(2027, 2, 1), amount="50,00", today=TODAY,
                                      note="Tijdelijk minder werk")
    arrangement_service.make_arrangement(UnitOfWork(url), landlord, case_id=case_id, instalment="400,00",
                                         months=None, start=dt.date(2026, 12, 1), payment_day=5, today=TODAY)
    return case_id


def stored_letters(url, case_id) -> list[Document]:
    with session_for(url) as session:
        return list(session.exec(select(Document).where(Document.case_id == case_id).order_by(Document.id)))


def test_the_zip_holds_every_letter_byte_for_byte_with_its_checksum(db_url, landlord):
    case_id = seed_evidence(db_url, landlord)
    pack = service.make_evidence_pack(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY, pdf=no_pdf)
    archive = zipfile.ZipFile(io.BytesIO(pack.zip_data))
    names = archive.namelist()
    root = names[0].split("/")[0]
    with session_for(db_url) as session:
        tenancy_id = session.get(Case, case_id).tenancy_id
    assert root == f"bewijsdossier-NN-{tenancy_id:04d}-2026-11-23" and pack.zip_name == f"{root}.zip"
    manifest = json.loads(archive.read(f"{root}/manifest.json"))
    letters = stored_letters(db_url, case_id)
    assert len(letters) == 2 and pack.letters == 2
    assert [entry["title"] for entry in manifest["letters"]] == [row.title for row in letters]
    for entry, row in zip(manifest["letters"], letters):
        content = archive.read(f"{root}/{entry['name']}")
        assert content == bytes(row.content)
        assert entry["sha256"] == entry["stored_sha256"] == row.checksum == hashlib.sha256(content).hexdigest()
        assert entry["intact"] is True
    report = archive.read(f"{root}/{manifest['report']['name']}")
    assert manifest["report"]["sha256"] == hashlib.sha256(report).hexdigest()
    assert manifest["signals"] == [{"reference": "VS-2026-0042", "sent_on": "2026-11-02"}]
    assert not pack.pdf_made and "LibreOffice" in pack.notice  # without a PDF: the report as .docx in the ZIP
    with session_for(db_url) as session:
        line = session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.made")).one()
    assert line.case_id == case_id and hashlib.sha256(pack.zip_data).hexdigest()[:16] in line.summary


def test_the_pack_holds_what_a_judge_checks_and_never_the_liaisons_note(db_url, landlord):
    case_id = seed_evidence(db_url, landlord)
    pack = service.evidence_pack_contents(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    text = docx_text(evidence.report_docx(pack))
    for letter in stored_letters(db_url, case_id):
        assert letter.checksum in text and letter.title in text
    assert "Datum: 5 oktober 2026." in text and "Datum: 20 oktober 2026." in text
    assert "VS-2026-0042" in text and "Verstuurd op\t2 november 2026" in text
    assert "Opgepakt door de gemeente op\t3 november 2026" in text
    assert "Jan de Vries" in text  # the content of the signal (its snapshot)
    assert "Voicemail & <ingesproken>" in text
    assert "ingetrokken op 15 oktober 2026" in text
    assert "Tijdelijke huurverlaging van €\u00a050,00 per maand, van december 2026 tot en met februari 2027" in text
    assert "Tijdelijk minder werk" in text
    assert "Betalingsregeling van" in text and "loopt" in text
    assert "Een dagvaarding ligt dan meestal tussen 2 januari 2027 en 2 mei 2027." in text
    assert "telefoon: bericht achtergelaten. Voicemail" in text
    assert "Opgepakt: vervolghulp (financieel of niet-financieel)." in text
    assert any("Document gemaakt" in summary for _, summary in pack.timeline)
    assert SECRET not in text and "GEHEIM" not in text
    assert len(pack.feedback) == 1 and SECRET not in pack.feedback[0].text


def test_a_letter_changed_after_it_was_made_is_flagged(db_url, landlord):
    case_id = seed_evidence(db_url, landlord)
    first = stored_letters(db_url, case_id)[0]
    with session_for(db_url) as session:
        row = session.get(Document, first.id)
        row.content = bytes(row.content) + b"changed"
        session.add(row)
    pack = service.make_evidence_pack(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY, pdf=no_pdf)
    archive = zipfile.ZipFile(io.BytesIO(pack.zip_data))
    manifest = json.loads(next(archive.read(n) for n in archive.namelist() if n.endswith("manifest.json")))
    assert [entry["intact"] for entry in manifest["letters"]] == [False, True]
    report = docx_text(next(archive.read(n) for n in archive.namelist() if n.endswith("bewijsdossier.docx")))
    assert "Het is na het maken veranderd." in report


def test_another_landlord_never_gets_the_pack(db_url, landlord):
    case_id = seed_evidence(db_url, landlord)
    other = add_user(db_url, Role.LANDLORD, "klaas")
    for call in (service.make_evidence_pack, service.evidence_pack_contents, service.summons_info):
        with pytest.raises(NotFound):
            call(UnitOfWork(db_url), other, case_id=case_id, today=TODAY)
    liaison = add_user(db_url, Role.LIAISON, "gemeente2", municipality="GM0344")
    with pytest.raises(NotAllowed):
        service.make_evidence_pack(UnitOfWork(db_url), liaison, case_id=case_id, today=TODAY, pdf=no_pdf)
    with session_for(db_url) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.made")).first() is None


def test_the_summons_window_follows_the_setting(db_url, landlord):
    case_id = seed_evidence(db_url, landlord)
    assert "tussen 2 januari 2027 en 2 mei 2027" in service.summons_info(UnitOfWork(db_url), landlord,
                                                                          case_id=case_id, today=TODAY)
    admin = add_user(db_url, Role.ADMIN, "beheer")
    from store import settings as settings_store
    with session_for(db_url) as session:
        settings_store.save(session, admin, evidence.EvidenceSettings(summons_from_months=3, summons_until_months=9))
    assert "tussen 2 februari 2027 en 2 augustus 2027" in service.summons_info(UnitOfWork(db_url), landlord,
                                                                              case_id=case_id, today=TODAY)


@pytest.mark.libreoffice
def test_the_pdf_names_every_letter_with_its_checksum(sqlite_url):
    if not libreoffice_available() or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    landlord = add_user(sqlite_url, Role.LANDLORD, "piet")
    with session_for(sqlite_url) as session:
        fill_profile(session, landlord.id)
    case_id = seed_evidence(sqlite_url, landlord)
    pack = service.make_evidence_pack(UnitOfWork(sqlite_url), landlord, case_id=case_id, today=TODAY)
    assert pack.pdf_made and pack.report_data.startswith(b"%PDF") and pack.report_name.endswith(".pdf")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pack.report_data, capture_output=True,
                          check=True, timeout=60).stdout.decode()
    for letter in stored_letters(sqlite_url, case_id):
        assert letter.checksum in text
    assert "VS-2026-0042" in text and "Pagina 1 van" in text
    archive = zipfile.ZipFile(io.BytesIO(pack.zip_data))
    assert any(name.endswith("/bewijsdossier.pdf") for name in archive.namelist())
    assert next(archive.read(n) for n in archive.namelist() if n.endswith(".pdf")) == pack.report_data
