"""The liaison's opt-in for an e-mail when a new signal arrives, on the inbox page (issue 12): off without SMTP
settings (the inbox still works), switched on and off with SMTP settings. Queueing and sending the e-mail itself is
tests/integration/test_mail_outbox.py."""

from __future__ import annotations

from naarnul.mail import EMAIL_OFF
from naarnul.users import Role
from store.engine import session_for
from store.models import MailPreference
from tests.app.helpers import login, texts
from tests.app.test_mail_pages import SMTP_ENV
from tests.conftest import add_user

BOX = "Stuur mij een e-mail als er een nieuwe melding voor mijn gemeente binnenkomt"


def _inbox(monkeypatch, smtp: bool):
    for name, value in SMTP_ENV.items():
        if smtp:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    at = login("ams")
    at.switch_page("pages/liaison/inbox.py").run()
    assert not at.exception, at.exception
    return at


def test_without_smtp_settings_the_inbox_says_email_is_off(app_env, monkeypatch):
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    at = _inbox(monkeypatch, smtp=False)
    assert "E-mail bij een nieuwe melding" in [e.label for e in at.expander]
    assert EMAIL_OFF in texts(at)
    assert not [c for c in at.checkbox if c.label == BOX]
    assert "Er zijn nog geen meldingen" in texts(at)  # the rest of the inbox works


def test_the_liaison_switches_the_signal_email_on_and_off(app_env, monkeypatch):
    liaison = add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    at = _inbox(monkeypatch, smtp=True)
    assert EMAIL_OFF not in texts(at)
    box = next(c for c in at.checkbox if c.label == BOX)
    assert box.value is False
    box.check()
    next(b for b in at.button if b.label == "Keuze opslaan").click().run()
    assert not at.exception, at.exception
    assert "De e-mail bij een nieuwe melding staat aan." in texts(at)
    with session_for(app_env) as session:
        assert session.get(MailPreference, liaison.id).signal_alerts is True
    box = next(c for c in at.checkbox if c.label == BOX)
    assert box.value is True  # the saved choice is shown
    box.uncheck()
    next(b for b in at.button if b.label == "Keuze opslaan").click().run()
    assert not at.exception, at.exception
    assert "De e-mail bij een nieuwe melding staat uit." in texts(at)
    with session_for(app_env) as session:
        assert session.get(MailPreference, liaison.id).signal_alerts is False
