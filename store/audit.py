"""The audit log: every change writes one event (who, what, when, on which record)."""

from __future__ import annotations

import json

from sqlmodel import Session

from naarnul.users import ActingUser
from store.models import AuditEvent


def record(session: Session, actor: ActingUser | None, action: str, record_type: str, record_id=None, *,
           summary: str = "", landlord_id: int | None = None, municipality_code: str | None = None,
           case_id: int | None = None, detail: dict | None = None) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        landlord_id=landlord_id,
        municipality_code=municipality_code,
        case_id=case_id,
        summary=summary,
        detail=json.dumps(detail or {}, default=str, ensure_ascii=False),
    )
    session.add(event)
    return event
