"""Who is acting. Every store query that reads user data takes an ActingUser."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    LANDLORD = "landlord"
    LIAISON = "liaison"
    ADMIN = "admin"


ROLE_LABELS = {Role.LANDLORD: "Verhuurder", Role.LIAISON: "Contactpersoon gemeente", Role.ADMIN: "Beheerder"}

PASSWORD_MIN_BYTES = 10
PASSWORD_MAX_BYTES = 72  # bcrypt ignores everything after 72 bytes, so we refuse longer passwords
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15


@dataclass(frozen=True)
class ActingUser:
    id: int
    username: str
    name: str
    role: Role
    municipality_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def password_problems(password: str, repeat: str | None = None) -> list[str]:
    """Dutch messages for a password that cannot be used; empty when it is fine."""
    problems = []
    size = len(password.encode("utf-8"))
    if size < PASSWORD_MIN_BYTES:
        problems.append(f"Kies een wachtwoord van minstens {PASSWORD_MIN_BYTES} tekens.")
    if size > PASSWORD_MAX_BYTES:
        problems.append(f"Het wachtwoord is te lang: maximaal {PASSWORD_MAX_BYTES} tekens (minder bij é, ë en emoji).")
    if password != password.strip():
        problems.append("Het wachtwoord mag niet beginnen of eindigen met een spatie.")
    if repeat is not None and password != repeat:
        problems.append("De twee wachtwoorden zijn niet gelijk.")
    return problems
