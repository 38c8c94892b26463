"""Naar Nul — entrypoint: settings, login, pages chosen by role. Nothing else lives here."""

from pathlib import Path

import streamlit as st

from naarnul.services.accounts import count_users
from naarnul.text import markdown_escape
from naarnul.users import ROLE_LABELS
from ui import auth, downloads
from ui.navigation import pages_for
from ui.session import acting_user, calm_when_database_fails, database_url, unit_of_work


def main() -> None:
    # someone logged in means users exist: the count (a statement on every run) only before a login
    first_start = acting_user() is None and count_users(unit_of_work()) == 0

    if first_start:
        st.navigation([st.Page(lambda: auth.setup_screen(database_url()), title="Installeren",
                               url_path="installeren")], position="hidden").run()
        show_icon()
        st.stop()

    authenticator = auth.make_authenticator()
    user = auth.restore_from_cookie(authenticator)
    auth.write_pending_cookie()

    if user is None:
        st.navigation([st.Page(lambda: auth.login_screen(authenticator), title="Inloggen", url_path="inloggen")],
                      position="hidden").run()
        show_icon()
        st.stop()

    with st.sidebar:
        municipality = f" · {user.municipality_code}" if user.municipality_code else ""
        st.markdown(f"**{markdown_escape(user.name)}**  \n{ROLE_LABELS[user.role]}{municipality}")
        auth.logout_button(authenticator)

    show_icon()  # before the page: a page may st.stop()
    st.navigation(pages_for(user.role)).run()


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
