"""The landlord's to-do list ("Vandaag"): which items a user has seen, and the scoped reads the list is built from
that no other store module offers (the landlord's running arrangements, the municipality's feedback on their cases).

Persistence only: which items exist and what they say is naarnul.services.todo. Every read and write filters on the
acting user in SQL. A seen mark is only written by an explicit action of the user, never by a page render.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import and_, bindparam
from sqlalchemy import select as select_columns
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from naarnul import access
from naarnul.errors import NotAllowed
from naarnul.users import ActingUser, Role
from store.models import Arrangement, Case, Feedback, SeenItem, Signal, Tenancy, Tenant

KEY_MAX = 120  # SeenItem.item_key


def require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_CASES)


def seen_keys(session: Session, actor: ActingUser, keys: Iterable[str]) -> set[str]:
    """Those of `keys` the acting user has marked as seen (someone else's marks never count)."""
    wanted = sorted({k for k in keys if k and len(k) <= KEY_MAX})
    if not wanted:
        return set()
    found: set[str] = set()
    query = select(col(SeenItem.item_key)).where(col(SeenItem.user_id) == actor.id,
                                                  col(SeenItem.item_key).in_(bindparam("keys", expanding=True)))
    for start in range(0, len(wanted), 500):  # stay below the parameter limits of both databases
        found.update(session.exec(query, params={"keys": wanted[start:start + 500]}).all())
    return found


def mark_seen(session: Session, actor: ActingUser, keys: Iterable[str]) -> int:
    """Mark `keys` as seen by the acting user; idempotent (a key seen before, or marked at the same moment by a
    second click, is skipped). Returns how many marks are new."""
    wanted = {k for k in keys if k and len(k) <= KEY_MAX}
    added = 0
    for key in sorted(wanted - seen_keys(session, actor, wanted)):
        try:
            with session.begin_nested():
                session.add(SeenItem(user_id=actor.id, item_key=key))
            added += 1
        except IntegrityError:  # the same click twice: the other transaction saved it
            continue
    session.flush()
    return added


def places(session: Session, actor: ActingUser, case_ids: Iterable[int]) -> dict[int, tuple[tuple[str, str, str, str],
                                                                                   list[str]]]:
    """case id -> ((street, house number, addition, place), tenant names) of the landlord's own cases, in one
    statement (someone else's case is left out)."""
    require_landlord(actor)
    ids = sorted(set(case_ids))
    found: dict[int, tuple[tuple[str, str, str, str], list[str]]] = {}
    if not ids:
        return found
    rows = session.execute(
        select_columns(col(Case.id), col(Tenancy.street), col(Tenancy.house_number), col(Tenancy.house_number_addition),
                       col(Tenancy.place), col(Tenant.name))
        .join(Tenancy, col(Tenancy.id) == col(Case.tenancy_id))
        .outerjoin(Tenant, and_(col(Tenant.tenancy_id) == col(Tenancy.id), col(Tenant.landlord_id) == actor.id))
        .where(col(Case.landlord_id) == actor.id, col(Tenancy.landlord_id) == actor.id, col(Case.id).in_(ids))
        .order_by(col(Case.id), col(Tenant.position))).all()
    for case_id, street, number, addition, place, name in rows:
        _, names = found.setdefault(case_id, ((street, number, addition or "", place), []))
        if name is not None:
            names.append(name)
    return found


def running_arrangements(session: Session, actor: ActingUser) -> list[tuple[int, int]]:
    """(arrangement id, case id) of the landlord's running arrangements on open cases."""
    require_landlord(actor)
    rows = session.exec(select(col(Arrangement.id), col(Arrangement.case_id))
                        .join(Case, col(Case.id) == col(Arrangement.case_id))
                        .where(col(Arrangement.landlord_id) == actor.id, col(Arrangement.status) == "active",
                               col(Case.landlord_id) == actor.id, col(Case.status) == "open")
                        .order_by(col(Arrangement.id))).all()
    return [(int(a or 0), int(c)) for a, c in rows]


def feedback_since(session: Session, actor: ActingUser, since: dt.date) -> list[dict[str, Any]]:
    """The municipality's feedback on the landlord's own signals received on or after `since`, newest first:
    id, case id, date, outcome code, help accepted and the signal's reference. Never the liaison's note."""
    require_landlord(actor)
    rows = session.exec(
        select(Feedback, Signal)
        .join(Signal, col(Signal.id) == col(Feedback.signal_id))
        .where(col(Feedback.landlord_id) == actor.id, col(Signal.landlord_id) == actor.id,
               col(Feedback.on_date) >= since)
        .order_by(col(Feedback.on_date).desc(), col(Feedback.id).desc())).all()
    return [{"id": f.id, "case_id": s.case_id, "on_date": f.on_date, "outcome": f.outcome,
             "help_accepted": bool(f.help_accepted), "signal_reference": s.reference} for f, s in rows]
