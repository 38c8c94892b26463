"""Cold start: from process start until the login page is served AND rendered in a real browser, against a bare
hello-world Streamlit app measured in the same run (target ratio <= 1.2, issue 14). "Rendered" is checked in every
animation frame (bench.common.wait_each_frame): Playwright's own wait rounds a render up to its next 500 ms retry.

BENCH_COLD_START_BASELINE=<another checkout> also measures that checkout's app in the same rounds (before/after).
BENCH_COLD_START_ROUNDS (default 15): rounds of hello world, the bare form and the app, interleaved.
cold_start_bare_login_form: the same login form in bare Streamlit (see BARE_FORM)."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import TEXT_RENDERED, emit, wait_each_frame  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
HELLO = "import streamlit as st\nst.write('Hallo wereld')\n"
# The same login form in bare Streamlit, with none of Naar Nul's code: the browser loads the form and text-input parts
# of Streamlit's frontend only when a page first shows them (0.2-0.3 s more than one line of text, measured here),
# so this says how much of the gap to hello world is Streamlit's own form and how much is ours.
BARE_FORM = """import streamlit as st
st.set_page_config(page_title="Naar Nul", layout="wide")
st.title("Naar Nul")
with st.form("login"):
    st.text_input("Gebruikersnaam")
    st.text_input("Wachtwoord", type="password")
    st.form_submit_button("Inloggen")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A user exists, so the login page shows (not the setup screen). Made by the checkout's own code in its own data folder:
# an older checkout cannot open a database that a newer schema migrated.
SEED_USER = """from store.engine import session_for
from store.users import create_user
with session_for("sqlite:///" + __import__("sys").argv[1]) as session:
    create_user(session, None, username="bench", name="Bench", role="landlord", password="bench-password-1", setup=True)
"""


def seeded_data_dir(checkout: Path, data_dir: Path) -> Path:
    data_dir.mkdir()
    subprocess.run([sys.executable, "-c", SEED_USER, str(data_dir / "naarnul.db")], cwd=checkout, check=True,
                   env={**os.environ, "PYTHONPATH": str(checkout)}, stdout=subprocess.DEVNULL)
    return data_dir


def time_to_render(browser, script: Path, visible_text: str, data_dir: Path) -> float:
    port = free_port()
    env = {**os.environ, "NAARNUL_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                                "--server.headless", "true", "--server.address", "127.0.0.1"],
                               cwd=script.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = browser.new_page()
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}", timeout=2000)
                break
            except Exception:
                if time.perf_counter() - start > 120:
                    raise
                time.sleep(0.05)
        wait_each_frame(page, TEXT_RENDERED, visible_text)
        elapsed = time.perf_counter() - start
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    if not Path(CHROMIUM).exists():
        emit("cold_start_login_page", 0, "s", skipped="chromium not installed")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        tmp = Path(tmp)
        hello = tmp / "hello.py"
        hello.write_text(HELLO)
        bare_form = tmp / "bare_form.py"
        bare_form.write_text(BARE_FORM)
        app, bare, form, before = [], [], [], []
        baseline = os.environ.get("BENCH_COLD_START_BASELINE")
        runs = [(app, ROOT, seeded_data_dir(ROOT, tmp / "data"))]
        if baseline:
            runs.append((before, Path(baseline), seeded_data_dir(Path(baseline), tmp / "data_baseline")))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for round_number in range(int(os.environ.get("BENCH_COLD_START_ROUNDS") or 15)):  # interleaved: same noise
            bare.append(time_to_render(browser, hello, "Hallo wereld", tmp))
            form.append(time_to_render(browser, bare_form, "Gebruikersnaam", tmp))
            turn = round_number % len(runs)  # rotated, so neither checkout always starts first
            for samples, checkout, data_dir in runs[turn:] + runs[:turn]:
                samples.append(time_to_render(browser, checkout / "streamlit_app.py", "Gebruikersnaam", data_dir))
        browser.close()
    emit("cold_start_hello_world", statistics.median(bare), "s", samples=[round(x, 2) for x in bare])
    emit("cold_start_login_page", statistics.median(app), "s", ratio=statistics.median(app) / statistics.median(bare),
         target="<= 1.2", samples=[round(x, 2) for x in app])
    emit("cold_start_bare_login_form", statistics.median(form), "s",
         ratio=statistics.median(form) / statistics.median(bare), samples=[round(x, 2) for x in form],
         login_page_vs_bare_form=round(statistics.median(app) / statistics.median(form), 3),
         note="the same form in bare Streamlit; login_page_vs_bare_form is what Naar Nul's own code adds")
    if before:
        emit("cold_start_login_page_baseline", statistics.median(before), "s", checkout=baseline,
             ratio=statistics.median(before) / statistics.median(bare), samples=[round(x, 2) for x in before])


if __name__ == "__main__":
    main()
