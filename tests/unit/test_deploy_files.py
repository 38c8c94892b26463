"""The deployment files keep their promises even where no Docker engine runs (CI builds the image only where one
does): no secret in the image or in compose.yaml, a non-root user, the health check, and installs from the lock."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("NAARNUL_COOKIE_KEY", "COOKIE_SECRET", "DATABASE_URL", "PASSWORD", "NAARNUL_SETUP_CODE")


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def test_the_image_runs_as_a_user_without_root_rights():
    instructions = _instructions()
    users = [argument for keyword, argument in instructions if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    last_user = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "USER")
    assert all(keyword != "RUN" for keyword, _ in instructions[last_user:]), "RUN after USER would need root"


def test_the_image_has_no_secret_and_installs_exactly_the_lock():
    instructions = _instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    baked = [argument for keyword, argument in instructions if keyword in {"ENV", "ARG", "LABEL"}]
    assert not [name for name in SECRETS for argument in baked if name in argument]
    runs = " ".join(argument for keyword, argument in instructions if keyword == "RUN")
    assert "pip install --no-deps -r requirements.txt" in runs
    copied = [argument for keyword, argument in instructions if keyword == "COPY"]
    assert "requirements.txt ." in copied


def test_the_health_check_asks_streamlit_and_the_start_migrates_first():
    instructions = dict(_instructions())
    assert "/_stcore/health" in instructions["HEALTHCHECK"]
    assert re.search(r"deploy/prestart\.py && exec streamlit run streamlit_app\.py", instructions["CMD"])


def test_secrets_and_local_data_never_reach_the_build_context():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()}
    for path in (".streamlit/secrets.toml", ".env", "data/", ".git/", ".venv/"):
        assert path in ignored


def test_compose_takes_every_secret_from_the_environment():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    app, db = compose["services"]["app"], compose["services"]["db"]
    for service in (app, db):
        for name, value in service["environment"].items():
            if any(secret in name for secret in SECRETS):
                assert "${" in str(value), f"{name} must come from the environment, not compose.yaml"
    assert {"DATABASE_URL", "NAARNUL_COOKIE_KEY", "STREAMLIT_SERVER_COOKIE_SECRET"} <= set(app["environment"])
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert all(str(port).startswith("127.0.0.1:") for port in app["ports"]), "only a local proxy may reach the app"
