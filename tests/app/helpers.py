"""Driving the real entrypoint with AppTest."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import PASSWORD, ROOT


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)


def login(username: str, password: str = PASSWORD) -> AppTest:
    at = new_app().run()
    fill_login(at, username, password)
    # AppTest drops the first widget event after the st.rerun() that follows a login; a browser does not.
    return at.run()


def fill_login(at: AppTest, username: str, password: str) -> AppTest:
    inputs = {t.label: t for t in at.text_input}
    inputs["Gebruikersnaam"].input(username)
    inputs["Wachtwoord"].input(password)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    return at


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, as one string."""
    parts = [e.value for e in at.title] + [e.value for e in at.header] + [e.value for e in at.subheader]
    parts += [e.value for e in at.markdown] + [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [e.value for e in at.error] + [e.value for e in at.success] + [e.value for e in at.caption]
    # user text is shown Markdown-escaped (naarnul.text.markdown_escape): compare with what the user reads
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))
