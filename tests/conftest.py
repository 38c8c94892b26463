"""Shared fixtures: a real database per test (SQLite file; PostgreSQL when TEST_DATABASE_URL is set), users,
and a logged-in AppTest."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from naarnul.settings import normalise_database_url
from naarnul.users import ActingUser, Role
from store.engine import forget_engine, session_for
from store.users import create_user

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery"


def _postgres_base() -> str:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("TEST_DATABASE_URL must be set in CI: the store tests have to run on PostgreSQL too")
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL to run these")
    return normalise_database_url(base)


def _fresh_postgres_url() -> tuple[str, callable]:
    """A schema of its own for one test, so tests never see each other's rows."""
    base = _postgres_base()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"

    def drop():
        forget_engine(url)
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """The store on both databases it supports."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'naarnul.db'}"
        yield url
        forget_engine(url)
    else:
        url, drop = _fresh_postgres_url()
        yield url
        drop()


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'naarnul.db'}"
    yield url
    forget_engine(url)


# a landlord profile with everything a letter needs
COMPLETE_PROFILE = dict(name="Verhuur De Linde", contact_person="Anna de Linde", street="Lindelaan", house_number="4",
                        postcode="3511 AB", place="Utrecht", phone="06 12345678", email="anna@delinde.nl",
                        iban="NL91ABNA0417164300", contact_hours="maandag tot en met vrijdag van 9.00 tot 17.00 uur")


def fill_profile(session, landlord_id: int) -> None:
    """Write COMPLETE_PROFILE straight into the store (seeding, not the validated form)."""
    from store.models import LandlordProfile

    profile = session.get(LandlordProfile, landlord_id) or LandlordProfile(user_id=landlord_id)
    for key, value in COMPLETE_PROFILE.items():
        setattr(profile, key, value)
    session.add(profile)


def add_user(url: str, role: Role, username: str, *, municipality: str | None = None,
             password: str = PASSWORD, name: str | None = None) -> ActingUser:
    with session_for(url) as session:
        return create_user(session, None, username=username, name=name or username.title(), role=role,
                           password=password, municipality_code=municipality, setup=True)


@pytest.fixture
def app_env(tmp_path, sqlite_url, monkeypatch):
    """Environment for AppTest and the server: a data folder and database of this test only."""
    monkeypatch.setenv("NAARNUL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    return sqlite_url
