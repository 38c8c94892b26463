"""Admin-editable settings, stored as JSON per group. Each group is a frozen dataclass of the domain package whose
defaults apply until an admin changes a value; unknown stored keys are ignored (a setting that was removed)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from sqlmodel import Session, col, select

from naarnul import access, audit_text
from naarnul.arrangement import ArrangementSettings
from naarnul.calendar import PostSettings
from naarnul.covenant import CovenantSettings
from naarnul.errors import NotAllowed
from naarnul.evidence import EvidenceSettings
from naarnul.retention import RetentionSettings
from naarnul.users import ActingUser
from store import audit
from store.models import Setting, utcnow

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


GROUPS: dict[str, type] = {
    "covenant": CovenantSettings,
    "arrangement": ArrangementSettings,
    "retention": RetentionSettings,
    "evidence": EvidenceSettings,  # the summons window after a signal (issue 11)
    "post": PostSettings,  # issue 11: delivery days of letter post
}

T = TypeVar("T", bound="DataclassInstance")


def _group_key(cls: type) -> str:
    return next(key for key, group in GROUPS.items() if group is cls)


def load(session: Session, cls: type[T]) -> T:
    """The settings of one group: defaults, overridden by what an admin saved. Readable by every role."""
    stored = session.get(Setting, _group_key(cls))
    return from_stored(cls, stored.value if stored else None)


def load_many(session: Session, *classes: type) -> dict[type, object]:
    """`load` of several groups in one query: {group class: its settings}. Readable by every role."""
    keys = {_group_key(cls): cls for cls in classes}
    stored = dict(session.exec(select(col(Setting.key), col(Setting.value)).where(col(Setting.key).in_(list(keys)))).all())
    return {cls: from_stored(cls, stored.get(key)) for key, cls in keys.items()}


def key_of(cls: type) -> str:
    """The key the settings of this group are stored under (to read them joined into another query)."""
    return _group_key(cls)


def from_stored(cls: type[T], value: str | None) -> T:
    """The settings of one group from their stored JSON (None: nothing saved, the defaults)."""
    values = json.loads(value) if value else {}
    kwargs = {}
    for field in dataclasses.fields(cls):
        if field.name in values:
            raw = values[field.name]
            kwargs[field.name] = Decimal(raw) if isinstance(field.default, Decimal) else raw
    return cls(**kwargs)


def save(session: Session, actor: ActingUser, settings: DataclassInstance) -> None:
    """Admins only. The dataclass checks its own values on construction, so `settings` is already valid."""
    if not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_SETTINGS)
    key = _group_key(type(settings))
    values = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    row = session.get(Setting, key) or Setting(key=key, value="{}")
    before = json.loads(row.value)
    row.value = json.dumps(values, default=str)
    row.updated_at, row.updated_by = utcnow(), actor.id
    session.add(row)
    audit.record(session, actor, "settings.updated", "setting", key, summary=audit_text.settings_changed(key),
                 detail={"before": before, "after": values})
