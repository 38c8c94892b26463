import pytest

from naarnul import validation
from naarnul.errors import ValidationError


@pytest.mark.parametrize("func, value, expected", [
    (validation.postcode, "1234ab", "1234 AB"),
    (validation.postcode, " 1234 AB ", "1234 AB"),
    (validation.postcode, "9999zz", "9999 ZZ"),
    (validation.phone, "0612345678", "06 12345678"),
    (validation.phone, "06-12345678", "06 12345678"),
    (validation.phone, "+31 6 1234 5678", "06 12345678"),
    (validation.phone, "020-1234567", "020 123 4567"),
    (validation.phone, "+32 470 12 34 56", "+32 470 12 34 56"),
    (validation.email, " Jan.de.Vries@Example.NL ", "Jan.de.Vries@example.nl"),
    (validation.iban, "nl91abna0417164300", "NL91 ABNA 0417 1643 00"),
    (validation.iban, "NL91 ABNA 0417 1643 00", "NL91 ABNA 0417 1643 00"),
    (validation.name, "  Jan   de  Vries ", "Jan de Vries"),
    (validation.name, "Özlem Çelik-’t Hart", "Özlem Çelik-’t Hart"),
])
def test_valid_values_are_normalised(func, value, expected):
    assert func(value) == expected


@pytest.mark.parametrize("func, value, fragment", [
    (validation.postcode, "", "Vul de postcode in"),
    (validation.postcode, "123 AB", "vier cijfers en twee letters"),
    (validation.postcode, "1234 A1", "vier cijfers en twee letters"),
    (validation.postcode, "0123 AB", "begint niet met een 0"),
    (validation.postcode, "1234 sa", "SA"),
    (validation.postcode, "1234SD", "SD"),
    (validation.postcode, "1234 SS", "SS"),
    (validation.phone, "", "Vul een telefoonnummer in"),
    (validation.phone, "06-1234", "geen geldig telefoonnummer"),
    (validation.phone, "bel me", "geen geldig telefoonnummer"),
    (validation.email, "jan@", "geen geldig e-mailadres"),
    (validation.email, "jan@voorbeeld", "geen geldig e-mailadres"),
    (validation.email, "jan de vries@voorbeeld.nl", "geen geldig e-mailadres"),
    (validation.email, "jan..x@voorbeeld.nl", "geen geldig e-mailadres"),
    (validation.iban, "NL91ABNA0417164301", "cijfer verkeerd getypt"),
    (validation.iban, "NL91ABNA04171643", "geen geldig IBAN"),
    (validation.iban, "", "Vul een IBAN in"),
    (validation.name, "   ", "Vul de naam in"),
    (validation.name, "x" * 101, "te lang"),
    (validation.name, "Jan\x00", "teken dat niet kan"),
    (validation.name, "1234", "letters"),
])
def test_bad_values_get_a_dutch_message(func, value, fragment):
    with pytest.raises(ValidationError) as error:
        func(value)
    assert fragment in str(error.value)


@pytest.mark.parametrize("number, addition, expected", [
    ("12", "", (12, "")),
    (12, "a", (12, "A")),
    ("12a", "", (12, "A")),
    ("12-2", "", (12, "2")),
    ("12 bis", "", (12, "BIS")),
    ("12", "-h", (12, "H")),
    ("99999", "", (99999, "")),
])
def test_house_number(number, addition, expected):
    assert validation.house_number(number, addition) == expected


@pytest.mark.parametrize("number, addition, fragment", [
    ("", "", "Vul het huisnummer in"),
    ("0", "", "tussen 1 en 99999"),
    ("twaalf", "", "geen huisnummer"),
    ("12a", "b", "op één plek"),
    ("12", "a$", "kan niet"),
    ("12", "abcdefghij", "kan niet"),
])
def test_bad_house_number(number, addition, fragment):
    with pytest.raises(ValidationError) as error:
        validation.house_number(number, addition)
    assert fragment in str(error.value)


def test_name_uses_its_label_and_limit():
    with pytest.raises(ValidationError, match="straatnaam is te lang: hoogstens 5"):
        validation.name("Kerkstraat", label="straatnaam", max_length=5)


def test_collect_gathers_all_problems_of_a_form():
    problems = []
    with validation.collect(problems):
        validation.postcode("12")
    with validation.collect(problems):
        validation.email("x")
    with validation.collect(problems):
        validation.phone("0612345678")
    assert len(problems) == 2 and "postcode" in problems[0] and "e-mailadres" in problems[1]
