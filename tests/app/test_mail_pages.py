"""E-mail on the landlord's pages: off without SMTP settings (and every other part works), the letter queued from
Brieven for the tenant, the digest switched on and off on Mijn gegevens. Sending itself is `naarnul notify`
(tests/integration/test_mail_outbox.py)."""

from __future__ import annotations

from sqlmodel import select

from naarnul.mail import EMAIL_OFF
from naarnul.services import letter_making
from naarnul.users import Role
from store.engine import session_for
from store.models import MailPreference, OutboxMessage, Tenant
from tests.app.helpers import login, texts
from tests.app.test_letters_page import TODAY, seed
from tests.conftest import add_user

SMTP_ENV = {"NAARNUL_SMTP_HOST": "127.0.0.1", "NAARNUL_SMTP_PORT": "2525", "NAARNUL_SMTP_FROM": "portaal@naarnul.test",
            "NAARNUL_SMTP_SECURITY": "none"}


def _with_document(url, landlord, email="jan@voorbeeld.nl") -> int:
    case_id = seed(url, landlord)
    with session_for(url) as session:
        tenant = session.exec(select(Tenant)).one()
        tenant.email = email
        session.add(tenant)
        letter_making.generate_for_case(session, landlord, case_id, "reminder", {}, TODAY, confirm_wording=True)
    return case_id


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_without_smtp_settings_email_is_off_and_letters_still_work(app_env, monkeypatch):
    for name in SMTP_ENV:
        monkeypatch.delenv(name, raising=False)
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _with_document(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/letters.py").run()
    assert not at.exception, at.exception
    assert EMAIL_OFF in texts(at) and "Bewaarde documenten" in texts(at)
    assert not [b for b in at.button if b.label == "Verstuur per e-mail"]
    at.switch_page("pages/landlord/profile.py").run()
    assert not at.exception, at.exception
    assert EMAIL_OFF in texts(at)
    assert not [c for c in at.checkbox if "elke dag" in c.label]


def test_the_landlord_queues_the_letter_for_the_tenant(app_env, monkeypatch):
    for name, value in SMTP_ENV.items():
        monkeypatch.setenv(name, value)
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _with_document(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/letters.py").run()
    assert not at.exception, at.exception
    _button(at, "Verstuur per e-mail").click().run()
    assert not at.exception, at.exception
    assert "jan@voorbeeld" in texts(at) and "staat klaar" in texts(at)
    assert "wacht op verzending" in texts(at)
    _button(at, "Verstuur per e-mail").click().run()  # a second click sends nothing twice
    assert "al per e-mail wacht op verzending" in texts(at)
    with session_for(app_env) as session:
        assert len(session.exec(select(OutboxMessage)).all()) == 1


def test_the_digest_is_switched_on_and_off_on_the_profile(app_env, monkeypatch):
    for name, value in SMTP_ENV.items():
        monkeypatch.setenv(name, value)
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/profile.py").run()
    assert not at.exception, at.exception
    box = next(c for c in at.checkbox if "elke dag" in c.label)
    assert box.value is False
    box.check()
    _button(at, "Keuze opslaan").click().run()
    assert not at.exception, at.exception
    assert "De dagelijkse samenvatting staat aan." in texts(at)
    with session_for(app_env) as session:
        assert session.get(MailPreference, landlord.id).daily_digest is True
