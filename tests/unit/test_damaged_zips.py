"""A damaged upload (a download cut off, a file a program mangled, a password-protected document) gets the reader's
Dutch message, never Streamlit's error page: the .docx text reader (Brief controleren, the wording check), the
template check at upload, and the bank import's .xlsx. All three read through naarnul.untrusted_zip."""

from __future__ import annotations

import dataclasses
import io
import sys
import zipfile
from pathlib import Path

import pytest

from naarnul import bank_import
from naarnul.documents import sandbox
from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError
from naarnul.untrusted_zip import Bounds, read_parts

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import bank_uploads  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
SHEET = "xl/worksheets/sheet1.xml"


def _docx() -> bytes:
    body = "".join(f"<w:p><w:r><w:t>Regel {n} van de brief</w:t></w:r></w:p>" for n in range(400))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(DOCUMENT, f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def _entries(data: bytes, name: str) -> tuple[int, int]:
    """Offsets of `name`'s local header and of its central directory entry."""
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == name.encode():
            return local, central
        central = data.find(b"PK\x01\x02", central + 4)
    raise KeyError(name)


def corrupt_stream(data: bytes, name: str) -> bytes:
    """Bytes flipped inside the part's deflate stream: zlib fails while inflating (zlib.error)."""
    local, _ = _entries(data, name)
    start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + \
        int.from_bytes(data[local + 28:local + 30], "little")
    damaged = bytearray(data)
    for offset in range(start + 10, start + 60):
        damaged[offset] ^= 0x55
    return bytes(damaged)


def encrypted(data: bytes, name: str) -> bytes:
    """The part marked as password-protected (RuntimeError: password required)."""
    local, central = _entries(data, name)
    damaged = bytearray(data)
    damaged[local + 6] |= 1
    damaged[central + 8] |= 1
    return bytes(damaged)


def unknown_method(data: bytes, name: str) -> bytes:
    """The part compressed with a method Python cannot inflate (NotImplementedError)."""
    local, central = _entries(data, name)
    damaged = bytearray(data)
    damaged[local + 8] = 9  # deflate64
    damaged[central + 10] = 9
    return bytes(damaged)


DAMAGES = [corrupt_stream, encrypted, unknown_method]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_docx_gets_the_text_readers_message(damage):
    assert "Regel 399 van de brief" in docx_text(_docx())
    with pytest.raises(ValidationError, match="geen geldig Word-document"):
        docx_text(damage(_docx(), DOCUMENT))


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_template_is_refused_at_upload_with_a_dutch_problem(damage):
    assert DOCUMENT in sandbox.read_parts(_docx())
    problems = sandbox.inspect_template(damage(_docx(), DOCUMENT))
    assert problems == [sandbox.NOT_A_DOCX]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_bank_xlsx_gets_the_bank_imports_message(damage):
    good = bank_uploads.xlsx_rows(10)
    assert len(bank_import.read_table(good, "bank.xlsx")) == 10
    with pytest.raises(ValidationError, match="kan ik niet lezen als Excel-bestand"):
        bank_import.read_table(damage(good, SHEET), "bank.xlsx")


BOUNDS = Bounds(file_bytes=100_000, parts=10, part_bytes=50_000, total_bytes=60_000, too_large="te groot",
                unreadable="onleesbaar", ratio=200)


def test_only_the_wanted_parts_are_read_and_counted():
    data = _docx()
    assert set(read_parts(data, BOUNDS)) == {"[Content_Types].xml", DOCUMENT}
    assert set(read_parts(data, BOUNDS, wanted=lambda name: name == DOCUMENT)) == {DOCUMENT}
    with pytest.raises(ValidationError, match="onleesbaar"):
        read_parts(data, BOUNDS, required="word/missing.xml")


def test_a_part_that_inflates_too_far_is_refused_before_it_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b" " * 2_000_000)  # 2 MB of blanks: about 2 KB compressed, a ratio of 1,000
    wide = Bounds(file_bytes=100_000, parts=10, part_bytes=5_000_000, total_bytes=5_000_000, too_large="te groot",
                  unreadable="onleesbaar", ratio=200)
    with pytest.raises(ValidationError, match="te groot"):
        read_parts(buffer.getvalue(), wide)
    assert read_parts(buffer.getvalue(), dataclasses.replace(wide, ratio=None))["big.xml"][:1] == b" "
    with pytest.raises(ValidationError, match="te groot"):
        read_parts(buffer.getvalue(), BOUNDS)  # over part_bytes
