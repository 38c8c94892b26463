"""The liaison's workflow on one signal: taking it in progress, its status, who handles it, the day the municipality
picked it up, and the municipality's own contact attempts. Scope as in store.signals: a liaison acts only on their
own municipality's signals (store.scope.signal_in_scope, in SQL); every change writes one audit event, a double click
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlmodel import Session, col, select

from naarnul import access, ddas
from naarnul.errors import NotFound
from naarnul.users import ActingUser, Role
from store.models import MunicipalContactAttempt, User
from store.scope import audit_signal, require_liaison, signal_in_scope


def signal_state(session: Session, actor: ActingUser, signal_id: object) -> tuple[str, dt.date | None, dt.date]:
    """(status, picked-up date, signal date) of a signal in the liaison's scope."""
    require_liaison(actor, access.LIAISON_ONLY_HANDLE)
    signal = signal_in_scope(session, actor, signal_id)
    return signal.status, signal.picked_up_on, signal.sent_on


def set_status(session: Session, actor: ActingUser, signal_id: object, status: str, *,
               picked_up_on: dt.date | None, summary: str) -> bool:
    """Set the workflow status and the picked-up date that goes with it (the service decides both). False when
    nothing changed (a double click)."""
    require_liaison(actor, access.LIAISON_ONLY_STATUS)
    signal = signal_in_scope(session, actor, signal_id)
    if signal.status == status and signal.picked_up_on == picked_up_on:
        return False
    before = signal.status
    signal.status = status
    signal.picked_up_on = picked_up_on
    session.add(signal)
    audit_signal(session, actor, "signal.status", signal, summary, on_timeline=before != status,
           detail={"from": before, "to": status, "picked_up_on": picked_up_on})
    return True


def colleagues(session: Session, actor: ActingUser) -> list[tuple[int, str]]:
    """Active liaisons of the actor's own municipality (the actor too), by name: who a signal can be assigned to."""
    require_liaison(actor, access.LIAISON_ONLY_ASSIGN)
    rows = session.exec(select(col(User.id), col(User.name)).where(
        col(User.role) == Role.LIAISON.value, col(User.municipality_code) == actor.municipality_code,
        col(User.active) == True)  # noqa: E712
        .order_by(col(User.name), col(User.id)))
    return [(int(user_id or 0), name) for user_id, name in rows]


def assign(session: Session, actor: ActingUser, signal_id: object, user_id: int | None, *,
           summary: Callable[[str | None], str]) -> bool:
    """Give the signal to a colleague of the same municipality (None: to nobody). The colleague is looked up in
    SQL within the signal's and the actor's municipality, so another municipality's user is NotFound. False when
    it was assigned to them already."""
    require_liaison(actor, access.LIAISON_ONLY_ASSIGN)
    signal = signal_in_scope(session, actor, signal_id)
    name: str | None = None
    if user_id is not None:
        try:
            number = int(user_id)
        except (TypeError, ValueError):
            raise NotFound(access.COLLEAGUE_UNKNOWN) from None
        found = session.exec(select(col(User.id), col(User.name)).where(
            col(User.id) == number, col(User.role) == Role.LIAISON.value,
            col(User.municipality_code) == actor.municipality_code,
            col(User.municipality_code) == signal.municipality_code,
            col(User.active) == True)).first()  # noqa: E712
        if found is None:
            raise NotFound(access.COLLEAGUE_NOT_IN_MUNICIPALITY)
        user_id, name = int(found[0] or 0), found[1]
    if signal.assigned_to_id == user_id:
        return False
    signal.assigned_to_id = user_id
    session.add(signal)
    audit_signal(session, actor, "signal.assigned", signal, summary(name), detail={"assigned_to_id": user_id})
    return True


def set_picked_up_on(session: Session, actor: ActingUser, signal_id: object, day: dt.date, *, summary: str) -> bool:
    """Correct the day the municipality picked the signal up (checked by the service). False when unchanged."""
    require_liaison(actor, access.LIAISON_ONLY_PICKED_UP_DATE)
    signal = signal_in_scope(session, actor, signal_id)
    if signal.picked_up_on == day:
        return False
    signal.picked_up_on = day
    if signal.status == "new":
        signal.status = "in_progress"
    session.add(signal)
    audit_signal(session, actor, "signal.picked_up", signal, summary, detail={"picked_up_on": day})
    return True


def add_municipal_contact(session: Session, actor: ActingUser, signal_id: object, entry: ddas.ContactEntry, *,
                          summary: str) -> bool:
    """The municipality's own contact attempt; the same attempt twice (a double click) is stored once."""
    require_liaison(actor, access.LIAISON_ONLY_CONTACT_ATTEMPT)
    signal = signal_in_scope(session, actor, signal_id)
    assert signal.id is not None and actor.id is not None
    same = session.exec(select(MunicipalContactAttempt).where(
        col(MunicipalContactAttempt.signal_id) == signal.id, col(MunicipalContactAttempt.on_date) == entry.on_date,
        col(MunicipalContactAttempt.kind) == entry.kind, col(MunicipalContactAttempt.reached) == entry.reached,
        col(MunicipalContactAttempt.part_of_day) == entry.part_of_day)).first()
    if same is not None:
        return False
    attempt = MunicipalContactAttempt(signal_id=signal.id, municipality_code=signal.municipality_code,
                                      liaison_id=actor.id, on_date=entry.on_date, kind=entry.kind,
                                      reached=entry.reached, part_of_day=entry.part_of_day)
    session.add(attempt)
    session.flush()
    audit_signal(session, actor, "signal.municipal_contact", signal, summary,
           detail={"contact_attempt_id": attempt.id, "kind": entry.kind, "reached": entry.reached,
                   "on_date": entry.on_date, "part_of_day": entry.part_of_day})
    return True
