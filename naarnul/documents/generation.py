"""Making a document: the context, the rendered .docx and its text in one call (`generate`), the facts a later rule
depends on (`LetterFacts`, stored with the document, never read back from its text), the sample document of a
template (`sample_document`: the spec's sample case and extra values), and the whole pure part of making a letter in
one sandbox task (`checked_document`: context, render, text and wording check, in a warm worker process)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from naarnul import calendar
from naarnul.documents import sandbox
from naarnul.documents.case import DocumentCase
from naarnul.documents.context import build_context
from naarnul.documents.registry import load_template
from naarnul.documents.render import render_docx
from naarnul.documents.spec import TemplateSpec, validate_extra_fields
from naarnul.docx_text import docx_text
from naarnul.wording import Report
from naarnul.wording import check as check_wording


@dataclass(frozen=True)
class LetterFacts:
    """What a document states that a later rule depends on, kept with the stored document (never read back from its
    text): the date printed on it and, for a 14-day letter (art. 6:96 BW), the last day to pay, the cost amount it
    names and the principal that amount was computed over. `None` where the document states nothing."""

    letter_date: dt.date
    fourteen_day_letter: bool = False
    cost_deadline: dt.date | None = None
    collection_costs: Decimal | None = None
    principal: Decimal | None = None


def letter_facts(case: DocumentCase, typed_extra: dict) -> LetterFacts:
    """The facts of a document made from `case` with these (validated) extra values: the same values its text uses.

    A document is a 14-day letter when its template has the yes/no field `fourteen_day_letter` and it is on; the
    template's name or wording does not matter."""
    if typed_extra.get("fourteen_day_letter") is not True:
        return LetterFacts(letter_date=case.today)
    return LetterFacts(letter_date=case.today, fourteen_day_letter=True,
                       cost_deadline=calendar.fourteen_day_deadline(case.today, case.delivery_days),
                       collection_costs=case.collection_costs, principal=case.arrears.total)


@dataclass(frozen=True)
class GeneratedDocument:
    """What a page stores with the case: the bytes are the evidence; text is for the preview and the wording check."""

    template_name: str
    title: str
    template_version: str  # sha256 of the template .docx
    docx: bytes = field(repr=False)
    text: str = field(repr=False)
    context: dict = field(repr=False, compare=False)  # the values used (e.g. objection_deadline to record)
    facts: LetterFacts | None = None  # stored with the document: the 14-day letter's deadline and costs

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.docx).hexdigest()


def generate(case: DocumentCase, template: str | TemplateSpec, extra_values: dict | None = None, *,
             templates_dir: str | Path | None = None) -> GeneratedDocument:
    """Build the context, render the template and read the text back. Raises ValidationError / NotFound (Dutch)."""
    spec = template if isinstance(template, TemplateSpec) else load_template(template, templates_dir)
    context = build_context(case, spec, extra_values)
    facts = letter_facts(case, validate_extra_fields(spec, extra_values, today=case.today))
    docx = render_docx(spec.docx_bytes, context)
    return GeneratedDocument(template_name=spec.name, title=spec.title, template_version=spec.version,
                             docx=docx, text=docx_text(docx), context=context, facts=facts)


def sample_document(spec: TemplateSpec, *, extra_overrides: dict | None = None) -> GeneratedDocument:
    case = DocumentCase.from_json(spec.sample_case)
    return generate(case, spec, {**spec.sample_extra, **(extra_overrides or {})})


def wording_report(spec: TemplateSpec, text: str, typed_extra: dict,
                   delivery_days: int = calendar.DEFAULT_DELIVERY_DAYS) -> Report | None:
    """The stress-sensitive check of a letter (naarnul.wording.Report), or None for forms and agreements.

    A 14-day letter is also checked as one (its term rules); the findings of both checks are merged. A suggested
    deadline counts the letter's `delivery_days` (the admin's setting, as the letter's own deadline does)."""
    if spec.kind != "letter":
        return None
    # a few phrases are allowed per template
    report = check_wording(text, kind=spec.wording_kind, template=spec.name, delivery_days=delivery_days)
    if typed_extra.get("fourteen_day_letter") is True and spec.wording_kind != "fourteen-day-letter":
        seen = {(f.rule, f.start, f.end) for f in report.findings}
        more = [f for f in check_wording(text, kind="fourteen-day-letter", template=spec.name,
                                         delivery_days=delivery_days).findings
                if (f.rule, f.start, f.end) not in seen]
        findings = report.findings + more
        report = dataclasses.replace(report, findings=findings,
                                     ok=not any(str(f.severity) == "error" for f in findings))
    return report


def _checked(case_data: dict, spec: TemplateSpec, extra: dict, typed_extra: dict) -> tuple[GeneratedDocument,
                                                                                          Report | None]:
    case = DocumentCase.from_json(case_data)
    document = generate(case, spec, extra)
    return document, wording_report(spec, document.text, typed_extra, case.delivery_days)


def checked_document(case_data: dict, spec: TemplateSpec, extra: dict | None,
                     typed_extra: dict) -> tuple[GeneratedDocument, Report | None]:
    """The document of `case_data` (DocumentCase JSON) and the wording check of its text, as one sandbox task: the
    context, the render (the template compiled once per version in the worker), the text and the check all run in
    a warm worker within the time and memory limits. Several threads may call this at once (bulk letters): each
    gets its own worker. ValidationError (Dutch) for a template or value problem."""
    return sandbox.run_limited(_checked, case_data, spec, extra or {}, typed_extra)
