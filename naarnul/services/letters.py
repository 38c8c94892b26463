"""Use cases of the Brieven page: choose a case and a template, preview, make and keep a letter, download it, the
notification as data, and the bulk reminders. One public function per use case, one unit of work each; a read
never commits. Views are frozen dataclasses (no ORM objects, no dicts read by string keys).

Persistence and the scoped queries are store.documents and store.templates; the document rules are
naarnul.documents; times shown are Amsterdam time (naarnul.calendar.local).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from naarnul import calendar
from naarnul.calendar import PostSettings
from naarnul.documents import TemplateSpec, libreoffice_available, to_pdf
from naarnul.documents.offering import NOT_OFFERED
from naarnul.errors import ValidationError
from naarnul.services import case_steps, letter_making, notify, templates
from naarnul.services.notify import MailLine
from naarnul.users import ActingUser
from store import documents as document_store
from store import settings as settings_store
from store import templates as template_store
from store.unit_of_work import UnitOfWork

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class LetterCase:
    id: int
    status: str
    reference: str
    address: str
    tenant_names: str

    @property
    def label(self) -> str:
        return f"{self.address} – {self.tenant_names or 'geen huurder'} ({self.reference})"


@dataclass(frozen=True)
class LetterChoices:
    cases: tuple[LetterCase, ...]
    templates: tuple[TemplateSpec, ...]  # every template in its active version, in the order of the steps


@dataclass(frozen=True)
class Preview:
    title: str
    text: str
    is_letter: bool
    report: Any  # naarnul.wording.Report, None for forms and agreements
    errors: tuple[str, ...]  # Dutch messages of the wording check's error findings


@dataclass(frozen=True)
class MadeDocument:
    id: int
    case_id: int
    title: str
    filename: str


@dataclass(frozen=True)
class StoredDocument:
    id: int
    title: str
    filename: str
    made_at: dt.datetime  # Amsterdam time
    shared_with_municipality: bool
    wording_override: bool


@dataclass(frozen=True)
class CaseDocuments:
    documents: tuple[StoredDocument, ...]  # newest first
    has_signal: bool


@dataclass(frozen=True)
class LettersPage:
    """Everything the Brieven page shows in one run, read in one transaction."""

    cases: tuple[LetterCase, ...]  # the open cases
    case_id: int | None  # the case chosen (the one asked for when it is open, else the first)
    templates: tuple[TemplateSpec, ...]  # offered on that case, in the order of the steps (without .docx bytes)
    documents: tuple[StoredDocument, ...]  # kept on that case, newest first
    has_signal: bool
    mail: tuple[MailLine, ...]  # the case's e-mail, newest first (only when it has documents)
    without_reminder: tuple[int, ...]  # open cases without a written reminder (for the bulk reminders)


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class BulkResult:
    made: tuple[int, ...]  # document ids
    problems: tuple[tuple[int, str], ...]  # (case id, Dutch text)


def delivery_days(uow: UnitOfWork) -> int:
    """The admin's delivery days of letter post (Instellingen → Post), which the wording check counts a suggested
    14-day deadline with (the page "Brief controleren" checks a text that belongs to no case)."""
    with uow.reading(one_statement=True):
        return settings_store.load(uow.session, PostSettings).letter_delivery_days


def letter_choices(uow: UnitOfWork, actor: ActingUser) -> LetterChoices:
    """The landlord's open cases and the templates to choose from."""
    with uow:
        cases = document_store.list_cases_for_letters(uow.session, actor)
        specs = template_store.active_specs(uow.session)
    return LetterChoices(
        cases=tuple(LetterCase(c["id"], c["status"], c["reference"], c["address"], c["tenant_names"])
                    for c in cases),
        templates=tuple(specs))


def _stored(rows: list[dict]) -> tuple[StoredDocument, ...]:
    return tuple(StoredDocument(r["id"], r["title"], r["filename"], calendar.local(r["created_at"]),
                                bool(r["shared_with_municipality"]), bool(r["wording_override"])) for r in rows)


def letters_page(uow: UnitOfWork, actor: ActingUser, *, case_id: int | None, today: dt.date) -> LettersPage:
    """The Brieven page in one read: the open cases, and for the chosen one the templates offered, its documents,
    whether it has a signal and its e-mail; the cases without a reminder come with the cases."""
    with uow:
        session = uow.session
        rows = document_store.letter_cases(session, actor)
        cases = tuple(LetterCase(c["id"], c["status"], c["reference"], c["address"], c["tenant_names"])
                      for c in rows)
        without = tuple(sorted(c["id"] for c in rows if c["reminder_on"] is None))
        if not cases:
            return LettersPage((), None, (), (), False, (), ())
        chosen = next((c.id for c in cases if c.id == case_id), cases[0].id)
        specs, offerings = template_store.specs_and_offerings_to_choose(session)
        # a template made on the builder page: the case's steps in one read, which also tells of its signals
        case = case_steps.read_case(session, actor, chosen) if offerings else None
        offered = set(templates.offered_names(session, actor, chosen, today, names=[s.name for s in specs],
                                              offerings=offerings, case=case))
        documents = _stored(document_store.documents_of_case(session, actor, chosen))
        signal = bool(case.signals) if case else document_store.case_has_signal(session, actor, chosen)
        mail = notify.case_mail_lines(session, actor, chosen) if documents else ()
    return LettersPage(cases, chosen, tuple(s for s in specs if s.name in offered), documents, signal, mail,
                       without)


def case_documents(uow: UnitOfWork, actor: ActingUser, *, case_id: int) -> CaseDocuments:
    """The documents kept on one of the landlord's cases (without bytes), and whether it has a signal."""
    with uow:
        rows = document_store.list_documents(uow.session, actor, case_id)
        signal = document_store.has_signal(uow.session, actor, case_id)
    return CaseDocuments(
        documents=tuple(StoredDocument(r["id"], r["title"], r["filename"], calendar.local(r["created_at"]),
                                       bool(r["shared_with_municipality"]), bool(r["wording_override"]))
                        for r in rows),
        has_signal=signal)


def _require_offered(session: Session, actor: ActingUser, case_id: int, template_name: str, today: dt.date) -> None:
    """A template made on the builder page is made only once the case has done its step (not only hidden on the page).
    The offerings in one statement; the case's steps, only for such a template, in the one read of the case."""
    offerings = template_store.active_offerings(session)
    if (template_name in offerings
            and not templates.offered_names(session, actor, case_id, today, names=[template_name],
                                            offerings=offerings)):
        raise ValidationError(NOT_OFFERED)


def preview_letter(uow: UnitOfWork, actor: ActingUser, *, case_id: int, template_name: str, values: dict,
                   today: dt.date) -> Preview:
    """Render without keeping anything; the wording check's findings for a letter. A read: it takes no write lock,
    and the render runs after the read has ended."""
    with uow.reading():
        _require_offered(uow.session, actor, case_id, template_name, today)
        letter = letter_making.read_letter(uow.session, actor, case_id, template_name, values, today)
    result = letter_making.preview_of(letter)
    return Preview(result["title"], result["text"], result["is_letter"], result["report"], tuple(result["errors"]))


def make_letter(uow: UnitOfWork, actor: ActingUser, *, case_id: int, template_name: str, values: dict,
                today: dt.date, confirm_wording: bool = False) -> MadeDocument:
    """Make the document from the template's active version and keep it on the case (with its facts).

    The case is read in one short read, the letter rendered with no transaction open, and kept in one short write
    transaction (on SQLite the write lock is held only for that), which reads the case again and makes the letter
    again when it changed in between (naarnul.services.letter_making.keep_letter)."""
    with uow.reading():
        _require_offered(uow.session, actor, case_id, template_name, today)
        letter = letter_making.read_letter(uow.session, actor, case_id, template_name, values, today)
    rendered = letter_making.render_letter(letter)
    with uow:
        _require_offered(uow.session, actor, case_id, template_name, today)
        row = letter_making.keep_letter(uow.session, actor, letter, rendered, today, confirm_wording=confirm_wording)
        assert row.id is not None
        made = MadeDocument(row.id, row.case_id, row.title, row.filename)
        uow.commit()
    return made


def document_download(uow: UnitOfWork, actor: ActingUser, *, document_id: int) -> Download:
    """The exact stored bytes of one of the actor's documents."""
    with uow:
        filename, content = document_store.document_bytes(uow.session, actor, document_id)
    return Download(filename, content, DOCX)


def pdf_available() -> bool:
    return libreoffice_available()


def document_pdf(uow: UnitOfWork, actor: ActingUser, *, document_id: int) -> Download:
    """The stored document as PDF (LibreOffice); empty content when the conversion is not possible here."""
    stored = document_download(uow, actor, document_id=document_id)
    return Download(stored.filename.rsplit(".", 1)[0] + ".pdf", to_pdf(stored.content) or b"", "application/pdf")


def notification_downloads(uow: UnitOfWork, actor: ActingUser, *, case_id: int,
                           today: dt.date) -> tuple[Download, Download]:
    """The case's municipal notification as CSV and as JSON."""
    with uow:
        csv_name, csv_data = document_store.notification_export(uow.session, actor, case_id, today, "csv")
        json_name, json_data = document_store.notification_export(uow.session, actor, case_id, today, "json")
    return Download(csv_name, csv_data, "text/csv"), Download(json_name, json_data, "application/json")


def cases_without_reminder(uow: UnitOfWork, actor: ActingUser) -> tuple[int, ...]:
    """Ids of the landlord's open cases that have no written reminder yet."""
    with uow:
        return tuple(document_store.cases_without_reminder(uow.session, actor))


def make_reminders(uow: UnitOfWork, actor: ActingUser, *, case_ids: tuple[int, ...], today: dt.date,
                   progress: Callable[[int, int], None] | None = None) -> BulkResult:
    """The reminder for many cases at once; a case with a problem is skipped and named, the others are kept. Kept a
    batch at a time in short write transactions, rendered outside them (naarnul.services.letter_making.make_many)."""
    result = letter_making.make_many(uow.database_url, actor, list(case_ids), "reminder", today,
                                     processes=letter_making.render_processes(), progress=progress)
    return BulkResult(tuple(result["made"]), tuple(result["problems"]))
