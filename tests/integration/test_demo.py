"""`naarnul demo` (issue 13): an empty database gets a realistic pilot through the use cases; a database with any
account is refused with a Dutch message, exit code 3 and nothing changed. SQLite file and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, inspect
from sqlmodel import SQLModel, select

from naarnul import calendar
from naarnul.cli import main
from naarnul.services import login, signals, tenancies
from naarnul.services.demo import PASSWORD
from naarnul.users import Role
from store.engine import get_engine, session_for
from store.models import (
    Arrangement,
    AuditEvent,
    Case,
    ContactAttempt,
    Document,
    Feedback,
    Objection,
    Payment,
    RentPeriod,
    Signal,
    Tenancy,
    User,
)
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user

TODAY = dt.date(2026, 12, 2)


def _run_demo(url, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv(calendar.PIN_VARIABLE, TODAY.isoformat())
    code = main(["demo"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_fills_an_empty_database_with_a_pilot_at_every_covenant_stage(db_url, monkeypatch, capsys):
    code, out, _ = _run_demo(db_url, monkeypatch, capsys)
    assert code == 0, out
    for username in ("beheer", "gemeente", "linde", "jansen", "bakker"):
        assert f" {username} " in out
    assert PASSWORD in out

    # every printed login works, with the role it says
    roles = {name: login.acting_user(UnitOfWork(db_url), username=name) for name in ("beheer", "gemeente", "linde",
                                                                                      "jansen", "bakker")}
    assert {name: user.role for name, user in roles.items()} == {
        "beheer": Role.ADMIN, "gemeente": Role.LIAISON, "linde": Role.LANDLORD, "jansen": Role.LANDLORD,
        "bakker": Role.LANDLORD}
    assert roles["gemeente"].municipality_code == "GM0344"
    assert [tenancies.list_tenancies(UnitOfWork(db_url), roles[name]).total for name in ("linde", "jansen",
                                                                                          "bakker")] == [40, 12, 2]

    with session_for(db_url) as session:
        first_payment = session.exec(select(func.min(Payment.paid_on))).one()
        assert first_payment <= TODAY - dt.timedelta(days=700)  # two years of payments
        assert session.exec(select(func.count()).select_from(Payment)).one() > 900
        # the rent went up on 1 July, in both years
        increases = Counter(p.effective_from for p in session.exec(select(RentPeriod))
                            if p.effective_from.month == 7 and p.effective_from.day == 1)
        assert increases[dt.date(2025, 7, 1)] >= 30 and increases[dt.date(2026, 7, 1)] >= 50
        cases = session.exec(select(Case)).all()
        open_cases = [c for c in cases if c.status == "open"]
        assert len(open_cases) >= 10
        assert any(c.friendly_reminder_on for c in open_cases) and any(c.reminder_on for c in open_cases)
        assert any(c.collection_paused_until for c in open_cases)  # help accepted: collection paused
        reasons = Counter(c.close_reason for c in cases if c.status == "closed")
        assert reasons["betaald"] >= 2 and any(r.startswith("Huurder vertrokken") for r in reasons)
        assert session.exec(select(func.count()).select_from(ContactAttempt)).one() >= 5
        assert session.exec(select(func.count()).select_from(Objection)).one() == 1
        assert Counter(s.status for s in session.exec(select(Signal))) == {"new": 1, "in_progress": 1, "done": 2}
        # picked up on the day the demo's liaison took each signal, not on the day the demo was made
        picked_up = [(s.sent_on, s.picked_up_on) for s in session.exec(select(Signal)) if s.status != "new"]
        assert len(picked_up) == 3 and all(sent <= picked < TODAY for sent, picked in picked_up), picked_up
        assert {f.outcome: f.help_accepted for f in session.exec(select(Feedback))} == {
            "follow_up_help": True, "does_not_want_help": False}
        assert session.exec(select(Arrangement.status)).all() == ["active"]
        documents = Counter(d.template_name for d in session.exec(select(Document)))
        assert documents["reminder"] >= 8 and documents["notification"] == 4 and documents["arrangement"] == 1
        assert any(d.fourteen_day_letter for d in session.exec(select(Document)))
        # everything went through the use cases: the audit log tells the story
        actions = set(session.exec(select(AuditEvent.action)))
        assert {"case.opened", "case.closed", "payment.added"} <= actions
        # all inside the two years before today
        assert max(session.exec(select(Payment.paid_on))) <= TODAY
        assert session.exec(select(func.count()).select_from(Tenancy)).one() == 54

    # the liaison sees the signals of Utrecht only, and the landlords' tenancies stay their own
    inbox = signals.list_inbox(UnitOfWork(db_url), roles["gemeente"], page_size=100)
    assert inbox.total == 4


def _row_counts(url: str) -> dict[str, int]:
    engine = get_engine(url)
    tables = [t for t in SQLModel.metadata.sorted_tables if inspect(engine).has_table(t.name)]
    with session_for(url) as session:
        return {t.name: session.exec(select(func.count()).select_from(t)).one() for t in tables}


def test_demo_refuses_a_database_with_an_account_and_changes_nothing(db_url, monkeypatch, capsys):
    add_user(db_url, Role.LANDLORD, "piet")
    before = _row_counts(db_url)
    code, out, err = _run_demo(db_url, monkeypatch, capsys)
    assert code == 3
    assert "niet leeg" in err and "niets" in err and out == ""
    assert _row_counts(db_url) == before
    with session_for(db_url) as session:
        assert session.exec(select(User.username)).all() == ["piet"]
