"""Phone numbers, e-mail addresses and web addresses in a letter (rule A2).

Candidates are found with a loose pattern (any Dutch notation: 06-…, 06 …, (020) …, +31 6 …, 0800 …, 085 …, with
spaces, dots, dashes or brackets) and then confirmed with the phonenumbers library, so a date, an amount or a bank
number is not taken for a phone number. Works on the normalised text (dashes folded to "-").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers

_CANDIDATE_RE = re.compile(r"(?<![\w+])(?:\+|00|\(0|0)[\d \t.\-()/]{6,22}\d(?!\d)")
_DIGITS_RE = re.compile(r"\d")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ANY_SITE_RE = re.compile(r"https?://|www\.|\.(?:nl|be|com|org|eu)\b")
WEBSITE_RE = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[\w.-]+(?:/\S*)?|(?<![\w@/.-])[a-z0-9-]+\.(?:nl|be|com|org|eu)\b(?![@\w])")


def phone_spans(norm: str, skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of every valid phone number in the normalised text, leaving out the ranges in `skip` (bank
    numbers)."""
    spans = []
    for match in _CANDIDATE_RE.finditer(norm):
        text = match.group()
        digits = len(_DIGITS_RE.findall(text))
        if not 8 <= digits <= 15:
            continue
        start, end = match.span()
        if any(a <= start < b for a, b in skip):
            continue
        if _valid(text):
            spans.append((start, end))
            continue
        # "06 1234 5678 (ma-vr)" swallowed a bracket or trailing digits: try the shorter runs inside it
        for inner in re.finditer(r"(?:\+|00|\(0|0)[\d \t.\-()/]{6,}?\d(?=\D|$)", text):
            if _valid(inner.group()):
                spans.append((start + inner.start(), start + inner.end()))
                break
    return spans


def _valid(text: str) -> bool:
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def addresses(norm: str, help_sites: tuple[str, ...]) -> list[tuple[int, int]]:
    """E-mail addresses and web addresses, leaving out the sites of free help (geldfit.nl is no contact)."""
    found = [m.span() for m in EMAIL_RE.finditer(norm)] if "@" in norm else []
    if not _ANY_SITE_RE.search(norm):
        return found
    for match in WEBSITE_RE.finditer(norm):
        host = match.group().split("//")[-1].removeprefix("www.")
        if any(a <= match.start() < b for a, b in found):
            continue
        if not host.startswith(help_sites):
            found.append(match.span())
    return found
