"""Forms that clear after a successful save and save once per submission (a double click creates nothing twice).

`submission_token(form)` is kept in session_state until the save succeeded; the service stores it with what it
created and returns the existing record when the same token arrives again. `form_key(form)` changes after each
successful save, so the next render shows empty widgets.
"""

from __future__ import annotations

import uuid

import streamlit as st


def submission_token(form: str) -> str:
    key = f"submission_{form}"
    if key not in st.session_state:
        st.session_state[key] = uuid.uuid4().hex
    return st.session_state[key]


def form_key(form: str) -> str:
    version = int(st.session_state.get(f"version_{form}", 0))
    return form if version == 0 else f"{form}_{version}"


def saved(form: str, message: str, flash_key: str, *also: str) -> None:
    """After a successful save: a new token, empty widgets (also of the forms in `also`, which show what the save
    changed), and `message` shown after the rerun."""
    for name in (form, *also):
        st.session_state.pop(f"submission_{name}", None)
        st.session_state[f"version_{name}"] = int(st.session_state.get(f"version_{name}", 0)) + 1
    st.session_state[flash_key] = message
    st.rerun()
