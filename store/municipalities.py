"""Dutch municipalities (CBS codes) and their debt-help contacts."""

from __future__ import annotations

from sqlmodel import Session, select

from naarnul import access, help_contact
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser
from store import audit
from store.models import Municipality

HELP_FIELDS = help_contact.HELP_FIELDS


def list_all(session: Session, *, active_only: bool = True) -> list[Municipality]:
    query = select(Municipality).order_by(Municipality.name)
    if active_only:
        query = query.where(Municipality.active == True)  # noqa: E712
    return list(session.exec(query))


def get(session: Session, code: str) -> Municipality:
    municipality = session.get(Municipality, code)
    if municipality is None:
        raise NotFound(access.MUNICIPALITY_NOT_LISTED)
    return municipality


HELP_LIMITS = {name: Municipality.__table__.c[name].type.length  # type: ignore[attr-defined]
               for name in HELP_FIELDS}


def update_help_contact(session: Session, actor: ActingUser, code: str, **fields: str) -> Municipality:
    if not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_HELP_CONTACT)
    municipality = get(session, code)
    cleaned = help_contact.clean_help_contact(fields, HELP_LIMITS)
    before = {name: getattr(municipality, name) for name in HELP_FIELDS}
    for name, value in cleaned.items():
        setattr(municipality, name, value)
    session.add(municipality)
    audit.record(session, actor, "municipality.help_contact_updated", "municipality", code,
                 summary=help_contact.changed_summary(municipality.name), municipality_code=code,
                 detail={"before": before, "after": cleaned})
    return municipality
