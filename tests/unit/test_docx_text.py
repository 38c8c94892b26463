"""The one .docx text reader refuses zip bombs and oversized files before parsing, with a Dutch message."""

from __future__ import annotations

import io
import resource
import zipfile

import pytest

from naarnul import docx_text as reader
from naarnul.errors import ValidationError
from tests.conftest import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _paragraphs(*texts: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def test_reads_paragraphs_of_a_shipped_template():
    text = reader.docx_text((ROOT / "templates" / "reminder.docx").read_bytes())
    assert "{{" in text or "herinnering" in text.lower()


def test_reads_hostile_text_literally():
    assert reader.docx_text(_docx(_paragraphs("Smith &amp; Sons &lt;Ltd&gt; {{ x }} {% if %}"))) == \
        "Smith & Sons <Ltd> {{ x }} {% if %}\n"


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    padding = b" " * (reader.MAX_TEXT_PART_BYTES + 10)  # compresses to about 20 KB
    bomb = _docx(_paragraphs("a")[:-len(b"</w:body></w:document>")] + padding + b"</w:body></w:document>")
    assert len(bomb) < 1_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ValidationError) as error:
        reader.docx_text(bomb)
    assert "te groot" in str(error.value)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB: far below the inflated size


def test_a_part_that_lies_about_its_size_is_still_bounded(monkeypatch):
    monkeypatch.setattr(reader, "MAX_TEXT_PART_BYTES", 1_000)
    data = _docx(_paragraphs("x" * 5_000))
    with pytest.raises(ValidationError):
        reader.docx_text(data)


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken", _docx(b"<w:document")])
def test_broken_files_get_a_dutch_message(data):
    with pytest.raises(ValidationError) as error:
        reader.docx_text(data)
    assert "geen geldig Word-document" in str(error.value)


def test_too_many_parts_and_too_large_files_are_refused():
    many = _docx(_paragraphs("a"), {f"word/media/{i}.bin": b"" for i in range(reader.MAX_PARTS + 1)})
    with pytest.raises(ValidationError):
        reader.docx_text(many)
    with pytest.raises(ValidationError):
        reader.docx_text(b"PK" + b"\0" * reader.MAX_FILE_BYTES)


def test_entities_are_not_expanded():
    lol = (f'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>').encode()
    try:
        text = reader.docx_text(_docx(lol))
    except ValidationError:
        return
    assert "aaaaaaaaaa" not in text
