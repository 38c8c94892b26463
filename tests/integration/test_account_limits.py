"""Every length limit of the account and admin forms matches its column: too long gives a Dutch message, never a
database error (PostgreSQL refuses what SQLite would store), and the longest allowed value saves."""

from __future__ import annotations

import pytest
from sqlmodel import select

from naarnul.errors import ValidationError
from naarnul.services import accounts
from naarnul.services import admin as admin_service
from naarnul.users import ActingUser, Role
from store.engine import session_for
from store.models import LandlordProfile, Municipality, User
from store.unit_of_work import UnitOfWork
from tests.conftest import COMPLETE_PROFILE, PASSWORD, add_user

LONG_EMAIL = "a" * 200 + "@voorbeeld.nl"  # a valid address of 213 characters: longer than the column (200)


@pytest.mark.parametrize("field, value, message", [
    ("name", "N" * 201, "De naam is te lang (maximaal 200 tekens)."),
    ("house_number", "1" * 21, "Het huisnummer is te lang (maximaal 20 tekens)."),
    ("place", "P" * 101, "De plaats is te lang (maximaal 100 tekens)."),
    ("email", LONG_EMAIL, "Het e-mailadres is te lang (maximaal 200 tekens)."),
    ("contact_hours", "m" * 201, "De bereikbaarheid is te lang (maximaal 200 tekens)."),
])
def test_a_too_long_profile_field_gets_a_dutch_message(db_url, field, value, message):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    with pytest.raises(ValidationError) as raised:
        accounts.update_profile(UnitOfWork(db_url), landlord, **{**COMPLETE_PROFILE, field: value})
    assert message in raised.value.problems
    with session_for(db_url) as session:
        assert session.get(LandlordProfile, landlord.id).name == "Piet"  # nothing half-saved


def test_the_longest_allowed_profile_saves(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    longest = {**COMPLETE_PROFILE, "name": "N" * 200, "contact_person": "C" * 200, "street": "S" * 200,
               "house_number": "1" * 20, "place": "P" * 100, "contact_hours": "m" * 200,
               "email": "a" * 187 + "@voorbeeld.nl"}
    saved = accounts.update_profile(UnitOfWork(db_url), landlord, **longest)
    assert saved.name == "N" * 200 and len(saved.email) == 200
    assert accounts.view_profile(UnitOfWork(db_url), landlord) == saved


def test_reading_a_new_landlords_profile_writes_nothing(db_url):
    with session_for(db_url) as session:
        user = User(username="nieuw", name="Nieuwe Verhuurder", role="landlord", password_hash="x")
        session.add(user)
        session.flush()
        from_store = ActingUser(id=user.id, username="nieuw", name="Nieuwe Verhuurder", role=Role.LANDLORD)
    assert accounts.view_profile(UnitOfWork(db_url), from_store).name == "Nieuwe Verhuurder"
    with session_for(db_url) as session:
        assert session.get(LandlordProfile, from_store.id) is None


@pytest.mark.parametrize("values, message", [
    ({"name": "N" * 201}, "De naam is te lang (maximaal 200 tekens)."),
    ({"email": LONG_EMAIL}, "Het e-mailadres is te lang (maximaal 200 tekens)."),
    ({"username": "u" * 61}, "Kies een gebruikersnaam van 3 tot 60 tekens"),
])
def test_a_too_long_new_user_gets_a_dutch_message(db_url, values, message):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    arguments = {"username": "piet", "name": "Piet", "role": Role.LANDLORD, "password": PASSWORD, **values}
    with pytest.raises(ValidationError) as raised:
        accounts.create_user(UnitOfWork(db_url), admin, **arguments)
    assert any(problem.startswith(message) for problem in raised.value.problems)
    with session_for(db_url) as session:
        assert [u.username for u in session.exec(select(User))] == ["beheer"]


def test_a_new_user_of_the_longest_allowed_size_saves_once(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    arguments = {"username": "u" * 60, "name": "N" * 200, "role": Role.LIAISON, "password": PASSWORD,
                 "municipality_code": "gm0363", "email": "a" * 187 + "@voorbeeld.nl"}
    first = accounts.create_user(UnitOfWork(db_url), admin, **arguments)
    again = accounts.create_user(UnitOfWork(db_url), admin, **arguments)  # a double click
    assert (first.created, again.created) == (True, False) and again.user.id == first.user.id
    with pytest.raises(ValidationError, match="bestaat al"):
        accounts.create_user(UnitOfWork(db_url), admin, **{**arguments, "name": "Iemand anders"})
    with session_for(db_url) as session:
        assert len(session.exec(select(User)).all()) == 2


@pytest.mark.parametrize("field, value, message", [
    ("help_name", "H" * 201, "De naam van de hulp is te lang (maximaal 200 tekens)."),
    ("help_email", LONG_EMAIL, "Het e-mailadres is te lang (maximaal 200 tekens)."),
    ("help_website", "www." + "w" * 300 + ".nl", "De website is te lang (maximaal 300 tekens)."),
])
def test_a_too_long_help_contact_gets_a_dutch_message(db_url, field, value, message):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    with pytest.raises(ValidationError) as raised:
        admin_service.update_help_contact(UnitOfWork(db_url), admin, code="GM0363", **{field: value})
    assert message in raised.value.problems
    with session_for(db_url) as session:
        assert session.get(Municipality, "GM0363").help_name == ""


def test_the_longest_help_contact_saves(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    admin_service.update_help_contact(UnitOfWork(db_url), admin, code="GM0363", help_name="H" * 200,
                                      help_phone="020 123 4567", help_email="a" * 187 + "@voorbeeld.nl",
                                      help_website="www." + "w" * 293 + ".nl")
    row = next(r for r in admin_service.list_municipalities(UnitOfWork(db_url), admin) if r.code == "GM0363")
    assert (len(row.help_name), len(row.help_email), len(row.help_website)) == (200, 200, 300)
