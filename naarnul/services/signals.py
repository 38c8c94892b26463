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

from naarnul import calendar, covenant
from naarnul import signals as rules
from naarnul.errors import NotFound, ValidationError
from naarnul.services.refresh import refresh_arrears
from naarnul.users import ActingUser, Role
from store import cases as case_store
from store import documents as document_store
from store import municipalities as municipality_store
from store import settings as settings_store
from store import signals as signal_store
from store.unit_of_work import UnitOfWork

STATUS_LABELS = dict(rules.STATUSES)
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


@dataclass(frozen=True)
class DownloadFile:
    filename: str
    data: bytes


def list_inbox(uow: UnitOfWork, actor: ActingUser, *, status: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, search: str = "", page: int = 0, page_size: int = 25) -> Inbox:
    """One page of the signals of the actor's municipality: new ones first, then newest first."""
    rules.check_inbox_filters(status, since, until)
    with uow:
        rows, total = signal_store.inbox(uow.session, actor, status=status or None, since=since, until=until,
                                         search=search, limit=page_size, offset=max(0, page) * page_size)
        code = actor.municipality_code
        name = municipality_store.get(uow.session, code).name if code else "alle gemeenten"
        return Inbox(municipality_name=name, rows=tuple(InboxRow(
            id=r["id"], reference=r["reference"], sent_on=r["sent_on"], tenant_names=r["tenant_names"],
            postcode=r["postcode"], arrears=r["arrears"], arrears_months=r["arrears_months"],
            landlord_name=r["landlord_name"], urgent=r["urgent"], status=r["status"], status_label=r["status_label"],
            is_repeat=r["is_repeat"]) for r in rows), total=total, page=page,
            page_count=max(1, -(-total // page_size)))


def view_signal(uow: UnitOfWork, actor: ActingUser, *, signal_id: int | str) -> SignalView:
    """Everything the municipality received about one signal. A read: it changes nothing."""
    with uow:
        signal = signal_store.open_signal(uow.session, actor, signal_id)
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
        collection_paused_until=signal["collection_paused_until"])


def start_handling(uow: UnitOfWork, actor: ActingUser, *, signal_id: int) -> bool:
    """Take a new signal in progress; idempotent (False when it was not new any more)."""
    with uow:
        changed = signal_store.start_handling(uow.session, actor, signal_id)
        uow.commit()
        return changed


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
                                   summary=rules.feedback_audit_summary(entry.outcome, until))
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
    with uow:
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
