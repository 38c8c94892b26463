"""Tenancies, tenants, payments, bank import and the arrears snapshot of the acting landlord.

Every read filters on `landlord_id == actor.id` in SQL; a tenancy of someone else is NotFound. Charges are computed
from the lease (naarnul.ledger), never stored. The snapshot columns on Tenancy (arrears_cents, arrears_months,
oldest_unpaid_due, arrears_as_of) and on Case (next_step, next_due) let list pages filter, sort and page in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import delete, func, or_
from sqlmodel import Session, select

from naarnul import bank_import, covenant, ledger, validation
from naarnul import tenancy as tenancy_rules
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import format_date, format_money, to_money
from naarnul.money import parse_form_amount
from naarnul import arrears as arrears_service
from naarnul.users import ActingUser, Role
from store import audit
from store.models import (
    Arrangement, ArrearsMonth, AuditEvent, Case, ContactAttempt, Document, Municipality, Objection, Payment,
    RentPeriod, Signal, Tenancy, Tenant,
)

SALUTATIONS = tenancy_rules.SALUTATIONS  # the rules live in naarnul.tenancy; kept here for older callers
SUMMARY_MAX = 500  # AuditEvent.summary
EMAIL_MAX, PHONE_MAX = tenancy_rules.EMAIL_MAX, tenancy_rules.PHONE_MAX
TOKEN_MAX = 64  # submission_token


def _summary(text: str) -> str:
    """A timeline line never overflows its column (long addresses and names are cut, not refused)."""
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1] + "…"


def _token(value) -> str | None:
    text = str(value or "").strip()
    return text[:TOKEN_MAX] or None


def _require_landlord(actor: ActingUser) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed("Alleen een verhuurder kan huurders en betalingen beheren.")


def reference(tenancy_id: int) -> str:
    """The payment reference the landlord gives the tenant: NN-0002."""
    return f"NN-{tenancy_id:04d}"


def cents(amount: Decimal) -> int:
    return int(to_money(amount) * 100)


def money(amount_cents: int) -> Decimal:
    return Decimal(int(amount_cents)).scaleb(-2)  # exact: cents → euros with two decimals


class _Paid(NamedTuple):
    """A stored payment as naarnul.ledger.arrears reads it (already checked when it was saved)."""

    paid_on: dt.date
    amount: Decimal


def address_line(t: Tenancy) -> str:
    number = f"{t.house_number}{(' ' + t.house_number_addition) if t.house_number_addition else ''}"
    return f"{t.street} {number}, {t.place}"


# --- reading -------------------------------------------------------------------------------------------------------

def get_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> Tenancy:
    _require_landlord(actor)
    tenancy = session.exec(select(Tenancy).where(Tenancy.id == tenancy_id, Tenancy.landlord_id == actor.id)).first()
    if tenancy is None:
        raise NotFound("Deze huurovereenkomst bestaat niet of is niet van u.")
    return tenancy


def tenants_of(session: Session, actor: ActingUser, tenancy_id: int) -> list[Tenant]:
    _require_landlord(actor)
    return list(session.exec(select(Tenant).where(Tenant.tenancy_id == tenancy_id, Tenant.landlord_id == actor.id)
                             .order_by(Tenant.position)))


def _tenant_names(session: Session, actor: ActingUser, tenancy_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {i: [] for i in tenancy_ids}
    if tenancy_ids:
        rows = session.exec(select(Tenant.tenancy_id, Tenant.name).where(
            Tenant.landlord_id == actor.id, Tenant.tenancy_id.in_(tenancy_ids)).order_by(Tenant.position))
        for tenancy_id, name in rows:
            names[tenancy_id].append(name)
    return names


def tenancy_summary(t: Tenancy, names: list[str]) -> dict:
    return {
        "id": t.id, "reference": reference(t.id), "address": address_line(t), "tenant_names": ", ".join(names),
        "postcode": t.postcode, "municipality_code": t.municipality_code,
        "monthly_rent": money(t.monthly_rent_cents), "due_day": t.due_day, "start_date": t.start_date,
        "end_date": t.end_date, "arrears": money(t.arrears_cents), "arrears_months": t.arrears_months,
        "oldest_unpaid_due": t.oldest_unpaid_due,
    }


def list_tenancies(session: Session, actor: ActingUser, *, search: str = "", only_arrears: bool = False,
                   limit: int = 25, offset: int = 0) -> tuple[list[dict], int]:
    """One page of the landlord's tenancies (plain dicts) and the total count; filtered and paged in SQL."""
    _require_landlord(actor)
    where = [Tenancy.landlord_id == actor.id]
    text = " ".join((search or "").split()).lower()
    if text:
        like = f"%{text}%"
        tenant_match = select(Tenant.tenancy_id).where(Tenant.landlord_id == actor.id,
                                                       func.lower(Tenant.name).like(like))
        where.append(or_(func.lower(Tenancy.street).like(like), func.lower(Tenancy.postcode).like(like),
                         func.lower(Tenancy.place).like(like), Tenancy.id.in_(tenant_match)))
    if only_arrears:
        where.append(Tenancy.arrears_cents > 0)
    total = session.exec(select(func.count()).select_from(Tenancy).where(*where)).one()
    rows = list(session.exec(select(Tenancy).where(*where)
                             .order_by(Tenancy.arrears_cents.desc(), Tenancy.street, Tenancy.id)
                             .limit(limit).offset(offset)))
    names = _tenant_names(session, actor, [t.id for t in rows])
    return [tenancy_summary(t, names[t.id]) for t in rows], total


def tenancy_form_values(session: Session, actor: ActingUser, tenancy_id: int) -> dict:
    """Everything the edit form shows, as plain values."""
    t = get_tenancy(session, actor, tenancy_id)
    values = t.model_dump()
    values["monthly_rent"] = money(t.monthly_rent_cents)
    values["payer_ibans"] = [i for i in t.payer_ibans.split(",") if i]
    values["tenants"] = [{"name": p.name, "salutation": p.salutation, "phone": p.phone, "email": p.email}
                         for p in tenants_of(session, actor, tenancy_id)]
    return values


# --- create / edit / end -------------------------------------------------------------------------------------------

def _clean(session: Session, **fields) -> tenancy_rules.CleanTenancy:
    def is_active(code: str) -> bool:
        municipality = session.get(Municipality, code)
        return municipality is not None and municipality.active

    return tenancy_rules.validate_tenancy(is_active_municipality=is_active, **fields)


def _apply(tenancy: Tenancy, clean: tenancy_rules.CleanTenancy) -> None:
    tenancy.street, tenancy.house_number = clean.street, clean.house_number
    tenancy.house_number_addition, tenancy.postcode, tenancy.place = (clean.house_number_addition, clean.postcode,
                                                                      clean.place)
    tenancy.municipality_code = clean.municipality_code
    tenancy.due_day, tenancy.start_date, tenancy.end_date = clean.lease.due_day, clean.lease.start, clean.lease.end
    tenancy.tenant_is_company, tenancy.payer_ibans = clean.tenant_is_company, clean.payer_ibans
    tenancy.arrears_as_of = None  # stale: recomputed below


def _replace_tenants(session: Session, actor: ActingUser, tenancy: Tenancy, people: list[dict]) -> None:
    session.exec(delete(Tenant).where(Tenant.tenancy_id == tenancy.id, Tenant.landlord_id == actor.id))
    for position, person in enumerate(people):
        session.add(Tenant(tenancy_id=tenancy.id, landlord_id=actor.id, position=position, **person))


def create_tenancy(session: Session, actor: ActingUser, *, today: dt.date, submission_token: str | None = None,
                   **fields) -> Tenancy:
    """Register a tenancy with its tenants in one call. Fields: street, house_number, house_number_addition,
    postcode, place, municipality_code, tenants (list of {name, salutation, phone, email}), monthly_rent (Decimal
    or text like "850,00"), due_day (1–28), start_date, end_date, tenant_is_company, payer_ibans.

    `submission_token` identifies one form submission: the same token again (a double click) returns the tenancy
    it already made instead of a second one."""
    _require_landlord(actor)
    token = _token(submission_token)
    if token:
        existing = session.exec(select(Tenancy).where(Tenancy.landlord_id == actor.id,
                                                      Tenancy.submission_token == token)).first()
        if existing is not None:
            return existing
    clean = _clean(session, **fields)
    tenancy = Tenancy(landlord_id=actor.id, street="", house_number="", postcode="", place="",
                      municipality_code=clean.municipality_code, monthly_rent_cents=cents(clean.lease.monthly_rent),
                      start_date=clean.lease.start, submission_token=token)
    _apply(tenancy, clean)
    session.add(tenancy)
    session.flush()
    session.add(RentPeriod(tenancy_id=tenancy.id, landlord_id=actor.id, effective_from=clean.lease.start,
                           monthly_rent_cents=cents(clean.lease.monthly_rent)))
    _replace_tenants(session, actor, tenancy, clean.tenants)
    names = ", ".join(p["name"] for p in clean.tenants)
    audit.record(session, actor, "tenancy.created", "tenancy", tenancy.id, landlord_id=actor.id,
                 summary=_summary(f"Huurovereenkomst vastgelegd: {address_line(tenancy)} ({names}), huur "
                                  f"{format_money(clean.lease.monthly_rent)} per maand"))
    refresh_arrears(session, actor, today, [tenancy.id])
    return tenancy


def rent_periods(session: Session, actor: ActingUser, tenancy_id: int) -> list[ledger.RentPeriod]:
    """The rent history of one tenancy, oldest first."""
    _require_landlord(actor)
    return _periods_of(session, actor.id, [tenancy_id]).get(tenancy_id, [])


def _periods_of(session: Session, landlord_id: int, tenancy_ids: list[int]) -> dict[int, list[ledger.RentPeriod]]:
    periods: dict[int, list[ledger.RentPeriod]] = {}
    for chunk in _chunks(list(tenancy_ids), 500):
        rows = session.exec(select(RentPeriod.tenancy_id, RentPeriod.effective_from, RentPeriod.monthly_rent_cents)
                            .where(RentPeriod.landlord_id == landlord_id, RentPeriod.tenancy_id.in_(chunk))
                            .order_by(RentPeriod.effective_from))
        for tenancy_id, effective_from, amount in rows:
            periods.setdefault(tenancy_id, []).append(ledger.RentPeriod(effective_from, money(amount)))
    return periods


def update_tenancy(session: Session, actor: ActingUser, tenancy_id: int, *, today: dt.date, **fields) -> Tenancy:
    """Change a tenancy and its tenants in one call (same fields as create_tenancy, plus `rent_from`: the date a
    changed rent takes effect; charges that fell due before it keep their amount)."""
    tenancy = get_tenancy(session, actor, tenancy_id)
    clean = _clean(session, **fields)
    old = _periods_of(session, actor.id, [tenancy.id]).get(tenancy.id) or \
        [ledger.RentPeriod(tenancy.start_date, money(tenancy.monthly_rent_cents))]
    periods = ledger.change_rent(old, start=clean.lease.start, end=clean.lease.end,
                                 new_rent=clean.lease.monthly_rent, rent_from=clean.rent_from, today=today)
    before = tenancy.model_dump(mode="json", exclude={"created_at"})
    _apply(tenancy, clean)
    session.exec(delete(RentPeriod).where(RentPeriod.landlord_id == actor.id, RentPeriod.tenancy_id == tenancy.id))
    for period in periods:
        session.add(RentPeriod(tenancy_id=tenancy.id, landlord_id=actor.id, effective_from=period.effective_from,
                               monthly_rent_cents=cents(period.monthly_rent)))
    tenancy.monthly_rent_cents = cents(periods[-1].monthly_rent)  # the rent as agreed from now on
    session.add(tenancy)
    session.flush()
    _replace_tenants(session, actor, tenancy, clean.tenants)
    case_id = _open_case_id(session, actor, tenancy.id)
    summary = f"Huurovereenkomst gewijzigd: {address_line(tenancy)}"
    if [(p.effective_from, p.monthly_rent) for p in periods] != [(p.effective_from, p.monthly_rent) for p in old]:
        summary += (f"; huur {format_money(periods[-1].monthly_rent)} per maand vanaf "
                    f"{format_date(periods[-1].effective_from)}")
    audit.record(session, actor, "tenancy.updated", "tenancy", tenancy.id, landlord_id=actor.id, case_id=case_id,
                 summary=_summary(summary),
                 detail={"before": before, "after": tenancy.model_dump(mode="json", exclude={"created_at"}),
                         "rent_periods": [[p.effective_from, str(p.monthly_rent)] for p in periods]})
    refresh_arrears(session, actor, today, [tenancy.id], force=True)
    return tenancy


def delete_tenancy(session: Session, actor: ActingUser, tenancy_id: int, *, today: dt.date) -> str:
    """Remove a tenancy registered by mistake, with its tenants, payments and rent history. Refused once a letter
    was made, a signal sent or an arrangement made for it: that is evidence to keep (end the tenancy instead).
    Returns the address that was removed."""
    tenancy = get_tenancy(session, actor, tenancy_id)
    case_ids = list(session.exec(select(Case.id).where(Case.landlord_id == actor.id, Case.tenancy_id == tenancy.id)))
    kept = []
    if case_ids and session.exec(select(Document.id).where(Document.landlord_id == actor.id,
                                                           Document.case_id.in_(case_ids))).first():
        kept.append("er zijn brieven voor gemaakt")
    if session.exec(select(Signal.id).where(Signal.landlord_id == actor.id, Signal.tenancy_id == tenancy.id)).first():
        kept.append("er is een melding aan de gemeente over gedaan")
    if case_ids and session.exec(select(Arrangement.id).where(Arrangement.landlord_id == actor.id,
                                                              Arrangement.case_id.in_(case_ids))).first():
        kept.append("er is een betalingsregeling voor vastgelegd")
    if kept:
        raise ValidationError("Deze huurovereenkomst kan niet worden verwijderd: " + " en ".join(kept) + ". Die "
                              "gegevens moet u bewaren. Beëindig de huur in plaats daarvan.")
    address = address_line(tenancy)
    payments = session.exec(select(func.count()).select_from(Payment).where(
        Payment.landlord_id == actor.id, Payment.tenancy_id == tenancy.id)).one()
    if case_ids:
        session.exec(delete(ContactAttempt).where(ContactAttempt.landlord_id == actor.id,
                                                  ContactAttempt.case_id.in_(case_ids)))
        session.exec(delete(Objection).where(Objection.landlord_id == actor.id, Objection.case_id.in_(case_ids)))
        for event in session.exec(select(AuditEvent).where(AuditEvent.landlord_id == actor.id,
                                                           AuditEvent.case_id.in_(case_ids))):
            event.case_id = None  # the audit trail stays; the timeline goes with the case
            session.add(event)
        session.flush()
        session.exec(delete(Case).where(Case.landlord_id == actor.id, Case.id.in_(case_ids)))
    for model in (ArrearsMonth, RentPeriod, Payment, Tenant):
        session.exec(delete(model).where(model.landlord_id == actor.id, model.tenancy_id == tenancy.id))
    session.delete(tenancy)
    session.flush()
    audit.record(session, actor, "tenancy.deleted", "tenancy", tenancy_id, landlord_id=actor.id,
                 summary=_summary(f"Huurovereenkomst verwijderd (vastgelegd bij vergissing): {address}, met "
                                  f"{payments} betaling(en)"),
                 detail={"reference": reference(tenancy_id), "cases": case_ids})
    return address


def end_tenancy(session: Session, actor: ActingUser, tenancy_id: int, end_date: dt.date, *, today: dt.date) -> Tenancy:
    """The last day of the tenancy. Rent stops after it (the last month pro rata)."""
    tenancy = get_tenancy(session, actor, tenancy_id)
    if not isinstance(end_date, dt.date):
        raise ValidationError("Vul de laatste dag van de huur in.")
    if end_date < tenancy.start_date:
        raise ValidationError(f"De einddatum ({format_date(end_date)}) ligt vóór de begindatum "
                              f"({format_date(tenancy.start_date)}).")
    tenancy.end_date = end_date
    tenancy.arrears_as_of = None
    session.add(tenancy)
    audit.record(session, actor, "tenancy.ended", "tenancy", tenancy.id, landlord_id=actor.id,
                 case_id=_open_case_id(session, actor, tenancy.id),
                 summary=_summary(f"Huur beëindigd per {format_date(end_date)}: {address_line(tenancy)}"))
    refresh_arrears(session, actor, today, [tenancy.id], force=True)
    return tenancy


def _open_case_id(session: Session, actor: ActingUser, tenancy_id: int) -> int | None:
    return session.exec(select(Case.id).where(Case.landlord_id == actor.id, Case.tenancy_id == tenancy_id,
                                              Case.status == "open")).first()


# --- ledger and arrears --------------------------------------------------------------------------------------------

def lease_of(session: Session, tenancy: Tenancy) -> ledger.Lease:
    """The lease with its rent history: each charge uses the rent in force on its due date. (A tenancy stored
    without rent periods, as older seeds do, has one rent from its start: `monthly_rent_cents`.)"""
    periods = _periods_of(session, tenancy.landlord_id, [tenancy.id]).get(tenancy.id)
    return _lease(tenancy, periods)


def _lease(tenancy: Tenancy, periods: list[ledger.RentPeriod] | None) -> ledger.Lease:
    if not periods:
        return ledger.Lease(money(tenancy.monthly_rent_cents), tenancy.due_day, tenancy.start_date, tenancy.end_date)
    return ledger.lease_from_periods(periods, tenancy.due_day, tenancy.start_date, tenancy.end_date)


def _payments(session: Session, actor: ActingUser, tenancy_id: int) -> list[ledger.Payment]:
    rows = session.exec(select(Payment.paid_on, Payment.amount_cents, Payment.description).where(
        Payment.landlord_id == actor.id, Payment.tenancy_id == tenancy_id).order_by(Payment.paid_on, Payment.id))
    return [ledger.Payment(paid_on, money(amount), description or "") for paid_on, amount, description in rows]


def tenancy_ledger(session: Session, actor: ActingUser, tenancy_id: int, today: dt.date) \
        -> tuple[list[ledger.LedgerRow], ledger.Arrears]:
    """The ledger (charges, payments, running balance) and the arrears on `today`."""
    tenancy = get_tenancy(session, actor, tenancy_id)
    charges = ledger.rent_charges(lease_of(session, tenancy), today)
    payments = _payments(session, actor, tenancy_id)
    return ledger.ledger(charges, [p for p in payments if p.paid_on <= today]), ledger.arrears(charges, payments, today)


def tenancy_arrears(session: Session, actor: ActingUser, tenancy_id: int, today: dt.date) -> ledger.Arrears:
    return tenancy_ledger(session, actor, tenancy_id, today)[1]


def refresh_arrears(session: Session, actor: ActingUser, today: dt.date, tenancy_ids: list[int] | None = None, *,
                    force: bool = False) -> int:
    """Recompute the arrears snapshot of stale tenancies (computed before `today`, or marked stale by a change),
    open a case when arrears appear and close it ("betaald") when they are paid off, and refresh the case's next
    step. `force` recomputes the given tenancies even when fresh. Returns how many were recomputed."""
    _require_landlord(actor)
    from store import cases as case_store  # late: cases imports this module

    query = select(Tenancy).where(Tenancy.landlord_id == actor.id)
    if tenancy_ids is not None:
        if not tenancy_ids:
            return 0
        query = query.where(Tenancy.id.in_(list(tenancy_ids)))
    if not force:
        query = query.where(or_(Tenancy.arrears_as_of.is_(None), Tenancy.arrears_as_of < today))
    stale = list(session.exec(query.order_by(Tenancy.id)))
    if not stale:
        return 0
    ids = [t.id for t in stale]
    payments: dict[int, list[_Paid]] = {i: [] for i in ids}
    for chunk in _chunks(ids, 500):
        rows = session.exec(select(Payment.tenancy_id, Payment.paid_on, Payment.amount_cents).where(
            Payment.landlord_id == actor.id, Payment.tenancy_id.in_(chunk)))
        for tenancy_id, paid_on, amount in rows:
            payments[tenancy_id].append(_Paid(paid_on, money(amount)))
    open_cases = {}
    for chunk in _chunks(ids, 500):
        for case in session.exec(select(Case).where(Case.landlord_id == actor.id, Case.status == "open",
                                                    Case.tenancy_id.in_(chunk))):
            open_cases[case.tenancy_id] = case
    closed_by_hand: dict[int, dt.date] = {}  # a case closed by hand stays closed for the arrears it knew about
    for chunk in _chunks(ids, 500):
        for tenancy_id, closed_on in session.exec(
                select(Case.tenancy_id, func.max(Case.closed_on)).where(
                    Case.landlord_id == actor.id, Case.status == "closed", Case.close_reason != "betaald",
                    Case.tenancy_id.in_(chunk)).group_by(Case.tenancy_id)):
            closed_by_hand[tenancy_id] = closed_on
    periods = _periods_of(session, actor.id, ids)
    ends = arrears_service.month_ends(today)
    for chunk in _chunks(ids, 500):
        session.exec(delete(ArrearsMonth).where(ArrearsMonth.landlord_id == actor.id,
                                                ArrearsMonth.tenancy_id.in_(chunk)))
    months = []
    for tenancy in stale:
        charges = ledger.rent_charges(_lease(tenancy, periods.get(tenancy.id)), today)
        result = ledger.arrears(charges, payments[tenancy.id], today)
        tenancy.arrears_cents = cents(result.amount)
        tenancy.arrears_months = result.months
        tenancy.oldest_unpaid_due = result.oldest_unpaid_due
        tenancy.arrears_as_of = today
        session.add(tenancy)
        for end, amount in zip(ends, arrears_service.arrears_on_days(charges, payments[tenancy.id], ends)):
            if amount > 0:
                months.append({"landlord_id": actor.id, "tenancy_id": tenancy.id, "month": end.replace(day=1),
                               "arrears_cents": cents(amount)})
        case = open_cases.get(tenancy.id)
        hand_closed = closed_by_hand.get(tenancy.id)
        known_when_closed = (hand_closed is not None and result.oldest_unpaid_due is not None
                             and result.oldest_unpaid_due <= hand_closed)
        if case is None and covenant.case_should_open(result) and not known_when_closed:
            case = Case(tenancy_id=tenancy.id, landlord_id=actor.id, opened_on=today)
            session.add(case)
            session.flush()
            audit.record(session, actor, "case.opened", "case", case.id, landlord_id=actor.id, case_id=case.id,
                         summary=f"Zaak geopend: huurachterstand van {format_money(result.amount)} "
                                 f"({result.months} maand(en)), oudste onbetaalde huur van "
                                 f"{format_date(result.oldest_unpaid_due)}")
        elif case is not None and covenant.case_should_close(result) and \
                _is_phantom(session, actor, case, charges, payments[tenancy.id]):
            _remove_phantom_case(session, actor, case)
            continue
        elif case is not None and covenant.case_should_close(result):
            case.status, case.closed_on, case.close_reason = "closed", today, "betaald"
            case.next_step, case.next_due = "", None
            session.add(case)
            audit.record(session, actor, "case.closed", "case", case.id, landlord_id=actor.id, case_id=case.id,
                         summary="Zaak gesloten: de achterstand is betaald")
            continue
        if case is not None:
            case_store.refresh_next_step(session, actor, case, tenancy, result, today)
    if months:
        session.execute(ArrearsMonth.__table__.insert(), months)
    session.flush()
    return len(stale)


# actions on a case's timeline that are not a step the landlord took on it
_NOT_A_STEP = {"case.opened", "payment.added", "payment.deleted", "payments.imported", "tenancy.updated",
               "tenancy.ended"}


def _is_phantom(session: Session, actor: ActingUser, case: Case, charges: list[ledger.RentCharge],
                payments: list) -> bool:
    """A case the refresh opened for arrears the ledger no longer shows: with every payment now known, nothing was
    ever overdue up to the day it opened (e.g. a tenancy registered with past rent, its payments imported
    afterwards), and no step was taken on it. Such a case never existed for the landlord; it is removed, not
    closed. (Arrears only rise the day after a due date, so those days are the ones to check.)"""
    if not ledger.never_in_arrears(charges, payments, case.opened_on):
        return False
    if any((case.friendly_reminder_on, case.reminder_on, case.contact_failed_on, case.objection_deadline,
            case.collection_paused_until)):
        return False
    for model in (ContactAttempt, Objection, Signal, Document, Arrangement):
        if session.exec(select(model.id).where(model.landlord_id == actor.id, model.case_id == case.id)).first():
            return False
    steps = session.exec(select(AuditEvent.id).where(AuditEvent.landlord_id == actor.id,
                                                     AuditEvent.case_id == case.id,
                                                     AuditEvent.action.not_in(_NOT_A_STEP))).first()
    return steps is None


def _remove_phantom_case(session: Session, actor: ActingUser, case: Case) -> None:
    """Remove the case with its timeline: its opening line goes, other actions stay in the audit trail."""
    for event in session.exec(select(AuditEvent).where(AuditEvent.landlord_id == actor.id,
                                                       AuditEvent.case_id == case.id)):
        if event.action == "case.opened":
            session.delete(event)
        else:
            event.case_id = None
            session.add(event)
    session.flush()
    session.delete(case)
    session.flush()


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def arrears_totals(session: Session, actor: ActingUser) -> dict:
    """Total arrears and number of tenancies in arrears (from the snapshot, one SQL aggregate)."""
    _require_landlord(actor)
    total, count, months = session.exec(
        select(func.coalesce(func.sum(Tenancy.arrears_cents), 0), func.count(),
               func.coalesce(func.sum(Tenancy.arrears_months), 0))
        .where(Tenancy.landlord_id == actor.id, Tenancy.arrears_cents > 0)).one()
    tenancies = session.exec(select(func.count()).select_from(Tenancy).where(Tenancy.landlord_id == actor.id)).one()
    return {"arrears": money(total), "in_arrears": count, "months": months, "tenancies": tenancies}


def arrears_history(session: Session, actor: ActingUser, today: dt.date, months: int = 12) -> list[dict]:
    """Total arrears at the end of each of the last `months` months (the current month: today), oldest first."""
    _require_landlord(actor)
    firsts = [end.replace(day=1) for end in arrears_service.month_ends(today, months)]
    rows = session.exec(select(ArrearsMonth.month, func.sum(ArrearsMonth.arrears_cents)).where(
        ArrearsMonth.landlord_id == actor.id, ArrearsMonth.month >= firsts[0]).group_by(ArrearsMonth.month))
    found = {month: total for month, total in rows}
    return [{"month": first, "arrears": money(found.get(first, 0))} for first in firsts]


# --- payments ------------------------------------------------------------------------------------------------------

def add_payment(session: Session, actor: ActingUser, tenancy_id: int, *, paid_on, amount, today: dt.date,
                description: str = "", submission_token: str | None = None) -> Payment:
    """One payment (partial payments are fine). Not in the future, more than € 0. The same `submission_token`
    again (a double click) returns the payment it already saved."""
    tenancy = get_tenancy(session, actor, tenancy_id)
    token = _token(submission_token)
    if token:
        existing = session.exec(select(Payment).where(Payment.landlord_id == actor.id,
                                                      Payment.submission_token == token)).first()
        if existing is not None:
            return existing
    description = " ".join((description or "").split())
    problems = []
    if len(description) > 500:
        problems.append("De omschrijving is te lang: hoogstens 500 tekens.")
    value = None
    with validation.collect(problems):
        value = parse_form_amount(amount, "Het bedrag")
    with validation.collect(problems):
        checked = ledger.validate_payment(paid_on, value if value is not None else Decimal("1.00"), today,
                                          description)
    if problems:
        raise ValidationError(problems)
    payment = Payment(tenancy_id=tenancy.id, landlord_id=actor.id, paid_on=checked.paid_on,
                      amount_cents=cents(checked.amount), description=description, source="manual",
                      submission_token=token)
    session.add(payment)
    session.flush()
    audit.record(session, actor, "payment.added", "payment", payment.id, landlord_id=actor.id,
                 case_id=_open_case_id(session, actor, tenancy.id),
                 summary=f"Betaling vastgelegd: {format_money(checked.amount)} op {format_date(checked.paid_on)}")
    refresh_arrears(session, actor, today, [tenancy.id], force=True)
    return payment


def list_payments(session: Session, actor: ActingUser, tenancy_id: int, *, limit: int = 100, offset: int = 0) \
        -> list[dict]:
    get_tenancy(session, actor, tenancy_id)
    rows = session.exec(select(Payment).where(Payment.landlord_id == actor.id, Payment.tenancy_id == tenancy_id)
                        .order_by(Payment.paid_on.desc(), Payment.id.desc()).limit(limit).offset(offset))
    return [{"id": p.id, "paid_on": p.paid_on, "amount": money(p.amount_cents), "description": p.description,
             "source": p.source} for p in rows]


def delete_payment(session: Session, actor: ActingUser, payment_id: int, *, today: dt.date) -> None:
    _require_landlord(actor)
    payment = session.exec(select(Payment).where(Payment.id == payment_id, Payment.landlord_id == actor.id)).first()
    if payment is None:
        raise NotFound("Deze betaling bestaat niet of is niet van u.")
    tenancy_id = payment.tenancy_id
    audit.record(session, actor, "payment.deleted", "payment", payment.id, landlord_id=actor.id,
                 case_id=_open_case_id(session, actor, tenancy_id),
                 summary=f"Betaling verwijderd: {format_money(money(payment.amount_cents))} op "
                         f"{format_date(payment.paid_on)}",
                 detail={"paid_on": payment.paid_on, "amount_cents": payment.amount_cents,
                         "description": payment.description, "fingerprint": payment.fingerprint})
    session.delete(payment)
    session.flush()
    refresh_arrears(session, actor, today, [tenancy_id], force=True)


# --- bank import ---------------------------------------------------------------------------------------------------

def _tenancy_refs(session: Session, actor: ActingUser) -> tuple[list[bank_import.TenancyRef], dict[int, str]]:
    """What the matcher needs, for the landlord's current tenancies (small: 1–50 homes per landlord typically)."""
    rows = list(session.exec(select(Tenancy.id, Tenancy.street, Tenancy.house_number, Tenancy.house_number_addition,
                                    Tenancy.payer_ibans, Tenancy.place).where(Tenancy.landlord_id == actor.id)))
    names = _tenant_names(session, actor, [r[0] for r in rows])
    refs, labels = [], {}
    for tenancy_id, street, number, addition, ibans, place in rows:
        refs.append(bank_import.TenancyRef(
            id=tenancy_id, tenant_names=names[tenancy_id], ibans=[i for i in ibans.split(",") if i], street=street,
            house_number=int(number) if str(number).isdigit() else None, house_number_addition=addition,
            references=[reference(tenancy_id)]))
        labels[tenancy_id] = (f"{street} {number}{(' ' + addition) if addition else ''}, {place} – "
                              f"{', '.join(names[tenancy_id])}")
    return refs, labels


def tenancy_choices(session: Session, actor: ActingUser) -> dict[int, str]:
    """{tenancy id: "Kerkstraat 12, Utrecht – Jan de Vries"} for pickers."""
    _require_landlord(actor)
    return _tenancy_refs(session, actor)[1]


def _parse(data: bytes, filename: str, mapping: dict, today: dt.date) -> bank_import.ParsedFile:
    frame = bank_import.read_table(data, filename)
    return bank_import.parse_file(frame, mapping, today)


def read_columns(data: bytes, filename: str) -> tuple[list[str], dict]:
    """The columns of an uploaded bank file and the suggested mapping (for the mapping step)."""
    frame = bank_import.read_table(data, filename)
    columns = [str(c) for c in frame.columns]
    return columns, bank_import.suggest_mapping(columns)


@dataclass(frozen=True)
class ImportPreview:
    rows: list[dict]  # see preview_import
    rejected: list[bank_import.RejectedRow]  # rows that cannot be read: shown with their reason, never saved


def preview_import(session: Session, actor: ActingUser, data: bytes, filename: str, mapping: dict,
                   today: dt.date) -> list[dict]:
    """Per incoming row: date, amount, counterparty, matched tenancy (id and label), reason, duplicate (with why),
    and `selected` (matched and new). Nothing is saved."""
    return preview_import_file(session, actor, data, filename, mapping, today).rows


def preview_import_file(session: Session, actor: ActingUser, data: bytes, filename: str, mapping: dict,
                        today: dt.date) -> ImportPreview:
    """The preview rows and the rows that cannot be read. A payment already in Naar Nul is recognised by its
    fingerprint (the same bank row in any file or layout), or, for the matched tenancy, by the same date and
    amount (e.g. typed in by hand, or exported from another account): that one is not selected, but may be."""
    _require_landlord(actor)
    parsed = _parse(data, filename, mapping, today)
    rows = parsed.payments
    refs, labels = _tenancy_refs(session, actor)
    known = _known_fingerprints(session, actor, [r.fingerprint for r in rows])
    stored = _stored_payments(session, actor, rows)
    result = []
    for match in bank_import.match_rows(rows, refs):
        row = match.row
        duplicate = ""
        if row.fingerprint in known:
            duplicate = "Al eerder ingelezen."
        elif row.duplicate_in_file:
            duplicate = "Staat twee keer in dit bestand."
        elif (match.tenancy_id, row.paid_on, cents(row.amount)) in stored:
            duplicate = (f"Lijkt al vastgelegd: bij deze huurder staat al een betaling van {format_money(row.amount)} "
                         f"op {format_date(row.paid_on)}. Vink aan als het echt een tweede betaling is.")
        result.append({
            "row_number": row.row_number, "paid_on": row.paid_on, "amount": row.amount,
            "counterparty_name": row.counterparty_name, "counterparty_iban": row.counterparty_iban,
            "description": row.description, "tenancy_id": match.tenancy_id,
            "tenancy_label": labels.get(match.tenancy_id, ""), "reason": match.reason,
            "duplicate": duplicate, "already_imported": row.fingerprint in known,
            "selected": match.tenancy_id is not None and not duplicate,
        })
    return ImportPreview(result, parsed.rejected)


def _stored_payments(session: Session, actor: ActingUser, rows: list[bank_import.ImportedPayment]) \
        -> set[tuple[int, dt.date, int]]:
    """(tenancy id, date, cents) of the landlord's payments in the period of these rows."""
    if not rows:
        return set()
    first, last = min(r.paid_on for r in rows), max(r.paid_on for r in rows)
    return {(t, d, c) for t, d, c in session.exec(select(Payment.tenancy_id, Payment.paid_on, Payment.amount_cents)
                                                  .where(Payment.landlord_id == actor.id, Payment.paid_on >= first,
                                                         Payment.paid_on <= last))}


def _known_fingerprints(session: Session, actor: ActingUser, fingerprints: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in _chunks(list(fingerprints), 500):
        known |= set(session.exec(select(Payment.fingerprint).where(Payment.landlord_id == actor.id,
                                                                    Payment.fingerprint.in_(chunk))))
    return known


def confirm_import(session: Session, actor: ActingUser, data: bytes, filename: str, mapping: dict, today: dt.date,
                   selected: dict[int, int]) -> int:
    """Save the chosen rows (`{row_number: tenancy_id}`) in one transaction. Rows already imported are skipped;
    a tenancy that is not the landlord's is NotFound. Returns how many payments were saved."""
    _require_landlord(actor)
    rows = {r.row_number: r for r in _parse(data, filename, mapping, today).payments}
    problems = [f"Rij {n} staat niet (meer) in het bestand." for n in selected if n not in rows]
    if problems:
        raise ValidationError(problems)
    own = set(session.exec(select(Tenancy.id).where(Tenancy.landlord_id == actor.id,
                                                    Tenancy.id.in_(list(set(selected.values()) or {0})))))
    if any(tenancy_id not in own for tenancy_id in selected.values()):
        raise NotFound("Deze huurovereenkomst bestaat niet of is niet van u.")
    known = _known_fingerprints(session, actor, [rows[n].fingerprint for n in selected])
    saved, touched, learned = 0, set(), {}
    for number, tenancy_id in sorted(selected.items()):
        row = rows[number]
        if row.fingerprint in known:
            continue
        known.add(row.fingerprint)
        description = " ".join(x for x in (row.counterparty_name, row.description) if x)[:500]
        session.add(Payment(tenancy_id=tenancy_id, landlord_id=actor.id, paid_on=row.paid_on,
                            amount_cents=cents(row.amount), description=description, source="import",
                            fingerprint=row.fingerprint))
        saved += 1
        touched.add(tenancy_id)
        if row.counterparty_iban:
            learned.setdefault(tenancy_id, set()).add(bank_import.iban_compact(row.counterparty_iban))
    # remember the accounts the rent came from, so the next import recognises them by account number
    for tenancy in session.exec(select(Tenancy).where(Tenancy.landlord_id == actor.id,
                                                      Tenancy.id.in_(list(learned) or [0]))):
        known_ibans = [i for i in tenancy.payer_ibans.split(",") if i]
        merged = ",".join(dict.fromkeys(known_ibans + sorted(learned[tenancy.id])))
        if merged != tenancy.payer_ibans and len(merged) <= 500:
            tenancy.payer_ibans = merged
            session.add(tenancy)
    session.flush()
    if saved:
        audit.record(session, actor, "payments.imported", "payment", None, landlord_id=actor.id,
                     summary=_summary(f"{saved} betaling(en) ingelezen uit {filename}"),
                     detail={"filename": filename, "rows": sorted(selected)})
        for tenancy_id in touched:
            case_id = _open_case_id(session, actor, tenancy_id)
            if case_id:
                audit.record(session, actor, "payments.imported", "tenancy", tenancy_id, landlord_id=actor.id,
                             case_id=case_id,
                             summary=_summary(f"Betalingen ingelezen uit het bankbestand {filename}"))
        refresh_arrears(session, actor, today, sorted(touched), force=True)
    return saved
