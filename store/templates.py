"""Template administration: the shipped templates in templates/ plus versions an admin uploaded in the app.

The active version of a template is the newest uploaded TemplateVersion with `active=True`, else the shipped file.
Older versions stay in the database and can be re-activated; every document records the version hash it was made
with. An upload is checked first (naarnul.documents.check_template) and refused with the Dutch list of problems.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select as select_columns
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from naarnul import access, audit_text, template_upload
from naarnul.documents import check_template, list_templates, load_template, template_version_hash
from naarnul.documents.registry import default_templates_dir
from naarnul.documents.spec import TemplateSpec, parse_spec
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.users import ActingUser
from store import audit
from store.models import TemplateOffering, TemplateVersion, utcnow

MAX_UPLOAD_BYTES = template_upload.MAX_UPLOAD_BYTES


def _require_admin(actor: ActingUser | None) -> None:
    if actor is None or not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_TEMPLATES)


def _active_row(session: Session, name: str) -> TemplateVersion | None:
    return session.exec(select(TemplateVersion).where(col(TemplateVersion.name) == name,
                                                      col(TemplateVersion.active) == True)  # noqa: E712
                        .order_by(col(TemplateVersion.id).desc())).first()


def active_template(session: Session, name: str) -> TemplateSpec:
    """The spec (with .docx bytes) of the version in use: an active upload, else the shipped template."""
    row = _active_row(session, name)
    if row is not None:
        return parse_spec(row.spec, docx_bytes=bytes(row.content))
    return load_template(name)


def _shipped_yaml(name: str) -> str | None:
    path = default_templates_dir() / f"{name}.yaml"
    return path.read_text(encoding="utf-8") if path.exists() else None


def template_names(session: Session) -> list[str]:
    shipped = {spec.name for spec in list_templates()}
    uploaded = set(session.exec(select(col(TemplateVersion.name)).distinct()))
    return sorted(shipped | uploaded)


SHIPPED_ORDER = ("reminder", "invitation", "arrangement", "addendum", "notification")


def active_specs(session: Session) -> list[TemplateSpec]:
    """Every template in its active version (for the letters page): the shipped ones in the order of the covenant
    steps, then the others by name."""
    names = template_names(session)
    names.sort(key=lambda n: (SHIPPED_ORDER.index(n) if n in SHIPPED_ORDER else len(SHIPPED_ORDER), n))
    return [active_template(session, name) for name in names]


def active_specs_to_choose(session: Session) -> list[TemplateSpec]:
    """As `active_specs`, in one statement and without the .docx bytes (for choosing a template and its form;
    making a letter reads the template itself)."""
    return _specs_to_choose(session.exec(select(col(TemplateVersion.name), col(TemplateVersion.active),
                                                col(TemplateVersion.spec)).order_by(col(TemplateVersion.id).desc())))


def specs_and_offerings_to_choose(session: Session) -> tuple[list[TemplateSpec], dict[str, tuple[str, str]]]:
    """`active_specs_to_choose` and `active_offerings` in one statement (the Brieven page): every version, newest
    first, with the offering kept with it; per template the newest offering counts, as in `active_offerings`."""
    rows = session.execute(
        select_columns(col(TemplateVersion.name), col(TemplateVersion.active), col(TemplateVersion.spec),
                       col(TemplateOffering.id), col(TemplateOffering.name), col(TemplateOffering.step),
                       col(TemplateOffering.role))
        .outerjoin(TemplateOffering, col(TemplateOffering.template_version_id) == col(TemplateVersion.id))
        .order_by(col(TemplateVersion.id).desc())).all()
    offerings: dict[str, tuple[str, str]] = {}
    for _, _, _, _, name, step, role in sorted((r for r in rows if r[3] is not None), key=lambda r: r[3]):
        offerings[name] = (step, role)
    return _specs_to_choose((name, active, spec) for name, active, spec, *_ in rows), offerings


def _specs_to_choose(rows: Iterable[tuple[str, bool, str]]) -> list[TemplateSpec]:
    """The active specs from (name, active, spec) of every uploaded version, newest first."""
    uploaded: dict[str, str | None] = {}
    for name, active, spec in rows:
        if uploaded.get(name) is None:
            uploaded[name] = spec if active else None  # the newest active upload, else the shipped file
    names = sorted({spec.name for spec in list_templates()} | set(uploaded))
    names.sort(key=lambda n: (SHIPPED_ORDER.index(n) if n in SHIPPED_ORDER else len(SHIPPED_ORDER), n))
    return [parse_spec(uploaded[name]) if uploaded.get(name) is not None else load_template(name).with_docx(b"")
            for name in names]


_VERSION_FIELDS = ("id", "name", "version_hash", "uploaded_at", "active")  # not the bytes


def list_template_versions(session: Session, actor: ActingUser) -> list[dict]:
    """Per template: name, title, kind, and its versions (shipped first, then uploads oldest first) with which is
    active. Plain dicts, no bytes."""
    _require_admin(actor)
    shipped = {spec.name: spec for spec in list_templates()}
    rows = [(r.id, r.name, r.version_hash, r.uploaded_at, r.active) for r in session.exec(
        select(TemplateVersion).options(load_only(*(getattr(TemplateVersion, f) for f in _VERSION_FIELDS)))
        .order_by(col(TemplateVersion.id)))]
    result = []
    for name in template_names(session):
        own = [r for r in rows if r[1] == name]
        active_id = max((r[0] for r in own if r[4] and r[0] is not None), default=None)
        spec = active_template(session, name)
        versions: list[dict[str, Any]] = []
        if name in shipped:
            versions.append({"id": None, "source": "meegeleverd", "version": shipped[name].version,
                             "uploaded_at": None, "active": active_id is None})
        for version_id, _, version_hash, uploaded_at, _active in own:
            versions.append({"id": version_id, "source": "geüpload", "version": version_hash,
                             "uploaded_at": uploaded_at, "active": version_id == active_id})
        result.append({"name": name, "title": spec.title, "kind": spec.kind, "description": spec.description,
                       "active_version": spec.version, "versions": versions,
                       "extra_fields": [f.name for f in spec.extra_fields]})
    return result


def template_file(session: Session, actor: ActingUser, name: str, version_id: int | None = None) \
        -> tuple[str, bytes, str]:
    """(filename, .docx bytes, spec YAML) of the active version, or of one uploaded version."""
    _require_admin(actor)
    if version_id is not None:
        row = session.exec(select(TemplateVersion).where(col(TemplateVersion.id) == version_id,
                                                         col(TemplateVersion.name) == name)).first()
        if row is None:
            raise NotFound(access.TEMPLATE_VERSION_NOT_FOUND)
        return f"{name}.docx", bytes(row.content), row.spec
    row = _active_row(session, name)
    if row is not None:
        return f"{name}.docx", bytes(row.content), row.spec
    spec = load_template(name)
    return f"{name}.docx", spec.docx_bytes, _shipped_yaml(name) or ""


def upload_template(session: Session, admin: ActingUser, name: str, docx_bytes: bytes,
                    spec_yaml: str | bytes | None = None) -> TemplateVersion:
    """Check an uploaded template and keep it as the new active version; ValidationError with every problem.

    Without `spec_yaml` the spec of the active version is used (a new wording of the same letter). A new name needs
    its spec. Checks: valid .docx, only known fields, the spec's sample case renders, letters pass the wording check.
    """
    _require_admin(admin)
    name = (name or "").strip()
    spec_yaml = template_upload.checked_upload(docx_bytes, spec_yaml)
    if not spec_yaml or not spec_yaml.strip():
        row = _active_row(session, name)
        spec_yaml = row.spec if row is not None else _shipped_yaml(name)
        if spec_yaml is None:
            raise ValidationError(access.TEMPLATE_NEW_NEEDS_SPEC.format(name=name))
    spec = parse_spec(spec_yaml, docx_bytes=docx_bytes)
    problems = []
    if name and spec.name != name:
        problems.append(access.TEMPLATE_SPEC_NAME_MISMATCH.format(spec_name=spec.name, name=name))
    problems += check_template(docx_bytes, spec)
    if problems:
        raise ValidationError(problems)
    version_hash = template_version_hash(docx_bytes)
    for old in session.exec(select(TemplateVersion).where(col(TemplateVersion.name) == spec.name,
                                                          col(TemplateVersion.active) == True)):  # noqa: E712
        old.active = False
        session.add(old)
    row = TemplateVersion(name=spec.name, version_hash=version_hash, content=docx_bytes, spec=spec_yaml,
                          uploaded_by=admin.id, active=True)
    session.add(row)
    session.flush()
    audit.record(session, admin, "template.uploaded", "template_version", row.id,
                 summary=audit_text.template_uploaded(spec.name, version_hash),
                 detail={"name": spec.name, "version": version_hash})
    return row


def activate_version(session: Session, admin: ActingUser, name: str, version_id: int | None) -> str:
    """Make an older version active again; `version_id=None` goes back to the shipped template. Returns the hash."""
    _require_admin(admin)
    rows = list(session.exec(select(TemplateVersion).where(col(TemplateVersion.name) == name)))
    if version_id is not None and not any(r.id == version_id for r in rows):
        raise NotFound(access.TEMPLATE_VERSION_NOT_FOUND)
    if version_id is None and _shipped_yaml(name) is None:
        raise ValidationError(access.TEMPLATE_NOT_SHIPPED.format(name=name))
    for row in rows:
        row.active = row.id == version_id
        session.add(row)
    session.flush()
    version = active_template(session, name).version
    audit.record(session, admin, "template.activated", "template", name,
                 summary=audit_text.template_activated(name, version),
                 detail={"name": name, "version": version, "version_id": version_id})
    return version


# --- the template builder (issue 16): a new template published with where it is offered ---------------------------------

def template_origin(session: Session, name: str) -> str | None:
    """'shipped', 'uploaded' (on the Sjablonen page), 'built' (on the builder page) or None for a free name."""
    if _shipped_yaml(name) is not None:
        return "shipped"
    version_ids = list(session.exec(select(col(TemplateVersion.id)).where(col(TemplateVersion.name) == name)))
    if not version_ids:
        return None
    built = session.exec(select(col(TemplateOffering.id)).where(
        col(TemplateOffering.template_version_id).in_(version_ids))).first()
    return "built" if built is not None else "uploaded"


def publish_built_template(session: Session, admin: ActingUser, *, name: str, docx_bytes: bytes, spec_yaml: str,
                           step: str, role: str, wording_errors: list[str], summary: str,
                           confirmation_summary: str = "") -> TemplateVersion:
    """Keep a checked template made on the builder page as the active version of `name`, with its offering; when
    the wording check found errors, who confirmed publishing it and when (the caller checked that they did)."""
    _require_admin(admin)
    for old in session.exec(select(TemplateVersion).where(col(TemplateVersion.name) == name,
                                                          col(TemplateVersion.active) == True)):  # noqa: E712
        old.active = False
        session.add(old)
    version_hash = template_version_hash(docx_bytes)
    row = TemplateVersion(name=name, version_hash=version_hash, content=docx_bytes, spec=spec_yaml,
                          uploaded_by=admin.id, active=True)
    session.add(row)
    session.flush()
    assert row.id is not None
    offering = TemplateOffering(template_version_id=row.id, name=name, step=step, role=role,
                                wording_errors=json.dumps(wording_errors, ensure_ascii=False))
    if wording_errors:
        offering.wording_confirmed_by = admin.id
        offering.wording_confirmed_at = utcnow()
    session.add(offering)
    session.flush()
    audit.record(session, admin, "template.published", "template_version", row.id, summary=summary,
                 detail={"name": name, "version": version_hash, "step": step, "role": role})
    if wording_errors:
        audit.record(session, admin, "template.wording_confirmed", "template_version", row.id,
                     summary=confirmation_summary, detail={"name": name, "errors": wording_errors})
    return row


def active_offerings(session: Session) -> dict[str, tuple[str, str]]:
    """Per template made on the builder page: (step, role) of its newest offering. A later version uploaded on the
    Sjablonen page (a new wording) keeps where the template is offered."""
    offerings: dict[str, tuple[str, str]] = {}
    for name, step, role in session.exec(select(col(TemplateOffering.name), col(TemplateOffering.step),
                                                col(TemplateOffering.role)).order_by(col(TemplateOffering.id))):
        offerings[name] = (step, role)
    return offerings


def offering_of_version(session: Session, admin: ActingUser, version_id: int) -> dict | None:
    """The offering kept with one version: step, role, wording_errors, wording_confirmed_by/_at (plain dict)."""
    _require_admin(admin)
    row = session.exec(select(TemplateOffering).where(col(TemplateOffering.template_version_id) == version_id)).first()
    if row is None:
        return None
    return {"step": row.step, "role": row.role, "wording_errors": json.loads(row.wording_errors),
            "wording_confirmed_by": row.wording_confirmed_by, "wording_confirmed_at": row.wording_confirmed_at}
