"""Shared fixtures: a real database per test (SQLite file; PostgreSQL when TEST_DATABASE_URL is set), users,
and a logged-in AppTest.

Two passes (see `make test`): by default every test that uses a database runs on an SQLite file, and the store tests
(`db_url`) also on PostgreSQL when TEST_DATABASE_URL is set. With NAARNUL_TEST_BACKEND=postgres the other
database-using tests (`sqlite_url`, `app_env`, the browser servers, or a test marked `database`) run again, each on
a fresh PostgreSQL database copied from a migrated template; every other test is deselected in that pass.
"""

from __future__ import annotations

import atexit
import os
import uuid
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from naarnul.settings import normalise_database_url
from naarnul.users import ActingUser, Role
from store.engine import forget_engine, get_engine, session_for
from store.users import create_user

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery"


BACKEND_VARIABLE = "NAARNUL_TEST_BACKEND"
# fixtures that give a test its database; in the PostgreSQL pass exactly the tests that use one of them run
DATABASE_FIXTURES = {"sqlite_url", "app_env", "server", "shared_server", "pinned_server"}


def on_postgres() -> bool:
    """True in the PostgreSQL pass of the suite (NAARNUL_TEST_BACKEND=postgres)."""
    return os.environ.get(BACKEND_VARIABLE, "sqlite").strip().lower() in {"postgres", "postgresql", "pg"}


def pytest_configure(config):
    config.addinivalue_line("markers", "database: uses a database; runs again in the PostgreSQL pass")


def pytest_collection_modifyitems(config, items):
    if not on_postgres():
        return
    if not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError(f"{BACKEND_VARIABLE}=postgres needs TEST_DATABASE_URL (a PostgreSQL server)")
    keep, drop = [], []
    for item in items:
        uses_database = bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or item.get_closest_marker(
            "database") is not None
        # db_url tests ran on PostgreSQL in the first pass already
        if uses_database and "db_url" not in getattr(item, "fixturenames", ()):
            keep.append(item)
        else:
            drop.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


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


def _server_url(base: str, database: str) -> str:
    """`base` (a database URL) pointing at another database on the same server."""
    head, _, tail = base.partition("?")
    return head.rsplit("/", 1)[0] + "/" + database + ("?" + tail if tail else "")


_template: dict[str, str] = {}


def _template_database(base: str, admin) -> str:
    """A database migrated and seeded once per test run; each test gets a copy (CREATE DATABASE ... TEMPLATE is
    ten times faster than running the migrations)."""
    if base in _template:
        return _template[base]
    name = f"{base.partition('?')[0].rsplit('/', 1)[1]}_tpl_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = _server_url(base, name)
    get_engine(url)  # migrate and load the municipalities
    forget_engine(url)  # a template must have no connections while it is copied
    _template[base] = name

    def drop_template():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    atexit.register(drop_template)
    return name


def fresh_postgres_database() -> tuple[str, Callable[[], None]]:
    """A migrated PostgreSQL database of its own for one test (or one test server), and the function that drops it
    (also when a server process still holds connections)."""
    base = _postgres_base()
    admin = create_engine(_server_url(base, "postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    template = _template_database(base, admin)
    name = f"{template.rsplit('_tpl_', 1)[0]}_t{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    url = _server_url(base, name)

    def drop():
        forget_engine(url)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

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
    """The test's database: an SQLite file, or in the PostgreSQL pass a fresh PostgreSQL database (the name is
    kept so the tests need not change)."""
    if on_postgres():
        url, drop = fresh_postgres_database()
        yield url
        drop()
        return
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
