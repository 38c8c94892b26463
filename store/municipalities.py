"""Dutch municipalities (CBS codes) and their debt-help contacts."""

from __future__ import annotations

from sqlmodel import Session, select

from naarnul import validation
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.users import ActingUser
from store import audit
from store.models import Municipality

HELP_FIELDS = ("help_name", "help_phone", "help_email", "help_website")


def _website(value: str) -> str:
    if " " in value or "." not in value:
        raise ValidationError("Vul een geldig webadres in, bijvoorbeeld www.gemeente.nl/schulden.")
    return value


def list_all(session: Session, *, active_only: bool = True) -> list[Municipality]:
    query = select(Municipality).order_by(Municipality.name)
    if active_only:
        query = query.where(Municipality.active == True)  # noqa: E712
    return list(session.exec(query))


def get(session: Session, code: str) -> Municipality:
    municipality = session.get(Municipality, code)
    if municipality is None:
        raise NotFound("Deze gemeente staat niet in de lijst.")
    return municipality


HELP_LABELS = {"help_name": "De naam van de hulp", "help_phone": "Het telefoonnummer", "help_email": "Het e-mailadres",
               "help_website": "De website"}
HELP_LIMITS = {name: Municipality.__table__.c[name].type.length  # type: ignore[attr-defined]
               for name in HELP_FIELDS}


def update_help_contact(session: Session, actor: ActingUser, code: str, **fields: str) -> Municipality:
    if not actor.is_admin:
        raise NotAllowed("Alleen een beheerder kan de hulpgegevens van een gemeente wijzigen.")
    municipality = get(session, code)
    problems = []
    cleaned = {}
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
                value = _website(value)
        except ValidationError as error:
            problems.extend(error.problems)
            continue
        if len(value) > HELP_LIMITS[name]:
            problems.append(f"{HELP_LABELS[name]} is te lang (maximaal {HELP_LIMITS[name]} tekens).")
        cleaned[name] = value
    if problems:
        raise ValidationError(problems)
    before = {name: getattr(municipality, name) for name in HELP_FIELDS}
    for name, value in cleaned.items():
        setattr(municipality, name, value)
    session.add(municipality)
    audit.record(session, actor, "municipality.help_contact_updated", "municipality", code,
                 summary=f"Hulpgegevens van {municipality.name} gewijzigd", municipality_code=code,
                 detail={"before": before, "after": cleaned})
    return municipality
