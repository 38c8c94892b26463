"""Small display helpers shared by the pages."""

from __future__ import annotations

import re

import streamlit as st

from naarnul.text import markdown_escape


def text_metric(container, label: str, value: str) -> None:
    """Show a label and a value side by side with st.metric, but as text: a long value (a date such as
    "1 oktober 2026") wraps instead of being cut off with "…"."""
    with container:
        st.caption(markdown_escape(label))
        st.markdown(f"**{markdown_escape(value)}**")


# Streamlit draws its upload field in English ("Drag and drop file here", "Browse files", "Limit 200MB per file");
# its texts cannot be changed, so every upload field explains them in Dutch with this help text.
UPLOAD_HELP = ("Sleep het bestand naar het vak, of klik op 'Browse files' (bladeren) om het op uw computer of "
               "telefoon te kiezen. 'Limit … per file' is de grootste bestandsgrootte die het portaal toelaat.")


# an internal name in brackets: a snake_case field ("support_organisation") or a dotted path ("case.landlord.name",
# "tenants[0].name"), or any name right after a quoted label or "is verplicht" ("'Plaats' is verplicht (place)")
_PATH = r"[a-z][a-z0-9]*(?:\[\d+\])?(?:[._][a-z0-9]+(?:\[\d+\])?)+"
_FIELD_NAME = re.compile(rf"\s*\((?:{_PATH})\)|(?<=')\s*\([a-z][a-z0-9_]*\)|(?<=is verplicht)\s*\([a-z][a-z0-9_]*\)")


def without_field_names(message: str) -> str:
    """A message for a person in the portal: the internal field names that the command line shows (to say which
    --field or JSON key is meant) are left out; the Dutch label already says which field it is."""
    return _FIELD_NAME.sub("", message)
