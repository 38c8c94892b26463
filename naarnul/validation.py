"""Checks for what a landlord types in a form. Each returns the normalised value or raises ValidationError (Dutch).

To collect the problems of a whole form, call each check inside `collect()` (see below) and raise once.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as NumberError

from naarnul.errors import ValidationError

# Letter pairs PostNL never issues (offensive or reserved)
POSTCODE_FORBIDDEN_LETTERS = {"SA", "SD", "SS"}
_POSTCODE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_HOUSE = re.compile(r"^(\d{1,5})\s*[-/]?\s*([A-Za-z0-9][A-Za-z0-9 \-]{0,7})?$")
NAME_MAX = 100


@contextmanager
def collect(problems: list[str]):
    """`with collect(problems): postcode(x)` — adds the problem to the list instead of raising."""
    try:
        yield
    except ValidationError as error:
        problems.extend(error.problems)


def postcode(value: str) -> str:
    """`1234ab` → `1234 AB`."""
    text = (value or "").strip()
    match = _POSTCODE.match(text)
    if not match:
        raise ValidationError(f"'{text}' is geen Nederlandse postcode. Een postcode is vier cijfers en twee letters, "
                              "bijvoorbeeld 1234 AB." if text else "Vul de postcode in, bijvoorbeeld 1234 AB.")
    digits, letters = match.group(1), match.group(2).upper()
    if digits.startswith("0"):
        raise ValidationError(f"Een postcode begint niet met een 0 ('{text}'). Controleer de postcode.")
    if letters in POSTCODE_FORBIDDEN_LETTERS:
        raise ValidationError(f"De letters {letters} komen in Nederlandse postcodes niet voor. Controleer de postcode.")
    return f"{digits} {letters}"


def phone(value: str) -> str:
    """Dutch numbers as `06 12345678` / `020 123 4567`; foreign numbers in international form (`+32 …`)."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Vul een telefoonnummer in, bijvoorbeeld 06 12345678.")
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(f"'{text}' is geen geldig telefoonnummer. Gebruik bijvoorbeeld 06 12345678 of "
                              "020 123 4567.")
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 31
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def email(value: str) -> str:
    """A simple sane check; the domain part is lower-cased."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Vul een e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    if len(text) > 254 or not _EMAIL.match(text) or ".." in text:
        raise ValidationError(f"'{text}' is geen geldig e-mailadres. Een e-mailadres ziet eruit als "
                              "naam@voorbeeld.nl.")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def iban(value: str) -> str:
    """`nl91abna0417164300` → `NL91 ABNA 0417 1643 00`. Checks the country's length and layout and the two check
    digits (ISO 13616, mod 97); spaces, dots and hyphens between the groups are allowed."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Vul een IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00.")
    compact = stdnum_iban.compact(text)
    try:
        # The same number with correct check digits: valid → only a digit was mistyped; invalid → not an IBAN at all.
        repaired = compact[:2] + stdnum_iban.calc_check_digits(compact) + compact[4:]
        stdnum_iban.validate(repaired, check_country=False)
    except (NumberError, ValueError, IndexError):
        raise ValidationError(f"'{text}' is geen geldig IBAN. Een Nederlands IBAN heeft 18 tekens, bijvoorbeeld "
                              "NL91 ABNA 0417 1643 00.") from None
    if repaired != compact:
        raise ValidationError(f"Het IBAN '{text}' klopt niet: waarschijnlijk is er een cijfer verkeerd getypt. "
                              "Controleer het nummer.")
    return stdnum_iban.format(compact)


def iban_compact(value: str) -> str:
    """For comparing: upper case, no spaces (no check)."""
    return re.sub(r"\s+", "", value or "").upper()


def house_number(value: str | int, addition: str = "") -> tuple[int, str]:
    """House number and addition. Accepts `12`, `12a`, `12-2`, `12 bis`, or number and addition apart.

    Returns (number, addition) with the addition in capitals and without a leading separator: (12, "A").
    """
    text = str(value if value is not None else "").strip()
    extra = (addition or "").strip().lstrip("-/ ").strip()
    if not text:
        raise ValidationError("Vul het huisnummer in.")
    match = _HOUSE.match(text)
    if not match:
        raise ValidationError(f"'{text}' is geen huisnummer. Vul een getal in, met eventueel een toevoeging, "
                              "bijvoorbeeld 12 of 12a.")
    number = int(match.group(1))
    if not 1 <= number <= 99999:
        raise ValidationError("Een huisnummer ligt tussen 1 en 99999.")
    if match.group(2):
        if extra:
            raise ValidationError("Vul de toevoeging maar op één plek in: bij het huisnummer of bij de toevoeging.")
        extra = match.group(2).strip()
    if extra and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,7}", extra):
        raise ValidationError(f"De toevoeging '{extra}' kan niet. Gebruik letters of cijfers, hoogstens 8 tekens, "
                              "bijvoorbeeld A, 2 of bis.")
    return number, extra.upper()


def name(value: str, label: str = "naam", max_length: int = NAME_MAX) -> str:
    """A person's or street name: not empty, no control characters, spaces tidied, at most `max_length`."""
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError(f"Vul de {label} in.")
    if any(unicodedata.category(char).startswith("C") for char in text):
        raise ValidationError(f"De {label} bevat een teken dat niet kan. Typ de {label} opnieuw.")
    if len(text) > max_length:
        raise ValidationError(f"De {label} is te lang: hoogstens {max_length} tekens.")
    if not any(char.isalpha() for char in text):
        raise ValidationError(f"De {label} moet letters bevatten.")
    return text
