"""The rules of wording.md (A contact and a way out, B tone, C plain language).

Every rule works on a `Doc` (normalised text, words, sentences) and adds findings with offsets in the original
text. Whole-letter rules about something missing (no phone number, no way out) use the span (0, 0).
Messages speak to the landlord ("u"), say what to change and why, in plain Dutch.

The rules live in groups: contact.py (A), tone.py (B), plain.py (C), on the shared ground of base.py (the analysed
letter and the word-list rules); patterns.py holds the patterns and thresholds, messages.py the Dutch messages.
"""

from __future__ import annotations

from naarnul.calendar import DEFAULT_DELIVERY_DAYS
from naarnul.errors import ValidationError

from .contact import ContactRules
from .lexicon import Lexicon, default_lexicon
from .patterns import FLAGGED_LISTS, KINDS, parse_amount
from .plain import PlainRules
from .readability import band
from .report import ERROR, SEVERITY_ORDER, Finding, Report
from .tone import ToneRules

__all__ = ["KINDS", "FLAGGED_LISTS", "Checker", "check", "parse_amount", "passes"]


class Checker(ContactRules, ToneRules, PlainRules):
    """One check of one letter: run() applies every rule group in the order of wording.md."""

    def run(self) -> Report:
        self.flagged_words()
        self.relative_terms()
        self.a1_way_out()
        self.a2_contact()
        self.a3_help()
        if self.kind == "first-reminder":
            self.a4_municipality()
        self.a5_order()
        self.a6_one_date()
        self.a8_amounts()
        self.a9_a10_hints()
        self.b2_consequences()
        self.b6_capitals()
        self.b7_you()
        self.b8_greeting()
        self.c_sentences()
        self.c6_legal()
        self.c9_double_negation()
        self.c10_one_word()
        self.c13_abbreviations()
        score, words, sentences = self.readability()
        self.c7_c11_c12(score, words)
        findings = _dedupe(self.findings)
        ok = not any(f.severity == ERROR for f in findings)
        rounded = round(score, 1)
        return Report(ok=ok, readability=rounded, band=band(rounded), findings=findings, kind=self.kind,
                      words=words, sentences=sentences, delivery_days=self.delivery_days)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop repeats: the same rule on the same words, or two rules proposing the same fix for the same words
    (then the most severe stays). Different advice on the same words (caps and false urgency) both stay."""
    best: dict[tuple, Finding] = {}
    result: list[Finding] = []
    for finding in findings:
        if finding.whole_text:
            if not any(f.rule == finding.rule and f.message == finding.message and f.whole_text for f in result):
                result.append(finding)
            continue
        keys = [(finding.start, finding.end, "rule", finding.rule)]
        if finding.suggestion is not None:
            keys.append((finding.start, finding.end, "fix", finding.suggestion))
        current = next((best[k] for k in keys if k in best), None)
        if current is None:
            for k in keys:
                best[k] = finding
        elif SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[current.severity]:
            for k in [k for k, v in best.items() if v is current]:
                best[k] = finding
            for k in keys:
                best[k] = finding
    seen_ids = set()
    for finding in best.values():
        if id(finding) not in seen_ids:
            seen_ids.add(id(finding))
            result.append(finding)
    result.sort(key=lambda f: (not f.whole_text, f.start, SEVERITY_ORDER[f.severity], f.end, f.rule))
    return result


def check(text: str, *, kind: str = "letter", lexicon: Lexicon | None = None, template: str = "",
          delivery_days: int = DEFAULT_DELIVERY_DAYS) -> Report:
    """Check a Dutch letter. kind: 'letter', 'first-reminder' (adds A4: the offer to pass data to the
    municipality) or 'fourteen-day-letter' (B5: a term of at least 14 days). `template`: the template the text was
    made from; a few phrases are allowed in one template only (patterns.TEMPLATE_EXCEPTIONS). `delivery_days`: the
    admin's delivery days of a letter, from which a suggested 14-day deadline is counted."""
    if kind not in KINDS:
        raise ValidationError(f"Onbekend soort brief: {kind!r}. Kies uit: {', '.join(KINDS)}.")
    if not isinstance(text, str):
        raise ValidationError("De tekst van de brief ontbreekt.")
    return Checker(text, kind, lexicon or default_lexicon(), template, delivery_days).run()


def passes(text: str, kind: str = "letter") -> bool:
    """True when the letter has no error-severity finding (used by document generation)."""
    return check(text, kind=kind).ok
