"""Templates are untrusted: real hostile .docx files, built here from a shipped template, are refused at upload with
a Dutch message and nothing saved; a template that passes the upload but explodes for one case fails that letter
within the time, memory and size limits; the check and the render run in a separate process."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from sqlmodel import select

from naarnul.documents import render as render_module
from naarnul.documents import sandbox
from naarnul.errors import ValidationError
from naarnul.services import templates as template_service
from naarnul.users import Role
from store.engine import session_for
from store.models import TemplateVersion
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (ROOT / "templates" / "invitation.docx").read_bytes()


def rebuild(docx: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
            compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The same package with some parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def with_paragraph(text: str, docx: bytes = SHIPPED) -> bytes:
    """The shipped template with one more paragraph at the top of the body holding `text` (Jinja included)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        xml = source.read("word/document.xml").decode("utf-8")
    paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    xml = re.sub(r"(<w:body[^>]*>)", lambda m: m.group(1) + paragraph, xml, count=1)
    return rebuild(docx, replace={"word/document.xml": xml.encode("utf-8")})


def part(name: str, docx: bytes = SHIPPED) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        return source.read(name)


@pytest.fixture
def admin_uow(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    return db_url, admin


def refused(db_url, admin, docx: bytes) -> list[str]:
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        template_service.upload_template(UnitOfWork(db_url), admin, name="invitation", docx=docx, spec_yaml=None)
    assert time.monotonic() - started < sandbox.SECONDS + 10
    with session_for(db_url) as session:
        assert session.exec(select(TemplateVersion)).all() == []  # nothing half-saved
    return caught.value.problems


HOSTILE_JINJA = {
    "nested loops": ("{% for a in tenants %}{% for b in tenants %}{% for c in tenants %}x{% endfor %}{% endfor %}"
                     "{% endfor %}", "lussen"),
    "lipsum": ("{{ lipsum(100000) }}", "lipsum"),
    "range": ("{% for i in range(999) %}x{% endfor %}", "range"),
    "percent width": ("{{ '%999999999s' % landlord_name }}", "breedte"),
    "format width": ("{{ '{:>999999999}'.format(landlord_name) }}", "format"),
    "format filter": ("{{ '%s'|format(landlord_name) }}", "format"),
    "big number": ("{{ landlord_name * 99999999 }}", "getal"),
    "center filter": ("{{ landlord_name|center(80) }}", "center"),
    "macro": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "macro"),
}


@pytest.mark.parametrize("case", list(HOSTILE_JINJA))
def test_hostile_jinja_is_refused_at_upload(admin_uow, case):
    db_url, admin = admin_uow
    text, word = HOSTILE_JINJA[case]
    problems = refused(db_url, admin, with_paragraph(text))
    assert any(word in p for p in problems), problems


def test_shipped_templates_pass_the_static_check():
    for docx in sorted((ROOT / "templates").glob("*.docx")):
        assert sandbox.check_upload(docx.read_bytes()) == [], docx.name


def test_zip_bomb_is_refused_before_inflating(admin_uow):
    db_url, admin = admin_uow
    bomb = rebuild(SHIPPED, add={"customXml/item9.xml": b"<a>" + b"0" * (200 * 1024 * 1024) + b"</a>"})
    assert len(bomb) < 2 * 1024 * 1024  # a small file ...
    problems = refused(db_url, admin, bomb)  # ... that would inflate to 200 MB
    assert any("te groot" in p for p in problems), problems


def test_zip_with_lying_headers_is_read_with_a_hard_bound():
    """A part whose header claims 1 KB but inflates to 100 MB: reading stops at the bound."""
    big = b"<a>" + b"0" * (100 * 1024 * 1024) + b"</a>"
    bomb = rebuild(SHIPPED, add={"customXml/item9.xml": big})
    # rewrite the declared size in the central directory and the local header
    data = bytearray(bomb)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        info = archive.getinfo("customXml/item9.xml")
    size = len(big).to_bytes(4, "little")
    data = data.replace(size, (1024).to_bytes(4, "little"))
    problems = sandbox.check_upload(bytes(data))
    assert problems and any("te groot" in p or "geen geldig" in p for p in problems), problems
    assert info.file_size == len(big)


def test_xml_entity_expansion_is_refused(admin_uow):
    db_url, admin = admin_uow
    xml = part("word/document.xml").decode("utf-8")
    laughs = ('<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    xml = xml.replace("?>", "?>" + laughs, 1).replace("<w:t>", "<w:t>&d;", 1)
    problems = refused(db_url, admin, rebuild(SHIPPED, replace={"word/document.xml": xml.encode("utf-8")}))
    assert any("ENTITY" in p for p in problems), problems


def test_linked_image_and_attached_template_are_refused(admin_uow):
    db_url, admin = admin_uow
    rels = part("word/_rels/document.xml.rels").decode("utf-8").replace(
        "</Relationships>",
        '<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        'Target="http://127.0.0.2:9/x.png" TargetMode="External"/></Relationships>')
    problems = refused(db_url, admin, rebuild(SHIPPED, replace={"word/_rels/document.xml.rels": rels.encode()}))
    assert any("buiten het bestand" in p for p in problems), problems

    settings = part("word/settings.xml").decode("utf-8")
    settings = re.sub(r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdT"/>', settings, count=1)
    settings_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                     'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="http://schemas.'
                     'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
                     'Target="file://evil/share/Normal.dotm" TargetMode="External"/></Relationships>')
    problems = refused(db_url, admin, rebuild(SHIPPED, replace={"word/settings.xml": settings.encode()},
                                              add={"word/_rels/settings.xml.rels": settings_rels.encode()}))
    assert any("attachedTemplate" in p for p in problems) and any("buiten het bestand" in p for p in problems)


def test_includepicture_field_is_refused(admin_uow):
    db_url, admin = admin_uow
    xml = part("word/document.xml").decode("utf-8")
    field = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
             'INCLUDEPICTURE "http://127.0.0.2:9/x.png" \\d </w:instrText></w:r><w:r><w:fldChar '
             'w:fldCharType="end"/></w:r></w:p>')
    xml = re.sub(r"(<w:body[^>]*>)", lambda m: m.group(1) + field, xml, count=1)
    problems = refused(db_url, admin, rebuild(SHIPPED, replace={"word/document.xml": xml.encode()}))
    assert any("INCLUDEPICTURE" in p for p in problems), problems


def test_a_clean_upload_is_still_accepted(admin_uow):
    db_url, admin = admin_uow
    accepted = template_service.upload_template(UnitOfWork(db_url), admin, name="invitation",
                                                docx=with_paragraph("Met vriendelijke groet, {{ landlord_name }}"),
                                                spec_yaml=None)
    assert accepted.name == "invitation"


# --- renders: a template that explodes only for some cases ------------------------------------------------------------

EXPLODES_FOR_LONG_CASES = with_paragraph(
    "{% for a in arrears_months %}{% for b in arrears_months %}{{ landlord_name }} {{ a.month }} {{ b.month }} "
    "{% endfor %}{% endfor %}")


def test_exploding_render_fails_one_letter_within_the_limit(monkeypatch):
    assert sandbox.check_upload(EXPLODES_FOR_LONG_CASES) == []  # nothing wrong with it at upload
    small = {"landlord_name": "Verhuur", "arrears_months": [{"month": "mei"}] * 3}
    assert b"PK" == render_module.render_docx(EXPLODES_FOR_LONG_CASES, {**_base_context(), **small})[:2]
    monkeypatch.setattr(sandbox, "SECONDS", 3.0)
    huge = {"landlord_name": "Verhuur " * 20, "arrears_months": [{"month": "september 2026"}] * 3000}
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        render_module.render_docx(EXPLODES_FOR_LONG_CASES, {**_base_context(), **huge})
    elapsed = time.monotonic() - started
    assert elapsed < 3.0 + 6, elapsed
    message = " ".join(caught.value.problems)
    assert "te lang" in message or "te veel geheugen" in message or "te groot" in message, message


def test_memory_bomb_at_render_is_stopped_by_the_memory_limit():
    """Bypassing the upload check (as an old stored version could): the render's memory limit is the backstop."""
    bomb = with_paragraph("{{ '%999999999s' % landlord_name }}{{ '%999999999s' % landlord_name }}")
    with pytest.raises(ValidationError) as caught:
        render_module.render_docx(bomb, {**_base_context(), "landlord_name": "x"})
    assert "te veel geheugen" in " ".join(caught.value.problems), caught.value.problems
    peak_mb = sandbox.LAST_PEAK_KB / 1024
    print(f"\npeak memory of the refused render: {peak_mb:.0f} MB (limit {sandbox.MEMORY_BYTES // 2**20} MB above start)")
    assert peak_mb < sandbox.MEMORY_BYTES / 2**20 + 200


def test_render_runs_in_another_process():
    assert sandbox.run_limited(os.getpid) != os.getpid()


def test_largest_refused_upload_memory_is_bounded():
    """The peak memory of the child that checks the 200 MB zip bomb (printed for the report)."""
    bomb = rebuild(SHIPPED, add={"customXml/item9.xml": b"<a>" + b"0" * (200 * 1024 * 1024) + b"</a>"})
    problems = sandbox.check_upload(bomb)
    assert problems
    print(f"\npeak memory checking a {len(bomb) // 1024} KB zip bomb (200 MB inflated): "
          f"{sandbox.LAST_PEAK_KB / 1024:.0f} MB")
    assert sandbox.LAST_PEAK_KB / 1024 < 150


def _base_context() -> dict:
    """Every field the shipped invitation uses, with a plain value (the render needs them, StrictUndefined)."""
    from naarnul.documents.case import DocumentCase
    from naarnul.documents.context import build_context
    from naarnul.documents.registry import load_template

    spec = load_template("invitation")
    return build_context(DocumentCase.from_json(spec.sample_case), spec, spec.sample_extra)


def test_child_never_runs_the_main_script(tmp_path, monkeypatch):
    """Under Streamlit, `__main__` is the app script; a child that re-ran it would run the whole app (found in the
    browser: every letter failed). The child must start without it."""
    import sys
    import types

    script = tmp_path / "app_script.py"
    script.write_text("raise SystemExit('the app script ran in the child')\n", encoding="utf-8")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    fake_main.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    assert sandbox.run_limited(os.getpid) != os.getpid()


# --- warm workers: reused, recycled on failure, limits kept for a template compiled earlier ----------------------------

def test_a_warm_worker_is_reused_and_replaced_after_a_failure():
    sandbox.stop_workers()
    first = sandbox.run_limited(os.getpid)
    assert sandbox.run_limited(os.getpid) == first  # warm: the same worker takes the next task
    bomb = with_paragraph("{{ '%999999999s' % landlord_name }}")
    with pytest.raises(ValidationError):
        render_module.render_docx(bomb, {**_base_context(), "landlord_name": "x"})
    after = sandbox.run_limited(os.getpid)
    assert after not in (first, os.getpid())  # the worker that failed is gone; a fresh one took over
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)


def test_a_compiled_template_still_runs_within_the_memory_limit():
    """The version is compiled and cached in the worker by a harmless render; a case that makes it explode is still
    stopped by the worker's memory limit, and the next letter renders in a fresh worker."""
    sandbox.stop_workers()
    template = with_paragraph("{% if landlord_name == 'x' %}{{ '%999999999s' % landlord_name }}{% endif %}")
    context = _base_context()
    assert b"PK" == render_module.render_docx(template, {**context, "landlord_name": "Verhuur"})[:2]
    warm = sandbox.run_limited(os.getpid)
    with pytest.raises(ValidationError) as caught:
        render_module.render_docx(template, {**context, "landlord_name": "x"})
    assert "te veel geheugen" in " ".join(caught.value.problems), caught.value.problems
    assert b"PK" == render_module.render_docx(template, {**context, "landlord_name": "Verhuur"})[:2]
    assert sandbox.run_limited(os.getpid) != warm


def test_a_compiled_template_still_runs_within_the_time_limit(monkeypatch):
    sandbox.stop_workers()
    monkeypatch.setattr(sandbox, "SECONDS", 3.0)
    small = {"landlord_name": "Verhuur", "arrears_months": [{"month": "mei"}] * 3}
    for _ in range(3):  # compiled once, then taken from the worker's cache
        assert b"PK" == render_module.render_docx(EXPLODES_FOR_LONG_CASES, {**_base_context(), **small})[:2]
    huge = {"landlord_name": "Verhuur " * 20, "arrears_months": [{"month": "september 2026"}] * 3000}
    started = time.monotonic()
    with pytest.raises(ValidationError):
        render_module.render_docx(EXPLODES_FOR_LONG_CASES, {**_base_context(), **huge})
    assert time.monotonic() - started < 3.0 + 6


def test_parallel_renders_use_separate_workers_and_keep_each_case():
    """Bulk letters render from several threads at once: every result belongs to its own context."""
    from concurrent.futures import ThreadPoolExecutor

    from naarnul.docx_text import docx_text

    names = [f"Verhuurder {number} & Zn <{number}>" for number in range(12)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        texts = list(pool.map(lambda name: docx_text(render_module.render_docx(SHIPPED, {**_base_context(),
                                                                                      "landlord_name": name})),
                              names))
    for name, text in zip(names, texts):
        assert name in text
        assert not any(other in text for other in names if other != name)
