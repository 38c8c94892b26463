"""Text primitives: user text shown safely in Streamlit's Markdown.

Streamlit renders Markdown in almost every element (titles, labels, tables, metrics), so a tenant named
`![t](http://…)` or `:red[x]` would fetch a URL or colour the page. Every user text goes through `markdown_escape`.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def markdown_escape(text: object) -> str:
    """User text (names, addresses, notes) shown inside Markdown: every special character literal."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text or ""))


def one_line(text: str) -> str:
    """Text on one line, runs of white space folded (for quotes inside a sentence)."""
    return " ".join(str(text or "").split())
