"""Huurders (issue 14): the page reads in one service call, and the change picker is bounded (a search finds the
others), so a landlord with thousands of tenancies does not get them all in every run."""

from __future__ import annotations

import datetime as dt

from naarnul import calendar
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store.engine import session_for
from tests.app.helpers import login, texts
from tests.conftest import add_user

TODAY = calendar.today()


def _seed(url, landlord, street: str, name: str, number: str = "1") -> int:
    with session_for(url) as session:
        return tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street=street, house_number=number, postcode="3511 AB", place="Utrecht",
            municipality_code="GM0344", tenants=[{"name": name, "salutation": "neutral"}], monthly_rent="850",
            due_day=1, start_date=TODAY.replace(day=1) - dt.timedelta(days=40), payer_ibans="").id


def _picker(at):
    return next(s for s in at.selectbox if s.label == "Huurovereenkomst")


def _edit_street(at) -> str:
    return [t for t in at.text_input if t.label == "Straat"][1].value  # [0] is the new-tenancy form


def test_the_change_picker_offers_a_bounded_list_and_a_search_finds_the_others(app_env, monkeypatch):
    monkeypatch.setattr(tenancy_service, "CHOICES_LIMIT", 2)
    piet = add_user(app_env, Role.LANDLORD, "piet")
    other = add_user(app_env, Role.LANDLORD, "klaas")
    first = _seed(app_env, piet, "Kerkstraat", "Jan de Vries")
    _seed(app_env, piet, "Dorpsweg", "Fatima el Amrani")
    third = _seed(app_env, piet, "Molenlaan", "Kees Jansen")
    _seed(app_env, other, "Molenlaan", "Iemand Anders", number="9")  # another landlord's: never offered
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    assert not at.exception
    picker = _picker(at)
    assert picker.options == ["Kerkstraat 1, Utrecht – Jan de Vries", "Dorpsweg 1, Utrecht – Fatima el Amrani"]
    assert picker.value == first and _edit_street(at) == "Kerkstraat"
    assert "De eerste 2 huurovereenkomsten staan in de lijst" in texts(at)

    next(t for t in at.text_input if t.key == "edit_tenancy_search").input("molen").run()
    assert not at.exception
    picker = _picker(at)
    assert picker.options == ["Molenlaan 1, Utrecht – Kees Jansen"]  # not klaas's Molenlaan 9
    assert picker.value == third and _edit_street(at) == "Molenlaan"  # the form follows the picker at once
    assert "De eerste 2" not in texts(at)

    # the search cleared: the chosen tenancy stays chosen, though it is not among the first two
    next(t for t in at.text_input if t.key == "edit_tenancy_search").input("").run()
    assert _picker(at).value == third and _edit_street(at) == "Molenlaan"
    assert len(_picker(at).options) == 3

    next(t for t in at.text_input if t.key == "edit_tenancy_search").input("niemand").run()
    assert not at.exception
    assert "Geen huurovereenkomst gevonden met deze zoekwoorden" in texts(at)
    assert not [s for s in at.selectbox if s.label == "Huurovereenkomst"]


def test_the_overview_pages_in_sql_and_a_search_past_the_last_page_shows_the_first(app_env, monkeypatch):
    piet = add_user(app_env, Role.LANDLORD, "piet")
    for number in range(30):
        _seed(app_env, piet, "Kerkstraat" if number < 27 else "Dorpsweg", f"Huurder {number}", str(number + 1))
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    assert len(at.dataframe[0].value) == 25
    assert "30 huurovereenkomst(en)" in texts(at)
    next(s for s in at.selectbox if s.label == "Pagina").set_value(2).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 5
    next(t for t in at.text_input if t.key == "tenancy_search").input("dorpsweg").run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert len(shown) == 3 and set(shown["Adres"].str.split(" ").str[0]) == {"Dorpsweg"}
    assert "3 huurovereenkomst(en)" in texts(at)


def test_a_landlord_without_tenancies_is_told_what_to_do(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    assert not at.exception
    assert "U heeft nog geen huurders" in texts(at)
    assert "Er zijn nog geen huurders om te wijzigen" in texts(at)
