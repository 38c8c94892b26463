"""Extra questions on case forms (issue 16) through the real services, on SQLite and PostgreSQL: the admin's table,
answers stored with the case in the action's own transaction (a refused answer or action saves nothing), the
notification .docx holding the answers, and a landlord never reading another's answers. Also the version diff."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as WordDocument
from sqlmodel import select

from naarnul.docx_text import docx_text
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.services import admin as admin_service
from naarnul.services import arrangements as arrangement_service
from naarnul.services import cases as case_service
from naarnul.services import form_questions as service
from naarnul.services import templates as template_service
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store.engine import session_for
from store.models import Arrangement, Case, Document, FormAnswer, Signal
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile

DAY = dt.date(2026, 3, 16)
HOSTILE = "Smith & Sons <Ltd> {{ x }} {% if %} **vet**"

SIGNAL_ROWS = [
    {"key": "contact_tijd", "label": "Beste tijd om te bellen", "type": "tekst", "required": True, "help": "",
     "choices": ""},
    {"key": "bezoek_datum", "label": "Datum huisbezoek", "type": "datum", "required": False, "help": "",
     "choices": ""},
    {"key": "woonsituatie", "label": "Woonsituatie", "type": "keuze", "required": False, "help": "",
     "choices": "alleen; met kinderen"},
]


def open_case(url: str, landlord, street: str = "Damstraat") -> int:
    tenancy_id = tenancy_service.register_tenancy(
        UnitOfWork(url), landlord, today=DAY, street=street, house_number="12", postcode="1011 AB",
        place="Amsterdam", municipality_code="GM0363", monthly_rent="925,00", due_day=1,
        start_date=dt.date(2025, 11, 1),
        tenants=[{"name": "Jan de Vries", "salutation": "neutral", "phone": "0612345678",
                  "email": "jan@example.org"}], payer_ibans="").id
    with session_for(url) as session:
        return session.exec(select(Case.id).where(Case.tenancy_id == tenancy_id)).one()


def ready_for_signal(url: str, landlord, case_id: int) -> None:
    case_service.record_written_reminder(UnitOfWork(url), landlord, case_id=case_id,
                                         on=DAY - dt.timedelta(days=40), today=DAY, reason="Brief kwijt")
    case_service.record_contact_attempt(UnitOfWork(url), landlord, case_id=case_id,
                                        on=DAY - dt.timedelta(days=35), channel="phone", outcome="not_reached",
                                        today=DAY)


@pytest.fixture
def people(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    other = add_user(db_url, Role.LANDLORD, "klaas")
    with session_for(db_url) as session:
        fill_profile(session, landlord.id)
        fill_profile(session, other.id)
    return {"landlord": landlord, "other": other, "admin": add_user(db_url, Role.ADMIN, "beheer"),
            "liaison": add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")}


def stored_answers(url: str) -> list[tuple[int, str, str]]:
    with session_for(url) as session:
        return [(a.case_id, a.key, a.value) for a in session.exec(select(FormAnswer).order_by(FormAnswer.id))]


def test_the_answers_go_with_the_signal_into_the_notification_and_stay_with_the_case(db_url, people):
    landlord, admin = people["landlord"], people["admin"]
    saved = service.save_form_questions(UnitOfWork(db_url), admin, form="signal", rows=SIGNAL_ROWS)
    assert [q.key for q in saved] == ["contact_tijd", "bezoek_datum", "woonsituatie"]
    assert service.questions_for_form(UnitOfWork(db_url), landlord, form="signal") == saved
    case_id = open_case(db_url, landlord)
    ready_for_signal(db_url, landlord, case_id)

    case_service.send_signal(UnitOfWork(db_url), landlord, case_id=case_id, today=DAY,
                             answers={"contact_tijd": HOSTILE, "bezoek_datum": dt.date(2026, 3, 10),
                                      "woonsituatie": None})
    assert stored_answers(db_url) == [(case_id, "contact_tijd", HOSTILE), (case_id, "bezoek_datum", "2026-03-10")]
    with session_for(db_url) as session:
        notification = session.exec(select(Document).where(Document.case_id == case_id,
                                                           Document.template_name == "notification")).one()
        text = docx_text(bytes(notification.content))
    assert "Aanvullende gegevens" in text
    assert f"Beste tijd om te bellen\t{HOSTILE}" in text  # literal in the .docx: autoescape
    assert "Datum huisbezoek\t10 maart 2026" in text
    answers = service.case_answers(UnitOfWork(db_url), landlord, case_id=case_id)
    assert [(a.label, a.value) for a in answers] == [("Beste tijd om te bellen", HOSTILE),
                                                     ("Datum huisbezoek", "2026-03-10")]


@pytest.mark.parametrize("answers, expected", [
    ({}, "'Beste tijd om te bellen' is verplicht."),
    ({"contact_tijd": "ochtend", "bezoek_datum": "gisteren"}, "geen geldige datum"),
    ({"contact_tijd": "ochtend", "woonsituatie": "in een tent"}, "kies een van"),
])
def test_a_wrong_answer_sends_no_signal_and_saves_nothing(db_url, people, answers, expected):
    landlord = people["landlord"]
    service.save_form_questions(UnitOfWork(db_url), people["admin"], form="signal", rows=SIGNAL_ROWS)
    case_id = open_case(db_url, landlord)
    ready_for_signal(db_url, landlord, case_id)
    with pytest.raises(ValidationError) as caught:
        case_service.send_signal(UnitOfWork(db_url), landlord, case_id=case_id, today=DAY, answers=answers)
    assert any(expected in p for p in caught.value.problems), caught.value.problems
    with session_for(db_url) as session:
        assert session.exec(select(Signal)).all() == []
        assert session.exec(select(Document)).all() == []
    assert stored_answers(db_url) == []


def test_a_refused_signal_keeps_no_answers(db_url, people):
    landlord = people["landlord"]
    service.save_form_questions(UnitOfWork(db_url), people["admin"], form="signal", rows=SIGNAL_ROWS)
    case_id = open_case(db_url, landlord)  # no reminder and no contact yet: the signal is not allowed
    with pytest.raises(ValidationError):
        case_service.send_signal(UnitOfWork(db_url), landlord, case_id=case_id, today=DAY,
                                 answers={"contact_tijd": "ochtend"})
    assert stored_answers(db_url) == []


def test_a_landlord_never_reads_or_writes_anothers_answers(db_url, people):
    landlord, other = people["landlord"], people["other"]
    service.save_form_questions(UnitOfWork(db_url), people["admin"], form="written_reminder", rows=[
        {"key": "verzonden_per", "label": "Verzonden per", "type": "keuze", "required": True, "help": "",
         "choices": "post; e-mail"}])
    case_id = open_case(db_url, landlord)
    case_service.record_written_reminder(UnitOfWork(db_url), landlord, case_id=case_id, on=DAY, today=DAY,
                                         answers={"verzonden_per": "post"})
    assert stored_answers(db_url) == [(case_id, "verzonden_per", "post")]
    with pytest.raises(NotFound):
        service.case_answers(UnitOfWork(db_url), other, case_id=case_id)
    with pytest.raises(NotFound):
        case_service.record_written_reminder(UnitOfWork(db_url), other, case_id=case_id, on=DAY, today=DAY,
                                             answers={"verzonden_per": "e-mail"})
    for outsider in (people["admin"], people["liaison"]):
        with pytest.raises(NotAllowed):
            service.case_answers(UnitOfWork(db_url), outsider, case_id=case_id)
    assert stored_answers(db_url) == [(case_id, "verzonden_per", "post")]
    # the other landlord's own document does not see them either
    other_case = open_case(db_url, other, street="Kerkstraat")
    case_service.record_written_reminder(UnitOfWork(db_url), other, case_id=other_case, on=DAY, today=DAY,
                                         answers={"verzonden_per": "e-mail"})
    assert [(a.key, a.value) for a in service.case_answers(UnitOfWork(db_url), landlord, case_id=case_id)] == [
        ("verzonden_per", "post")]


def test_the_arrangement_answer_is_saved_with_the_arrangement_and_a_wrong_one_saves_neither(db_url, people):
    landlord = people["landlord"]
    service.save_form_questions(UnitOfWork(db_url), people["admin"], form="arrangement", rows=[
        {"key": "eerste_bedrag", "label": "Al betaald bij het gesprek", "type": "bedrag", "required": True,
         "help": "", "choices": ""}])
    case_id = open_case(db_url, landlord)
    kwargs = dict(case_id=case_id, instalment=None, months=3, start=DAY, payment_day=20, today=DAY)
    with pytest.raises(ValidationError, match="negatief"):
        arrangement_service.make_arrangement(UnitOfWork(db_url), landlord, **kwargs, answers={"eerste_bedrag": "-1"})
    with session_for(db_url) as session:
        assert session.exec(select(Arrangement)).all() == []
    assert stored_answers(db_url) == []
    arrangement_service.make_arrangement(UnitOfWork(db_url), landlord, **kwargs, answers={"eerste_bedrag": "50,00"})
    assert stored_answers(db_url) == [(case_id, "eerste_bedrag", "50.00")]


def test_only_an_admin_changes_questions_and_a_wrong_table_changes_nothing(db_url, people):
    admin = people["admin"]
    service.save_form_questions(UnitOfWork(db_url), admin, form="signal", rows=SIGNAL_ROWS)
    with pytest.raises(NotAllowed):
        service.save_form_questions(UnitOfWork(db_url), people["landlord"], form="signal", rows=[])
    with pytest.raises(ValidationError) as caught:
        service.save_form_questions(UnitOfWork(db_url), admin, form="arrangement", rows=[
            {"key": "contact_tijd", "label": "Dubbel", "type": "tekst"},
            {"key": "arrears_total", "label": "Schaduw", "type": "tekst"}])
    assert any("al gebruikt bij het formulier 'Melding aan de gemeente'" in p for p in caught.value.problems)
    assert any("al een veld uit de zaak" in p for p in caught.value.problems)
    assert service.list_form_questions(UnitOfWork(db_url), admin, form="arrangement") == ()
    with pytest.raises(ValidationError):
        service.save_form_questions(UnitOfWork(db_url), admin, form="signal", rows=[{"key": "", "label": "Vraag"}])
    assert [q.key for q in service.list_form_questions(UnitOfWork(db_url), admin, form="signal")] == [
        "contact_tijd", "bezoek_datum", "woonsituatie"]
    # a question removed from the table is gone from the form
    service.save_form_questions(UnitOfWork(db_url), admin, form="signal", rows=SIGNAL_ROWS[1:])
    assert [q.key for q in service.questions_for_form(UnitOfWork(db_url), people["landlord"], form="signal")] == [
        "bezoek_datum", "woonsituatie"]


def test_two_versions_of_a_template_are_compared_by_their_text(db_url, people):
    admin = people["admin"]
    shipped = template_service.template_file(UnitOfWork(db_url), admin, name="invitation").docx
    document = WordDocument(io.BytesIO(shipped))
    document.add_paragraph("Wij drinken graag een kop koffie met u & uw familie.")
    buffer = io.BytesIO()
    document.save(buffer)
    template_service.upload_template(UnitOfWork(db_url), admin, name="invitation", docx=buffer.getvalue(),
                                     spec_yaml=None)
    versions = next(t for t in template_service.list_templates(UnitOfWork(db_url), admin)
                    if t.name == "invitation").versions
    assert [v.id is None for v in versions] == [True, False]
    comparison = template_service.compare_versions(UnitOfWork(db_url), admin, name="invitation",
                                                   old_version_id=None, new_version_id=versions[1].id)
    assert [line.text for line in comparison.diff.lines if line.kind == "added"] == [
        "Wij drinken graag een kop koffie met u & uw familie."]
    assert comparison.diff.removed == 0 and comparison.old_label.startswith("meegeleverd")
    with pytest.raises(NotAllowed):
        template_service.compare_versions(UnitOfWork(db_url), people["landlord"], name="invitation",
                                          old_version_id=None, new_version_id=versions[1].id)
    with pytest.raises(NotFound):
        template_service.compare_versions(UnitOfWork(db_url), admin, name="invitation", old_version_id=None,
                                          new_version_id=99999)


def test_anonymising_a_closed_case_deletes_its_answers(db_url, people):
    landlord = people["landlord"]
    service.save_form_questions(UnitOfWork(db_url), people["admin"], form="written_reminder", rows=[
        {"key": "opmerking", "label": "Opmerking", "type": "tekst", "required": False, "help": "", "choices": ""}])
    case_id = open_case(db_url, landlord)
    kept_case = open_case(db_url, landlord, street="Kerkstraat")
    for case in (case_id, kept_case):
        case_service.record_written_reminder(UnitOfWork(db_url), landlord, case_id=case, on=DAY, today=DAY,
                                             answers={"opmerking": "Jan zegt: bel mijn zus"})
    with session_for(db_url) as session:
        case = session.get(Case, case_id)
        case.status, case.closed_on, case.close_reason = "closed", DAY, "betaald"
        session.add(case)
    later = DAY + dt.timedelta(days=3 * 366)
    assert admin_service.anonymise_cases(UnitOfWork(db_url), people["admin"], case_ids=[case_id], today=later) == 1
    assert stored_answers(db_url) == [(kept_case, "opmerking", "Jan zegt: bel mijn zus")]
