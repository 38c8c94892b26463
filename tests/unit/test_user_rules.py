"""Account rules of the core (naarnul.users): a new account and a landlord profile as typed."""

from __future__ import annotations

import pytest

from naarnul import users
from naarnul.errors import ValidationError
from naarnul.users import Role

PASSWORD = "correct-horse-battery"
LIMITS = {"name": 200, "contact_person": 200, "street": 200, "house_number": 20, "postcode": 7, "place": 100,
          "phone": 40, "email": 200, "iban": 42, "contact_hours": 200}


def new(**values):
    arguments = dict(username=" Piet ", name=" Piet Jansen ", role="liaison", municipality_code=" gm0363 ",
                     email=" piet@example.org ", password=PASSWORD, password_repeat=None, name_max=200,
                     email_max=200)
    return users.clean_new_user(**{**arguments, **values})


def test_a_good_account_is_cleaned():
    assert new() == (users.NewUser("piet", "Piet Jansen", Role.LIAISON, "GM0363", "piet@example.org"), [])
    assert new(role="landlord")[0].municipality_code is None


@pytest.mark.parametrize("values, message", [
    ({"username": "pi"}, "3 tot 60 tekens"),
    ({"username": "p" * 61}, "3 tot 60 tekens"),
    ({"username": "piet jansen"}, "kleine letters"),
    ({"name": ""}, "Vul een naam in."),
    ({"name": "N" * 201}, "De naam is te lang (maximaal 200 tekens)."),
    ({"role": "koning"}, "Kies een rol"),
    ({"municipality_code": ""}, "kies de gemeente"),
    ({"email": "geen adres"}, "Dit e-mailadres klopt niet."),
    ({"email": "a" * 200 + "@voorbeeld.nl"}, "Het e-mailadres is te lang (maximaal 200 tekens)."),
    ({"password": "kort"}, "minstens 10 tekens"),
    ({"password": "é" * 40}, "te lang"),
])
def test_every_problem_of_a_new_account_in_dutch(values, message):
    _, problems = new(**values)
    assert any(message in problem for problem in problems), problems


def test_a_profile_is_normalised_and_bounded():
    cleaned = users.clean_profile({"name": " Verhuur & Zonen <BV> ", "postcode": "1234ab", "phone": "0612345678",
                                   "iban": "nl91abna0417164300"}, LIMITS)
    assert (cleaned["name"], cleaned["postcode"], cleaned["phone"], cleaned["iban"]) == (
        "Verhuur & Zonen <BV>", "1234 AB", "06 12345678", "NL91 ABNA 0417 1643 00")
    with pytest.raises(ValidationError) as raised:
        users.clean_profile({"name": "", "place": "P" * 101, "postcode": "12AB"}, LIMITS)
    assert len(raised.value.problems) == 3
    assert users.missing_for_letters({"name": "X", "phone": "06"}) == ["e-mailadres", "IBAN", "adres", "postcode",
                                                                       "plaats"]
