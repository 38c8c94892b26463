"""The admin pages as an admin meets them (AppTest): forms that clear, saves that are idempotent, settings that
parse money the Dutch way and save nothing half."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.arrangement import ArrangementSettings
from naarnul.covenant import CovenantSettings
from naarnul.users import Role
from store import settings as settings_store
from store.engine import session_for
from store.models import Municipality, User
from store.users import hash_password
from tests.app.helpers import login, texts
from tests.app.test_liaison_pages import counting_writes
from tests.conftest import PASSWORD, add_user


def fields(at) -> dict:
    return {t.label: t for t in at.text_input}


def click(at, label):
    next(b for b in at.button if b.label == label).click().run()
    return at


def fill_new_user(at, *, name, username, email):
    form = fields(at)
    form["Naam"].input(name)
    form["Gebruikersnaam"].input(username)
    form["E-mailadres (niet verplicht)"].input(email)
    form["Eerste wachtwoord (minstens 10 tekens)"].input(PASSWORD)


def test_new_user_form_clears_after_saving_and_a_second_submit_creates_nothing(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    fill_new_user(at, name="Piet Jansen", username="piet", email="piet@example.org")
    click(at, "Gebruiker aanmaken")
    assert not at.exception
    assert "piet is aangemaakt" in texts(at)
    form = fields(at)
    assert form["E-mailadres (niet verplicht)"].value == ""  # today it kept the previous address
    assert form["Naam"].value == "" and form["Gebruikersnaam"].value == ""

    # the same submission arriving twice (a double click): one user, and no error for the admin
    fill_new_user(at, name="Piet Jansen", username="piet", email="piet@example.org")
    click(at, "Gebruiker aanmaken")
    assert not at.error, [e.value for e in at.error]
    with session_for(app_env) as session:
        assert len(session.exec(select(User).where(User.username == "piet")).all()) == 1

    # a different person with a taken username is still refused
    fill_new_user(at, name="Piet de Vries", username="piet", email="")
    click(at, "Gebruiker aanmaken")
    assert "bestaat al" in texts(at)


def test_settings_money_parses_in_dutch_and_5_50_is_refused(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/settings.py").run()
    assert not at.exception
    minimum = next(t for t in at.text_input if t.label.startswith("Kleinste termijnbedrag"))
    minimum.input("5.50")
    [b for b in at.button if b.label == "Opslaan"][1].click().run()
    assert "komma" in texts(at)
    with session_for(app_env) as session:
        assert settings_store.load(session, ArrangementSettings).minimum_instalment == Decimal("10.00")

    minimum = next(t for t in at.text_input if t.label.startswith("Kleinste termijnbedrag"))
    minimum.input("5,50")
    [b for b in at.button if b.label == "Opslaan"][1].click().run()
    assert "zijn opgeslagen" in texts(at)
    with session_for(app_env) as session:
        assert settings_store.load(session, ArrangementSettings).minimum_instalment == Decimal("5.50")
    minimum = next(t for t in at.text_input if t.label.startswith("Kleinste termijnbedrag"))
    assert minimum.value == "5,50"


@pytest.mark.parametrize("typed", ["", "-5,00", "5000000", "tien euro", "{{ 7 * 7 }}", "1.5", "€ 10,005"])
def test_a_bad_money_setting_gets_a_dutch_message_and_saves_nothing(app_env, typed):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/settings.py").run()
    grace = next(n for n in at.number_input if n.label.startswith("Coulance"))
    grace.set_value(9)
    minimum = next(t for t in at.text_input if t.label.startswith("Kleinste termijnbedrag"))
    minimum.input(typed)
    [b for b in at.button if b.label == "Opslaan"][1].click().run()
    assert not at.exception
    assert at.error, f"no message for {typed!r}"
    assert "zijn opgeslagen" not in texts(at)
    with session_for(app_env) as session:
        assert settings_store.load(session, ArrangementSettings) == ArrangementSettings()
        assert settings_store.load(session, CovenantSettings) == CovenantSettings()


@pytest.mark.parametrize("label, value", [("Incassopauze", -1), ("Melden mag na de herinnering", 100000),
                                          ("Vriendelijke herinnering vanaf", -3)])
def test_a_bad_number_of_days_gets_a_dutch_message_and_saves_nothing(app_env, label, value):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/settings.py").run()
    next(n for n in at.number_input if n.label.startswith(label)).set_value(value)
    [b for b in at.button if b.label == "Opslaan"][0].click().run()
    assert not at.exception
    assert at.error and "zijn opgeslagen" not in texts(at)
    with session_for(app_env) as session:
        assert settings_store.load(session, CovenantSettings) == CovenantSettings()


def test_a_locked_out_account_shows_until_when_in_amsterdam_time(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LANDLORD, "klaas")
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    with session_for(app_env) as session:
        for username, until in (("piet", soon), ("klaas", soon - dt.timedelta(hours=1))):  # klaas: lock-out over
            user = session.exec(select(User).where(User.username == username)).one()
            user.locked_until = until
            session.add(user)
    at = login("beheer")
    status = dict(zip(at.dataframe[0].value["Gebruikersnaam"], at.dataframe[0].value["Status"]))
    assert status["piet"] == f"tijdelijk geblokkeerd tot {calendar.local(soon):%H:%M}"
    assert status["klaas"] == "actief"


def test_admin_saves_a_help_contact_and_a_bad_one_gets_a_dutch_message(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/municipalities.py").run()
    fields(at)["Zoek een gemeente"].input("GM0363").run()
    fields(at)["E-mailadres"].input("geen adres")
    click(at, "Opslaan")
    assert "geen geldig e-mailadres" in texts(at)
    fields(at)["E-mailadres"].input("schuldhulp@amsterdam.nl")
    fields(at)["Naam van de hulp (bijvoorbeeld Schuldhulp Amsterdam)"].input("Schuldhulp & Co <Amsterdam>")
    click(at, "Opslaan")
    assert "hulpgegevens van Amsterdam zijn opgeslagen" in texts(at)
    assert fields(at)["Naam van de hulp (bijvoorbeeld Schuldhulp Amsterdam)"].value == "Schuldhulp & Co <Amsterdam>"
    with session_for(app_env) as session:
        stored = session.exec(select(Municipality).where(Municipality.code == "GM0363")).one()
        assert (stored.help_name, stored.help_email) == ("Schuldhulp & Co <Amsterdam>", "schuldhulp@amsterdam.nl")


def test_admin_and_profile_pages_write_nothing_when_opened(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    with session_for(app_env) as session:  # a landlord without a stored profile (reading it used to insert one)
        session.add(User(username="nieuw", name="Nieuwe Verhuurder", role="landlord",
                         password_hash=hash_password(PASSWORD)))
    at = login("beheer")
    with counting_writes(app_env) as writes:
        for page in ("users", "municipalities", "settings", "retention", "statistics"):
            at.switch_page(f"pages/admin/{page}.py").run()
            assert not at.exception, page
    assert writes == []
    at = login("nieuw")
    with counting_writes(app_env) as writes:
        at.switch_page("pages/landlord/profile.py").run()
        assert fields(at)["Naam (verhuurder of bedrijf)"].value == "Nieuwe Verhuurder"
        at.switch_page("pages/common/password.py").run()
    assert writes == []
