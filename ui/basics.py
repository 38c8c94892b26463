"""What the login form needs from ui.session, without ui.session's imports (SQLAlchemy, SQLModel, the store: about
half a second on a cold start). The login form is drawn before the store is imported (issue 14), so ui.auth takes
these from here, and ui.session passes them on to the pages."""

from __future__ import annotations

import streamlit as st

ACTING_USER_KEY = "naarnul_acting_user"  # never one of streamlit-authenticator's own keys


def read_secrets() -> dict:
    """st.secrets raises when no secrets file exists, even for `in`; treat that as 'no secrets'."""
    try:
        return dict(st.secrets)
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}
