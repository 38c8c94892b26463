"""The compiled render (a template version compiled once, naarnul.documents.render.CompiledTemplate) writes the same
.docx parts byte for byte as docxtpl's own path, for every shipped template and for hostile user text; a template
it cannot reproduce (Jinja in its document properties) takes docxtpl's path; errors stay Dutch and are not cached."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from docx import Document

from naarnul.documents import render
from naarnul.documents.case import DocumentCase
from naarnul.documents.context import build_context
from naarnul.documents.registry import list_templates
from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError

HOSTILE = "Smith & Sons <Ltd> \"x\" 'y' {{ 7*7 }} {% if %} *vet* [link](http://x) é 🏠\nregel twee"


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sample_context(spec) -> dict:
    return build_context(DocumentCase.from_json(spec.sample_case), spec, spec.sample_extra)


@pytest.mark.parametrize("spec", list_templates(), ids=lambda spec: spec.name)
def test_compiled_render_writes_the_same_parts_as_docxtpl(spec):
    assert render.compiled_template(spec.docx_bytes) is not None  # the shipped templates take the fast path
    for context in (sample_context(spec), {**sample_context(spec), "landlord_name": HOSTILE}):
        fast = render.render_unbounded(spec.docx_bytes, context)
        plain = render.render_with_docxtpl(spec.docx_bytes, context)
        fast_parts, plain_parts = parts(fast), parts(plain)
        assert sorted(fast_parts) == sorted(plain_parts)
        assert [name for name in plain_parts if fast_parts[name] != plain_parts[name]] == []
        assert docx_text(fast) == docx_text(plain)


def test_a_second_render_of_a_version_shows_only_its_own_case():
    spec = next(s for s in list_templates() if s.name == "reminder")
    first = docx_text(render.render_unbounded(spec.docx_bytes, {**sample_context(spec), "landlord_name": "Eerste BV"}))
    second = docx_text(render.render_unbounded(spec.docx_bytes, {**sample_context(spec), "landlord_name": HOSTILE}))
    assert "Eerste BV" in first and "Eerste BV" not in second
    assert "Smith & Sons <Ltd>" in second and "49" not in second


def with_title(docx: bytes, title: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dc:title>[^<]*</dc:title>|<dc:title/>", b"", data)
                data = data.replace(b"</cp:coreProperties>",
                                    b"<dc:title>" + title.encode() + b"</dc:title></cp:coreProperties>")
            target.writestr(info.filename, data)
    return out.getvalue()


def simple_template(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_jinja_in_the_document_title_takes_docxtpls_path_and_is_filled_in():
    template = with_title(simple_template("Beste {{ name }},"), "Brief aan {{ name }}")
    assert render.compiled_template(template) is None
    out = render.render_unbounded(template, {"name": "Sam & Co"})
    assert "Beste Sam & Co," in docx_text(out)
    assert Document(io.BytesIO(out)).core_properties.title == "Brief aan Sam &amp; Co"  # autoescaped, as before


def test_a_syntax_error_is_dutch_and_not_cached():
    broken = simple_template("Beste {{ name ,")
    for _ in range(2):  # the second time fails the same way: a failure is never kept as a compiled template
        with pytest.raises(ValidationError) as caught:
            render.render_unbounded(broken, {"name": "Sam"})
        assert "schrijffout" in " ".join(caught.value.problems)
    assert hashlib.sha256(broken).hexdigest() not in render._COMPILED


def test_a_missing_field_is_named_in_dutch_on_the_compiled_path():
    template = simple_template("Beste {{ name }}, u woont in {{ place }}.")
    assert render.compiled_template(template) is not None
    with pytest.raises(ValidationError) as caught:
        render.render_unbounded(template, {"name": "Sam"})
    assert "Het veld 'place' ontbreekt" in " ".join(caught.value.problems)
    assert "u woont in Utrecht." in docx_text(render.render_unbounded(template, {"name": "Sam", "place": "Utrecht"}))


def test_the_cache_is_bounded():
    for number in range(render._MAX_COMPILED + 3):
        render.compiled_template(simple_template(f"Brief {number}: {{{{ name }}}}"))
    assert len(render._COMPILED) <= render._MAX_COMPILED
