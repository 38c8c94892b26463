"""Login with streamlit-authenticator, with the lock-out counted in the database.

The authenticator keeps failed attempts only in memory, so we wrap its controller's `login` once per run: the
wrapper refuses a locked account before the password is checked and records every outcome in the store.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import secrets as token_source
import sys
import types

import streamlit as st
import streamlit.components.v1 as components

PENDING_COOKIE_KEY = "naarnul_pending_cookie"
RUN_USER_KEY = "naarnul_run_user"  # (username, acting user) read once at the start of a run


class _CookieWriter:
    """Stands in for extra-streamlit-components' CookieManager inside streamlit-authenticator.

    The library reads its cookie from `st.context.cookies` and needs the component only to write or delete it, yet
    it draws the component on every run; when the component mounts, the browser starts one extra run, and a login
    submitted around that run was lost (mkhorasani/Streamlit-Authenticator#184). This writer draws nothing: it
    queues the cookie, and `write_pending_cookie()` writes it with a static script, which never starts a run."""

    def __init__(self, *_args, **_kwargs):
        pass

    def set(self, cookie: str, val: str, expires_at: dt.datetime | None = None, **_options) -> None:
        st.session_state[PENDING_COOKIE_KEY] = (cookie, val, expires_at)

    def delete(self, cookie: str, **_options) -> None:
        st.session_state[PENDING_COOKIE_KEY] = (cookie, "", dt.datetime(1970, 1, 1))


class _NotUsedInNaarNul:
    def __init__(self, *_args, **_kwargs):
        raise RuntimeError("Naar Nul does not use this part of streamlit-authenticator (see ui/auth.py)")


def _leave_out_unused_authenticator_parts() -> None:
    """streamlit-authenticator imports, at the top of its modules, parts Naar Nul never uses: the cookie component
    (replaced by _CookieWriter above), its paid cloud service and its Google/Microsoft guest login (`requests`), and
    the captcha of self-registration (Pillow). Together they were about a third of the authenticator's import time on
    the cold start to the login page (issue 14, `python -X importtime`). Each gets a small stand-in module here,
    unless something imported the real one already; the stand-ins fail loudly if ever used."""
    stand_ins = {"extra_streamlit_components": {"CookieManager": _CookieWriter},
                 "streamlit_authenticator.models.cloud": {"CloudModel": _NotUsedInNaarNul},
                 "streamlit_authenticator.models.oauth2": {"GoogleModel": _NotUsedInNaarNul,
                                                           "MicrosoftModel": _NotUsedInNaarNul},
                 "captcha.image": {"ImageCaptcha": _NotUsedInNaarNul}}
    for name, attributes in stand_ins.items():
        if name not in sys.modules:
            module = types.ModuleType(name, "stand-in: not used by Naar Nul (ui/auth.py)")
            module.__dict__.update(attributes)
            sys.modules[name] = module


_leave_out_unused_authenticator_parts()

import streamlit_authenticator as stauth  # noqa: E402 - after the stand-ins above
from streamlit_authenticator.models import cookie_model  # noqa: E402
from streamlit_authenticator.utilities import LoginError  # noqa: E402

from naarnul.errors import NaarNulError  # noqa: E402
from ui import downloads  # noqa: E402
from ui.basics import ACTING_USER_KEY, read_secrets  # noqa: E402

log = logging.getLogger("naarnul")

COOKIE_NAME = "naarnul_login"
LOGIN_FIELDS = {"Form name": "Inloggen", "Username": "Gebruikersnaam", "Password": "Wachtwoord",
                "Login": "Inloggen"}


class AccountLocked(LoginError):
    pass


cookie_model.stx = types.SimpleNamespace(CookieManager=_CookieWriter)  # also when the real module was loaded


def _store():
    """(naarnul.services.login, ui.session), imported on first use: both import SQLAlchemy, SQLModel and the models
    (about half a second on a cold start), and the login form needs none of them until it is submitted or a cookie
    comes in. So the first visitor of a fresh server sees the form first (issue 14; tests/app/test_login_imports.py
    checks that drawing it imports no SQLAlchemy)."""
    from naarnul.services import login  # noqa: PLC0415 - see the docstring
    from ui import session  # noqa: PLC0415 - see the docstring
    return login, session


def unit_of_work():
    return _store()[1].unit_of_work()


def write_pending_cookie() -> None:
    """Write (or delete) the login cookie queued by the authenticator in this session, once."""
    pending = st.session_state.pop(PENDING_COOKIE_KEY, None)
    if not pending:
        return
    name, value, expires_at = pending
    expires = (expires_at or dt.datetime.now() + dt.timedelta(days=1)).astimezone(dt.timezone.utc)
    cookie = f"{name}={value}; path=/; expires={expires.strftime('%a, %d %b %Y %H:%M:%S GMT')}; SameSite=Strict"
    # a script file, not inline code: the proxy's Content-Security-Policy allows only scripts from this server
    components.html(f'<script src="app/static/naarnul_cookie.js" data-cookie="{html.escape(cookie, quote=True)}">'
                    "</script>", height=0)


def make_authenticator() -> stauth.Authenticate:
    """Create the authenticator once per run, in the entrypoint only (see docs/developing.md)."""
    secrets = read_secrets()
    logged_in_as = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    if logged_in_as:  # one read for the credentials and the acting user of this run (current_user uses it)
        login = _store()[0]
        credentials, run_user = login.credentials_and_acting_user(unit_of_work(), username=logged_in_as)
        st.session_state[RUN_USER_KEY] = (logged_in_as, run_user)  # this session only; current_user pops it
    else:  # read when the form is submitted or a cookie comes in (login_with_lockout), not before the form is drawn
        credentials = {"usernames": {}}
        st.session_state.pop(RUN_USER_KEY, None)
    a_cookie_came = isinstance(st.context.cookies.get(COOKIE_NAME), str)  # (under AppTest the cookies are a mock)
    needs_key = bool(logged_in_as) or a_cookie_came
    authenticator = stauth.Authenticate(
        credentials, COOKIE_NAME, _cookie_key(secrets) if needs_key else _NO_COOKIE_KEY, cookie_expiry_days=1,
        auto_hash=False, login_sleep_time=0)
    controller = authenticator.authentication_controller
    original_login = controller.login

    def login_with_lockout(username=None, password=None, *args, **kwargs):
        name = (username or (kwargs.get("token") or {}).get("username") or "").strip().lower()
        login = _store()[0]
        if name:
            message = login.lock_message(unit_of_work(), username=name)
            if message:
                raise AccountLocked(message)
            if not logged_in_as:  # this name's credentials only (locked and inactive accounts are left out)
                read = login.login_credentials(unit_of_work(), only_username=name)["usernames"]
                controller.authentication_model.credentials["usernames"] = {key.lower(): value
                                                                            for key, value in read.items()}
        authenticator.cookie_controller.cookie_model.cookie_key = _cookie_key(read_secrets())  # signs the cookie
        result = original_login(username, password, *args, **kwargs)
        if username and result is not None:
            login.record_login(unit_of_work(), username=name, succeeded=bool(result))
        return result

    controller.login = login_with_lockout
    return authenticator


# The login form of a visitor without a cookie needs no cookie key, and reading it loads pydantic-settings (about
# 0.13 s of the cold start, issue 14). Until the key is needed, the authenticator holds a random key that signs and
# reads nothing: a cookie is read only when one came in or a user is logged in (then make_authenticator passes the
# real key), and written only by a login (login_with_lockout puts the real key in first). Were it ever used by
# mistake, the cookie would be refused (the user logs in again), never accepted with the wrong key.
# tests/e2e/test_login_browser.py: a login survives a reload, so the cookie was signed with the real key.
_NO_COOKIE_KEY = token_source.token_urlsafe(48)


def _cookie_key(secrets: dict) -> str:
    from naarnul import settings  # noqa: PLC0415 - after the login form (see _NO_COOKIE_KEY)

    return settings.cookie_key(secrets)


def restore_from_cookie(authenticator: stauth.Authenticate):
    """Log in from a valid cookie without drawing a form. Returns the acting user or None."""
    try:
        authenticator.login(location="unrendered")
    except LoginError:
        _forget_login()
        return None
    return current_user()


def current_user():
    if not st.session_state.get("authentication_status"):
        st.session_state.pop(ACTING_USER_KEY, None)
        return None
    username = st.session_state.get("username") or ""
    read_in_this_run = st.session_state.pop(RUN_USER_KEY, None)
    if username and read_in_this_run is not None and read_in_this_run[0] == username:
        user = read_in_this_run[1]  # read by make_authenticator at the start of this run
    else:
        user = _store()[0].acting_user(unit_of_work(), username=username)
    if user is None:  # removed or switched off since the cookie was made
        _forget_login()
        return None
    st.session_state[ACTING_USER_KEY] = user
    return user


def _forget_login() -> None:
    for key in ("authentication_status", "username", "name", "email", "roles", ACTING_USER_KEY):
        st.session_state.pop(key, None)
    st.session_state["authentication_status"] = None


def login_screen(authenticator: stauth.Authenticate) -> None:
    st.title("Naar Nul")
    st.caption("Samen huurachterstand vroeg oplossen, zodat niemand zijn huis kwijtraakt.")
    try:
        authenticator.login(location="main", fields=LOGIN_FIELDS, key="naarnul_login_form")
    except AccountLocked as error:
        st.error(str(error))
        return
    except LoginError:
        st.error("Inloggen lukt niet met deze gegevens. Controleer uw gebruikersnaam en wachtwoord.")
        return
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error("Gebruikersnaam of wachtwoord klopt niet. Na 5 mislukte pogingen wordt het account 15 minuten geblokkeerd.")
    elif status:
        st.rerun()


def logout_button(authenticator: stauth.Authenticate) -> None:
    def clear_own_keys(_details):
        st.session_state.pop(ACTING_USER_KEY, None)
        downloads.revoke_session()  # a download made before logging out stops working at once

    authenticator.logout("Uitloggen", location="sidebar", key="naarnul_logout_button", callback=clear_own_keys)
    if not st.session_state.get("authentication_status"):
        st.rerun()  # the page below was built for the user who just left


@st.cache_resource(show_spinner=False)
def announce_setup_code(database_url: str) -> None:
    """Once per server process and database: while no user exists, make a one-time setup code and print it
    in the server log. NAARNUL_SETUP_CODE presets it (for a host whose log is hard to read, and for tests)."""
    from naarnul import settings  # noqa: PLC0415 - after the login form (see _NO_COOKIE_KEY)

    code = _store()[0].new_setup_code(unit_of_work(), preset=settings.setup_code(read_secrets()))
    if code:
        message = f"Naar Nul: installatiecode voor de eerste beheerder: {code}"
        log.warning(message)
        print(message, flush=True)


def setup_screen(database_url: str) -> None:
    announce_setup_code(database_url)
    st.title("Naar Nul installeren")
    st.write("Welkom. Er is nog geen account. Maak hier het eerste beheerdersaccount aan.")
    st.info("U heeft de installatiecode nodig. Die staat in het logboek van de server, "
            "in de regel 'installatiecode voor de eerste beheerder'.")
    with st.form("setup_form"):
        code = st.text_input("Installatiecode")
        name = st.text_input("Uw naam")
        username = st.text_input("Gebruikersnaam")
        password = st.text_input("Wachtwoord (minstens 10 tekens)", type="password")
        repeat = st.text_input("Herhaal het wachtwoord", type="password")
        submitted = st.form_submit_button("Beheerder aanmaken")
    if submitted:
        try:
            _store()[0].create_first_admin(unit_of_work(), setup_code=code, username=username, name=name,
                                     password=password, password_repeat=repeat)
        except NaarNulError as error:
            _store()[1].show_error(error)
            return
        st.success("Het beheerdersaccount is aangemaakt. U kunt nu inloggen.")
        st.button("Naar inloggen")
