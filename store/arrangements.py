"""Payment arrangements (betalingsregeling) of the acting landlord: scoped reads and the stored arrangements.

The calculations are naarnul.arrangement (pure), the Dutch texts naarnul.arrangement_text; the admin's norms table
is store.norms. This module reads the rows it needs (scoped in SQL to the acting landlord), stores arrangements and
writes an audit event on the case timeline for every change. naarnul.services.arrangements composes it with the
documents store (the letter) and the cases store (the case's next step).

Decisions:
- Arrears of a case are computed here from the tenancy's lease and its Payment rows with naarnul.ledger (same rules
  as the arrears register). An arrangement covers the arrears on the day it is made, plus opt-in collection costs.
- Payments towards an arrangement: `naarnul.arrangement.paid_towards`. A changed arrangement (replaces_id) continues
  the chain of its first arrangement: the money already allocated to its predecessors is skipped.
- Collection costs only when the landlord opts in AND a 14-day letter (veertiendagenbrief) was made on this case AND
  the payment term it names has passed. The evidence is the Document row with the facts stored when it was made
  (its deadline and the cost amount it names), never its text.
- One active arrangement per case. A change makes a new arrangement and marks the old one "replaced" (history kept).
- `status` marks an active arrangement "completed" (with an audit event) once every instalment is paid; through the
  service (a read, never committed) that is shown but not saved.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import and_
from sqlmodel import Session, select

from naarnul import arrangement as calc
from naarnul import arrangement_text as text
from naarnul import calendar, ledger
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.formatting import format_date, format_money, to_money
from naarnul.users import ActingUser, Role
from store import audit, scope
from store.models import (
    Arrangement,
    Case,
    Document,
    LandlordProfile,
    Municipality,
    ProtectedIncomeNorm,
    Signal,
    Tenancy,
    Tenant,
)

ZERO = Decimal("0.00")
END_REASON_MAX = text.END_REASON_MAX


# --- small helpers -------------------------------------------------------------------------------------------------

def _cents(amount: Decimal) -> int:
    return int(to_money(amount) * 100)


def _money(amount_cents: int) -> Decimal:
    return to_money(Decimal(amount_cents) / 100)


def _require_landlord(actor: ActingUser) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed("Alleen een verhuurder kan een betalingsregeling maken.")


def _arrangement(session: Session, actor: ActingUser, arrangement_id: int) -> Arrangement:
    _require_landlord(actor)
    row = session.exec(select(Arrangement).where(Arrangement.id == arrangement_id,
                                                 Arrangement.landlord_id == actor.id)).first()
    if row is None:
        raise NotFound("Deze betalingsregeling bestaat niet of is niet van u.")
    return row


def _arrears(session: Session, actor: ActingUser, tenancy: Tenancy, on: dt.date) -> ledger.Arrears:
    return ledger.arrears(ledger.rent_charges(scope.lease_of(session, tenancy), on), scope.payments_of(session, tenancy),
                          on)


def _help_contact(session: Session, tenancy: Tenancy) -> dict:
    municipality = session.get(Municipality, tenancy.municipality_code)
    if municipality is None:
        return text.help_contact(tenancy.municipality_code)
    return text.help_contact(municipality.name, municipality.help_name, municipality.help_phone,
                             municipality.help_email, municipality.help_website)


def _log(session: Session, actor: ActingUser, row: Arrangement, action: str, summary: str,
         detail: dict | None = None) -> None:
    audit.record(session, actor, action, "arrangement", row.id, landlord_id=actor.id, case_id=row.case_id,
                 summary=summary, detail=detail)


def get_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    """One of the landlord's cases (scoped in SQL); NotFound for anyone else's."""
    _require_landlord(actor)
    case = session.exec(select(Case).where(Case.id == case_id, Case.landlord_id == actor.id)).first()
    if case is None:
        raise NotFound("Deze zaak bestaat niet of is niet van u.")
    return case


def get_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> Tenancy:
    _require_landlord(actor)
    tenancy = session.exec(select(Tenancy).where(Tenancy.id == tenancy_id, Tenancy.landlord_id == actor.id)).first()
    if tenancy is None:
        raise NotFound("Deze huurovereenkomst bestaat niet of is niet van u.")
    return tenancy


def address_line(t: Tenancy) -> str:
    number = f"{t.house_number}{(' ' + t.house_number_addition) if t.house_number_addition else ''}"
    return f"{t.street} {number}, {t.place}"


def case_arrears(session: Session, actor: ActingUser, case_id: int, today: dt.date) \
        -> tuple[Case, Tenancy, ledger.Arrears]:
    """The case, its tenancy and its arrears on `today` (for the service that refreshes the case's next step)."""
    case = get_case(session, actor, case_id)
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    session.flush()
    return case, tenancy, _arrears(session, actor, tenancy, today)


# --- cases to choose from ------------------------------------------------------------------------------------------

def open_cases(session: Session, actor: ActingUser) -> list[dict]:
    """The landlord's open cases with the address and tenant names (for the case picker)."""
    _require_landlord(actor)
    rows = list(session.exec(
        select(Case, Tenancy).join(Tenancy, and_(Tenancy.id == Case.tenancy_id, Tenancy.landlord_id == actor.id))
        .where(Case.landlord_id == actor.id, Case.status == "open").order_by(Tenancy.street, Case.id)))
    tenancy_ids = [t.id for _, t in rows]
    names: dict[int, list[str]] = {i: [] for i in tenancy_ids}
    if tenancy_ids:
        for tenant in session.exec(select(Tenant).where(Tenant.landlord_id == actor.id,
                                                        Tenant.tenancy_id.in_(tenancy_ids))
                                   .order_by(Tenant.position)):
            names[tenant.tenancy_id].append(tenant.name)
    return [{"id": c.id, "tenancy_id": t.id, "address": address_line(t), "tenant_names": ", ".join(names[t.id]),
             "opened_on": c.opened_on} for c, t in rows]


# --- the 14-day letter ---------------------------------------------------------------------------------------------

def fourteen_day_letter(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> dict | None:
    """The first 14-day letter (veertiendagenbrief) of the case, with its payment deadline and the collection costs
    that may be charged after it; None when no such letter was made.

    The evidence is the Document stored with the facts it states (`fourteen_day_letter`, `cost_deadline`,
    `collection_costs_cents`, `principal_cents`, written when the letter was made), whatever the template's name or
    wording. The costs follow `naarnul.arrangement.costs_after_letter` (never more than the letter named; after a
    partial payment within the term, by the scale over what is still open).
    """
    case = get_case(session, actor, case_id)
    row = session.exec(select(Document).where(Document.landlord_id == actor.id, Document.case_id == case.id,
                                              Document.fourteen_day_letter == True)  # noqa: E712
                       .order_by(Document.id)).first()
    if row is None:
        return None
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    letter_date = row.letter_date or calendar.local(row.created_at).date()
    deadline = row.cost_deadline or calendar.fourteen_day_deadline(letter_date)
    principal = (_money(row.principal_cents) if row.principal_cents is not None
                 else _arrears(session, actor, tenancy, letter_date).amount)
    stated = _money(row.collection_costs_cents) if row.collection_costs_cents is not None else None
    paid = sum((p.amount for p in scope.payments_of(session, tenancy) if letter_date < p.paid_on <= deadline),
               ZERO)
    costs = calc.costs_after_letter(stated, principal, paid)
    return {"letter_date": letter_date, "deadline": deadline, "costs": costs, "term_passed": today > deadline,
            "document_id": row.id}


def _costs_check(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> tuple[bool, str, Decimal]:
    """(allowed, Dutch explanation, costs amount)."""
    letter = fourteen_day_letter(session, actor, case_id, today)
    if letter is None:
        return (*text.costs_explanation(None, None, ZERO, False), ZERO)
    allowed, reason = text.costs_explanation(letter["letter_date"], letter["deadline"], letter["costs"],
                                             letter["term_passed"])
    return allowed, reason, letter["costs"] if allowed else ZERO


# --- norms (protected income; the admin keeps them in store.norms) ------------------------------------------------

def _domain_norms(session: Session) -> list[calc.ProtectedIncomeNorm]:
    norms = []
    for row in session.exec(select(ProtectedIncomeNorm)):
        try:
            norms.append(calc.ProtectedIncomeNorm(calc.HouseholdType(row.household_type), row.valid_from,
                                                  _money(row.amount_cents), row.source))
        except ValueError:
            continue  # an unknown household type: ignore the row rather than break the form
    return norms


# --- proposing and creating ----------------------------------------------------------------------------------------

def case_overview(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> dict:
    """What the arrangement page shows about a case before any choice: arrears, rent, help, costs, arrangements."""
    case = get_case(session, actor, case_id)
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    arrears = _arrears(session, actor, tenancy, today)
    allowed, reason, costs = _costs_check(session, actor, case.id, today)
    return {
        "case_id": case.id, "status": case.status, "address": address_line(tenancy),
        "monthly_rent": _money(tenancy.monthly_rent_cents), "due_day": tenancy.due_day,
        "arrears": arrears.amount, "arrears_months": arrears.months,
        "open_charges": [(item.label, item.open) for item in arrears.open_charges],
        "help": _help_contact(session, tenancy),
        "costs_allowed": allowed, "costs_reason": reason, "costs": costs,
        "arrangements": arrangements_of_case(session, actor, case.id),
        "signal_sent": session.exec(select(Signal.id).where(Signal.landlord_id == actor.id,
                                                            Signal.case_id == case.id)).first() is not None,
    }


def _calculate(session: Session, actor: ActingUser, case_id: int, *, instalment, months, start, payment_day,
               today, household_type, net_income, other_creditors, with_costs,
               settings: calc.ArrangementSettings) -> tuple[dict, calc.Schedule, Case,
                                                                                       Tenancy]:
    case = get_case(session, actor, case_id)
    if case.status != "open":
        raise ValidationError("Deze zaak is gesloten. Voor een gesloten zaak kunt u geen regeling maken.")
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    arrears = _arrears(session, actor, tenancy, today)
    if arrears.amount <= 0:
        raise ValidationError("Er is op dit moment geen huurachterstand. Een betalingsregeling is niet nodig.")
    costs = ZERO
    costs_allowed, costs_reason, costs_amount = _costs_check(session, actor, case.id, today)
    if with_costs:
        if not costs_allowed:
            raise ValidationError(costs_reason)
        costs = costs_amount
    schedule = calc.make_schedule(arrears=arrears.amount, costs=costs, start=start, payment_day=payment_day,
                                  today=today, instalment=text.parse_instalment(instalment), months=months,
                                  settings=settings)
    rent = _money(tenancy.monthly_rent_cents)
    help_contact = _help_contact(session, tenancy)

    affordability, room = text.affordability_check(_domain_norms(session), household_type, net_income,
                                                   schedule.regular_amount, rent, today)
    advice = calc.advise(schedule.total, room, bool(other_creditors), settings)
    result = {
        "case_id": case.id, "address": address_line(tenancy), "arrears": arrears.amount, "costs": schedule.costs,
        "total": schedule.total, "monthly_rent": rent,
        "open_charges": [(item.label, item.open) for item in arrears.open_charges],
        "schedule": [{"number": i.number, "due_date": i.due_date, "amount": i.amount} for i in schedule.instalments],
        "count": schedule.count, "first_date": schedule.first_date, "end_date": schedule.end_date,
        "regular_amount": schedule.regular_amount, "payment_day": schedule.payment_day,
        "warnings": list(schedule.warnings),
        "affordability": affordability,
        "advice": {"refer": advice.refer_to_debt_assistance, "reason": advice.reason,
                   "months_needed": advice.months_needed, "help": help_contact},
        "costs_allowed": costs_allowed, "costs_reason": costs_reason,
    }
    return result, schedule, case, tenancy


def propose(session: Session, actor: ActingUser, case_id: int, *, instalment=None, months=None, start, payment_day,
            today: dt.date, household_type=None, net_income=None, other_creditors: bool = False,
            with_costs: bool = False, settings: calc.ArrangementSettings) -> dict:
    """The schedule and the advice for these choices (`settings`: the admin's arrangement settings); nothing is
    saved."""
    result, *_ = _calculate(session, actor, case_id, instalment=instalment, months=months, start=start,
                            payment_day=payment_day, today=today, household_type=household_type,
                            net_income=net_income, other_creditors=other_creditors, with_costs=with_costs,
                            settings=settings)
    return result


def _schedule_json(schedule: calc.Schedule) -> str:
    return json.dumps([{"number": i.number, "due_date": i.due_date.isoformat(), "amount": str(i.amount)}
                       for i in schedule.instalments])


def _schedule_of(row: Arrangement) -> calc.Schedule:
    items = tuple(calc.Instalment(int(i["number"]), dt.date.fromisoformat(i["due_date"]), to_money(i["amount"]))
                  for i in json.loads(row.schedule))
    costs = _money(row.costs_cents)
    return calc.Schedule(arrears=_money(row.total_cents) - costs, costs=costs, start=row.start_date,
                         payment_day=row.payment_day, instalments=items)


def _active_of_case(session: Session, actor: ActingUser, case_id: int) -> Arrangement | None:
    return session.exec(select(Arrangement).where(Arrangement.landlord_id == actor.id, Arrangement.case_id == case_id,
                                                  Arrangement.status == "active")).first()


def create(session: Session, actor: ActingUser, case_id: int, *, instalment=None, months=None, start, payment_day,
           today: dt.date, household_type=None, net_income=None, other_creditors: bool = False,
           with_costs: bool = False, settings: calc.ArrangementSettings) -> Arrangement:
    """Save the arrangement on the case (one active arrangement per case)."""
    result, schedule, case, tenancy = _calculate(
        session, actor, case_id, instalment=instalment, months=months, start=start, payment_day=payment_day,
        today=today, household_type=household_type, net_income=net_income, other_creditors=other_creditors,
        with_costs=with_costs, settings=settings)
    active = _active_of_case(session, actor, case.id)
    if active is not None:
        raise ValidationError(f"Deze zaak heeft al een lopende betalingsregeling (vanaf {format_date(active.valid_from)}). "
                              "Wijzig of beëindig die eerst.")
    row = Arrangement(case_id=case.id, landlord_id=actor.id, status="active", valid_from=today, created_on=today,
                      start_date=schedule.start, payment_day=schedule.payment_day,
                      total_cents=_cents(schedule.total), costs_cents=_cents(schedule.costs),
                      schedule=_schedule_json(schedule))
    session.add(row)
    session.flush()
    costs_text = f", inclusief {format_money(schedule.costs)} incassokosten" if schedule.costs else ""
    _log(session, actor, row, "arrangement.created",
         f"Betalingsregeling gemaakt: {format_money(schedule.total)}{costs_text} in {schedule.count} "
         f"termijn(en) van {format_date(schedule.first_date)} tot en met {format_date(schedule.end_date)}",
         detail={"instalments": schedule.count, "regular_amount": str(schedule.regular_amount),
                 "costs": str(schedule.costs), "advice_referral": result["advice"]["refer"]})
    return row


# --- follow-up -----------------------------------------------------------------------------------------------------

def _chain_root(session: Session, actor: ActingUser, row: Arrangement) -> Arrangement:
    root, seen = row, {row.id}
    while root.replaces_id is not None and root.replaces_id not in seen:
        parent = session.exec(select(Arrangement).where(Arrangement.id == root.replaces_id,
                                                        Arrangement.landlord_id == actor.id)).first()
        if parent is None:
            break
        seen.add(parent.id)
        root = parent
    return root


def _towards(session: Session, actor: ActingUser, row: Arrangement, today: dt.date) -> list[calc.ArrangementPayment]:
    """Money paid towards this arrangement (naarnul.arrangement.paid_towards), up to `today`."""
    root = _chain_root(session, actor, row)
    case = get_case(session, actor, row.case_id)
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    return calc.paid_towards(ledger.rent_charges(scope.lease_of(session, tenancy), today), scope.payments_of(session, tenancy),
                             baseline=_money(root.total_cents - root.costs_cents), since=root.created_on,
                             today=today, already_allocated=_money(root.total_cents - row.total_cents))


def _reminder_text(session: Session, actor: ActingUser, row: Arrangement, tenancy: Tenancy, follow: calc.FollowUp,
                   help_contact: dict) -> str:
    profile = session.get(LandlordProfile, actor.id) or LandlordProfile(user_id=actor.id)
    names = [t.name for t in session.exec(select(Tenant).where(Tenant.landlord_id == actor.id,
                                                               Tenant.tenancy_id == tenancy.id)
                                          .order_by(Tenant.position, Tenant.id))]
    return text.reminder_text(follow, tenant_names=names, iban=profile.iban or "",
                              reference=f"NN-{tenancy.id:04d}-R{row.id}", phone=profile.phone or "",
                              contact_hours=profile.contact_hours or "", email=profile.email or "",
                              sender=profile.contact_person or profile.name or actor.name,
                              help_text=help_contact["text"])


def status(session: Session, actor: ActingUser, arrangement_id: int, today: dt.date, *,
           settings: calc.ArrangementSettings) -> dict:
    """Per instalment: paid / late / partly paid / missed / open, and the next step for the landlord."""
    row = _arrangement(session, actor, arrangement_id)
    as_of = today if row.status == "active" else min(today, row.ended_on or today)
    schedule = _schedule_of(row)
    payments = _towards(session, actor, row, as_of)
    statuses = calc.match_instalments(schedule, payments, as_of, settings=settings)
    follow = calc.follow_up(statuses, as_of, settings=settings)
    paid = min(sum((p.amount for p in payments), ZERO), schedule.total)
    case = get_case(session, actor, row.case_id)
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    help_contact = _help_contact(session, tenancy)
    reminder_text = _reminder_text(session, actor, row, tenancy, follow, help_contact)
    if row.status == "active" and follow.action == calc.FollowUpAction.COMPLETED:
        row.status, row.ended_on, row.end_reason = "completed", today, "Alle termijnen betaald"
        session.add(row)
        _log(session, actor, row, "arrangement.completed", "Betalingsregeling helemaal betaald en afgerond")
    return {
        **_plain(row), "paid": paid, "outstanding": schedule.total - paid,
        "instalments": [{"number": s.number, "due_date": s.due_date, "amount": s.amount, "paid": s.paid,
                         "paid_on": s.paid_on, "state": s.state.value, "label": s.label} for s in statuses],
        "follow_up": {"action": follow.action.value, "message": follow.message, "new_date": follow.new_date,
                      "missed": list(follow.missed), "amount_due": follow.amount_due},
        "reminder_text": reminder_text, "reminder_check": text.reminder_check(reminder_text), "help": help_contact,
    }


def record_reminder(session: Session, actor: ActingUser, arrangement_id: int, *, new_date: dt.date,
                    today: dt.date) -> None:
    """Put on the case timeline that the landlord sent the friendly reminder with a new date."""
    row = _arrangement(session, actor, arrangement_id)
    if row.status != "active":
        raise ValidationError("Deze regeling loopt niet meer.")
    if not isinstance(new_date, dt.date) or new_date <= today:
        raise ValidationError("Kies een nieuwe betaaldatum na vandaag.")
    _log(session, actor, row, "arrangement.reminder",
         f"Vriendelijke herinnering voor de betalingsregeling gestuurd; nieuwe betaaldatum {format_date(new_date)}",
         detail={"new_date": new_date.isoformat()})


# --- change and end ------------------------------------------------------------------------------------------------

def change(session: Session, actor: ActingUser, arrangement_id: int, from_date: dt.date, *, new_instalment=None,
           pause_months: int = 0, today: dt.date, settings: calc.ArrangementSettings) -> Arrangement:
    """A new schedule for what is still open, from `from_date` (optionally after a pause); the old one is kept as
    "replaced"."""
    row = _arrangement(session, actor, arrangement_id)
    if row.status != "active":
        raise ValidationError("Alleen een lopende regeling kunt u wijzigen.")
    schedule = _schedule_of(row)
    payments = _towards(session, actor, row, today)
    paid = min(sum((p.amount for p in payments), ZERO), schedule.total)
    new_schedule = calc.replan(schedule, from_date, paid_so_far=paid, today=today,
                               new_instalment=text.parse_instalment(new_instalment), pause_months=pause_months,
                               settings=settings)
    new = Arrangement(case_id=row.case_id, landlord_id=actor.id, status="active", replaces_id=row.id,
                      valid_from=from_date, created_on=today, start_date=new_schedule.start,
                      payment_day=new_schedule.payment_day, total_cents=_cents(new_schedule.total),
                      costs_cents=_cents(new_schedule.costs), schedule=_schedule_json(new_schedule))
    row.status, row.ended_on = "replaced", today
    row.end_reason = f"Vervangen door een nieuwe regeling vanaf {format_date(from_date)}"
    session.add(row)
    session.flush()
    session.add(new)
    session.flush()
    pause = f", na een pauze van {pause_months} maand(en)" if pause_months else ""
    _log(session, actor, new, "arrangement.changed",
         f"Betalingsregeling gewijzigd vanaf {format_date(from_date)}{pause}: nog {format_money(new_schedule.total)} "
         f"in {new_schedule.count} termijn(en) van {format_money(new_schedule.regular_amount)}, tot en met "
         f"{format_date(new_schedule.end_date)}. Al betaald: {format_money(paid)}",
         detail={"replaces_id": row.id, "pause_months": pause_months, "paid_so_far": str(paid)})
    return new


def end(session: Session, actor: ActingUser, arrangement_id: int, reason: str, today: dt.date) -> Arrangement:
    row = _arrangement(session, actor, arrangement_id)
    if row.status != "active":
        raise ValidationError("Deze regeling loopt al niet meer.")
    reason = text.end_reason(reason)
    row.status, row.ended_on, row.end_reason = "ended", today, reason
    session.add(row)
    _log(session, actor, row, "arrangement.ended", f"Betalingsregeling beëindigd: {reason}")
    return row


# --- reading -------------------------------------------------------------------------------------------------------

def _plain(row: Arrangement) -> dict:
    items = [{"number": int(i["number"]), "due_date": dt.date.fromisoformat(i["due_date"]),
              "amount": to_money(i["amount"])} for i in json.loads(row.schedule)]
    return {"id": row.id, "case_id": row.case_id, "status": row.status,
            "status_label": text.STATUS_LABELS.get(row.status, row.status), "replaces_id": row.replaces_id,
            "valid_from": row.valid_from, "created_on": row.created_on, "start_date": row.start_date,
            "payment_day": row.payment_day, "total": _money(row.total_cents), "costs": _money(row.costs_cents),
            "schedule": items, "count": len(items), "end_date": items[-1]["due_date"] if items else None,
            "ended_on": row.ended_on, "end_reason": row.end_reason}


def arrangements_of_case(session: Session, actor: ActingUser, case_id: int) -> list[dict]:
    """Every arrangement of the case, newest first (the history of changes)."""
    case = get_case(session, actor, case_id)
    rows = session.exec(select(Arrangement).where(Arrangement.landlord_id == actor.id, Arrangement.case_id == case.id)
                        .order_by(Arrangement.id.desc()))
    return [_plain(r) for r in rows]


def get(session: Session, actor: ActingUser, arrangement_id: int) -> dict:
    return _plain(_arrangement(session, actor, arrangement_id))


# --- the letter ----------------------------------------------------------------------------------------------------

def active_for_letter(session: Session, actor: ActingUser, arrangement_id: int) -> Arrangement:
    """The arrangement an arrangement letter is made for: one of the landlord's, and running."""
    row = _arrangement(session, actor, arrangement_id)
    if row.status != "active":
        raise ValidationError("Een brief kan alleen voor de lopende regeling.")
    return row


def record_letter(session: Session, actor: ActingUser, arrangement_id: int, document_id: int, filename: str) -> None:
    """Put the arrangement letter (made by the documents store) on the case timeline."""
    row = _arrangement(session, actor, arrangement_id)
    _log(session, actor, row, "arrangement.letter", f"Brief met de betalingsregeling gemaakt ({filename})",
         detail={"document_id": document_id})


def letters_of_case(session: Session, actor: ActingUser, case_id: int) -> list[dict]:
    """The arrangement letters made for the case, newest first (without their bytes)."""
    case = get_case(session, actor, case_id)
    rows = session.exec(select(Document.id, Document.filename, Document.created_at).where(
        Document.landlord_id == actor.id, Document.case_id == case.id, Document.template_name == "arrangement")
        .order_by(Document.id.desc()))
    return [{"id": i, "filename": f, "created_at": at} for i, f, at in rows]


def letter_bytes(session: Session, actor: ActingUser, document_id: int) -> tuple[str, bytes]:
    """(filename, content) of one of the landlord's arrangement letters."""
    _require_landlord(actor)
    row = session.exec(select(Document).where(Document.id == document_id, Document.landlord_id == actor.id,
                                              Document.template_name == "arrangement")).first()
    if row is None:
        raise NotFound("Deze brief bestaat niet of is niet van u.")
    return row.filename, bytes(row.content)
