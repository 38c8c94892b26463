"""LibreOffice converts without network: a .docx with an image linked by URL to a local HTTP server is converted,
and the server never sees a request (the conversion runs in an empty network namespace)."""

from __future__ import annotations

import http.server
import io
import re
import threading
import zipfile
from pathlib import Path

import pytest

from naarnul.documents import pdf

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not pdf.libreoffice_available(), reason="LibreOffice (soffice) is not installed")

DRAWING = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="952500" cy="952500"/><wp:docPr id="99" name="linked"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="99" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'r:link="rIdLinked"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    '</wp:inline></w:drawing></w:r></w:p>')


def docx_linking(url: str) -> bytes:
    source_bytes = (ROOT / "templates" / "invitation.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source_bytes)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = re.sub(rb"(<w:body[^>]*>)", lambda m: m.group(1) + DRAWING.encode(), data, count=1)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    '<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/image" Target="{url}" TargetMode="External"/></Relationships>').encode())
            target.writestr(info.filename, data)
    return out.getvalue()


@pytest.fixture
def listener():
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/linked.png", hits
    server.shutdown()


def test_conversion_makes_no_request(listener):
    url, hits = listener
    assert pdf.network_isolation() == "unshare"  # this machine allows it; say so if that ever changes
    result = pdf.to_pdf(docx_linking(url))
    assert result is not None and result[:4] == b"%PDF"
    assert hits == [], f"LibreOffice fetched {hits}"


def test_without_isolation_libreoffice_would_fetch(listener, monkeypatch):
    """The control: the same file without the namespace does reach the server (so the test above can fail)."""
    url, hits = listener
    monkeypatch.setattr(pdf, "_isolation", [])
    pdf.to_pdf(docx_linking(url))
    if not hits:
        pytest.skip("this LibreOffice does not fetch linked images at all")
    assert hits
