"""Bringing the stored figures up to date is an explicit, idempotent service call (and `naarnul refresh` for cron):
a second call on the same day writes nothing and records no audit event twice."""

from __future__ import annotations

import datetime as dt

from sqlmodel import func, select

from naarnul import cli
from naarnul.services import cases as case_service
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, Case, Tenancy
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user

DAY_ONE = dt.date(2026, 11, 23)
DAY_TWO = DAY_ONE + dt.timedelta(days=1)


def _seed(url, landlord, start=dt.date(2026, 9, 1), number="12") -> int:
    with session_for(url) as session:
        return tenancy_service.create_tenancy(
            session, landlord, today=DAY_ONE, street="Kerkstraat", house_number=number, postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": "Jan de Vries", "salutation": "meneer"}],
            monthly_rent="850", due_day=1, start_date=start, payer_ibans="").id


def _events(url) -> int:
    with session_for(url) as session:
        return session.exec(select(func.count()).select_from(AuditEvent)).one()


def test_refresh_is_explicit_and_idempotent(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    _seed(db_url, landlord)
    fresh = case_service.figures_freshness(UnitOfWork(db_url), landlord, today=DAY_ONE)
    assert not fresh.stale and fresh.line == ""

    later = case_service.figures_freshness(UnitOfWork(db_url), landlord, today=DAY_TWO)
    assert later.stale and later.as_of == DAY_ONE
    assert "voor het laatst bijgewerkt op 23 november 2026" in later.line

    events = _events(db_url)
    # nothing in its figures changes on DAY_TWO: dated today, not recomputed (issue 14: incremental)
    assert case_service.refresh_figures(UnitOfWork(db_url), landlord, today=DAY_TWO).recomputed == 0
    assert case_service.refresh_figures(UnitOfWork(db_url), landlord, today=DAY_TWO).recomputed == 0
    assert _events(db_url) == events  # the case was already open: nothing new happened, nothing is logged
    assert not case_service.figures_freshness(UnitOfWork(db_url), landlord, today=DAY_TWO).stale
    with session_for(db_url) as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == 1


def test_naarnul_refresh_brings_every_landlord_up_to_date(db_url, monkeypatch, capsys):
    piet = add_user(db_url, Role.LANDLORD, "piet")
    anna = add_user(db_url, Role.LANDLORD, "anna")
    add_user(db_url, Role.LANDLORD, "leeg")  # no tenancies: nothing to do
    _seed(db_url, piet)
    _seed(db_url, anna, number="14")
    _seed(db_url, anna, number="16")
    monkeypatch.setenv("DATABASE_URL", db_url)
    after_due_day = dt.date(2026, 12, 2)  # the rent of 1 December is overdue: every tenancy changes
    monkeypatch.setenv("NAARNUL_TODAY", after_due_day.isoformat())
    assert cli.main(["refresh"]) == 0
    assert "3 huurder(s) bij 2 verhuurder(s)" in capsys.readouterr().out
    with session_for(db_url) as session:
        assert set(session.exec(select(Tenancy.arrears_as_of))) == {after_due_day}
    assert cli.main(["refresh"]) == 0  # the second run of the day does nothing
    assert "0 huurder(s) bij 2 verhuurder(s)" in capsys.readouterr().out


def test_show_today_is_a_typed_read_of_the_stored_figures(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    _seed(db_url, landlord)  # from 1 September: September to November unpaid on 23 November
    view = case_service.show_today(UnitOfWork(db_url), landlord, today=DAY_ONE)
    assert (view.tenancies, view.in_arrears, view.open_cases) == (1, 1, 1)
    assert str(view.total_arrears) == "2550.00"
    [line] = view.cases
    assert line.next_step_label == "Schriftelijke herinnering sturen" and line.overdue
    assert line.oldest_unpaid_due == dt.date(2026, 9, 1) and line.arrears_months == 3
    assert view.history[-1].month == dt.date(2026, 11, 1) and not view.freshness.stale
    later = case_service.show_today(UnitOfWork(db_url), landlord, today=DAY_TWO)
    assert later.freshness.stale and later.cases == view.cases  # the stored figures, until refreshed


def test_show_case_and_recording_a_step_through_the_service(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    _seed(db_url, landlord)
    [choice] = case_service.list_case_choices(UnitOfWork(db_url), landlord, today=DAY_ONE)
    assert choice.label == "Kerkstraat 12, Utrecht – Jan de Vries"
    case_service.record_written_reminder(UnitOfWork(db_url), landlord, case_id=choice.case_id, on=DAY_ONE,
                                         today=DAY_ONE)
    view = case_service.show_case(UnitOfWork(db_url), landlord, case_id=choice.case_id, today=DAY_ONE)
    steps = {s.key: s for s in view.steps}
    assert steps["written_reminder"].status == "done" and steps["written_reminder"].done_on == DAY_ONE
    assert not view.signal.allowed and view.is_open and view.arrears.months == 3
    assert [e.at.tzinfo.key for e in view.timeline] == ["Europe/Amsterdam"] * len(view.timeline)
    assert "Schriftelijke herinnering met aanbod" in view.timeline[-1].summary
