"""The refresh of the day is incremental: only tenancies whose figures can have changed since the last refresh are
recomputed, the others are dated today as they are; the result is the same as recomputing everything. The
boundaries: a quiet day, the day after a due date, a payment recorded in between. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import col, func, select

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

    assert case_service.refresh_figures(UnitOfWork(db_url), landlord, today=day).recomputed == 1  # only `late`
    state = _state(db_url)
    assert state["tenancies"][paid] == (0, 0, None, day)  # not recomputed, but current: no "Bijwerken"
    assert state["tenancies"][late][:2] == (170000, 2)
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


def test_day_by_day_the_incremental_refresh_stores_what_a_full_recompute_stores(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    ids = [_tenancy(db_url, landlord, str(10 + n), paid_months=n % 4) for n in range(6)]
    day = DAY
    while day <= dt.date(2027, 1, 5):
        day += dt.timedelta(days=1)
        if day == dt.date(2026, 12, 10):  # a payment half-way
            with session_for(db_url) as session:
                tenancy_service.add_payment(session, landlord, ids[1], paid_on=day, amount="2550", today=day)
        _refresh(db_url, landlord, day)
        incremental = _state(db_url)
        with session_for(db_url) as session:
            events = session.exec(select(func.count()).select_from(AuditEvent)).one()
        _refresh(db_url, landlord, day, tenancy_ids=ids, force=True)
        assert _state(db_url) == incremental, day
        with session_for(db_url) as session:  # the full recompute had nothing to open or close
            assert session.exec(select(func.count()).select_from(AuditEvent)).one() == events
    assert incremental["tenancies"][ids[0]][0] == 3 * 85000 + 2 * 85000  # Sep–Jan unpaid
    assert Decimal(incremental["tenancies"][ids[1]][0]) == 85000  # paid up to December on 10 December
