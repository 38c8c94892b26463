"""Stress-sensitive wording check for Dutch letters (rules: ../shared/domain/wording.md, word lists:
naarnul/data/wording.yaml). Pure Python; the Streamlit pages and the CLI call `check()`.

    report = check(text, kind="first-reminder")
    report.ok, report.verdict, report.readability, report.band, report.findings, report.to_dict()

Each Finding has rule (A1…C13), severity (error/warning/hint), category (contact/toon/taal), a Dutch message for the
landlord, start/end offsets in the original text and an optional suggestion (`apply_suggestion(text, finding)`).
Findings about something missing from the whole letter (no phone number, no way out) have start == end == 0.
The whole-letter rules (A1-A3, A6, A9, A10, B8, C7, C11, C12) assume the full letter is checked, not one paragraph.
`headline(report)` is the one line that says what matters most ("Er staat geen uitweg in uw brief.").

Modules: rules.py (check), base.py and contact.py / tone.py / plain.py (the rule groups A / B / C), patterns.py,
messages.py, phones.py (A2 numbers and addresses), lexicon.py (word lists), text.py (normalised letter), summary.py.
The labelled evaluation corpus is tests/wording_corpus (scored by bench/bench_wording_corpus.py).
"""

from .lexicon import LexiconError, default_lexicon, load_lexicon
from .readability import band
from .report import CATEGORY_LABEL, ERROR, HINT, WARNING, Finding, Report, apply_suggestion
from .rules import KINDS, check, passes
from .summary import headline

__all__ = [
    "check", "passes", "headline", "apply_suggestion", "Report", "Finding", "KINDS", "ERROR", "WARNING", "HINT",
    "CATEGORY_LABEL", "band", "load_lexicon", "default_lexicon", "LexiconError",
]
