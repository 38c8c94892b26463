"""First-try logins: 50 fresh browser contexts each open the portal, type the password and press Enter once.
Counts how many are logged in within 30 seconds without a second try (the cookie component's extra run used to
drop about one in ten). Information, never a pass/fail."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import SELECTOR_PRESENT, emit, wait_each_frame  # noqa: E402
from naarnul.users import Role  # noqa: E402
from tests.conftest import PASSWORD, add_user  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server, wait_until_idle  # noqa: E402

CONTEXTS = 50


def main() -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder))
        try:
            add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
            first_try, seconds = 0, []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(CONTEXTS):
                    context = browser.new_context(locale="nl-NL")
                    page = context.new_page()
                    page.goto(server.url)
                    wait_until_idle(page)
                    page.get_by_label("Gebruikersnaam").fill("piet")
                    page.get_by_label("Wachtwoord").fill(PASSWORD)
                    start = time.perf_counter()
                    page.get_by_label("Wachtwoord").press("Enter")
                    try:
                        wait_each_frame(page, SELECTOR_PRESENT, "[data-testid='stSidebar']", timeout_ms=30_000)
                        first_try += 1
                        seconds.append(time.perf_counter() - start)
                    except PlaywrightTimeout:
                        pass
                    context.close()
                browser.close()
        finally:
            stop_server(server)
    emit("login_first_try", first_try / CONTEXTS, "fraction", contexts=CONTEXTS, logged_in=first_try,
         target="1.0 (every first Enter logs in)")
    if seconds:
        seconds.sort()
        emit("login_seconds_p50", seconds[len(seconds) // 2], "s")


if __name__ == "__main__":
    main()
