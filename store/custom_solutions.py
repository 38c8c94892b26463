"""Custom solutions (maatwerk) of the acting landlord: the stored rows (migration 0016), scoped in SQL to the landlord.

Persistence only: the rules are naarnul.arrangement.custom_solutions, the rows are read into every lease by
store.scope.solutions_of, the use cases are naarnul.services.custom_solutions (which passes the Dutch timeline lines).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlmodel import Session, col, select

from naarnul import access, ledger
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser, Role
from store import audit, scope
from store.models import Arrangement, Case, CustomSolution, Document, Tenancy

NOTE_MAX = CustomSolution.__table__.c.note.type.length  # type: ignore[attr-defined]  # 1000


def require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_ARRANGEMENTS)


def get_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    require_landlord(actor)
    return scope.landlords_case(session, actor.id, case_id)


def get_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> Tenancy:
    require_landlord(actor)
    return scope.landlords_tenancy(session, actor.id, tenancy_id)


def get_solution(session: Session, actor: ActingUser, solution_id: int) -> CustomSolution:
    require_landlord(actor)
    row = session.exec(select(CustomSolution).where(col(CustomSolution.id) == solution_id,
                                                    col(CustomSolution.landlord_id) == actor.id)).first()
    if row is None:
        raise NotFound(access.CUSTOM_SOLUTION_NOT_FOUND)
    return row


def ledger_inputs(session: Session, tenancy: Tenancy) -> tuple[ledger.Lease, list[ledger.Payment]]:
    """The lease (rent history and custom solutions) and the payments of a tenancy."""
    return scope.lease_of(session, tenancy), scope.payments_of(session, tenancy)


def plain_lease(session: Session, tenancy: Tenancy) -> ledger.Lease:
    """The lease with its rent history only (what the custom solutions are checked against)."""
    assert tenancy.id is not None
    return scope.lease_with(tenancy, scope.rent_periods(session, tenancy.landlord_id, [tenancy.id]).get(tenancy.id))


def of_case(session: Session, actor: ActingUser, case_id: int) -> list[CustomSolution]:
    """The custom solutions recorded on one of the landlord's cases, oldest first."""
    case = get_case(session, actor, case_id)
    return list(session.exec(select(CustomSolution).where(col(CustomSolution.landlord_id) == actor.id,
                                                          col(CustomSolution.case_id) == case.id)
                             .order_by(col(CustomSolution.id))))


def in_force_of_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> list[CustomSolution]:
    require_landlord(actor)
    return list(session.exec(select(CustomSolution).where(col(CustomSolution.landlord_id) == actor.id,
                                                          col(CustomSolution.tenancy_id) == tenancy_id,
                                                          col(CustomSolution.ended_on).is_(None))
                             .order_by(col(CustomSolution.id))))


def running_arrangement(session: Session, actor: ActingUser, case_id: int) -> Arrangement | None:
    return session.exec(select(Arrangement).where(col(Arrangement.landlord_id) == actor.id,
                                                  col(Arrangement.case_id) == case_id,
                                                  col(Arrangement.status) == "active")).first()


def add(session: Session, actor: ActingUser, case: Case, *, kind: str, today: dt.date,
        start_date: dt.date | None = None, end_date: dt.date | None = None, amount: Decimal | None = None,
        increase_from: dt.date | None = None, months: tuple[dt.date, ...] = (), note: str = "",
        summary: str) -> CustomSolution:
    """Store a custom solution on the case, with its line on the case timeline; the tenancy's snapshot is stale."""
    assert case.id is not None
    row = CustomSolution(case_id=case.id, tenancy_id=case.tenancy_id, landlord_id=actor.id, kind=kind,
                         created_on=today, start_date=start_date, end_date=end_date,
                         amount_cents=None if amount is None else ledger.to_cents(amount),
                         increase_from=increase_from, months=json.dumps([d.isoformat() for d in months]),
                         note=note[:NOTE_MAX])
    session.add(row)
    session.flush()
    audit.record(session, actor, "custom_solution.added", "custom_solution", row.id, landlord_id=actor.id,
                 case_id=case.id, summary=summary)
    return row


def end(session: Session, actor: ActingUser, row: CustomSolution, today: dt.date, *, summary: str) -> None:
    row.ended_on = today
    session.add(row)
    audit.record(session, actor, "custom_solution.ended", "custom_solution", row.id, landlord_id=actor.id,
                 case_id=row.case_id, summary=summary)
    session.flush()


def record_letter(session: Session, actor: ActingUser, row: CustomSolution, document_id: int) -> None:
    row.document_id = document_id
    session.add(row)
    session.flush()


def letter_of(session: Session, actor: ActingUser, row: CustomSolution) -> Document | None:
    if row.document_id is None:
        return None
    return session.exec(select(Document).where(col(Document.id) == row.document_id,
                                               col(Document.landlord_id) == actor.id)).first()
