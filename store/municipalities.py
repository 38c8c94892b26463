"""Dutch municipalities (CBS codes) and their debt-help contacts."""

from __future__ import annotations

import csv
import hashlib
from importlib import resources

from sqlmodel import Session, select

from naarnul import validation
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.users import ActingUser
from store import audit
from store.models import Municipality, Setting

HELP_FIELDS = ("help_name", "help_phone", "help_email", "help_website")


def _file_text() -> str:
    return resources.files("naarnul.data").joinpath("gemeenten.csv").read_text(encoding="utf-8")


def _rows_from_file() -> list[dict]:
    return list(csv.DictReader(_file_text().splitlines()))


SYNCED_KEY = "municipalities_file_sha256"


def sync_from_file(session: Session) -> int:
    """Add municipalities missing from the store and refresh names; help contacts typed by an admin are kept.
    Municipalities that disappeared (mergers each January) are marked inactive, not deleted: old cases refer to them.
    Skipped when the shipped file has not changed since the last sync."""
    digest = hashlib.sha256(_file_text().encode()).hexdigest()
    marker = session.get(Setting, SYNCED_KEY)
    if marker is not None and marker.value == f'"{digest}"':
        return 0
    rows = _rows_from_file()
    known = {m.code: m for m in session.exec(select(Municipality))}
    added = 0
    codes = set()
    for row in rows:
        code = row["code"].strip()
        codes.add(code)
        existing = known.get(code)
        if existing is None:
            session.add(Municipality(code=code, name=row["naam"].strip(), aliases=(row.get("ook_bekend_als") or "").strip()))
            added += 1
        elif existing.name != row["naam"].strip() or not existing.active:
            existing.name = row["naam"].strip()
            existing.active = True
    for code, municipality in known.items():
        if code not in codes and municipality.active:
            municipality.active = False
    marker = marker or Setting(key=SYNCED_KEY, value="")
    marker.value = f'"{digest}"'
    session.add(marker)
    return added


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
HELP_LIMITS = {name: Municipality.__table__.c[name].type.length for name in HELP_FIELDS}


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
