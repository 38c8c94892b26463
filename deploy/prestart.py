"""Run before the server starts (the Docker image's command): bring the database schema up to date and load the
municipality list, exactly as the app's first request would (store.engine.get_engine). So the first visitor never
waits for a migration, and a wrong DATABASE_URL stops the container at once instead of showing an error page.

Reads the same settings as the app: .streamlit/secrets.toml when present, then the environment. Waits up to
NAARNUL_DB_WAIT seconds (default 60) for the database to accept connections.
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
from pathlib import Path

from sqlalchemy.exc import OperationalError

from naarnul import settings
from store.engine import get_engine

SECRETS_FILE = Path(__file__).resolve().parents[1] / ".streamlit" / "secrets.toml"


def _secrets() -> dict:
    if SECRETS_FILE.exists():
        return tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
    return {}


def main() -> int:
    url = settings.database_url(_secrets())
    deadline = time.monotonic() + float(os.environ.get("NAARNUL_DB_WAIT", "60"))
    while True:
        try:
            get_engine(url)
        except OperationalError as error:
            if time.monotonic() > deadline:
                print(f"Naar Nul: the database does not answer: {error.orig or error}", file=sys.stderr)
                return 1
            time.sleep(2)
            continue
        print("Naar Nul: database schema is up to date.", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
