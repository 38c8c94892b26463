"""Configuration (naarnul.settings): secrets → environment → defaults."""

from __future__ import annotations

import pytest

from naarnul import settings

VARIABLES = ("DATABASE_URL", "NAARNUL_DATA_DIR", "NAARNUL_COOKIE_KEY", "NAARNUL_SETUP_CODE")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_defaults_need_no_set_up(clean_env, tmp_path):
    assert settings.database_url() == f"sqlite:///{tmp_path / 'data' / 'naarnul.db'}"
    assert settings.setup_code() is None
    key = settings.cookie_key()
    assert len(key) > 40 and settings.cookie_key() == key  # kept in the data folder
    assert oct((tmp_path / "data" / "cookie_key").stat().st_mode & 0o777) == "0o600"


def test_environment_overrides_defaults_and_secrets_override_the_environment(clean_env, tmp_path):
    clean_env.setenv("DATABASE_URL", "postgres://env@host/db")
    clean_env.setenv("NAARNUL_DATA_DIR", str(tmp_path / "elsewhere"))
    clean_env.setenv("NAARNUL_COOKIE_KEY", "from-env")
    clean_env.setenv("NAARNUL_SETUP_CODE", "ABCD-1234-EF56")
    assert settings.database_url() == "postgresql+psycopg://env@host/db"
    assert settings.data_dir() == tmp_path / "elsewhere"
    assert settings.cookie_key() == "from-env" and settings.setup_code() == "ABCD-1234-EF56"
    secrets = {"DATABASE_URL": "postgresql://secret@host/db", "cookie_key": "from-secrets",
               "auth": {"nested": "ignored"}}
    assert settings.database_url(secrets) == "postgresql+psycopg://secret@host/db"
    assert settings.cookie_key(secrets) == "from-secrets"
    assert settings.database_url({"database_url": "postgres://lower@host/db"}) == "postgresql+psycopg://lower@host/db"


def test_empty_values_count_as_not_set(clean_env, tmp_path):
    clean_env.setenv("DATABASE_URL", "")
    assert settings.database_url({"DATABASE_URL": ""}).startswith("sqlite:///")


def test_a_secret_is_not_shown_when_the_settings_are_printed(clean_env):
    clean_env.setenv("NAARNUL_COOKIE_KEY", "very-secret-key")
    assert "very-secret-key" not in repr(settings.AppSettings())
