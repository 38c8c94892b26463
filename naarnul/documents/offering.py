"""Where a template made on 'Nieuw sjabloon maken' is offered: at which step of the case (the covenant's step keys,
naarnul.covenant.steps) and for which role. A template without an offering (the shipped ones, an upload on the
Sjablonen page) is offered on every case, as before."""

from __future__ import annotations

from collections.abc import Iterable

from naarnul.errors import ValidationError

# step key of naarnul.covenant.guide → what the admin reads; the template is offered once that step is done
OFFER_STEPS: dict[str, str] = {
    "written_reminder": "Na de schriftelijke herinnering",
    "signal": "Na de melding bij de gemeente",
    "arrangement": "Bij een betalingsregeling",
    "feedback": "Na de terugkoppeling van de gemeente",
}
# the roles that make letters from a case (only the landlord does, on Brieven)
OFFER_ROLES: dict[str, str] = {"landlord": "Verhuurder"}

STEP_UNKNOWN = "Kies bij welke stap van het dossier de brief wordt aangeboden."
ROLE_UNKNOWN = "Kies voor wie de brief wordt aangeboden."
NOT_OFFERED = ("Deze brief hoort bij een latere stap van het dossier. Doe eerst die stap; daarna kunt u de brief "
               "hier maken.")


def checked_offering(step: str, role: str) -> tuple[str, str]:
    problems = []
    if step not in OFFER_STEPS:
        problems.append(STEP_UNKNOWN)
    if role not in OFFER_ROLES:
        problems.append(ROLE_UNKNOWN)
    if problems:
        raise ValidationError(problems)
    return step, role


def is_offered(step: str | None, role: str | None, *, actor_role: str, steps_done: Iterable[str]) -> bool:
    """Is a template with this offering offered to `actor_role` on a case whose done steps are `steps_done`?"""
    if step is None:
        return True
    return role == actor_role and step in set(steps_done)
