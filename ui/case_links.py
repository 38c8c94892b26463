"""Opening an action with its case already chosen: from an item on "Vandaag", or from a step in the "Dossier".

The target page reads the case from the query parameter `zaak` (and the shared session key), the Dossier's tab from
its tabs widget key, and the Brieven page its case and letter from its own widget keys. Before opening, the widgets
of the previous case's form are cleared there, so nothing typed for one case shows up for another.
"""

from __future__ import annotations

import streamlit as st

from naarnul import todo

CASE_KEY = "naarnul_case_id"  # shared by the Dossier and the Betalingsregeling page
DOSSIER = "pages/landlord/case.py"
LETTERS = "pages/landlord/letters.py"
ARRANGEMENT = "pages/landlord/arrangement.py"

# the Dossier's tabs (pages/landlord/case.py); TAB_KEY is their widget key, PENDING_TAB a tab to open on the next run
TAB_KEY = "dossier_tab"
PENDING_TAB = "dossier_tab_next"
OVERVIEW, REMINDER, CONTACT, OBJECTION, SIGNAL, CLOSE, HISTORY = (
    "Overzicht", "Herinnering", "Contact", "Bezwaar", "Melding", "Sluiten", "Tijdlijn")
TABS = (OVERVIEW, REMINDER, CONTACT, OBJECTION, SIGNAL, CLOSE, HISTORY)

# widget keys of the Brieven page (pages/landlord/letters.py)
LETTERS_CASE_KEY = "letters_case"
LETTERS_TEMPLATE_KEY = "letters_template"
LETTERS_FIELD_PREFIX = "letters_"

# an action of a to-do item (naarnul.todo) -> the Dossier tab that does it
ACTION_TABS = {todo.CONTACT: CONTACT, todo.SIGNAL: SIGNAL, todo.CLOSE: CLOSE, todo.CASE: OVERVIEW}

# a covenant step (naarnul.covenant.guide keys) -> (where it is done, the text of its button in the Dossier)
STEP_LINKS = {
    "friendly_reminder": (REMINDER, "Naar herinnering"),
    "written_reminder": (REMINDER, "Naar herinnering"),
    "contact_attempts": (CONTACT, "Naar contact"),
    "objection": (OBJECTION, "Naar bezwaar"),
    "signal": (SIGNAL, "Naar de melding"),
    "arrangement": (ARRANGEMENT, "Regeling openen"),
    "addendum": (LETTERS, "Addendum maken"),
    "closed": (CLOSE, "Naar zaak sluiten"),
}
STEP_TEMPLATES = {"addendum": "addendum"}


def target_page(action: str) -> str:
    """The page an item's action opens."""
    if action == todo.LETTER:
        return LETTERS
    if action == todo.ARRANGEMENT:
        return ARRANGEMENT
    return DOSSIER


def _clear_letter_form() -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(LETTERS_FIELD_PREFIX)]:
        del st.session_state[key]


def choose(case_id: int, *, tab: str | None = None, template: str | None = None) -> None:
    """In a callback, before switching page: the case (and the Dossier tab, or the letter) the next page opens."""
    st.session_state[CASE_KEY] = case_id
    if tab is not None:
        st.session_state[PENDING_TAB] = tab
    if template is not None:
        _clear_letter_form()
        st.session_state[LETTERS_CASE_KEY] = case_id
        st.session_state[LETTERS_TEMPLATE_KEY] = template


def choose_for_action(case_id: int, action: str) -> None:
    if action == todo.LETTER:
        choose(case_id, template=todo.REMINDER_TEMPLATE)
    else:
        choose(case_id, tab=ACTION_TABS.get(action))


def open_pending_tab() -> None:
    """On the Dossier, before its tabs are drawn: open the tab an action asked for."""
    pending = st.session_state.pop(PENDING_TAB, None)
    if pending in TABS:
        st.session_state[TAB_KEY] = pending


def switch(page: str, case_id: int) -> None:
    st.switch_page(page, query_params={"zaak": str(case_id)})
