"""Real-browser tests: the real server (`streamlit run`) on a free port, driven by Playwright in Debian's chromium.

No browser can be downloaded here, so Playwright launches /usr/bin/chromium. Under CI the tests must run; on a
developer machine without chromium they are skipped with a clear reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from store.engine import forget_engine
from tests.conftest import ROOT, fresh_postgres_database, on_postgres

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path, url: str, process: subprocess.Popen, log: Path, database_url: str,
                 drop_database: Callable[[], None] | None = None):
        self.data_dir, self.url, self.process, self.log = data_dir, url, process, log
        self.database_url = database_url
        self.drop_database = drop_database

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(data_dir: Path, env_extra: dict | None = None) -> Server:
    """The real server on a database of its own: an SQLite file in `data_dir`, or in the PostgreSQL pass of the
    suite a fresh PostgreSQL database (dropped by stop_server)."""
    port = _free_port()
    log = data_dir / "server.log"
    env = {**os.environ, "NAARNUL_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **(env_extra or {})}
    env.pop("DATABASE_URL", None)
    drop_database = None
    if on_postgres():
        database_url, drop_database = fresh_postgres_database()
        env["DATABASE_URL"] = database_url
    else:
        database_url = f"sqlite:///{data_dir / 'naarnul.db'}"
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(data_dir, url, process, log, database_url, drop_database)
        except OSError:
            time.sleep(0.3)
    process.kill()
    if drop_database is not None:
        drop_database()
    raise RuntimeError("server did not start:\n" + log.read_text(errors="replace"))


def stop_server(srv: Server) -> None:
    srv.process.terminate()
    try:
        srv.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        srv.process.kill()
    forget_engine(srv.database_url)
    if srv.drop_database is not None:
        srv.drop_database()


@pytest.fixture
def server(tmp_path):
    srv = start_server(tmp_path)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for tests that only read (starting one takes seconds)."""
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is missing: .ci/run installs it")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def wait_until_idle(page) -> None:
    """Streamlit's own e2e suite waits for these two markers."""
    page.wait_for_selector("[data-test-connection-state='CONNECTED']", state="attached")
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached")
    page.wait_for_timeout(200)
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached")


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_until_idle(page)


def log_in(page, server: Server, username: str, password: str) -> None:
    """Log in through the form as a person does: type, press Enter once. Never a second press: a login that needs
    two is the bug users hit (the cookie component's extra run, see ui/auth.py)."""
    open_page(page, server.url)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_label("Wachtwoord").press("Enter")
    page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
    wait_until_idle(page)
