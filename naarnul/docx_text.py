"""The one reader of a .docx's text: headers, body paragraphs and table rows (cells split by a tab), footers.

Used by the wording check, the command line, the on-screen preview and the tests. A .docx is untrusted (an
upload): the zip is bounded in size, number of parts and inflated size before anything is parsed (a zip bomb
inflates a 2 MB file to gigabytes), each part is read with a hard limit whatever its header claims, and the XML
parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx.oxml.ns import qn
from lxml import etree

from naarnul.errors import ValidationError

MAX_FILE_BYTES = 10 * 1024 * 1024  # a letter with a logo is well under 1 MB
MAX_PARTS = 1_000
MAX_TEXT_PART_BYTES = 20 * 1024 * 1024  # inflated XML of one part; a 20-page letter is under 1 MB
MAX_TEXT_BYTES = 40 * 1024 * 1024  # all parts read together

NOT_A_DOCX = "Het bestand is geen geldig Word-document (.docx)."
TOO_LARGE = "Het Word-bestand is te groot om te lezen (meer dan 10 MB, of uitgepakt te veel tekst)."


def docx_text(docx_bytes: bytes) -> str:
    """All text of a .docx in reading order; ValidationError with a Dutch message for a broken or too large file."""
    if len(docx_bytes) > MAX_FILE_BYTES:
        raise ValidationError(TOO_LARGE)
    try:
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise ValidationError(TOO_LARGE)
            names = [info.filename for info in infos]
            parts = ([n for n in sorted(names) if re.fullmatch(r"word/header\d*\.xml", n)]
                     + ["word/document.xml"]
                     + [n for n in sorted(names) if re.fullmatch(r"word/footer\d*\.xml", n)])
            # a parser per call: lxml parsers must not be shared between threads (Streamlit runs sessions in threads)
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            roots, total = [], 0
            for name in parts:
                xml = _bounded_read(archive, name)
                total += len(xml)
                if total > MAX_TEXT_BYTES:
                    raise ValidationError(TOO_LARGE)
                roots.append(etree.fromstring(xml, parser))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, etree.XMLSyntaxError) as error:
        raise ValidationError(NOT_A_DOCX) from error
    lines: list[str] = []
    for root in roots:
        body = root.find(qn("w:body"))
        _block_lines(body if body is not None else root, lines)
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _bounded_read(archive: zipfile.ZipFile, name: str) -> bytes:
    """The part's bytes, refusing more than MAX_TEXT_PART_BYTES whatever its zip header says."""
    if archive.getinfo(name).file_size > MAX_TEXT_PART_BYTES:
        raise ValidationError(TOO_LARGE)
    with archive.open(name) as part:
        data = part.read(MAX_TEXT_PART_BYTES + 1)
    if len(data) > MAX_TEXT_PART_BYTES:
        raise ValidationError(TOO_LARGE)
    return data


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _block_lines(element, lines: list[str]) -> None:
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                cells = []
                for cell in row.iterchildren(qn("w:tc")):
                    cell_lines: list[str] = []
                    _block_lines(cell, cell_lines)
                    cells.append(" ".join(line for line in cell_lines if line.strip()))
                lines.append("\t".join(cells))
            lines.append("")
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            _block_lines(child, lines)
