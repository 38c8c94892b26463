"""The liaison's use cases (naarnul.services.signals) on SQLite and PostgreSQL: reads write nothing, actions are
recorded once, times are Dutch, the longest allowed note saves."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event
from sqlmodel import select

from naarnul.errors import ValidationError
from naarnul.services import cases as case_service
from naarnul.services import signals as signal_service
from naarnul.users import Role
from store.engine import get_engine, session_for
from store.models import AuditEvent, Case, Document, Feedback
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.integration.test_liaison_store import TODAY, seed_signal


@pytest.fixture
def ams(db_url):
    return add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")


@pytest.fixture
def landlord(db_url):
    return add_user(db_url, Role.LANDLORD, "piet")


def test_reading_the_inbox_and_a_signal_sends_no_write(db_url, ams, landlord):
    seeded = seed_signal(db_url, landlord, "GM0363")
    writes = []

    def listener(_connection, _cursor, statement, *_):
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    engine = get_engine(db_url)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        inbox = signal_service.list_inbox(UnitOfWork(db_url), ams)
        view = signal_service.view_signal(UnitOfWork(db_url), ams, signal_id=seeded["signal_id"])
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert writes == []
    assert inbox.municipality_name == "Amsterdam" and [r.tenant_names for r in inbox.rows] == ["Jan de Vries"]
    assert view.status == "new" and view.documents[0].title == "Melding aan de gemeente 1"


def test_a_document_time_is_shown_in_amsterdam_time(db_url, ams, landlord):
    seeded = seed_signal(db_url, landlord, "GM0363")
    with session_for(db_url) as session:
        document = session.get(Document, seeded["document_ids"][0])
        # stored UTC: 1 December, 00:30 in Amsterdam
        document.created_at = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.timezone.utc)
        session.add(document)
    view = signal_service.view_signal(UnitOfWork(db_url), ams, signal_id=seeded["signal_id"])
    moment = view.documents[0].created_at
    assert (moment.date(), moment.hour, moment.minute) == (dt.date(2026, 12, 1), 0, 30)


def test_the_same_feedback_twice_is_recorded_once_and_the_longest_note_saves(db_url, ams, landlord):
    seeded = seed_signal(db_url, landlord, "GM0363")
    note = "Gesprek & afspraak <gepland> {{ x }} " * 200
    note = note[:signal_service.NOTE_MAX]
    for _ in range(2):
        signal_service.record_feedback(UnitOfWork(db_url), ams, signal_id=seeded["signal_id"], on_date=TODAY,
                                       outcome="follow_up_help", help_accepted=True, liaison_note=note, today=TODAY)
    with session_for(db_url) as session:
        assert [f.liaison_note for f in session.exec(select(Feedback))] == [note.strip()]
        assert [e.action for e in session.exec(select(AuditEvent).where(AuditEvent.actor_id == ams.id))
                if not e.action.startswith("user.")] == ["feedback.recorded"]
    with pytest.raises(ValidationError, match="te lang"):
        signal_service.record_feedback(UnitOfWork(db_url), ams, signal_id=seeded["signal_id"], on_date=TODAY,
                                       outcome="quick_fix", help_accepted=False, liaison_note="x" * 5001,
                                       today=TODAY)


def test_taking_a_signal_in_progress_is_recorded_once(db_url, ams, landlord):
    seeded = seed_signal(db_url, landlord, "GM0363")
    assert signal_service.start_handling(UnitOfWork(db_url), ams, signal_id=seeded["signal_id"], today=TODAY) is True
    assert signal_service.start_handling(UnitOfWork(db_url), ams, signal_id=seeded["signal_id"], today=TODAY) is False
    with session_for(db_url) as session:
        timeline = [e.summary for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == seeded["case_id"]))]
    assert timeline == ["De gemeente heeft de melding in behandeling genomen"]



def test_feedback_brings_the_landlords_next_step_up_to_date_without_bijwerken(db_url, ams, landlord):
    """Vandaag lists cases by the next step stored on the case: recording feedback recomputes it at once."""
    seeded = seed_signal(db_url, landlord, "GM0363")
    case_service.refresh_figures(UnitOfWork(db_url), landlord, today=TODAY)
    with session_for(db_url) as session:  # a step stored before the municipality answered
        case = session.get(Case, seeded["case_id"])
        case.next_step, case.next_due = "signal", TODAY - dt.timedelta(days=3)
        session.add(case)
    before = case_service.show_today(UnitOfWork(db_url), landlord, today=TODAY)
    assert [line.case_id for line in before.cases] == [seeded["case_id"]] and before.overdue_steps == 1

    signal_service.record_feedback(UnitOfWork(db_url), ams, signal_id=seeded["signal_id"], on_date=TODAY,
                                   outcome="follow_up_help", help_accepted=True, today=TODAY)

    after = case_service.show_today(UnitOfWork(db_url), landlord, today=TODAY)
    assert after.cases == () and after.overdue_steps == 0 and after.cases_needing_action == 0
    assert not after.freshness.stale  # nothing for the landlord to "Bijwerken"
    with session_for(db_url) as session:
        assert (session.get(Case, seeded["case_id"]).next_step,
                session.get(Case, seeded["case_id"]).next_due) == ("", None)
