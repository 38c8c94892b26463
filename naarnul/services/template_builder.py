"""Use cases of the admin's page 'Nieuw sjabloon maken' (issue 16): a new letter from a Word file alone.

1. `analyse_template`: the untrusted-upload checks (size, zip bomb, external links, code; naarnul.documents.sandbox),
   then the fields the template uses, parsed in the sandbox's limited child: known case fields with their meaning,
   new ones with a near-miss suggestion and a proposed question (naarnul.documents.field_inference).
2. `preview_template`: the spec built from the admin's table, the letter rendered with the sample case (a limited
   render), shown as page images (LibreOffice + pdftoppm) or as text, and the stress-sensitive wording report.
3. `publish_template`: the same checks again on the server's side, then the new template is kept as the active
   version with where it is offered (step, role). A letter with wording errors needs the admin's confirmation,
   recorded with the version (who, when) and in the audit log.
Nothing here writes while a page renders: only `publish_template` commits.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from naarnul import access, audit_text, template_upload
from naarnul.documents import field_inference as inference
from naarnul.documents import list_templates, sample_document, sandbox
from naarnul.documents.generation import wording_report
from naarnul.documents.offering import OFFER_ROLES, OFFER_STEPS, checked_offering
from naarnul.documents.page_images import page_images
from naarnul.documents.spec import TemplateSpec, template_version_hash
from naarnul.errors import NaarNulError, NotAllowed, ValidationError
from naarnul.services.letter_making import error_findings
from naarnul.users import ActingUser
from store import templates as template_store
from store.unit_of_work import UnitOfWork

NAME_SHIPPED = ("De naam '{name}' is al in gebruik voor een meegeleverd sjabloon. Kies een andere naam, of pas dat "
                "sjabloon aan op de pagina Sjablonen.")
NAME_UPLOADED = ("De naam '{name}' is al in gebruik voor een sjabloon dat op de pagina Sjablonen is geüpload. Kies "
                 "een andere naam.")
WORDING_NEEDS_CONFIRMATION = ("De schrijfcheck vond fouten in de brief. Pas het Word-bestand aan, of bevestig dat u "
                              "de brief toch wilt gebruiken:")
SAMPLE_FAILED = "Het voorbeeld lukt niet: {problem}"
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
