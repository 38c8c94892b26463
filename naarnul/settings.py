"""Where the app keeps its data and secrets. One place, read by the app, the CLI and the tests.

Order: explicit secrets mapping (st.secrets, passed in by the UI) → environment → a default that needs no set-up.
`AppSettings` (pydantic-settings) holds the four values; the functions below are what callers use.
"""

from __future__ import annotations

import os
import secrets as _secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

COOKIE_KEY_FILE = "cookie_key"


class AppSettings(BaseSettings):
    """Configuration: values given to the constructor (the secrets) win over the environment, which wins over the
    defaults. Empty values count as not set."""

    model_config = SettingsConfigDict(case_sensitive=False, env_ignore_empty=True, extra="ignore",
                                      populate_by_name=True)

    database_url: str | None = Field(default=None, validation_alias=AliasChoices("DATABASE_URL", "database_url"))
    data_dir: Path = Field(default=Path("data"), validation_alias=AliasChoices("NAARNUL_DATA_DIR", "naarnul_data_dir"))
    cookie_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NAARNUL_COOKIE_KEY", "naarnul_cookie_key", "cookie_key"))
    setup_code: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NAARNUL_SETUP_CODE", "naarnul_setup_code"))
    # --- e-mail (issue 12): without a host, e-mail is off and everything else works -----------------------------
    smtp_host: str | None = Field(default=None, validation_alias=AliasChoices("NAARNUL_SMTP_HOST", "smtp_host"))
    smtp_port: int | None = Field(default=None, validation_alias=AliasChoices("NAARNUL_SMTP_PORT", "smtp_port"))
    smtp_user: str | None = Field(default=None, validation_alias=AliasChoices("NAARNUL_SMTP_USER", "smtp_user"))
    smtp_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NAARNUL_SMTP_PASSWORD", "smtp_password"))
    smtp_from: str | None = Field(default=None, validation_alias=AliasChoices("NAARNUL_SMTP_FROM", "smtp_from"))
    # "starttls" (default, port 587), "ssl" (implicit TLS, port 465) or "none" (a relay on localhost only)
    smtp_security: str = Field(default="starttls",
                               validation_alias=AliasChoices("NAARNUL_SMTP_SECURITY", "smtp_security"))

    @classmethod
    def from_secrets(cls, secrets: Mapping | None = None) -> AppSettings:
        """Settings from a secrets mapping (top-level keys only; sections and empty values are ignored), then the
        environment, then the defaults."""
        given: dict[str, Any] = {str(key): str(value) for key, value in (secrets or {}).items()
                 if isinstance(value, (str, int)) and str(value).strip()}
        return cls(**given)


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    database_url: str
    cookie_key: str


def data_dir(secrets: Mapping | None = None) -> Path:
    path = AppSettings.from_secrets(secrets).data_dir.resolve()
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
    url = AppSettings.from_secrets(secrets).database_url
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{data_dir(secrets) / 'naarnul.db'}"


def setup_code(secrets: Mapping | None = None) -> str | None:
    """A preset one-time installation code (else the server makes one and prints it)."""
    code = AppSettings.from_secrets(secrets).setup_code
    return code.get_secret_value() if code else None


def cookie_key(secrets: Mapping | None = None) -> str:
    """The key that signs login cookies. Never a default in code: secrets, environment, or a random key kept
    in the data folder (owner-only) so a local `make run` needs no set-up. Replicas must share one from secrets."""
    key = AppSettings.from_secrets(secrets).cookie_key
    if key:
        return key.get_secret_value()
    path = data_dir(secrets) / COOKIE_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    key_text = _secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key_text)
    return key_text


def load(secrets: Mapping | None = None) -> AppConfig:
    return AppConfig(data_dir=data_dir(secrets), database_url=database_url(secrets), cookie_key=cookie_key(secrets))


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    user: str | None
    password: str | None = field(repr=False, default=None)
    from_address: str = ""
    security: str = "starttls"  # starttls / ssl / none


SMTP_SECURITY = ("starttls", "ssl", "none")
_SMTP_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def smtp(secrets: Mapping | None = None) -> SmtpConfig | None:
    """The SMTP server to send e-mail through, or None when no host (or no sender address) is set: e-mail is off."""
    values = AppSettings.from_secrets(secrets)
    if not values.smtp_host or not values.smtp_from:
        return None
    security = values.smtp_security.strip().lower()
    if security not in SMTP_SECURITY:
        raise ValueError(f"NAARNUL_SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}, not {security!r}")
    return SmtpConfig(host=values.smtp_host.strip(), port=values.smtp_port or _SMTP_DEFAULT_PORTS[security],
                      user=values.smtp_user or None,
                      password=values.smtp_password.get_secret_value() if values.smtp_password else None,
                      from_address=values.smtp_from.strip(), security=security)
