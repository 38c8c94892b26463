"""DocumentCase: JSON in, validated dataclasses out; every problem listed in Dutch."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naarnul.documents.case import DocumentCase
from naarnul.documents.values import parse_money
from naarnul.errors import ValidationError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "case.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def problems_of(data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        DocumentCase.from_json(data)
    return caught.value.problems


def test_example_case_reads_into_typed_values():
    case = DocumentCase.from_json(example())
    assert case.today == dt.date(2026, 11, 23)
    assert case.arrears.total == Decimal("1234.56")
    assert isinstance(case.monthly_rent, Decimal)
    assert [item.due_date for item in case.arrears.items] == [dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    assert case.landlord.iban == "NL91ABNA0417164300"
    assert case.arrangement.total == Decimal("1234.56")
    assert case.tenants[0].name == "Sam de Vries"


def test_to_json_round_trips_exactly():
    case = DocumentCase.from_json(example())
    again = DocumentCase.from_json(json.loads(json.dumps(case.to_json())))
    assert again == case
    assert case.to_json()["arrears"]["total"] == "1234.56"
    assert case.to_json()["today"] == "2026-11-23"


@pytest.mark.parametrize(("salutation", "first", "last", "expected"), [
    ("meneer", "Jan", "Jansen", "meneer Jansen"),
    ("mevrouw", "Sam", "de Vries", "mevrouw De Vries"),
    ("neutral", "Sam", "de Vries", "Sam de Vries"),
])
def test_greeting_name_follows_the_preferred_form(salutation, first, last, expected):
    data = example()
    data["tenants"] = [{"first_name": first, "last_name": last, "salutation": salutation}]
    assert DocumentCase.from_json(data).tenants[0].greeting_name == expected


def test_every_problem_is_listed_at_once_in_dutch():
    data = example()
    del data["landlord"]["phone"]  # missing field
    data["landlord"]["name"] = 42  # wrong type
    data["reminder_date"] = "5 oktober"  # bad date
    data["monthly_rent"] = "-850.00"  # negative amount
    data["home"]["postcode"] = "12345"
    problems = problems_of(data)
    text = " ".join(problems)
    assert "Het telefoonnummer van de verhuurder ontbreekt (case.landlord.phone)." in problems
    assert "De naam van de verhuurder moet tekst zijn (case.landlord.name)." in problems
    assert "geen geldige datum" in text and "case.reminder_date" in text
    assert "De huur per maand mag niet negatief zijn (case.monthly_rent)." in problems
    assert "geen Nederlandse postcode" in text
    assert len(problems) == 5


def test_not_a_mapping_and_empty_case():
    assert problems_of([]) == ["De zaak ontbreekt of is geen groep gegevens (case)."]
    problems = problems_of({})
    assert any("De datum van vandaag ontbreekt" in p for p in problems)
    assert any("De verhuurder ontbreekt" in p for p in problems)
    assert any("De huurders ontbreekt" in p or "huurders" in p for p in problems)


def test_a_bsn_is_refused_wherever_it_appears():
    data = example()
    data["tenants"][0]["bsn"] = "123456782"
    problems = problems_of(data)
    assert problems == ["Een BSN hoort niet in een document of melding; haal het veld weg (case.tenants[0].bsn)."]


def test_unknown_key_is_refused_not_dropped():
    data = example()
    data["landlord"]["phone_number"] = "06 1"
    assert "Onbekend veld (case.landlord.phone_number). Controleer de schrijfwijze." in problems_of(data)


def test_arrears_total_must_add_up_and_oldest_date_must_match():
    data = example()
    data["arrears"]["total"] = "1000.00"
    data["arrears"]["oldest_due_date"] = "2026-10-01"
    text = " ".join(problems_of(data))
    assert "niet gelijk aan de optelling van de maanden (€\u00a01.234,56)" in text
    assert "is niet de vervaldatum van de oudste maand (2026-09-01)" in text


def test_oldest_due_date_is_derived_when_absent():
    data = example()
    del data["arrears"]["oldest_due_date"]
    data["arrears"]["items"].reverse()
    case = DocumentCase.from_json(data)
    assert case.arrears.oldest_due_date == dt.date(2026, 9, 1)
    assert case.arrears.items[0].due_date == dt.date(2026, 9, 1)  # sorted


def test_instalments_must_add_up_be_numbered_and_ascending():
    data = example()
    instalments = data["arrangement"]["instalments"]
    instalments[1]["number"] = 7
    instalments[2]["due_date"] = "2026-12-15"
    instalments[3]["amount"] = "300.00"
    text = " ".join(problems_of(data))
    assert "Het nummer van termijn 2 moet 2 zijn" in text
    assert "De datum van termijn 3 moet na de datum van de vorige termijn liggen" in text


def test_instalment_total_mismatch_is_reported():
    data = example()
    data["arrangement"]["instalments"][3]["amount"] = "300.00"
    assert any("De termijnen tellen op tot €\u00a01.225,92, maar de regeling moet €\u00a01.234,56 zijn" in p for p in problems_of(data))


def test_arrangement_with_costs_must_include_them():
    data = example()
    data["arrangement"]["includes_costs"] = True
    assert any("1.234,56, maar de regeling moet €\u00a01.419,74 zijn" in p for p in problems_of(data))
    data["arrangement"]["instalments"][3]["amount"] = str(Decimal("308.64") + Decimal("185.18"))
    assert DocumentCase.from_json(data).arrangement.includes_costs


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["arrangement"]["instalments"][0].pop("number"),
     "Het nummer van termijn 1 moet 1 zijn (case.arrangement.instalments[0].number)."),
    (lambda d: d["tenants"].__setitem__(0, "Sam"), "Huurder 1 ontbreekt of is geen groep gegevens (case.tenants[0])."),
    (lambda d: d["municipality"].pop("debt_help"),
     "De schuldhulp van de gemeente ontbreekt of is geen groep gegevens (case.municipality.debt_help)."),
    (lambda d: d.__setitem__("tenants", []), "Minstens één huurder is nodig (case.tenants)."),
    (lambda d: d["arrangement"].__setitem__("includes_costs", "ja"),
     "Incassokosten in de regeling moet waar of onwaar zijn (true of false) (case.arrangement.includes_costs)."),
    (lambda d: d.__setitem__("contact_attempts", "bel"), "De contactpogingen moet een lijst zijn (case.contact_attempts)."),
    (lambda d: d["arrangement"].__setitem__("includes_costs", True) or d.pop("collection_costs"),
     "De incassokosten ontbreken, maar de regeling telt ze mee (case.collection_costs)."),
])
def test_each_kind_of_problem_names_its_label_and_place(change, expected):
    """The pydantic errors read as the Dutch sentences the reader gave before (label, what is wrong, where)."""
    data = example()
    change(data)
    assert expected in problems_of(data)


def test_iban_email_cbs_and_salutation_are_checked():
    data = example()
    data["landlord"]["iban"] = "NL00ABNA0417164300"
    data["landlord"]["email"] = "anna.delinde.nl"
    data["municipality"]["cbs_code"] = "0363"
    data["tenants"][0]["salutation"] = "heer"
    text = " ".join(problems_of(data))
    for expected in ("IBAN van de verhuurder klopt niet", "is geen e-mailadres", "GM0363",
                     "moet meneer, mevrouw of neutral zijn"):
        assert expected in text


def test_postcode_is_normalised():
    data = example()
    data["home"]["postcode"] = "1234ab"
    assert DocumentCase.from_json(data).home.postcode == "1234 AB"


@pytest.mark.parametrize(("raw", "expected"), [
    ("1234.56", Decimal("1234.56")), ("1234,56", Decimal("1234.56")), (850, Decimal("850.00")),
    (Decimal("12.5"), Decimal("12.50")), (12.25, Decimal("12.25")), ("€ 12,00", Decimal("12.00")),
    ("12.345", None), ("abc", None), (True, None), ("NaN", None),
])
def test_parse_money(raw, expected):
    assert parse_money(raw) == expected


@settings(max_examples=60, deadline=None)
@given(cents=st.lists(st.integers(min_value=1, max_value=500_000), min_size=1, max_size=6))
def test_any_valid_arrears_round_trips(cents):
    data = example()
    data["arrears"]["items"] = [
        {"due_date": dt.date(2025 + i // 12, i % 12 + 1, 1).isoformat(), "amount_open": str(Decimal(c) / 100)}
        for i, c in enumerate(cents)
    ]
    data["arrears"]["total"] = str(sum(Decimal(c) for c in cents) / 100)
    data["arrears"].pop("oldest_due_date")
    data.pop("arrangement")
    data.pop("collection_costs")  # the example's costs follow the scale for its own arrears, not for these
    case = DocumentCase.from_json(data)
    assert DocumentCase.from_json(case.to_json()) == case


# --- dates: the 14-day term and add_months live in naarnul.calendar (tests/unit/test_calendar_terms.py) ---
