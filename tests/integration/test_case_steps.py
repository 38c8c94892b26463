"""Recording covenant steps on SQLite and PostgreSQL: step dates answer the arrears (not before the tenancy, not
before the arrears arose, not in the future), a backdated written reminder needs its copy or a reason as evidence,
and text of any allowed length saves (the audit summary is cut to its column with an ellipsis)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from naarnul.errors import ValidationError
from naarnul.services import case_steps
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store.engine import session_for
from store.models import AuditEvent, Case, ContactAttempt, Document, Objection
from tests.conftest import add_user

TODAY = dt.date(2026, 11, 23)
PDF = b"%PDF-1.4\n% kopie van de herinnering\n"


@pytest.fixture
def landlord(db_url):
    return add_user(db_url, Role.LANDLORD, "piet")


def _case(url, landlord, *, start=dt.date(2026, 9, 1), paid=(dt.date(2026, 9, 1),)) -> int:
    """Rent 850 from `start`; September paid, so the arrears arose on 1 October 2026."""
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street="Kerkstraat", house_number="12", postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": "Jan de Vries", "salutation": "meneer"}],
            monthly_rent="850", due_day=1, start_date=start, payer_ibans="")
        for on in paid:
            tenancy_service.add_payment(session, landlord, tenancy.id, paid_on=on, amount="850", today=TODAY)
        return case_store.case_for_tenancy(session, landlord, tenancy.id)


def _counts(url, case_id) -> tuple:
    with session_for(url) as session:
        case = session.get(Case, case_id)
        return (case.reminder_on, case.friendly_reminder_on, case.contact_failed_on,
                session.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.case_id == case_id)).one(),
                session.exec(select(func.count()).select_from(ContactAttempt)).one(),
                session.exec(select(func.count()).select_from(Objection)).one(),
                session.exec(select(func.count()).select_from(Document)).one())


def _refused(url, case_id, action, fragment):
    before = _counts(url, case_id)
    with pytest.raises(ValidationError) as error:
        with session_for(url) as session:
            action(session)
    assert any(fragment in p for p in error.value.problems), error.value.problems
    assert _counts(url, case_id) == before  # nothing half-saved


def _timeline(url, landlord, case_id) -> str:
    with session_for(url) as session:
        return "\n".join(e["summary"] for e in case_store.timeline(session, landlord, case_id))


def test_a_reminder_from_before_the_tenancy_started_is_refused(db_url, landlord):
    # the tenancy of the issue: from June 2026, a reminder dated 1-1-2020 was accepted
    case_id = _case(db_url, landlord, start=dt.date(2026, 6, 1), paid=())
    _refused(db_url, case_id, lambda s: case_steps.record_written_reminder(
        s, landlord, case_id, on=dt.date(2020, 1, 1), today=TODAY, reason="per post"),
        "De datum 1 januari 2020 ligt voor het begin van de huur (1 juni 2026)")


@pytest.mark.parametrize("step", ["friendly", "written", "contact", "failed", "objection"])
def test_no_step_before_the_arrears_arose_nor_in_the_future(db_url, landlord, step):
    case_id = _case(db_url, landlord)
    calls = {
        "friendly": lambda on: lambda s: case_steps.record_friendly_reminder(s, landlord, case_id, on=on, today=TODAY),
        "written": lambda on: lambda s: case_steps.record_written_reminder(s, landlord, case_id, on=on, today=TODAY,
                                                                           reason="per post"),
        "contact": lambda on: lambda s: case_steps.record_contact_attempt(s, landlord, case_id, on=on,
                                                                          channel="phone", outcome="reached",
                                                                          today=TODAY),
        "failed": lambda on: lambda s: case_steps.confirm_contact_failed(s, landlord, case_id, on=on, today=TODAY),
        "objection": lambda on: lambda s: case_steps.record_objection(s, landlord, case_id, received_on=on,
                                                                      channel="email", today=TODAY),
    }
    _refused(db_url, case_id, calls[step](dt.date(2026, 9, 20)),
             "De datum 20 september 2026 ligt voor de achterstand waar deze zaak over gaat: de oudste onbetaalde "
             "huur is van 1 oktober 2026")
    _refused(db_url, case_id, calls[step](TODAY + dt.timedelta(days=1)), "ligt in de toekomst")
    with session_for(db_url) as session:  # the day the arrears arose is fine
        calls[step](dt.date(2026, 10, 1))(session)


def test_a_part_payment_does_not_make_the_arrears_younger(db_url, landlord):
    # September paid, October paid half on 10 October: the arrears run unbroken from 1 October
    case_id = _case(db_url, landlord)
    with session_for(db_url) as session:
        tenancy_id = session.get(Case, case_id).tenancy_id
        tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=dt.date(2026, 11, 10), amount="425",
                                  today=TODAY)
        case_steps.record_friendly_reminder(session, landlord, case_id, on=dt.date(2026, 10, 5), today=TODAY)


def test_a_backdated_written_reminder_asks_for_its_copy_or_a_reason(db_url, landlord):
    case_id = _case(db_url, landlord)
    old = dt.date(2026, 10, 15)
    _refused(db_url, case_id, lambda s: case_steps.record_written_reminder(s, landlord, case_id, on=old,
                                                                           today=TODAY),
             "De herinnering is van 15 oktober 2026, meer dan 3 dagen geleden. Voeg een kopie van de brief toe")
    with session_for(db_url) as session:
        case_steps.record_written_reminder(session, landlord, case_id, on=old, today=TODAY,
                                           reason="  per post   verstuurd, & <b>vergeten</b> {{ x }} ")
    with session_for(db_url) as session:
        case = session.get(Case, case_id)
        assert case.reminder_on == old
        assert case.reminder_evidence_reason == "per post verstuurd, & <b>vergeten</b> {{ x }}"
    assert ("gestuurd op 15 oktober 2026. Pas op 23 november 2026 vastgelegd, omdat: per post verstuurd, & "
            "<b>vergeten</b> {{ x }}") in _timeline(db_url, landlord, case_id)


def test_a_backdated_reminder_with_its_copy_keeps_the_letter_as_a_document(db_url, landlord):
    case_id = _case(db_url, landlord)
    with session_for(db_url) as session:
        case_steps.record_written_reminder(session, landlord, case_id, on=dt.date(2026, 10, 15), today=TODAY,
                                           copy_name="C:\\brieven\\herinnering.pdf", copy_data=PDF)
    with session_for(db_url) as session:
        case = session.get(Case, case_id)
        document = session.get(Document, case.reminder_evidence_document_id)
        assert bytes(document.content) == PDF and document.filename == "herinnering.pdf"
        assert document.case_id == case_id and not document.shared_with_municipality
    assert "Kopie van de brief bewaard: herinnering.pdf" in _timeline(db_url, landlord, case_id)


@pytest.mark.parametrize("name, data, fragment", [
    ("brief.exe", b"MZ", "moet een .pdf, .docx, .jpg of .png zijn"),
    ("brief", PDF, "moet een .pdf, .docx, .jpg of .png zijn"),
    ("brief.pdf", b"", "is leeg"),
    ("brief.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "te groot: hoogstens 5 MB"),
    ("brief.png", b"GIF89a....", "geen echt PNG-bestand"),
])
def test_a_bad_copy_is_refused_in_dutch_and_nothing_is_saved(db_url, landlord, name, data, fragment):
    case_id = _case(db_url, landlord)
    _refused(db_url, case_id, lambda s: case_steps.record_written_reminder(
        s, landlord, case_id, on=dt.date(2026, 10, 15), today=TODAY, copy_name=name, copy_data=data), fragment)


def test_a_recent_reminder_needs_no_evidence(db_url, landlord):
    case_id = _case(db_url, landlord)
    with session_for(db_url) as session:
        case_steps.record_written_reminder(session, landlord, case_id, on=TODAY - dt.timedelta(days=3), today=TODAY)
    assert _counts(db_url, case_id)[0] == TODAY - dt.timedelta(days=3)


def test_text_of_the_maximum_length_saves_and_one_more_character_is_refused(db_url, landlord):
    case_id = _case(db_url, landlord)
    note = ("Gebeld met Jan & <Marie> over de huur. " * 30)[:999] + "x"  # exactly 1000 characters
    with session_for(db_url) as session:
        case_steps.record_contact_attempt(session, landlord, case_id, on=TODAY, channel="phone",
                                          outcome="reached", note=note, today=TODAY)
    with session_for(db_url) as session:
        assert session.exec(select(ContactAttempt.note)).one() == note
        summary = session.exec(select(AuditEvent.summary).where(AuditEvent.action == "case.contact_attempt")).one()
    assert len(summary) == 500 and summary.endswith("…") and summary.startswith("Contactpoging op 23 november 2026")
    _refused(db_url, case_id, lambda s: case_steps.record_contact_attempt(
        s, landlord, case_id, on=TODAY, channel="phone", outcome="reached", note=note + "y", today=TODAY),
        "De notitie is te lang: hoogstens 1000 tekens.")

    _refused(db_url, case_id, lambda s: case_steps.record_written_reminder(
        s, landlord, case_id, on=dt.date(2026, 10, 15), today=TODAY, reason="r" * 501),
        "De reden is te lang: hoogstens 500 tekens.")
    with session_for(db_url) as session:  # the longest evidence reason and close reason save too
        case_steps.record_written_reminder(session, landlord, case_id, on=dt.date(2026, 10, 15), today=TODAY,
                                           reason="r" * 500)
        case_steps.close_case(session, landlord, case_id, reason="z" * 300, today=TODAY)
    with session_for(db_url) as session:
        assert session.get(Case, case_id).close_reason == "z" * 300
