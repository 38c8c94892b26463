"""The Dossier in one read (naarnul.services.case_page), on SQLite and PostgreSQL: it shows exactly what the separate
use cases show (the case, its choices, deliveries, the route of a signal, the extra questions and answers, the summons
window), in one transaction of a few statements that writes nothing, and never anything of another landlord."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event
from sqlmodel import select

from naarnul import covenant, evidence
from naarnul.services import case_page as service
from naarnul.services import cases as case_service
from naarnul.services import custom_solutions as solution_service
from naarnul.services import evidence as evidence_service
from naarnul.services import form_questions, signal_delivery
from naarnul.users import Role
from store import settings as settings_store
from store.engine import get_engine, session_for
from store.models import Case, MunicipalitySignalChannel, RentPeriod, Signal, SignalDelivery
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.integration.test_arrangements_store import seed_case
from tests.integration.test_evidence_pack import TODAY, landlord, seed_evidence  # noqa: F401  (fixture)

FORMS = ("written_reminder", "signal", "arrangement")


def _with_everything(url, landlord) -> int:
    """seed_evidence (letters, a contact attempt, a withdrawn objection, a signal with feedback, a rent reduction, an
    arrangement) plus: a rent change, the signal's delivery by e-mail, extra questions with an answer, a closed case
    and a second open one."""
    case_id = seed_evidence(url, landlord)
    admin = add_user(url, Role.ADMIN, "beheer")
    with session_for(url) as session:
        case = session.get(Case, case_id)
        session.add(RentPeriod(tenancy_id=case.tenancy_id, landlord_id=landlord.id,
                               effective_from=dt.date(2026, 9, 1), monthly_rent_cents=85000))
        session.add(RentPeriod(tenancy_id=case.tenancy_id, landlord_id=landlord.id,
                               effective_from=dt.date(2026, 11, 1), monthly_rent_cents=87500))
        signal = session.exec(select(Signal).where(Signal.case_id == case_id)).one()
        session.add(SignalDelivery(signal_id=signal.id, landlord_id=landlord.id, case_id=case_id,
                                   municipality_code="GM0344", channel="email", address="vroeg@utrecht.nl"))
        session.add(MunicipalitySignalChannel(municipality_code="GM0344", channel="email",
                                              email="vroeg@utrecht.nl"))
    form_questions.save_form_questions(UnitOfWork(url), admin, form="written_reminder", rows=[
        {"key": "opmerking", "label": "Opmerking", "type": "tekst", "required": False, "help": "Mag leeg"},
        {"key": "kosten", "label": "Portokosten", "type": "bedrag", "required": False, "help": ""}])
    form_questions.save_form_questions(UnitOfWork(url), admin, form="signal", rows=[
        {"key": "spoed", "label": "Spoed?", "type": "keuze", "required": True, "help": "", "choices": "ja; nee"}])
    with session_for(url) as session:
        form_questions.record_answers(session, landlord, case_id, "written_reminder",
                                      {"opmerking": "Bel **niet** na 20 uur", "kosten": "1.234,50"}, TODAY)
    closed_id, _ = seed_case(url, landlord, street="Dorpsstraat")
    with session_for(url) as session:
        closed = session.get(Case, closed_id)
        closed.status, closed.closed_on, closed.close_reason = "closed", dt.date(2026, 11, 1), "betaald"
        session.add(closed)
    seed_case(url, landlord, street="Laan")
    return case_id


def _count(url, call):
    statements: list[str] = []

    def listen(conn, cursor, statement, *args):
        statements.append(statement)

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", listen)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return result, statements


def test_the_page_shows_what_each_use_case_shows_in_one_transaction(db_url, landlord):  # noqa: F811
    case_id = _with_everything(db_url, landlord)
    page, statements = _count(db_url, lambda: service.case_page(UnitOfWork(db_url), landlord, case_id=case_id,
                                                                today=TODAY))
    assert page.case_id == case_id
    assert page.view == case_service.show_case(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    assert page.choices == case_service.list_case_choices(UnitOfWork(db_url), landlord, today=TODAY)
    assert [c.label for c in page.choices][-1].endswith("(gesloten)") and len(page.choices) == 3
    assert page.deliveries == signal_delivery.deliveries_of_case(UnitOfWork(db_url), landlord, case_id=case_id)
    assert len(page.deliveries) == 1 and page.deliveries[0].waiting
    assert page.route == signal_delivery.route_for_case(UnitOfWork(db_url), landlord, case_id=case_id)
    assert page.route.address == "vroeg@utrecht.nl"
    assert page.answers == form_questions.case_answers(UnitOfWork(db_url), landlord, case_id=case_id)
    assert {a.key for a in page.answers} == {"opmerking", "kosten"}
    for form in FORMS:
        assert page.questions_for(form) == form_questions.questions_for_form(UnitOfWork(db_url), landlord, form=form)
    assert [q.key for q in page.questions_for("written_reminder")] == ["opmerking", "kosten"]
    assert page.summons and page.summons == evidence_service.summons_info(UnitOfWork(db_url), landlord,
                                                                          case_id=case_id, today=TODAY)
    # the ledger used the rent change and the reduction; the timeline and feedback are there
    assert any(row.charge for row in page.view.ledger_rows) and page.view.timeline and page.view.feedback
    assert len([s for s in statements if s.strip().upper().startswith("BEGIN")]) <= 1  # one transaction
    assert len(statements) <= 8, statements  # whatever the size of the portfolio
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_running_deferral_keeps_its_case_waiting_as_in_the_separate_read(db_url, landlord):  # noqa: F811
    # September and October paid, November deferred: nothing is due, yet the case waits for the deferral
    case_id, _ = seed_case(db_url, landlord, payments=[(dt.date(2026, 9, 1), 85000), (dt.date(2026, 11, 1), 85000)])
    solution_service.record_deferral(UnitOfWork(db_url), landlord, case_id=case_id,
                                     due_dates=[dt.date(2026, 11, 1)], until=dt.date(2027, 1, 15), today=TODAY)
    page = service.case_page(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    assert page.view == case_service.show_case(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    closing = next(step for step in page.view.steps if step.key == "closed")
    assert "uitstel van betaling tot 15 januari 2027" in closing.why


def test_an_unknown_or_someone_elses_case_opens_the_landlords_own_first_case(db_url, landlord):  # noqa: F811
    case_id = _with_everything(db_url, landlord)
    other = add_user(db_url, Role.LANDLORD, "klaas")
    assert service.case_page(UnitOfWork(db_url), other, case_id=case_id, today=TODAY) == \
        service.CasePage(choices=(), view=None)
    own_id, _ = seed_case(db_url, other, street="Markt")
    page = service.case_page(UnitOfWork(db_url), other, case_id=case_id, today=TODAY)
    assert page.case_id == own_id and [c.case_id for c in page.choices] == [own_id]
    assert page.deliveries == () and page.answers == () and page.summons == ""
    first = service.case_page(UnitOfWork(db_url), landlord, case_id=None, today=TODAY)
    assert first.case_id == first.choices[0].case_id


def test_the_settings_an_admin_saved_are_the_ones_the_page_uses(db_url, landlord):  # noqa: F811
    case_id = seed_evidence(db_url, landlord)
    admin = add_user(db_url, Role.ADMIN, "beheer")
    with session_for(db_url) as session:
        settings_store.save(session, admin, evidence.EvidenceSettings(summons_from_months=3, summons_until_months=9))
        settings_store.save(session, admin, covenant.CovenantSettings(reminder_backdate_days=7))
    page = service.case_page(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    assert "tussen 2 februari 2027 en 2 augustus 2027" in page.summons
    assert page.view.reminder_backdate_days == 7
