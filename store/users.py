"""Users, passwords, lock-out and landlord profiles. Authorisation is checked here, not in menus."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import bcrypt
from sqlmodel import Session, col, func, select

from naarnul import access, audit_text, users
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.users import LOCKOUT_MINUTES, MAX_FAILED_LOGINS, ActingUser, Role, password_problems
from store import audit
from store.models import LandlordProfile, Municipality, Setting, User, utcnow

USERNAME_PATTERN = users.USERNAME_PATTERN
SETUP_CODE_KEY = "setup_code_sha256"
NAME_MAX = User.__table__.c.name.type.length  # type: ignore[attr-defined]
EMAIL_MAX = User.__table__.c.email.type.length  # type: ignore[attr-defined]


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def created_id(user: User) -> int:
    """The id of a stored (flushed) user."""
    assert user.id is not None
    return user.id


def _acting(user: User) -> ActingUser:
    assert user.id is not None
    return ActingUser(id=user.id, username=user.username, name=user.name, role=Role(user.role),
                      municipality_code=user.municipality_code)


def acting_user(session: Session, username: str) -> ActingUser | None:
    user = session.exec(select(User).where(User.username == username, User.active == True)).first()  # noqa: E712
    return _acting(user) if user else None


def user_by_username(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def _require_admin(actor: ActingUser | None) -> None:
    if actor is None or not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_USERS)


def _clean_new_user(session: Session, *, username: str, name: str, role: str, municipality_code: str | None,
                    password: str, password_repeat: str | None, email: str) -> users.NewUser:
    """The core's checks plus the two that need the database: a taken username, an unknown municipality."""
    new, problems = users.clean_new_user(username=username, name=name, role=role, municipality_code=municipality_code,
                                         email=email, password=password, password_repeat=password_repeat,
                                         name_max=NAME_MAX, email_max=EMAIL_MAX)
    if new.username and user_by_username(session, new.username) is not None:
        problems.insert(0, users.username_taken(new.username))
    if new.municipality_code and session.get(Municipality, new.municipality_code) is None:
        problems.append(users.unknown_municipality(municipality_code or ""))
    if problems:
        raise ValidationError(problems)
    return new


def create_user(session: Session, actor: ActingUser | None, *, username: str, name: str, role: str, password: str,
                password_repeat: str | None = None, municipality_code: str | None = None, email: str = "",
                setup: bool = False) -> ActingUser:
    """Admins create users. `setup=True` is the one-time path for the first admin (checked by the caller)."""
    if not setup:
        _require_admin(actor)
    new = _clean_new_user(session, username=username, name=name, role=role, municipality_code=municipality_code,
                          password=password, password_repeat=password_repeat, email=email)
    username, name, email = new.username, new.name, new.email
    assert new.role is not None  # clean_new_user reports an unknown role as a problem
    role = new.role
    user = User(username=username, name=name, role=role.value, municipality_code=new.municipality_code, email=email,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    if role == Role.LANDLORD:
        session.add(LandlordProfile(user_id=created_id(user), name=name, email=email))
    created = _acting(user)
    audit.record(session, actor or created, "user.created", "user", user.id,
                 summary=audit_text.user_created(username, role.value), detail={"role": role.value})
    return created


# --- first start -------------------------------------------------------------------------------------------

def new_setup_code(session: Session, preset: str | None = None) -> str | None:
    """A fresh one-time code while no user exists (None otherwise). Only its hash is stored; the server prints
    the code in its log, so a hosted pilot cannot be claimed by whoever opens the URL first."""
    if count_users(session) > 0:
        return None
    code = (preset or "").strip().upper() or "-".join(secrets.token_hex(2).upper() for _ in range(3))
    digest = hashlib.sha256(code.encode()).hexdigest()
    setting = session.get(Setting, SETUP_CODE_KEY) or Setting(key=SETUP_CODE_KEY, value="")
    setting.value = f'"{digest}"'
    session.add(setting)
    return code


def create_first_admin(session: Session, *, setup_code: str, username: str, name: str, password: str,
                       password_repeat: str) -> ActingUser:
    if count_users(session) > 0:
        raise NotAllowed(access.FIRST_ADMIN_EXISTS)
    setting = session.get(Setting, SETUP_CODE_KEY)
    given = hashlib.sha256((setup_code or "").strip().upper().encode()).hexdigest()
    if setting is None or not secrets.compare_digest(setting.value.strip('"'), given):
        # the check stays here: it needs the stored hash (and the store tests call this function directly)
        raise ValidationError(access.SETUP_CODE_WRONG)
    admin = create_user(session, None, username=username, name=name, role=Role.ADMIN, password=password,
                        password_repeat=password_repeat, setup=True)
    session.delete(setting)
    return admin


# --- logging in ---------------------------------------------------------------------------------------------

def login_credentials(session: Session, only_username: str | None = None) -> dict:
    """The credentials dict streamlit-authenticator expects, built from the store. Locked and inactive users are
    left out, so neither the form nor a re-authentication cookie can log them in."""
    now = utcnow()
    query = select(User).where(User.active == True)  # noqa: E712
    if only_username:
        query = query.where(User.username == only_username)
    usernames = {}
    for user in session.exec(query):
        if user.locked_until and user.locked_until > now:
            continue
        usernames[user.username] = {"name": user.name, "email": user.email or f"{user.username}@naarnul.invalid",
                                    "password": user.password_hash, "roles": [user.role]}
    return {"usernames": usernames}


def credentials_and_acting_user(session: Session, username: str) -> tuple[dict, ActingUser | None]:
    """`login_credentials(only_username=username)` and `acting_user(username)` from one read of the row (every
    page run of a logged-in user needs both)."""
    user = session.exec(select(User).where(User.username == username, User.active == True)).first()  # noqa: E712
    if user is None:
        return {"usernames": {}}, None
    usernames = {}
    if not (user.locked_until and user.locked_until > utcnow()):
        usernames[user.username] = {"name": user.name, "email": user.email or f"{user.username}@naarnul.invalid",
                                    "password": user.password_hash, "roles": [user.role]}
    return {"usernames": usernames}, _acting(user)


def lock_message(session: Session, username: str) -> str | None:
    """A Dutch message when this account cannot log in now, else None."""
    user = session.exec(select(User).where(User.username == (username or "").strip().lower())).first()
    if user is None:
        return None
    if not user.active:
        return users.ACCOUNT_DISABLED
    if user.locked_until and user.locked_until > utcnow():
        return users.locked_out_message(max(1, int((user.locked_until - utcnow()).total_seconds() // 60) + 1))
    return None


def record_login(session: Session, username: str, succeeded: bool) -> None:
    """Count failed attempts in the database (a restart does not reset them); lock after the maximum."""
    user = session.exec(select(User).where(User.username == (username or "").strip().lower())).first()
    if user is None:
        return
    if succeeded:
        if user.failed_logins or user.locked_until:
            user.failed_logins, user.locked_until = 0, None
            session.add(user)
        audit.record(session, _acting(user), "user.logged_in", "user", user.id)
        return
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.locked_until = utcnow() + dt.timedelta(minutes=LOCKOUT_MINUTES)
        user.failed_logins = 0
        audit.record(session, None, "user.locked", "user", user.id,
                     summary=audit_text.locked_after_failures(user.username, MAX_FAILED_LOGINS))
    session.add(user)


def verify_password(session: Session, username: str, password: str) -> bool:
    user = session.exec(select(User).where(col(User.username) == username)).first()
    return user is not None and bcrypt.checkpw(password.encode("utf-8"), user.password_hash.encode("ascii"))


# --- administration ----------------------------------------------------------------------------------------

def list_users(session: Session, actor: ActingUser) -> list[User]:
    _require_admin(actor)
    return list(session.exec(select(User).order_by(User.role, User.username)))


def _user_for_admin(session: Session, actor: ActingUser, user_id: int) -> User:
    _require_admin(actor)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(access.USER_NOT_FOUND)
    return user


def reset_password(session: Session, actor: ActingUser, user_id: int, new_password: str) -> None:
    user = _user_for_admin(session, actor, user_id)
    problems = password_problems(new_password)
    if problems:
        raise ValidationError(problems)
    user.password_hash = hash_password(new_password)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    audit.record(session, actor, "user.password_reset", "user", user.id, summary=audit_text.password_reset(user.username))


def set_locked(session: Session, actor: ActingUser, user_id: int, locked: bool) -> None:
    """Lock = the account is switched off until an admin unlocks it; unlock also clears a lock-out."""
    user = _user_for_admin(session, actor, user_id)
    if user.id == actor.id and locked:
        # kept here, after the admin and not-found checks, so which message a user reads first stays the same
        raise ValidationError(access.CANNOT_BLOCK_OWN_ACCOUNT)
    if user.active == (not locked) and not user.failed_logins and not user.locked_until:
        return  # already so: a second click changes nothing
    user.active = not locked
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    audit.record(session, actor, "user.locked_by_admin" if locked else "user.unlocked", "user", user.id,
                 summary=audit_text.account_locked(user.username, locked))


def set_municipality(session: Session, actor: ActingUser, user_id: int, municipality_code: str) -> None:
    user = _user_for_admin(session, actor, user_id)
    if user.role != Role.LIAISON:
        raise ValidationError(access.ONLY_LIAISON_HAS_MUNICIPALITY)
    code = (municipality_code or "").strip().upper()
    if session.get(Municipality, code) is None:
        raise ValidationError(access.MUNICIPALITY_CODE_UNKNOWN.format(code=municipality_code))
    before = user.municipality_code
    user.municipality_code = code
    session.add(user)
    audit.record(session, actor, "user.municipality_set", "user", user.id, municipality_code=code,
                 summary=audit_text.municipality_set(user.username, code), detail={"before": before, "after": code})


def change_own_password(session: Session, actor: ActingUser, current: str, new: str, repeat: str) -> None:
    user = session.get(User, actor.id)
    if user is None or not bcrypt.checkpw(current.encode("utf-8"), user.password_hash.encode("ascii")):
        raise ValidationError(users.WRONG_CURRENT_PASSWORD)
    problems = password_problems(new, repeat)
    if problems:
        raise ValidationError(problems)
    user.password_hash = hash_password(new)
    session.add(user)
    audit.record(session, actor, "user.password_changed", "user", user.id, summary=audit_text.PASSWORD_CHANGED)


# --- landlord profile --------------------------------------------------------------------------------------

PROFILE_FIELDS = users.PROFILE_FIELDS
PROFILE_LIMITS = {field: LandlordProfile.__table__.c[field].type.length  # type: ignore[attr-defined]
                  for field in PROFILE_FIELDS}


def get_profile(session: Session, actor: ActingUser) -> LandlordProfile:
    """The acting landlord's own profile; there is no way to ask for someone else's. Reading never writes: a
    landlord without a stored profile gets an unsaved one with their name (saved on their first update)."""
    if actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_PROFILE)
    profile = session.get(LandlordProfile, actor.id)
    if profile is None:
        profile = LandlordProfile(user_id=actor.id, name=actor.name)
    return profile


def update_profile(session: Session, actor: ActingUser, **values: str) -> LandlordProfile:
    profile = get_profile(session, actor)
    for field, value in users.clean_profile(values, PROFILE_LIMITS).items():
        setattr(profile, field, value)
    profile.updated_at = utcnow()
    session.add(profile)
    audit.record(session, actor, "profile.updated", "landlord_profile", actor.id, landlord_id=actor.id,
                 summary=audit_text.PROFILE_UPDATED)
    return profile


def profile_missing_for_letters(profile: LandlordProfile) -> list[str]:
    """Dutch names of profile fields every letter needs but that are still empty (see naarnul.users)."""
    return users.missing_for_letters({field: getattr(profile, field) for field in PROFILE_FIELDS})
