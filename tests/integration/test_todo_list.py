"""The landlord's to-do list (naarnul.services.todo) on SQLite and PostgreSQL: a due step, a new answer of the
municipality and a missed instalment each become one item with the action that does it; items are "nieuw" until the
user opened them or said "Gezien"; marks belong to one user; reading the list writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from naarnul import todo as rules
from naarnul.arrangement import ArrangementSettings
from naarnul.errors import NotAllowed
from naarnul.formatting import format_money
from naarnul.services import arrangement_making, case_steps
from naarnul.services import tenancies as tenancy_service
from naarnul.services import todo as todo_service
from naarnul.users import Role
from store import cases as case_store
from store.engine import get_engine, session_for
from store.models import Feedback, SeenItem
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.integration.test_liaison_store import seed_signal

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def landlord(db_url):
    return add_user(db_url, Role.LANDLORD, "piet")


def _case(url, landlord, *, street="Kerkstraat", tenant="Jan de Vries") -> int:
    """Rent 850 from 1 September 2026, September paid: arrears since 1 October, the written reminder is due."""
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street=street, house_number="12", postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": tenant, "salutation": "meneer"}],
            monthly_rent="850", due_day=1, start_date=dt.date(2026, 9, 1), payer_ibans="")
        tenancy_service.add_payment(session, landlord, tenancy.id, paid_on=dt.date(2026, 9, 1), amount="850",
                                    today=TODAY)
        return case_store.case_for_tenancy(session, landlord, tenancy.id)


def _feedback(url, landlord, liaison, *, on_date: dt.date, outcome: str = "follow_up_help") -> tuple[int, int]:
    seeded = seed_signal(url, landlord, "GM0363")
    with session_for(url) as session:
        row = Feedback(signal_id=seeded["signal_id"], municipality_code="GM0363", landlord_id=landlord.id,
                       liaison_id=liaison.id, on_date=on_date, outcome=outcome, help_accepted=True,
                       liaison_note="Schulden bij drie partijen (nooit voor de verhuurder)")
        session.add(row)
        session.flush()
        return row.id, seeded["case_id"]


def _items(url, user, today=TODAY):
    return todo_service.todo_list(UnitOfWork(url), user, today=today, page_size=50).items


def test_a_due_step_is_one_new_item_that_opens_the_reminder_letter(db_url, landlord):
    case_id = _case(db_url, landlord)
    [item] = _items(db_url, landlord)
    assert (item.kind, item.case_id, item.action, item.action_label) == (
        rules.STEP, case_id, rules.LETTER, "Herinnering maken")
    assert item.address == "Kerkstraat 12, Utrecht" and item.tenant_names == "Jan de Vries"
    assert item.title.startswith("Schriftelijke herinnering sturen") and item.new
    assert format_money(Decimal("1700")) in item.detail


def test_opening_an_item_marks_it_seen_once_and_a_new_step_is_new_again(db_url, landlord):
    case_id = _case(db_url, landlord)
    [item] = _items(db_url, landlord)
    assert todo_service.mark_seen(UnitOfWork(db_url), landlord, keys=[item.key], today=TODAY) == 1
    assert todo_service.mark_seen(UnitOfWork(db_url), landlord, keys=[item.key], today=TODAY) == 0  # a double click
    [after] = _items(db_url, landlord)
    assert after.key == item.key and not after.new  # still to do, no longer "nieuw"
    listing = todo_service.todo_list(UnitOfWork(db_url), landlord, today=TODAY)
    assert (listing.total, listing.new) == (1, 0)

    with session_for(db_url) as session:  # the reminder is sent: the next step is another item, new again
        case_steps.record_written_reminder(session, landlord, case_id, on=TODAY, today=TODAY)
    later = TODAY + dt.timedelta(days=30)
    items = [i for i in _items(db_url, landlord, later) if i.kind == rules.STEP]
    assert [(i.action, i.new) for i in items] == [(rules.CONTACT, True)]
    assert items[0].title.startswith("Persoonlijk contact proberen")


def test_a_step_that_became_overdue_is_not_new_again(db_url, landlord):
    _case(db_url, landlord)
    due = _items(db_url, landlord)[0].due
    [item] = _items(db_url, landlord, due)  # on the last day: due, not late
    assert not item.overdue and "uiterlijk" in item.title
    todo_service.mark_seen(UnitOfWork(db_url), landlord, keys=[item.key], today=due)
    late = due + dt.timedelta(days=3)
    [overdue] = [i for i in _items(db_url, landlord, late) if i.kind == rules.STEP]
    assert overdue.overdue and not overdue.new and "te laat sinds" in overdue.title


def test_new_feedback_is_an_item_until_seen_and_then_for_two_weeks(db_url, landlord):
    liaison = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    feedback_id, case_id = _feedback(db_url, landlord, liaison, on_date=TODAY - dt.timedelta(days=2))
    [item] = [i for i in _items(db_url, landlord) if i.kind == rules.FEEDBACK]
    assert (item.case_id, item.action, item.new, item.key) == (case_id, rules.CASE, True,
                                                               rules.feedback_item_key(feedback_id))
    assert item.title == "De gemeente heeft gereageerd op uw melding"
    assert "Schulden bij drie partijen" not in item.detail  # never the liaison's own note
    three_weeks = TODAY + dt.timedelta(days=19)
    assert [i.kind for i in _items(db_url, landlord, three_weeks)].count(rules.FEEDBACK) == 1  # unseen: stays
    todo_service.mark_seen(UnitOfWork(db_url), landlord, keys=[item.key], today=TODAY)
    assert [i for i in _items(db_url, landlord) if i.kind == rules.FEEDBACK][0].new is False
    assert rules.FEEDBACK not in [i.kind for i in _items(db_url, landlord, three_weeks)]  # seen and old: gone
    assert rules.FEEDBACK not in [i.kind for i in _items(db_url, landlord, TODAY + dt.timedelta(days=100))]


def test_a_missed_instalment_is_an_item_that_opens_the_arrangement(db_url, landlord):
    case_id = _case(db_url, landlord)
    made_on = TODAY - dt.timedelta(days=20)
    with session_for(db_url) as session:
        arrangement_making.create(session, landlord, case_id, instalment="300", start=made_on,
                                  payment_day=made_on.day, today=made_on, settings=ArrangementSettings())
    [item] = [i for i in _items(db_url, landlord) if i.kind == rules.INSTALMENT]
    assert (item.case_id, item.action, item.action_label, item.new) == (
        case_id, rules.ARRANGEMENT, "Regeling openen", True)
    assert item.title == "Een termijn van de betalingsregeling is niet betaald"
    assert "vriendelijke herinnering" in item.detail


def test_overdue_items_come_first_then_new_ones(db_url, landlord):
    first = _case(db_url, landlord, street="Kerkstraat")
    second = _case(db_url, landlord, street="Dorpsstraat", tenant="Els Bakker")
    items = _items(db_url, landlord)
    todo_service.mark_seen(UnitOfWork(db_url), landlord, keys=[i.key for i in items if i.case_id == first],
                           today=TODAY)
    assert [i.case_id for i in _items(db_url, landlord)] == [second, first]  # same date: the new one first
    late = max(i.due for i in items) + dt.timedelta(days=1)
    assert all(i.overdue for i in _items(db_url, landlord, late))


def test_marks_belong_to_one_landlord(db_url, landlord):
    _case(db_url, landlord)
    other = add_user(db_url, Role.LANDLORD, "jan")
    _case(db_url, other, street="Molenweg", tenant="Kees Smit")
    [mine] = _items(db_url, landlord)
    [theirs] = _items(db_url, other)
    assert theirs.address == "Molenweg 12, Utrecht"  # each sees only their own case
    # another landlord cannot mark my item, nor can a made-up key be stored
    assert todo_service.mark_seen(UnitOfWork(db_url), other, keys=[mine.key, "step:999:x:", "x" * 500],
                                  today=TODAY) == 0
    assert _items(db_url, landlord)[0].new
    todo_service.mark_seen(UnitOfWork(db_url), landlord, keys=[mine.key], today=TODAY)
    assert _items(db_url, other)[0].new  # my mark is not theirs
    with session_for(db_url) as session:
        assert session.exec(select(func.count()).select_from(SeenItem)).one() == 1


def test_a_liaison_has_no_to_do_list(db_url, landlord):
    liaison = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    with pytest.raises(NotAllowed):
        todo_service.todo_list(UnitOfWork(db_url), liaison, today=TODAY)
    with pytest.raises(NotAllowed):
        todo_service.mark_seen(UnitOfWork(db_url), liaison, keys=["step:1:written_reminder:"], today=TODAY)


def test_reading_the_list_writes_nothing(db_url, landlord):
    case_id = _case(db_url, landlord)
    with session_for(db_url) as session:
        arrangement_making.create(session, landlord, case_id, instalment="300", start=TODAY - dt.timedelta(days=20),
                                  payment_day=3, today=TODAY - dt.timedelta(days=20), settings=ArrangementSettings())
    writes = []

    def listener(_connection, _cursor, statement, *_):
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    engine = get_engine(db_url)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        listing = todo_service.todo_list(UnitOfWork(db_url), landlord, today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert writes == [] and listing.new == 2
    with session_for(db_url) as session:
        assert session.exec(select(func.count()).select_from(SeenItem)).one() == 0
