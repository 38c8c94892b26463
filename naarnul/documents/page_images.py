"""A letter as page images for a preview in the browser: the .docx → PDF through LibreOffice (naarnul.documents.pdf:
no network, a private profile, its own time-out), then PDF → PNG with poppler's `pdftoppm`, at most MAX_PAGES pages,
inside the sandbox's limited child process (time and memory limits, naarnul.documents.sandbox.run_limited).
Without LibreOffice or pdftoppm: no images (the caller shows the text instead)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from naarnul.documents import sandbox
from naarnul.documents.pdf import libreoffice_available, to_pdf
from naarnul.errors import ValidationError

MAX_PAGES = 4
DPI = 60
MAX_PDF_BYTES = 20 * 1024 * 1024


def images_available() -> bool:
    return libreoffice_available() and shutil.which("pdftoppm") is not None


def pdf_pages_unbounded(pdf_bytes: bytes, max_pages: int = MAX_PAGES, dpi: int = DPI) -> list[bytes]:
    """PNG bytes of the first `max_pages` pages; runs inside the sandbox child (its limits apply to pdftoppm too)."""
    with tempfile.TemporaryDirectory(prefix="naarnul-png-") as tmp:
        work = Path(tmp)
        (work / "letter.pdf").write_bytes(pdf_bytes)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", str(max_pages),
                        str(work / "letter.pdf"), str(work / "page")],
                       check=True, capture_output=True, timeout=max(sandbox.SECONDS - 1, 1))
        return [path.read_bytes() for path in sorted(work.glob("page*.png"))][:max_pages]


def page_images(docx_bytes: bytes, max_pages: int = MAX_PAGES) -> list[bytes]:
    """The rendered letter as PNG pages ([] when LibreOffice or pdftoppm is missing or the conversion failed)."""
    if not images_available():
        return []
    pdf = to_pdf(docx_bytes)
    if not pdf or len(pdf) > MAX_PDF_BYTES:
        return []
    try:
        return list(sandbox.run_limited(pdf_pages_unbounded, pdf, max_pages))
    except ValidationError:
        return []
