"""Where the app keeps its data and secrets. One place, read by the app, the CLI and the tests.

Order: explicit secrets mapping (st.secrets, passed in by the UI) → environment → a default that needs no set-up.
"""

from __future__ import annotations

import os
import secrets as _secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

COOKIE_KEY_FILE = "cookie_key"


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    database_url: str
    cookie_key: str


def _lookup(name: str, secrets: Mapping | None) -> str | None:
    if secrets is not None:
        value = secrets.get(name) or secrets.get(name.lower())
        if value:
            return str(value)
    return os.environ.get(name) or None


def data_dir(secrets: Mapping | None = None) -> Path:
    path = Path(_lookup("NAARNUL_DATA_DIR", secrets) or "data").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def normalise_database_url(url: str) -> str:
    """Hosted PostgreSQL URLs often say postgres:// or postgresql://; we speak psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def database_url(secrets: Mapping | None = None) -> str:
    url = _lookup("DATABASE_URL", secrets)
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{data_dir(secrets) / 'naarnul.db'}"


def cookie_key(secrets: Mapping | None = None) -> str:
    """The key that signs login cookies. Never a default in code: secrets, environment, or a random key kept
    in the data folder (owner-only) so a local `make run` needs no set-up. Replicas must share one from secrets."""
    key = _lookup("NAARNUL_COOKIE_KEY", secrets) or _lookup("cookie_key", secrets)
    if key:
        return key
    path = data_dir(secrets) / COOKIE_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    key = _secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load(secrets: Mapping | None = None) -> AppConfig:
    return AppConfig(data_dir=data_dir(secrets), database_url=database_url(secrets), cookie_key=cookie_key(secrets))
