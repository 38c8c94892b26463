"""The court evidence pack (bewijsdossier) of a case: what a judge checks before a dissolution (convenant.md §8) — the
timeline, every stored letter with its date and SHA-256 checksum, the proof and content of the signal, the
municipality's feedback, contact attempts, objections, arrangements and custom solutions.

Pure assembly: plain values in (`EvidencePack`, read by naarnul.services.evidence), bytes out: the report as .docx
(`report_docx`, turned into a PDF by naarnul.documents.pdf), the `manifest` (JSON) and the ZIP (`pack_zip`) with the
original .docx files, the report and the manifest. No database, no Streamlit.

The summons window (a summons is expected between 2 and 6 months after the signal, Rotterdam court policy) is
information only, from `EvidenceSettings` (an admin setting).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from docx import Document
from docx.oxml import OxmlElement
from docx.shared import Cm, Mm, Pt

from naarnul import calendar
from naarnul.docx_layout import page_numbers
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money

REPORT_NAME = "bewijsdossier.pdf"
REPORT_DOCX_NAME = "bewijsdossier.docx"
MANIFEST_NAME = "manifest.json"
LETTERS_FOLDER = "brieven"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no clock time: the same pack gives the same bytes


@dataclass(frozen=True)
class EvidenceSettings:
    """When a summons is expected after the signal (practice, not law; an admin may change it)."""

    summons_from_months: int = 2
    summons_until_months: int = 6

    def __post_init__(self):
        low, high = self.summons_from_months, self.summons_until_months
        if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high <= 36):
            raise ValidationError("De dagvaarding na een melding: het begin moet 0 tot 36 maanden zijn en niet na "
                                  "het einde liggen.")


@dataclass(frozen=True)
class SummonsWindow:
    signal_date: dt.date
    earliest: dt.date
    latest: dt.date

    def sentence(self, today: dt.date) -> str:
        text = (f"De melding aan de gemeente was op {format_date(self.signal_date)}. Een dagvaarding ligt dan "
                f"meestal tussen {format_date(self.earliest)} en {format_date(self.latest)}.")
        if today < self.earliest:
            return text + " Die tijd is er om samen met de gemeente een oplossing te zoeken."
        if today > self.latest:
            return text + " Die periode is voorbij. Doe eerst een nieuwe melding voordat u naar de rechter gaat."
        return text


def summons_window(signal_date: dt.date | None, settings: EvidenceSettings) -> SummonsWindow | None:
    """The expected summons window after the (first) signal, or None without a signal."""
    if signal_date is None:
        return None
    return SummonsWindow(signal_date, calendar.add_months(signal_date, settings.summons_from_months),
                         calendar.add_months(signal_date, settings.summons_until_months))


@dataclass(frozen=True)
class EvidenceLetter:
    number: int
    title: str
    filename: str
    letter_date: dt.date | None
    made_at: dt.datetime
    stored_checksum: str
    content: bytes = field(repr=False)
    shared_with_municipality: bool = False

    @property
    def checksum(self) -> str:
        """SHA-256 of the bytes as they are now; equal to the stored one unless the file was changed."""
        return hashlib.sha256(self.content).hexdigest()

    @property
    def intact(self) -> bool:
        return self.checksum == self.stored_checksum

    @property
    def archive_name(self) -> str:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", self.filename).strip("-") or "brief.docx"
        return f"{LETTERS_FOLDER}/{self.number:02d}-{safe}"


@dataclass(frozen=True)
class EvidenceSignal:
    reference: str
    sent_on: dt.date
    arrears: Decimal
    months: int
    urgent: bool
    status: str  # Dutch
    picked_up_on: dt.date | None
    content: tuple[tuple[str, str], ...]  # what was sent (label, value), from the stored snapshot


@dataclass(frozen=True)
class EvidenceLine:
    """One dated row of a list (contact attempt, objection, feedback, arrangement, custom solution)."""

    on: dt.date | None
    text: str


@dataclass(frozen=True)
class EvidencePack:
    case_reference: str
    address: str
    tenant_names: str
    landlord_name: str
    made_on: dt.date
    case_opened_on: dt.date
    case_status: str  # Dutch
    arrears: Decimal
    arrears_months: int
    timeline: tuple[tuple[dt.datetime, str], ...]
    letters: tuple[EvidenceLetter, ...]
    signals: tuple[EvidenceSignal, ...]
    feedback: tuple[EvidenceLine, ...]
    contact_attempts: tuple[EvidenceLine, ...]
    objections: tuple[EvidenceLine, ...]
    arrangements: tuple[EvidenceLine, ...]
    custom_solutions: tuple[EvidenceLine, ...]
    summons: SummonsWindow | None

    @property
    def file_stem(self) -> str:
        return f"bewijsdossier-{re.sub(r'[^A-Za-z0-9-]+', '-', self.case_reference)}-{self.made_on.isoformat()}"


# --- the report (.docx, for LibreOffice's PDF) -----------------------------------------------------------------------

def _table(document, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.paragraphs[0].add_run(text)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    document.add_paragraph()


def _lines(document, items: tuple[EvidenceLine, ...], empty: str) -> None:
    if not items:
        document.add_paragraph(empty)
        return
    _table(document, ["Datum", "Wat"], [[format_date(i.on) if i.on else "–", i.text] for i in items], [3.5, 12.5])


def report_docx(pack: EvidencePack) -> bytes:
    """The evidence report as a Word document (A4, page numbers), in Dutch."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
        page_numbers(section)
    document.core_properties.title = f"Bewijsdossier {pack.case_reference}"
    document.core_properties.author = "Naar Nul"

    document.add_heading("Bewijsdossier huurachterstand", level=1)
    _table(document, ["", ""], [
        ["Kenmerk", pack.case_reference],
        ["Woning", pack.address],
        ["Huurder(s)", pack.tenant_names],
        ["Verhuurder", pack.landlord_name],
        ["Zaak geopend op", format_date(pack.case_opened_on)],
        ["Stand van de zaak", pack.case_status],
        ["Huurachterstand op " + format_date(pack.made_on), f"{format_money(pack.arrears)} "
                                                             f"({pack.arrears_months} maand(en))"],
        ["Dossier gemaakt op", format_date(pack.made_on)],
    ], [5, 11])
    document.add_paragraph("Dit dossier laat zien welke stappen de verhuurder heeft gezet om een huisuitzetting te "
                           "voorkomen. Bij elke brief staat een SHA-256-controlegetal. Met dat getal kan iedereen "
                           "nagaan dat het Word-bestand in de bijlage (ZIP) precies de brief is die is bewaard.")

    document.add_heading("Dagvaarding", level=2)
    document.add_paragraph(pack.summons.sentence(pack.made_on) if pack.summons else
                           "Er is nog geen melding aan de gemeente gedaan.")

    document.add_heading("Melding aan de gemeente", level=2)
    if not pack.signals:
        document.add_paragraph("Er is geen melding gedaan.")
    for signal in pack.signals:
        _table(document, ["Melding", signal.reference], [
            ["Verstuurd op", format_date(signal.sent_on)],
            ["Achterstand in de melding", f"{format_money(signal.arrears)} ({signal.months} maand(en))"],
            ["Spoed", "ja" if signal.urgent else "nee"],
            ["Stand bij de gemeente", signal.status],
            ["Opgepakt door de gemeente op", format_date(signal.picked_up_on) if signal.picked_up_on else "–"],
            *[[label, value] for label, value in signal.content],
        ], [5.5, 10.5])

    document.add_heading("Terugkoppeling van de gemeente", level=2)
    _lines(document, pack.feedback, "Er is geen terugkoppeling ontvangen.")
    document.add_heading("Contactpogingen", level=2)
    _lines(document, pack.contact_attempts, "Er zijn geen contactpogingen vastgelegd.")
    document.add_heading("Bezwaar tegen doorgeven aan de gemeente", level=2)
    _lines(document, pack.objections, "Er is geen bezwaar ontvangen.")
    document.add_heading("Betalingsregelingen", level=2)
    _lines(document, pack.arrangements, "Er is geen betalingsregeling gemaakt.")
    document.add_heading("Maatwerk (uitstel, huurverlaging, geen huurverhoging)", level=2)
    _lines(document, pack.custom_solutions, "Er is geen maatwerkoplossing vastgelegd.")

    document.add_heading("Brieven", level=2)
    if not pack.letters:
        document.add_paragraph("Er zijn geen brieven bewaard.")
    for letter in pack.letters:
        dated = format_date(letter.letter_date) if letter.letter_date else format_date(letter.made_at.date())
        heading = document.add_paragraph()
        heading.add_run(f"{letter.number}. {letter.title}").bold = True
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_after = Pt(0)
        detail = document.add_paragraph(f"Datum: {dated}. Gemaakt: {letter.made_at:%d-%m-%Y %H:%M}. Bestand: "
                                        f"{letter.archive_name}"
                                        + (". Gedeeld met de gemeente." if letter.shared_with_municipality else "."))
        detail.paragraph_format.keep_with_next = True
        detail.paragraph_format.space_after = Pt(0)
        check = document.add_paragraph()
        check.add_run("SHA-256: ")
        run = check.add_run(letter.stored_checksum)
        run.font.name = "Courier New"
        run.font.size = Pt(8)
        if not letter.intact:
            check.add_run(f" Let op: het bewaarde bestand heeft nu controlegetal {letter.checksum}. Het is na het "
                          "maken veranderd.").bold = True

    document.add_heading("Tijdlijn", level=2)
    _table(document, ["Wanneer", "Wat"], [[f"{at:%d-%m-%Y %H:%M}", text] for at, text in pack.timeline]
           or [["–", "Nog niets vastgelegd."]], [3.5, 12.5])

    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())


# --- the manifest and the ZIP ----------------------------------------------------------------------------------------

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(pack: EvidencePack, report: bytes, report_name: str) -> bytes:
    """JSON: the case and every file in the ZIP with its SHA-256 (letters: also the checksum stored when made)."""
    data = {
        "case_reference": pack.case_reference,
        "address": pack.address,
        "made_on": pack.made_on.isoformat(),
        "report": {"name": report_name, "sha256": _sha256(report), "bytes": len(report)},
        "letters": [{"name": letter.archive_name, "title": letter.title,
                     "letter_date": letter.letter_date.isoformat() if letter.letter_date else None,
                     "sha256": letter.checksum, "stored_sha256": letter.stored_checksum, "intact": letter.intact,
                     "bytes": len(letter.content)} for letter in pack.letters],
        "signals": [{"reference": s.reference, "sent_on": s.sent_on.isoformat()} for s in pack.signals],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def pack_zip(pack: EvidencePack, report: bytes, report_name: str = REPORT_NAME) -> bytes:
    """The ZIP: the report (PDF, or the .docx when no PDF could be made), every letter's original .docx byte for
    byte, and the manifest."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, data: bytes) -> None:
            entry = zipfile.ZipInfo(f"{pack.file_stem}/{name}", date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)

        put(report_name, report)
        for letter in pack.letters:
            put(letter.archive_name, letter.content)
        put(MANIFEST_NAME, manifest(pack, report, report_name))
    return out.getvalue()


def _reproducible(docx: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()
