"""The entrypoint as a user meets it: first start, login, lock-out, pages per role, logout."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from naarnul.users import MAX_FAILED_LOGINS, Role
from tests.app.helpers import fill_login, login, new_app, texts
from tests.conftest import PASSWORD, ROOT, add_user
from ui.session import ACTING_USER_KEY


def test_first_start_asks_for_the_setup_code_then_creates_the_admin(app_env, monkeypatch):
    monkeypatch.setenv("NAARNUL_SETUP_CODE", "ABCD-1234-EF56")
    at = new_app().run()
    assert "Naar Nul installeren" in texts(at)
    fields = {t.label: t for t in at.text_input}
    fields["Installatiecode"].input("FOUT-CODE")
    fields["Uw naam"].input("Beheer Pilot")
    fields["Gebruikersnaam"].input("beheer")
    fields["Wachtwoord (minstens 10 tekens)"].input(PASSWORD)
    fields["Herhaal het wachtwoord"].input(PASSWORD)
    at.button[0].click().run()
    assert "installatiecode klopt niet" in texts(at)

    fields = {t.label: t for t in at.text_input}
    fields["Installatiecode"].input("abcd-1234-ef56")
    at.button[0].click().run()
    assert "beheerdersaccount is aangemaakt" in texts(at)

    at = login("beheer")
    assert not at.exception
    assert "Gebruikers" in texts(at)


def test_landlord_logs_in_and_sees_own_pages_only(app_env):
    add_user(app_env, Role.LANDLORD, "piet", name="Piet Jansen")
    at = login("piet")
    assert not at.exception
    assert at.title[0].value == "Vandaag"
    assert "Piet Jansen" in at.sidebar.markdown[0].value
    at.switch_page("pages/landlord/profile.py").run()
    assert at.title[0].value == "Mijn gegevens"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin/users.py")  # not in a landlord's navigation at all


def test_wrong_password_gives_a_dutch_message(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet", "verkeerd-wachtwoord")
    assert "Gebruikersnaam of wachtwoord klopt niet" in texts(at)
    assert "Vandaag" not in texts(at)


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = new_app().run()
    for _ in range(MAX_FAILED_LOGINS):
        fill_login(at, "piet", "verkeerd-wachtwoord")
    fill_login(at, "piet", PASSWORD)
    assert "tijdelijk geblokkeerd" in texts(at)
    assert "Vandaag" not in texts(at)
    # a fresh session (a restart) does not reset the count: it is in the database
    at = fill_login(new_app().run(), "piet", PASSWORD)
    assert "tijdelijk geblokkeerd" in texts(at)


@pytest.mark.parametrize("role, municipality, home_title", [
    (Role.LANDLORD, None, "Vandaag"),
    (Role.LIAISON, "GM0363", "Meldingen voor Amsterdam"),
    (Role.ADMIN, None, "Gebruikers"),
])
def test_each_role_lands_on_its_own_home_page(app_env, role, municipality, home_title):
    add_user(app_env, role, "gebruiker", municipality=municipality)
    at = login("gebruiker")
    assert not at.exception
    assert at.title[0].value == home_title


@pytest.mark.parametrize("page", ["landlord/home.py", "landlord/profile.py", "admin/users.py",
                                  "admin/municipalities.py"])
def test_a_page_run_on_its_own_checks_the_role_itself(app_env, page):
    """Even if a page were reached without the entrypoint's menu, it shows nothing to the wrong role."""
    liaison = add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=30)
    at.session_state[ACTING_USER_KEY] = liaison
    at.run()
    assert not at.exception
    assert "geen toegang" in texts(at)
    assert len(at.text_input) == 0 and len(at.dataframe) == 0


def test_a_page_run_on_its_own_without_login_shows_nothing(app_env):
    at = AppTest.from_file(str(ROOT / "pages" / "admin" / "users.py"), default_timeout=30).run()
    assert "geen toegang" in texts(at) and len(at.text_input) == 0


def test_logout_returns_to_the_login_form(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    next(b for b in at.sidebar.button if b.label == "Uitloggen").click().run()
    assert "Gebruikersnaam" in [t.label for t in at.text_input]
    assert "Vandaag" not in texts(at)


def test_admin_creates_a_liaison_and_sees_problems_in_dutch(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    fields = {t.label: t for t in at.text_input}
    fields["Naam"].input("Contact Utrecht")
    fields["Gebruikersnaam"].input("utrecht")
    fields["Eerste wachtwoord (minstens 10 tekens)"].input("kort")
    at.selectbox[0].set_value(Role.LIAISON)
    next(b for b in at.button if b.label == "Gebruiker aanmaken").click().run()
    assert "minstens 10 tekens" in texts(at) and "kies de gemeente" in texts(at)
    assert "utrecht" not in at.dataframe[0].value["Gebruikersnaam"].tolist()

    fields = {t.label: t for t in at.text_input}
    fields["Eerste wachtwoord (minstens 10 tekens)"].input(PASSWORD)
    at.selectbox[1].set_value("GM0344")
    next(b for b in at.button if b.label == "Gebruiker aanmaken").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "utrecht" in table["Gebruikersnaam"].tolist()
    assert "Utrecht (GM0344)" in table["Gemeente"].tolist()


def test_landlord_profile_form_saves_and_rejects_bad_input(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/profile.py").run()
    fields = {t.label: t for t in at.text_input}
    fields["Postcode"].input("12AB")
    fields["Telefoonnummer"].input("<script>")
    at.button[0].click().run()
    assert "postcode" in texts(at).lower()
    fields = {t.label: t for t in at.text_input}
    fields["Naam (verhuurder of bedrijf)"].input("Piet & Zonen <BV> {{ x }}")
    fields["Postcode"].input("1234ab")
    fields["Telefoonnummer"].input("06 12345678")
    at.button[0].click().run()
    assert "opgeslagen" in texts(at)
    at = login("piet")
    at.switch_page("pages/landlord/profile.py").run()
    fields = {t.label: t for t in at.text_input}
    assert fields["Naam (verhuurder of bedrijf)"].value == "Piet & Zonen <BV> {{ x }}"
    assert fields["Postcode"].value == "1234 AB"


def test_form_fields_stop_at_the_length_of_their_column(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("piet")
    at.switch_page("pages/landlord/profile.py").run()
    limits = {t.label: t.max_chars for t in at.text_input}
    assert (limits["Naam (verhuurder of bedrijf)"], limits["Huisnummer"], limits["Plaats"],
            limits["E-mailadres"], limits["Telefoonnummer"]) == (200, 20, 100, 200, 40)
    at = login("beheer")
    limits = {t.label: t.max_chars for t in at.text_input}
    assert (limits["Naam"], limits["Gebruikersnaam"], limits["E-mailadres (niet verplicht)"]) == (200, 60, 200)
    at.switch_page("pages/admin/municipalities.py").run()
    assert not at.exception
    limits = {t.label: t.max_chars for t in at.text_input}
    assert (limits["Telefoonnummer"], limits["E-mailadres"], limits["Website"]) == (40, 200, 300)
