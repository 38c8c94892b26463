"""The payment-arrangement steps inside a unit of work: the composition of the rules (naarnul.arrangement,
naarnul.arrangement.fourteen_day_letter, naarnul.arrangement_text, naarnul.arrangement.steps) with the rows (store.arrangements).

Session-level, like naarnul.services.letter_making: naarnul.services.arrangements opens the unit of work, turns the
plain results into views and commits. Decisions:
- Arrears of a case are computed with naarnul.ledger from the tenancy's lease and payments (same rules as the
  arrears register). An arrangement covers the arrears on the day it is made, plus opt-in collection costs.
- Payments towards an arrangement: `naarnul.arrangement.paid_towards`. A changed arrangement (replaces_id) continues
  the chain of its first arrangement: the money already allocated to its predecessors is skipped.
- Collection costs only when the landlord opts in AND a 14-day letter was made on this case AND its term has
  passed (naarnul.arrangement.fourteen_day_letter: the facts stored with the letter, never its text).
- One active arrangement per case. A change makes a new arrangement and marks the old one "replaced".
- `status` marks an active arrangement "completed" (with an audit event) once every instalment is paid; through the
  service (a read, never committed) that is shown but not saved.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from naarnul import arrangement as calc
from naarnul import arrangement_text as text
from naarnul import ledger
from naarnul.arrangement import custom_solutions as solution_rules
from naarnul.arrangement import fourteen_day_letter as letter_rules
from naarnul.arrangement import steps as steps
from naarnul.errors import NaarNulError, ValidationError
from naarnul.users import ActingUser
from store import arrangements as store
from store import scope
from store.models import Arrangement, Case, Tenancy

ZERO = Decimal("0.00")


def _arrears(session: Session, tenancy: Tenancy, on: dt.date) -> ledger.Arrears:
    lease, payments = store.ledger_inputs(session, tenancy)
    return ledger.arrears(ledger.rent_charges(lease, on), payments, on)


def _help_contact(session: Session, tenancy: Tenancy) -> dict[str, str]:
    municipality = store.municipality(session, tenancy.municipality_code)
    if municipality is None:
        return text.help_contact(tenancy.municipality_code)
    return text.help_contact(municipality.name, municipality.help_name, municipality.help_phone,
                             municipality.help_email, municipality.help_website)


def case_arrears(session: Session, actor: ActingUser, case_id: int, today: dt.date) \
        -> tuple[Case, Tenancy, ledger.Arrears]:
    """The case, its tenancy and its arrears on `today` (for refreshing the case's next step)."""
    case = store.get_case(session, actor, case_id)
    tenancy = store.get_tenancy(session, actor, case.tenancy_id)
    session.flush()
    return case, tenancy, _arrears(session, tenancy, today)


def open_cases(session: Session, actor: ActingUser) -> list[dict[str, Any]]:
    return store.open_cases(session, actor)


# --- the 14-day letter ---------------------------------------------------------------------------------------------

def _letter(session: Session, actor: ActingUser, case: Case,
            today: dt.date) -> letter_rules.FourteenDayLetter | None:
    row = store.first_fourteen_day_letter(session, actor, case)
    if row is None:
        return None
    tenancy = store.get_tenancy(session, actor, case.tenancy_id)
    _, payments = store.ledger_inputs(session, tenancy)
    return letter_rules.letter_costs(
        letter_date=row.letter_date, created_at=row.created_at, deadline=row.cost_deadline,
        principal=ledger.from_cents(row.principal_cents) if row.principal_cents is not None else None,
        stated_costs=(ledger.from_cents(row.collection_costs_cents) if row.collection_costs_cents is not None
                      else None),
        arrears_on=lambda day: _arrears(session, tenancy, day).amount, payments=payments, today=today,
        document_id=row.id)


def fourteen_day_letter(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> dict[str, Any] | None:
    """The first 14-day letter of the case with its deadline and the costs that may be charged after it (None when
    no such letter was made); see naarnul.arrangement.fourteen_day_letter."""
    letter = _letter(session, actor, store.get_case(session, actor, case_id), today)
    return letter.as_dict() if letter else None


def _costs_check(session: Session, actor: ActingUser, case: Case, today: dt.date) -> tuple[bool, str, Decimal]:
    return letter_rules.costs_check(_letter(session, actor, case, today))


def _domain_norms(session: Session) -> list[calc.ProtectedIncomeNorm]:
    norms = []
    for row in store.norm_rows(session):
        try:
            norms.append(calc.ProtectedIncomeNorm(calc.HouseholdType(row.household_type), row.valid_from,
                                                  ledger.from_cents(row.amount_cents), row.source))
        except ValueError:
            continue  # an unknown household type: ignore the row rather than break the form
    return norms


# --- reading -------------------------------------------------------------------------------------------------------

def plain(row: Arrangement) -> dict[str, Any]:
    items = [{"number": i.number, "due_date": i.due_date, "amount": i.amount} for i in store.instalments_of(row)]
    return {"id": row.id, "case_id": row.case_id, "status": row.status,
            "status_label": text.STATUS_LABELS.get(row.status, row.status), "replaces_id": row.replaces_id,
            "valid_from": row.valid_from, "created_on": row.created_on, "start_date": row.start_date,
            "payment_day": row.payment_day, "total": ledger.from_cents(row.total_cents),
            "costs": ledger.from_cents(row.costs_cents), "schedule": items, "count": len(items),
            "end_date": items[-1]["due_date"] if items else None, "ended_on": row.ended_on,
            "end_reason": row.end_reason}


def arrangements_of_case(session: Session, actor: ActingUser, case_id: int) -> list[dict[str, Any]]:
    """Every arrangement of the case, newest first (the history of changes)."""
    return [plain(r) for r in store.arrangements_of_case(session, actor, case_id)]


def get(session: Session, actor: ActingUser, arrangement_id: int) -> dict[str, Any]:
    return plain(store.get_arrangement(session, actor, arrangement_id))


def case_overview(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> dict[str, Any]:
    """What the arrangement page shows about a case before any choice: arrears, rent, help, costs, arrangements."""
    case = store.get_case(session, actor, case_id)
    tenancy = store.get_tenancy(session, actor, case.tenancy_id)
    arrears = _arrears(session, tenancy, today)
    allowed, reason, costs = _costs_check(session, actor, case, today)
    assert case.id is not None
    return {
        "case_id": case.id, "status": case.status, "address": store.address_line(tenancy),
        "monthly_rent": ledger.from_cents(tenancy.monthly_rent_cents), "due_day": tenancy.due_day,
        "arrears": arrears.amount, "arrears_months": arrears.months,
        "open_charges": [(item.label, item.open) for item in arrears.open_charges],
        "help": _help_contact(session, tenancy),
        "costs_allowed": allowed, "costs_reason": reason, "costs": costs,
        "arrangements": arrangements_of_case(session, actor, case.id),
        "signal_sent": store.has_signal(session, actor, case),
    }


# --- proposing and creating ----------------------------------------------------------------------------------------

def _calculate(session: Session, actor: ActingUser, case_id: int, *, instalment: Any, months: int | None,
               start: dt.date, payment_day: int, today: dt.date, household_type: str | None, net_income: Any,
               other_creditors: bool, with_costs: bool,
               settings: calc.ArrangementSettings) -> tuple[dict[str, Any], calc.Schedule, Case]:
    case = store.get_case(session, actor, case_id)
    steps.require_open_case(case.status)
    tenancy = store.get_tenancy(session, actor, case.tenancy_id)
    arrears = _arrears(session, tenancy, today)
    steps.require_arrears(arrears.amount)
    result, schedule = _proposal_of(
        case, tenancy, arrears, _costs_check(session, actor, case, today), lambda: _help_contact(session, tenancy),
        lambda: _domain_norms(session), instalment=instalment, months=months, start=start, payment_day=payment_day,
        today=today, household_type=household_type, net_income=net_income, other_creditors=other_creditors,
        with_costs=with_costs, settings=settings)
    return result, schedule, case


def _proposal_of(case: Case, tenancy: Tenancy, arrears: ledger.Arrears, costs_check: tuple[bool, str, Decimal],
                 help_of, norms_of, *, instalment: Any, months: int | None, start: dt.date, payment_day: int,
                 today: dt.date, household_type: str | None, net_income: Any, other_creditors: bool,
                 with_costs: bool, settings: calc.ArrangementSettings) -> tuple[dict[str, Any], calc.Schedule]:
    """The schedule and the advice for these choices from what is read (the open case with arrears, the 14-day
    letter's costs check); `help_of()` and `norms_of()` give the help contact and the protected-income norms (the
    norms are read only when an income is checked)."""
    costs = ZERO
    costs_allowed, costs_reason, costs_amount = costs_check
    if with_costs:
        if not costs_allowed:
            raise ValidationError(costs_reason)
        costs = costs_amount
    schedule = calc.make_schedule(arrears=arrears.amount, costs=costs, start=start, payment_day=payment_day,
                                  today=today, instalment=text.parse_instalment(instalment), months=months,
                                  settings=settings)
    rent = ledger.from_cents(tenancy.monthly_rent_cents)
    help_contact = help_of()
    norms = norms_of() if household_type and net_income not in (None, "") else []
    affordability, room = text.affordability_check(norms, household_type, net_income, schedule.regular_amount,
                                                   today)
    advice = calc.advise(schedule.total, room, bool(other_creditors), settings)
    result = {
        "case_id": case.id, "address": store.address_line(tenancy), "arrears": arrears.amount,
        "costs": schedule.costs, "total": schedule.total, "monthly_rent": rent,
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
    return result, schedule


def propose(session: Session, actor: ActingUser, case_id: int, *, instalment: Any = None, months: int | None = None,
            start: dt.date, payment_day: int, today: dt.date, household_type: str | None = None,
            net_income: Any = None, other_creditors: bool = False, with_costs: bool = False,
            settings: calc.ArrangementSettings) -> dict[str, Any]:
    """The schedule and the advice for these choices (`settings`: the admin's arrangement settings); nothing is
    saved."""
    result, *_ = _calculate(session, actor, case_id, instalment=instalment, months=months, start=start,
                            payment_day=payment_day, today=today, household_type=household_type,
                            net_income=net_income, other_creditors=other_creditors, with_costs=with_costs,
                            settings=settings)
    return result


def create(session: Session, actor: ActingUser, case_id: int, *, instalment: Any = None, months: int | None = None,
           start: dt.date, payment_day: int, today: dt.date, household_type: str | None = None,
           net_income: Any = None, other_creditors: bool = False, with_costs: bool = False,
           settings: calc.ArrangementSettings) -> Arrangement:
    """Save the arrangement on the case (one active arrangement per case)."""
    result, schedule, case = _calculate(
        session, actor, case_id, instalment=instalment, months=months, start=start, payment_day=payment_day,
        today=today, household_type=household_type, net_income=net_income, other_creditors=other_creditors,
        with_costs=with_costs, settings=settings)
    assert case.id is not None
    active = store.active_of_case(session, actor, case.id)
    steps.require_no_active(active.valid_from if active is not None else None)
    row = store.add(session, actor, case_id=case.id, schedule=schedule, valid_from=today, created_on=today)
    store.log(session, actor, row, "arrangement.created",
              steps.created_summary(schedule.total, schedule.costs, schedule.count, schedule.first_date,
                                    schedule.end_date),
              detail={"instalments": schedule.count, "regular_amount": str(schedule.regular_amount),
                      "costs": str(schedule.costs), "advice_referral": result["advice"]["refer"]})
    return row


# --- follow-up -----------------------------------------------------------------------------------------------------

def _towards(session: Session, actor: ActingUser, row: Arrangement, today: dt.date) -> list[calc.ArrangementPayment]:
    """Money paid towards this arrangement (naarnul.arrangement.paid_towards), up to `today`."""
    root = store.chain_root(session, actor, row)
    case = store.get_case(session, actor, row.case_id)
    tenancy = store.get_tenancy(session, actor, case.tenancy_id)
    lease, payments = store.ledger_inputs(session, tenancy)
    return calc.paid_towards(ledger.rent_charges(lease, today), payments,
                             baseline=ledger.from_cents(root.total_cents - root.costs_cents), since=root.created_on,
                             today=today, already_allocated=ledger.from_cents(root.total_cents - row.total_cents))


def follow_up(session: Session, actor: ActingUser, arrangement_id: int, today: dt.date, *,
              settings: calc.ArrangementSettings) -> calc.FollowUp:
    """The next step for the landlord on this arrangement (what `status` says under "follow_up"), and nothing else:
    no reminder text, and no write (the to-do list reads it inside a read-only transaction)."""
    row = store.get_arrangement(session, actor, arrangement_id)
    as_of = today if row.status == "active" else min(today, row.ended_on or today)
    statuses = calc.match_instalments(store.schedule_of(row), _towards(session, actor, row, as_of), as_of,
                                      settings=settings)
    return calc.follow_up(statuses, as_of, settings=settings)


def status(session: Session, actor: ActingUser, arrangement_id: int, today: dt.date, *,
           settings: calc.ArrangementSettings) -> dict[str, Any]:
    """Per instalment: paid / late / partly paid / missed / open, and the next step for the landlord."""
    row = store.get_arrangement(session, actor, arrangement_id)
    as_of = today if row.status == "active" else min(today, row.ended_on or today)
    root = store.chain_root(session, actor, row)
    case = store.get_case(session, actor, row.case_id)
    tenancy = store.get_tenancy(session, actor, case.tenancy_id)
    lease, payments = store.ledger_inputs(session, tenancy)
    help_contact = _help_contact(session, tenancy)
    assert tenancy.id is not None
    names = store.tenant_names(session, actor, [tenancy.id])[tenancy.id]
    result, completed = _status_of(row, root, lease, payments, as_of, today, settings=settings, tenancy=tenancy,
                                   names=names, profile=store.landlord_profile(session, actor), actor=actor,
                                   help_contact=help_contact)
    if completed:
        store.finish(session, row, "completed", today, steps.COMPLETED_REASON)
        store.log(session, actor, row, "arrangement.completed", steps.completed_summary())
    return result


def _status_of(row: Arrangement, root: Arrangement, lease: ledger.Lease, all_payments: list[ledger.Payment],
               as_of: dt.date, today: dt.date, *, settings: calc.ArrangementSettings, tenancy: Tenancy,
               names: list[str], profile: Any, actor: ActingUser,
               help_contact: dict[str, str]) -> tuple[dict[str, Any], bool]:
    """The status of an arrangement from what is read (its chain's first arrangement, the lease and payments of
    its tenancy); True when it is now completed (shown so; the caller decides whether to record it)."""
    schedule = store.schedule_of(row)
    payments = calc.paid_towards(ledger.rent_charges(lease, as_of), all_payments,
                                 baseline=ledger.from_cents(root.total_cents - root.costs_cents),
                                 since=root.created_on, today=as_of,
                                 already_allocated=ledger.from_cents(root.total_cents - row.total_cents))
    statuses = calc.match_instalments(schedule, payments, as_of, settings=settings)
    follow = calc.follow_up(statuses, as_of, settings=settings)
    paid = min(sum((p.amount for p in payments), ZERO), schedule.total)
    assert tenancy.id is not None and row.id is not None
    reminder_text = text.reminder_text(follow, tenant_names=names, iban=profile.iban or "",
                                       reference=steps.reference(tenancy.id, row.id), phone=profile.phone or "",
                                       contact_hours=profile.contact_hours or "", email=profile.email or "",
                                       sender=profile.contact_person or profile.name or actor.name,
                                       help_text=help_contact["text"])
    completed = row.status == "active" and follow.action == calc.FollowUpAction.COMPLETED
    shown = plain(row)
    if completed:
        shown.update(status="completed", status_label=text.STATUS_LABELS.get("completed", "completed"),
                     ended_on=today, end_reason=steps.COMPLETED_REASON)
    return {
        **shown, "paid": paid, "outstanding": schedule.total - paid,
        "instalments": [{"number": s.number, "due_date": s.due_date, "amount": s.amount, "paid": s.paid,
                         "paid_on": s.paid_on, "state": s.state.value, "label": s.label} for s in statuses],
        "follow_up": {"action": follow.action.value, "message": follow.message, "new_date": follow.new_date,
                      "missed": list(follow.missed), "amount_due": follow.amount_due},
        "reminder_text": reminder_text, "reminder_check": text.reminder_check(reminder_text), "help": help_contact,
    }, completed


# --- the page: everything about one case in one read ------------------------------------------------------------------

def page(session: Session, actor: ActingUser, case_id: int, today: dt.date, *, names: list[str],
         settings_key: str, settings_of, proposal: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the arrangement page shows about one of the landlord's cases, from one read of its rows
    (store.arrangements.case_page_rows): the overview (as `case_overview`), the running arrangement's status (as
    `status`, but a completed one is only shown so, never recorded: a render writes nothing), its letters and the
    inputs of the custom solutions. `names`: the tenants' names (read with the case list);
    `settings_of(stored JSON or None)` makes the arrangement settings. `proposal`: the choices of a new
    arrangement (as `propose`; payment_day None: the rent's due day) when the landlord is filling them in: its
    schedule and advice ("proposal", as `propose`) or the Dutch error ("proposal_error")."""
    rows = store.case_page_rows(session, actor, case_id, settings_key)
    case, tenancy, municipality_row = rows["case"], rows["tenancy"], rows["municipality"]
    assert case.id is not None and tenancy.id is not None
    plain_lease = scope.lease_with(tenancy, rows["periods"])
    in_force = [r for r in rows["solutions"] if r.tenancy_id == tenancy.id and r.ended_on is None]
    lease = solution_rules.with_solutions(plain_lease, scope.solutions_in_force(in_force) if in_force else None)
    payments = rows["payments"]

    def arrears_on(day: dt.date) -> ledger.Arrears:
        return ledger.arrears(ledger.rent_charges(lease, day), payments, day)

    arrears = arrears_on(today)
    first = next((d for d in rows["documents"] if d["fourteen_day_letter"]), None)
    letter = None if first is None else letter_rules.letter_costs(
        letter_date=first["letter_date"], created_at=first["created_at"], deadline=first["cost_deadline"],
        principal=ledger.from_cents(first["principal_cents"]) if first["principal_cents"] is not None else None,
        stated_costs=(ledger.from_cents(first["collection_costs_cents"])
                      if first["collection_costs_cents"] is not None else None),
        arrears_on=lambda day: arrears_on(day).amount, payments=payments, today=today, document_id=first["id"])
    allowed, reason, costs = letter_rules.costs_check(letter)
    help_contact = (text.help_contact(tenancy.municipality_code) if municipality_row is None else
                    text.help_contact(municipality_row.name, municipality_row.help_name, municipality_row.help_phone,
                                      municipality_row.help_email, municipality_row.help_website))
    arrangements = rows["arrangements"]  # newest first
    overview = {
        "case_id": case.id, "status": case.status, "address": store.address_line(tenancy),
        "monthly_rent": ledger.from_cents(tenancy.monthly_rent_cents), "due_day": tenancy.due_day,
        "arrears": arrears.amount, "arrears_months": arrears.months,
        "open_charges": [(item.label, item.open) for item in arrears.open_charges],
        "help": help_contact, "costs_allowed": allowed, "costs_reason": reason, "costs": costs,
        "arrangements": [plain(a) for a in arrangements], "signal_sent": rows["has_signal"],
    }
    active = next((a for a in arrangements if a.status == "active"), None)
    status_view = None
    if active is not None:
        by_id = {a.id: a for a in arrangements}
        root, seen = active, {active.id}
        while root.replaces_id is not None and root.replaces_id in by_id and root.replaces_id not in seen:
            root = by_id[root.replaces_id]
            seen.add(root.id)
        status_view, _completed = _status_of(
            active, root, lease, payments, today, today, settings=settings_of(rows["settings"]), tenancy=tenancy,
            names=names, profile=rows["profile"], actor=actor, help_contact=help_contact)
    proposal_view, proposal_error = None, None
    if proposal is not None and active is None:
        try:
            steps.require_open_case(case.status)
            steps.require_arrears(arrears.amount)
            proposal_view, _schedule = _proposal_of(
                case, tenancy, arrears, (allowed, reason, costs), lambda: help_contact,
                lambda: _domain_norms(session), settings=settings_of(rows["settings"]),
                **{**proposal, "payment_day": proposal.get("payment_day") or tenancy.due_day}, today=today)
        except NaarNulError as error:
            proposal_error = error
    documents = rows["documents"]
    return {
        "proposal": proposal_view, "proposal_error": proposal_error,
        "overview": overview, "status": status_view,
        "letters": [{"id": d["id"], "filename": d["filename"], "created_at": d["created_at"]}
                    for d in reversed(documents) if d["template_name"] == store.LETTER_TEMPLATE],
        "documents": {d["id"]: d for d in documents}, "solutions": [r for r in rows["solutions"]
                                                                     if r.case_id == case.id],
        "lease": lease, "plain_lease": plain_lease, "payments": payments, "tenancy": tenancy,
        "arrangement_running": active is not None,
    }


def record_reminder(session: Session, actor: ActingUser, arrangement_id: int, *, new_date: dt.date,
                    today: dt.date) -> None:
    """Put on the case timeline that the landlord sent the friendly reminder with a new date."""
    row = store.get_arrangement(session, actor, arrangement_id)
    steps.require_running(row.status, "reminder")
    new_date = steps.require_new_date(new_date, today)
    store.log(session, actor, row, "arrangement.reminder", steps.reminder_summary(new_date),
              detail={"new_date": new_date.isoformat()})


# --- change and end ------------------------------------------------------------------------------------------------

def change(session: Session, actor: ActingUser, arrangement_id: int, from_date: dt.date, *,
           new_instalment: Any = None, pause_months: int = 0, today: dt.date,
           settings: calc.ArrangementSettings) -> Arrangement:
    """A new schedule for what is still open, from `from_date` (optionally after a pause); the old one is kept as
    "replaced"."""
    row = store.get_arrangement(session, actor, arrangement_id)
    steps.require_running(row.status, "change")
    schedule = store.schedule_of(row)
    payments = _towards(session, actor, row, today)
    paid = min(sum((p.amount for p in payments), ZERO), schedule.total)
    new_schedule = calc.replan(schedule, from_date, paid_so_far=paid, today=today,
                               new_instalment=text.parse_instalment(new_instalment), pause_months=pause_months,
                               settings=settings)
    store.finish(session, row, "replaced", today, steps.replaced_reason(from_date))
    store.save(session, row)  # the old one is "replaced" before the new one is active
    new = store.add(session, actor, case_id=row.case_id, schedule=new_schedule, valid_from=from_date,
                    created_on=today, replaces_id=row.id)
    store.log(session, actor, new, "arrangement.changed",
              steps.changed_summary(from_date, pause_months, new_schedule.total, new_schedule.count,
                                    new_schedule.regular_amount, new_schedule.end_date, paid),
              detail={"replaces_id": row.id, "pause_months": pause_months, "paid_so_far": str(paid)})
    return new


def end(session: Session, actor: ActingUser, arrangement_id: int, reason: str, today: dt.date) -> Arrangement:
    row = store.get_arrangement(session, actor, arrangement_id)
    steps.require_running(row.status, "end")
    reason = text.end_reason(reason)
    store.finish(session, row, "ended", today, reason)
    store.log(session, actor, row, "arrangement.ended", steps.ended_summary(reason))
    return row


# --- the letter ----------------------------------------------------------------------------------------------------

def active_for_letter(session: Session, actor: ActingUser, arrangement_id: int) -> Arrangement:
    """The arrangement an arrangement letter is made for: one of the landlord's, and running."""
    row = store.get_arrangement(session, actor, arrangement_id)
    steps.require_running(row.status, "letter")
    return row


def record_letter(session: Session, actor: ActingUser, arrangement_id: int, document_id: int, filename: str) -> None:
    """Put the arrangement letter (made by naarnul.services.letter_making) on the case timeline."""
    row = store.get_arrangement(session, actor, arrangement_id)
    store.log(session, actor, row, "arrangement.letter", steps.letter_summary(filename),
              detail={"document_id": document_id})
