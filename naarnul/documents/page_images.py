"""A letter as page images for a preview in the browser: the .docx → PDF through LibreOffice (naarnul.documents.pdf:
no network, a private profile), then PDF → PNG with poppler's `pdftoppm`, at most MAX_PAGES pages at DPI.

Both run inside one child of the sandbox (naarnul.documents.sandbox.run_limited): the same memory limit as a render
(the address-space and CPU limits are inherited by LibreOffice and pdftoppm), and a wall-clock limit of
PREVIEW_SECONDS (LibreOffice alone needs about 1.6 s idle, 5 s on a busy machine). Without LibreOffice or pdftoppm,
or when a limit is hit: no images, and the caller shows the text instead."""

from __future__ import annotations

import os
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
PREVIEW_SECONDS = float(os.environ.get("NAARNUL_PREVIEW_SECONDS", str(3 * sandbox.SECONDS)))


def images_available() -> bool:
    return libreoffice_available() and shutil.which("pdftoppm") is not None


def pages_unbounded(docx_bytes: bytes, max_pages: int = MAX_PAGES, dpi: int = DPI) -> list[bytes]:
    """PNG bytes of the first `max_pages` pages; only ever called inside the sandbox's limited child."""
    pdf = to_pdf(docx_bytes)
    if not pdf or len(pdf) > MAX_PDF_BYTES:
        return []
    with tempfile.TemporaryDirectory(prefix="naarnul-png-") as tmp:
        work = Path(tmp)
        (work / "letter.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", str(max_pages),
                        str(work / "letter.pdf"), str(work / "page")],
                       check=True, capture_output=True, timeout=PREVIEW_SECONDS)
        return [path.read_bytes() for path in sorted(work.glob("page*.png"))][:max_pages]


def page_images(docx_bytes: bytes, max_pages: int = MAX_PAGES) -> list[bytes]:
    """The rendered letter as PNG pages ([] when LibreOffice or pdftoppm is missing, or a limit was hit)."""
    if not images_available():
        return []
    try:
        return list(sandbox.run_limited(pages_unbounded, docx_bytes, max_pages, seconds=PREVIEW_SECONDS))
    except ValidationError:
        return []
