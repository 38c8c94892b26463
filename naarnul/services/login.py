"""Use cases of logging in: the credentials the authenticator checks, the lock-out counted in the database, the
acting user behind a session, and the first admin of a new installation."""

from __future__ import annotations

from naarnul.users import ActingUser
from store import users as user_store
from store.unit_of_work import UnitOfWork


def login_credentials(uow: UnitOfWork, *, only_username: str | None = None) -> dict:
    """The credentials dict streamlit-authenticator expects (locked and inactive users left out)."""
    with uow.reading(one_statement=True):
        return user_store.login_credentials(uow.session, only_username=only_username)


def credentials_and_acting_user(uow: UnitOfWork, *, username: str) -> tuple[dict, ActingUser | None]:
    """Both of the above for a user already logged in, in one read (once per page run): one SELECT of the user's row,
    so a user switched off, removed or given another role is noticed on the next run."""
    with uow.reading(one_statement=True):
        return user_store.credentials_and_acting_user(uow.session, username)


def lock_message(uow: UnitOfWork, *, username: str) -> str | None:
    """A Dutch message when this account cannot log in now, else None."""
    with uow.reading(one_statement=True):
        return user_store.lock_message(uow.session, username)


def record_login(uow: UnitOfWork, *, username: str, succeeded: bool) -> None:
    """Count a failed attempt (lock after the maximum) or reset the count after a success."""
    with uow:
        user_store.record_login(uow.session, username, succeeded=succeeded)
        uow.commit()


def acting_user(uow: UnitOfWork, *, username: str) -> ActingUser | None:
    """The active user behind a login, or None when the account was removed or switched off."""
    with uow.reading(one_statement=True):
        return user_store.acting_user(uow.session, username)


def new_setup_code(uow: UnitOfWork, *, preset: str | None = None) -> str | None:
    """A fresh one-time setup code while no user exists (only its hash is stored), else None."""
    with uow:
        code = user_store.new_setup_code(uow.session, preset=preset)
        uow.commit()
    return code


def create_first_admin(uow: UnitOfWork, *, setup_code: str, username: str, name: str, password: str,
                       password_repeat: str) -> ActingUser:
    with uow:
        admin = user_store.create_first_admin(uow.session, setup_code=setup_code, username=username, name=name,
                                              password=password, password_repeat=password_repeat)
        uow.commit()
    return admin


def add_user_as_operator(uow: UnitOfWork, *, username: str, name: str, role, password: str,
                         municipality_code: str | None = None, email: str = "") -> ActingUser:
    """A user added by whoever runs the server (the `naarnul user add` command): no acting admin needed."""
    with uow:
        user = user_store.create_user(uow.session, None, username=username, name=name, role=role, password=password,
                                      municipality_code=municipality_code, email=email, setup=True)
        uow.commit()
    return user
