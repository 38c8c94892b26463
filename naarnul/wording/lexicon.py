"""Word and phrase lists from naarnul/data/wording.yaml, and a fast matcher for them.

Phrases are matched word by word on the normalised text (see text.py), so spacing, line breaks, capitals, accents
and punctuation between words do not matter. The longest phrase wins where phrases overlap. Pattern syntax (also
explained at the top of the YAML file):

    (word)      optional word; (a|b) optional choice      zonder (nadere|verdere) aankondiging
    word*       any word that starts with "word"          nalatig*
    *           exactly one word, any                     lukt * niet
    #           one number                                binnen # dagen
    !word       (last) the next word must not be "word"   voldoen !aan
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .text import WORD_RE, Doc, normalise

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "wording.yaml"

# Every list the checker reads; a key in the YAML file that is not here is a typo.
PHRASE_LISTS = {
    "way_out", "way_out_blockers", "contact_person", "contact_hours", "free_help",
    "municipality", "personal_data", "share_verbs", "refusal", "help_words", "report_words", "collection_words",
    "consequences", "negations_before", "relative_deadlines", "normalising", "amount_wrong", "total_words",
    "threats", "reproach", "power", "urgency", "third_person", "you_formal", "you_informal",
    "impersonal_greetings", "cold_closings", "greetings", "closings",
    "subordinators", "auxiliaries", "passive_auxiliaries", "not_participles",
    "officialese", "legal_terms", "explained_by", "idioms", "arrears_preferred", "arrears_other", "amount_phrases",
}
WORD_LISTS = {"acronyms", "no_sentence_end"}
MAPPINGS = {"abbreviations"}


class LexiconError(ValueError):
    """The YAML file has a mistake; the message says where (Dutch, for whoever edits the file)."""


@dataclass(frozen=True)
class Entry:
    list_name: str
    phrase: str  # as written in the YAML file
    suggestion: str | None


@dataclass(frozen=True)
class Spec:
    kind: str  # "word", "prefix", "any", "number", "not"
    value: str = ""


@dataclass
class Match:
    first: int  # token indexes, last exclusive
    last: int
    start: int  # normalised offsets
    end: int
    entry: Entry


_ALT_RE = re.compile(r"\(([^()]*)\)")


def _expand(phrase: str) -> list[str]:
    """'zonder (nadere|verdere) aankondiging' -> the three phrases it stands for."""
    parts = _ALT_RE.split(phrase)
    choices = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            choices.append([part])
        else:
            choices.append([""] + [alt.strip() for alt in part.split("|")])
    return [" ".join("".join(combo).split()) for combo in itertools.product(*choices)]


def _parse(pattern: str, where: str) -> tuple[Spec, ...]:
    specs: list[Spec] = []
    pieces = pattern.split()
    for index, piece in enumerate(pieces):
        if piece == "*":
            specs.append(Spec("any"))
        elif piece == "#":
            specs.append(Spec("number"))
        elif piece.startswith("!"):
            if index != len(pieces) - 1:
                raise LexiconError(f"{where}: '!woord' mag alleen als laatste woord staan.")
            specs.append(Spec("not", normalise(piece[1:])))
        elif piece.endswith("*") and len(piece) > 1:
            specs.append(Spec("prefix", normalise(piece[:-1])))
        else:
            specs.extend(Spec("word", w) for w in WORD_RE.findall(normalise(piece)))
    if not specs or specs[0].kind not in ("word", "prefix"):
        raise LexiconError(f"{where}: een zinsdeel moet met een gewoon woord beginnen (niet met *, # of !).")
    return tuple(specs)


class Matcher:
    """Finds phrases of one or more lists in a Doc; indexed by first word so a letter is scanned once."""

    def __init__(self, entries: list[tuple[tuple[Spec, ...], Entry]]):
        # longest first, so "tot op heden" beats "heden"
        ordered = sorted(entries, key=lambda item: (-sum(s.kind != "not" for s in item[0]), -len(item[1].phrase)))
        self._exact: dict[str, list] = {}
        self._prefix: dict[str, list] = {}
        for specs, entry in ordered:
            first = specs[0]
            table = self._exact if first.kind == "word" else self._prefix
            table.setdefault(first.value, []).append((specs, entry))
        self._prefix_lengths = sorted({len(p) for p in self._prefix}, reverse=True)
        self._cache: dict[str, list] = {}

    def _candidates(self, word: str) -> list:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(self._cache) > 50_000:  # random input must not grow memory without bound
            self._cache.clear()
        found = list(self._exact.get(word, ()))
        for length in self._prefix_lengths:
            if length <= len(word):
                found.extend(self._prefix.get(word[:length], ()))
        if len(found) > 1:
            found.sort(key=lambda item: (-sum(s.kind != "not" for s in item[0]), -len(item[1].phrase)))
        self._cache[word] = found
        return found

    @staticmethod
    def _match_at(doc: Doc, i: int, specs: tuple[Spec, ...]) -> int | None:
        tokens = doc.tokens
        unit = tokens[i].unit
        j = i
        for spec in specs:
            if spec.kind == "not":
                if j < len(tokens) and tokens[j].unit == unit and tokens[j].text == spec.value:
                    return None
                continue
            if j >= len(tokens) or tokens[j].unit != unit:
                return None
            word = tokens[j].text
            if spec.kind == "word" and word != spec.value:
                return None
            if spec.kind == "prefix" and not word.startswith(spec.value):
                return None
            if spec.kind == "number" and not word.isdigit():
                return None
            j += 1
        return j

    def find(self, doc: Doc, *, start: int = 0, end: int | None = None) -> list[Match]:
        """Non-overlapping matches between token indexes start and end."""
        tokens = doc.tokens
        end = len(tokens) if end is None else end
        found: list[Match] = []
        i = start
        while i < end:
            hit = None
            for specs, entry in self._candidates(tokens[i].text):
                last = self._match_at(doc, i, specs)
                if last is not None and last <= end:
                    hit = Match(i, last, tokens[i].start, tokens[last - 1].end, entry)
                    break
            if hit:
                found.append(hit)
                i = hit.last
            else:
                i += 1
        return found

    def find_each_list(self, doc: Doc) -> dict[str, list[Match]]:
        """Matches per list in one pass; non-overlapping within a list, lists may overlap each other."""
        tokens = doc.tokens
        found: dict[str, list[Match]] = {}
        busy_until: dict[str, int] = {}
        for i, token in enumerate(tokens):
            done: set[str] = set()
            for specs, entry in self._candidates(token.text):
                name = entry.list_name
                if name in done or busy_until.get(name, 0) > i:
                    continue
                last = self._match_at(doc, i, specs)
                if last is not None:
                    found.setdefault(name, []).append(Match(i, last, token.start, tokens[last - 1].end, entry))
                    busy_until[name] = last
                    done.add(name)
        return found


@dataclass
class Lexicon:
    lists: dict[str, list[tuple[tuple[Spec, ...], Entry]]]
    acronyms: frozenset[str]
    no_sentence_end: frozenset[str]
    abbreviations: dict[str, str | None]
    _matchers: dict[tuple[str, ...], Matcher]

    def matcher(self, *names: str) -> Matcher:
        """One matcher over the given lists together (cached)."""
        key = tuple(sorted(names))
        if key not in self._matchers:
            self._matchers[key] = Matcher([item for name in key for item in self.lists.get(name, [])])
        return self._matchers[key]

    def entries(self, name: str) -> list[Entry]:
        return [entry for _, entry in self.lists.get(name, [])]


def _entries_of(name: str, raw: object) -> list[tuple[tuple[Spec, ...], Entry]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise LexiconError(f"Lijst '{name}' moet een lijst zijn (regels die met '- ' beginnen).")
    items = []
    for number, item in enumerate(raw, 1):
        where = f"lijst '{name}', regel {number}"
        if isinstance(item, dict) and len(item) == 1:
            phrase, suggestion = next(iter(item.items()))
        elif isinstance(item, (str, int)):
            phrase, suggestion = item, None
        else:
            raise LexiconError(f"{where}: schrijf '- woord' of '- woord: alternatief'.")
        phrase = str(phrase).strip()
        if suggestion is not None:
            suggestion = str(suggestion).strip() or None
        if not phrase:
            raise LexiconError(f"{where}: leeg woord.")
        entry = Entry(name, phrase, suggestion)
        for variant in _expand(phrase):
            items.append((_parse(variant, where), entry))
    return items


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Read and check a wording YAML file. Raises LexiconError with a Dutch message on a mistake."""
    path = Path(path) if path is not None else DATA_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: het bestand moet uit lijsten met een naam bestaan.")
    unknown = set(data) - PHRASE_LISTS - WORD_LISTS - MAPPINGS
    if unknown:
        raise LexiconError(f"{path.name}: onbekende lijst(en) {', '.join(sorted(unknown))}. "
                           f"Controleer de spelling van de naam.")
    lists = {name: _entries_of(name, data.get(name)) for name in PHRASE_LISTS}
    abbreviations = {}
    for key, value in (data.get("abbreviations") or {}).items():
        abbreviations[normalise(str(key))] = None if value is None else str(value)
    return Lexicon(
        lists=lists,
        acronyms=frozenset(str(w) for w in data.get("acronyms") or []),
        no_sentence_end=frozenset(normalise(str(w)) for w in data.get("no_sentence_end") or []),
        abbreviations=abbreviations,
        _matchers={},
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
