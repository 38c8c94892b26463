"""The debt-help contact of a municipality as the admin types it: checked and normalised here (the store keeps it)."""

from __future__ import annotations

from collections.abc import Mapping

from naarnul import access, validation
from naarnul.errors import ValidationError

HELP_FIELDS = ("help_name", "help_phone", "help_email", "help_website")
HELP_LABELS = {"help_name": "De naam van de hulp", "help_phone": "Het telefoonnummer", "help_email": "Het e-mailadres",
               "help_website": "De website"}


def website(value: str) -> str:
    if " " in value or "." not in value:
        raise ValidationError(access.WEBSITE_INVALID)
    return value


def clean_help_contact(fields: Mapping[str, str], limits: Mapping[str, int]) -> dict[str, str]:
    """Every help field trimmed and normalised (an empty field stays empty); ValidationError with every problem.
    `limits`: the longest value each field may have (the column lengths)."""
    problems: list[str] = []
    cleaned: dict[str, str] = {}
    for name in HELP_FIELDS:
        value = (fields.get(name) or "").strip()
        if not value:
            cleaned[name] = ""
            continue
        try:
            if name == "help_phone":
                value = validation.phone(value)
            elif name == "help_email":
                value = validation.email(value)
            elif name == "help_website":
                value = website(value)
        except ValidationError as error:
            problems.extend(error.problems)
            continue
        if len(value) > limits[name]:
            problems.append(f"{HELP_LABELS[name]} is te lang (maximaal {limits[name]} tekens).")
        cleaned[name] = value
    if problems:
        raise ValidationError(problems)
    return cleaned


def changed_summary(municipality_name: str) -> str:
    """The audit line of a changed help contact."""
    return f"Hulpgegevens van {municipality_name} gewijzigd"
