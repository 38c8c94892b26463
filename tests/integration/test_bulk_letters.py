"""Bulk reminders (naarnul.services.letters.make_reminders / letter_making.make_many) on SQLite and PostgreSQL:
the letters render in parallel sandbox workers while the service reads and keeps them a batch at a time; every
stored letter holds its own case's text, a case with a problem is named in Dutch and leaves nothing behind, one
worker or two give the same letters, and a bulk reminder records the same covenant step as a single one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from naarnul.documents import docx_text
from naarnul.services import letter_making
from naarnul.services import letters as letters_service
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, Case, Document, Payment, RefreshState, Tenancy, Tenant
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile

TODAY = dt.date(2026, 11, 23)
HOSTILE = "& < > {{ 7*7 }} {% if %} *vet*"


def seed(url: str, actor, count: int, *, without_tenant: tuple[int, ...] = ()) -> list[int]:
    """`count` cases with arrears, each with its own tenant name; the numbers in `without_tenant` get no tenant."""
    with session_for(url) as session:
        fill_profile(session, actor.id)
        case_ids = []
        for number in range(count):
            tenancy = Tenancy(landlord_id=actor.id, street="Dorpsstraat", house_number=str(number + 1),
                              postcode="1234 AB", place="Amsterdam", municipality_code="GM0363",
                              monthly_rent_cents=85000, due_day=1, start_date=dt.date(2026, 8, 1))
            session.add(tenancy)
            session.flush()
            if number not in without_tenant:
                session.add(Tenant(tenancy_id=tenancy.id, landlord_id=actor.id,
                                   name=f"Huurder{number:03d} {HOSTILE}", salutation="mevrouw"))
            session.add(Payment(tenancy_id=tenancy.id, landlord_id=actor.id, paid_on=dt.date(2026, 8, 3),
                                amount_cents=85000))
            case = Case(tenancy_id=tenancy.id, landlord_id=actor.id, opened_on=dt.date(2026, 9, 2))
            session.add(case)
            session.flush()
            case_ids.append(case.id)
        session.commit()
    return case_ids


@pytest.fixture
def landlord(db_url):
    return add_user(db_url, Role.LANDLORD, "bulk")


def texts_in(session, case_ids: list[int]) -> dict[int, str]:
    rows = session.exec(select(Document).where(Document.case_id.in_(case_ids))).all()  # type: ignore[attr-defined]
    return {row.case_id: docx_text(bytes(row.content)) for row in rows}


def stored(url: str, case_ids: list[int]) -> dict[int, str]:
    with session_for(url) as session:
        return texts_in(session, case_ids)


@pytest.mark.parametrize("processes", [1, 2])
def test_bulk_reminders_each_hold_their_own_case_and_a_problem_saves_nothing(db_url, landlord, processes):
    case_ids = seed(db_url, landlord, 13, without_tenant=(6,))
    seen = []
    result = letter_making.make_many(db_url, landlord, case_ids, "reminder", TODAY, processes=processes, chunk=4,
                                     progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (13, 13) and [done for done, _ in seen] == list(range(1, 14))
    assert len(result["made"]) == 12
    assert [case_id for case_id, _ in result["problems"]] == [case_ids[6]]
    assert "huurder" in result["problems"][0][1].lower()  # the Dutch reason (no tenant yet)
    texts = stored(db_url, case_ids)
    assert case_ids[6] not in texts  # nothing half-saved for the case with a problem
    for number, case_id in enumerate(case_ids):
        if number == 6:
            continue
        text = texts[case_id]
        assert f"Huurder{number:03d} {HOSTILE}" in text  # the tenant of this case, literally
        assert not any(f"Huurder{other:03d}" in text for other in range(13) if other != number)
    with session_for(db_url) as session:
        cases = {c.id: c for c in session.exec(select(Case).where(Case.id.in_(case_ids)))}  # type: ignore
        assert cases[case_ids[6]].reminder_on is None
        assert all(cases[c].reminder_on == TODAY for c in case_ids if c != case_ids[6])
        generated = session.exec(select(AuditEvent).where(AuditEvent.action == "document.generated")).all()
        assert len(generated) == 12


def test_one_worker_and_two_make_the_same_letters(db_url, landlord):
    made = {}
    for processes in (1, 2):
        case_ids = seed(db_url, landlord, 8)  # the same tenants and homes each time, other references
        result = letter_making.make_many(db_url, landlord, case_ids, "reminder", TODAY, processes=processes,
                                         chunk=3)
        assert len(result["made"]) == 8 and result["problems"] == []
        texts = stored(db_url, case_ids)
        made[processes] = [re.sub(r"NN-\d+", "NN-…", texts[case_id]) for case_id in case_ids]
    assert made[1] == made[2]


def test_a_bulk_reminder_records_the_step_as_a_single_letter_does(db_url, landlord):
    """The next step of the cases kept in one batch is refreshed at once: the same step, due date, timeline and
    covenant dates as the reminder made for one case on the Brieven page."""
    case_ids = seed(db_url, landlord, 5)
    with session_for(db_url) as session:
        for case_id in case_ids:
            tenancy_id = session.get(Case, case_id).tenancy_id
            session.add(RefreshState(landlord_id=landlord.id, tenancy_id=tenancy_id, computed_on=TODAY,
                                      recheck_on=TODAY))
        session.commit()
    letters_service.make_letter(UnitOfWork(db_url), landlord, case_id=case_ids[0], template_name="reminder",
                                values={}, today=TODAY)
    result = letters_service.make_reminders(UnitOfWork(db_url), landlord, case_ids=tuple(case_ids[1:]), today=TODAY)
    assert len(result.made) == 4 and result.problems == ()
    with session_for(db_url) as session:
        cases = [session.get(Case, case_id) for case_id in case_ids]
        steps = {(c.reminder_on, c.objection_deadline, c.next_step, c.next_due) for c in cases}
        assert len(steps) == 1 and cases[0].reminder_on == TODAY and cases[0].next_step
        timelines = [sorted(e.action for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == c.id)))
                     for c in cases]
        assert all(t == timelines[0] for t in timelines) and "case.written_reminder" in timelines[0]
        assert session.exec(select(RefreshState)).all() == []  # the step was taken outside the daily refresh


def test_another_landlords_cases_are_named_and_not_made(db_url, landlord):
    other = add_user(db_url, Role.LANDLORD, "ander")
    theirs = seed(db_url, other, 2)
    mine = seed(db_url, landlord, 2)
    result = letters_service.make_reminders(UnitOfWork(db_url), landlord, case_ids=tuple(mine + theirs),
                                            today=TODAY)
    assert len(result.made) == 2 and sorted(c for c, _ in result.problems) == sorted(theirs)
    assert set(stored(db_url, mine + theirs)) == set(mine)


def test_an_empty_list_makes_nothing(db_url, landlord):
    result = letters_service.make_reminders(UnitOfWork(db_url), landlord, case_ids=(), today=TODAY)
    assert result.made == () and result.problems == ()
