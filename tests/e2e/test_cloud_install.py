"""What Streamlit Community Cloud and the Docker image do, done here: a fresh virtual environment with nothing but
requirements.txt (no project install, no test tools), then the server started from the repository root. The first
visitor must get the setup screen, on PostgreSQL when TEST_DATABASE_URL is set (as in CI).

Installing takes about a minute, so this runs under CI or with NAARNUL_SMOKE=1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, _fresh_postgres_url
from tests.e2e.conftest import open_page

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cloud_python(tmp_path_factory) -> Path:
    if not (os.environ.get("CI") or os.environ.get("NAARNUL_SMOKE")):
        pytest.skip("installs requirements.txt into a fresh venv (about a minute): set NAARNUL_SMOKE=1 (CI does)")
    venv = tmp_path_factory.mktemp("cloud") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "-r", str(ROOT / "requirements.txt")],
                   check=True)
    return python


@pytest.fixture
def database(tmp_path):
    """PostgreSQL (a schema of its own) when TEST_DATABASE_URL is set, else an SQLite file."""
    if os.environ.get("TEST_DATABASE_URL"):
        url, drop = _fresh_postgres_url()
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path / 'naarnul.db'}"


def _clean_env(tmp_path: Path, database: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    env.update(NAARNUL_DATA_DIR=str(tmp_path / "data"), DATABASE_URL=database, PYTHONUNBUFFERED="1")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_requirements_txt_is_complete_and_consistent(cloud_python):
    result = subprocess.run([str(cloud_python), "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    tools = subprocess.run([str(cloud_python), "-c", "import importlib.util as u; "
                            "print([m for m in ('pytest', 'playwright', 'mypy') if u.find_spec(m)])"],
                           capture_output=True, text=True, check=True)
    assert tools.stdout.strip() == "[]"


def test_prestart_migrates_an_empty_database_with_only_requirements_txt(cloud_python, database, tmp_path):
    env = {**_clean_env(tmp_path, database), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([str(cloud_python), str(ROOT / "deploy" / "prestart.py")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    engine = create_engine(database.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
            assert connection.execute(text("SELECT count(*) FROM municipality")).scalar_one() > 300
    finally:
        engine.dispose()


def test_a_server_from_requirements_txt_alone_shows_the_setup_screen(cloud_python, database, tmp_path, page):
    port = _free_port()
    log = tmp_path / "server.log"
    process = subprocess.Popen(
        [str(cloud_python), "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=_clean_env(tmp_path, database), stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("server did not start:\n" + log.read_text(errors="replace"))
                time.sleep(0.3)
        open_page(page, url)
        assert page.get_by_text("Naar Nul installeren").is_visible(), log.read_text(errors="replace")
        assert "installatiecode voor de eerste beheerder" in log.read_text(errors="replace")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
