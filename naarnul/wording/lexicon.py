"""Word and phrase lists from naarnul/data/wording.yaml, and a fast matcher for them.

Phrases are matched word by word on the normalised text (see text.py), so spacing, line breaks, capitals, accents
and punctuation between words do not matter. The longest phrase wins where phrases overlap. Pattern syntax (also
explained at the top of the YAML file):

    (word)      optional word; (a|b) optional choice      zonder (nadere|verdere) aankondiging
    word*       any word that starts with "word"          nalatig*
    *           exactly one word, any                     lukt * niet
    #           one number                                binnen # dagen
    !word       (last) the next word must not be "word"   voldoen !aan

Combination lists (`way_out_together`) hold entries like "samen + oplossing*|kijk*": every part (split by "+") must
occur somewhere in one sentence, in any order; a part is a choice of words ("|"), each a word or a prefix ("word*");
"#telefoon" stands for a phone number in that sentence. A question just before the sentence counts with it
("Kun je niet betalen? Bel ons."). Phrases in the presence lists also get their "je/jij" forms from the mapping
`informal_variants` ("kunt u niet" also finds "kun je niet").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
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
MAPPINGS = {"abbreviations", "informal_variants"}
COMBINATIONS = {"way_out_together"}
PHRASE_LISTS |= {"urgency_exceptions", "contact_roles", "help_websites"}
# allowed only in one template (naarnul.wording.patterns.TEMPLATE_EXCEPTIONS)
PHRASE_LISTS |= {"last_chance_names"}
# presence lists whose "u" phrases also stand for their "je/jij" forms
INFORMAL_LISTS = {"way_out", "way_out_blockers", "refusal", "normalising", "amount_wrong", "contact_person",
                  "help_words"}
PHONE_GROUP = "#telefoon"


class LexiconError(ValueError):
    """The YAML file has a mistake; the message says where (Dutch, for whoever edits the file)."""


@dataclass(frozen=True)
class Entry:
    list_name: str
    phrase: str  # as written in the YAML file
    suggestion: str | None


@dataclass(frozen=True)
class Spec:
    kind: str  # "word", "prefix", "any", "number", "not"; "phone" only in combinations
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


@dataclass(frozen=True)
class Combination:
    """Parts that must all occur in one sentence, in any order; each part is a choice of specs (word or prefix),
    or the phone-number marker."""

    entry: Entry
    parts: tuple[tuple[Spec, ...], ...]


class CombinationIndex:
    """Which parts of which combinations each word stands for, so a letter is scanned once."""

    def __init__(self, combinations: list[Combination]):
        self.combinations = combinations
        self.exact: dict[str, set[tuple[int, int]]] = {}
        self.prefix: dict[str, set[tuple[int, int]]] = {}
        self.phone_parts: set[tuple[int, int]] = set()
        for c, combination in enumerate(combinations):
            for p, choices in enumerate(combination.parts):
                for spec in choices:
                    if spec.kind == "phone":
                        self.phone_parts.add((c, p))
                    else:
                        table = self.exact if spec.kind == "word" else self.prefix
                        table.setdefault(spec.value, set()).add((c, p))
        self.prefix_lengths = sorted({len(k) for k in self.prefix})
        self._cache: dict[str, frozenset[tuple[int, int]]] = {}

    def parts_of(self, word: str) -> frozenset[tuple[int, int]]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(self._cache) > 50_000:
            self._cache.clear()
        found = set(self.exact.get(word, ()))
        for length in self.prefix_lengths:
            if length <= len(word):
                found |= self.prefix.get(word[:length], set())
        result = frozenset(found)
        self._cache[word] = result
        return result

    def satisfied(self, present: set[tuple[int, int]]) -> bool:
        return any(all((c, p) in present for p in range(len(combination.parts)))
                   for c, combination in enumerate(self.combinations))


@dataclass
class Lexicon:
    lists: dict[str, list[tuple[tuple[Spec, ...], Entry]]]
    acronyms: frozenset[str]
    no_sentence_end: frozenset[str]
    abbreviations: dict[str, str | None]
    _matchers: dict[tuple[str, ...], Matcher]
    combinations: dict[str, CombinationIndex] = field(default_factory=dict)

    def matcher(self, *names: str) -> Matcher:
        """One matcher over the given lists together (cached)."""
        key = tuple(sorted(names))
        if key not in self._matchers:
            self._matchers[key] = Matcher([item for name in key for item in self.lists.get(name, [])])
        return self._matchers[key]

    def entries(self, name: str) -> list[Entry]:
        return [entry for _, entry in self.lists.get(name, [])]


def _informal_forms(phrase: str, variants: dict[tuple[str, ...], list[str]]) -> list[str]:
    """'kunt u * niet' -> ['kun je * niet', 'kan je * niet', ...] using the longest mapped word run first."""
    words = phrase.split()
    pieces: list[list[str]] = []
    i = 0
    changed = False
    while i < len(words):
        for size in (3, 2, 1):
            key = tuple(normalise(w) for w in words[i:i + size])
            if len(key) == size and key in variants:
                pieces.append(variants[key])
                i += size
                changed = True
                break
        else:
            pieces.append([words[i]])
            i += 1
    if not changed:
        return []
    return [form for form in (" ".join(combo) for combo in itertools.product(*pieces)) if form != phrase]


def _combinations_of(name: str, raw: object) -> list[Combination]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise LexiconError(f"Lijst '{name}' moet een lijst zijn (regels die met '- ' beginnen).")
    combinations = []
    for number, item in enumerate(raw, 1):
        where = f"lijst '{name}', regel {number}"
        if not isinstance(item, str) or "+" not in item:
            raise LexiconError(f"{where}: schrijf woorden die samen in één zin moeten staan met '+' ertussen, "
                               "bijvoorbeeld '- samen + oplossing*|kijk*'.")
        parts = []
        for part in item.split("+"):
            choices: list[Spec] = []
            for choice in part.split("|"):
                choice = choice.strip()
                if choice == PHONE_GROUP:
                    choices.append(Spec("phone"))
                elif choice.endswith("*") and len(choice) > 1 and " " not in choice:
                    choices.append(Spec("prefix", normalise(choice[:-1])))
                elif choice and " " not in choice and WORD_RE.fullmatch(normalise(choice)):
                    choices.append(Spec("word", normalise(choice)))
                else:
                    raise LexiconError(f"{where}: '{choice}' moet één woord zijn (of woord*, of {PHONE_GROUP}).")
            parts.append(tuple(choices))
        combinations.append(Combination(Entry(name, item, None), tuple(parts)))
    return combinations


def _entries_of(name: str, raw: object,
                variants: dict[tuple[str, ...], list[str]] | None = None) -> list[tuple[tuple[Spec, ...], Entry]]:
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
            for informal in _informal_forms(variant, variants or {}):
                items.append((_parse(informal, where), entry))
    return items


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Read and check a wording YAML file. Raises LexiconError with a Dutch message on a mistake."""
    path = Path(path) if path is not None else DATA_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: het bestand moet uit lijsten met een naam bestaan.")
    unknown = set(data) - PHRASE_LISTS - WORD_LISTS - MAPPINGS - COMBINATIONS
    if unknown:
        raise LexiconError(f"{path.name}: onbekende lijst(en) {', '.join(sorted(unknown))}. "
                           f"Controleer de spelling van de naam.")
    variants = _variants_of(data.get("informal_variants"))
    lists = {name: _entries_of(name, data.get(name), variants if name in INFORMAL_LISTS else None)
             for name in PHRASE_LISTS}
    abbreviations = {}
    for key, value in (data.get("abbreviations") or {}).items():
        abbreviations[normalise(str(key))] = None if value is None else str(value)
    return Lexicon(
        lists=lists,
        acronyms=frozenset(str(w) for w in data.get("acronyms") or []),
        no_sentence_end=frozenset(normalise(str(w)) for w in data.get("no_sentence_end") or []),
        abbreviations=abbreviations,
        _matchers={},
        combinations={name: CombinationIndex(_combinations_of(name, data.get(name))) for name in COMBINATIONS},
    )


def _variants_of(raw: object) -> dict[tuple[str, ...], list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise LexiconError("Lijst 'informal_variants' moet regels hebben als '  kunt u: [kun je, kan je]'.")
    variants: dict[tuple[str, ...], list[str]] = {}
    for key, value in raw.items():
        forms = value if isinstance(value, list) else [value]
        words = tuple(WORD_RE.findall(normalise(str(key))))
        if not words or not all(isinstance(f, str) and f.strip() for f in forms):
            raise LexiconError(f"informal_variants: '{key}' moet een of meer je-vormen hebben.")
        variants[words] = [str(key)] + [str(f) for f in forms]
    return variants


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
