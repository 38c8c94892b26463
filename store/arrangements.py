"""Payment arrangements (betalingsregeling) of the acting landlord: scoped reads and the stored arrangements.

Persistence only. The calculations are naarnul.arrangement, the collection-cost rule after a 14-day letter
naarnul.arrangement.fourteen_day_letter, the Dutch texts naarnul.arrangement_text and naarnul.arrangement.steps; the use cases
that compose them are naarnul.services.arrangement_making (inside a unit of work) and
naarnul.services.arrangements. Every read is scoped in SQL to the acting landlord; every change writes an audit
event on the case timeline (`log`).

Stored facts: an arrangement keeps its schedule as JSON (number, due date, amount), its total and costs in cents,
its status (active / replaced / ended / completed) and, for a change, the arrangement it replaces (`replaces_id`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import String, and_, cast, literal, or_, union_all
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from naarnul import access, ledger
from naarnul import arrangement as calc
from naarnul import tenancy as tenancy_rules
from naarnul.errors import NotAllowed, NotFound
from naarnul.formatting import to_money
from naarnul.users import ActingUser, Role
from store import audit, scope
from store.models import (
    Arrangement,
    Case,
    CustomSolution,
    Document,
    LandlordProfile,
    Municipality,
    Payment,
    ProtectedIncomeNorm,
    RentPeriod,
    Setting,
    Signal,
    Tenancy,
    Tenant,
)

LETTER_TEMPLATE = "arrangement"  # Document.template_name of an arrangement letter


def require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_ARRANGEMENTS)


def save(session: Session, *rows: Any) -> None:
    for row in rows:
        session.add(row)
    session.flush()


def log(session: Session, actor: ActingUser, row: Arrangement, action: str, summary: str,
        detail: dict[str, Any] | None = None) -> None:
    """The step's entry on the case timeline."""
    audit.record(session, actor, action, "arrangement", row.id, landlord_id=actor.id, case_id=row.case_id,
                 summary=summary, detail=detail)


# --- scoped reads --------------------------------------------------------------------------------------------------

def get_arrangement(session: Session, actor: ActingUser, arrangement_id: int) -> Arrangement:
    require_landlord(actor)
    row = session.exec(select(Arrangement).where(col(Arrangement.id) == arrangement_id,
                                                 col(Arrangement.landlord_id) == actor.id)).first()
    if row is None:
        raise NotFound(access.ARRANGEMENT_NOT_FOUND)
    return row


def get_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    """One of the landlord's cases (scoped in SQL); NotFound for anyone else's."""
    require_landlord(actor)
    return scope.landlords_case(session, actor.id, case_id)


def get_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> Tenancy:
    require_landlord(actor)
    return scope.landlords_tenancy(session, actor.id, tenancy_id)


def address_line(t: Tenancy) -> str:
    return tenancy_rules.address_line(t.street, t.house_number, t.house_number_addition, t.place)


def ledger_inputs(session: Session, tenancy: Tenancy) -> tuple[ledger.Lease, list[ledger.Payment]]:
    """The lease (with its rent history) and the payments of a tenancy, for naarnul.ledger."""
    return scope.lease_of(session, tenancy), scope.payments_of(session, tenancy)


def open_cases(session: Session, actor: ActingUser) -> list[dict[str, Any]]:
    """The landlord's open cases with the address and tenant names (for the case picker)."""
    require_landlord(actor)
    rows = list(session.exec(
        select(Case, Tenancy).join(Tenancy, and_(col(Tenancy.id) == col(Case.tenancy_id),
                                                 col(Tenancy.landlord_id) == actor.id))
        .where(col(Case.landlord_id) == actor.id, col(Case.status) == "open")
        .order_by(col(Tenancy.street), col(Case.id))))
    names = tenant_names(session, actor, [t.id for _, t in rows if t.id is not None])
    return [{"id": c.id, "tenancy_id": t.id, "address": address_line(t),
             "tenant_names": ", ".join(names.get(t.id or 0, [])),
             "opened_on": c.opened_on} for c, t in rows]


def open_case_choices(session: Session, actor: ActingUser) -> list[dict[str, Any]]:
    """As `open_cases` (plus "names": the tenants' names in their order), in one statement of plain columns."""
    require_landlord(actor)
    rows = session.execute(
        select_columns(col(Case.id), col(Case.tenancy_id), col(Case.opened_on), col(Tenancy.street),
                       col(Tenancy.house_number), col(Tenancy.house_number_addition), col(Tenancy.place),
                       col(Tenant.name))
        .join(Tenancy, and_(col(Tenancy.id) == col(Case.tenancy_id), col(Tenancy.landlord_id) == actor.id))
        .outerjoin(Tenant, and_(col(Tenant.tenancy_id) == col(Tenancy.id), col(Tenant.landlord_id) == actor.id))
        .where(col(Case.landlord_id) == actor.id, col(Case.status) == "open")
        .order_by(col(Tenancy.street), col(Case.id), col(Tenant.position), col(Tenant.id)))
    found: dict[int, dict[str, Any]] = {}
    for case_id, tenancy_id, opened_on, street, number, addition, place, name in rows:
        item = found.get(case_id)
        if item is None:
            item = found[case_id] = {
                "id": case_id, "tenancy_id": tenancy_id, "opened_on": opened_on, "names": [],
                "address": tenancy_rules.address_line(street, number, addition, place)}
        if name is not None:
            item["names"].append(name)
    return [{**item, "tenant_names": ", ".join(item["names"])} for item in found.values()]


def case_page_rows(session: Session, actor: ActingUser, case_id: int, settings_key: str) -> dict[str, Any]:
    """Everything the arrangement page reads about one of the landlord's cases, in six statements: the case with
    its tenancy, municipality, the landlord's profile, whether it has a signal and the stored settings
    `settings_key`; then its rent history, custom solutions (of the tenancy or the case), payments, documents
    (without bytes) and arrangements (newest first). NotFound for anyone else's case."""
    require_landlord(actor)
    signal = select_columns(col(Signal.id)).where(col(Signal.landlord_id) == actor.id,
                                                  col(Signal.case_id) == col(Case.id)).exists()
    setting = select_columns(col(Setting.value)).where(col(Setting.key) == settings_key).scalar_subquery()
    found = session.execute(
        select_columns(Case, Tenancy, Municipality, LandlordProfile, signal, setting)
        .join(Tenancy, and_(col(Tenancy.id) == col(Case.tenancy_id), col(Tenancy.landlord_id) == actor.id))
        .outerjoin(Municipality, col(Municipality.code) == col(Tenancy.municipality_code))
        .outerjoin(LandlordProfile, col(LandlordProfile.user_id) == actor.id)
        .where(col(Case.id) == case_id, col(Case.landlord_id) == actor.id)).first()
    if found is None:
        raise NotFound(access.CASE_NOT_FOUND)
    case, tenancy, municipality_row, profile, has_signal, settings_value = found
    assert tenancy.id is not None
    solutions = list(session.exec(select(CustomSolution).where(
        col(CustomSolution.landlord_id) == actor.id,
        or_(col(CustomSolution.tenancy_id) == tenancy.id, col(CustomSolution.case_id) == case.id))
        .order_by(col(CustomSolution.id))))
    documents = [dict(zip(_DOCUMENT_FACTS, row)) for row in session.execute(
        select_columns(*(getattr(Document, f) for f in _DOCUMENT_FACTS))
        .where(col(Document.landlord_id) == actor.id, col(Document.case_id) == case.id)
        .order_by(col(Document.id)))]
    arrangements = list(session.exec(select(Arrangement).where(col(Arrangement.landlord_id) == actor.id,
                                                               col(Arrangement.case_id) == case.id)
                                     .order_by(col(Arrangement.id).desc())))
    periods, payments = _periods_and_payments(session, actor, tenancy.id)
    return {"case": case, "tenancy": tenancy, "municipality": municipality_row,
            "profile": profile or LandlordProfile(user_id=actor.id), "has_signal": bool(has_signal),
            "settings": settings_value, "periods": periods or None, "solutions": solutions, "payments": payments,
            "documents": documents, "arrangements": arrangements}


def _periods_and_payments(session: Session, actor: ActingUser, tenancy_id: int) \
        -> tuple[list[ledger.RentPeriod], list[ledger.Payment]]:
    """The rent history (oldest first) and the payments (oldest first) of one tenancy, in one statement: what
    store.scope.rent_periods and store.scope.payments_of read in two."""
    periods_query: Any = select_columns(
        literal(0).label("kind"), col(RentPeriod.effective_from).label("day"),
        col(RentPeriod.monthly_rent_cents).label("cents"), cast(literal(""), String).label("description"),
        col(RentPeriod.id).label("row_id")).where(
        col(RentPeriod.landlord_id) == actor.id, col(RentPeriod.tenancy_id) == tenancy_id)
    payments_query: Any = select_columns(
        literal(1).label("kind"), col(Payment.paid_on).label("day"), col(Payment.amount_cents).label("cents"),
        cast(col(Payment.description), String).label("description"), col(Payment.id).label("row_id")).where(
        col(Payment.landlord_id) == actor.id, col(Payment.tenancy_id) == tenancy_id)
    both = union_all(periods_query, payments_query).subquery()
    periods: list[ledger.RentPeriod] = []
    payments: list[ledger.Payment] = []
    for kind, day, cents, description in session.execute(
            select_columns(both.c.kind, both.c.day, both.c.cents, both.c.description)
            .order_by(both.c.kind, both.c.day, both.c.row_id)):
        if kind == 0:
            periods.append(ledger.RentPeriod(day, ledger.from_cents(cents)))
        else:
            payments.append(ledger.Payment(day, ledger.from_cents(cents), description or ""))
    return periods, payments


_DOCUMENT_FACTS = ("id", "template_name", "filename", "created_at", "fourteen_day_letter", "letter_date",
                   "cost_deadline", "principal_cents", "collection_costs_cents")


def tenant_names(session: Session, actor: ActingUser, tenancy_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {i: [] for i in tenancy_ids}
    if tenancy_ids:
        for tenancy_id, name in session.exec(select(col(Tenant.tenancy_id), col(Tenant.name)).where(
                col(Tenant.landlord_id) == actor.id, col(Tenant.tenancy_id).in_(tenancy_ids))
                .order_by(col(Tenant.position), col(Tenant.id))):
            names[tenancy_id].append(name)
    return names


def first_fourteen_day_letter(session: Session, actor: ActingUser, case: Case) -> Document | None:
    """The first document of the case stored as a 14-day letter (with the facts it states), or None."""
    return session.exec(select(Document).where(col(Document.landlord_id) == actor.id,
                                               col(Document.case_id) == case.id,
                                               col(Document.fourteen_day_letter) == True)  # noqa: E712
                        .order_by(col(Document.id))).first()


def norm_rows(session: Session) -> list[ProtectedIncomeNorm]:
    """The admin's protected-income norms (store.norms keeps them)."""
    return list(session.exec(select(ProtectedIncomeNorm)))


def municipality(session: Session, code: str) -> Municipality | None:
    return session.get(Municipality, code)


def has_signal(session: Session, actor: ActingUser, case: Case) -> bool:
    return session.exec(select(col(Signal.id)).where(col(Signal.landlord_id) == actor.id,
                                                     col(Signal.case_id) == case.id)).first() is not None


def landlord_profile(session: Session, actor: ActingUser) -> LandlordProfile:
    return session.get(LandlordProfile, actor.id) or LandlordProfile(user_id=actor.id)


# --- the stored arrangements ---------------------------------------------------------------------------------------

def active_of_case(session: Session, actor: ActingUser, case_id: int) -> Arrangement | None:
    return session.exec(select(Arrangement).where(col(Arrangement.landlord_id) == actor.id,
                                                  col(Arrangement.case_id) == case_id,
                                                  col(Arrangement.status) == "active")).first()


def arrangements_of_case(session: Session, actor: ActingUser, case_id: int) -> list[Arrangement]:
    """Every arrangement of the case, newest first (the history of changes)."""
    case = get_case(session, actor, case_id)
    return list(session.exec(select(Arrangement).where(col(Arrangement.landlord_id) == actor.id,
                                                       col(Arrangement.case_id) == case.id)
                             .order_by(col(Arrangement.id).desc())))


def chain_root(session: Session, actor: ActingUser, row: Arrangement) -> Arrangement:
    """The first arrangement of the chain of changes `row` belongs to."""
    root, seen = row, {row.id}
    while root.replaces_id is not None and root.replaces_id not in seen:
        parent = session.exec(select(Arrangement).where(col(Arrangement.id) == root.replaces_id,
                                                        col(Arrangement.landlord_id) == actor.id)).first()
        if parent is None:
            break
        seen.add(parent.id)
        root = parent
    return root


def schedule_json(schedule: calc.Schedule) -> str:
    return json.dumps([{"number": i.number, "due_date": i.due_date.isoformat(), "amount": str(i.amount)}
                       for i in schedule.instalments])


def instalments_of(row: Arrangement) -> list[calc.Instalment]:
    return [calc.Instalment(int(i["number"]), dt.date.fromisoformat(i["due_date"]), to_money(i["amount"]))
            for i in json.loads(row.schedule)]


def schedule_of(row: Arrangement) -> calc.Schedule:
    costs = ledger.from_cents(row.costs_cents)
    return calc.Schedule(arrears=ledger.from_cents(row.total_cents) - costs, costs=costs, start=row.start_date,
                         payment_day=row.payment_day, instalments=tuple(instalments_of(row)))


def add(session: Session, actor: ActingUser, *, case_id: int, schedule: calc.Schedule, valid_from: dt.date,
        created_on: dt.date, replaces_id: int | None = None) -> Arrangement:
    """Store a running arrangement with its schedule."""
    assert actor.id is not None
    row = Arrangement(case_id=case_id, landlord_id=actor.id, status="active", replaces_id=replaces_id,
                      valid_from=valid_from, created_on=created_on, start_date=schedule.start,
                      payment_day=schedule.payment_day, total_cents=ledger.to_cents(schedule.total),
                      costs_cents=ledger.to_cents(schedule.costs), schedule=schedule_json(schedule))
    session.add(row)
    session.flush()
    return row


def finish(session: Session, row: Arrangement, status: str, on: dt.date, reason: str) -> None:
    """Mark an arrangement replaced / ended / completed on `on` (written with the next flush or commit)."""
    row.status, row.ended_on, row.end_reason = status, on, reason
    session.add(row)


# --- the letters ---------------------------------------------------------------------------------------------------

def letters_of_case(session: Session, actor: ActingUser, case_id: int) -> list[dict[str, Any]]:
    """The arrangement letters made for the case, newest first (without their bytes)."""
    case = get_case(session, actor, case_id)
    rows = session.exec(select(col(Document.id), col(Document.filename), col(Document.created_at)).where(
        col(Document.landlord_id) == actor.id, col(Document.case_id) == case.id,
        col(Document.template_name) == LETTER_TEMPLATE).order_by(col(Document.id).desc()))
    return [{"id": i, "filename": f, "created_at": at} for i, f, at in rows]


def letter_bytes(session: Session, actor: ActingUser, document_id: int) -> tuple[str, bytes]:
    """(filename, content) of one of the landlord's arrangement letters."""
    require_landlord(actor)
    row = session.exec(select(Document).where(col(Document.id) == document_id, col(Document.landlord_id) == actor.id,
                                              col(Document.template_name) == LETTER_TEMPLATE)).first()
    if row is None:
        raise NotFound(access.LETTER_NOT_FOUND)
    return row.filename, bytes(row.content)
