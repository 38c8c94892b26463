"""A letter is rendered outside the write transaction (issue 14): the case is read in one short read, the letter
rendered with no transaction open, and kept in one short write transaction that reads the case again. So another
user can write while a letter renders (on SQLite the write lock is free), and a letter whose case changed while it
was rendered is made again from what is current: it never shows figures that were already out of date."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from naarnul.documents import docx_text
from naarnul.services import letter_making
from naarnul.services import letters as letters_service
from naarnul.users import Role
from store.engine import session_for
from store.models import Case, Document, Payment
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.integration.test_bulk_letters import TODAY, seed

BEFORE, AFTER = "2.550,00", "2.450,00"  # three months of € 850 open; € 100 paid while the letter renders


@pytest.fixture
def landlord(db_url):
    return add_user(db_url, Role.LANDLORD, "buiten")


def pay_while_rendering(monkeypatch, db_url, landlord, case_id: int) -> list[int]:
    """While the letter of `case_id` renders, the tenant's € 100 is recorded in a write transaction of its own
    (through the unit of work: on SQLite it waits for the write lock, for at most the busy timeout)."""
    render = letter_making.render_letter
    paid: list[int] = []

    def render_and_pay(letter):
        if letter.case_id == case_id and not paid:
            with UnitOfWork(db_url) as uow:
                case = uow.session.get(Case, case_id)
                uow.session.add(Payment(tenancy_id=case.tenancy_id, landlord_id=landlord.id,
                                        paid_on=dt.date(2026, 11, 20), amount_cents=10000))
                uow.commit()
            paid.append(case_id)
        return render(letter)

    monkeypatch.setattr(letter_making, "render_letter", render_and_pay)
    return paid


def letter_text(db_url, case_id: int) -> str:
    with session_for(db_url) as session:
        rows = session.exec(select(Document).where(Document.case_id == case_id)).all()
        assert len(rows) == 1
        return docx_text(bytes(rows[0].content))


def test_a_payment_recorded_while_the_letter_renders_is_in_the_kept_letter(db_url, landlord, monkeypatch):
    case_id, other = seed(db_url, landlord, 2)
    paid = pay_while_rendering(monkeypatch, db_url, landlord, case_id)
    made = letters_service.make_letter(UnitOfWork(db_url), landlord, case_id=case_id, template_name="reminder",
                                       values={}, today=TODAY)
    assert paid == [case_id] and made.case_id == case_id
    text = letter_text(db_url, case_id)
    assert AFTER in text and BEFORE not in text
    with session_for(db_url) as session:
        assert session.get(Case, case_id).reminder_on == TODAY
        assert session.get(Case, other).reminder_on is None


def test_a_preview_takes_no_write_lock(db_url, landlord, monkeypatch):
    case_id, = seed(db_url, landlord, 1)
    pay_while_rendering(monkeypatch, db_url, landlord, case_id)
    monkeypatch.setattr(letter_making, "render_job", _paying_render_job(db_url, landlord, case_id))
    preview = letters_service.preview_letter(UnitOfWork(db_url), landlord, case_id=case_id,
                                             template_name="reminder", values={}, today=TODAY)
    assert BEFORE in preview.text  # read before the payment; nothing kept
    with session_for(db_url) as session:
        assert session.exec(select(Document).where(Document.case_id == case_id)).first() is None
        assert len(session.exec(select(Payment).where(Payment.landlord_id == landlord.id)).all()) == 2


def _paying_render_job(db_url, landlord, case_id):
    render = letter_making.render_job

    def render_and_pay(spec, data, extra, typed):
        with UnitOfWork(db_url) as uow:  # would wait for the preview's own lock if it held one
            case = uow.session.get(Case, case_id)
            uow.session.add(Payment(tenancy_id=case.tenancy_id, landlord_id=landlord.id,
                                    paid_on=dt.date(2026, 11, 20), amount_cents=10000))
            uow.commit()
        return render(spec, data, extra, typed)

    return render_and_pay


def test_bulk_reminders_keep_current_figures_and_commit_a_batch_at_a_time(db_url, landlord, monkeypatch):
    case_ids = seed(db_url, landlord, 7)
    changed = case_ids[4]  # in the second batch: rendered while this thread keeps the first one
    paid = pay_while_rendering(monkeypatch, db_url, landlord, changed)
    result = letters_service.make_reminders(UnitOfWork(db_url), landlord, case_ids=tuple(case_ids), today=TODAY)
    assert paid == [changed] and len(result.made) == 7 and result.problems == ()
    assert AFTER in letter_text(db_url, changed) and BEFORE not in letter_text(db_url, changed)
    for case_id in case_ids:
        if case_id != changed:
            assert BEFORE in letter_text(db_url, case_id)
    with session_for(db_url) as session:
        assert all(session.get(Case, c).reminder_on == TODAY for c in case_ids)


def test_make_many_names_a_case_of_another_landlord_and_makes_the_others(db_url, landlord):
    other = add_user(db_url, Role.LANDLORD, "ander")
    theirs = seed(db_url, other, 1)
    mine = seed(db_url, landlord, 3)
    seen = []
    result = letter_making.make_many(db_url, landlord, mine + theirs, "reminder", TODAY, processes=2, chunk=2,
                                     progress=lambda done, total: seen.append((done, total)))
    assert len(result["made"]) == 3 and [c for c, _ in result["problems"]] == theirs
    assert [done for done, _ in seen] == [1, 2, 3, 4]
