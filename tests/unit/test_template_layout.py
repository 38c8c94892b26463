"""Every letter looks like a Dutch letter: A4 paper, page numbers, and signatures that never split over two pages.

Checked twice: in the .docx itself (what Word reads), and in the PDF that LibreOffice makes of a rendered letter
(page size from the PDF, page breaks from pdftotext's form feeds). Under CI=true a missing LibreOffice or pdftotext
fails the LibreOffice part instead of skipping it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from naarnul.documents import generate
from naarnul.documents.case import DocumentCase
from naarnul.documents.pdf import libreoffice_available, to_pdf

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
A4_MM = (210, 297)
ADDENDUM_EXTRA = {"support_organisation": "Buurtteam Oost", "support_worker_name": "Ria Bakker",
                  "support_worker_phone": "020 7654321", "finance_option": "budgetbeheer",
                  "money_manager": "Budgetbeheer Amsterdam"}


def test_every_shipped_template_is_found():
    assert {path.stem for path in TEMPLATES} >= {"reminder", "notification", "arrangement", "addendum", "invitation"}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.stem)
def test_every_template_is_a4_with_page_numbers(path):
    document = Document(str(path))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == A4_MM
        fields = [field.get(qn("w:instr")).strip() for field in section.footer._element.iter(qn("w:fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"], path.stem
        assert "Pagina" in section.footer.paragraphs[0].text


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.stem)
def test_signature_tables_are_kept_on_one_page(path):
    document = Document(str(path))
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if "Handtekening" not in header:
            continue
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None, path.stem


# --- LibreOffice: what a printed letter looks like ------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_tools():
    if not libreoffice_available() or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice and poppler-utils (pdftotext)")
        pytest.skip("LibreOffice or pdftotext is not installed")


def pdf_pages(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


def media_boxes_mm(pdf: bytes) -> set[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return {(round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) for width, height in boxes}


def case_with(instalment_count: int, tenant_count: int) -> DocumentCase:
    data = json.loads((ROOT / "examples" / "case.json").read_text(encoding="utf-8"))
    total = Decimal(data["arrears"]["total"])
    share = (total / instalment_count).quantize(Decimal("0.01"))
    amounts = [share] * (instalment_count - 1) + [total - share * (instalment_count - 1)]
    data["arrangement"]["instalments"] = [
        {"number": number, "due_date": f"{2027 + (number - 1) // 12}-{(number - 1) % 12 + 1:02d}-01",
         "amount": str(amount)} for number, amount in enumerate(amounts, start=1)]
    first = data["tenants"][0]
    data["tenants"] = [{**first, "first_name": f"Huurder{index}"} for index in range(1, tenant_count + 1)]
    return DocumentCase.from_json(data)


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["reminder", "notification", "arrangement", "addendum", "invitation"])
def test_every_letter_prints_on_a4_with_page_numbers(pdf_tools, name):
    pdf = to_pdf(generate(case_with(4, 1), name, ADDENDUM_EXTRA if name == "addendum" else {}).docx)
    assert pdf is not None
    assert media_boxes_mm(pdf) == {A4_MM}
    pages = pdf_pages(pdf)
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in page, name


@pytest.mark.libreoffice
@pytest.mark.parametrize(("name", "instalments", "tenants"), [
    # Lengths chosen so that, without the keep-together properties, the signature table would straddle a page break
    # in at least one of them.
    ("arrangement", 6, 2), ("arrangement", 12, 1), ("arrangement", 14, 3), ("arrangement", 20, 2),
    ("addendum", 4, 1), ("addendum", 4, 3),
])
def test_signatures_never_split_over_two_pages(pdf_tools, name, instalments, tenants):
    document = generate(case_with(instalments, tenants), name, ADDENDUM_EXTRA if name == "addendum" else {})
    pages = pdf_pages(to_pdf(document.docx) or b"")
    signers = [f"Huurder{index}" for index in range(1, tenants + 1)] + ["Anna de Linde"]
    if name == "addendum":
        signers += ["Ria Bakker", "Budgetbeheer Amsterdam"]
    last_page = pages[-1]
    heading = "Handtekeningen" if name == "arrangement" else "Ondertekening"
    assert heading in last_page
    signature_part = last_page[last_page.index(heading):]
    for signer in signers:  # the first word: pdftotext -layout wraps long names inside their cell
        assert signer.split()[0] in signature_part, (signer, len(pages))
