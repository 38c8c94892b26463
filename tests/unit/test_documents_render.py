"""Rendering: user text stays literal, missing fields fail in Dutch, templates cannot escape the sandbox."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from docx import Document

from naarnul.documents.render import render_docx
from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError

HOSTILE = "Smith & Sons <Ltd> \"x\" 'y' {{ 7*7 }} {% if %} é ß مرحبا 🏠"


def make_template(*paragraphs: str, table_rows: list[list[str]] | None = None) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_rows:
        table = document.add_table(rows=0, cols=len(table_rows[0]))
        for row in table_rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    document.add_paragraph("Einde.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_hostile_text_survives_literally_with_everything_after_it():
    template = make_template("Naam: {{ name }}. Daarna: {{ after }}.", "Tweede alinea {{ name }} slot.")
    text = docx_text(render_docx(template, {"name": HOSTILE, "after": "nog meer tekst"}))
    assert f"Naam: {HOSTILE}. Daarna: nog meer tekst." in text
    assert f"Tweede alinea {HOSTILE} slot." in text
    assert "49" not in text  # {{ 7*7 }} in user text is data, not code
    assert text.rstrip().endswith("Einde.")


def test_hostile_text_in_table_loop_rows():
    template = make_template(table_rows=[["{%tr for r in rows %}", ""], ["{{ r.a }}", "{{ r.b }}"],
                                         ["{%tr endfor %}", ""]])
    text = docx_text(render_docx(template, {"rows": [{"a": HOSTILE, "b": "één"}, {"a": "twee", "b": "<b>"}]}))
    assert f"{HOSTILE}\téén" in text
    assert "twee\t<b>" in text


def test_newline_in_user_text_becomes_a_line_break_not_lost_text():
    text = docx_text(render_docx(make_template("{{ v }} einde"), {"v": "regel 1\nregel 2"}))
    assert "regel 1\nregel 2 einde" in text


def test_missing_field_fails_loudly_in_dutch():
    with pytest.raises(ValidationError) as caught:
        render_docx(make_template("Beste {{ greeting }}, {{ tenant_name }}"), {"greeting": "Sam"})
    assert caught.value.problems == ["Het veld 'tenant_name' ontbreekt. Vul het in, of haal het uit het sjabloon."]


def test_missing_attribute_fails_loudly():
    with pytest.raises(ValidationError) as caught:
        render_docx(make_template("{{ landlord.phone }}"), {"landlord": {"name": "x"}})
    assert "Het veld 'phone' bestaat niet of ontbreekt" in str(caught.value)


def test_syntax_error_is_explained():
    with pytest.raises(ValidationError) as caught:
        render_docx(make_template("{% if x %} zonder einde"), {"x": True})
    assert "schrijffout in de velden" in str(caught.value)


def test_not_a_docx_is_refused_in_dutch():
    for junk in (b"", b"hello", b"PK\x03\x04broken"):
        with pytest.raises(ValidationError, match="geen geldig Word-document"):
            render_docx(junk, {})


ATTACKS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__.os.system('touch /tmp/naarnul-pwned') }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ name.__class__.__base__.__subclasses__() }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(name) }}",
    "{{ 'a' * 100000000 }}",
    "{{ [1] * 100000000 }}",
    "{{ 10 ** 10000000 }}",
    "{% for i in range(100000000) %}x{% endfor %}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_sandbox_refuses_escape_attempts(attack):
    marker = Path("/tmp/naarnul-pwned")
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        render_docx(make_template(f"Naam {{{{ name }}}} {attack}"), {"name": "Sam"})
    assert time.perf_counter() - started < 5
    assert not marker.exists()
    assert "Het sjabloon probeert iets te doen wat niet is toegestaan." in str(caught.value)


def test_docx_text_reads_paragraphs_and_tables_in_order():
    template = make_template("Eerst", table_rows=[["a", "b"], ["c", "d"]])
    text = docx_text(render_docx(template, {}))
    assert text.index("Eerst") < text.index("a\tb") < text.index("c\td") < text.index("Einde.")


def test_docx_text_reads_headers_and_footers():
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Kop {{ who }}"
    document.sections[0].footer.paragraphs[0].text = "Voet {{ who }}"
    document.add_paragraph("Midden")
    out = io.BytesIO()
    document.save(out)
    text = docx_text(render_docx(out.getvalue(), {"who": HOSTILE}))
    assert text.index(f"Kop {HOSTILE}") < text.index("Midden") < text.index(f"Voet {HOSTILE}")


def test_pdf_is_none_without_libreoffice(monkeypatch, tmp_path):
    from naarnul.documents.pdf import libreoffice_available, to_pdf

    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no soffice to find
    assert libreoffice_available() is False
    assert to_pdf(make_template("Hallo")) is None
