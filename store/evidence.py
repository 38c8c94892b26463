"""The rows of a court evidence pack (naarnul.evidence), every read scoped in SQL to the acting landlord.

Persistence only: naarnul.services.evidence composes these with the timeline (store.cases), the municipality's
feedback (store.signals) and the custom solutions (store.custom_solutions), and naarnul.evidence assembles the pack.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from naarnul import access
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser, Role
from store import audit
from store.models import (
    Arrangement,
    Case,
    ContactAttempt,
    Document,
    LandlordProfile,
    Objection,
    Signal,
    Tenancy,
    Tenant,
)


def require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_CASES)


def case_and_tenancy(session: Session, actor: ActingUser, case_id: int) -> tuple[Case, Tenancy]:
    """One of the landlord's cases with its tenancy; NotFound for anyone else's (never says whether it exists)."""
    require_landlord(actor)
    row = session.exec(select(Case, Tenancy).join(Tenancy, col(Tenancy.id) == col(Case.tenancy_id))
                       .where(col(Case.id) == case_id, col(Case.landlord_id) == actor.id,
                              col(Tenancy.landlord_id) == actor.id)).first()
    if row is None:
        raise NotFound(access.CASE_NOT_FOUND)
    return row[0], row[1]


def tenant_names(session: Session, actor: ActingUser, tenancy_id: int) -> list[str]:
    return list(session.exec(select(col(Tenant.name)).where(col(Tenant.landlord_id) == actor.id,
                                                            col(Tenant.tenancy_id) == tenancy_id)
                             .order_by(col(Tenant.position), col(Tenant.id))))


def landlord_name(session: Session, actor: ActingUser) -> str:
    profile = session.get(LandlordProfile, actor.id)
    return (profile.name if profile and profile.name else "") or actor.name


def documents(session: Session, actor: ActingUser, case: Case) -> list[Document]:
    """Every stored document of the case with its bytes, oldest first."""
    return list(session.exec(select(Document).where(col(Document.landlord_id) == actor.id,
                                                    col(Document.case_id) == case.id)
                             .order_by(col(Document.created_at), col(Document.id))))


def signals(session: Session, actor: ActingUser, case: Case) -> list[tuple[Signal, dict[str, Any]]]:
    """The case's signals with the snapshot of what was sent (its payload), oldest first."""
    found = []
    for row in session.exec(select(Signal).where(col(Signal.landlord_id) == actor.id, col(Signal.case_id) == case.id)
                            .order_by(col(Signal.sent_on), col(Signal.id))):
        try:
            payload = json.loads(row.payload or "{}")
        except ValueError:
            payload = {}
        found.append((row, payload if isinstance(payload, dict) else {}))
    return found


def contact_attempts(session: Session, actor: ActingUser, case: Case) -> list[ContactAttempt]:
    return list(session.exec(select(ContactAttempt).where(col(ContactAttempt.landlord_id) == actor.id,
                                                          col(ContactAttempt.case_id) == case.id)
                             .order_by(col(ContactAttempt.on_date), col(ContactAttempt.id))))


def objections(session: Session, actor: ActingUser, case: Case) -> list[Objection]:
    return list(session.exec(select(Objection).where(col(Objection.landlord_id) == actor.id,
                                                     col(Objection.case_id) == case.id)
                             .order_by(col(Objection.received_on), col(Objection.id))))


def arrangements(session: Session, actor: ActingUser, case: Case) -> list[Arrangement]:
    return list(session.exec(select(Arrangement).where(col(Arrangement.landlord_id) == actor.id,
                                                       col(Arrangement.case_id) == case.id)
                             .order_by(col(Arrangement.created_on), col(Arrangement.id))))


def log_made(session: Session, actor: ActingUser, case: Case, summary: str, detail: dict[str, Any]) -> None:
    """The pack's line on the case timeline (the download itself is evidence of what was handed over)."""
    audit.record(session, actor, "evidence.made", "case", case.id, landlord_id=actor.id, case_id=case.id,
                 summary=summary, detail=detail)
