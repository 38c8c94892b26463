"""Small display helpers shared by the pages."""

from __future__ import annotations

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
