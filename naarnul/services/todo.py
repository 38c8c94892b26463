"""The landlord's to-do list on "Vandaag": every covenant step that needs them now, every new answer of the
municipality, every missed instalment of a running payment arrangement and every signal that still waits for
delivery, each as one item with the one action that does it (naarnul.todo), marked "nieuw" until the user saw it.

Built from the rules that already decide these things: the case's stored next step (naarnul.services.refresh,
naarnul.covenant.steps, naarnul.arrears.step_label), the arrangement's follow-up (naarnul.arrangement.progress through
naarnul.services.arrangement_making.follow_up) and the municipality's feedback (naarnul.signals). `todo_list` is a read
and never writes; `mark_seen` is the explicit action (opening an item, or "Gezien") that writes the seen marks.
`show_vandaag` is the whole "Vandaag" page (its figures and one page of the list) in one read-only transaction.

Every item is first a candidate (its key, kind, date and what it needs): the list is sorted and paged on those, and
only the items of the page asked for get their Dutch texts and their place (address and tenants), so a landlord
with hundreds of open cases costs hardly more per render than one with a few.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable

from sqlmodel import Session

from naarnul import arrears as arrears_rules
from naarnul import ledger
from naarnul import signals as signal_rules
from naarnul import tenancy as tenancy_rules
from naarnul import todo as rules
from naarnul.arrangement import ArrangementSettings, FollowUpAction
from naarnul.formatting import format_date, format_money
from naarnul.services import arrangement_making, signal_delivery
from naarnul.services.cases import TodayView, today_view
from naarnul.users import ActingUser
from store import cases as case_store
from store import settings as settings_store
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
    page: int = 1  # the page shown (the first when the list got shorter than the page asked for)


@dataclass(frozen=True)
class VandaagView:
    """The "Vandaag" page: its figures (naarnul.services.cases.TodayView, without a case list) and one page of the
    to-do list, read in one transaction."""

    summary: TodayView
    todo: TodoList


Place = tuple[str, str]  # (address line, tenant names)


@dataclass(slots=True)
class _Candidate:
    """An item before its texts: enough to sort, page and mark it. `make(candidate, place)` writes the item once it
    is shown; `place(source)` gives its place when its source knows it (steps, deliveries), else it is looked up for
    the page. Plain functions, no closures: there is one candidate per case needing action on every render."""

    key: str
    kind: str
    case_id: int
    due: dt.date | None
    overdue: bool
    source: Any  # what the item is made from (an open case row, a feedback row, a delivery line, a follow-up)
    make: Callable[[_Candidate, Place], TodoItem]
    place: Callable[[Any], Place] | None = None
    new: bool = False


def _arrears_line(amount: Decimal, months: int, oldest: dt.date | None) -> str:
    line = f"Achterstand {format_money(amount)}"
    if oldest is not None:
        line += f" ({months} maand(en)), oudste onbetaalde huur van {format_date(oldest)}"
    return line


def _address(parts: tuple[str, str, str, str]) -> str:
    return tenancy_rules.address_line(*parts)


def _place_of(row: case_store.OpenCaseRow) -> Place:
    return (_address((row.street, row.house_number, row.house_number_addition, row.place)), ", ".join(row.tenant_names))


def _make_step(candidate: _Candidate, place: Place) -> TodoItem:
    row: case_store.OpenCaseRow = candidate.source
    when = ""
    if row.next_due:
        when = (f" – te laat sinds {format_date(row.next_due)}" if candidate.overdue
                else f" – uiterlijk {format_date(row.next_due)}")
    action = rules.step_action(row.next_step)
    return TodoItem(
        key=candidate.key, kind=rules.STEP, case_id=row.case_id, address=place[0], tenant_names=place[1],
        title=arrears_rules.step_label(row.next_step) + when,
        detail=_arrears_line(ledger.from_cents(row.arrears_cents), row.arrears_months, row.oldest_unpaid_due),
        due=row.next_due, overdue=candidate.overdue, new=candidate.new, action=action,
        action_label=rules.ACTION_LABELS[action])


def _step(row: case_store.OpenCaseRow, today: dt.date) -> _Candidate:
    return _Candidate(key=rules.step_item_key(row.case_id, row.next_step, row.next_due), kind=rules.STEP,
                      case_id=row.case_id, due=row.next_due, overdue=bool(row.next_due and row.next_due < today),
                      source=row, make=_make_step, place=_place_of)


def _make_feedback(candidate: _Candidate, place: Place) -> TodoItem:
    row = candidate.source
    label = signal_rules.outcome_label(row["outcome"])
    return TodoItem(
        key=candidate.key, kind=rules.FEEDBACK, case_id=row["case_id"], address=place[0], tenant_names=place[1],
        title="De gemeente heeft gereageerd op uw melding",
        detail=f"{format_date(row['on_date'])}: {label}."
        + (" De huurder krijgt hulp: lees wat dat voor de incasso betekent." if row["help_accepted"] else ""),
        due=row["on_date"], overdue=False, new=candidate.new, action=rules.CASE, action_label="Terugkoppeling lezen")


def _feedback(row: dict) -> _Candidate:
    return _Candidate(key=rules.feedback_item_key(row["id"]), kind=rules.FEEDBACK, case_id=row["case_id"],
                      due=row["on_date"], overdue=False, source=row, make=_make_feedback)


def _make_instalment(candidate: _Candidate, place: Place) -> TodoItem:
    missed, message = candidate.source
    return TodoItem(
        key=candidate.key, kind=rules.INSTALMENT, case_id=candidate.case_id, address=place[0], tenant_names=place[1],
        title=("Een termijn van de betalingsregeling is niet betaald" if len(missed) == 1
               else f"{len(missed)} termijnen van de betalingsregeling zijn niet betaald"),
        detail=message, due=candidate.due, overdue=False, new=candidate.new, action=rules.ARRANGEMENT,
        action_label=rules.ACTION_LABELS[rules.ARRANGEMENT])


def _instalment(arrangement_id: int, case_id: int, message: str, missed: tuple[int, ...],
                due: dt.date) -> _Candidate:
    return _Candidate(key=rules.instalment_item_key(arrangement_id, missed), kind=rules.INSTALMENT, case_id=case_id,
                      due=due, overdue=False, source=(missed, message), make=_make_instalment)


def _make_delivery(candidate: _Candidate, place: Place) -> TodoItem:
    row: signal_delivery.DeliveryLine = candidate.source
    return TodoItem(
        key=candidate.key, kind=rules.DELIVERY, case_id=row.case_id, address=place[0], tenant_names=place[1],
        title="Melding zelf naar de gemeente sturen",
        detail=f"Melding {row.reference}, klaargezet op {format_date(row.prepared_on)} voor de gemeente "
               f"{row.municipality_name}. {row.how_to_send} Leg daarna de datum vast.",
        due=candidate.due, overdue=False, new=candidate.new, action=rules.CASE, action_label="Melding afmaken")


def _delivery_place(row: signal_delivery.DeliveryLine) -> Place:
    return (row.home, row.tenant_names)


def _delivery(row: signal_delivery.DeliveryLine, today: dt.date) -> _Candidate:
    """A signal the landlord still has to deliver to the municipality themselves (issue 11: a municipality that does
    not receive signals in the portal); the action opens the Dossier's overview, where its downloads and the form
    for the day it was sent are."""
    return _Candidate(key=rules.delivery_item_key(row.signal_id), kind=rules.DELIVERY, case_id=row.case_id, due=today,
                      overdue=False, source=row, make=_make_delivery, place=_delivery_place)


def _instalments(session: Session, actor: ActingUser, today: dt.date) -> list[_Candidate]:
    running = todo_store.running_arrangements(session, actor)
    if not running:
        return []
    settings = settings_store.load(session, ArrangementSettings)
    found = []
    for arrangement_id, case_id in running:
        follow = arrangement_making.follow_up(session, actor, arrangement_id, today, settings=settings)
        if follow.action in (FollowUpAction.REMINDER, FollowUpAction.OFFER_END):
            found.append(_instalment(arrangement_id, case_id, follow.message, tuple(follow.missed),
                                     follow.new_date or today))
    return found


def _candidates(uow: UnitOfWork, actor: ActingUser, today: dt.date,
                open_rows: list[case_store.OpenCaseRow]) -> list[_Candidate]:
    """Every item of the list, sorted, inside the caller's open transaction (`open_rows`: the landlord's open cases
    as `store.cases.open_cases_with_counts` reads them, those needing action first)."""
    session = uow.session
    found = [_step(row, today) for row in open_rows if row.needs_action]
    since = today - dt.timedelta(days=rules.FEEDBACK_UNSEEN_DAYS)
    found += [_feedback(row) for row in todo_store.feedback_since(session, actor, since)]
    if open_rows:  # a running arrangement belongs to an open case
        found += _instalments(session, actor, today)
    found += [_delivery(row, today) for row in signal_delivery.signals_waiting_for_delivery(uow, actor)]
    seen = todo_store.seen_keys(session, actor, [c.key for c in found])
    shown = []
    for candidate in found:
        candidate.new = candidate.key not in seen
        if candidate.kind == rules.FEEDBACK and not rules.feedback_shown(candidate.due or today, not candidate.new,
                                                                         today):
            continue
        shown.append(candidate)
    shown.sort(key=lambda c: rules.urgency(c.overdue, c.new, c.due, c.kind))
    return shown


def _open_rows(session: Session, actor: ActingUser, today: dt.date) -> tuple[list[case_store.OpenCaseRow],
                                                                              dict[str, int]]:
    return case_store.open_cases_with_counts(session, actor, today, limit=rules.MAX_ITEMS)


def _page(session: Session, actor: ActingUser, candidates: list[_Candidate], open_rows: list[case_store.OpenCaseRow],
          page: int, page_size: int) -> TodoList:
    """One page of the list, its items written out (places looked up for the page's items only, in one statement,
    for those not known from the open cases already)."""
    page = max(1, int(page))
    if (page - 1) * page_size >= len(candidates):  # the list got shorter than the page asked for: the first
        page = 1
    chosen = candidates[(page - 1) * page_size:page * page_size]
    wanted = {c.case_id for c in chosen if c.place is None}
    known: dict[int, Place] = {r.case_id: _place_of(r) for r in open_rows if r.case_id in wanted}
    if wanted - set(known):
        for case_id, (parts, names) in todo_store.places(session, actor, wanted - set(known)).items():
            known[case_id] = (_address(parts), ", ".join(names))
    items = tuple(c.make(c, c.place(c.source) if c.place else known.get(c.case_id, ("", ""))) for c in chosen)
    return TodoList(items=items, total=len(candidates), new=sum(1 for c in candidates if c.new), page=page)


def todo_list(uow: UnitOfWork, actor: ActingUser, *, today: dt.date, page: int = 1,
              page_size: int = 10) -> TodoList:
    """One page of the landlord's to-do list for `today`. A read: nothing is written, not even a seen mark."""
    with uow.reading():
        case_store.require_landlord(actor)
        open_rows, _ = _open_rows(uow.session, actor, today)
        return _page(uow.session, actor, _candidates(uow, actor, today, open_rows), open_rows, page, page_size)


def show_vandaag(uow: UnitOfWork, actor: ActingUser, *, today: dt.date, page: int = 1,
                 page_size: int = 10) -> VandaagView:
    """The whole "Vandaag" page for `today` in one read-only transaction: the figures (totals, counts, history, how
    current they are, what the profile still misses) and one page of the to-do list. Nothing is written."""
    with uow.reading():
        session = uow.session
        case_store.require_landlord(actor)
        open_rows, counts = _open_rows(session, actor, today)
        summary = today_view(session, actor, today=today, counts=counts)
        if summary.tenancies == 0:
            return VandaagView(summary=summary, todo=TodoList(items=(), total=0, new=0))
        todo = _page(session, actor, _candidates(uow, actor, today, open_rows), open_rows, page, page_size)
    return VandaagView(summary=summary, todo=todo)


def mark_seen(uow: UnitOfWork, actor: ActingUser, *, keys: Iterable[str], today: dt.date) -> int:
    """The user opened these items or said "Gezien": they are no longer "nieuw". Only keys of the user's own current
    items are marked (anything else is ignored); idempotent. Returns how many marks are new."""
    with uow.reading():
        case_store.require_landlord(actor)
        open_rows, _ = _open_rows(uow.session, actor, today)
        current = {c.key for c in _candidates(uow, actor, today, open_rows)}
    wanted = [k for k in keys if k in current]
    if not wanted:
        return 0
    with uow:
        added = todo_store.mark_seen(uow.session, actor, wanted)
        uow.commit()
    return added
