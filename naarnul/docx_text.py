"""The one reader of a .docx's text: headers, body paragraphs and table rows (cells split by a tab), footers.

Used by the wording check, the command line, the on-screen preview and the tests. A .docx is untrusted (an
upload): the zip is read by naarnul.untrusted_zip within this module's bounds before anything is parsed (a zip bomb
inflates a 2 MB file to gigabytes), and the XML parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

from naarnul.errors import ValidationError
from naarnul.untrusted_zip import Bounds, read_parts

MAX_FILE_BYTES = 10 * 1024 * 1024  # a letter with a logo is well under 1 MB
MAX_PARTS = 1_000
MAX_TEXT_PART_BYTES = 20 * 1024 * 1024  # inflated XML of one part; a 20-page letter is under 1 MB
MAX_TEXT_BYTES = 40 * 1024 * 1024  # all parts read together

NOT_A_DOCX = "Het bestand is geen geldig Word-document (.docx)."
TOO_LARGE = "Het Word-bestand is te groot om te lezen (meer dan 10 MB, of uitgepakt te veel tekst)."
_TEXT_PART = re.compile(r"word/(header\d*|document|footer\d*)\.xml")


def docx_text(docx_bytes: bytes) -> str:
    """All text of a .docx in reading order; ValidationError with a Dutch message for a broken or too large file."""
    bounds = Bounds(file_bytes=MAX_FILE_BYTES, parts=MAX_PARTS, part_bytes=MAX_TEXT_PART_BYTES,
                    total_bytes=MAX_TEXT_BYTES, too_large=TOO_LARGE, unreadable=NOT_A_DOCX)
    parts = read_parts(docx_bytes, bounds, wanted=_TEXT_PART.fullmatch, required="word/document.xml")
    names = sorted(parts)
    # a parser per call: lxml parsers must not be shared between threads (Streamlit runs sessions in threads)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        roots = [etree.fromstring(parts[name], parser)
                 for name in ([n for n in names if n.startswith("word/header")] + ["word/document.xml"]
                              + [n for n in names if n.startswith("word/footer")])]
    except etree.XMLSyntaxError as error:
        raise ValidationError(NOT_A_DOCX) from error
    lines: list[str] = []
    for root in roots:
        body = root.find(qn("w:body"))
        _block_lines(body if body is not None else root, lines)
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


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
