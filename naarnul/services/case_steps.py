"""Recording the covenant steps of a case and sending the signal: the composition of the rules (naarnul.covenant,
naarnul.written_reminder, naarnul.signal_sending) with the rows (store.cases, store.tenancies, store.settings).

Each function runs inside the caller's unit of work (naarnul.services.cases opens it and commits; the letters use
case calls `record_written_reminder` when it makes the reminder letter) and refreshes the case's next step.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import Session

from naarnul import covenant, ledger, signal_sending, written_reminder
from naarnul.errors import ValidationError
from naarnul.services import signal_delivery
from naarnul.services.refresh import refresh_next_step
from naarnul.users import ActingUser
from store import arrears as snapshot_store
from store import cases as case_store
from store import settings as settings_store
from store import tenancies as tenancy_store
from store.models import Case, ContactAttempt, Objection, Signal, Tenancy

# (ledger rows, arrears) of a case's tenancy on `today` (store.tenancies.tenancy_ledger), when the caller has them
Ledger = tuple[list[ledger.LedgerRow], ledger.Arrears]


def settings(session: Session) -> covenant.CovenantSettings:
    """The admin's covenant settings (defaults where nothing was saved)."""
    return settings_store.load(session, covenant.CovenantSettings)


# --- what the rules say about a case -------------------------------------------------------------------------------
# One read of the case (store.cases.case_read: the Dossier's own reads, by case id, with the covenant settings in
# the same statement as the case): three statements, whatever the portfolio. Every question below is answered from
# it, so the facts are gathered in one place and the same way as on the Dossier.

_SETTINGS_KEY = settings_store.key_of(covenant.CovenantSettings)


def read_case(session: Session, actor: ActingUser, case_id: int) -> case_store.CaseRead:
    """The landlord's case with everything the covenant rules read about it (NotFound for someone else's)."""
    return case_store.case_read(session, actor, case_id, setting_keys=(_SETTINGS_KEY,))


def settings_of(read: case_store.CaseRead) -> covenant.CovenantSettings:
    return settings_store.from_stored(covenant.CovenantSettings, read.settings[_SETTINGS_KEY])


def ledger_of(read: case_store.CaseRead, today: dt.date) -> Ledger:
    """(ledger rows, arrears) of the case's tenancy on `today`, as store.tenancies.tenancy_ledger computes them."""
    charges = ledger.rent_charges(read.money.lease, today)
    payments = list(read.money.payments)
    return ledger.ledger(charges, [p for p in payments if p.paid_on <= today]), ledger.arrears(charges, payments, today)


def facts_of(read: case_store.CaseRead, today: dt.date) -> covenant.CaseFacts:
    return case_store.record_facts(read.record, ledger_of(read, today)[1])


def steps_of(read: case_store.CaseRead, today: dt.date) -> list[covenant.Step]:
    return covenant.guide(facts_of(read, today), settings_of(read), today)


def check_of(read: case_store.CaseRead, today: dt.date) -> covenant.SignalCheck:
    """covenant.signal_check plus the refuse-before date of the reminder letter."""
    check = covenant.signal_check(facts_of(read, today), settings_of(read), today)
    return signal_sending.with_deadline(check, read.case.objection_deadline, today)


def case_facts(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> covenant.CaseFacts:
    """Everything the covenant rules need about one case, with the arrears on `today`."""
    return facts_of(read_case(session, actor, case_id), today)


def guide(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> list[covenant.Step]:
    return steps_of(read_case(session, actor, case_id), today)


def steps_done(read: case_store.CaseRead, today: dt.date) -> set[str]:
    """The keys of the case's steps that are done on `today` (where a template made on the builder page is offered)."""
    return {step.key for step in steps_of(read, today) if step.status == covenant.DONE}


def signal_status(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> covenant.SignalCheck:
    """May the landlord signal now? (covenant.signal_check plus the refuse-before date of the reminder letter)."""
    return check_of(read_case(session, actor, case_id), today)


# --- recording steps -----------------------------------------------------------------------------------------------

def _after_step(session: Session, actor: ActingUser, case: Case, today: dt.date, *, tenancy: Tenancy | None = None,
                arrears: ledger.Arrears | None = None, settings: covenant.CovenantSettings | None = None) -> None:
    tenancy = tenancy or tenancy_store.get_tenancy(session, actor, case.tenancy_id)
    session.flush()
    arrears = tenancy_store.tenancy_arrears(session, actor, case.tenancy_id, today) if arrears is None else arrears
    refresh_next_step(session, actor, case, tenancy, arrears, today, settings=settings)
    session.flush()


def _open_read(session: Session, actor: ActingUser, case_id: int,
               today: dt.date) -> tuple[case_store.CaseRead, Ledger]:
    """The open case a step is recorded on, in the one read of the case, with its ledger on `today` (a step changes
    neither the rent nor the payments, so the refresh of its next step uses the same arrears)."""
    read = read_case(session, actor, case_id)
    if read.case.status != "open":
        raise ValidationError(covenant.closed_case_problem(read.case.closed_on))
    return read, ledger_of(read, today)


def _after_read_step(session: Session, actor: ActingUser, read: case_store.CaseRead, the_ledger: Ledger,
                     today: dt.date) -> None:
    _after_step(session, actor, read.case, today, tenancy=read.tenancy, arrears=the_ledger[1],
                settings=settings_of(read))


def _open_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    case = case_store.get_case(session, actor, case_id)
    if case.status != "open":
        raise ValidationError(covenant.closed_case_problem(case.closed_on))
    return case


def _step_dates(session: Session, actor: ActingUser, case: Case, today: dt.date, *, tenancy: Tenancy | None = None,
                the_ledger: Ledger | None = None) -> tuple[dt.date, dt.date | None]:
    """(tenancy start, day the arrears of this case arose) for checking the date of a recorded step."""
    tenancy = tenancy or tenancy_store.get_tenancy(session, actor, case.tenancy_id)
    rows, _ = the_ledger or tenancy_store.tenancy_ledger(session, actor, case.tenancy_id, today)
    return tenancy.start_date, covenant.arrears_arose_on(rows, today)


def _check_date(session: Session, actor: ActingUser, case: Case, on: dt.date, today: dt.date, what: str, *,
                tenancy: Tenancy | None = None, the_ledger: Ledger | None = None) -> dt.date:
    start, arose = _step_dates(session, actor, case, today, tenancy=tenancy, the_ledger=the_ledger)
    problems = covenant.step_date_problems(on, what=what, today=today, tenancy_start=start, arrears_arose=arose)
    if problems:
        raise ValidationError(problems)
    return on


def record_friendly_reminder(session: Session, actor: ActingUser, case_id: int, *, on: dt.date,
                             today: dt.date) -> Case:
    read, the_ledger = _open_read(session, actor, case_id, today)
    case = read.case
    case.friendly_reminder_on = _check_date(session, actor, case, on, today,
                                            "u de vriendelijke herinnering stuurde", tenancy=read.tenancy,
                                            the_ledger=the_ledger)
    case_store.log(session, actor, case, "case.friendly_reminder", covenant.friendly_reminder_summary(on))
    _after_read_step(session, actor, read, the_ledger, today)
    return case


def record_written_reminder(session: Session, actor: ActingUser, case_id: int, *, on: dt.date, today: dt.date,
                            via_document: bool = False, copy_name: str = "", copy_data: bytes | None = None,
                            reason: str = "", tenancy: Tenancy | None = None, the_ledger: Ledger | None = None,
                            case: Case | None = None, refresh_step: bool = True) -> Case:
    """The written (Bgs) reminder with the data-sharing offer. The waiting period counts from the first one.
    Also called when the reminder letter is made in Naar Nul (`via_document=True`: no evidence asked).
    A reminder dated more than `reminder_backdate_days` ago needs evidence: an uploaded copy of the letter (kept as a
    document of the case) or a reason; both go on the timeline.
    `tenancy` and `the_ledger` (the case's tenancy and its ledger on `today`, read in this transaction) when the
    caller has them: the letters use case computes the ledger once per letter instead of three times; `case` the
    case when the caller read it (scoped) in this transaction. `refresh_step=False`: the caller refreshes the next
    step of many cases at once afterwards (`refresh_steps`, the bulk reminders)."""
    if case is None or case.id != case_id or case.landlord_id != actor.id:
        case = _open_case(session, actor, case_id)
    elif case.status != "open":
        raise ValidationError(covenant.closed_case_problem(case.closed_on))
    on = _check_date(session, actor, case, on, today, "u de schriftelijke herinnering stuurde", tenancy=tenancy,
                     the_ledger=the_ledger)
    reason = "" if via_document else written_reminder.clean_reason(reason)
    if not via_document:
        problems = covenant.evidence_problems(on, today, settings(session), copy_name=copy_name or "",
                                              copy_data=copy_data, reason=reason)
        if problems:
            raise ValidationError(problems)
    first = case.reminder_on is None or on <= case.reminder_on
    case.reminder_on = min(case.reminder_on, on) if case.reminder_on else on
    detail: dict[str, object] = {}
    filename = ""
    if copy_data is not None and not via_document:
        tenancy = tenancy or tenancy_store.get_tenancy(session, actor, case.tenancy_id)
        filename = written_reminder.copy_filename(copy_name)
        document = case_store.add_reminder_copy(
            session, actor, case, municipality_code=tenancy.municipality_code,
            template_name=written_reminder.COPY_TEMPLATE, template_version=written_reminder.COPY_VERSION,
            title=written_reminder.copy_title(on), filename=filename, content=copy_data)
        if first:
            case.reminder_evidence_document_id = document.id
        detail["document_id"] = document.id
    if reason:
        if first:
            case.reminder_evidence_reason = reason
        detail["reason"] = reason
    case_store.log(session, actor, case, "case.written_reminder",
                   written_reminder.summary(on, today=today, via_document=via_document, copy_filename=filename,
                                            reason=reason), detail=detail or None)
    if refresh_step:
        _after_step(session, actor, case, today, tenancy=tenancy, arrears=the_ledger[1] if the_ledger else None)
    return case


def refresh_steps(session: Session, actor: ActingUser, cases: list[tuple[Case, Tenancy, ledger.Arrears]],
                  today: dt.date) -> None:
    """What `_after_step` does after a step, for many cases at once (the bulk reminders recorded with
    `refresh_step=False`): each case's next step from its facts (read for all in a few statements) and the
    arrears given, read in this transaction."""
    if not cases:
        return
    session.flush()
    rules = settings(session)
    facts = case_store.facts_of_cases(session, actor, cases)
    snapshot_store.forget_rechecks(session, actor, [case.tenancy_id for case, _, _ in cases])  # as
    for case, tenancy, arrears in cases:  # refresh_next_step does without facts
        assert case.id is not None
        refresh_next_step(session, actor, case, tenancy, arrears, today, settings=rules, facts=facts[case.id])
    session.flush()


def record_contact_attempt(session: Session, actor: ActingUser, case_id: int, *, on: dt.date, channel: str,
                           outcome: str, note: str = "", today: dt.date) -> ContactAttempt:
    read, the_ledger = _open_read(session, actor, case_id, today)
    case = read.case
    start, arose = _step_dates(session, actor, case, today, tenancy=read.tenancy, the_ledger=the_ledger)
    attempt = covenant.validate_contact_attempt(on, channel, outcome, note, today, tenancy_start=start,
                                                arrears_arose=arose)
    row = case_store.add_contact_attempt(session, actor, case, attempt)
    case_store.log(session, actor, case, "case.contact_attempt", covenant.contact_attempt_summary(attempt))
    _after_read_step(session, actor, read, the_ledger, today)
    return row


def confirm_contact_failed(session: Session, actor: ActingUser, case_id: int, *, on: dt.date,
                           today: dt.date) -> Case:
    read, the_ledger = _open_read(session, actor, case_id, today)
    case = read.case
    case.contact_failed_on = _check_date(session, actor, case, on, today, "u vaststelde dat contact niet lukte",
                                         tenancy=read.tenancy, the_ledger=the_ledger)
    case_store.log(session, actor, case, "case.contact_failed", covenant.contact_failed_summary(on))
    _after_read_step(session, actor, read, the_ledger, today)
    return case


def record_objection(session: Session, actor: ActingUser, case_id: int, *, received_on: dt.date, channel: str,
                     today: dt.date) -> Objection:
    read, the_ledger = _open_read(session, actor, case_id, today)
    case = read.case
    start, arose = _step_dates(session, actor, case, today, tenancy=read.tenancy, the_ledger=the_ledger)
    problems = covenant.step_date_problems(received_on, what="het bezwaar binnenkwam", today=today,
                                           tenancy_start=start, arrears_arose=arose)
    problems += covenant.objection_channel_problems(channel)
    if problems:
        raise ValidationError(problems)
    row = case_store.add_objection(session, actor, case, received_on=received_on, channel=channel)
    case_store.log(session, actor, case, "case.objection", covenant.objection_summary(received_on, channel))
    _after_read_step(session, actor, read, the_ledger, today)
    return row


def withdraw_objection(session: Session, actor: ActingUser, case_id: int, *, on: dt.date, today: dt.date) -> Objection:
    read, the_ledger = _open_read(session, actor, case_id, today)
    case = read.case
    row = case_store.open_objection(session, actor, case)
    if row is None:
        raise ValidationError(covenant.withdrawal_problems(None, on))
    on = _check_date(session, actor, case, on, today, "de huurder het bezwaar introk", tenancy=read.tenancy,
                     the_ledger=the_ledger)
    problems = covenant.withdrawal_problems(row.received_on, on)
    if problems:
        raise ValidationError(problems)
    row.withdrawn_on = on
    case_store.save(session, row)
    case_store.log(session, actor, case, "case.objection_withdrawn", covenant.objection_withdrawn_summary(on))
    _after_read_step(session, actor, read, the_ledger, today)
    return row


def close_case(session: Session, actor: ActingUser, case_id: int, *, reason: str, today: dt.date) -> Case:
    case = _open_case(session, actor, case_id)
    reason = covenant.clean_close_reason(reason)
    case.status, case.closed_on, case.close_reason = "closed", today, reason
    case_store.set_next_step(session, case, "", None)
    case_store.log(session, actor, case, "case.closed_by_hand", covenant.close_summary(reason))
    return case


# --- the signal ----------------------------------------------------------------------------------------------------

def send_signal(session: Session, actor: ActingUser, case_id: int, today: dt.date, *, urgent: bool = False,
                urgent_reason: str = "", confirm_repeat: bool = False,
                handover: signal_sending.WarmHandover | None = None) -> Signal:
    """Record the signal to the municipality. Refused with the Dutch reasons of covenant.signal_check and
    naarnul.signal_sending; stores a Signal row and its timeline entry. The use case
    (naarnul.services.cases.send_signal) then stores the snapshot of what was sent and makes the notification
    document shared with the municipality."""
    read = read_case(session, actor, case_id)
    case, tenancy = read.case, read.tenancy
    arrears = ledger_of(read, today)[1]
    check = covenant.signal_check(case_store.record_facts(read.record, arrears), settings_of(read), today)
    urgent_reason = signal_sending.clean_reason(urgent_reason)
    problems = signal_sending.sending_problems(check, case.objection_deadline, today, urgent=urgent,
                                               urgent_reason=urgent_reason, confirm_repeat=confirm_repeat)
    if problems:
        raise ValidationError(problems)
    signal = case_store.insert_signal(session, actor, case, tenancy, sent_on=today, arrears=arrears, urgent=urgent,
                                      is_repeat=check.is_repeat, urgent_reason=urgent_reason)
    assert signal.id is not None
    signal.reference = signal_sending.reference(today, signal.id)
    # the warm handover (issue 11) is in the snapshot the notification letter is made from
    signal.payload = json.dumps({**json.loads(signal.payload), **signal_sending.handover_payload(handover, today)},
                                ensure_ascii=False)
    case_store.save(session, signal)
    target = signal_delivery.prepare(session, actor, signal)  # in the portal, or waiting for the landlord to send it
    case_store.log_signal(session, actor, signal, "signal.sent",
                          signal_sending.summary(signal.reference, arrears.amount, arrears.months, urgent=urgent,
                                                 urgent_reason=urgent_reason, in_portal=target.in_portal))
    _after_step(session, actor, case, today, tenancy=tenancy, arrears=arrears, settings=settings_of(read))
    return signal
