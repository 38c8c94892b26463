"""Form amounts parse strictly in Dutch; a dot before cents is refused, never read as thousands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from naarnul.errors import ValidationError
from naarnul.money import parse_form_amount


@pytest.mark.parametrize("typed, expected", [
    ("850", "850.00"), ("850,5", "850.50"), ("850,00", "850.00"), ("1.234,56", "1234.56"), ("1234,56", "1234.56"),
    ("€ 1.234,56", "1234.56"), ("€ 850,-", "850.00"), (" 12,50 ", "12.50"), ("1.000.000", "1000000.00"), (Decimal("7.5"), "7.50"), (12, "12.00"),
])
def test_dutch_amounts(typed, expected):
    assert parse_form_amount(typed) == Decimal(expected)


@pytest.mark.parametrize("typed, fragment", [
    ("5.50", "komma"), ("1234.5", "komma"), ("", "niet ingevuld"), ("-5", "negatief"), ("0", "groter"),
    ("12,345", "geen bedrag"), ("1.23,45", "geen bedrag"), ("{{ x }}", "geen bedrag"), ("<b>5</b>", "geen bedrag"),
    ("99999999999", "te hoog"), ("abc", "geen bedrag"),
])
def test_bad_amounts_get_a_dutch_message(typed, fragment):
    with pytest.raises(ValidationError) as error:
        parse_form_amount(typed, "De huur")
    assert fragment in str(error.value)


def test_zero_only_when_allowed():
    assert parse_form_amount("0,00", allow_zero=True) == Decimal("0.00")


def test_float_is_never_money():
    with pytest.raises(TypeError):
        parse_form_amount(5.5)
