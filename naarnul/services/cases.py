"""Use cases of the landlord's cases: bringing the stored figures up to date, and the "Vandaag" and "Dossier" pages.

Reads never write. The arrears snapshot and the next step stored on each case (so that lists sort and page in SQL)
are brought up to date only by an explicit call of `refresh_figures`: after every action that changes a ledger or a
case (the store actions do it inside their own transaction), once a day by `naarnul refresh` (cron), and from
"Vandaag" through the "Bijwerken" button when the stored figures are older than today. Date-dependent facts that
cannot wait for that (is a step overdue today?) are computed at read time and never persisted by a read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from naarnul import arrears as arrears_rules
from naarnul import calendar, covenant, ledger, signal_sending
from naarnul import signals as signal_rules
from naarnul import tenancy as tenancy_rules
from naarnul.documents.export import notification_record
from naarnul.formatting import format_date
from naarnul.services import case_steps, form_questions, letter_making
from naarnul.services.refresh import refresh_arrears
from naarnul.users import ActingUser
from store import cases as case_store
from store import documents as document_store
from store import signals as signal_store
from store import tenancies as tenancy_store
from store import users as user_store
from store.models import Case, Tenancy
from store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Freshness:
    """How current the stored arrears figures and next steps of a landlord are."""

    as_of: dt.date | None  # the oldest day any of them was computed on; None when none was ever computed
    stale: bool  # older than today (or never computed): offer "Bijwerken"
    line: str  # Dutch, for the page; empty when current


@dataclass(frozen=True)
class RefreshResult:
    recomputed: int  # tenancies whose figures were recomputed (0 when everything was current: idempotent)


def _freshness_line(as_of: dt.date | None, never: int) -> str:
    if as_of is None:
        return "De bedragen en stappen zijn nog niet berekend. Klik op Bijwerken."
    line = f"De bedragen en stappen zijn voor het laatst bijgewerkt op {format_date(as_of)}."
    if never:
        line += f" Van {never} huurder(s) zijn ze nog niet berekend."
    return line + " Klik op Bijwerken om ze voor vandaag te berekenen."


def figures_freshness(uow: UnitOfWork, actor: ActingUser, *, today: dt.date) -> Freshness:
    """A read: when were the landlord's stored figures last brought up to date?"""
    with uow.reading():
        oldest, total, never = case_store.figures_as_of(uow.session, actor)
    return _freshness(oldest, total, never, today)


def _freshness(oldest: dt.date | None, total: int, never: int, today: dt.date) -> Freshness:
    if total == 0:
        return Freshness(as_of=None, stale=False, line="")
    stale = never > 0 or oldest is None or oldest < today
    return Freshness(as_of=oldest, stale=stale, line=_freshness_line(oldest, never) if stale else "")


def refresh_figures(uow: UnitOfWork, actor: ActingUser, *, today: dt.date) -> RefreshResult:
    """Recompute the arrears snapshot, open/close cases and store each case's next step for `today`, for every
    tenancy of the landlord whose figures are older than today. Idempotent: a second call on the same day
    recomputes nothing and writes nothing (so no audit event is recorded twice)."""
    with uow:
        recomputed = refresh_arrears(uow.session, actor, today)
        uow.commit()
    return RefreshResult(recomputed=recomputed)


refresh = refresh_figures  # the name used in issue 10


@dataclass(frozen=True)
class LandlordRefresh:
    landlord_id: int
    username: str
    recomputed: int


def refresh_all_landlords(database_url: str, *, today: dt.date) -> list[LandlordRefresh]:
    """The daily run (`naarnul refresh`): `refresh_figures` for every landlord, one transaction per landlord so
    that one landlord's problem does not undo the others."""
    with UnitOfWork(database_url) as uow:
        landlords = case_store.landlords_with_tenancies(uow.session)
    return [LandlordRefresh(landlord.id, landlord.username,
                            refresh_figures(UnitOfWork(database_url), landlord, today=today).recomputed)
            for landlord in landlords]


# --- Vandaag -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseLine:
    """One case in a list: what to do next and the arrears it is about (from the stored figures)."""

    case_id: int
    address: str
    tenant_names: str
    next_step_label: str  # Dutch
    next_due: dt.date | None
    overdue: bool  # computed at read time against `today`
    arrears: Decimal
    arrears_months: int
    oldest_unpaid_due: dt.date | None


@dataclass(frozen=True)
class MonthArrears:
    month: dt.date  # first day of the month
    arrears: Decimal


@dataclass(frozen=True)
class TodayView:
    missing_profile: tuple[str, ...]  # Dutch names of profile fields every letter needs
    tenancies: int
    in_arrears: int
    total_arrears: Decimal
    open_cases: int
    overdue_steps: int
    cases: tuple[CaseLine, ...]  # one page of the cases needing action, overdue first
    cases_needing_action: int
    history: tuple[MonthArrears, ...]  # last 12 months, oldest first (empty without tenancies)
    freshness: Freshness


def _overdue(case: Case, today: dt.date) -> bool:
    """The case's stored next step needs action and its date has passed."""
    return bool(case.next_due and case.next_due < today and case.next_step
                and not case.next_step.startswith(arrears_rules.WAITING_PREFIX))


def _names(session: Session, actor: ActingUser, rows: list[tuple[Case, Tenancy]]) -> dict[int, str]:
    names = tenancy_store.tenant_names(session, actor, [tenancy_store.id_of(t) for _, t in rows])
    return {tenancy_id: ", ".join(people) for tenancy_id, people in names.items()}


def _case_lines(session: Session, actor: ActingUser, rows: list[tuple[Case, Tenancy]],
                today: dt.date) -> tuple[CaseLine, ...]:
    names = _names(session, actor, rows)
    return tuple(CaseLine(case_id=case.id or 0, address=tenancy_store.address_line(tenancy),
                          tenant_names=names.get(tenancy_store.id_of(tenancy), ""),
                          next_step_label=arrears_rules.step_label(case.next_step), next_due=case.next_due,
                          overdue=_overdue(case, today), arrears=ledger.from_cents(tenancy.arrears_cents),
                          arrears_months=tenancy.arrears_months, oldest_unpaid_due=tenancy.oldest_unpaid_due)
                 for case, tenancy in rows)


def show_today(uow: UnitOfWork, actor: ActingUser, *, page: int = 1, page_size: int = 10,
               today: dt.date) -> TodayView:
    """The "Vandaag" page: totals, the cases needing action (one page), the arrears of the last 12 months, and how
    current the stored figures are. A read: nothing is refreshed or written."""
    page = max(1, int(page))
    with uow.reading():
        session = uow.session
        counts = case_store.case_counts(session, actor, today)
        rows, _ = case_store.list_cases(session, actor, needs_action=True, limit=page_size,
                                        offset=(page - 1) * page_size, with_total=False)
        return today_view(session, actor, today=today, counts=counts, cases=_case_lines(session, actor, rows, today))


def today_view(session: Session, actor: ActingUser, *, today: dt.date, counts: dict[str, int],
               cases: tuple[CaseLine, ...] = ()) -> TodayView:
    """The figures of "Vandaag" inside the caller's transaction (`show_today`, and the to-do list's page view in
    naarnul.services.todo), given the case counts of `store.cases.case_counts`."""
    missing = user_store.profile_missing_for_letters(user_store.get_profile(session, actor))
    totals = tenancy_store.arrears_totals(session, actor)
    history = tenancy_store.arrears_history(session, actor, today) if totals["tenancies"] else []
    return TodayView(
        missing_profile=tuple(missing), tenancies=totals["tenancies"], in_arrears=totals["in_arrears"],
        total_arrears=totals["arrears"], open_cases=counts["open"], overdue_steps=counts["overdue"],
        cases=cases, cases_needing_action=counts["needs_action"],
        history=tuple(MonthArrears(row["month"], row["arrears"]) for row in history),
        freshness=_freshness(totals["as_of"], totals["tenancies"], totals["never"], today))


# --- Dossier -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseChoice:
    case_id: int
    label: str  # address – tenants (+ "(gesloten)")


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime  # Europe/Amsterdam
    summary: str  # Dutch


@dataclass(frozen=True)
class SignalLine:
    reference: str
    sent_on: dt.date
    arrears: Decimal


@dataclass(frozen=True)
class CaseView:
    case_id: int
    tenancy_id: int
    reference: str
    address: str
    tenant_names: str
    is_open: bool
    closed_on: dt.date | None
    close_reason: str
    arrears: ledger.Arrears  # computed from the ledger at read time for `today`
    ledger_rows: tuple[ledger.LedgerRow, ...]
    deferred: tuple[ledger.RentCharge, ...]  # months a deferral moved past today (not in the rows, not arrears)
    steps: tuple[covenant.Step, ...]
    signal: covenant.SignalCheck
    feedback: tuple[str, ...]  # Dutch lines of the municipality's feedback
    signals: tuple[SignalLine, ...]
    timeline: tuple[TimelineEntry, ...]
    reminder_backdate_days: int


def list_case_choices(uow: UnitOfWork, actor: ActingUser, *, today: dt.date) -> tuple[CaseChoice, ...]:
    """The landlord's cases to choose from on the Dossier: up to 200 open ones (step due first), then 50 closed."""
    with uow.reading():
        open_cases, _ = case_store.list_cases(uow.session, actor, status="open", limit=200, with_total=False)
        closed, _ = case_store.list_cases(uow.session, actor, status="closed", limit=50, with_total=False)
        rows = open_cases + closed
        names = _names(uow.session, actor, rows)
        return tuple(CaseChoice(case.id or 0, f"{tenancy_store.address_line(tenancy)} – "
                                f"{names.get(tenancy_store.id_of(tenancy), '')}"
                                + (" (gesloten)" if case.status == "closed" else "")) for case, tenancy in rows)


def show_case(uow: UnitOfWork, actor: ActingUser, *, case_id: int, today: dt.date) -> CaseView:
    """Everything the Dossier shows about one case. A read: the guide and the arrears are computed for `today`,
    nothing is refreshed or written. One transaction; the ledger is built once and the case's rows read once
    (about ten statements, whatever the size of the portfolio). The page itself reads it with the rest of the page
    through naarnul.services.case_page."""
    with uow.reading():
        session = uow.session
        case, tenancy = case_store.case_with_tenancy(session, actor, case_id)
        names = _names(session, actor, [(case, tenancy)])
        lease = tenancy_store.lease_of(session, tenancy)
        payments = tenancy_store.ledger_payments(session, actor, case.tenancy_id)
        record = case_store.case_record(session, actor, case, tenancy)
        settings = case_steps.settings(session)
        events = case_store.timeline_of(session, actor, case)
        # inside the transaction: its rollback at the end expires the rows
        return case_view(case, tenancy, names.get(case.tenancy_id, ""), lease, payments, record, settings, events,
                         today)


def case_view(case: Case, tenancy: Tenancy, tenant_names: str, lease: ledger.Lease, payments: list[ledger.Payment],
              record: case_store.CaseRecord, settings: covenant.CovenantSettings, events: list[dict[str, Any]],
              today: dt.date) -> CaseView:
    """The CaseView from the rows read (no I/O): the ledger built once, the guide and the signal check for
    `today`."""
    assert case.id is not None
    charges = ledger.rent_charges(lease, today)
    rows = ledger.ledger(charges, [p for p in payments if p.paid_on <= today])
    arrears = ledger.arrears(charges, payments, today)
    facts = case_store.record_facts(record, arrears)
    steps = covenant.guide(facts, settings, today)
    check = signal_sending.with_deadline(covenant.signal_check(facts, settings, today), case.objection_deadline,
                                         today)
    signals = case_store.record_signals(record)
    feedback = [signal_rules.feedback_sentence(row["on_date"], row["outcome_label"], row["paused_until"], today)
                for row in signal_store.feedback_lines(case, case_store.record_feedback(record), settings=settings)]
    return CaseView(
        case_id=case.id, tenancy_id=case.tenancy_id, reference=tenancy_rules.reference(case.tenancy_id),
        address=tenancy_store.address_line(tenancy), tenant_names=tenant_names, is_open=case.status == "open",
        closed_on=case.closed_on, close_reason=case.close_reason, arrears=arrears,
        ledger_rows=tuple(rows), deferred=tuple(ledger.deferred_charges(lease, today)), steps=tuple(steps),
        signal=check, feedback=tuple(feedback),
        signals=tuple(SignalLine(s["reference"], s["sent_on"], s["arrears"]) for s in signals),
        timeline=tuple(TimelineEntry(calendar.local(e["at"]), e["summary"]) for e in events),
        reminder_backdate_days=settings.reminder_backdate_days)


# Recording a step: one transaction each; naarnul.services.case_steps refreshes the case's next step inside it.

def record_friendly_reminder(uow: UnitOfWork, actor: ActingUser, *, case_id: int, on: dt.date,
                             today: dt.date) -> None:
    with uow:
        case_steps.record_friendly_reminder(uow.session, actor, case_id, on=on, today=today)
        uow.commit()


def record_written_reminder(uow: UnitOfWork, actor: ActingUser, *, case_id: int, on: dt.date, today: dt.date,
                            copy_name: str = "", copy_data: bytes | None = None, reason: str = "",
                            answers: dict | None = None) -> None:
    """`answers`: to the admin's extra questions on this form (naarnul.services.form_questions), stored with it."""
    with uow:
        form_questions.record_answers(uow.session, actor, case_id, "written_reminder", answers, today)
        case_steps.record_written_reminder(uow.session, actor, case_id, on=on, today=today, copy_name=copy_name,
                                           copy_data=copy_data, reason=reason)
        uow.commit()


def record_contact_attempt(uow: UnitOfWork, actor: ActingUser, *, case_id: int, on: dt.date, channel: str,
                           outcome: str, note: str = "", today: dt.date) -> None:
    with uow:
        case_steps.record_contact_attempt(uow.session, actor, case_id, on=on, channel=channel, outcome=outcome,
                                          note=note, today=today)
        uow.commit()


def confirm_contact_failed(uow: UnitOfWork, actor: ActingUser, *, case_id: int, on: dt.date,
                           today: dt.date) -> None:
    with uow:
        case_steps.confirm_contact_failed(uow.session, actor, case_id, on=on, today=today)
        uow.commit()


def record_objection(uow: UnitOfWork, actor: ActingUser, *, case_id: int, received_on: dt.date, channel: str,
                     today: dt.date) -> None:
    with uow:
        case_steps.record_objection(uow.session, actor, case_id, received_on=received_on, channel=channel,
                                    today=today)
        uow.commit()


def withdraw_objection(uow: UnitOfWork, actor: ActingUser, *, case_id: int, on: dt.date, today: dt.date) -> None:
    with uow:
        case_steps.withdraw_objection(uow.session, actor, case_id, on=on, today=today)
        uow.commit()


def close_case(uow: UnitOfWork, actor: ActingUser, *, case_id: int, reason: str, today: dt.date) -> None:
    with uow:
        case_steps.close_case(uow.session, actor, case_id, reason=reason, today=today)
        uow.commit()


def send_signal(uow: UnitOfWork, actor: ActingUser, *, case_id: int, urgent: bool = False, urgent_reason: str = "",
                confirm_repeat: bool = False, today: dt.date, answers: dict | None = None, warm_handover: bool = False,
                handover_consent: bool = False, handover_organisation: str = "", handover_person: str = "",
                handover_phone: str = "") -> str:
    """Notify the municipality: the signal with a snapshot of what was sent, and the notification document shared
    with the municipality, in one transaction. Returns the signal's reference (NN-jjjj-nnnnnn). `answers`: to the
    admin's extra questions on the signal form, stored with the case first, so the notification holds them.
    With `warm_handover` (only with the tenant's consent) the signal names who already has contact with the tenant.
    A municipality that is not in the portal does not receive it here: the signal waits until the landlord records
    sending it (naarnul.services.signal_delivery)."""
    handover = signal_sending.check_warm_handover(
        marked=warm_handover, consent=handover_consent, organisation=handover_organisation, person=handover_person,
        phone=handover_phone)
    with uow:
        session = uow.session
        form_questions.record_answers(session, actor, case_id, "signal", answers, today)
        signal = case_steps.send_signal(session, actor, case_id, today, urgent=urgent,
                                        urgent_reason=urgent_reason, confirm_repeat=confirm_repeat,
                                        handover=handover)
        reference = signal.reference
        record = notification_record(document_store.document_case(session, actor, case_id, today))
        record.update(signal_sending.handover_payload(handover, today))
        case_store.store_signal_payload(session, actor, signal,
                                        json.dumps(record, ensure_ascii=False, default=str))
        letter_making.generate_for_case(session, actor, case_id, "notification", extra={}, today=today,
                                        share_with_municipality=True)
        uow.commit()
    return reference
