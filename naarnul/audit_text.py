"""The Dutch audit lines of the store's simple changes (users, templates, settings, mail preferences). The store
records them; the wording lives here."""

from __future__ import annotations


def user_created(username: str, role: str) -> str:
    return f"Gebruiker {username} aangemaakt ({role})"


def locked_after_failures(username: str, attempts: int) -> str:
    return f"Account {username} geblokkeerd na {attempts} mislukte pogingen"


def password_reset(username: str) -> str:
    return f"Wachtwoord van {username} opnieuw ingesteld"


def account_locked(username: str, locked: bool) -> str:
    return f"Account {username} {'geblokkeerd' if locked else 'gedeblokkeerd'}"


def municipality_set(username: str, code: str) -> str:
    return f"{username} hoort nu bij {code}"


PASSWORD_CHANGED = "Wachtwoord gewijzigd"
PROFILE_UPDATED = "Profiel bijgewerkt"


def template_uploaded(name: str, version_hash: str) -> str:
    return f"Nieuwe versie van sjabloon '{name}' in gebruik ({version_hash[:12]})"


def template_activated(name: str, version: str) -> str:
    return f"Sjabloon '{name}': versie {version[:12]} weer in gebruik"


def settings_changed(key: str) -> str:
    return f"Instellingen '{key}' gewijzigd"


def daily_digest(enabled: bool) -> str:
    return "Dagelijkse samenvatting per e-mail " + ("aan" if enabled else "uit")


def signal_alerts(enabled: bool) -> str:
    return "E-mail bij een nieuw signaal " + ("aan" if enabled else "uit")
