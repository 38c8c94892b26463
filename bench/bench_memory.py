"""Memory of one app process (issue 14): the resident set (RSS) of the real server (`streamlit run`) when it has
started, after the login page, after a landlord's session and after a liaison's session, in a real Chromium.

The database is the demo pilot (`naarnul demo`) on an SQLite file; filling it takes a minute or more, so the filled
file is kept in the temporary folder under a name made from what it was made from, and each run copies it. The
landlord (the demo's largest: 40 homes) logs in and opens Vandaag, Huurders, Betalingen, Dossier and Brieven through
the menu; then, in a second browser context (a second session, the landlord's still open), the liaison opens
Meldingen and Melding; then three more landlord sessions, for what one more session costs. RSS is read from /proc/<pid>/status (VmRSS; VmHWM is the peak so far).

    .venv/bin/python bench/bench_memory.py

One JSON line per moment, in MB. Information, never a pass/fail.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_load import TODAY, _template_key  # noqa: E402
from bench.common import emit  # noqa: E402

LANDLORD_PAGES = ("Huurders", "Betalingen", "Dossier", "Brieven")
LIAISON_PAGES = ("Melding",)
MORE_LANDLORD_SESSIONS = 3


def _rss(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _demo_file() -> Path:
    """The demo pilot in an SQLite file, made once per version of the demo and the migrations."""
    cached = Path(tempfile.gettempdir()) / f"naarnul_bench_demo_{_template_key('sqlite')}.db"
    if not cached.exists():
        from naarnul.services.demo import fill_demo
        from store.engine import forget_engine

        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        url = f"sqlite:///{building}"
        fill_demo(url, today=TODAY)
        forget_engine(url)
        for suffix in ("-wal", "-shm"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        building.rename(cached)
    return cached


def main() -> None:
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, log_in, start_server, stop_server, wait_until_idle

    if not Path(CHROMIUM).exists():
        emit("memory_rss_after_sessions", 0, "skipped", reason="chromium not installed")
        return
    from playwright.sync_api import sync_playwright

    from naarnul.services.demo import PASSWORD

    demo = _demo_file()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(demo, Path(folder) / "naarnul.db")
        # the demo's dates are relative to TODAY: the server's today is pinned to it
        server = start_server(Path(folder), {"NAARNUL_TODAY": TODAY.isoformat()})
        pid = server.process.pid
        try:
            readings = [("started", *_rss(pid))]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                landlord = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
                landlord.set_default_timeout(60_000)
                landlord.goto(server.url)
                wait_until_idle(landlord)
                landlord.get_by_label("Gebruikersnaam").wait_for()
                readings.append(("login_page", *_rss(pid)))
                log_in(landlord, server, "linde", PASSWORD)
                for title in LANDLORD_PAGES:
                    landlord.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title, exact=True).click()
                    wait_until_idle(landlord)
                readings.append(("after_landlord_session", *_rss(pid)))
                liaison = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
                liaison.set_default_timeout(60_000)
                log_in(liaison, server, "gemeente", PASSWORD)
                for title in LIAISON_PAGES:
                    liaison.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title, exact=True).click()
                    wait_until_idle(liaison)
                readings.append(("after_liaison_session", *_rss(pid)))
                for _ in range(MORE_LANDLORD_SESSIONS):  # what one more session costs, once everything is loaded
                    more = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
                    more.set_default_timeout(60_000)
                    log_in(more, server, "jansen", PASSWORD)
                    for title in LANDLORD_PAGES:
                        more.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title, exact=True).click()
                        wait_until_idle(more)
                readings.append(("after_more_sessions", *_rss(pid)))
                browser.close()
        finally:
            stop_server(server)
    sessions = {"started": 0, "login_page": 1, "after_landlord_session": 1, "after_liaison_session": 2,
                "after_more_sessions": 2 + MORE_LANDLORD_SESSIONS}
    for moment, rss, peak in readings:
        emit(f"memory_rss_{moment}", rss, "MB", peak_mb=round(peak, 1), sessions=sessions[moment])
    by_moment = {moment: rss for moment, rss, _ in readings}
    emit("memory_per_extra_session", (by_moment["after_more_sessions"] - by_moment["after_liaison_session"])
         / MORE_LANDLORD_SESSIONS, "MB", note="a landlord session once every module is loaded")


if __name__ == "__main__":
    main()
