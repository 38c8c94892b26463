"""The arrears snapshot: the stored copy of each tenancy's arrears (Tenancy.arrears_cents, arrears_months,
oldest_unpaid_due, arrears_as_of), its month-end history (ArrearsMonth) and the cases that open and close with it.

Persistence only: the figures come from naarnul.ledger, when a case opens or closes from naarnul.covenant, and the
composition (with the Dutch timeline lines) from naarnul.services.refresh. Every query filters on the landlord.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, or_, true, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from naarnul import ledger
from naarnul.users import ActingUser
from store.models import (
    Arrangement,
    ArrearsMonth,
    AuditEvent,
    Case,
    ContactAttempt,
    Document,
    Objection,
    RefreshState,
    Signal,
    Tenancy,
)

_CHUNK = 500


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def stale_tenancies(session: Session, actor: ActingUser, today: dt.date, tenancy_ids: list[int] | None, *,
                    force: bool) -> list[Tenancy]:
    """The tenancies whose snapshot is older than `today` or marked stale (all given ones with `force`), locked
    for this transaction (SELECT … FOR UPDATE, in id order): a concurrent payment waits until this recompute is
    committed, and this one reads every payment committed before it."""
    query = select(Tenancy).where(col(Tenancy.landlord_id) == actor.id)
    if tenancy_ids is not None:
        if not tenancy_ids:
            return []
        query = query.where(col(Tenancy.id).in_(list(tenancy_ids)))
    if not force:
        query = query.where(or_(col(Tenancy.arrears_as_of).is_(None), col(Tenancy.arrears_as_of) < today))
    return list(session.exec(query.order_by(col(Tenancy.id)).with_for_update()
                             .execution_options(populate_existing=True)))


def refresh_candidates(session: Session, actor: ActingUser, today: dt.date) -> list[tuple]:
    """The landlord's tenancies whose snapshot is older than `today` (or never computed), as light rows for
    naarnul.arrears.figures_may_have_changed: (id, arrears_as_of, due_day, start_date, end_date, arrears_cents,
    has an open case). No lock: the ones that are recomputed are locked by `stale_tenancies`. Two plain queries
    (a correlated EXISTS per tenancy cost seconds at 10,000 tenancies on SQLite)."""
    with_open_case = set(session.exec(select(col(Case.tenancy_id)).where(col(Case.landlord_id) == actor.id,
                                                                         col(Case.status) == "open")))
    rows = session.execute(
        select_columns(col(Tenancy.id), col(Tenancy.arrears_as_of), col(Tenancy.due_day), col(Tenancy.start_date),
                       col(Tenancy.end_date), col(Tenancy.arrears_cents))
        .where(col(Tenancy.landlord_id) == actor.id,
               or_(col(Tenancy.arrears_as_of).is_(None), col(Tenancy.arrears_as_of) < today))
        .order_by(col(Tenancy.id)))
    states = {tenancy_id: (computed_on, recheck_on) for tenancy_id, computed_on, recheck_on in session.exec(
        select(col(RefreshState.tenancy_id), col(RefreshState.computed_on), col(RefreshState.recheck_on))
        .where(col(RefreshState.landlord_id) == actor.id))}
    found = []
    for row in rows:
        computed_on, recheck_on = states.get(row[0], (None, None))
        trusted = computed_on is not None and row[1] is not None and computed_on <= row[1]
        found.append((*row, row[0] in with_open_case, recheck_on if trusted else None))
    return found


def write_recheck(session: Session, actor: ActingUser, today: dt.date, recheck: dict[int, dt.date | None]) -> None:
    """Replace the refresh state of these tenancies: computed `today`, to be recomputed from the given day."""
    ids = list(recheck)
    for chunk in _chunks(ids):
        session.exec(delete(RefreshState).where(col(RefreshState.landlord_id) == actor.id,
                                                col(RefreshState.tenancy_id).in_(chunk)))
    rows = [{"tenancy_id": t, "landlord_id": actor.id, "computed_on": today, "recheck_on": day}
            for t, day in recheck.items() if day is not None]
    if rows:
        session.execute(RefreshState.__table__.insert(), rows)  # type: ignore[attr-defined]


def forget_recheck(session: Session, actor: ActingUser, tenancy_id: int) -> None:
    """A step changed the case's facts outside the refresh: its state is unknown until the next recompute."""
    session.exec(delete(RefreshState).where(col(RefreshState.landlord_id) == actor.id,
                                            col(RefreshState.tenancy_id) == tenancy_id))


def forget_rechecks(session: Session, actor: ActingUser, tenancy_ids: list[int]) -> None:
    """`forget_recheck` for many tenancies at once (one statement per 500)."""
    ids = list(dict.fromkeys(tenancy_ids))
    for start in range(0, len(ids), _CHUNK):
        session.exec(delete(RefreshState).where(col(RefreshState.landlord_id) == actor.id,
                                                col(RefreshState.tenancy_id).in_(ids[start:start + _CHUNK])))


def mark_current(session: Session, actor: ActingUser, today: dt.date, *, except_ids: list[int],
                 tenancy_ids: list[int]) -> None:
    """Date the snapshot of the landlord's tenancies `today` without recomputing it (nothing in it can have
    changed): `tenancy_ids`, which are all tenancies older than today but `except_ids`. One statement when few are
    excepted. A snapshot marked stale meanwhile (arrears_as_of NULL) stays stale."""
    older = [col(Tenancy.landlord_id) == actor.id, col(Tenancy.arrears_as_of) < today]
    if len(except_ids) <= _CHUNK:
        session.exec(update(Tenancy).where(*older, col(Tenancy.id).not_in(except_ids) if except_ids else true())
                     .values(arrears_as_of=today))
        return
    for chunk in _chunks(tenancy_ids):
        session.exec(update(Tenancy).where(*older, col(Tenancy.id).in_(chunk)).values(arrears_as_of=today))


def open_cases(session: Session, actor: ActingUser, tenancy_ids: list[int]) -> dict[int, Case]:
    found: dict[int, Case] = {}
    for chunk in _chunks(tenancy_ids):
        for case in session.exec(select(Case).where(col(Case.landlord_id) == actor.id, col(Case.status) == "open",
                                                    col(Case.tenancy_id).in_(chunk))):
            found[case.tenancy_id] = case
    return found


def last_closed_on(session: Session, actor: ActingUser, tenancy_ids: list[int], *, except_reason: str) \
        -> dict[int, dt.date]:
    """{tenancy id: the day its last case was closed}, over cases closed for another reason than `except_reason`."""
    found: dict[int, dt.date] = {}
    for chunk in _chunks(tenancy_ids):
        for tenancy_id, closed_on in session.exec(
                select(col(Case.tenancy_id), func.max(col(Case.closed_on))).where(
                    col(Case.landlord_id) == actor.id, col(Case.status) == "closed", col(Case.close_reason) != except_reason,
                    col(Case.tenancy_id).in_(chunk)).group_by(col(Case.tenancy_id))):
            if closed_on is not None:
                found[tenancy_id] = closed_on
    return found


def write_snapshot(session: Session, tenancy: Tenancy, result: ledger.Arrears, today: dt.date) -> None:
    tenancy.arrears_cents = ledger.to_cents(result.amount)
    tenancy.arrears_months = result.months
    tenancy.oldest_unpaid_due = result.oldest_unpaid_due
    tenancy.arrears_as_of = today
    session.add(tenancy)


def replace_months(session: Session, actor: ActingUser, tenancy_ids: list[int],
                   months: list[tuple[int, dt.date, int]]) -> None:
    """Replace the month-end history of these tenancies by `months` [(tenancy id, first of month, cents)]."""
    for chunk in _chunks(tenancy_ids):
        session.exec(delete(ArrearsMonth).where(col(ArrearsMonth.landlord_id) == actor.id,
                                                col(ArrearsMonth.tenancy_id).in_(chunk)))
    if months:
        session.execute(ArrearsMonth.__table__.insert(),  # type: ignore[attr-defined]
                        [{"landlord_id": actor.id, "tenancy_id": t, "month": m, "arrears_cents": c}
                         for t, m, c in months])
    session.flush()


def insert_case(session: Session, actor: ActingUser, tenancy_id: int, today: dt.date) -> Case:
    case = Case(tenancy_id=tenancy_id, landlord_id=actor.id, opened_on=today)
    session.add(case)
    session.flush()
    return case


def close_case(session: Session, case: Case, today: dt.date, reason: str) -> None:
    case.status, case.closed_on, case.close_reason = "closed", today, reason
    case.next_step, case.next_due = "", None
    session.add(case)


def has_steps(session: Session, actor: ActingUser, case: Case, not_a_step: Iterable[str]) -> bool:
    """Was anything done on this case: a step date on it, a contact attempt, objection, signal, letter or
    arrangement, or a timeline entry other than `not_a_step`?"""
    if any((case.friendly_reminder_on, case.reminder_on, case.contact_failed_on, case.objection_deadline,
            case.collection_paused_until)):
        return True
    for model in (ContactAttempt, Objection, Signal, Document, Arrangement):
        if session.exec(select(model.id).where(model.landlord_id == actor.id,  # type: ignore[attr-defined]
                                               model.case_id == case.id)).first():  # type: ignore[attr-defined]
            return True
    return session.exec(select(col(AuditEvent.id)).where(col(AuditEvent.landlord_id) == actor.id,
                                                    col(AuditEvent.case_id) == case.id,
                                                    col(AuditEvent.action).not_in(list(not_a_step)))).first() is not None


def remove_case(session: Session, actor: ActingUser, case: Case, *, opening_action: str) -> None:
    """Remove the case with its timeline: its opening line goes, other actions stay in the audit trail."""
    for event in session.exec(select(AuditEvent).where(col(AuditEvent.landlord_id) == actor.id,
                                                       col(AuditEvent.case_id) == case.id)):
        if event.action == opening_action:
            session.delete(event)
        else:
            event.case_id = None
            session.add(event)
    session.flush()
    session.delete(case)
    session.flush()
