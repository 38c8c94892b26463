"""The template builder's preview with a real case (issue 16), on SQLite and PostgreSQL: the admin picks a case from
a list without names or addresses; the letter holds the case's real amounts, dates and steps but the sample case's
names, addresses and contact details (AVG data minimisation); every such preview is in the audit log with the case
id, and only an admin can make one."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import format_money
from naarnul.services import cases as case_service
from naarnul.services import form_questions as question_service
from naarnul.services import template_builder as builder
from naarnul.users import Role
from store import cases as case_store
from store import documents as document_store
from store.engine import session_for
from store.models import AuditEvent, Case, LandlordProfile
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile
from tests.integration.test_form_questions_store import DAY, HOSTILE, SIGNAL_ROWS, open_case, ready_for_signal
from tests.unit.test_field_inference import build_docx

LETTER = build_docx(
    "{{ greeting }},",
    "Uw huurachterstand is {{ arrears_total }}, sinds {{ arrears_since }}. De huur is {{ monthly_rent }}.",
    "Wij schreven u op {{ reminder_date }}. Onze melding {{ signal_reference }} ging op {{ signal_date }} naar de "
    "gemeente {{ municipality_name }}.",
    "Huurder: {{ tenant_names }}, {{ home_address }}. Telefoon {{ tenants[0].phone }}, e-mail {{ tenants[0].email }}.",
    "Bellen: {{ extra.contact_tijd }}. Huisbezoek: {{ extra.bezoek_datum }}.",
    "Wij komen langs op {{ afspraak_datum }}.",
    "Met vriendelijke groet,",
    "{{ landlord_name }}, rekening {{ landlord_iban }}, {{ landlord_contact_person }}",
)
REAL_LANDLORD = {"name": "Woningverhuur Jansen", "contact_person": "Karel Jansen", "street": "Havenweg",
                 "house_number": "7", "postcode": "9711 AA", "place": "Groningen", "phone": "050 7654321",
                 "email": "karel@jansen.example", "iban": "NL20INGB0001234567"}
PERSONAL = ("Jan de Vries", "Damstraat", "1011 AB", "0612345678", "jan@example.org", HOSTILE, "Havenweg 7", "NL20 INGB",
            *(value for key, value in REAL_LANDLORD.items() if key not in ("street", "house_number")))


@pytest.fixture
def world(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    liaison = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    with session_for(db_url) as session:
        fill_profile(session, landlord.id)
        profile = session.get(LandlordProfile, landlord.id)
        for key, value in REAL_LANDLORD.items():
            setattr(profile, key, value)
        session.add(profile)
    question_service.save_form_questions(UnitOfWork(db_url), admin, form="signal", rows=SIGNAL_ROWS)
    case_id = open_case(db_url, landlord)
    ready_for_signal(db_url, landlord, case_id)
    case_service.send_signal(UnitOfWork(db_url), landlord, case_id=case_id, today=DAY,
                             answers={"contact_tijd": HOSTILE, "bezoek_datum": dt.date(2026, 3, 10)})
    quiet_case = open_case(db_url, landlord, street="Kerkstraat")  # no reminder, no signal
    return {"admin": admin, "landlord": landlord, "liaison": liaison, "case_id": case_id, "quiet_case": quiet_case}


def _rows(admin):
    return [dict(row) for row in builder.analyse_template(admin, docx=LETTER).rows]


def _preview(url, actor, case_id, rows):
    return builder.preview_template_with_case(UnitOfWork(url), actor, docx=LETTER, name="bezoek", title="Bezoek",
                                              rows=rows, case_id=case_id, today=DAY, images=False)


def _preview_events(url):
    with session_for(url) as session:
        return [(e.actor_id, e.case_id, e.landlord_id, e.summary)
                for e in session.exec(select(AuditEvent).where(AuditEvent.action == "template.previewed_with_case"))]


def test_the_preview_holds_the_real_figures_and_the_sample_people_and_is_audited(db_url, world):
    admin, landlord, case_id = world["admin"], world["landlord"], world["case_id"]
    with session_for(db_url) as session:
        real = document_store.document_case(session, landlord, case_id, DAY)  # what the landlord's letters use
        reference = real.reference
    assert real.arrears.total == 4625  # five months of € 925
    rows = _rows(admin)

    preview = _preview(db_url, admin, case_id, rows)

    text = preview.text
    assert f"Uw huurachterstand is {format_money(real.arrears.total)}, sinds 1 november 2025." in text
    assert f"De huur is {format_money(real.monthly_rent)}." in text
    assert "Wij schreven u op 4 februari 2026." in text  # the recorded reminder: DAY - 40 days
    assert f"Onze melding {real.signal.reference} ging op 16 maart 2026 naar de gemeente Amsterdam." in text
    assert "Huisbezoek: 10 maart 2026." in text  # a date answer is a figure: the case's own
    assert f"Bellen: {builder.SAMPLE_TEXT_ANSWER}." in text  # a free-text answer may name people: the sample's
    assert "Huurder: Sam de Vries, Dorpsstraat 12 A, 1234 AB Amsterdam." in text  # the sample case's people
    assert "Verhuur De Linde, rekening NL91 ABNA 0417 1643 00, Anna de Linde" in text
    for personal in PERSONAL:
        assert personal not in text, personal
    assert preview.note == (f"Bedragen en data komen uit zaak {reference} (zaak {case_id}); namen en adressen zijn "
                            "voorbeeldgegevens.")

    events = _preview_events(db_url)
    assert len(events) == 1
    actor_id, event_case, event_landlord, summary = events[0]
    assert (actor_id, event_case, event_landlord) == (admin.id, case_id, None)
    assert "bezoek" in summary and reference in summary
    with session_for(db_url) as session:
        timeline = case_store.timeline(session, landlord, case_id)
    assert not any(line["action"] == "template.previewed_with_case" for line in timeline)  # not a step on the case


def test_the_case_list_names_no_tenant_and_no_address(db_url, world):
    choices = builder.preview_cases(UnitOfWork(db_url), world["admin"])
    assert [c.case_id for c in choices] == [world["quiet_case"], world["case_id"]]  # newest first
    label = next(c.label for c in choices if c.case_id == world["case_id"])
    with session_for(db_url) as session:
        reference = document_store.document_case(session, world["landlord"], world["case_id"], DAY).reference
    assert label.startswith(f"{reference} (zaak {world['case_id']}) · Amsterdam · ")
    assert label.endswith(format_money(4625))
    for choice in choices:
        for personal in ("Jan de Vries", "Damstraat", "Kerkstraat", "1011 AB"):
            assert personal not in choice.label
    assert _preview_events(db_url) == []  # listing is a read


def test_a_closed_case_is_not_offered_nor_previewed(db_url, world):
    with session_for(db_url) as session:
        case = session.get(Case, world["quiet_case"])
        case.status = "closed"
        session.add(case)
    assert [c.case_id for c in builder.preview_cases(UnitOfWork(db_url), world["admin"])] == [world["case_id"]]
    with pytest.raises(NotFound):
        _preview(db_url, world["admin"], world["quiet_case"], _rows(world["admin"]))
    with pytest.raises(NotFound):
        _preview(db_url, world["admin"], 999_999, _rows(world["admin"]))
    assert _preview_events(db_url) == []


def test_a_case_without_the_needed_step_gives_a_dutch_message_and_records_nothing(db_url, world):
    with pytest.raises(ValidationError) as error:
        _preview(db_url, world["admin"], world["quiet_case"], _rows(world["admin"]))
    assert all(p.startswith("Het voorbeeld met zaak ") for p in error.value.problems), error.value.problems
    assert _preview_events(db_url) == []


def test_only_an_admin_may_preview_with_a_real_case(db_url, world):
    rows = _rows(world["admin"])
    for actor in (world["landlord"], world["liaison"]):
        with pytest.raises(NotAllowed):
            _preview(db_url, actor, world["case_id"], rows)
        with pytest.raises(NotAllowed):
            builder.preview_cases(UnitOfWork(db_url), actor)
        with session_for(db_url) as session:  # the store's read refuses too, not only the service
            with pytest.raises(NotAllowed):
                document_store.case_json_for_template_preview(session, actor, world["case_id"], DAY)
            with pytest.raises(NotAllowed):
                document_store.cases_for_template_preview(session, actor)
    assert _preview_events(db_url) == []
