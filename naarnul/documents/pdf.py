"""Optional PDF output through LibreOffice (`soffice --headless --convert-to pdf`).

About 1.6 s per document, so it runs on request (a download button, the CI test), never on every click. Without
LibreOffice the app works as before and `to_pdf` returns None.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    return soffice_path() is not None


def to_pdf(docx_bytes: bytes) -> bytes | None:
    """The PDF of a .docx, or None when LibreOffice is not installed or the conversion failed."""
    soffice = soffice_path()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="naarnul-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx_bytes)
        # a private profile: two conversions at once must not fight over the user's LibreOffice profile lock
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(work), str(source)],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
                env={**os.environ, "HOME": str(work)},
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            return None
        target = work / "document.pdf"
        if not target.exists() or target.stat().st_size == 0:
            return None
        return target.read_bytes()
