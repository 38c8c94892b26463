from __future__ import annotations

import pytest

from naarnul.covenant import CovenantSettings
from naarnul.errors import NotAllowed
from naarnul.users import Role
from store import settings as settings_store
from store.engine import session_for
from tests.conftest import add_user


def test_defaults_until_an_admin_changes_them(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:
        assert settings_store.load(session, CovenantSettings).signal_after_reminder_days == 30
        settings_store.save(session, admin, CovenantSettings(signal_after_reminder_days=60))
    with session_for(db_url) as session:
        assert settings_store.load(session, CovenantSettings).signal_after_reminder_days == 60
        assert settings_store.load(session, CovenantSettings).reminder_after_days == 30
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        settings_store.save(session, landlord, CovenantSettings(signal_after_reminder_days=1))
    with session_for(db_url) as session:
        assert settings_store.load(session, CovenantSettings).signal_after_reminder_days == 60
