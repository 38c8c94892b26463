"""HTML for showing findings inside the letter text (Hemingway style): pure, no Streamlit.

`to_html(text, findings)` returns one line of HTML: the escaped text with `<mark>` around each finding, coloured per
category (contact / toon / taal), the message as a tooltip (title attribute). Line breaks become <br>, so Markdown
renderers leave the HTML block intact. Whole-letter findings (start == end) have nothing to mark; list them apart.
"""

from __future__ import annotations

import html

from .report import CATEGORY_LABEL, SEVERITY_ORDER, Finding

COLOURS = {"contact": "#ffd8a8", "toon": "#ffc9c9", "taal": "#d0ebff"}
BORDERS = {"error": "2px solid", "warning": "2px dashed", "hint": "1px dotted"}
BORDER_COLOURS = {"contact": "#e8590c", "toon": "#c92a2a", "taal": "#1971c2"}


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def _mark(segment: str, covering: list[Finding]) -> str:
    main = min(covering, key=lambda f: SEVERITY_ORDER[f.severity])
    category = main.category
    title = " | ".join(f"{f.rule}: {f.message}" for f in sorted(covering, key=lambda f: SEVERITY_ORDER[f.severity]))
    style = (f"background:{COLOURS[category]};border-bottom:{BORDERS[main.severity]} {BORDER_COLOURS[category]};"
             "padding:0 1px;border-radius:2px")
    rules = " ".join(dict.fromkeys(f.rule for f in covering))
    return (f'<mark class="nn-{category} nn-{main.severity}" data-rules="{html.escape(rules)}" '
            f'title="{html.escape(title, quote=True)}" style="{style}">{_escape(segment)}</mark>')


def to_html(text: str, findings: list[Finding], *, wrap: bool = True) -> str:
    """The text as HTML with marked findings. Overlapping findings are split into segments; each segment takes the
    colour of its most severe finding and lists every message in its tooltip."""
    spans = [f for f in findings if not f.whole_text and 0 <= f.start < f.end <= len(text)]
    cuts = sorted({0, len(text), *(f.start for f in spans), *(f.end for f in spans)})
    by_start = sorted(spans, key=lambda f: f.start)
    active: list[Finding] = []
    next_span = 0
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        while next_span < len(by_start) and by_start[next_span].start <= a:
            active.append(by_start[next_span])
            next_span += 1
        active = [f for f in active if f.end > a]
        covering = [f for f in active if b <= f.end]
        segment = text[a:b]
        parts.append(_mark(segment, covering) if covering else _escape(segment))
    body = "".join(parts)
    if not wrap:
        return body
    return f'<div class="naarnul-wording" style="white-space:pre-wrap;line-height:1.6">{body}</div>'


def legend_html() -> str:
    """A small legend: one coloured label per category."""
    return " ".join(
        f'<mark style="background:{COLOURS[c]};border-bottom:2px solid {BORDER_COLOURS[c]}">{html.escape(label)}</mark>'
        for c, label in CATEGORY_LABEL.items())
