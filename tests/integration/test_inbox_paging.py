"""The liaison's inbox pages new signals first, then newest first, across the boundary between the two (the page is
chosen by walking two indexes, issue 14); filters and totals stay as they were. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from naarnul.users import Role
from store import signals as signal_store
from store.engine import session_for
from store.models import Case, Signal, Tenancy
from tests.conftest import add_user

TODAY = dt.date(2026, 11, 23)


def _seed(url, landlord, count: int) -> list[tuple[str, dt.date, int]]:
    with session_for(url) as session:
        tenancy = Tenancy(landlord_id=landlord.id, street="Kerkstraat", house_number="1", postcode="3511 AB",
                          place="Utrecht", municipality_code="GM0344", monthly_rent_cents=85000,
                          start_date=dt.date(2025, 1, 1))
        session.add(tenancy)
        session.flush()
        case = Case(tenancy_id=tenancy.id, landlord_id=landlord.id, opened_on=dt.date(2025, 3, 1))
        session.add(case)
        session.flush()
        rows = []
        for n in range(count):
            signal = Signal(reference=f"NN-2026-{n:06d}", case_id=case.id, tenancy_id=tenancy.id,
                            landlord_id=landlord.id, municipality_code="GM0344",
                            sent_on=TODAY - dt.timedelta(days=(n * 5) % 37), arrears_cents=170000, arrears_months=2,
                            status=("new", "in_progress", "done")[n % 3], tenant_names=f"Huurder {n}")
            session.add(signal)
            session.flush()
            rows.append((signal.status, signal.sent_on, signal.id))
        return rows


def _expected(rows, status=None):
    chosen = [r for r in rows if status is None or r[0] == status]
    return [r[2] for r in sorted(chosen, key=lambda r: (r[0] != "new", -r[1].toordinal(), -r[2]))]


def test_pages_of_the_inbox_follow_new_first_then_newest_first(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    liaison = add_user(db_url, Role.LIAISON, "gemeente", municipality="GM0344")
    other = add_user(db_url, Role.LIAISON, "elders", municipality="GM0363")
    rows = _seed(db_url, landlord, 23)
    with session_for(db_url) as session:
        for status in (None, "new", "done"):
            seen, total = [], None
            for page in range(10):
                found, total = signal_store.inbox(session, liaison, status=status, limit=4, offset=page * 4)
                seen += [r["id"] for r in found]
            assert seen == _expected(rows, status), status
            assert total == len(_expected(rows, status))
        assert signal_store.inbox(session, other) == ([], 0)  # another municipality sees none of them
