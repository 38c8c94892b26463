"""Making documents, composed from the store modules: the active template (store.templates), the case's input
(store.documents), rendering and the wording check (naarnul.documents, naarnul.wording), keeping the bytes
(store.documents) and the covenant evidence of a reminder (naarnul.services.case_steps).

Session-level helpers shared by the letters and the arrangements use cases (naarnul.services.letters,
naarnul.services.arrangements); the caller owns the unit of work and commits.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlmodel import Session

from naarnul.calendar import PostSettings
from naarnul.documents import GeneratedDocument, TemplateSpec, validate_extra_fields
from naarnul.documents.generation import checked_document
from naarnul.errors import NaarNulError, ValidationError
from naarnul.formatting import format_date
from naarnul.services import case_steps
from naarnul.users import ActingUser
from store import documents as document_store
from store import settings as settings_store
from store import templates as template_store
from store.models import Case, Document

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
             today: dt.date) -> tuple[TemplateSpec, dict, dict]:
    """Database part: (active spec, typed extra values, the case as JSON). Raises ValidationError in Dutch."""
    spec = template_store.active_template(session, template_name)
    typed = validate_extra_fields(spec, extra or {}, today=today)
    data = document_store.case_json(session, actor, case, today)
    data["delivery_days"] = settings_store.load(session, PostSettings).letter_delivery_days  # the admin's setting
    if "arrangement" in spec.case_fields and "arrangement" not in data:
        raise ValidationError(NEEDS_ARRANGEMENT)
    return spec, typed, data


def preview_for_case(session: Session, actor: ActingUser, case_id: int, template_name: str, extra: dict | None,
                     today: dt.date) -> dict:
    """Render without storing: {"title", "text", "is_letter", "wording_ok", "report", "errors"} for the preview.
    `report` is a naarnul.wording.Report (None for forms); `errors` the Dutch messages of error findings."""
    case = document_store.get_case(session, actor, case_id)
    spec, typed, data = _prepare(session, actor, case, template_name, extra, today)
    document, report = render_job(spec, data, extra, typed)
    errors = error_findings(report)
    return {"title": document.title, "text": document.text, "is_letter": spec.kind == "letter",
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
          today: dt.date, *, confirm_wording: bool, share_with_municipality: bool) -> Document:
    """Store the rendered document; a reminder also records the covenant evidence on the case."""
    docx, template_version, errors, checked, facts = rendered
    if errors and not confirm_wording:
        raise ValidationError([WORDING_REFUSED] + [e.split(": ", 1)[-1] for e in errors])
    filename = document_store.document_filename(spec.name, today,
                                                document_store.get_tenancy(session, actor, case.tenancy_id))
    row = document_store.store_document(session, actor, case, spec, docx, template_version, errors, checked, today,
                                        facts, share_with_municipality=share_with_municipality, filename=filename,
                                        summary=generated_summary(spec.title, filename, share_with_municipality),
                                        override_summary=wording_override_summary(spec.title, len(errors)))
    if spec.name == "reminder":
        if case.reminder_on is None and case.status == "open":
            assert case.id is not None
            case_steps.record_written_reminder(session, actor, case.id, on=today, today=today, via_document=True)
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


def _rendered(document: GeneratedDocument, report) -> tuple:
    """(docx, template_version, error lines, checked, facts): what `_keep` stores."""
    return (document.docx, document.template_version, [f"{f.rule}: {f.message}" for f in error_findings(report)],
            report is not None, document.facts)


def render_processes() -> int:
    """Sandbox workers for bulk letters: one per core (at most 4), while this process reads and stores."""
    return max(1, min(4, os.cpu_count() or 1))


def generate_many(session: Session, actor: ActingUser, case_ids: list[int], template_name: str, today: dt.date, *,
                  extra: dict | None = None, processes: int = 1, progress=None, chunk: int = 25) -> dict:
    """The same document for many cases (bulk reminders). Each case is saved on its own (a savepoint): one case
    with a problem does not stop the others and leaves nothing half-saved. Letters with a wording error are not
    made (no confirmation in bulk). The template's version active at the start is used for every case.

    A pipeline: `processes` sandbox workers (naarnul.documents.sandbox, each with the time and memory limits)
    render and check the letters of one batch of `chunk` cases while this process reads the next batch and stores
    the finished one; the session is only ever used by this thread. `progress(done, total)` is called after every
    case. Returns {"made": [document ids], "problems": [(case_id, Dutch text)]}."""
    document_store.require_landlord(actor)
    made: list[int] = []
    problems: list[tuple[int, str]] = []
    total = len(case_ids)
    done = 0
    if not case_ids:
        return {"made": made, "problems": problems}
    try:
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

    def prepare(ids: list[int], pool: ThreadPoolExecutor) -> list:
        batch = []
        for case_id in ids:
            try:
                case = document_store.get_case(session, actor, case_id)
                data = document_store.case_json(session, actor, case, today)
                if "arrangement" in spec.case_fields and "arrangement" not in data:
                    raise ValidationError(NEEDS_ARRANGEMENT)
            except NaarNulError as error:
                problem(case_id, error)
                tick()
                continue
            batch.append((case, pool.submit(checked_document, data, spec, extra, typed)))
        return batch

    def store(batch: list) -> None:
        for case, pending in batch:
            try:
                rendered = _rendered(*pending.result())
                with session.begin_nested():
                    row = _keep(session, actor, case, spec, typed, rendered, today, confirm_wording=False,
                                share_with_municipality=False)
                assert row.id is not None
                made.append(row.id)
            except NaarNulError as error:
                problem(case.id, error)
            tick()

    with ThreadPoolExecutor(max_workers=max(1, processes), thread_name_prefix="letters") as pool:
        try:
            waiting = None
            for start in range(0, total, chunk):
                batch = prepare(case_ids[start:start + chunk], pool)  # the workers render this batch ...
                if waiting is not None:
                    store(waiting)  # ... while this thread stores the previous one
                waiting = batch
            if waiting is not None:
                store(waiting)
        finally:
            pool.shutdown(cancel_futures=True)
    return {"made": made, "problems": problems}
