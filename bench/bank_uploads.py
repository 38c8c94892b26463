"""Hostile bank uploads (the red team's, issue 13) built in memory: a million-row CSV, a million-row .xlsx and an
.xlsx that inflates to gigabytes. Used by tests/unit/test_bank_upload_bounds.py and bench/bench_bank_upload.py."""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                  b'2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/'
                  b'xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                  b'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                  b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             b'<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                  b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def csv_rows(rows: int) -> bytes:
    """A bank CSV with `rows` short payment rows (a million rows: about 12 MB)."""
    return b"Datum;Bedrag\n" + b"01-11-2026;1,00\n" * rows


def _xlsx(sheet_parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part)
    return out.getvalue()


def xlsx_rows(rows: int) -> bytes:
    """An .xlsx with a header and `rows` rows of a date and an amount."""
    def parts():
        yield (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c>'
               b'<c r="B1" t="inlineStr"><is><t>Bedrag</t></is></c></row>')
        batch = []
        for n in range(2, rows + 2):
            batch.append(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>01-11-2026</t></is></c><c r="B%d"><v>1</v>'
                         b'</c></row>' % (n, n, n))
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch) + b"</sheetData></worksheet>"
    return _xlsx(parts())


def xlsx_bomb(inflated: int) -> bytes:
    """An .xlsx whose sheet unpacks to about `inflated` bytes of blanks (2 GB: a file of about 2 MB)."""
    def parts():
        yield (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')
        block = b" " * (16 * 1024 * 1024)
        for _ in range(max(1, inflated // len(block))):
            yield block
        yield b"</sheetData></worksheet>"
    return _xlsx(parts())
