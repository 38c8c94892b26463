"""Use cases of the admin's Sjablonen page: the templates and their versions, download one, re-activate an older
version, upload a checked new one. One unit of work per use case; typed views; times in Amsterdam."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from naarnul import access, calendar
from naarnul.documents import load_template, sandbox
from naarnul.documents.offering import is_offered
from naarnul.docx_text import docx_text
from naarnul.errors import NotFound, ValidationError
from naarnul.services import case_steps
from naarnul.template_diff import TextDiff as TemplateDiff
from naarnul.template_diff import diff_texts
from naarnul.users import ActingUser
from store import cases as case_store
from store import templates as template_store
from store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TemplateVersion:
    id: int | None  # None: the shipped file
    source: str  # "meegeleverd" / "geüpload"
    version: str  # sha256 of the .docx
    uploaded_at: dt.datetime | None  # Amsterdam time
    active: bool


@dataclass(frozen=True)
class TemplateOverview:
    name: str
    title: str
    kind: str
    description: str
    active_version: str
    versions: tuple[TemplateVersion, ...]
    extra_fields: tuple[str, ...]


@dataclass(frozen=True)
class TemplateFile:
    docx_name: str
    docx: bytes
    spec_yaml: str


@dataclass(frozen=True)
class AcceptedTemplate:
    name: str
    version: str


def list_templates(uow: UnitOfWork, admin: ActingUser) -> tuple[TemplateOverview, ...]:
    with uow:
        rows = template_store.list_template_versions(uow.session, admin)
    return tuple(TemplateOverview(
        name=t["name"], title=t["title"], kind=t["kind"], description=t["description"],
        active_version=t["active_version"], extra_fields=tuple(t["extra_fields"]),
        versions=tuple(TemplateVersion(v["id"], v["source"], v["version"],
                                       calendar.local(v["uploaded_at"]) if v["uploaded_at"] else None, v["active"])
                       for v in t["versions"]))
        for t in rows)


def template_file(uow: UnitOfWork, admin: ActingUser, *, name: str, version_id: int | None = None) -> TemplateFile:
    with uow:
        filename, docx, spec = template_store.template_file(uow.session, admin, name, version_id)
    return TemplateFile(filename, docx, spec)


def activate_version(uow: UnitOfWork, admin: ActingUser, *, name: str, version_id: int | None) -> None:
    with uow:
        template_store.activate_version(uow.session, admin, name, version_id)
        uow.commit()


def upload_template(uow: UnitOfWork, admin: ActingUser, *, name: str, docx: bytes,
                    spec_yaml: bytes | None) -> AcceptedTemplate:
    """Check the upload (fields, sample, wording) and put it in use; ValidationError with every problem.

    First the checks for an untrusted file, in a limited child process (naarnul.documents.sandbox): zip bombs, XML
    entities, external relationships and field codes, generators, huge numbers and format widths, loops in loops.
    Then the store's checks, whose sample render is itself limited."""
    if docx and len(docx) <= sandbox.MAX_FILE_BYTES:
        problems = sandbox.check_upload(docx)
        if problems:
            raise ValidationError(problems)
    with uow:
        row = template_store.upload_template(uow.session, admin, name, docx, spec_yaml)
        accepted = AcceptedTemplate(row.name, row.version_hash)
        uow.commit()
    return accepted


@dataclass(frozen=True)
class VersionComparison:
    name: str
    old_label: str  # "meegeleverd" / "geüpload 02-12-2026 14:03 · 1a2b3c4d5e6f"
    new_label: str
    diff: TemplateDiff


def _version_label(version: TemplateVersion) -> str:
    when = f" {version.uploaded_at:%d-%m-%Y %H:%M}" if version.uploaded_at else ""
    return f"{version.source}{when} · {version.version[:12]}"


def compare_versions(uow: UnitOfWork, admin: ActingUser, *, name: str, old_version_id: int | None,
                     new_version_id: int | None) -> VersionComparison:
    """The text of two versions of a template with the differences marked (admin only). A version id None is the
    shipped file. Both .docx files are read bounded (naarnul.docx_text); ValidationError in Dutch for a broken one."""
    with uow:
        overview = {t["name"]: t for t in template_store.list_template_versions(uow.session, admin)}
        if name not in overview:
            raise NotFound(access.TEMPLATE_VERSION_NOT_FOUND)
        versions = {v["id"]: v for v in overview[name]["versions"]}
        if old_version_id not in versions or new_version_id not in versions:
            raise NotFound(access.TEMPLATE_VERSION_NOT_FOUND)
        texts = []
        for version_id in (old_version_id, new_version_id):
            if version_id is None:
                docx = load_template(name).docx_bytes
            else:
                docx = template_store.template_file(uow.session, admin, name, version_id)[1]
            texts.append(docx_text(docx))
    labels = []
    for version_id in (old_version_id, new_version_id):
        v = versions[version_id]
        labels.append(_version_label(TemplateVersion(v["id"], v["source"], v["version"],
                                                     calendar.local(v["uploaded_at"]) if v["uploaded_at"] else None,
                                                     v["active"])))
    return VersionComparison(name=name, old_label=labels[0], new_label=labels[1], diff=diff_texts(*texts))


def offered_template_names(uow: UnitOfWork, actor: ActingUser, *, case_id: int, today: dt.date) -> tuple[str, ...]:
    """The templates offered on one of the actor's cases: every template without an offering (the shipped ones, an
    upload on Sjablonen), and a template made on 'Nieuw sjabloon maken' once the case has done its step (and the
    actor has its role). The case is read scoped to the actor."""
    with uow:
        return offered_names(uow.session, actor, case_id, today)


def offered_names(session: Session, actor: ActingUser, case_id: int, today: dt.date,
                  names: Sequence[str] | None = None, *, offerings: Mapping[str, tuple[str, str]] | None = None,
                  case: case_store.CaseRead | None = None) -> tuple[str, ...]:
    """As `offered_template_names`, inside another use case's transaction (making a letter checks it too);
    `names`, `offerings` (store.templates.active_offerings) and `case` (naarnul.services.case_steps.read_case): what
    the caller has already read (else it is read here). The case's steps are read only when an offering exists, in
    the one read of the case (three statements)."""
    names = template_store.template_names(session) if names is None else list(names)
    offerings = template_store.active_offerings(session) if offerings is None else offerings
    done: set[str] = set()
    if offerings:
        done = case_steps.steps_done(case or case_steps.read_case(session, actor, case_id), today)
    return tuple(name for name in names
                 if is_offered(*offerings.get(name, (None, None)), actor_role=str(actor.role), steps_done=done))
