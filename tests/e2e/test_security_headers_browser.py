"""The reverse proxy of deploy/nginx.conf, run for real (nginx with a throw-away certificate) in front of the real
server: the app works through it under its Content-Security-Policy (login, the landlord's pages with a chart, a
dataframe, the login component) with no policy violation in the browser, the headers are there (frame-ancestors,
X-Frame-Options) and `/_stcore/metrics` answers 404 while the health check passes."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from naarnul import calendar
from naarnul.users import Role
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, wait_until_idle
from tests.e2e.test_signal_journey import seed_case_ready_to_signal
from tests.unit.test_deploy_config import CONFIG, csp

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                                                  reason="nginx is not installed (apt-get install nginx-light)")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy(server, tmp_path):
    """nginx with deploy/nginx.conf, only the ports, the upstream and the certificate paths changed."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True)
    https, http = free_port(), free_port()
    config = (CONFIG.replace("server app:8501;", f"server 127.0.0.1:{urlparse(server.url).port};")
              .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
              .replace("listen 80;", f"listen 127.0.0.1:{http};")
              .replace("/etc/nginx/certs/", f"{tmp_path}/")
              .replace("pid /tmp/nginx.pid;", f"pid {tmp_path}/nginx.pid;")
              .replace("access_log /dev/stdout", f"access_log {tmp_path}/access.log")
              .replace("error_log /dev/stderr warn;", f"error_log {tmp_path}/error.log warn;"))
    (tmp_path / "nginx.conf").write_text(config, encoding="utf-8")
    process = subprocess.Popen([nginx, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path), "-e",
                                str(tmp_path / "error.log"), "-g", "daemon off;"])
    url = f"https://127.0.0.1:{https}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if fetch(url + "/_stcore/health")[0] == 200:
            break
        time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str) -> tuple[int, dict]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, timeout=5, context=context) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)
    except OSError:
        return 0, {}


def test_app_runs_behind_the_proxy_under_its_policy(server, proxy, browser):
    status, headers = fetch(proxy + "/")
    assert status == 200 and headers.get("Content-Security-Policy") == csp()
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"] and headers.get("X-Frame-Options") == "DENY"
    assert fetch(proxy + "/_stcore/metrics")[0] == 404
    assert fetch(server.url + "/_stcore/metrics")[0] == 200  # the app itself serves them: never publish its port

    today = calendar.today()
    landlord = add_user(server.database_url, Role.LANDLORD, "piet")
    seed_case_ready_to_signal(server.database_url, landlord, today)
    violations: list[str] = []
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => window.reportViolation(e.violatedDirective + " " + e.blockedURI + " " + e.documentURI + " " + (e.sample || "")));""")
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        proxied = type(server)(server.data_dir, proxy, server.process, server.log, server.database_url)
        log_in(page, proxied, "piet", PASSWORD)
        page.reload()  # the login cookie was written under the policy (static/naarnul_cookie.js): still logged in
        page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
        wait_until_idle(page)
        page.get_by_text("Huurachterstand in de afgelopen 12 maanden").wait_for()  # the Vega chart
        for title in ("Dossier", "Huurders", "Betalingen", "Brieven"):
            page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True).click()
            wait_until_idle(page)
            page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert violations == [], violations
