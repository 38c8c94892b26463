"""The landlord's to-do list on "Vandaag": every covenant step that needs them now, every new answer of the
municipality, every missed instalment of a running payment arrangement and every signal that still waits for
delivery, each as one item with the one action that does it (naarnul.todo), marked "nieuw" until the user saw it.

Built from the rules that already decide these things: the case's stored next step (naarnul.services.refresh,
naarnul.covenant.steps, naarnul.arrears.step_label), the arrangement's follow-up (naarnul.arrangement.progress through
naarnul.services.arrangement_making.status) and the municipality's feedback (naarnul.signals). `todo_list` is a read
and never writes; `mark_seen` is the explicit action (opening an item, or "Gezien") that writes the seen marks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Iterable

from sqlmodel import Session

from naarnul import arrears as arrears_rules
from naarnul import ledger
from naarnul import signals as signal_rules
from naarnul import todo as rules
from naarnul.arrangement import ArrangementSettings, FollowUpAction
from naarnul.formatting import format_date, format_money
from naarnul.services import arrangement_making, signal_delivery
from naarnul.users import ActingUser
from store import cases as case_store
from store import settings as settings_store
from store import tenancies as tenancy_store
from store import todo as todo_store
from store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TodoItem:
    key: str  # what a seen mark is about (naarnul.todo: the item and its state)
    kind: str  # naarnul.todo.STEP / FEEDBACK / INSTALMENT / DELIVERY
    case_id: int
    address: str
    tenant_names: str
    title: str  # Dutch: what to do
    detail: str  # Dutch: one line about it
    due: dt.date | None
    overdue: bool
    new: bool  # not seen yet by this user
    action: str  # naarnul.todo.LETTER / CONTACT / SIGNAL / ARRANGEMENT / CLOSE / CASE
    action_label: str  # Dutch: the text of the item's one button


@dataclass(frozen=True)
class TodoList:
    items: tuple[TodoItem, ...]  # one page, overdue first, then new, then by date
    total: int  # items on all pages
    new: int  # items not seen yet (all pages)


def _place(session: Session, actor: ActingUser, case_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """case id -> (address, tenant names) of the landlord's cases."""
    places: dict[int, tuple[str, str]] = {}
    for case_id in sorted(set(case_ids)):
        case = case_store.get_case(session, actor, case_id)
        tenancy = tenancy_store.get_tenancy(session, actor, case.tenancy_id)
        names = tenancy_store.tenant_names(session, actor, [case.tenancy_id])
        places[case_id] = (tenancy_store.address_line(tenancy), ", ".join(names.get(case.tenancy_id, [])))
    return places


def _arrears_line(amount: Decimal, months: int, oldest: dt.date | None) -> str:
    line = f"Achterstand {format_money(amount)}"
    if oldest is not None:
        line += f" ({months} maand(en)), oudste onbetaalde huur van {format_date(oldest)}"
    return line


def _step_items(session: Session, actor: ActingUser, today: dt.date) -> list[TodoItem]:
    rows, _ = case_store.list_cases(session, actor, needs_action=True, limit=rules.MAX_ITEMS)
    names = tenancy_store.tenant_names(session, actor, [tenancy_store.id_of(t) for _, t in rows])
    items = []
    for case, tenancy in rows:
        assert case.id is not None
        overdue = bool(case.next_due and case.next_due < today)
        when = ""
        if case.next_due:
            when = (f" – te laat sinds {format_date(case.next_due)}" if overdue
                    else f" – uiterlijk {format_date(case.next_due)}")
        action = rules.step_action(case.next_step)
        items.append(TodoItem(
            key=rules.step_item_key(case.id, case.next_step, case.next_due), kind=rules.STEP, case_id=case.id,
            address=tenancy_store.address_line(tenancy),
            tenant_names=", ".join(names.get(tenancy_store.id_of(tenancy), [])),
            title=arrears_rules.step_label(case.next_step) + when,
            detail=_arrears_line(ledger.from_cents(tenancy.arrears_cents), tenancy.arrears_months,
                                 tenancy.oldest_unpaid_due),
            due=case.next_due, overdue=overdue, new=False, action=action,
            action_label=rules.ACTION_LABELS[action]))
    return items


def _feedback_items(session: Session, actor: ActingUser, today: dt.date) -> list[dict[str, Any]]:
    since = today - dt.timedelta(days=rules.FEEDBACK_UNSEEN_DAYS)
    return todo_store.feedback_since(session, actor, since)


def _instalment_items(session: Session, actor: ActingUser, today: dt.date) -> list[tuple[int, int, dict]]:
    settings = settings_store.load(session, ArrangementSettings)
    found = []
    for arrangement_id, case_id in todo_store.running_arrangements(session, actor):
        follow = arrangement_making.status(session, actor, arrangement_id, today, settings=settings)["follow_up"]
        if follow["action"] in (FollowUpAction.REMINDER.value, FollowUpAction.OFFER_END.value):
            found.append((arrangement_id, case_id, follow))
    return found


def _delivery_items(uow: UnitOfWork, actor: ActingUser, today: dt.date) -> list[TodoItem]:
    """Signals the landlord still has to deliver to the municipality themselves (issue 11: a municipality that does
    not receive signals in the portal); the action opens the Dossier's overview, where its downloads and the form
    for the day it was sent are."""
    return [TodoItem(
        key=rules.delivery_item_key(row.signal_id), kind=rules.DELIVERY, case_id=row.case_id, address=row.home,
        tenant_names=row.tenant_names, title="Melding zelf naar de gemeente sturen",
        detail=f"Melding {row.reference}, klaargezet op {format_date(row.prepared_on)} voor de gemeente "
               f"{row.municipality_name}. {row.how_to_send} Leg daarna de datum vast.",
        due=today, overdue=False, new=False, action=rules.CASE, action_label="Melding afmaken")
        for row in signal_delivery.signals_waiting_for_delivery(uow, actor)]


def _all_items(uow: UnitOfWork, actor: ActingUser, today: dt.date) -> list[TodoItem]:
    with uow:
        session = uow.session
        case_store.require_landlord(actor)
        items = _step_items(session, actor, today)
        feedback = _feedback_items(session, actor, today)
        instalments = _instalment_items(session, actor, today)
        places = _place(session, actor, [f["case_id"] for f in feedback] + [c for _, c, _ in instalments])
        for row in feedback:
            address, names = places[row["case_id"]]
            label = signal_rules.outcome_label(row["outcome"])
            items.append(TodoItem(
                key=rules.feedback_item_key(row["id"]), kind=rules.FEEDBACK, case_id=row["case_id"],
                address=address, tenant_names=names, title="De gemeente heeft gereageerd op uw melding",
                detail=f"{format_date(row['on_date'])}: {label}."
                + (" De huurder krijgt hulp: lees wat dat voor de incasso betekent." if row["help_accepted"] else ""),
                due=row["on_date"], overdue=False, new=False, action=rules.CASE,
                action_label="Terugkoppeling lezen"))
        for arrangement_id, case_id, follow in instalments:
            address, names = places[case_id]
            missed = tuple(follow["missed"])
            items.append(TodoItem(
                key=rules.instalment_item_key(arrangement_id, missed), kind=rules.INSTALMENT, case_id=case_id,
                address=address, tenant_names=names,
                title=("Een termijn van de betalingsregeling is niet betaald" if len(missed) == 1
                       else f"{len(missed)} termijnen van de betalingsregeling zijn niet betaald"),
                detail=follow["message"], due=follow["new_date"] or today, overdue=False, new=False,
                action=rules.ARRANGEMENT, action_label=rules.ACTION_LABELS[rules.ARRANGEMENT]))
    items += _delivery_items(uow, actor, today)
    with uow:
        seen = todo_store.seen_keys(uow.session, actor, [i.key for i in items])
    shown = []
    for item in items:
        item = replace(item, new=item.key not in seen)
        if item.kind == rules.FEEDBACK and not rules.feedback_shown(item.due or today, not item.new, today):
            continue
        shown.append(item)
    shown.sort(key=lambda i: rules.urgency(i.overdue, i.new, i.due, i.kind))
    return shown


def todo_list(uow: UnitOfWork, actor: ActingUser, *, today: dt.date, page: int = 1,
              page_size: int = 10) -> TodoList:
    """One page of the landlord's to-do list for `today`. A read: nothing is written, not even a seen mark."""
    items = _all_items(uow, actor, today)
    page = max(1, int(page))
    start = (page - 1) * page_size
    return TodoList(items=tuple(items[start:start + page_size]), total=len(items),
                    new=sum(1 for i in items if i.new))


def mark_seen(uow: UnitOfWork, actor: ActingUser, *, keys: Iterable[str], today: dt.date) -> int:
    """The user opened these items or said "Gezien": they are no longer "nieuw". Only keys of the user's own current
    items are marked (anything else is ignored); idempotent. Returns how many marks are new."""
    current = {item.key for item in _all_items(uow, actor, today)}
    wanted = [k for k in keys if k in current]
    if not wanted:
        return 0
    with uow:
        added = todo_store.mark_seen(uow.session, actor, wanted)
        uow.commit()
    return added
