"""Flesch-Douma readability for Dutch, with the syllable fix from wording.md.

RE = 206.835 − 0.93 × (words per sentence) − 77 × (syllables per word). pyphen's Dutch dictionary never splits a
one-letter syllable off a word edge (o-ver, i-dee, a-pril count as one), so each word counts
max(pyphen syllables, Dutch vowel groups). Only this formula is shown for Dutch text; English ones are not.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

_DICT = pyphen.Pyphen(lang="nl_NL")
# a vowel group; a vowel with a diaeresis (ï, ë) starts a new group: ge-ïnd, ide-ëen
_PLAIN = "aeiouyáéíóúàèìòùâêîôûåæø"
_VOWEL_GROUP_RE = re.compile(f"[äëïöüÿ{_PLAIN}][{_PLAIN}]*")

BANDS = ((80.0, "makkelijk"), (70.0, "vrij makkelijk"), (60.0, "normaal"))
TARGET = 70.0
MINIMUM = 60.0


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one word (at least 1)."""
    word = word.lower()
    vowel_groups = len(_VOWEL_GROUP_RE.findall(word))
    try:
        hyphenated = len(_DICT.positions(word)) + 1 if len(word) < 60 else 1
    except Exception:  # pyphen can trip over exotic characters; vowel groups still count
        hyphenated = 1
    return max(1, vowel_groups, hyphenated)


def flesch_douma(words: int, sentences: int, syllable_count: int) -> float:
    if words == 0:
        return 0.0
    sentences = max(1, sentences)
    return 206.835 - 0.93 * (words / sentences) - 77 * (syllable_count / words)


def band(score: float) -> str:
    """Dutch label of a readability score: moeilijk < 60 ≤ normaal < 70 ≤ vrij makkelijk < 80 ≤ makkelijk."""
    for lower, label in BANDS:
        if score >= lower:
            return label
    return "moeilijk"
