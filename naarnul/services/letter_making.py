"""Making documents, composed from the store modules: the active template (store.templates), the case's input
(store.documents), rendering and the wording check (naarnul.documents, naarnul.wording), keeping the bytes
(store.documents) and the covenant evidence of a reminder (naarnul.services.case_steps).

Session-level helpers shared by the letters and the arrangements use cases (naarnul.services.letters,
naarnul.services.arrangements); the caller owns the unit of work and commits.

The letters use case renders outside the write transaction (on SQLite the unit of work holds the database's write
lock from its BEGIN IMMEDIATE to its commit, and a render takes longer than all the store work of a letter): it reads
the case in one short read (`reading`, `read_letter`), renders with no transaction open (`render_letter`), and keeps
the letter in one short write transaction (`keep_letter`) that reads the case again and makes the letter again there
when anything it shows changed in between. `make_many` does the same for bulk reminders, a batch at a time.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from naarnul import access
from naarnul.calendar import PostSettings
from naarnul.documents import GeneratedDocument, TemplateSpec, validate_extra_fields
from naarnul.documents.generation import checked_document
from naarnul.errors import NaarNulError, NotFound, ValidationError
from naarnul.formatting import format_date
from naarnul.services import case_steps
from naarnul.users import ActingUser
from store import documents as document_store
from store import settings as settings_store
from store import templates as template_store
from store import tenancies as tenancy_store
from store.models import Case, Document
from store.unit_of_work import UnitOfWork

WORDING_REFUSED = ("De schrijfcheck vond punten die de brief minder duidelijk of minder vriendelijk maken. Pas de "
                   "brief aan, of bevestig dat u hem toch wilt maken:")
NEEDS_ARRANGEMENT = ("Voor deze brief is een lopende betalingsregeling nodig die past bij de achterstand van vandaag. "
                     "Maak of wijzig eerst de regeling bij Betalingsregeling.")


def error_findings(report) -> list:
    return [f for f in (report.findings if report else []) if str(f.severity) == "error"]


def render_job(spec: TemplateSpec, data: dict, extra: dict | None, typed: dict) -> tuple[GeneratedDocument, Any]:
    """Pure part (no database): context, render, text and wording check, in one task of a sandbox worker."""
    return checked_document(data, spec, extra, typed)


def _prepare(session: Session, actor: ActingUser, case: Case, template_name: str, extra: dict | None,
             today: dt.date, *, the_ledger: case_steps.Ledger | None = None) -> tuple[TemplateSpec, dict, dict]:
    """Database part: (active spec, typed extra values, the case as JSON). Raises ValidationError in Dutch."""
    spec = template_store.active_template(session, template_name)
    typed = validate_extra_fields(spec, extra or {}, today=today)
    data = document_store.case_json(session, actor, case, today, arrears=the_ledger[1] if the_ledger else None)
    data["delivery_days"] = settings_store.load(session, PostSettings).letter_delivery_days  # the admin's setting
    if "arrangement" in spec.case_fields and "arrangement" not in data:
        raise ValidationError(NEEDS_ARRANGEMENT)
    return spec, typed, data


def preview_for_case(session: Session, actor: ActingUser, case_id: int, template_name: str, extra: dict | None,
                     today: dt.date) -> dict:
    """Render without storing: {"title", "text", "is_letter", "wording_ok", "report", "errors"} for the preview.
    `report` is a naarnul.wording.Report (None for forms); `errors` the Dutch messages of error findings."""
    return preview_of(read_letter(session, actor, case_id, template_name, extra, today))


def preview_of(letter: LetterInput) -> dict:
    """The preview of a letter read by `read_letter` (rendered with no transaction open); see preview_for_case."""
    document, report = render_job(letter.spec, letter.data, letter.extra, letter.typed)
    errors = error_findings(report)
    return {"title": document.title, "text": document.text, "is_letter": letter.spec.kind == "letter",
            "wording_ok": not errors, "report": report, "errors": [f.message for f in errors]}


def generated_summary(title: str, filename: str, shared_with_municipality: bool) -> str:
    """The timeline line of a generated document."""
    summary = f"Document gemaakt: {title} ({filename})"
    return summary + ", gedeeld met de gemeente" if shared_with_municipality else summary


def wording_override_summary(title: str, error_count: int) -> str:
    """The timeline line when the landlord confirmed a letter the wording check found errors in."""
    return (f"{title} toch gemaakt, hoewel de schrijfcheck {error_count} fout(en) vond. "
            "De verhuurder heeft dit bevestigd.")


def objection_deadline_summary(refuse_before: object) -> str:
    """The timeline line of a reminder's objection deadline (empty when there is no date: nothing is recorded)."""
    if not isinstance(refuse_before, dt.date):
        return ""
    return f"De huurder kan tot {format_date(refuse_before)} weigeren dat gegevens naar de gemeente gaan"


def _keep(session: Session, actor: ActingUser, case: Case, spec: TemplateSpec, typed: dict, rendered: tuple,
          today: dt.date, *, confirm_wording: bool, share_with_municipality: bool,
          read: tuple[Any, case_steps.Ledger] | None = None, stepped: list | None = None) -> Document:
    """Store the rendered document; a reminder also records the covenant evidence on the case. `read`: (the case's
    tenancy, its ledger on `today`) when the caller read them in this transaction. `stepped`: the bulk reminders
    refresh the next step of the whole batch at once (case_steps.refresh_steps): (case, tenancy, arrears) of a
    case whose reminder date was recorded is added to it instead."""
    docx, template_version, errors, checked, facts = rendered
    if errors and not confirm_wording:
        raise ValidationError([WORDING_REFUSED] + [e.split(": ", 1)[-1] for e in errors])
    tenancy, the_ledger = read if read else (document_store.get_tenancy(session, actor, case.tenancy_id), None)
    filename = document_store.document_filename(spec.name, today, tenancy)
    row = document_store.store_document(session, actor, case, spec, docx, template_version, errors, checked, today,
                                        facts, share_with_municipality=share_with_municipality, filename=filename,
                                        summary=generated_summary(spec.title, filename, share_with_municipality),
                                        override_summary=wording_override_summary(spec.title, len(errors)),
                                        tenancy=tenancy)
    if spec.name == "reminder":
        if case.reminder_on is None and case.status == "open":
            assert case.id is not None
            case_steps.record_written_reminder(session, actor, case.id, on=today, today=today, via_document=True,
                                               tenancy=tenancy, the_ledger=the_ledger, case=case,
                                               refresh_step=stepped is None or the_ledger is None)
            if stepped is not None and the_ledger is not None:
                stepped.append((case, tenancy, the_ledger[1]))
        refuse_before = typed.get("refuse_before")
        document_store.record_objection_deadline(session, actor, case, refuse_before,
                                                 summary=objection_deadline_summary(refuse_before))
    return row


def generate_for_case(session: Session, actor: ActingUser, case_id: int, template_name: str, extra: dict | None,
                      today: dt.date, *, confirm_wording: bool = False,
                      share_with_municipality: bool = False) -> Document:
    """Generate `template_name` (its active version) for the case and keep it. Returns the stored Document.

    A letter with an error-severity finding of the wording check is refused (ValidationError listing the findings)
    unless `confirm_wording=True`; then the document records `wording_override=True` and the timeline says so.
    The reminder also records the case's reminder date (if empty) and the objection deadline (its refuse-before date).
    """
    case = document_store.get_case(session, actor, case_id)
    spec, typed, data = _prepare(session, actor, case, template_name, extra, today)
    rendered = _rendered(*render_job(spec, data, extra, typed))
    return _keep(session, actor, case, spec, typed, rendered, today, confirm_wording=confirm_wording,
                 share_with_municipality=share_with_municipality)


@contextmanager
def reading(database_url: str) -> Iterator[Session]:
    """One short read of a bulk run in a read-only unit of work (no write lock, never a commit)."""
    with UnitOfWork(database_url, read_only=True) as uow:
        yield uow.session


@dataclass(frozen=True)
class LetterInput:
    """What one letter is made from, read in one short read: the template's active version, the typed extra
    values and the case as DocumentCase JSON."""

    case_id: int
    spec: TemplateSpec
    extra: dict
    typed: dict
    data: dict
    figures: tuple = ()  # `_figures` when read (bulk): what must be current when the letter is kept


def _figures(case: Case, tenancy: Any, arrears: Any) -> tuple:
    """What a reminder must show as it is when it is kept: the arrears (amounts, months), the case's state and
    dates, and the home and rent. Bulk reminders compare these in the write transaction (they are read there anyway
    for the covenant step) instead of reading the whole case again; a difference reads it all again."""
    return (case.status, case.reminder_on, case.objection_deadline, case.tenancy_id, tenancy.street,
            tenancy.house_number, tenancy.house_number_addition, tenancy.postcode, tenancy.place,
            tenancy.municipality_code, tenancy.monthly_rent_cents, arrears)


def read_letter(session: Session, actor: ActingUser, case_id: int, template_name: str, extra: dict | None,
                today: dt.date) -> LetterInput:
    """The input of one letter (the landlord's own case only). Raises ValidationError / NotFound in Dutch."""
    case = document_store.get_case(session, actor, case_id)
    spec, typed, data = _prepare(session, actor, case, template_name, extra, today)
    return LetterInput(case_id, spec, dict(extra or {}), typed, data)


def render_letter(letter: LetterInput) -> tuple:
    """Render and check the letter in a sandbox worker, with no transaction open: what `keep_letter` stores."""
    return _rendered(*render_job(letter.spec, letter.data, letter.extra, letter.typed))


def _current(session: Session, actor: ActingUser, letter: LetterInput, today: dt.date, *,
             spec: TemplateSpec | None = None) -> tuple[Case, LetterInput, tuple]:
    """In the write transaction: the case, the letter's input as it is now, and (tenancy, ledger) read once for
    both. `spec` fixes the template version (bulk letters use the version active at the start)."""
    case = document_store.get_case(session, actor, letter.case_id)
    tenancy = document_store.get_tenancy(session, actor, case.tenancy_id)
    the_ledger = tenancy_store.tenancy_ledger(session, actor, case.tenancy_id, today)
    if letter.figures and spec is not None and letter.figures == _figures(case, tenancy, the_ledger[1]):
        return case, letter, (tenancy, the_ledger)  # bulk: the figures are current (see _figures)
    if spec is None:
        spec, typed, data = _prepare(session, actor, case, letter.spec.name, letter.extra, today,
                                     the_ledger=the_ledger)
    else:
        typed = letter.typed
        data = document_store.case_json(session, actor, case, today, arrears=the_ledger[1])
        if "delivery_days" in letter.data:
            data["delivery_days"] = settings_store.load(session, PostSettings).letter_delivery_days
        if "arrangement" in spec.case_fields and "arrangement" not in data:
            raise ValidationError(NEEDS_ARRANGEMENT)
    return case, LetterInput(letter.case_id, spec, letter.extra, typed, data), (tenancy, the_ledger)


def keep_letter(session: Session, actor: ActingUser, letter: LetterInput, rendered: tuple, today: dt.date, *,
                confirm_wording: bool = False, share_with_municipality: bool = False,
                spec: TemplateSpec | None = None) -> Document:
    """Keep a letter rendered outside this (write) transaction. The case is read again here: when anything the
    letter shows changed since `letter` was read (a payment came in, a tenant's name was corrected, the template
    got a new version), the letter is made again from what is current, here, so a kept letter never shows
    yesterday's figures. Raises ValidationError / NotFound in Dutch (nothing is kept)."""
    case, now, read = _current(session, actor, letter, today, spec=spec)
    if now is not letter and (now.spec.version, now.typed, now.data) != (letter.spec.version, letter.typed,
                                                                          letter.data):
        rendered = render_letter(now)  # rare: the case changed while its letter was rendered
    return _keep(session, actor, case, now.spec, now.typed, rendered, today, confirm_wording=confirm_wording,
                 share_with_municipality=share_with_municipality, read=read)


def _rendered(document: GeneratedDocument, report) -> tuple:
    """(docx, template_version, error lines, checked, facts): what `_keep` stores."""
    return (document.docx, document.template_version, [f"{f.rule}: {f.message}" for f in error_findings(report)],
            report is not None, document.facts)


def render_processes() -> int:
    """Sandbox workers for bulk letters: one per core (at most 4), while this process reads and stores."""
    return max(1, min(4, os.cpu_count() or 1))


def make_many(database_url: str, actor: ActingUser, case_ids: list[int], template_name: str, today: dt.date, *,
              extra: dict | None = None, processes: int = 1, progress=None, chunk: int = 25) -> dict:
    """The same document for many cases (the bulk reminders of the Brieven page), without holding the write lock
    while rendering.

    Batches of `chunk` cases: each batch is read in one short read (`reading`, a few statements for the whole
    batch: store.documents.case_json_many), rendered by `processes` sandbox
    workers with no transaction open, and kept in one short write transaction of its own (`keep_letter`: each case
    compares what must be current (`_figures`: the arrears, the case's state and dates, the home) and reads the
    whole case again and makes its letter again when that changed meanwhile; each case in a savepoint, so one
    case with a problem does not stop the others and leaves nothing half-saved). While the workers render batch k,
    this thread keeps batch k-1 and reads batch k+1. A batch kept is committed: a failure later keeps the letters
    made so far (each is complete), and the result names every case not made. The template's version active at the
    start is used for every case; letters with a wording error are not made (no confirmation in bulk).
    `progress(done, total)` is called after every case. Returns {"made": [document ids], "problems": [(case_id,
    Dutch text)]}."""
    document_store.require_landlord(actor)
    made: list[int] = []
    problems: list[tuple[int, str]] = []
    total = len(case_ids)
    done = 0
    if not case_ids:
        return {"made": made, "problems": problems}
    try:
        with reading(database_url) as session:
            spec = template_store.active_template(session, template_name)
            typed = validate_extra_fields(spec, extra or {}, today=today)
    except NaarNulError as error:
        message = " ".join(getattr(error, "problems", [str(error)]))
        return {"made": made, "problems": [(case_id, message) for case_id in case_ids]}

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    def problem(case_id: int, error: NaarNulError) -> None:
        problems.append((case_id, " ".join(getattr(error, "problems", [str(error)]))))
        tick()

    def read(ids: list[int], pool: ThreadPoolExecutor) -> list:
        batch = []
        with reading(database_url) as session:  # the whole batch in a few statements (case_json_many)
            cases = document_store.cases_of(session, actor, ids)
            ledgers = document_store.tenancies_with_ledgers(session, actor,
                                                            [c.tenancy_id for c in cases.values()], today)
            found = [(case, *ledgers[case.tenancy_id]) for case in cases.values() if case.tenancy_id in ledgers]
            inputs = document_store.case_json_many(session, actor, [(case, tenancy, the_ledger[1])
                                                                    for case, tenancy, the_ledger in found], today)
            for case_id in ids:
                case = cases.get(case_id)
                data = inputs.get(case_id)
                if case is None or data is None:
                    problem(case_id, NotFound(access.CASE_NOT_FOUND if case is None else access.TENANCY_NOT_FOUND))
                    continue
                if isinstance(data, NaarNulError):
                    problem(case_id, data)
                    continue
                if "arrangement" in spec.case_fields and "arrangement" not in data:
                    problem(case_id, ValidationError(NEEDS_ARRANGEMENT))
                    continue
                tenancy, the_ledger = ledgers[case.tenancy_id]
                letter = LetterInput(case_id, spec, dict(extra or {}), typed, data,
                                     _figures(case, tenancy, the_ledger[1]))
                batch.append((letter, pool.submit(render_letter, letter)))
        return batch

    def keep(batch: list) -> None:
        finished = []
        for letter, pending in batch:  # all rendered before the write transaction begins: it waits for nothing
            try:
                finished.append((letter, pending.result()))
            except NaarNulError as error:
                problem(letter.case_id, error)
        with UnitOfWork(database_url) as uow:
            session = uow.session
            # the figures of the whole batch, read again in a few statements (scoped to the landlord)
            cases = document_store.cases_of(session, actor, [letter.case_id for letter, _ in finished])
            ledgers = document_store.tenancies_with_ledgers(session, actor,
                                                            [c.tenancy_id for c in cases.values()], today)
            stepped: list = []
            kept = []
            for letter, rendered in finished:
                case = cases.get(letter.case_id)
                read = ledgers.get(case.tenancy_id) if case is not None else None
                mine: list = []
                try:
                    with session.begin_nested():  # each case whole or not at all
                        if case is None or read is None or letter.figures != _figures(case, read[0], read[1][1]):
                            # changed while rendering (or gone): read it all again, make it again when needed
                            row = keep_letter(session, actor, letter, rendered, today, spec=spec)
                        else:
                            row = _keep(session, actor, case, spec, typed, rendered, today, confirm_wording=False,
                                        share_with_municipality=False, read=read, stepped=mine)
                    kept.append(row)
                    stepped.extend(mine)
                except NaarNulError as error:
                    problem(letter.case_id, error)
                    continue
            case_steps.refresh_steps(session, actor, stepped, today)
            uow.commit()
        for row in kept:
            assert row.id is not None
            made.append(row.id)
            tick()

    with ThreadPoolExecutor(max_workers=max(1, processes), thread_name_prefix="letters") as pool:
        try:
            waiting = None
            for start in range(0, total, chunk):
                batch = read(case_ids[start:start + chunk], pool)  # the workers render this batch ...
                if waiting is not None:
                    keep(waiting)  # ... while this thread keeps the previous one
                waiting = batch
            if waiting is not None:
                keep(waiting)
        finally:
            pool.shutdown(cancel_futures=True)
    return {"made": made, "problems": problems}
