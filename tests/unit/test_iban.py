"""IBAN checks (python-stdnum): what a landlord types, what the form shows back, the Dutch message per mistake."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naarnul import validation
from naarnul.errors import ValidationError


@pytest.mark.parametrize("typed, shown", [
    ("nl91abna0417164300", "NL91 ABNA 0417 1643 00"),
    ("  NL91 ABNA 0417 1643 00  ", "NL91 ABNA 0417 1643 00"),
    ("NL91-ABNA-0417-1643-00", "NL91 ABNA 0417 1643 00"),
    ("NL91.ABNA.0417.1643.00", "NL91 ABNA 0417 1643 00"),
    ("DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
    ("BE68539007547034", "BE68 5390 0754 7034"),
])
def test_a_valid_iban_is_shown_in_groups_of_four(typed, shown):
    assert validation.iban(typed) == shown


@pytest.mark.parametrize("typed, message", [
    ("NL91ABNA0417164301", "cijfer verkeerd getypt"),     # last digit wrong
    ("NL19ABNA0417164300", "cijfer verkeerd getypt"),     # check digits swapped
    ("NL00ABNA0417164300", "cijfer verkeerd getypt"),
    ("NL91ABNA04171643", "geen geldig IBAN"),             # too short for NL
    ("NL91ABNA041716430012", "geen geldig IBAN"),         # too long for NL
    ("NL91ABNA041716430X", "geen geldig IBAN"),           # letter where NL has digits
    ("XX91ABNA0417164300", "geen geldig IBAN"),           # no such country
    ("0417164300", "geen geldig IBAN"),                   # an old account number
    ("NL91 ABNA 0417 1643 00 <b>", "geen geldig IBAN"),
    ("{{ iban }}", "geen geldig IBAN"),
    ("-", "geen geldig IBAN"),
    ("   ", "Vul een IBAN in"),
])
def test_a_wrong_iban_gets_a_dutch_message(typed, message):
    with pytest.raises(ValidationError) as raised:
        validation.iban(typed)
    assert message in " ".join(raised.value.problems)


@given(st.text(max_size=60))
def test_any_text_either_passes_or_gets_a_dutch_message(text):
    try:
        shown = validation.iban(text)
    except ValidationError as error:
        assert error.problems and all(problem.endswith(".") for problem in error.problems)
    else:
        assert validation.iban(shown) == shown
