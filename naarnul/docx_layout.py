"""Layout parts shared by the shipped templates (templates/build_templates.py) and the evidence pack's report."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt


def page_numbers(section) -> None:
    """'Pagina 1 van 2' in the footer, from Word's own PAGE and NUMPAGES fields."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("Pagina ", "PAGE"), (" van ", "NUMPAGES")):
        paragraph.add_run(text).font.size = Pt(9)
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), field)
        run = OxmlElement("w:r")
        shown = OxmlElement("w:t")
        shown.text = "1"
        run.append(shown)
        simple.append(run)
        paragraph._p.append(simple)
