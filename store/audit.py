"""The audit log: every change writes one event (who, what, when, on which record)."""

from __future__ import annotations

import json

from sqlmodel import Session

from naarnul.users import ActingUser
from store.models import AuditEvent

SUMMARY_MAX = AuditEvent.__table__.c.summary.type.length  # type: ignore[attr-defined]  # 500


def fit_summary(summary: str) -> str:
    """A summary longer than its column ends in an ellipsis instead of failing the whole action (PostgreSQL
    refuses a value that is too long; the full text stays in the record it describes)."""
    summary = summary or ""
    return summary if len(summary) <= SUMMARY_MAX else summary[:SUMMARY_MAX - 1].rstrip() + "…"


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
        summary=fit_summary(summary),
        detail=json.dumps(detail or {}, default=str, ensure_ascii=False),
    )
    session.add(event)
    return event
