"""Stress-sensitive wording check for Dutch letters (rules: ../shared/domain/wording.md, word lists:
naarnul/data/wording.yaml). Pure Python; the Streamlit pages and the CLI call `check()`.

    report = check(text, kind="first-reminder")
    report.ok, report.verdict, report.readability, report.band, report.findings, report.to_dict()
"""

from .lexicon import LexiconError, default_lexicon, load_lexicon
from .readability import band
from .report import CATEGORY_LABEL, ERROR, HINT, WARNING, Finding, Report, apply_suggestion
from .rules import KINDS, check, passes

__all__ = [
    "check", "passes", "apply_suggestion", "Report", "Finding", "KINDS", "ERROR", "WARNING", "HINT",
    "CATEGORY_LABEL", "band", "load_lexicon", "default_lexicon", "LexiconError",
]
