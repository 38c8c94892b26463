"""The tenancy form's rules (naarnul.tenancy), without a database: every problem at once, in Dutch, and length
limits that match the columns."""

import datetime as dt
from decimal import Decimal

import pytest

from naarnul.errors import ValidationError
from naarnul.tenancy import validate_tenancy


def values(**overrides):
    base = dict(street="Kerkstraat", house_number="12", house_number_addition="", postcode="3511ab", place="Utrecht",
                municipality_code="gm0344", tenants=[{"name": "Jan de Vries", "salutation": "meneer"}],
                monthly_rent="1.234,56", due_day=1, start_date=dt.date(2026, 9, 1),
                payer_ibans="NL69 INGB 0123 4567 89")
    base.update(overrides)
    return base


def check(**overrides):
    return validate_tenancy(is_active_municipality=lambda code: code == "GM0344", **values(**overrides))


def test_a_good_tenancy_is_tidied():
    clean = check()
    assert (clean.postcode, clean.municipality_code, clean.lease.monthly_rent) == ("3511 AB", "GM0344",
                                                                                    Decimal("1234.56"))
    assert clean.payer_ibans == "NL69INGB0123456789"


@pytest.mark.parametrize("overrides, message", [
    ({"monthly_rent": "5.50"}, "Schrijf centen met een komma"),
    ({"monthly_rent": "-850"}, "kan niet negatief zijn"),
    ({"street": "K" * 201}, "De straat is te lang: hoogstens 200 tekens"),
    ({"place": "U" * 101}, "De plaats is te lang: hoogstens 100 tekens"),
    ({"tenants": [{"name": "J" * 201}]}, "te lang: hoogstens 200 tekens"),
    ({"tenants": [{"name": "Jan", "phone": "0" * 41}]}, "telefoonnummer is te lang"),
    ({"tenants": [{"name": "Jan", "email": "j" * 190 + "@voorbeeld.nl"}]}, "e-mailadres is te lang"),
    ({"tenants": [{"name": f"Huurder {i}"} for i in range(5)]}, "hoogstens 4 huurders"),
    ({"municipality_code": "GM9999"}, "Kies de gemeente"),
    ({"payer_ibans": "NL69INGB0123456789, NL00INGB0000000000"}, "IBAN"),
])
def test_bad_input_gives_a_dutch_message(overrides, message):
    with pytest.raises(ValidationError) as error:
        check(**overrides)
    assert message in str(error.value)


def test_every_problem_comes_at_once():
    with pytest.raises(ValidationError) as error:
        check(monthly_rent="veel", due_day=30, postcode="x", street="")
    assert len(error.value.problems) == 4
