"""The rules of a tenancy as a landlord types it in: address, tenants, rent, due day, dates, paying accounts.

Pure: no database. One home for the form's checks and its length limits (they match the columns of store.models,
so a long street or name gets a Dutch message, never a database error).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from naarnul import ledger, validation
from naarnul.errors import ValidationError
from naarnul.formatting import format_date
from naarnul.money import parse_form_amount

SALUTATIONS = {"meneer": "meneer", "mevrouw": "mevrouw", "neutral": "neutraal (Beste …)"}
MAX_TENANTS = 4
EMAIL_MAX = 200  # Tenant.email
PHONE_MAX = 40  # Tenant.phone
IBANS_MAX = 500  # Tenancy.payer_ibans


@dataclass
class CleanTenancy:
    """A tenancy as typed in a form, checked and tidied: every field valid, or ValidationError lists them all."""

    street: str = ""
    house_number: str = ""
    house_number_addition: str = ""
    postcode: str = ""
    place: str = ""
    municipality_code: str = ""
    lease: ledger.Lease | None = None
    tenant_is_company: bool = False
    payer_ibans: str = ""
    tenants: list | None = None
    rent_from: dt.date | None = None  # from when a changed rent applies (update only)


def validate_tenancy(*, is_active_municipality: Callable[[str], bool], street, house_number,
                     house_number_addition="", postcode, place, municipality_code, tenants, monthly_rent, due_day,
                     start_date, end_date=None, tenant_is_company=False, payer_ibans=(),
                     rent_from=None) -> CleanTenancy:
    """The tenancy form's rules, all problems at once (Dutch). Length limits match the columns of store.models.
    `is_active_municipality(code)` tells whether the municipality may be chosen."""
    problems: list[str] = []
    clean = CleanTenancy(tenant_is_company=bool(tenant_is_company))
    with validation.collect(problems):
        clean.street = validation.name(street, "straat", 200)
    with validation.collect(problems):
        number, addition = validation.house_number(house_number, house_number_addition or "")
        clean.house_number, clean.house_number_addition = str(number), addition
    with validation.collect(problems):
        clean.postcode = validation.postcode(postcode)
    with validation.collect(problems):
        clean.place = validation.name(place, "plaats", 100)
    code = (municipality_code or "").strip().upper()
    if not code or not is_active_municipality(code):
        problems.append("Kies de gemeente waarin de woning staat.")
    else:
        clean.municipality_code = code
    rent = None
    with validation.collect(problems):
        rent = parse_form_amount(monthly_rent, "De huur per maand")
    with validation.collect(problems):
        clean.lease = ledger.validate_lease(rent if rent is not None else Decimal("1.00"), due_day, start_date,
                                            end_date)
    people = []
    for index, person in enumerate(tenants or [], start=1):
        person = person or {}
        if not any(str(person.get(k) or "").strip() for k in ("name", "phone", "email")):
            continue
        label = f"huurder {index}"
        entry = {"name": "", "salutation": person.get("salutation") or "neutral", "phone": "", "email": ""}
        try:
            entry["name"] = validation.name(str(person.get("name") or ""), f"naam van {label}", 200)
        except ValidationError as error:
            problems.extend(error.problems)
        if entry["salutation"] not in SALUTATIONS:
            problems.append(f"Kies de aanhef van {label}: meneer, mevrouw of neutraal.")
        if len(str(person.get("phone") or "").strip()) > PHONE_MAX:
            problems.append(f"{label.capitalize()}: het telefoonnummer is te lang: hoogstens {PHONE_MAX} tekens.")
        elif str(person.get("phone") or "").strip():
            try:
                entry["phone"] = validation.phone(person["phone"])
            except ValidationError as error:
                problems.extend(f"{label.capitalize()}: {p}" for p in error.problems)
        if len(str(person.get("email") or "").strip()) > EMAIL_MAX:
            problems.append(f"{label.capitalize()}: het e-mailadres is te lang: hoogstens {EMAIL_MAX} tekens.")
        elif str(person.get("email") or "").strip():
            try:
                entry["email"] = validation.email(person["email"])
            except ValidationError as error:
                problems.extend(f"{label.capitalize()}: {p}" for p in error.problems)
        people.append(entry)
    if not people:
        problems.append("Vul de naam van minstens één huurder in.")
    elif len(people) > MAX_TENANTS:
        problems.append(f"Er kunnen hoogstens {MAX_TENANTS} huurders op één huurovereenkomst.")
    clean.tenants = people
    raw_ibans = payer_ibans.split(",") if isinstance(payer_ibans, str) else list(payer_ibans or [])
    ibans = []
    for raw in raw_ibans:
        if str(raw or "").strip():
            try:
                ibans.append(validation.iban_compact(validation.iban(raw)))
            except ValidationError as error:
                problems.extend(error.problems)
    clean.payer_ibans = ",".join(dict.fromkeys(ibans))
    clean.rent_from = rent_from if isinstance(rent_from, dt.date) else None
    if len(clean.payer_ibans) > IBANS_MAX:
        problems.append("Er staan te veel rekeningnummers bij deze huurovereenkomst.")
    if problems:
        raise ValidationError(problems)
    return clean


# --- names, messages and rules the store and the services share ----------------------------------------------------

NOT_YOURS = "Deze huurovereenkomst bestaat niet of is niet van u."
PAYMENT_NOT_YOURS = "Deze betaling bestaat niet of is niet van u."
LANDLORD_ONLY = "Alleen een verhuurder kan huurders en betalingen beheren."
SUMMARY_MAX = 500  # AuditEvent.summary
DESCRIPTION_MAX = 500  # Payment.description


def reference(tenancy_id: int) -> str:
    """The payment reference the landlord gives the tenant: NN-0002."""
    return f"NN-{tenancy_id:04d}"


def address_line(street: str, house_number: str, house_number_addition: str | None, place: str) -> str:
    """"Kerkstraat 12 A, Utrecht"."""
    number = f"{house_number}{(' ' + house_number_addition) if house_number_addition else ''}"
    return f"{street} {number}, {place}"


def summary(text: str) -> str:
    """A timeline line never overflows its column (long addresses and names are cut, not refused)."""
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1] + "…"


def check_removal(*, has_documents: bool, has_signals: bool, has_arrangement: bool) -> None:
    """A tenancy registered by mistake may be removed until its evidence exists (letters, signals, arrangements)."""
    kept = []
    if has_documents:
        kept.append("er zijn brieven voor gemaakt")
    if has_signals:
        kept.append("er is een melding aan de gemeente over gedaan")
    if has_arrangement:
        kept.append("er is een betalingsregeling voor vastgelegd")
    if kept:
        raise ValidationError("Deze huurovereenkomst kan niet worden verwijderd: " + " en ".join(kept) + ". Die "
                              "gegevens moet u bewaren. Beëindig de huur in plaats daarvan.")


def check_end_date(end_date, start_date: dt.date) -> dt.date:
    """The last day of the tenancy: a date, not before the start."""
    if not isinstance(end_date, dt.date):
        raise ValidationError("Vul de laatste dag van de huur in.")
    if end_date < start_date:
        raise ValidationError(f"De einddatum ({format_date(end_date)}) ligt vóór de begindatum "
                              f"({format_date(start_date)}).")
    return end_date


def validate_payment_entry(*, paid_on, amount, description: str, today: dt.date) -> ledger.Payment:
    """A payment typed in by hand: a Dutch amount (naarnul.money), not in the future, a description that fits."""
    description = " ".join((description or "").split())
    problems: list[str] = []
    if len(description) > DESCRIPTION_MAX:
        problems.append(f"De omschrijving is te lang: hoogstens {DESCRIPTION_MAX} tekens.")
    value = None
    with validation.collect(problems):
        value = parse_form_amount(amount, "Het bedrag")
    checked = None
    with validation.collect(problems):
        checked = ledger.validate_payment(paid_on, value if value is not None else Decimal("1.00"), today,
                                          description)
    if problems or checked is None:
        raise ValidationError(problems)
    return checked
