"""Naar Nul — entrypoint: settings, login, pages chosen by role. Nothing else lives here.

The login form is drawn before the store is imported (issue 14: SQLAlchemy, SQLModel and the models take about
half a second on a cold start, and the form needs none of them until it is submitted). So the modules of the
logged-in part and the store are imported inside the functions below, after the form, and only the cheap ones are
imported here; tests/app/test_login_imports.py checks that drawing the form imports no SQLAlchemy.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from ui import auth, downloads


def main() -> None:
    authenticator = auth.make_authenticator()  # reads the store only for a user logged in in this session
    user = auth.restore_from_cookie(authenticator)  # ... or when a login cookie comes in
    auth.write_pending_cookie()

    if user is None:
        st.navigation([st.Page(lambda: login_or_setup(authenticator), title="Inloggen", url_path="inloggen")],
                      position="hidden").run()
        show_icon()
        st.stop()

    from naarnul.text import markdown_escape  # noqa: PLC0415 - after the login form (see above)
    from naarnul.users import ROLE_LABELS  # noqa: PLC0415
    from ui.navigation import pages_for  # noqa: PLC0415

    with st.sidebar:
        municipality = f" · {user.municipality_code}" if user.municipality_code else ""
        st.markdown(f"**{markdown_escape(user.name)}**  \n{ROLE_LABELS[user.role]}{municipality}")
        auth.logout_button(authenticator)

    show_icon()  # before the page: a page may st.stop()
    st.navigation(pages_for(user.role)).run()


def login_or_setup(authenticator) -> None:
    """The login form; on the very first start (no user yet) it gives way to the setup screen. The form is drawn
    first and the users are counted after it: counting needs the store, and the form is what every visitor of a
    fresh server waits for (the setup screen is shown once in the life of an installation)."""
    form = st.empty()
    with form.container():
        auth.login_screen(authenticator)

    from naarnul.services.accounts import count_users  # noqa: PLC0415 - after the login form (see above)
    from ui.session import database_url, unit_of_work  # noqa: PLC0415

    if count_users(unit_of_work()) == 0:
        form.empty()
        auth.setup_screen(database_url())


@contextmanager
def calm_when_database_fails() -> Iterator[None]:
    """ui.session.calm_when_database_fails around the whole run, imported only when something went wrong: the
    SQLAlchemy error it catches cannot have been raised before the store was imported (issue 14)."""
    try:
        yield
    except Exception as error:  # st.stop() and st.rerun() are BaseExceptions and pass by
        from ui.session import calm_when_database_fails as calm  # noqa: PLC0415

        with calm():
            raise error


def show_icon() -> None:
    """On the login and setup screens the icon comes after the form (set_page_config calls add up; after st.stop()
    Streamlit sends nothing more): Streamlit reads an image file with numpy and Pillow, which those screens need
    nowhere else, so the first visitor sees the form before they are loaded (issue 14)."""
    st.set_page_config(page_icon=FAVICON)


# a local icon: a `:material/…:` or emoji icon makes every browser fetch it from fonts.gstatic.com
FAVICON = str(Path(__file__).parent / "ui" / "favicon.png")

st.set_page_config(page_title="Naar Nul", layout="wide")
downloads.install()  # downloads made on click live 60 s, are served once, and end at logout
with calm_when_database_fails():
    main()
