"""The liaison's inbox warns when their account has no e-mail address: switching the e-mail on would send nothing."""

from __future__ import annotations

from naarnul.users import Role
from store.engine import session_for
from store.models import User
from tests.app.helpers import texts
from tests.app.test_signal_alerts_page import _inbox
from tests.conftest import add_user

WARNING = "Uw account heeft geen e-mailadres"


def test_a_liaison_without_an_address_is_told_so(app_env, monkeypatch):
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    at = _inbox(monkeypatch, smtp=True)
    assert WARNING in texts(at)


def test_a_liaison_with_an_address_sees_no_warning(app_env, monkeypatch):
    liaison = add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    with session_for(app_env) as session:
        user = session.get(User, liaison.id)
        user.email = "anna@amsterdam.nl"
        session.add(user)
    at = _inbox(monkeypatch, smtp=True)
    assert WARNING not in texts(at)
    assert not at.exception
