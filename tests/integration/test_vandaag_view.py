"""The whole "Vandaag" page in one read (naarnul.services.todo.show_vandaag): the same figures as show_today, the same
items as the to-do list, paged, each item with its place (also for a closed case's feedback), and no write."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event
from sqlmodel import select

from naarnul import todo as rules
from naarnul.services import cases as case_service
from naarnul.services import todo as todo_service
from naarnul.users import Role
from store.engine import get_engine, session_for
from store.models import Case
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.integration.test_todo_list import TODAY, _case, _feedback


def test_the_page_view_has_the_figures_of_show_today_and_the_items_of_the_list_paged(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    for number in range(12):
        _case(db_url, landlord, street=f"Straat {number:02d}", tenant=f"Huurder {number}")
    view = todo_service.show_vandaag(UnitOfWork(db_url), landlord, today=TODAY, page=2, page_size=5)
    today = case_service.show_today(UnitOfWork(db_url), landlord, today=TODAY, page_size=1)
    assert (view.summary.tenancies, view.summary.open_cases, view.summary.overdue_steps,
            view.summary.cases_needing_action, view.summary.total_arrears, view.summary.history) == (
        today.tenancies, today.open_cases, today.overdue_steps, today.cases_needing_action, today.total_arrears,
        today.history)
    assert view.summary.open_cases == 12 and view.summary.cases == ()
    every = todo_service.todo_list(UnitOfWork(db_url), landlord, today=TODAY, page_size=50).items
    assert (view.todo.page, view.todo.total, view.todo.new) == (2, 12, 12)
    assert view.todo.items == every[5:10]
    assert all(item.address.startswith("Straat ") and item.tenant_names.startswith("Huurder ")
               for item in view.todo.items)
    beyond = todo_service.show_vandaag(UnitOfWork(db_url), landlord, today=TODAY, page=9, page_size=5)
    assert beyond.todo.page == 1 and beyond.todo.items == every[:5]  # the list got shorter: the first page


def test_feedback_on_a_closed_case_still_names_its_home(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    liaison = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    _, case_id = _feedback(db_url, landlord, liaison, on_date=TODAY - dt.timedelta(days=2))
    with session_for(db_url) as session:
        case = session.exec(select(Case).where(Case.id == case_id)).one()
        case.status, case.closed_on = "closed", TODAY
        session.add(case)
    [item] = [i for i in todo_service.show_vandaag(UnitOfWork(db_url), landlord, today=TODAY).todo.items
              if i.kind == rules.FEEDBACK]
    assert (item.case_id, item.address, item.tenant_names) == (case_id, "Damstraat 1, Amsterdam", "Jan de Vries")


def test_the_page_view_is_one_read_only_transaction_that_writes_nothing(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    _case(db_url, landlord)
    statements: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_engine(db_url)
    event.listen(engine, "before_cursor_execute", listen)
    try:
        view = todo_service.show_vandaag(UnitOfWork(db_url), landlord, today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert view.todo.total == 1
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert [s for s in statements if s.startswith("BEGIN")] in ([], ["BEGIN"])  # PostgreSQL: psycopg sends it
    assert len(statements) <= 9
