"""Accounts: users an admin manages, the own password, the landlord's profile, the first start.

One public function per use case; each runs in one unit of work and returns frozen views (never ORM objects).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from naarnul import calendar
from naarnul.users import ActingUser, Role
from store import municipalities as municipality_store
from store import users as user_store
from store.models import User, utcnow
from store.unit_of_work import UnitOfWork

# form limits, the same as the columns (pages put them on the widgets as max_chars)
USERNAME_MAX = 60
NAME_MAX = user_store.NAME_MAX
EMAIL_MAX = user_store.EMAIL_MAX
PASSWORD_MAX = 72
PROFILE_LIMITS = dict(user_store.PROFILE_LIMITS)


@dataclass(frozen=True)
class MunicipalityOption:
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    name: str
    role: Role
    email: str
    municipality_code: str | None
    active: bool
    locked_until: dt.datetime | None  # Europe/Amsterdam; None when not (or no longer) locked out


@dataclass(frozen=True)
class UsersOverview:
    users: tuple[UserRow, ...]
    municipalities: tuple[MunicipalityOption, ...]

    def municipality_label(self, code: str | None) -> str:
        if not code:
            return ""
        return next((m.label for m in self.municipalities if m.code == code), code)


@dataclass(frozen=True)
class CreatedUser:
    user: ActingUser
    created: bool  # False: this exact user already existed (a second submit of the same form), nothing was added


@dataclass(frozen=True)
class Profile:
    name: str
    contact_person: str
    street: str
    house_number: str
    postcode: str
    place: str
    phone: str
    email: str
    iban: str
    contact_hours: str


def count_users(uow: UnitOfWork) -> int:
    with uow.reading(one_statement=True):
        return user_store.count_users(uow.session)


def _user_row(user: User, now: dt.datetime) -> UserRow:
    assert user.id is not None  # a row read from the database has its id
    locked = calendar.local(user.locked_until) if user.locked_until and user.locked_until > now else None
    return UserRow(id=user.id, username=user.username, name=user.name, role=Role(user.role), email=user.email,
                   municipality_code=user.municipality_code, active=user.active, locked_until=locked)


def list_users(uow: UnitOfWork, actor: ActingUser) -> UsersOverview:
    with uow.reading():
        now = utcnow()
        users = tuple(_user_row(u, now) for u in user_store.list_users(uow.session, actor))
        towns = tuple(MunicipalityOption(code=m.code, name=m.name)
                      for m in municipality_store.list_all(uow.session))
        return UsersOverview(users=users, municipalities=towns)


def create_user(uow: UnitOfWork, actor: ActingUser, *, username: str, name: str, role: Role | str, password: str,
                municipality_code: str | None = None, email: str = "") -> CreatedUser:
    """A new account. Idempotent: the same submission twice (a double click) creates one user and reports it."""
    with uow:
        existing = user_store.user_by_username(uow.session, (username or "").strip().lower())
        if existing is not None and actor is not None and actor.is_admin and _same_user(
                existing, name=name, role=role, municipality_code=municipality_code, email=email) \
                and user_store.verify_password(uow.session, existing.username, password):
            return CreatedUser(user=user_store.acting_user(uow.session, existing.username) or actor, created=False)
        user = user_store.create_user(uow.session, actor, username=username, name=name, role=role,
                                      password=password, municipality_code=municipality_code, email=email)
        uow.commit()
        return CreatedUser(user=user, created=True)


def _same_user(user, *, name: str, role: Role | str, municipality_code: str | None, email: str) -> bool:
    wanted_town = (municipality_code or "").strip().upper() or None if str(role) == Role.LIAISON else None
    return (user.name == (name or "").strip() and user.role == str(role)
            and user.municipality_code == wanted_town and (user.email or "") == (email or "").strip())


def reset_password(uow: UnitOfWork, actor: ActingUser, *, user_id: int, new_password: str) -> None:
    with uow:
        user_store.reset_password(uow.session, actor, user_id, new_password)
        uow.commit()


def set_locked(uow: UnitOfWork, actor: ActingUser, *, user_id: int, locked: bool) -> None:
    """Idempotent: locking a locked account (or unlocking an unlocked one) changes nothing."""
    with uow:
        user_store.set_locked(uow.session, actor, user_id, locked=locked)
        uow.commit()


def set_municipality(uow: UnitOfWork, actor: ActingUser, *, user_id: int, municipality_code: str) -> None:
    with uow:
        user_store.set_municipality(uow.session, actor, user_id, municipality_code)
        uow.commit()


def change_own_password(uow: UnitOfWork, actor: ActingUser, *, current: str, new: str, repeat: str) -> None:
    with uow:
        user_store.change_own_password(uow.session, actor, current, new, repeat)
        uow.commit()


def _profile_view(profile) -> Profile:
    return Profile(**{field: getattr(profile, field) or "" for field in user_store.PROFILE_FIELDS})


def view_profile(uow: UnitOfWork, actor: ActingUser) -> Profile:
    with uow.reading():
        return _profile_view(user_store.get_profile(uow.session, actor))


def update_profile(uow: UnitOfWork, actor: ActingUser, *, name: str, contact_person: str = "", street: str = "",
                   house_number: str = "", postcode: str = "", place: str = "", phone: str = "", email: str = "",
                   iban: str = "", contact_hours: str = "") -> Profile:
    with uow:
        profile = user_store.update_profile(
            uow.session, actor, name=name, contact_person=contact_person, street=street, house_number=house_number,
            postcode=postcode, place=place, phone=phone, email=email, iban=iban, contact_hours=contact_hours)
        view = _profile_view(profile)
        uow.commit()
        return view
