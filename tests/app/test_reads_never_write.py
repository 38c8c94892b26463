"""Opening "Vandaag" or the "Dossier" changes nothing in the database: a render only reads. Bringing the stored
figures up to date is an explicit action (the "Bijwerken" button, `naarnul refresh`), and it is idempotent."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import event, func, update
from sqlmodel import select

from naarnul import calendar
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store.engine import get_engine, session_for
from store.models import AuditEvent, Tenancy
from tests.app.helpers import login, texts
from tests.conftest import add_user

TODAY = calendar.today()
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class StatementCounter:
    """Every SQL statement sent to the database while active (SQLAlchemy `before_cursor_execute`)."""

    def __init__(self, url: str):
        self.engine = get_engine(url)
        self.statements: list[str] = []

    def _listen(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._listen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._listen)

    @property
    def writes(self) -> list[str]:
        return [s for s in self.statements if WRITE.match(s)]


def _months_ago(months: int) -> dt.date:
    index = TODAY.year * 12 + TODAY.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _seed(url, landlord, number: str = "12") -> int:
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street="Kerkstraat", house_number=number, postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": "Jan de Vries", "salutation": "meneer"}],
            monthly_rent="850", due_day=1, start_date=_months_ago(3), payer_ibans="")
        return tenancy.id


def _a_day_passes(url) -> dt.date:
    """The stored figures were brought up to date yesterday (as after yesterday's cron run)."""
    yesterday = TODAY - dt.timedelta(days=1)
    with session_for(url) as session:
        session.exec(update(Tenancy).values(arrears_as_of=yesterday))
    return yesterday


def _audit_count(url) -> int:
    with session_for(url) as session:
        return session.exec(select(func.count()).select_from(AuditEvent)).one()


def test_the_first_vandaag_of_the_day_writes_nothing_and_offers_bijwerken(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord, "12")
    _seed(app_env, landlord, "14")
    at = login("piet")
    _a_day_passes(app_env)
    events = _audit_count(app_env)
    with StatementCounter(app_env) as counter:
        at.switch_page("pages/landlord/home.py").run()
    assert not at.exception
    assert counter.writes == [], counter.writes
    assert _audit_count(app_env) == events
    text = texts(at)
    assert "bijgewerkt" in text and "Bijwerken" in [b.label for b in at.button]

    next(b for b in at.button if b.label == "Bijwerken").click().run()
    assert not at.exception
    assert "De bedragen en stappen zijn bijgewerkt" in texts(at)
    assert "Bijwerken" not in [b.label for b in at.button]  # up to date today: nothing to offer
    with session_for(app_env) as session:
        assert set(session.exec(select(Tenancy.arrears_as_of))) == {TODAY}


def test_a_fresh_vandaag_shows_no_button_and_writes_nothing(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord)
    at = login("piet")
    with StatementCounter(app_env) as counter:
        at.switch_page("pages/landlord/home.py").run()
    assert not at.exception
    assert counter.writes == []
    assert "Bijwerken" not in [b.label for b in at.button]


def test_opening_the_dossier_writes_nothing(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord)
    at = login("piet")
    for day_passed in (False, True):
        if day_passed:
            _a_day_passes(app_env)
        events = _audit_count(app_env)
        with StatementCounter(app_env) as counter:
            at.switch_page("pages/landlord/case.py").run()
        assert not at.exception
        assert at.title[0].value == "Dossier"
        assert counter.writes == [], counter.writes
        assert counter.statements  # it did read
        assert _audit_count(app_env) == events
