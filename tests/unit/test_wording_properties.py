"""Properties of the wording check that must hold for any text (hypothesis)."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naarnul.wording import apply_suggestion, check, load_lexicon
from naarnul.wording.highlight import to_html
from naarnul.wording.rules import FLAGGED_LISTS
from naarnul.wording.text import normalise

LETTERS = Path(__file__).parent / "letters"
KINDS = st.sampled_from(["letter", "first-reminder", "fourteen-day-letter"])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_spans_sane(text: str, report) -> None:
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text), f
        if f.whole_text:
            assert (f.start, f.end) == (0, 0)
        else:
            marked = text[f.start:f.end]
            assert marked.strip(), f  # never an empty or blank mark
            assert marked == marked.strip() or not marked[0].isspace(), f


@FAST
@given(st.text(max_size=3000), KINDS)
def test_never_crashes_and_spans_stay_inside_any_unicode_text(text, kind):
    report = check(text, kind=kind)
    assert isinstance(report.readability, float)
    assert report.ok == (not report.errors)
    assert_spans_sane(text, report)
    to_html(text, report.findings)


def test_empty_and_blank_texts():
    for text in ("", " ", "\n\n\n", "\u200b", "€", "!!!"):
        report = check(text)
        assert not report.ok  # no way out and no contact: never "stress-sensitief"
        assert_spans_sane(text, report)


def test_a_100k_character_text_is_checked():
    letter = (LETTERS / "harsh.txt").read_text(encoding="utf-8")
    big = (letter * (100_000 // len(letter) + 1))[:100_000]
    report = check(big)
    assert_spans_sane(big, report)
    assert len([f for f in report.findings if f.rule == "C5"]) > 100
    rng = random.Random(4)
    noise = "".join(chr(rng.choice([rng.randint(32, 0x7E), rng.randint(0xA0, 0x2FFF)])) for _ in range(100_000))
    assert_spans_sane(noise, check(noise))


# phrases the word lists flag, with the rule that must mark exactly them
LEXICON = load_lexicon()
FLAGGED = sorted(
    (entry.phrase, FLAGGED_LISTS[name][0])
    for name in FLAGGED_LISTS
    for entry in LEXICON.entries(name)
    if not any(sign in entry.phrase for sign in "()*#!") and name != "legal_terms"
)
FILLER = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Lo")), min_size=1, max_size=8)


def _styled(phrase: str, style: int) -> str:
    return [phrase, phrase.upper(), phrase.title(), f"‘{phrase}’"][style]


@FAST
@given(st.lists(FILLER, max_size=6), st.sampled_from(FLAGGED), st.integers(0, 3), st.lists(FILLER, max_size=6))
def test_spans_point_at_the_matched_words(before, item, style, after):
    phrase, rule = item
    shown = _styled(phrase, style)
    text = " ".join(before + [shown] + after) + "."
    start = text.index(shown) + (1 if style == 3 else 0)
    report = check(text)
    assert_spans_sane(text, report)
    spans = {(f.start, f.end) for f in report.findings if f.rule == rule}
    assert (start, start + len(phrase)) in spans, (text, rule, report.findings)
    assert normalise(text[start:start + len(phrase)]) == normalise(phrase)


# material for letters full of fixable findings
FIXABLE = [e.phrase for name in FLAGGED_LISTS for e in LEXICON.entries(name)
           if e.suggestion and not any(sign in e.phrase for sign in "()*#!")]
PIECES = st.one_of(
    st.sampled_from(FIXABLE),
    st.sampled_from(["LET OP", "NU", "!", "?!", "€850,-", "1.234,5 euro", "binnen 5 dagen", "binnen 14 dagen na dagtekening",
                     "t.a.v.", "i.v.m.", "je", "u", "Bel mij op 06-12345678", "vóór 4 december 2026",
                     "huurachterstand", "openstaande post", "gemeente", "Utrecht, 3 december 2026\n"]),
    FILLER,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=14), st.lists(st.sampled_from([" ", ". ", "\n", ", "]), min_size=14,
                                                            max_size=14), KINDS)
def test_applying_a_suggestion_removes_that_finding(pieces, separators, kind):
    text = "".join(p + s for p, s in zip(pieces, separators))
    report = check(text, kind=kind)
    for finding in report.findings:
        if finding.suggestion is None:
            continue
        fixed = apply_suggestion(text, finding)
        region = (finding.start, finding.start + len(finding.suggestion))
        again = [g for g in check(fixed, kind=kind).findings
                 if g.rule == finding.rule and not g.whole_text and g.start < region[1] and region[0] < g.end
                 and (g.start, g.end) != (finding.start, finding.end) or
                 (g.rule == finding.rule and (g.start, g.end) == (finding.start, finding.start + len(finding.suggestion))
                  and g.message == finding.message)]
        assert not again, (text, finding, again)
