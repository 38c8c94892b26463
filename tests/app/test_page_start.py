"""The start of every page run reads the user once, in one SELECT (no transaction around it), and still notices on
the very next run that the account was switched off, removed or given another role."""

from __future__ import annotations

from sqlmodel import select

from naarnul.users import Role
from store.engine import session_for
from store.models import User
from tests.app.helpers import login, texts
from tests.app.test_reads_never_write import StatementCounter
from tests.conftest import add_user


def _change(url, username, **values) -> None:
    with session_for(url) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        for name, value in values.items():
            setattr(user, name, value)
        session.add(user)


def _rerun_statements(at, url) -> list[str]:
    with StatementCounter(url) as counter:
        at.run()
    assert not at.exception
    return counter.statements


def test_a_page_run_starts_with_one_select_of_the_user(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/profile.py").run()
    statements = _rerun_statements(at, app_env)
    user_reads = [s for s in statements if 'FROM "user"' in s or "FROM user" in s]
    assert len(user_reads) == 1 and statements[0] == user_reads[0]  # nothing before it, no BEGIN around it


def test_a_user_switched_off_is_logged_out_on_the_next_run(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    assert at.title[0].value == "Betalingen"
    _change(app_env, "piet", active=False)
    at.run()
    assert not at.exception
    assert "Betalingen" not in [t.value for t in at.title]
    assert [b for b in at.button if b.label == "Inloggen"]  # the login form again


def test_a_changed_role_counts_on_the_next_run(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    assert at.title[0].value == "Betalingen"
    _change(app_env, "piet", role=Role.LIAISON.value, municipality_code="GM0344")
    at.run()
    assert not at.exception
    assert "Betalingen" not in [t.value for t in at.title]
    assert "Huurovereenkomst" not in texts(at)
