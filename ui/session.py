"""Per-run access to settings, the database and the acting user."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

import streamlit as st
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from naarnul import settings
from naarnul.errors import NaarNulError
from naarnul.text import markdown_escape
from naarnul.users import ActingUser, Role
from store.engine import forget_engine, session_for
from store.unit_of_work import UnitOfWork
from ui.basics import ACTING_USER_KEY, read_secrets  # noqa: F401 - the pages take both from here
from ui.display import without_field_names

DATABASE_DOWN = ("Naar Nul kan de database op dit moment niet bereiken. Wat u net deed, is niet opgeslagen. "
                 "Probeer het over een minuut opnieuw.")
log = logging.getLogger("naarnul")


def database_url() -> str:
    return settings.database_url(read_secrets())


@contextmanager
def db() -> Iterator[Session]:
    with session_for(database_url()) as session:
        yield session


@contextmanager
def calm_when_database_fails() -> Iterator[None]:
    """Around a whole page run: a database that is down, restarted or recreated gives one calm Dutch message
    instead of Streamlit's error page, and the next run starts with a new engine (which migrates a recreated
    database), so the app recovers by itself."""
    try:
        yield
    except DBAPIError:
        log.exception("database error during a page run")
        forget_engine(database_url())
        st.error(DATABASE_DOWN)
        st.button("Opnieuw proberen", key="naarnul_database_retry")


def acting_user() -> ActingUser | None:
    return st.session_state.get(ACTING_USER_KEY)


def require_role(*roles: Role) -> ActingUser:
    """First call of every page: stop here unless a user with one of these roles is logged in."""
    user = acting_user()
    if user is None or user.role not in roles:
        st.error("U heeft geen toegang tot deze pagina. Log in met het juiste account.")
        st.stop()
    return user


def show_error(error: NaarNulError) -> None:
    """A domain error as one calm Dutch message (a list when there are several problems). Messages quote what the
    user typed (a name, a column of a bank file), so each is shown literally, never as Markdown."""
    problems = [markdown_escape(without_field_names(p)) for p in (getattr(error, "problems", None) or [str(error)])]
    if len(problems) == 1:
        st.error(problems[0])
    else:
        st.error("Dit moet nog worden aangepast:\n\n" + "\n".join(f"- {p}" for p in problems))


def run_action(action, success: str, flash_key: str) -> None:
    """Run one store action in its own session; on success keep `success` for after the rerun, on a domain
    error show it (nothing was saved: the session rolled back)."""
    try:
        with db() as session:
            action(session)
    except NaarNulError as error:
        show_error(error)
    else:
        st.session_state[flash_key] = success
        st.rerun()


def show_flash(flash_key: str) -> None:
    """The success message of the action that caused this rerun, once."""
    if st.session_state.get(flash_key):
        st.success(st.session_state.pop(flash_key))


def unit_of_work() -> UnitOfWork:
    """A fresh unit of work for one service call (pages never open sessions themselves)."""
    return UnitOfWork(database_url())


def run_service(call, success: str, flash_key: str):
    """Call one service (a function of a unit of work); on success keep `success` for after the rerun and rerun,
    on a domain error show it in Dutch (the service rolled back: nothing was saved)."""
    try:
        result = call(unit_of_work())
    except NaarNulError as error:
        show_error(error)
        return None
    st.session_state[flash_key] = success
    st.rerun()
    return result
