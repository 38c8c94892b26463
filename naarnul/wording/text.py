"""Normalised view of a letter: words, sentences and a way back to offsets in the original text.

All rules match on the normalised text (case-folded, accents and curly quotes removed, NFKC compatibility forms
folded), so "Vóór", "voor" and "VOOR" look the same to a word list. `Doc.span()` maps a normalised range back to
the exact characters of the original text, so a finding always points at what the landlord typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Quotes and dashes that look alike are folded to one form; line-separator characters become "\n".
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u00a0": " ",
}


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    if ch in _FOLD:
        return _FOLD[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # casefold can bring back combining marks (İ -> i + dot); drop those too
    out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
    return "".join(_FOLD.get(c, c) for c in out)


def normalise(text: str) -> str:
    """The normalised form of `text` that the word lists are matched against."""
    return _normalise_with_map(text)[0]


def _normalise_with_map(text: str) -> tuple[str, list[int] | None]:
    """Normalised text plus, per normalised character, the index of the original character it came from.

    ASCII text keeps its length (only lower-casing), so no map is needed: the fast path for most letters.
    """
    # length-preserving clean-up first: line breaks and the backtick
    text = text.replace("\r\n", " \n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    text = text.replace("`", "'")
    if text.isascii():
        return text.lower(), None
    pieces: list[str] = []
    source: list[int] = []
    for run in _RUN_RE.finditer(text):
        start, end = run.span()
        chunk = run.group()
        if chunk.isascii():
            pieces.append(chunk.lower())
            source.extend(range(start, end))
            continue
        piece = _fold_char(chunk)
        if piece:
            pieces.append(piece)
            source.extend([start] * len(piece))
    return "".join(pieces), source


_RUN_RE = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]", re.DOTALL)


WORD_RE = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_LETTER_RE = re.compile(r"[^\W\d_]")
# "- item", "• item", "1. item", "a) item"
_BULLET_RE = re.compile(r"[ \t]*(?:[-*\u2022\u00b7\u25aa\u25cf\u2013>]|\d{1,2}[.)]|[a-z][)])[ \t]+")
# at least two spaces or a tab between two non-space characters: a table row
_TABLE_RE = re.compile(r"\S(?:\t| {2,})\S")
MONEY_RE = re.compile(
    r"(?:€|\beur\b|\beuro\b)[ \t]*(?P<a>\d(?:[\d.,]*\d)?)(?P<dash>,-{1,2})?"
    r"|(?<![\w.,])(?P<b>\d(?:[\d.,]*\d)?)(?P<dash2>,-{1,2})?[ \t]*(?:euro|eur)\b"
)
_TERMINAL = ".!?"


@dataclass
class Token:
    start: int  # offsets in the normalised text
    end: int
    text: str  # normalised
    unit: int = -1  # index into Doc.units
    has_letter: bool = True


@dataclass
class Unit:
    """A sentence, a bullet item, or a fragment (address line, greeting, table row, heading)."""

    start: int
    end: int
    first_token: int
    last_token: int  # exclusive
    is_sentence: bool
    is_bullet: bool = False
    is_table: bool = False
    terminal: bool = False  # ends with . ! or ?


@dataclass
class Doc:
    original: str
    norm: str
    _source: list[int] | None
    tokens: list[Token] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    # -- offsets ------------------------------------------------------------------------------------------------
    def orig_start(self, pos: int) -> int:
        if self._source is None:
            return pos
        return self._source[pos] if pos < len(self._source) else len(self.original)

    def orig_end(self, pos: int) -> int:
        """Original offset just after the normalised character at pos-1 (plus any marks folded away after it)."""
        if pos <= 0:
            return 0
        if self._source is None:
            return pos
        end = self._source[pos - 1] + 1
        nxt = self._source[pos] if pos < len(self._source) else len(self.original)
        # characters that produced no output (combining marks) belong to the character before them
        while end < nxt and unicodedata.combining(self.original[end]):
            end += 1
        return end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised range to the original text."""
        a = self.orig_start(start)
        b = self.orig_end(end)
        return (a, max(a, b))

    def original_of(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]

    # -- helpers --------------------------------------------------------------------------------------------------
    def unit_tokens(self, unit: Unit) -> list[Token]:
        return self.tokens[unit.first_token:unit.last_token]

    def words(self, unit: Unit | None = None) -> list[Token]:
        tokens = self.tokens if unit is None else self.unit_tokens(unit)
        return [t for t in tokens if t.has_letter]

    @property
    def sentences(self) -> list[Unit]:
        return [u for u in self.units if u.is_sentence]


def _is_abbreviation_dot(doc: Doc, dot: int, no_end: frozenset[str]) -> bool:
    """A dot that does not end a sentence: initials (P.), dotted abbreviations (t.a.v.), known short forms (dhr.)."""
    norm = doc.norm
    k = dot
    while k > 0 and (norm[k - 1].isalpha()):
        k -= 1
    word = norm[k:dot]
    if not word:
        return False
    if word in no_end:
        return True
    if len(word) == 1:  # an initial ("P. Jansen"), but "Ik bel u." ends a sentence
        letter = doc.original[doc.orig_start(k)]
        return letter.isupper() and letter != "U"

    if k > 0 and norm[k - 1] == "." and len(word) <= 3:  # last part of a dotted abbreviation
        return True
    return False


def _split_units(doc: Doc, no_end: frozenset[str]) -> None:
    norm, original = doc.norm, doc.original
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in norm.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1

    # Join wrapped lines into paragraphs; bullets, table rows and blank lines stay apart.
    blocks: list[tuple[int, int, bool, bool]] = []  # start, end, is_bullet, is_table
    current = False
    for a, b in lines:
        text = norm[a:b]
        stripped = text.strip()
        if not stripped:
            current = False
            continue
        bullet = _BULLET_RE.match(text) is not None and len(WORD_RE.findall(text)) > 0
        table = _TABLE_RE.search(text.strip()) is not None
        line_start = a + (len(text) - len(text.lstrip()))
        line_end = a + len(text.rstrip())
        can_join = (
            current
            and not bullet and not table
            and not blocks[-1][2] and not blocks[-1][3]
            and norm[blocks[-1][1] - 1] not in _TERMINAL + ":,;"
            and original[doc.orig_start(line_start)].islower()
        )
        if can_join:
            blocks[-1] = (blocks[-1][0], line_end, False, False)
        else:
            blocks.append((line_start, line_end, bullet, table))
        current = True

    for a, b, bullet, table in blocks:
        start = a
        i = a
        while i < b:
            ch = norm[i]
            if ch in _TERMINAL:
                j = i
                while j < b and norm[j] in _TERMINAL + "\"')":
                    j += 1
                ends = j >= b or norm[j].isspace()
                if ends and ch == "." and _is_abbreviation_dot(doc, i, no_end):
                    # "dhr. Jansen", "t.a.v. de heer": an abbreviation ends a sentence only at the end of a paragraph
                    ends = j >= b
                if ends:
                    _add_unit(doc, start, j, bullet, table, terminal=True)
                    start = j
                i = j
                continue
            i += 1
        if start < b and norm[start:b].strip():
            _add_unit(doc, start, b, bullet, table, terminal=False)


def _add_unit(doc: Doc, start: int, end: int, bullet: bool, table: bool, *, terminal: bool) -> None:
    text = doc.norm[start:end]
    lead = len(text) - len(text.lstrip())
    start += lead
    end = start + len(text.strip())
    if end <= start:
        return
    doc.units.append(Unit(start, end, 0, 0, is_sentence=False, is_bullet=bullet, is_table=table, terminal=terminal))


def analyse(text: str, no_sentence_end: frozenset[str] = frozenset()) -> Doc:
    norm, source = _normalise_with_map(text)
    doc = Doc(text, norm, source)
    _split_units(doc, no_sentence_end)
    # tokens, each tagged with its unit
    unit_index = 0
    units = doc.units
    for match in WORD_RE.finditer(norm):
        s, e = match.span()
        while unit_index < len(units) and units[unit_index].end <= s:
            unit_index += 1
        inside = unit_index < len(units) and units[unit_index].start <= s
        doc.tokens.append(Token(s, e, match.group(), unit_index if inside else -1,
                                _LETTER_RE.search(match.group()) is not None))
    # token ranges per unit, then decide which units are sentences
    t = 0
    for unit in units:
        while t < len(doc.tokens) and doc.tokens[t].end <= unit.start:
            t += 1
        unit.first_token = t
        while t < len(doc.tokens) and doc.tokens[t].start < unit.end:
            t += 1
        unit.last_token = t
        words = sum(1 for tok in doc.tokens[unit.first_token:unit.last_token] if tok.has_letter)
        money = MONEY_RE.search(norm, unit.start, unit.end) is not None
        terminal = unit.terminal
        if words == 0:
            unit.is_sentence = False
        elif (money or unit.is_table) and words <= 8 and not terminal:
            unit.is_sentence = False  # an amount line or table row is not a sentence
        else:
            unit.is_sentence = terminal or unit.is_bullet or words >= 8
    return doc
