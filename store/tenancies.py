"""Tenancies, tenants and rent periods of the acting landlord: scoped reads and plain writes.

Every read filters on `landlord_id == actor.id` in SQL; a tenancy of someone else is NotFound. The rules (what a
valid tenancy is, what a rent change does, the Dutch audit lines) live in naarnul.tenancy, naarnul.ledger and the
use cases in naarnul.services.tenancies; this module only reads and writes rows. Charges are computed from the lease
(naarnul.ledger), never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from sqlalchemy import ColumnElement, and_, delete, func, or_, true
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from naarnul import arrears as arrears_rules
from naarnul import ledger
from naarnul import tenancy as tenancy_rules
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser, Role
from store import scope
from store.models import (
    Arrangement,
    ArrearsMonth,
    AuditEvent,
    Case,
    ContactAttempt,
    Document,
    Municipality,
    Objection,
    Payment,
    RentPeriod,
    Signal,
    Tenancy,
    Tenant,
)

SALUTATIONS = tenancy_rules.SALUTATIONS  # the rules live in naarnul.tenancy; kept here for older callers
EMAIL_MAX, PHONE_MAX = tenancy_rules.EMAIL_MAX, tenancy_rules.PHONE_MAX
TOKEN_MAX = 64  # submission_token

reference = tenancy_rules.reference  # the case reference (NN-0001), from naarnul.tenancy
cents = ledger.to_cents
money = ledger.from_cents


def chunks(items: list, size: int = 500) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def token(value: object) -> str | None:
    """A form's submission token as stored (trimmed, cut to its column), or None."""
    text = str(value or "").strip()
    return text[:TOKEN_MAX] or None


def require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(tenancy_rules.LANDLORD_ONLY)


def id_of(row: Tenancy) -> int:
    """The id of a stored (flushed) row."""
    assert row.id is not None
    return row.id


def address_line(t: Tenancy) -> str:
    return tenancy_rules.address_line(t.street, t.house_number, t.house_number_addition, t.place)


# --- reading -------------------------------------------------------------------------------------------------------

def get_tenancy(session: Session, actor: ActingUser, tenancy_id: int, *, lock: bool = False) -> Tenancy:
    """The landlord's tenancy. `lock` takes its row lock (SELECT … FOR UPDATE on PostgreSQL) until the end of the
    transaction, so two writers that change its payments recompute its arrears one after the other."""
    require_landlord(actor)
    query = select(Tenancy).where(col(Tenancy.id) == tenancy_id, col(Tenancy.landlord_id) == actor.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    tenancy = session.exec(query).first()
    if tenancy is None:
        raise NotFound(tenancy_rules.NOT_YOURS)
    return tenancy


def lock_tenancies(session: Session, actor: ActingUser, tenancy_ids: Iterable[int]) -> list[int]:
    """Lock the landlord's tenancies (in id order, so writers never deadlock); returns the ids that are theirs."""
    ids = sorted(set(tenancy_ids))
    if not ids:
        return []
    rows = session.exec(select(col(Tenancy.id)).where(col(Tenancy.landlord_id) == actor.id, col(Tenancy.id).in_(ids))
                        .order_by(col(Tenancy.id)).with_for_update())
    return [i for i in rows if i is not None]


def tenancy_by_token(session: Session, actor: ActingUser, submission_token: str | None) -> Tenancy | None:
    if not submission_token:
        return None
    return session.exec(select(Tenancy).where(col(Tenancy.landlord_id) == actor.id,
                                              col(Tenancy.submission_token) == submission_token)).first()


def is_active_municipality(session: Session, code: str) -> bool:
    municipality = session.get(Municipality, code)
    return municipality is not None and municipality.active


def tenants_of(session: Session, actor: ActingUser, tenancy_id: int) -> list[Tenant]:
    require_landlord(actor)
    return list(session.exec(select(Tenant).where(col(Tenant.tenancy_id) == tenancy_id, col(Tenant.landlord_id) == actor.id)
                             .order_by(col(Tenant.position))))


def tenant_names(session: Session, actor: ActingUser, tenancy_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {i: [] for i in tenancy_ids}
    for chunk in chunks(list(tenancy_ids)):
        rows = session.exec(select(col(Tenant.tenancy_id), col(Tenant.name)).where(
            col(Tenant.landlord_id) == actor.id, col(Tenant.tenancy_id).in_(chunk)).order_by(col(Tenant.position)))
        for tenancy_id, name in rows:
            names[tenancy_id].append(name)
    return names



def tenancy_summary(t: Tenancy, names: list[str]) -> dict:
    return {
        "id": t.id, "reference": reference(id_of(t)), "address": address_line(t), "tenant_names": ", ".join(names),
        "postcode": t.postcode, "municipality_code": t.municipality_code,
        "monthly_rent": money(t.monthly_rent_cents), "due_day": t.due_day, "start_date": t.start_date,
        "end_date": t.end_date, "arrears": money(t.arrears_cents), "arrears_months": t.arrears_months,
        "oldest_unpaid_due": t.oldest_unpaid_due,
    }


def _tenancy_filters(actor: ActingUser, search: str, only_arrears: bool = False) -> list:
    """The WHERE clauses of a search in the landlord's tenancies (street, postcode, place or a tenant's name)."""
    where = [col(Tenancy.landlord_id) == actor.id]
    text = " ".join((search or "").split()).lower()
    if text:
        like = f"%{text}%"
        tenant_match = select(col(Tenant.tenancy_id)).where(col(Tenant.landlord_id) == actor.id,
                                                       func.lower(col(Tenant.name)).like(like))
        where.append(or_(func.lower(col(Tenancy.street)).like(like), func.lower(col(Tenancy.postcode)).like(like),
                         func.lower(col(Tenancy.place)).like(like), col(Tenancy.id).in_(tenant_match)))
    if only_arrears:
        where.append(col(Tenancy.arrears_cents) > 0)
    return where


def list_tenancies(session: Session, actor: ActingUser, *, search: str = "", only_arrears: bool = False,
                   limit: int = 25, offset: int = 0) -> tuple[list[dict], int]:
    """One page of the landlord's tenancies (plain dicts) and the total count; filtered and paged in SQL."""
    require_landlord(actor)
    where = _tenancy_filters(actor, search, only_arrears)
    total = session.exec(select(func.count()).select_from(Tenancy).where(*where)).one()
    rows = list(session.exec(select(Tenancy).where(*where)
                             .order_by(col(Tenancy.arrears_cents).desc(), col(Tenancy.street), col(Tenancy.id))
                             .limit(limit).offset(offset)))
    names = tenant_names(session, actor, [id_of(t) for t in rows])
    return [tenancy_summary(t, names[id_of(t)]) for t in rows], total


def tenancy_page_rows(session: Session, actor: ActingUser, *, search: str = "", only_arrears: bool = False,
                      limit: int = 25, offset: int = 0) -> tuple[list[Tenancy], int]:
    """One page of the landlord's tenancies (most arrears first) and how many match, in one statement (the count
    rides along as an uncorrelated subquery: a window function would sort every row); a page past the end costs
    one count more."""
    require_landlord(actor)
    where = _tenancy_filters(actor, search, only_arrears)
    matching = select(func.count()).select_from(Tenancy).where(*where).correlate(None).scalar_subquery()
    rows = list(session.exec(select(Tenancy, matching).where(*where)
                             .order_by(col(Tenancy.arrears_cents).desc(), col(Tenancy.street), col(Tenancy.id))
                             .limit(limit).offset(offset)))
    if rows:
        return [t for t, _ in rows], int(rows[0][1])
    if not offset:
        return [], 0
    return [], int(session.exec(select(func.count()).select_from(Tenancy).where(*where)).one())


def tenants_by_tenancy(session: Session, actor: ActingUser, tenancy_ids: Iterable[int]) -> dict[int, list[Tenant]]:
    """The tenants of these tenancies of the landlord, in their order on the lease (one statement per 500)."""
    found: dict[int, list[Tenant]] = {}
    for chunk in chunks(sorted(set(tenancy_ids))):
        for tenant in session.exec(select(Tenant).where(col(Tenant.landlord_id) == actor.id,
                                                        col(Tenant.tenancy_id).in_(chunk))
                                   .order_by(col(Tenant.tenancy_id), col(Tenant.position), col(Tenant.id))):
            found.setdefault(tenant.tenancy_id, []).append(tenant)
    return found


def form_values_of(tenancy: Tenancy, tenants: list[Tenant]) -> dict:
    """What the edit form shows of a tenancy already read (as `tenancy_form_values`)."""
    values = tenancy.model_dump()
    values["monthly_rent"] = money(tenancy.monthly_rent_cents)
    values["payer_ibans"] = [i for i in tenancy.payer_ibans.split(",") if i]
    values["tenants"] = [{"name": p.name, "salutation": p.salutation, "phone": p.phone, "email": p.email}
                         for p in tenants]
    return values


def tenancy_form_values(session: Session, actor: ActingUser, tenancy_id: int) -> dict:
    """Everything the edit form shows, as plain values."""
    t = get_tenancy(session, actor, tenancy_id)
    values = t.model_dump()
    values["monthly_rent"] = money(t.monthly_rent_cents)
    values["payer_ibans"] = [i for i in t.payer_ibans.split(",") if i]
    values["tenants"] = [{"name": p.name, "salutation": p.salutation, "phone": p.phone, "email": p.email}
                         for p in tenants_of(session, actor, tenancy_id)]
    return values


def tenancy_choices(session: Session, actor: ActingUser) -> dict[int, str]:
    """{tenancy id: "Kerkstraat 12, Utrecht – Jan de Vries"} for pickers."""
    require_landlord(actor)
    names: dict[int, list[str]] = {}
    for tenancy_id, name in session.exec(select(col(Tenant.tenancy_id), col(Tenant.name))
                                         .where(col(Tenant.landlord_id) == actor.id)
                                         .order_by(col(Tenant.tenancy_id), col(Tenant.position))):
        names.setdefault(tenancy_id, []).append(name)
    rows = session.execute(select_columns(col(Tenancy.id), col(Tenancy.street), col(Tenancy.house_number),
                                          col(Tenancy.house_number_addition), col(Tenancy.place))
                           .where(col(Tenancy.landlord_id) == actor.id).order_by(col(Tenancy.id)))
    # two statements and plain columns, whatever the number of tenancies (no ORM objects, no chunked IN lists)
    return {tenancy_id: f"{tenancy_rules.address_line(street, number, addition, place)} – "
                        f"{', '.join(names.get(tenancy_id, []))}"
            for tenancy_id, street, number, addition, place in rows}


def tenancy_picker(session: Session, actor: ActingUser, *, search: str = "", chosen: int | None = None,
                   limit: int = 50) -> tuple[dict[int, str], int]:
    """A picker bounded to the first `limit` (in id order) of the landlord's tenancies matching `search` (as
    `list_tenancies` matches), plus the `chosen` one when it matches but lies further on, and how many match in
    all: ({tenancy id: "Kerkstraat 12, Utrecht – Jan de Vries"}, matches). One statement whatever the number of
    tenancies: the first ids read from the primary key, the count as one scalar subquery, the tenants joined to the
    rows shown."""
    require_landlord(actor)
    where = _tenancy_filters(actor, search)
    first = select_columns(col(Tenancy.id)).where(*where).order_by(col(Tenancy.id)).limit(limit)
    shown: ColumnElement[bool] = col(Tenancy.id).in_(first)
    if chosen is not None:
        shown = or_(shown, col(Tenancy.id) == chosen)
    matches = select_columns(func.count()).select_from(Tenancy).where(*where).scalar_subquery()
    rows = (select_columns(col(Tenancy.id).label("id"), col(Tenancy.street).label("street"),
                           col(Tenancy.house_number).label("house_number"),
                           col(Tenancy.house_number_addition).label("addition"), col(Tenancy.place).label("place"),
                           matches.label("matches"))
            .where(*where, shown)).subquery()
    found = session.execute(select_columns(rows, col(Tenant.name))
                            .outerjoin(Tenant, and_(col(Tenant.tenancy_id) == rows.c.id,
                                                    col(Tenant.landlord_id) == actor.id))
                            .order_by(rows.c.id, col(Tenant.position))).all()
    names: dict[int, list[str]] = {}
    places: dict[int, str] = {}
    for row in found:
        if row.id not in places:
            places[row.id] = tenancy_rules.address_line(row.street, row.house_number, row.addition, row.place)
            names[row.id] = []
        if row.name is not None:
            names[row.id].append(row.name)
    return ({tenancy_id: f"{place} – {', '.join(names[tenancy_id])}" for tenancy_id, place in places.items()},
            found[0].matches if found else 0)


def open_case_id(session: Session, actor: ActingUser, tenancy_id: int) -> int | None:
    return session.exec(select(col(Case.id)).where(col(Case.landlord_id) == actor.id, col(Case.tenancy_id) == tenancy_id,
                                              col(Case.status) == "open")).first()


# --- rent history and the lease ------------------------------------------------------------------------------------

def periods_of(session: Session, landlord_id: int, tenancy_ids: list[int]) -> dict[int, list[ledger.RentPeriod]]:
    periods: dict[int, list[ledger.RentPeriod]] = {}
    for chunk in chunks(list(tenancy_ids)):
        rows = session.exec(select(col(RentPeriod.tenancy_id), col(RentPeriod.effective_from), col(RentPeriod.monthly_rent_cents))
                            .where(col(RentPeriod.landlord_id) == landlord_id, col(RentPeriod.tenancy_id).in_(chunk))
                            .order_by(col(RentPeriod.effective_from)))
        for tenancy_id, effective_from, amount in rows:
            periods.setdefault(tenancy_id, []).append(ledger.RentPeriod(effective_from, money(amount)))
    return periods


def rent_periods(session: Session, actor: ActingUser, tenancy_id: int) -> list[ledger.RentPeriod]:
    """The rent history of one tenancy, oldest first (a tenancy stored without periods: one from its start)."""
    tenancy = get_tenancy(session, actor, tenancy_id)
    return periods_of(session, actor.id, [tenancy_id]).get(tenancy_id) or \
        [ledger.RentPeriod(tenancy.start_date, money(tenancy.monthly_rent_cents))]


def lease(tenancy: Tenancy, periods: list[ledger.RentPeriod] | None) -> ledger.Lease:
    if not periods:
        return ledger.Lease(money(tenancy.monthly_rent_cents), tenancy.due_day, tenancy.start_date, tenancy.end_date)
    return ledger.lease_from_periods(periods, tenancy.due_day, tenancy.start_date, tenancy.end_date)


def lease_of(session: Session, tenancy: Tenancy) -> ledger.Lease:
    """The lease with its rent history (each charge uses the rent in force on its due date) and its custom
    solutions (store.scope.solutions_of)."""
    return scope.lease_of(session, tenancy)


def ledger_payments(session: Session, actor: ActingUser, tenancy_id: int) -> list[ledger.Payment]:
    rows = session.exec(select(col(Payment.paid_on), col(Payment.amount_cents), col(Payment.description)).where(
        col(Payment.landlord_id) == actor.id, col(Payment.tenancy_id) == tenancy_id).order_by(col(Payment.paid_on), col(Payment.id)))
    return [ledger.Payment(paid_on, money(amount), description or "") for paid_on, amount, description in rows]


def tenancy_ledger(session: Session, actor: ActingUser, tenancy_id: int, today: dt.date) \
        -> tuple[list[ledger.LedgerRow], ledger.Arrears]:
    """The ledger (charges, payments, running balance) and the arrears on `today` (computed by naarnul.ledger)."""
    tenancy = get_tenancy(session, actor, tenancy_id)
    charges = ledger.rent_charges(lease_of(session, tenancy), today)
    payments = ledger_payments(session, actor, tenancy_id)
    return ledger.ledger(charges, [p for p in payments if p.paid_on <= today]), ledger.arrears(charges, payments, today)


def tenancy_arrears(session: Session, actor: ActingUser, tenancy_id: int, today: dt.date) -> ledger.Arrears:
    return tenancy_ledger(session, actor, tenancy_id, today)[1]


# --- writing -------------------------------------------------------------------------------------------------------

def apply_fields(tenancy: Tenancy, clean: tenancy_rules.CleanTenancy) -> None:
    """Copy a checked form onto the row; its arrears snapshot becomes stale."""
    assert clean.lease is not None
    tenancy.street, tenancy.house_number = clean.street, clean.house_number
    tenancy.house_number_addition, tenancy.postcode, tenancy.place = (clean.house_number_addition, clean.postcode,
                                                                      clean.place)
    tenancy.municipality_code = clean.municipality_code
    tenancy.due_day, tenancy.start_date, tenancy.end_date = clean.lease.due_day, clean.lease.start, clean.lease.end
    tenancy.tenant_is_company, tenancy.payer_ibans = clean.tenant_is_company, clean.payer_ibans
    tenancy.arrears_as_of = None


def insert_tenancy(session: Session, actor: ActingUser, clean: tenancy_rules.CleanTenancy,
                   submission_token: str | None) -> Tenancy:
    """A new tenancy row with its tenants and first rent period (flushed, so it has an id)."""
    require_landlord(actor)
    assert clean.lease is not None
    tenancy = Tenancy(landlord_id=actor.id, street="", house_number="", postcode="", place="",
                      municipality_code=clean.municipality_code, monthly_rent_cents=cents(clean.lease.monthly_rent),
                      start_date=clean.lease.start, submission_token=submission_token)
    apply_fields(tenancy, clean)
    session.add(tenancy)
    session.flush()
    assert tenancy.id is not None
    replace_rent_periods(session, actor, tenancy, [ledger.RentPeriod(clean.lease.start, clean.lease.monthly_rent)])
    replace_tenants(session, actor, tenancy, clean.tenants or [])
    return tenancy


def replace_tenants(session: Session, actor: ActingUser, tenancy: Tenancy, people: list[dict]) -> None:
    session.exec(delete(Tenant).where(col(Tenant.tenancy_id) == tenancy.id, col(Tenant.landlord_id) == actor.id))
    for position, person in enumerate(people):
        session.add(Tenant(tenancy_id=id_of(tenancy), landlord_id=actor.id, position=position, **person))
    session.flush()


def replace_rent_periods(session: Session, actor: ActingUser, tenancy: Tenancy,
                         periods: list[ledger.RentPeriod]) -> None:
    """Store the rent history; the tenancy's `monthly_rent_cents` is the latest period's (the rent from now on)."""
    session.exec(delete(RentPeriod).where(col(RentPeriod.landlord_id) == actor.id, col(RentPeriod.tenancy_id) == tenancy.id))
    for period in periods:
        session.add(RentPeriod(tenancy_id=id_of(tenancy), landlord_id=actor.id, effective_from=period.effective_from,
                               monthly_rent_cents=cents(period.monthly_rent)))
    tenancy.monthly_rent_cents = cents(periods[-1].monthly_rent)
    session.add(tenancy)
    session.flush()


def save(session: Session, tenancy: Tenancy) -> None:
    session.add(tenancy)
    session.flush()


def evidence(session: Session, actor: ActingUser, tenancy_id: int) -> tuple[bool, bool, bool]:
    """(letters made, signal sent, arrangement made) for this tenancy: what must be kept."""
    case_ids = _case_ids(session, actor, tenancy_id)
    documents = bool(case_ids) and session.exec(select(col(Document.id)).where(
        col(Document.landlord_id) == actor.id, col(Document.case_id).in_(case_ids))).first() is not None
    signals = session.exec(select(col(Signal.id)).where(col(Signal.landlord_id) == actor.id,
                                                   col(Signal.tenancy_id) == tenancy_id)).first() is not None
    arrangement = bool(case_ids) and session.exec(select(col(Arrangement.id)).where(
        col(Arrangement.landlord_id) == actor.id, col(Arrangement.case_id).in_(case_ids))).first() is not None
    return documents, signals, arrangement


def _case_ids(session: Session, actor: ActingUser, tenancy_id: int) -> list[int]:
    rows = session.exec(select(col(Case.id)).where(col(Case.landlord_id) == actor.id,
                                                   col(Case.tenancy_id) == tenancy_id))
    return [i for i in rows if i is not None]


def delete_tenancy_rows(session: Session, actor: ActingUser, tenancy: Tenancy) -> tuple[list[int], int]:
    """Delete the tenancy with its cases (their timeline entries stay in the audit trail, detached), tenants,
    payments and rent history. Returns (case ids removed, number of payments removed)."""
    case_ids = _case_ids(session, actor, id_of(tenancy))
    payments = session.exec(select(func.count()).select_from(Payment).where(
        col(Payment.landlord_id) == actor.id, col(Payment.tenancy_id) == tenancy.id)).one()
    if case_ids:
        session.exec(delete(ContactAttempt).where(col(ContactAttempt.landlord_id) == actor.id,
                                                  col(ContactAttempt.case_id).in_(case_ids)))
        session.exec(delete(Objection).where(col(Objection.landlord_id) == actor.id, col(Objection.case_id).in_(case_ids)))
        for event in session.exec(select(AuditEvent).where(col(AuditEvent.landlord_id) == actor.id,
                                                           col(AuditEvent.case_id).in_(case_ids))):
            event.case_id = None
            session.add(event)
        session.flush()
        session.exec(delete(Case).where(col(Case.landlord_id) == actor.id, col(Case.id).in_(case_ids)))
    for model in (ArrearsMonth, RentPeriod, Payment, Tenant):
        session.exec(delete(model).where(col(model.landlord_id) == actor.id,  # type: ignore[attr-defined]
                                         col(model.tenancy_id) == tenancy.id))  # type: ignore[attr-defined]
    session.delete(tenancy)
    session.flush()
    return case_ids, int(payments)


def add_payer_ibans(session: Session, actor: ActingUser, learned: dict[int, set[str]]) -> None:
    """Remember the accounts rent came from (so the next import recognises them), as far as the column allows."""
    if not learned:
        return
    for tenancy in session.exec(select(Tenancy).where(col(Tenancy.landlord_id) == actor.id,
                                                      col(Tenancy.id).in_(list(learned)))):
        known = [i for i in tenancy.payer_ibans.split(",") if i]
        merged = ",".join(dict.fromkeys(known + sorted(learned[id_of(tenancy)])))
        if merged != tenancy.payer_ibans and len(merged) <= tenancy_rules.IBANS_MAX:
            tenancy.payer_ibans = merged
            session.add(tenancy)
    session.flush()


def matcher_rows(session: Session, actor: ActingUser) -> list[tuple[Tenancy, list[str]]]:
    """The landlord's tenancies with their tenants' names (what the bank matcher needs)."""
    require_landlord(actor)
    rows = list(session.exec(select(Tenancy).where(col(Tenancy.landlord_id) == actor.id).order_by(col(Tenancy.id))))
    names = tenant_names(session, actor, [id_of(t) for t in rows])
    return [(t, names[id_of(t)]) for t in rows]


# --- totals from the snapshot --------------------------------------------------------------------------------------

def arrears_totals(session: Session, actor: ActingUser) -> dict:
    """Total arrears and number of tenancies in arrears (from the snapshot), with how current the snapshot is:
    `as_of` the oldest day it was computed on, `never` how many were never computed. One statement of two
    aggregates that each read one index ((landlord, arrears) for those in arrears, (landlord, as of) for all): on
    "Vandaag" at 10,000 tenancies about half the time of one aggregate over every tenancy row."""
    require_landlord(actor)
    mine = col(Tenancy.landlord_id) == actor.id
    owing = (select_columns(func.coalesce(func.sum(col(Tenancy.arrears_cents)), 0).label("arrears"),
                            func.count().label("in_arrears"),
                            func.coalesce(func.sum(col(Tenancy.arrears_months)), 0).label("months"))
             .where(mine, col(Tenancy.arrears_cents) > 0).subquery())
    every = (select_columns(func.count().label("tenancies"), func.min(col(Tenancy.arrears_as_of)).label("as_of"),
                            func.count(col(Tenancy.arrears_as_of)).label("dated"))
             .where(mine).subquery())
    total, count, months, tenancies, as_of, dated = session.execute(
        select_columns(owing.c.arrears, owing.c.in_arrears, owing.c.months, every.c.tenancies, every.c.as_of,
                       every.c.dated).select_from(owing.join(every, true()))).one()
    return {"arrears": money(total), "in_arrears": count, "months": months, "tenancies": tenancies,
            "as_of": as_of, "never": tenancies - dated}


def arrears_history(session: Session, actor: ActingUser, today: dt.date, months: int = 12) -> list[dict]:
    """Total arrears at the end of each of the last `months` months (the current month: today), oldest first."""
    require_landlord(actor)
    firsts = [end.replace(day=1) for end in arrears_rules.month_ends(today, months)]
    rows = session.exec(select(col(ArrearsMonth.month), func.sum(col(ArrearsMonth.arrears_cents))).where(
        col(ArrearsMonth.landlord_id) == actor.id, col(ArrearsMonth.month) >= firsts[0]).group_by(col(ArrearsMonth.month)))
    found = {month: total for month, total in rows}
    return [{"month": first, "arrears": money(found.get(first, 0))} for first in firsts]
