"""Signals on the municipal side: the liaison's inbox, one signal, taking it in progress, downloads, exports and
feedback.

Reads (`list_inbox`, `view_signal`) never write: not even an audit event. The audit trail records the liaison's
actions, once each: taking a signal in progress, recording feedback, and every download or export (a click that
hands personal data out of the portal is an action, so it is audited per click).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from naarnul import calendar, covenant, ddas
from naarnul import signals as rules
from naarnul.errors import NotFound, ValidationError
from naarnul.formatting import format_date
from naarnul.services.refresh import refresh_arrears
from naarnul.users import ActingUser, Role
from store import cases as case_store
from store import ddas as ddas_store
from store import documents as document_store
from store import municipalities as municipality_store
from store import settings as settings_store
from store import signal_workflow as workflow_store
from store import signals as signal_store
from store.unit_of_work import UnitOfWork

STATUS_LABELS = dict(rules.STATUSES)
UNASSIGNED = rules.UNASSIGNED
NOTE_MAX = rules.NOTE_MAX
# the outcomes in the order of the form: first "not picked up", then "picked up" with the end result
FEEDBACK_CHOICES: tuple[tuple[str, str], ...] = tuple(
    [(code, label) for code, label in covenant.FEEDBACK_OUTCOMES.items() if code in rules.NOT_PICKED_UP]
    + [(code, label) for code, label in covenant.FEEDBACK_OUTCOMES.items() if code in rules.PICKED_UP])


@dataclass(frozen=True)
class InboxRow:
    id: int
    reference: str
    sent_on: dt.date
    tenant_names: str
    postcode: str
    arrears: Decimal
    arrears_months: int
    landlord_name: str
    urgent: bool
    status: str
    status_label: str
    is_repeat: bool
    assignee_name: str = ""
    picked_up_on: dt.date | None = None
    age_days: int = 0


@dataclass(frozen=True)
class Inbox:
    municipality_name: str
    rows: tuple[InboxRow, ...]
    total: int
    page: int
    page_count: int


@dataclass(frozen=True)
class SharedDocument:
    id: int
    title: str
    filename: str  # safe to offer as a download name
    created_at: dt.datetime  # Europe/Amsterdam


@dataclass(frozen=True)
class ContactAttemptLine:
    on_date: dt.date
    channel: str
    outcome: str


@dataclass(frozen=True)
class MunicipalContactLine:
    on_date: dt.date
    kind: str  # DDAS EnumContactsoort
    reached: bool
    part_of_day: str  # DDAS EnumDagdeel or ""
    liaison_name: str


@dataclass(frozen=True)
class FeedbackLine:
    on_date: dt.date
    outcome_label: str
    help_accepted: bool
    liaison_note: str


@dataclass(frozen=True)
class SignalView:
    id: int
    reference: str
    file_stem: str  # the reference as a safe file name
    sent_on: dt.date
    status: str
    status_label: str
    is_repeat: bool
    urgent: bool
    tenant_names: str
    postcode: str
    arrears: Decimal
    arrears_months: int
    landlord_name: str
    municipality_name: str
    payload_lines: tuple[tuple[str, str], ...]
    documents: tuple[SharedDocument, ...]
    contact_attempts: tuple[ContactAttemptLine, ...]
    feedback: tuple[FeedbackLine, ...]
    collection_paused_until: dt.date | None
    story: rules.CaseStory | None = None
    assigned_to_id: int | None = None
    assignee_name: str = ""
    picked_up_on: dt.date | None = None
    age_days: int = 0
    municipal_contact_attempts: tuple[MunicipalContactLine, ...] = ()


@dataclass(frozen=True)
class DownloadFile:
    filename: str
    data: bytes


def list_inbox(uow: UnitOfWork, actor: ActingUser, *, status: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, search: str = "", assigned_to: int | str | None = None,
               picked_up: bool | None = None, min_age_days: int | None = None, page: int = 0,
               page_size: int = 25, today: dt.date | None = None) -> Inbox:
    """One page of the signals of the actor's municipality: new ones first, then newest first. Filters: status,
    period, search, assigned colleague (`rules.UNASSIGNED`: nobody), picked up or not, at least `min_age_days`
    old (days since the signal, counted from `today`)."""
    today = today or calendar.today()
    rules.check_inbox_filters(status, since, until, min_age_days, picked_up)
    cutoff = today - dt.timedelta(days=min_age_days) if min_age_days else None
    with uow.reading():
        rows, total = signal_store.inbox(uow.session, actor, status=status or None, since=since, until=until,
                                         search=search, assigned_to=assigned_to, picked_up=picked_up,
                                         sent_on_or_before=cutoff, limit=page_size,
                                         offset=max(0, page) * page_size)
        code = actor.municipality_code
        name = municipality_store.get(uow.session, code).name if code else "alle gemeenten"
        return Inbox(municipality_name=name, rows=tuple(InboxRow(
            id=r["id"], reference=r["reference"], sent_on=r["sent_on"], tenant_names=r["tenant_names"],
            postcode=r["postcode"], arrears=r["arrears"], arrears_months=r["arrears_months"],
            landlord_name=r["landlord_name"], urgent=r["urgent"], status=r["status"], status_label=r["status_label"],
            is_repeat=r["is_repeat"], assignee_name=r["assignee_name"], picked_up_on=r["picked_up_on"],
            age_days=rules.age_days(r["sent_on"], today)) for r in rows), total=total, page=page,
            page_count=max(1, -(-total // page_size)))


def view_signal(uow: UnitOfWork, actor: ActingUser, *, signal_id: int | str,
                today: dt.date | None = None) -> SignalView:
    """Everything the municipality received about one signal, told as a case. A read: it changes nothing."""
    today = today or calendar.today()
    with uow.reading():
        signal = signal_store.open_signal(uow.session, actor, signal_id)
    story = rules.case_story(
        signal["payload"], sent_on=signal["sent_on"], arrears_cents=signal["arrears_cents"],
        oldest_unpaid_due=signal["oldest_unpaid_due"], urgent=signal["urgent"],
        friendly_reminder_on=signal["friendly_reminder_on"], reminder_on=signal["reminder_on"],
        contact_failed_on=signal["contact_failed_on"],
        contact_attempts=tuple((a["on_date"], a["channel"], a["outcome"]) for a in signal["contact_attempts"]))
    return SignalView(
        id=signal["id"], reference=signal["reference"], file_stem=rules.safe_filename(signal["reference"]),
        sent_on=signal["sent_on"], status=signal["status"], status_label=signal["status_label"],
        is_repeat=signal["is_repeat"], urgent=signal["urgent"], tenant_names=signal["tenant_names"],
        postcode=signal["postcode"], arrears=signal["arrears"], arrears_months=signal["arrears_months"],
        landlord_name=signal["landlord_name"], municipality_name=signal["municipality_name"],
        payload_lines=tuple(rules.payload_lines(signal["payload"])),
        documents=tuple(SharedDocument(id=d["id"], title=d["title"], filename=rules.safe_filename(d["filename"]),
                                       created_at=calendar.local(d["created_at"])) for d in signal["documents"]),
        contact_attempts=tuple(ContactAttemptLine(on_date=a["on_date"], channel=a["channel"], outcome=a["outcome"])
                               for a in signal["contact_attempts"]),
        feedback=tuple(FeedbackLine(on_date=f["on_date"], outcome_label=f["outcome_label"],
                                    help_accepted=f["help_accepted"], liaison_note=f["liaison_note"])
                       for f in signal["feedback"]),
        collection_paused_until=signal["collection_paused_until"], story=story,
        assigned_to_id=signal["assigned_to_id"], assignee_name=signal["assignee_name"],
        picked_up_on=signal["picked_up_on"], age_days=rules.age_days(signal["sent_on"], today),
        municipal_contact_attempts=tuple(MunicipalContactLine(
            on_date=m["on_date"], kind=m["kind"], reached=m["reached"], part_of_day=m["part_of_day"],
            liaison_name=m["liaison_name"]) for m in signal["municipal_contact_attempts"]))


def start_handling(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, today: dt.date) -> bool:
    """Take a new signal in progress, picked up today; idempotent (False when it was not new any more)."""
    with uow:
        changed = signal_store.start_handling(uow.session, actor, signal_id, picked_up_on=today)
        uow.commit()
        return changed


# --- workflow ------------------------------------------------------------------------------------------------------

CONTACT_KINDS = ddas.CONTACT_KINDS
PARTS_OF_DAY = ddas.PARTS_OF_DAY


def list_colleagues(uow: UnitOfWork, actor: ActingUser) -> tuple[tuple[int, str], ...]:
    """(user id, name) of the active liaisons of the actor's municipality, the actor included."""
    with uow.reading():
        return tuple(workflow_store.colleagues(uow.session, actor))


def set_status(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, status: str, today: dt.date) -> bool:
    """nieuw / in behandeling / afgerond. Leaving "nieuw" sets the date picked up (today) when there is none;
    back to "nieuw" clears it. Audited; False when nothing changed."""
    status = rules.check_status(status)
    with uow:
        _, picked_up_on, _ = workflow_store.signal_state(uow.session, actor, signal_id)
        changed = workflow_store.set_status(uow.session, actor, signal_id, status,
                                          picked_up_on=rules.picked_up_on_after(status, picked_up_on, today),
                                          summary=rules.status_summary(status))
        uow.commit()
        return changed


def assign_signal(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, user_id: int | None) -> bool:
    """Give the signal to a colleague of the same municipality (None: nobody). Audited; False when unchanged."""
    with uow:
        changed = workflow_store.assign(uow.session, actor, signal_id, user_id, summary=rules.assigned_summary)
        uow.commit()
        return changed


def set_picked_up_on(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, on_date: dt.date | None,
                     today: dt.date) -> bool:
    """Correct the date the municipality picked the signal up (on or after the signal, not in the future)."""
    with uow:
        _, _, sent_on = workflow_store.signal_state(uow.session, actor, signal_id)
        day = rules.check_picked_up_on(on_date, sent_on=sent_on, today=today)
        changed = workflow_store.set_picked_up_on(uow.session, actor, signal_id, day,
                                                summary=rules.picked_up_summary(day))
        uow.commit()
        return changed


def record_municipal_contact(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, on_date: dt.date | None,
                             kind: str, reached: bool, part_of_day: str = "", today: dt.date) -> bool:
    """The municipality's own contact attempt (kind per the DDAS list, reached or not, date, part of day).
    The same attempt twice is recorded once (False)."""
    with uow:
        _, _, sent_on = workflow_store.signal_state(uow.session, actor, signal_id)
        entry = ddas.check_contact_attempt(on_date=on_date, kind=kind or "", reached=reached,
                                           part_of_day=part_of_day or "", sent_on=sent_on, today=today)
        changed = workflow_store.add_municipal_contact(
            uow.session, actor, signal_id, entry,
            summary=rules.municipal_contact_summary(entry.kind, entry.reached, entry.on_date))
        uow.commit()
        return changed


def update_handling(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, status: str,
                    assigned_to: int | None, picked_up_on: dt.date | None, today: dt.date) -> bool:
    """The "Behandeling" form in one transaction: status, the colleague handling it (None: nobody) and the date
    picked up (kept, or today, when the signal leaves "nieuw" without a date; cleared back at "nieuw"). Each change
    is its own audit event; False when nothing changed."""
    status = rules.check_status(status)
    with uow:
        current_status, current_day, sent_on = workflow_store.signal_state(uow.session, actor, signal_id)
        if status == "new" and picked_up_on is not None and picked_up_on != current_day:
            # a new date with "nieuw" contradicts itself; the date shown already is cleared with the status
            raise ValidationError("Een melding met een datum opgepakt is niet meer nieuw. Kies de status 'in "
                                  "behandeling' of 'afgerond', of maak de datum leeg.")
        day = None
        if status != "new":
            day = (rules.check_picked_up_on(picked_up_on, sent_on=sent_on, today=today) if picked_up_on
                   else rules.picked_up_on_after(status, current_day, today))
        changed = workflow_store.assign(uow.session, actor, signal_id, assigned_to, summary=rules.assigned_summary)
        if status != current_status:
            changed = workflow_store.set_status(uow.session, actor, signal_id, status, picked_up_on=day,
                                              summary=rules.status_summary(status)) or changed
        elif day is not None and day != current_day:
            changed = workflow_store.set_picked_up_on(uow.session, actor, signal_id, day,
                                                    summary=rules.picked_up_summary(day)) or changed
        uow.commit()
        return changed


# --- the DDAS export -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DdasExport:
    filename: str
    data: bytes  # the JSON, checked against the schema
    deliveries: int  # municipalities in the file
    signals: int


def _ddas_file(deliveries: list[ddas.Delivery], start: dt.date, end: dt.date, now: dt.datetime,
               code: str | None) -> DdasExport:
    document = ddas.uitwisselmodel(start=start, end=end, deliveries=deliveries, now=now)
    return DdasExport(filename=ddas.filename(start, end, code), data=ddas.to_json(document),
                      deliveries=len(deliveries), signals=sum(len(d.signals) for d in deliveries))


def _export_summary(start: dt.date, end: dt.date) -> str:
    return f"DDAS-levering gemaakt over {format_date(start)} tot en met {format_date(end)}"


def export_ddas(uow: UnitOfWork, actor: ActingUser, *, start: dt.date | None, end: dt.date | None,
                municipality_code: str | None = None, now: dt.datetime | None = None) -> DdasExport:
    """The DDAS Uitwisselmodel v1.2 of the signals sent in the period, for the liaison's own municipality (an admin:
    the one asked for, or every municipality with signals). Audited per municipality."""
    first, last = ddas.check_period(start, end)
    moment = now or dt.datetime.now(calendar.TIME_ZONE)
    with uow:
        deliveries = ddas_store.ddas_deliveries(uow.session, actor, start=first, end=last,
                                                  municipality_code=municipality_code)
        result = _ddas_file(deliveries, first, last, moment,
                            deliveries[0].municipality_code if len(deliveries) == 1 else None)
        ddas_store.record_ddas_export(uow.session, actor, deliveries, start=first, end=last,
                                        summary=_export_summary(first, last))
        uow.commit()
        return result


def export_ddas_for_operator(database_url: str, *, start: dt.date, end: dt.date,
                             municipality_code: str | None = None, now: dt.datetime | None = None) -> DdasExport:
    """`naarnul ddas-export`: one delivery per municipality with signals in the period (or the one asked for),
    in one file; audited without a user (the command line)."""
    first, last = ddas.check_period(start, end)
    moment = now or dt.datetime.now(calendar.TIME_ZONE)
    with UnitOfWork(database_url) as uow:
        deliveries = ddas_store.ddas_deliveries_for_operator(uow.session, start=first, end=last,
                                                               municipality_code=municipality_code)
        result = _ddas_file(deliveries, first, last, moment, municipality_code)
        ddas_store.record_ddas_export(uow.session, None, deliveries, start=first, end=last,
                                        summary=_export_summary(first, last))
        uow.commit()
        return result


def record_feedback(uow: UnitOfWork, actor: ActingUser, *, signal_id: int, on_date: dt.date | None, outcome: str,
                    help_accepted: bool, liaison_note: str = "", today: dt.date) -> None:
    """The municipality's answer. The landlord sees the outcome (and the collection pause when help was accepted),
    never the note. The same answer twice (a double click) is recorded once."""
    with uow:
        signal = signal_store.signal_for_feedback(uow.session, actor, signal_id)
        entry = rules.check_feedback(on_date=on_date, outcome=outcome or "", help_accepted=help_accepted,
                                     liaison_note=liaison_note, sent_on=signal.sent_on, today=today)
        until = None
        if entry.help_accepted:
            until = rules.pause_until([entry.on_date], settings_store.load(uow.session, covenant.CovenantSettings),
                                      today)
        signal_store.save_feedback(uow.session, actor, signal.id, entry, paused_until=until,
                                   summary=rules.feedback_audit_summary(entry.outcome, until),
                                   picked_up_on=entry.on_date if entry.outcome in rules.PICKED_UP else None)
        # the landlord's Vandaag and Dossier show the stored next step: bring it up to date in this transaction
        landlord, case_id = case_store.landlord_and_case_of_signal(uow.session, signal.id)
        case = case_store.get_case(uow.session, landlord, case_id)
        refresh_arrears(uow.session, landlord, today, [case.tenancy_id], force=True)
        uow.commit()


@dataclass(frozen=True)
class LandlordFeedback:
    on_date: dt.date
    outcome: str
    outcome_label: str
    help_accepted: bool
    paused_until: dt.date | None
    signal_reference: str
    signal_sent_on: dt.date
    sentence: str  # one Dutch sentence for the case page


def feedback_for_landlord(uow: UnitOfWork, actor: ActingUser, *, case_id: int, today: dt.date
                          ) -> tuple[LandlordFeedback, ...]:
    """What the municipality fed back on the landlord's own case, oldest first; never the liaison's note."""
    with uow.reading():
        rows = signal_store.feedback_for_landlord(uow.session, actor, case_id,
                                                  settings=settings_store.load(uow.session, covenant.CovenantSettings))
    return tuple(LandlordFeedback(**row, sentence=rules.feedback_sentence(row["on_date"], row["outcome_label"],
                                                                          row["paused_until"], today))
                 for row in rows)


def download_document(uow: UnitOfWork, actor: ActingUser, *, document_id: int | str) -> DownloadFile:
    """One document shared with the actor's municipality (an admin: any shared one); audited as a download."""
    try:
        number = int(document_id)
    except (TypeError, ValueError):
        raise NotFound("Dit document bestaat niet.") from None
    with uow:
        if actor is not None and actor.role == Role.LIAISON:
            document = document_store.get_document(uow.session, actor, number)
        else:
            document = signal_store.shared_document_for_admin(uow.session, actor, number)
        signal_store.record_document_download(uow.session, actor, document,
                                              rules.document_downloaded_summary(document.title))
        result = DownloadFile(filename=rules.safe_filename(document.filename), data=bytes(document.content))
        uow.commit()
        return result


def export_signals(uow: UnitOfWork, actor: ActingUser, *, signal_ids: list[int], fmt: str) -> bytes:
    """The chosen notifications as CSV (`;`, UTF-8 with BOM, formulas defused) or JSON; audited per signal."""
    if fmt not in ("csv", "json"):
        raise ValidationError("Kies CSV of JSON.")
    with uow:
        records = signal_store.signal_records(uow.session, actor, signal_ids)
        data = rules.export(records, fmt)
        signal_store.record_signal_action(uow.session, actor, [r.id for r in records], "signal.exported",
                                          {r.id: rules.exported_summary(r.reference, fmt) for r in records},
                                          detail={"format": fmt})
        uow.commit()
        return data


def download_documents_zip(uow: UnitOfWork, actor: ActingUser, *, signal_ids: list[int]) -> bytes:
    """One ZIP with every document shared for the chosen signals (a folder per signal) and meldingen.csv; audited
    per signal."""
    with uow:
        records = signal_store.signal_records(uow.session, actor, signal_ids)
        data = rules.documents_zip([(r, signal_store.shared_files(uow.session, actor, r)) for r in records])
        signal_store.record_signal_action(uow.session, actor, [r.id for r in records], "signal.downloaded",
                                          {r.id: rules.downloaded_summary(r.reference) for r in records})
        uow.commit()
        return data
