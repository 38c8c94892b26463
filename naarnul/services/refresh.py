"""Recomputing the arrears snapshot: the one composition of the ledger (naarnul.ledger), the covenant's rules for
opening and closing a case (naarnul.covenant), the case's next step (naarnul.arrears.next_step, stored by
`refresh_next_step`) and the rows (store.arrears, store.cases, store.tenancies, store.payments).

`refresh_arrears` runs inside another use case's transaction (after a payment, a rent change, an import) and is the
body of the explicit refresh use case; it is idempotent: a second call on the same day recomputes nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from naarnul import arrears as arrears_rules
from naarnul import covenant, ledger
from naarnul.arrangement import custom_solutions
from naarnul.formatting import format_date, format_money
from naarnul.users import ActingUser
from store import arrears as snapshot_store
from store import audit, scope
from store import cases as case_store
from store import payments as payment_store
from store import settings as settings_store
from store import tenancies as tenancy_store
from store.models import Case, Tenancy

CLOSED_PAID = "betaald"  # Case.close_reason when the arrears were paid off
# actions on a case's timeline that are not a step the landlord took on it
NOT_A_STEP = frozenset({"case.opened", "payment.added", "payment.deleted", "payments.imported", "tenancy.updated",
                        "tenancy.ended"})


def refresh_arrears(session: Session, actor: ActingUser, today: dt.date, tenancy_ids: list[int] | None = None, *,
                    force: bool = False) -> int:
    """Recompute the arrears snapshot of stale tenancies (computed before `today`, or marked stale by a change),
    open a case when arrears appear and close it ("betaald") when they are paid off, and refresh the case's next
    step. `force` recomputes the given tenancies even when fresh. Returns how many were recomputed.

    The tenancies are locked first (SELECT … FOR UPDATE), so a payment recorded at the same moment cannot leave the
    snapshot stale: it waits, then recomputes with both payments."""
    tenancy_store.require_landlord(actor)
    if tenancy_ids is None and not force:
        tenancy_ids = _changed_since_last_refresh(session, actor, today)
    stale = snapshot_store.stale_tenancies(session, actor, today, tenancy_ids, force=force)
    if not stale:
        return 0
    ids = [t.id for t in stale if t.id is not None]
    payments = payment_store.paid_by_tenancy(session, actor, ids)
    open_cases = snapshot_store.open_cases(session, actor, ids)
    closed_by_hand = snapshot_store.last_closed_on(session, actor, ids, except_reason=CLOSED_PAID)
    periods = tenancy_store.periods_of(session, actor.id, ids)
    solutions = scope.solutions_of(session, actor.id, ids)  # custom solutions change what is due
    ends = arrears_rules.month_ends(today)
    settings = settings_store.load(session, covenant.CovenantSettings)
    months: list[tuple[int, dt.date, int]] = []
    next_steps: list[tuple[Case, Tenancy, ledger.Arrears]] = []
    leases: dict[int, ledger.Lease] = {}
    results: dict[int, ledger.Arrears] = {}
    for tenancy in stale:
        assert tenancy.id is not None
        lease = custom_solutions.with_solutions(tenancy_store.lease(tenancy, periods.get(tenancy.id)),
                                                solutions.get(tenancy.id))
        charges = ledger.rent_charges(lease, today)
        leases[tenancy.id] = lease
        paid = payments[tenancy.id]
        result = ledger.arrears(charges, paid, today)
        results[tenancy.id] = result
        snapshot_store.write_snapshot(session, tenancy, result, today)
        for end, amount in zip(ends, arrears_rules.arrears_on_days(charges, paid, ends)):
            if amount > 0:
                months.append((tenancy.id, end.replace(day=1), ledger.to_cents(amount)))
        case = open_cases.get(tenancy.id)
        hand_closed = closed_by_hand.get(tenancy.id)
        known_when_closed = (hand_closed is not None and result.oldest_unpaid_due is not None
                             and result.oldest_unpaid_due <= hand_closed)
        if case is None and covenant.case_should_open(result) and not known_when_closed:
            case = snapshot_store.insert_case(session, actor, tenancy.id, today)
            audit.record(session, actor, "case.opened", "case", case.id, landlord_id=actor.id, case_id=case.id,
                         summary=f"Zaak geopend: huurachterstand van {format_money(result.amount)} "
                                 f"({result.months} maand(en)), oudste onbetaalde huur van "
                                 f"{format_date(result.oldest_unpaid_due) if result.oldest_unpaid_due else ''}")
        elif case is not None and covenant.case_should_close(result) and \
                not custom_solutions.deferral_keeps_case_open(lease, paid, today):
            if _is_phantom(session, actor, case, charges, paid):
                snapshot_store.remove_case(session, actor, case, opening_action="case.opened")
            else:
                snapshot_store.close_case(session, case, today, CLOSED_PAID)
                audit.record(session, actor, "case.closed", "case", case.id, landlord_id=actor.id,
                             case_id=case.id, summary="Zaak gesloten: de achterstand is betaald")
            continue
        if case is not None:
            next_steps.append((case, tenancy, result))
    all_facts = case_store.facts_of_cases(session, actor, [item for item in next_steps if item[0].status == "open"])
    open_by_tenancy: dict[int, Case] = {}
    for case, tenancy, result in next_steps:
        refresh_next_step(session, actor, case, tenancy, result, today, settings=settings,
                          facts=all_facts.get(case.id or 0))
        open_by_tenancy[case.tenancy_id] = case
    recheck: dict[int, dt.date | None] = {}
    for tenancy_id in ids:
        case = open_by_tenancy.get(tenancy_id)
        if case is None and not results[tenancy_id].has_arrears:
            recheck[tenancy_id] = None  # only a due date changes it: naarnul.arrears.figures_may_have_changed
            continue
        ahead = ledger.rent_charges(leases[tenancy_id], today + dt.timedelta(days=40))
        facts = all_facts.get(case.id or 0) if case is not None and case.status == "open" else None
        recheck[tenancy_id] = arrears_rules.recheck_day(
            today=today, charges_ahead=ahead, facts=facts, settings=settings,
            step=(case.next_step, case.next_due) if facts is not None and case is not None else None)
    snapshot_store.write_recheck(session, actor, today, recheck)
    snapshot_store.replace_months(session, actor, ids, months)
    session.flush()
    return len(stale)


def refresh_next_step(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy, arrears: ledger.Arrears,
                      today: dt.date, *, settings: covenant.CovenantSettings | None = None,
                      facts: covenant.CaseFacts | None = None) -> None:
    """Store the step due next (and its date) on the case (naarnul.arrears.next_step), so lists sort in SQL.
    `facts` when the caller loaded them already (the refresh loads those of many cases at once)."""
    if case.status != "open":
        case_store.set_next_step(session, case, "", None)
        return
    if facts is None:  # a step outside the daily refresh: the day to recompute it again is unknown now
        snapshot_store.forget_recheck(session, actor, case.tenancy_id)
    settings = settings or settings_store.load(session, covenant.CovenantSettings)
    facts = facts or case_store.facts(session, actor, case, tenancy, arrears)
    step, due = arrears_rules.next_step(facts, settings, today)
    if (case.next_step, case.next_due) != (step, due):  # an unchanged row is not written again
        case_store.set_next_step(session, case, step, due)


def _changed_since_last_refresh(session: Session, actor: ActingUser, today: dt.date) -> list[int]:
    """The refresh of the day is incremental: of the tenancies computed before `today`, only those whose figures
    can have changed since (naarnul.arrears.figures_may_have_changed) are recomputed; the others are dated today
    as they are. So the first refresh of a day costs what changed, not the whole portfolio."""
    changed: list[int] = []
    unchanged: list[int] = []
    for tenancy_id, as_of, due_day, start, end, arrears_cents, open_case, recheck_on in \
            snapshot_store.refresh_candidates(session, actor, today):
        may_change = arrears_rules.figures_may_have_changed(
            as_of=as_of, today=today, due_day=due_day, start=start, end=end, in_arrears=arrears_cents > 0,
            open_case=bool(open_case), recheck_on=recheck_on)
        (changed if may_change else unchanged).append(tenancy_id)
    snapshot_store.mark_current(session, actor, today, except_ids=changed, tenancy_ids=unchanged)
    return changed


def _is_phantom(session: Session, actor: ActingUser, case: Case, charges: list[ledger.RentCharge],
                payments: list[ledger.Payment]) -> bool:
    """A case the refresh opened for arrears the ledger no longer shows: with every payment now known, nothing was
    ever overdue up to the day it opened (e.g. a tenancy registered with past rent, its payments imported
    afterwards), and no step was taken on it. Such a case never existed for the landlord; it is removed, not
    closed."""
    return ledger.never_in_arrears(charges, payments, case.opened_on) and \
        not snapshot_store.has_steps(session, actor, case, NOT_A_STEP)
