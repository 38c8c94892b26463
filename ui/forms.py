"""Forms that clear after a successful save and save once per submission (a double click creates nothing twice).

`submission_token(form)` is kept in session_state until the save succeeded; the service stores it with what it
created and returns the existing record when the same token arrives again. `form_key(form)` changes after each
successful save, so the next render shows empty widgets.
"""

from __future__ import annotations

import uuid

import streamlit as st

from naarnul.form_questions import MAX_TEXT_ANSWER
from naarnul.text import markdown_escape as md


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


def extra_questions(questions, *, key: str) -> dict[str, object]:
    """The admin's extra questions of a case form (naarnul.services.form_questions), one widget each; returns
    {question key: what was entered} for the form's service call, which validates and stores it with the action.

    `key` names the form and its subject (`signal_12`): a widget never keeps an answer meant for another case.
    Labels and help texts are the admin's text: escaped, never Markdown."""
    values: dict[str, object] = {}
    for question in questions:
        label = md(question.label) + ("" if question.required else " (niet verplicht)")
        help_text = md(question.help) if question.help else None
        widget_key = f"extra_{key}_{question.key}"
        if question.type == "date":
            values[question.key] = st.date_input(label, value=None, format="DD-MM-YYYY", help=help_text,
                                                 key=widget_key)
        elif question.type == "money":
            values[question.key] = st.text_input(label, placeholder="bijvoorbeeld 150,00", help=help_text,
                                                 key=widget_key, max_chars=20)
        elif question.type == "bool":
            values[question.key] = st.radio(label, ["ja", "nee"], index=None, horizontal=True, help=help_text,
                                            key=widget_key)
        elif question.type == "choice":
            values[question.key] = st.selectbox(label, list(question.choices), index=None, help=help_text,
                                                placeholder="Kies een antwoord", key=widget_key)
        else:
            values[question.key] = st.text_input(label, help=help_text, key=widget_key, max_chars=MAX_TEXT_ANSWER)
    return values
