"""Who is acting. Every store query that reads user data takes an ActingUser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Mapping

from naarnul import validation
from naarnul.errors import ValidationError


class Role(StrEnum):
    LANDLORD = "landlord"
    LIAISON = "liaison"
    ADMIN = "admin"


ROLE_LABELS = {Role.LANDLORD: "Verhuurder", Role.LIAISON: "Contactpersoon gemeente", Role.ADMIN: "Beheerder"}

PASSWORD_MIN_BYTES = 10
PASSWORD_MAX_BYTES = 72  # bcrypt ignores everything after 72 bytes, so we refuse longer passwords
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15


@dataclass(frozen=True)
class ActingUser:
    id: int
    username: str
    name: str
    role: Role
    municipality_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def password_problems(password: str, repeat: str | None = None) -> list[str]:
    """Dutch messages for a password that cannot be used; empty when it is fine."""
    problems = []
    size = len(password.encode("utf-8"))
    if size < PASSWORD_MIN_BYTES:
        problems.append(f"Kies een wachtwoord van minstens {PASSWORD_MIN_BYTES} tekens.")
    if size > PASSWORD_MAX_BYTES:
        problems.append(f"Het wachtwoord is te lang: maximaal {PASSWORD_MAX_BYTES} tekens (minder bij é, ë en emoji).")
    if password != password.strip():
        problems.append("Het wachtwoord mag niet beginnen of eindigen met een spatie.")
    if repeat is not None and password != repeat:
        problems.append("De twee wachtwoorden zijn niet gelijk.")
    return problems


# --- a new account -------------------------------------------------------------------------------------------------

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,59}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class NewUser:
    """A new account as typed, cleaned (lower-case username, trimmed name and e-mail, upper-case CBS code)."""

    username: str
    name: str
    role: Role | None
    municipality_code: str | None
    email: str


def clean_new_user(*, username: str, name: str, role: str, municipality_code: str | None, email: str,
                   password: str, password_repeat: str | None, name_max: int, email_max: int
                   ) -> tuple[NewUser, list[str]]:
    """The cleaned account and every problem with it in Dutch (the caller adds what needs the database: a taken
    username, an unknown municipality)."""
    problems = []
    username = (username or "").strip().lower()
    name = (name or "").strip()
    email = (email or "").strip()
    if not USERNAME_PATTERN.match(username):
        problems.append("Kies een gebruikersnaam van 3 tot 60 tekens: kleine letters, cijfers, punt, streepje of @.")
    if not name:
        problems.append("Vul een naam in.")
    elif len(name) > name_max:
        problems.append(f"De naam is te lang (maximaal {name_max} tekens).")
    chosen: Role | None
    try:
        chosen = Role(role)
    except ValueError:
        problems.append("Kies een rol: verhuurder, contactpersoon gemeente of beheerder.")
        chosen = None
    code = None
    if chosen == Role.LIAISON:
        code = (municipality_code or "").strip().upper() or None
        if code is None:
            problems.append("Een contactpersoon hoort bij één gemeente: kies de gemeente.")
    if email and not _EMAIL.match(email):
        problems.append("Dit e-mailadres klopt niet.")
    elif len(email) > email_max:
        problems.append(f"Het e-mailadres is te lang (maximaal {email_max} tekens).")
    problems += password_problems(password, password_repeat)
    return NewUser(username=username, name=name, role=chosen, municipality_code=code, email=email), problems


def username_taken(username: str) -> str:
    return f"De gebruikersnaam '{username}' bestaat al."


def unknown_municipality(code: str) -> str:
    return f"De gemeentecode '{code}' is onbekend. Gebruik een CBS-code zoals GM0363."


WRONG_CURRENT_PASSWORD = "Uw huidige wachtwoord klopt niet."
ACCOUNT_DISABLED = "Dit account is uitgeschakeld. Neem contact op met de beheerder."


def locked_out_message(minutes: int) -> str:
    return (f"Dit account is tijdelijk geblokkeerd na {MAX_FAILED_LOGINS} mislukte pogingen. "
            f"Probeer het over {minutes} minuten opnieuw, of vraag de beheerder om het te deblokkeren.")


# --- the landlord's profile ----------------------------------------------------------------------------------------

PROFILE_FIELDS = ("name", "contact_person", "street", "house_number", "postcode", "place", "phone", "email", "iban",
                  "contact_hours")
PROFILE_LABELS = {"name": "De naam", "contact_person": "De contactpersoon", "street": "De straat",
                  "house_number": "Het huisnummer", "postcode": "De postcode", "place": "De plaats",
                  "phone": "Het telefoonnummer", "email": "Het e-mailadres", "iban": "Het IBAN",
                  "contact_hours": "De bereikbaarheid"}
# the fields every letter needs, with their Dutch name
PROFILE_NEEDED_FOR_LETTERS = {"name": "naam", "phone": "telefoonnummer", "email": "e-mailadres", "iban": "IBAN",
                              "street": "adres", "postcode": "postcode", "place": "plaats"}


def clean_profile(values: Mapping[str, str], limits: Mapping[str, int]) -> dict[str, str]:
    """The profile as typed, normalised (postcode, phone, e-mail, IBAN) and within `limits` (field → characters);
    every problem at once, in Dutch."""
    problems, cleaned = [], {}
    checks = {"postcode": validation.postcode, "phone": validation.phone, "email": validation.email,
              "iban": validation.iban}
    for field in PROFILE_FIELDS:
        value = (values.get(field) or "").strip()
        if field == "name" and not value:
            problems.append("Vul uw naam in: die staat onder elke brief.")
        elif value and field in checks:
            try:
                value = checks[field](value)
            except ValidationError as error:
                problems.extend(error.problems)
                continue
        if len(value) > limits[field]:
            problems.append(f"{PROFILE_LABELS[field]} is te lang (maximaal {limits[field]} tekens).")
        cleaned[field] = value
    if problems:
        raise ValidationError(problems)
    return cleaned


def missing_for_letters(values: Mapping[str, str]) -> list[str]:
    """Dutch names of profile fields every letter needs but that are still empty."""
    return [label for field, label in PROFILE_NEEDED_FOR_LETTERS.items() if not values.get(field)]
