"""Use cases of the admin's page 'Nieuw sjabloon maken' (issue 16): a new letter from a Word file alone.

1. `analyse_template`: the untrusted-upload checks (size, zip bomb, external links, code; naarnul.documents.sandbox),
   then the fields the template uses, parsed in the sandbox's limited child: known case fields with their meaning,
   new ones with a near-miss suggestion and a proposed question (naarnul.documents.field_inference).
2. `preview_template`: the spec built from the admin's table, the letter rendered with the sample case (a limited
   render), shown as page images (LibreOffice + pdftoppm) or as text, and the stress-sensitive wording report.
   `preview_template_with_case` does the same with a real case the admin picks (`preview_cases`: no names in the
   list): the case's figures, dates and steps, but the people's personal data from the sample case (AVG data
   minimisation, `with_sample_people`); every such preview is in the audit log with the case id.
3. `publish_template`: the same checks again on the server's side, then the new template is kept as the active
   version with where it is offered (step, role). A letter with wording errors needs the admin's confirmation,
   recorded with the version (who, when) and in the audit log.
Nothing here writes while a page renders: only `publish_template` and `preview_template_with_case` (its audit
event) commit, on the admin's click.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from naarnul import access, audit_text, template_upload
from naarnul.arrears import step_label
from naarnul.calendar import PostSettings
from naarnul.documents import field_inference as inference
from naarnul.documents import list_templates, sample_document, sandbox
from naarnul.documents.generation import checked_document, wording_report
from naarnul.documents.offering import OFFER_ROLES, OFFER_STEPS, checked_offering
from naarnul.documents.page_images import page_images
from naarnul.documents.spec import TemplateSpec, template_version_hash, validate_extra_fields
from naarnul.errors import NaarNulError, NotAllowed, ValidationError
from naarnul.formatting import format_money
from naarnul.services.letter_making import error_findings
from naarnul.users import ActingUser
from store import audit
from store import documents as document_store
from store import settings as settings_store
from store import templates as template_store
from store.unit_of_work import UnitOfWork

NAME_SHIPPED = ("De naam '{name}' is al in gebruik voor een meegeleverd sjabloon. Kies een andere naam, of pas dat "
                "sjabloon aan op de pagina Sjablonen.")
NAME_UPLOADED = ("De naam '{name}' is al in gebruik voor een sjabloon dat op de pagina Sjablonen is geüpload. Kies "
                 "een andere naam.")
WORDING_NEEDS_CONFIRMATION = ("De schrijfcheck vond fouten in de brief. Pas het Word-bestand aan, of bevestig dat u "
                              "de brief toch wilt gebruiken:")
SAMPLE_FAILED = "Het voorbeeld lukt niet: {problem}"
CASE_FAILED = "Het voorbeeld met zaak {reference} lukt niet: {problem}"
CASE_NOTE = "Bedragen en data komen uit zaak {reference} (zaak {case_id}); namen en adressen zijn voorbeeldgegevens."
SAMPLE_TEXT_ANSWER = "(voorbeeldtekst)"
NO_NEW_FIELDS = "Dit sjabloon gebruikt alleen velden uit de zaak; er zijn geen nieuwe vragen nodig."

STEPS = OFFER_STEPS
ROLES = OFFER_ROLES
TYPE_LABELS = inference.TYPE_LABELS
TABLE_COLUMNS = inference.TABLE_COLUMNS


@dataclass(frozen=True)
class Suggestion:
    name: str
    known: str
    meaning: str

    @property
    def text(self) -> str:
        return f"Bedoelt u {self.known} ({self.meaning})?"


@dataclass(frozen=True)
class Analysis:
    """What the upload uses: known case fields (name, meaning), the new fields, suggestions, the proposed table."""

    version: str  # sha256 of the .docx: key the page's widgets by it
    known: tuple[tuple[str, str], ...]
    new: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]
    rows: tuple[dict[str, Any], ...]  # one per new field; columns TABLE_COLUMNS
    used: tuple[str, ...]  # every top-level name the template uses


@dataclass(frozen=True)
class BuiltPreview:
    title: str
    text: str
    images: tuple[bytes, ...]  # PNG pages; empty when LibreOffice is not installed (show the text)
    report: Any  # naarnul.wording.Report
    errors: tuple[str, ...]  # Dutch error findings of the wording check
    spec_yaml: str
    note: str = ""  # with a real case: where the figures come from and that the names are the sample's (Dutch)


@dataclass(frozen=True)
class CaseChoice:
    """A case the admin can try a template with: the list names no tenant and no address."""

    case_id: int
    label: str  # "NN-0003 (zaak 12) · Utrecht · Schriftelijke herinnering sturen · € 1.234,56"


@dataclass(frozen=True)
class Published:
    name: str
    title: str
    version: str
    step: str
    wording_confirmed: bool


def _require_admin(admin: ActingUser | None) -> None:
    if admin is None or not admin.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_TEMPLATES)


def _usage(docx: bytes) -> dict[str, inference.FieldUse]:
    """The upload checks, then the fields it uses, parsed in the limited child. ValidationError (Dutch)."""
    template_upload.checked_upload(docx, None)
    problems = sandbox.check_upload(docx)
    if problems:
        raise ValidationError(problems)
    return sandbox.run_limited(inference.template_usage, docx)


def analyse_template(admin: ActingUser, *, docx: bytes) -> Analysis:
    """Which fields the uploaded .docx uses and the proposed questions for the new ones (nothing is saved)."""
    _require_admin(admin)
    usage = _usage(docx)
    known, new = inference.split_fields(usage)
    meanings = inference.known_field_meanings()
    return Analysis(
        version=template_version_hash(docx),
        known=tuple((k.name, k.meaning) for k in known),
        new=tuple(n.name for n in new),
        suggestions=tuple(Suggestion(n.name, n.suggestion, meanings[n.suggestion]) for n in new if n.suggestion),
        rows=tuple(inference.proposal_row(q) for q in inference.propose_questions(new)),
        used=tuple(sorted(usage)))


def sample_case() -> dict:
    """The case every new template is tried with: the shipped notification's sample (a case with a reminder and a
    signal), plus the payment arrangement and collection costs of the arrangement letter's sample."""
    samples = {spec.name: spec.sample_case for spec in list_templates()}
    case = dict(samples.get("notification") or samples.get("reminder") or {})
    for part in ("arrangement", "collection_costs"):
        if part in samples.get("arrangement", {}):
            case[part] = samples["arrangement"][part]
    return case


def _spec(docx: bytes, used: Collection[str], *, name: str, title: str, description: str,
          rows: list[dict[str, Any]]) -> TemplateSpec:
    return inference.spec_from_table(name=name, title=title, description=description, rows=list(rows), used=used,
                                     sample_case=sample_case(), docx_bytes=docx)


def spec_yaml(admin: ActingUser, *, analysis: Analysis, name: str, title: str, description: str = "",
              rows: list[dict[str, Any]]) -> str:
    """The YAML of the spec the table describes (for the download); ValidationError when the table is not right."""
    _require_admin(admin)
    return inference.spec_yaml(_spec(b"", analysis.used, name=name, title=title, description=description, rows=rows))


def _render_sample(spec: TemplateSpec):
    try:
        document = sample_document(spec)
    except NaarNulError as error:
        problems = error.problems if isinstance(error, ValidationError) else [str(error)]
        raise ValidationError([SAMPLE_FAILED.format(problem=p) for p in problems]) from None
    report = wording_report(spec, document.text, spec.sample_extra)
    return document, report


def preview_template(admin: ActingUser, *, docx: bytes, name: str, title: str, description: str = "",
                     rows: list[dict[str, Any]], images: bool = True) -> BuiltPreview:
    """The letter made from the table's spec and the sample case: page images (or its text) and the wording report.
    Nothing is saved."""
    _require_admin(admin)
    spec = _spec(docx, _usage(docx), name=name, title=title, description=description, rows=rows)
    document, report = _render_sample(spec)
    pictures = tuple(page_images(document.docx)) if images else ()
    return BuiltPreview(title=spec.title, text=document.text, images=pictures, report=report,
                        errors=tuple(f.message for f in error_findings(report)), spec_yaml=inference.spec_yaml(spec))


def preview_cases(uow: UnitOfWork, admin: ActingUser) -> tuple[CaseChoice, ...]:
    """The open cases the admin can try a new template with, newest first: case number, municipality, step and
    arrears; no names, no addresses. A read: nothing is saved."""
    _require_admin(admin)
    with uow:
        rows = document_store.cases_for_template_preview(uow.session, admin)
    return tuple(CaseChoice(row["id"], " · ".join((
        f"{row['reference']} (zaak {row['id']})", row["municipality_name"] or "onbekende gemeente",
        step_label(row["next_step"]), format_money(Decimal(row["arrears_cents"]) / 100)))) for row in rows)


def with_sample_people(case: dict, sample: dict) -> dict:
    """The real case's figures, dates and steps with the personal data of the sample case (AVG data minimisation):
    the landlord, the tenants, the home's address, the signal's free text (reason for urgency, support worker) and
    free-text answers to the extra questions. Amounts, dates, steps, contact attempts (channel and outcome codes),
    the municipality and the arrangement stay the case's own."""
    mixed = {**case, "landlord": sample["landlord"], "tenants": sample["tenants"], "home": sample["home"]}
    if case.get("signal"):
        sample_signal = sample.get("signal") or {}
        mixed["signal"] = {**case["signal"], "urgent_reason": sample_signal.get("urgent_reason", ""),
                           "support_worker": sample_signal.get("support_worker", "")}
    if case.get("form_answers"):
        mixed["form_answers"] = [{**answer, "value": SAMPLE_TEXT_ANSWER} if answer.get("type") == "text" else answer
                                 for answer in case["form_answers"]]
    return mixed


def preview_template_with_case(uow: UnitOfWork, admin: ActingUser, *, docx: bytes, name: str, title: str,
                               description: str = "", rows: list[dict[str, Any]], case_id: int, today: dt.date,
                               images: bool = True) -> BuiltPreview:
    """`preview_template` with a real case of the admin's choice: its amounts, dates and steps, the names and
    addresses of the sample case (`with_sample_people`), the template's own questions answered with their sample
    values. The render runs in the sandbox (time and memory limits). The preview is recorded in the audit log with
    the case id (not on the landlord's timeline); a preview that fails records nothing."""
    _require_admin(admin)
    spec = _spec(docx, _usage(docx), name=name, title=title, description=description, rows=rows)
    with uow:  # a read: the personal data is replaced before it leaves this function
        real = document_store.case_json_for_template_preview(uow.session, admin, case_id, today)
        delivery_days = settings_store.load(uow.session, PostSettings).letter_delivery_days
    reference = str(real.get("reference", ""))
    data = {**with_sample_people(real, spec.sample_case), "delivery_days": delivery_days}
    try:
        typed = validate_extra_fields(spec, spec.sample_extra, today=today)
        document, report = checked_document(data, spec, spec.sample_extra, typed)
    except NaarNulError as error:
        problems = error.problems if isinstance(error, ValidationError) else [str(error)]
        raise ValidationError([CASE_FAILED.format(reference=reference, problem=p) for p in problems]) from None
    with uow:
        audit.record(uow.session, admin, "template.previewed_with_case", "case", case_id, case_id=case_id,
                     summary=f"Voorbeeld van sjabloon '{spec.name}' gemaakt met de bedragen en data van zaak "
                             f"{reference} (zaak {case_id}); namen en adressen waren voorbeeldgegevens",
                     detail={"template": spec.name, "version": spec.version, "reference": reference})
        uow.commit()
    pictures = tuple(page_images(document.docx)) if images else ()
    return BuiltPreview(title=spec.title, text=document.text, images=pictures, report=report,
                        errors=tuple(f.message for f in error_findings(report)), spec_yaml=inference.spec_yaml(spec),
                        note=CASE_NOTE.format(reference=reference, case_id=case_id))


def publish_template(uow: UnitOfWork, admin: ActingUser, *, docx: bytes, name: str, title: str,
                     description: str = "", rows: list[dict[str, Any]], step: str, role: str,
                     confirm_wording: bool = False) -> Published:
    """Check everything again and put the new template in use, offered at `step` for `role`.

    A name of a shipped template or of one uploaded on the Sjablonen page is refused; publishing again under the name
    of an earlier built template makes a new version of it. A letter whose sample has wording errors is refused
    unless `confirm_wording`; then the confirmation (who, when, which errors) is kept with the version."""
    _require_admin(admin)
    step, role = checked_offering(step, role)
    spec = _spec(docx, _usage(docx), name=name, title=title, description=description, rows=rows)
    _document, report = _render_sample(spec)
    errors = [f"{f.rule}: {f.message}" for f in error_findings(report)]
    if errors and not confirm_wording:
        raise ValidationError([WORDING_NEEDS_CONFIRMATION] + [e.split(": ", 1)[-1] for e in errors])
    yaml_text = inference.spec_yaml(spec)
    with uow:
        origin = template_store.template_origin(uow.session, spec.name)
        if origin == "shipped":
            raise ValidationError(NAME_SHIPPED.format(name=spec.name))
        if origin == "uploaded":
            raise ValidationError(NAME_UPLOADED.format(name=spec.name))
        row = template_store.publish_built_template(
            uow.session, admin, name=spec.name, docx_bytes=docx, spec_yaml=yaml_text, step=step, role=role,
            wording_errors=errors, summary=audit_text.template_uploaded(spec.name, spec.version)
            + f", aangeboden: {OFFER_STEPS[step].lower()}",
            confirmation_summary=f"Sjabloon '{spec.name}' gepubliceerd hoewel de schrijfcheck {len(errors)} "
                                 "fout(en) vond; de beheerder heeft dit bevestigd")
        published = Published(spec.name, spec.title, row.version_hash, step, bool(errors))
        uow.commit()
    return published
