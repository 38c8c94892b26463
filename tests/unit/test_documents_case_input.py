"""The database-free parts of a document's input (moved out of store.documents)."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul.documents import case_input
from naarnul.errors import ValidationError


@pytest.mark.parametrize("full, parts", [
    ("Sam de Vries", ("Sam", "de Vries")),
    ("Anna Maria Jansen", ("Anna Maria", "Jansen")),
    ("Jan van der Berg", ("Jan", "van der Berg")),
    ("Madonna", ("", "Madonna")),
    ("", ("", "")),
])
def test_split_name(full, parts):
    assert case_input.split_name(full) == parts


def test_a_profile_missing_fields_names_them_all_in_dutch():
    with pytest.raises(ValidationError) as error:
        case_input.landlord_part({"name": "Piet", "street": "Lindelaan"})
    assert str(error.value) == ("Vul eerst uw huisnummer, postcode, plaats, telefoonnummer, e-mailadres en IBAN in bij "
                                "Mijn gegevens. Die gegevens staan in elke brief.")


def test_without_a_municipal_contact_letters_point_to_geldfit():
    assert case_input.debt_help("", "", "", "")["name"] == "Geldfit"
    assert case_input.debt_help("Geldhulp", "020 1234567", "", "")["website"] == "www.geldfit.nl"


def test_document_filename_is_ascii_and_says_what_and_when():
    name = case_input.document_filename("reminder", dt.date(2026, 11, 23), "Dorpsstraße", "12", "A")
    assert name == "herinnering-2026-11-23-dorpsstrae-12-a.docx"


def test_the_debt_help_fallback_is_geldfit_and_marked_not_municipal():
    from naarnul.documents.case_input import debt_help

    assert debt_help("", "", "", "") == {"name": "Geldfit", "phone": "0800-8115", "website": "www.geldfit.nl",
                                         "email": "", "is_municipal": False}
    own = debt_help("Geldhulp Amsterdam", "020 1234567", "", "")
    assert own["is_municipal"] is True and own["website"] == "www.geldfit.nl"
