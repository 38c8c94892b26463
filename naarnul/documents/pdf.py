"""Optional PDF output through LibreOffice (`soffice --headless --convert-to pdf`).

About 1.6 s per document, so it runs on request (a download button, the CI test), never on every click. Without
LibreOffice the app works as before and `to_pdf` returns None.

Without network: a .docx can link an image or a template by URL and LibreOffice fetches such links while it loads the
file (a request from the server to anywhere, SSRF). Each conversion therefore runs in its own empty network
namespace (`unshare --user --net`: only a loopback that is down, so nothing can be reached, not even the server's own
ports) with a private profile and every proxy variable removed. Where unprivileged namespaces are not allowed (some
container runtimes), it falls back to the private profile and no proxies, and the deployment must block outgoing
traffic instead (docs/deploying.md). `network_isolation()` says which one is in use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy")
_isolation: list[str] | None = None


def _unshare_prefix() -> list[str]:
    """`unshare --user --net` when this machine allows it (probed once), else nothing."""
    global _isolation
    if _isolation is None:
        unshare = shutil.which("unshare")
        _isolation = []
        if unshare and os.environ.get("NAARNUL_PDF_UNSHARE", "1") != "0":
            try:
                probe = subprocess.run([unshare, "--user", "--net", "true"], capture_output=True, timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                probe = None
            if probe is not None and probe.returncode == 0:
                _isolation = [unshare, "--user", "--net"]
    return _isolation


def network_isolation() -> str:
    """'unshare' when conversions run without any network, else 'none' (then block egress in the deployment)."""
    return "unshare" if _unshare_prefix() else "none"


def _environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key.lower() not in _PROXY_VARIABLES}
    env.update({"HOME": str(home), "no_proxy": "*", "NO_PROXY": "*"})
    return env


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
                [*_unshare_prefix(), soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS, env=_environment(work),
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            return None
        target = work / "document.pdf"
        if not target.exists() or target.stat().st_size == 0:
            return None
        return target.read_bytes()
