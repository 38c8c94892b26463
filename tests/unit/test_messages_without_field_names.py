"""A message shown in the portal names the field by its Dutch label, never by its internal name (the command line
keeps the name: it is what --field NAAM=WAARDE or the JSON key needs)."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul.documents import load_template, validate_extra_fields
from naarnul.errors import ValidationError
from ui.display import without_field_names


@pytest.mark.parametrize("message, shown", [
    ("'Organisatie' is verplicht (support_organisation).", "'Organisatie' is verplicht."),
    ("De naam van de verhuurder moet tekst zijn (case.landlord.name).", "De naam van de verhuurder moet tekst zijn."),
    ("De voornaam van huurder 1 ontbreekt (case.tenants[0].first_name).", "De voornaam van huurder 1 ontbreekt."),
    ("'Datum gesprek' (meeting_date): geen geldige datum.", "'Datum gesprek': geen geldige datum."),
    ("'Plaats' is verplicht (place).", "'Plaats' is verplicht."),
    # Dutch words in brackets stay
    ("Bedragen en stappen bijwerken (dagelijks).", "Bedragen en stappen bijwerken (dagelijks)."),
    ("Huur per maand (€) ontbreekt.", "Huur per maand (€) ontbreekt."),
])
def test_internal_names_are_left_out(message, shown):
    assert without_field_names(message) == shown


def test_a_missing_extra_field_of_a_letter_reads_without_its_name():
    spec = load_template("addendum")
    with pytest.raises(ValidationError) as error:
        validate_extra_fields(spec, {}, today=dt.date(2026, 11, 23))
    raw = " ".join(error.value.problems)
    assert "(support_organisation)" in raw  # the command line says which --field
    shown = " ".join(without_field_names(p) for p in error.value.problems)
    assert "support_organisation" not in shown and "is verplicht" in shown
