"""The Dutch parts of a document's input that do not need the database: names split for the greeting, the
landlord's profile check, the debt-help fallback (Geldfit), labels of contact attempts and file names.
store.documents reads the rows and builds the case with these (see DocumentCase)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# the labels of a contact attempt's channel and outcome, as every page shows them (store.documents puts them in a case)
from naarnul.covenant.vocabulary import CONTACT_CHANNELS as CONTACT_CHANNELS
from naarnul.covenant.vocabulary import CONTACT_OUTCOMES as CONTACT_OUTCOMES
from naarnul.errors import ValidationError

# When a municipality has no debt-help contact, letters point to the national, free Geldfit service, and say that it
# is Geldfit, not the municipality (`is_municipal` False). Number and site verified from public sources: nd.nl (2020),
# "gratis nummer voor hulp bij geldzorgen" (Geldfit's free number 0800-8115), and ikwoonleefzorg.nl, "7 vragen aan de
# hulplijn" (Geldfit's helpline, geldfit.nl).
GELDFIT_NAME = "Geldfit"
GELDFIT_PHONE = "0800-8115"
GELDFIT_WEBSITE = "www.geldfit.nl"

# When the case has a reminder but no recorded objection deadline (reminder recorded by hand), the notification
# states the reminder date + this many days: the default period of the shipped reminder letter.
DEFAULT_OBJECTION_DAYS = 14

# Dutch word for the file name of a generated document
FILE_WORDS = {"reminder": "herinnering", "notification": "melding", "arrangement": "betalingsregeling",
              "addendum": "addendum", "invitation": "uitnodiging"}


PROFILE_LABELS = {"name": "naam", "street": "straat", "house_number": "huisnummer", "postcode": "postcode",
                  "place": "plaats", "phone": "telefoonnummer", "email": "e-mailadres", "iban": "IBAN"}
_NAME_PREFIXES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "op", "in", "'t", "von", "la", "le", "du",
                  "da", "di", "el", "al", "bin", "ben"}


def split_name(full_name: str) -> tuple[str, str]:
    """`Sam de Vries` → (`Sam`, `de Vries`); `Anna Maria Jansen` → (`Anna Maria`, `Jansen`); one word → last name."""
    words = (full_name or "").split()
    if len(words) <= 1:
        return "", " ".join(words)
    for i in range(1, len(words) - 1):
        if words[i].lower() in _NAME_PREFIXES:
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words[:-1]), words[-1]


def landlord_part(profile: dict[str, str]) -> dict:
    """The landlord part of a case from the profile's fields; ValidationError naming every missing field."""
    value = {key: (profile.get(key) or "").strip() for key in (*PROFILE_LABELS, "contact_person", "contact_hours")}
    missing = [label for field, label in PROFILE_LABELS.items() if not value[field]]
    if missing:
        names = ", ".join(missing[:-1]) + (" en " if len(missing) > 1 else "") + missing[-1]
        raise ValidationError(f"Vul eerst uw {names} in bij Mijn gegevens. Die gegevens staan in elke brief.")
    return {
        "name": profile["name"], "address": f"{profile['street']} {profile['house_number']}".strip(),
        "postcode": profile["postcode"], "place": profile["place"], "phone": profile["phone"],
        "email": profile["email"], "iban": profile["iban"],
        "contact_person": profile.get("contact_person") or profile["name"],
        "contact_hours": profile.get("contact_hours") or "",
    }


def debt_help(name: str, phone: str, website: str, email: str) -> dict:
    """The municipality's debt-help contact, or the national free service (Geldfit, marked not municipal) when it has
    none entered."""
    if name.strip() and phone.strip():
        return {"name": name, "phone": phone, "website": website.strip() or GELDFIT_WEBSITE, "email": email,
                "is_municipal": True}
    return {"name": GELDFIT_NAME, "phone": GELDFIT_PHONE, "website": GELDFIT_WEBSITE, "email": "",
            "is_municipal": False}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "woning"


def document_filename(template_name: str, today: dt.date, street: str, number: str, addition: str) -> str:
    """`herinnering-2026-11-23-dorpsstraat-12-a.docx`."""
    word = FILE_WORDS.get(template_name, template_name.replace("_", "-"))
    return f"{word}-{today.isoformat()}-{_slug(f'{street} {number} {addition}')}.docx"
