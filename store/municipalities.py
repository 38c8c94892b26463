"""Dutch municipalities (CBS codes) and their debt-help contacts."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from naarnul import access, help_contact
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser, Role
from store import audit
from store.models import Municipality, MunicipalitySignalChannel, User, utcnow

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


# --- how the municipality receives signals (issue 11) -------------------------------------------------------------

def has_active_liaison(session: Session, code: str) -> bool:
    """True when the municipality has an active liaison account (someone who sees signals in the portal)."""
    return session.exec(select(col(User.id)).where(
        col(User.role) == Role.LIAISON.value, col(User.active) == True,  # noqa: E712
        col(User.municipality_code) == code).limit(1)).first() is not None


def signal_channel(session: Session, code: str) -> dict[str, Any]:
    """The recorded channel (None when the admin recorded none), its e-mail address and URL, whether the
    municipality has an active liaison, and its name and debt-help contact (a lead for the landlord)."""
    municipality = get(session, code)
    row = session.get(MunicipalitySignalChannel, code)
    return {"code": code, "name": municipality.name, "channel": row.channel if row else None,
            "email": row.email if row else "", "url": row.url if row else "",
            "has_liaison": has_active_liaison(session, code), "help_email": municipality.help_email,
            "help_website": municipality.help_website}


def signal_channels(session: Session, actor: ActingUser) -> dict[str, dict[str, Any]]:
    """Every recorded channel by municipality code, and which municipalities have a liaison (for the admin)."""
    if actor is None or not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_SIGNAL_CHANNEL)
    liaisons = set(session.exec(select(col(User.municipality_code)).where(
        col(User.role) == Role.LIAISON.value, col(User.active) == True,  # noqa: E712
        col(User.municipality_code).is_not(None)).distinct()))
    rows = {r.municipality_code: r for r in session.exec(select(MunicipalitySignalChannel))}
    return {m.code: {"channel": rows[m.code].channel if m.code in rows else None,
                     "email": rows[m.code].email if m.code in rows else "",
                     "url": rows[m.code].url if m.code in rows else "", "has_liaison": m.code in liaisons}
            for m in list_all(session)}


def set_signal_channel(session: Session, actor: ActingUser, code: str, *, channel: str, email: str, url: str,
                       summary: str) -> bool:
    """Record how the municipality receives signals (checked by the core). Audited; False when nothing changed."""
    if actor is None or not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_SIGNAL_CHANNEL)
    get(session, code)
    row = session.get(MunicipalitySignalChannel, code)
    before = {"channel": row.channel, "email": row.email, "url": row.url} if row else None
    after = {"channel": channel, "email": email, "url": url}
    if before == after:
        return False
    row = row or MunicipalitySignalChannel(municipality_code=code, channel=channel)
    row.channel, row.email, row.url = channel, email, url
    row.updated_at, row.updated_by = utcnow(), actor.id
    session.add(row)
    audit.record(session, actor, "municipality.signal_channel_updated", "municipality", code, summary=summary,
                 municipality_code=code, detail={"before": before, "after": after})
    return True
