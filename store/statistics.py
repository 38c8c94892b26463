"""Simple statistics for the admin, aggregated in SQL: signals per month, feedback outcomes, and the share of
closed cases that ended without court."""

from __future__ import annotations

from sqlalchemy import case as sql_case
from sqlalchemy import extract, func, or_
from sqlmodel import Session, col, select

from naarnul import court, covenant
from naarnul.errors import NotAllowed
from naarnul.users import ActingUser
from store.models import Case, Feedback, Signal

COURT_WORDS = court.COURT_WORDS  # the rule lives in naarnul.court; these names stay importable (store.retention)
is_court_reason = court.is_court_reason


def _require_admin(actor: ActingUser | None) -> None:
    if actor is None or not actor.is_admin:
        raise NotAllowed(court.ADMIN_ONLY)


def signals_per_month(session: Session, admin: ActingUser) -> list[tuple[str, int]]:
    """[("2026-11", 12), ...] oldest month first."""
    _require_admin(admin)
    year, month = extract("year", col(Signal.sent_on)), extract("month", col(Signal.sent_on))
    rows = session.exec(select(year, month, func.count()).group_by(year, month).order_by(year, month)).all()
    return [(f"{int(y):04d}-{int(m):02d}", int(n)) for y, m, n in rows]


def outcomes(session: Session, admin: ActingUser) -> list[dict]:
    """Feedback outcomes with their Dutch label and count, most frequent first."""
    _require_admin(admin)
    rows = session.exec(select(Feedback.outcome, func.count()).group_by(Feedback.outcome)
                        .order_by(func.count().desc(), Feedback.outcome)).all()
    return [{"outcome": o, "label": covenant.FEEDBACK_OUTCOMES.get(o, o), "count": int(n)} for o, n in rows]


def _court_condition():
    reason = func.lower(Case.close_reason)
    return (or_(*[reason.like(f"%{word}%") for word in court.COURT_WORDS])) & ~reason.like(f"%{court.NOT_COURT}%")


def closed_without_court(session: Session, admin: ActingUser) -> dict:
    """{"closed": n, "without_court": m, "share": m / n (None without closed cases)}."""
    _require_admin(admin)
    closed, with_court = session.exec(
        select(func.count(), func.coalesce(func.sum(sql_case((_court_condition(), 1), else_=0)), 0))
        .select_from(Case).where(Case.status == "closed")).one()
    closed, with_court = int(closed), int(with_court)
    without = closed - with_court
    return {"closed": closed, "without_court": without, "share": (without / closed) if closed else None}
