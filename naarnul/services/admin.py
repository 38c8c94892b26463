"""Administration: the settings groups, municipalities' debt-help contacts, retention and statistics.

One public function per use case; each runs in one unit of work and returns frozen views (never ORM objects).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from naarnul import retention
from naarnul.arrangement.settings import ArrangementSettings
from naarnul.calendar import PostSettings
from naarnul.covenant.settings import CovenantSettings
from naarnul.errors import NotAllowed, ValidationError
from naarnul.evidence import EvidenceSettings
from naarnul.money import parse_form_amount
from naarnul.retention import RetentionSettings
from naarnul.services.notify import forget_mail_of_cases
from naarnul.users import ActingUser
from store import municipalities as municipality_store
from store import retention as retention_store
from store import settings as settings_store
from store import statistics as statistics_store
from store.unit_of_work import UnitOfWork

SETTINGS_GROUPS: dict[str, type] = {
    "covenant": CovenantSettings,
    "arrangement": ArrangementSettings,
    "retention": RetentionSettings,
    "evidence": EvidenceSettings,
    "post": PostSettings,  # issue 11
}

# Dutch subject of each setting, for the messages
SUBJECTS = {
    "letter_delivery_days": "Het aantal bezorgdagen van een brief",
    "reminder_after_days": "De termijn voor de schriftelijke herinnering",
    "signal_after_reminder_days": "De wachttijd voor melden na de herinnering",
    "friendly_reminder_from_days": "Het begin van de vriendelijke herinnering",
    "friendly_reminder_until_days": "Het einde van de vriendelijke herinnering",
    "collection_pause_days": "De incassopauze",
    "no_signal_during_kept_arrangement": "Eigen beleid: niet melden tijdens een nagekomen regeling",
    "max_instalments_warning": "Het aantal termijnen voor een waarschuwing",
    "problematic_debt_months": "Het aantal maanden voor een problematische schuld",
    "minimum_instalment": "Het kleinste termijnbedrag",
    "grace_days": "De coulance na de vervaldatum",
    "reminder_days": "De nieuwe betaaldatum na een herinnering",
    "months_after_closing": "De bewaartermijn",
    "summons_from_months": "Het begin van de verwachte dagvaarding",
    "summons_until_months": "Het einde van de verwachte dagvaarding",
}

# Bounds of the covenant's day counts (CovenantSettings checks none itself): field → (lowest, highest)
COVENANT_DAY_BOUNDS = {
    "reminder_after_days": (1, 365),
    "signal_after_reminder_days": (1, 365),
    "friendly_reminder_from_days": (0, 60),
    "friendly_reminder_until_days": (0, 60),
    "collection_pause_days": (1, 365),
}
_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,9}")


@dataclass(frozen=True)
class SettingsView:
    covenant: CovenantSettings
    arrangement: ArrangementSettings
    retention: RetentionSettings
    evidence: EvidenceSettings
    post: PostSettings = PostSettings()  # issue 11: delivery days of letter post


def _require_admin(actor: ActingUser | None) -> None:
    if actor is None or not actor.is_admin:
        raise NotAllowed("Alleen een beheerder kan instellingen wijzigen.")


def view_settings(uow: UnitOfWork, actor: ActingUser) -> SettingsView:
    _require_admin(actor)
    with uow.reading():
        return SettingsView(**{group: settings_store.load(uow.session, cls) for group, cls in SETTINGS_GROUPS.items()})


def _whole_number(value: object, subject: str, problems: list[str]) -> int | None:
    if isinstance(value, bool):
        problems.append(f"{subject} moet een heel getal zijn.")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value if value is not None else "").strip()
    if not text:
        problems.append(f"{subject} is niet ingevuld.")
        return None
    if not _WHOLE_NUMBER.fullmatch(text):
        problems.append(f"{subject} moet een heel getal zijn, bijvoorbeeld 30.")
        return None
    return int(text)


def parse_settings(cls: type, current: object, values: Mapping[str, object]) -> object:
    """A settings group from what an admin typed: money strictly in Dutch, whole numbers, booleans; every problem
    at once, in Dutch. Fields not given keep their current value."""
    problems: list[str] = []
    parsed: dict[str, object] = {}
    for field in dataclasses.fields(cls):
        old = getattr(current, field.name)
        if field.name not in values:
            parsed[field.name] = old
            continue
        value = values[field.name]
        subject = SUBJECTS.get(field.name, field.name)
        if isinstance(old, bool):
            if not isinstance(value, bool):
                problems.append(f"{subject}: kies ja of nee.")
            parsed[field.name] = bool(value)
        elif isinstance(old, Decimal):
            try:
                parsed[field.name] = parse_form_amount(value, subject)
            except ValidationError as error:
                problems.extend(error.problems)
        else:
            number = _whole_number(value, subject, problems)
            if number is not None:
                bounds = COVENANT_DAY_BOUNDS.get(field.name) if cls is CovenantSettings else None
                if bounds and not (bounds[0] <= number <= bounds[1]):
                    problems.append(f"{subject} moet tussen {bounds[0]} en {bounds[1]} dagen liggen.")
                parsed[field.name] = number
    until, start = parsed.get("friendly_reminder_until_days"), parsed.get("friendly_reminder_from_days")
    if cls is CovenantSettings and not problems and isinstance(until, int) and isinstance(start, int) \
            and until < start:
        problems.append("De vriendelijke herinnering kan niet eerder eindigen dan zij begint.")
    if problems:
        raise ValidationError(problems)
    return cls(**parsed)  # the group checks its own rules (ValidationError in Dutch)


def update_settings(uow: UnitOfWork, actor: ActingUser, *, group: str, values: Mapping[str, object]) -> object:
    """Save one settings group; all or nothing, the other groups are untouched. Returns the saved group."""
    _require_admin(actor)
    cls = SETTINGS_GROUPS.get(group)
    if cls is None:
        raise ValidationError("Deze groep instellingen bestaat niet.")
    with uow:
        settings = parse_settings(cls, settings_store.load(uow.session, cls), values)
        assert dataclasses.is_dataclass(settings) and not isinstance(settings, type)  # every group is a dataclass
        settings_store.save(uow.session, actor, settings)
        uow.commit()
        return settings


# --- municipalities ----------------------------------------------------------------------------------------------

HELP_LIMITS = dict(municipality_store.HELP_LIMITS)


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    aliases: str
    help_name: str
    help_phone: str
    help_email: str
    help_website: str


def list_municipalities(uow: UnitOfWork, actor: ActingUser) -> tuple[MunicipalityRow, ...]:
    with uow.reading():
        return tuple(MunicipalityRow(code=m.code, name=m.name, aliases=m.aliases, help_name=m.help_name,
                                     help_phone=m.help_phone, help_email=m.help_email, help_website=m.help_website)
                     for m in municipality_store.list_all(uow.session))


def update_help_contact(uow: UnitOfWork, actor: ActingUser, *, code: str, help_name: str = "", help_phone: str = "",
                        help_email: str = "", help_website: str = "") -> None:
    with uow:
        municipality_store.update_help_contact(uow.session, actor, code, help_name=help_name, help_phone=help_phone,
                                               help_email=help_email, help_website=help_website)
        uow.commit()


# --- retention ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueCase:
    case_id: int
    opened_on: dt.date
    closed_on: dt.date
    landlord_name: str
    municipality_code: str
    place: str


@dataclass(frozen=True)
class RetentionOverview:
    months_after_closing: int
    due: tuple[DueCase, ...]


def list_due_for_anonymisation(uow: UnitOfWork, actor: ActingUser, *, today: dt.date) -> RetentionOverview:
    """Closed cases past the retention period that still hold personal data, oldest first."""
    with uow.reading():
        settings = settings_store.load(uow.session, RetentionSettings)
        rows = retention_store.due_for_anonymisation(uow.session, actor, cutoff=retention.cutoff(today, settings))
        return RetentionOverview(months_after_closing=settings.months_after_closing, due=tuple(DueCase(**row)
                                                                                             for row in rows))


def anonymise_cases(uow: UnitOfWork, actor: ActingUser, *, case_ids: list[int], today: dt.date) -> int:
    """Anonymise the chosen due cases; all or nothing. Returns how many were anonymised."""
    with uow:
        settings = settings_store.load(uow.session, RetentionSettings)
        count = retention_store.anonymise(uow.session, actor, case_ids, today,
                                          cutoff=retention.cutoff(today, settings),
                                          closed_with_court=statistics_store.is_court_reason)
        forget_mail_of_cases(uow.session, case_ids)  # e-mail (issue 12): the outbox keeps letters and addresses
        uow.commit()
        return count


# --- statistics --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutcomeCount:
    label: str
    count: int


@dataclass(frozen=True)
class Statistics:
    signals_per_month: tuple[tuple[str, int], ...]  # ("2026-11", 12), oldest month first
    outcomes: tuple[OutcomeCount, ...]  # most frequent first
    closed: int
    closed_without_court: int
    share_without_court: float | None  # None without closed cases


def view_statistics(uow: UnitOfWork, actor: ActingUser) -> Statistics:
    with uow.reading():
        closed = statistics_store.closed_without_court(uow.session, actor)
        return Statistics(
            signals_per_month=tuple(statistics_store.signals_per_month(uow.session, actor)),
            outcomes=tuple(OutcomeCount(label=o["label"], count=o["count"])
                           for o in statistics_store.outcomes(uow.session, actor)),
            closed=closed["closed"], closed_without_court=closed["without_court"],
            share_without_court=closed["share"])
