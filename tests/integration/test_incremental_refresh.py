"""The refresh of the day is incremental: only tenancies whose figures can have changed since the last refresh are
recomputed, the others are dated today as they are; the result is the same as recomputing everything. The
boundaries: a quiet day, the day after a due date, a payment recorded in between. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import col, func, select

from naarnul.services import case_steps
from naarnul.services import cases as case_service
from naarnul.services import tenancies as tenancy_service
from naarnul.services.refresh import refresh_arrears
from naarnul.users import Role
from store.engine import session_for
from store.models import ArrearsMonth, AuditEvent, Case, Tenancy
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user

DAY = dt.date(2026, 11, 23)


def _tenancy(url, landlord, number: str, *, paid_months: int) -> int:
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=DAY, street="Kerkstraat", house_number=number, postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": "Jan de Vries", "salutation": "meneer"}],
            monthly_rent="850", due_day=1, start_date=dt.date(2026, 9, 1), payer_ibans="")
        for month in range(paid_months):
            tenancy_service.add_payment(session, landlord, tenancy.id, paid_on=dt.date(2026, 9 + month, 1),
                                        amount="850", today=DAY)
        return tenancy.id


def _state(url) -> dict:
    """Everything the refresh stores, per tenancy and case."""
    with session_for(url) as session:
        tenancies = {t.id: (t.arrears_cents, t.arrears_months, t.oldest_unpaid_due, t.arrears_as_of)
                     for t in session.exec(select(Tenancy))}
        cases = {c.id: (c.tenancy_id, c.status, c.next_step, c.next_due, c.closed_on)
                 for c in session.exec(select(Case))}
        months = sorted((m.tenancy_id, m.month, m.arrears_cents) for m in session.exec(select(ArrearsMonth)))
    return {"tenancies": tenancies, "cases": cases, "months": months}


def _refresh(url, landlord, day, **options) -> int:
    with session_for(url) as session:
        return refresh_arrears(session, landlord, day, **options)


def test_only_what_can_have_changed_is_recomputed_and_the_rest_is_dated_today(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    paid = _tenancy(db_url, landlord, "12", paid_months=3)
    late = _tenancy(db_url, landlord, "14", paid_months=1)
    day = DAY + dt.timedelta(days=1)  # a quiet day: no rent falls due

    before = _state(db_url)
    # `late` is in arrears, but neither its arrears nor its next step change today (its refresh state says when)
    assert case_service.refresh_figures(UnitOfWork(db_url), landlord, today=day).recomputed == 0
    state = _state(db_url)
    assert state["tenancies"][paid] == (0, 0, None, day)  # not recomputed, but current: no "Bijwerken"
    assert state["tenancies"][late] == (170000, 2, dt.date(2026, 10, 1), day)
    assert state["cases"] == before["cases"]
    assert not case_service.figures_freshness(UnitOfWork(db_url), landlord, today=day).stale
    assert case_service.refresh_figures(UnitOfWork(db_url), landlord, today=day).recomputed == 0


def test_the_day_after_a_due_date_recomputes_and_opens_the_case(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    paid = _tenancy(db_url, landlord, "12", paid_months=3)
    assert _refresh(db_url, landlord, dt.date(2026, 12, 1)) == 0  # due today, paid on the due day is on time
    assert _refresh(db_url, landlord, dt.date(2026, 12, 2)) == 1
    with session_for(db_url) as session:
        tenancy = session.get(Tenancy, paid)
        assert (tenancy.arrears_cents, tenancy.oldest_unpaid_due) == (85000, dt.date(2026, 12, 1))
        assert session.exec(select(func.count()).select_from(Case).where(col(Case.tenancy_id) == paid,
                                                                        col(Case.status) == "open")).one() == 1


def test_a_payment_recorded_in_between_is_in_the_figures_at_once_and_not_recomputed_again(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    late = _tenancy(db_url, landlord, "14", paid_months=1)
    day = DAY + dt.timedelta(days=1)
    with session_for(db_url) as session:
        tenancy_service.add_payment(session, landlord, late, paid_on=day, amount="1700", today=day)
    state = _state(db_url)
    assert state["tenancies"][late] == (0, 0, None, day)
    assert [c[1] for c in state["cases"].values()] == ["closed"]
    assert case_service.refresh_figures(UnitOfWork(db_url), landlord, today=day).recomputed == 0
    assert _state(db_url) == state


def _events(url) -> list:
    with session_for(url) as session:
        return sorted((e.action, e.summary) for e in session.exec(select(AuditEvent)))


def test_day_by_day_the_incremental_refresh_stores_what_a_full_recompute_stores(tmp_path):
    """Two identical portfolios for two months, day by day, with a payment and a step in between: one refreshed
    incrementally (trusting its refresh state for days), the other recomputed fully every day."""
    urls = [f"sqlite:///{tmp_path}/incremental.db", f"sqlite:///{tmp_path}/full.db"]
    landlords, ids = [], []
    for url in urls:
        landlord = add_user(url, Role.LANDLORD, "piet")
        landlords.append(landlord)
        ids = [_tenancy(url, landlord, str(10 + n), paid_months=n % 4) for n in range(8)]
    day = DAY
    while day <= dt.date(2027, 1, 25):
        day += dt.timedelta(days=1)
        for url, landlord in zip(urls, landlords):
            with session_for(url) as session:
                if day == dt.date(2026, 12, 10):  # a payment
                    tenancy_service.add_payment(session, landlord, ids[1], paid_on=day, amount="2550", today=day)
                if day == dt.date(2026, 11, 27):  # a step recorded on a case (outside the refresh)
                    case_id = session.exec(select(Case.id).where(Case.tenancy_id == ids[0])).one()
                    case_steps.record_written_reminder(session, landlord, case_id, on=day, today=day)
                if day == dt.date(2026, 12, 20):
                    case_id = session.exec(select(Case.id).where(Case.tenancy_id == ids[4])).one()
                    case_steps.record_contact_attempt(session, landlord, case_id, on=day, channel="phone",
                                                      outcome="not_reached", today=day)
        _refresh(urls[0], landlords[0], day)
        _refresh(urls[1], landlords[1], day, tenancy_ids=ids, force=True)
        assert _state(urls[0]) == _state(urls[1]), day
        assert _events(urls[0]) == _events(urls[1]), day
    incremental = _state(urls[0])
    assert incremental["tenancies"][ids[0]][0] == 3 * 85000 + 2 * 85000  # Sep–Jan unpaid
    assert Decimal(incremental["tenancies"][ids[1]][0]) == 85000  # paid up to December on 10 December
