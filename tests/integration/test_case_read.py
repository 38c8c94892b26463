"""One read of a case's covenant steps (issue 14) on SQLite and PostgreSQL: the facts, the guide and the signal
check come from the Dossier's own store reads (store.cases.case_read) in three statements, and they are the facts the
daily refresh gathers for many cases at once (store.cases.facts); the template offering adds one statement."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from naarnul import covenant
from naarnul.errors import NotFound
from naarnul.services import case_steps
from naarnul.services import template_builder as builder
from naarnul.services import templates as template_service
from naarnul.users import Role
from store import cases as case_store
from store import settings as settings_store
from store import templates as template_store
from store import tenancies as tenancy_store
from store.engine import session_for
from store.models import Arrangement, CustomSolution, Feedback, Objection, Payment, Signal
from store.unit_of_work import UnitOfWork
from tests.app.test_reads_never_write import StatementCounter
from tests.conftest import add_user
from tests.integration.test_liaison_store import TODAY, seed_signal
from tests.integration.test_template_builder import MISSED_VISIT


def _selects(counter: StatementCounter) -> list[str]:
    """The reads (BEGIN is the transaction the caller opened)."""
    return [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]


@pytest.fixture
def people(db_url):
    return add_user(db_url, Role.ADMIN, "beheer"), add_user(db_url, Role.LANDLORD, "piet"), \
        add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")


def _rich_case(url, landlord, liaison) -> int:
    """A case with every kind of row the rules read: two signals whose feedback interleaves, two objections (the
    latest one counts), a replaced and an active arrangement, a running deferral, a payment."""
    seeded = seed_signal(url, landlord, "GM0363", sent_on=dt.date(2026, 10, 20))
    case_id = seeded["case_id"]
    with session_for(url) as session:
        first = session.get(Signal, seeded["signal_id"])
        second = Signal(reference=f"NN-{case_id:05d}-2", case_id=case_id, tenancy_id=first.tenancy_id,
                        landlord_id=landlord.id, municipality_code="GM0363", sent_on=dt.date(2026, 11, 10),
                        arrears_cents=200000, arrears_months=3, oldest_unpaid_due=dt.date(2026, 9, 1),
                        tenant_names="Jan de Vries", postcode="1011 AB", payload="{}")
        session.add(second)
        session.flush()
        for signal, on, outcome in ((first, dt.date(2026, 10, 25), "no_contact"),
                                    (second, dt.date(2026, 11, 12), "follow_up_help"),
                                    (first, dt.date(2026, 11, 15), "no_contact")):
            session.add(Feedback(signal_id=signal.id, municipality_code="GM0363", landlord_id=landlord.id,
                                 liaison_id=liaison.id, on_date=on, outcome=outcome, help_accepted=on.month == 11))
        session.add(Objection(case_id=case_id, landlord_id=landlord.id, received_on=dt.date(2026, 10, 1),
                              channel="letter"))
        session.add(Objection(case_id=case_id, landlord_id=landlord.id, received_on=dt.date(2026, 10, 8),
                              channel="email", withdrawn_on=dt.date(2026, 10, 12)))
        for status in ("replaced", "active"):
            session.add(Arrangement(case_id=case_id, landlord_id=landlord.id, status=status,
                                    valid_from=dt.date(2026, 11, 1), created_on=dt.date(2026, 11, 1),
                                    start_date=dt.date(2026, 12, 1), payment_day=1, total_cents=185000,
                                    schedule="[]"))
        session.add(CustomSolution(case_id=case_id, tenancy_id=first.tenancy_id, landlord_id=landlord.id,
                                   kind="deferral", created_on=dt.date(2026, 11, 1), start_date=dt.date(2026, 11, 1),
                                   end_date=dt.date(2026, 12, 31), months='["2026-11-01"]'))
        session.add(Payment(tenancy_id=first.tenancy_id, landlord_id=landlord.id, paid_on=dt.date(2026, 11, 3),
                            amount_cents=40000, description="deel"))
    return case_id


def test_the_one_read_gives_the_facts_the_refresh_gathers(db_url, people):
    admin, landlord, liaison = people
    case_id = _rich_case(db_url, landlord, liaison)
    with session_for(db_url) as session:
        settings_store.save(session, admin, dataclasses.replace(covenant.CovenantSettings(), signal_after_reminder_days=21))
    with session_for(db_url) as session:
        case = case_store.get_case(session, landlord, case_id)
        tenancy = tenancy_store.get_tenancy(session, landlord, case.tenancy_id)
        arrears = tenancy_store.tenancy_arrears(session, landlord, case.tenancy_id, TODAY)
        gathered = case_store.facts(session, landlord, case, tenancy, arrears)
        stored_settings = case_steps.settings(session)
    assert len(gathered.signals) == 2 and len(gathered.feedback) == 3 and len(gathered.contact_attempts) == 1
    assert gathered.objection is not None and gathered.objection.withdrawn_on == dt.date(2026, 10, 12)
    assert gathered.arrangement is not None and gathered.arrangement.status == "active"
    assert gathered.deferred_until == dt.date(2026, 12, 31)
    assert [f.received_on for f in gathered.feedback] == sorted(f.received_on for f in gathered.feedback)
    assert stored_settings.signal_after_reminder_days == 21

    with session_for(db_url) as session:
        read = case_steps.read_case(session, landlord, case_id)
        assert case_steps.facts_of(read, TODAY) == gathered
        assert case_steps.settings_of(read) == stored_settings
        assert case_steps.ledger_of(read, TODAY)[1] == arrears
        assert case_steps.steps_of(read, TODAY) == covenant.guide(gathered, stored_settings, TODAY)


@pytest.mark.parametrize("question", ["case_facts", "guide", "signal_status"])
def test_each_question_about_a_case_reads_three_statements(db_url, people, question):
    _, landlord, liaison = people
    case_id = _rich_case(db_url, landlord, liaison)
    with session_for(db_url) as session:
        with StatementCounter(db_url) as counter:
            answer = getattr(case_steps, question)(session, landlord, case_id, TODAY)
    assert answer
    assert len(_selects(counter)) <= 3, counter.statements
    assert counter.writes == []


def test_the_offering_reads_the_steps_once_and_only_when_a_builder_template_exists(db_url, people):
    admin, landlord, liaison = people
    case_id = _rich_case(db_url, landlord, liaison)
    with session_for(db_url) as session:
        with StatementCounter(db_url) as counter:
            offered = template_service.offered_names(session, landlord, case_id, TODAY, names=["reminder"])
    assert offered == ("reminder",)
    assert len(_selects(counter)) <= 1, counter.statements  # the offerings only
    analysis = builder.analyse_template(admin, docx=MISSED_VISIT)
    for step in ("signal", "written_reminder"):  # the newest offering counts
        builder.publish_template(UnitOfWork(db_url), admin, docx=MISSED_VISIT, name="gemist", title="Wij misten u",
                                 rows=[dict(row) for row in analysis.rows], step=step, role="landlord")
    with session_for(db_url) as session:
        specs, offerings = template_store.specs_and_offerings_to_choose(session)
        assert offerings == template_store.active_offerings(session) == {"gemist": ("written_reminder", "landlord")}
        assert specs == template_store.active_specs_to_choose(session)
    with session_for(db_url) as session:
        with StatementCounter(db_url) as counter:
            offered = template_service.offered_names(session, landlord, case_id, TODAY, names=["reminder", "gemist"])
    assert offered == ("reminder", "gemist")  # the case has its written reminder
    assert len(_selects(counter)) <= 4, counter.statements


def test_someone_elses_case_is_not_found(db_url, people):
    _, landlord, liaison = people
    case_id = _rich_case(db_url, landlord, liaison)
    other = add_user(db_url, Role.LANDLORD, "klaas")
    with session_for(db_url) as session:
        for question in (case_steps.read_case, case_steps.case_facts, case_steps.guide, case_steps.signal_status):
            with pytest.raises(NotFound):
                question(session, other, case_id, *([TODAY] if question is not case_steps.read_case else []))
