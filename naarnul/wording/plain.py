"""Rules C: plain language (wording.md, C1-C4, C6, C7, C9-C13; C5 and C8 are word lists, flagged in base.py)."""

from __future__ import annotations

import re

from . import messages as msg
from .base import CheckerBase
from .patterns import DOTTED_RE, DOUBLE_NEGATION_RE, MIN_WORDS_FOR_SCORES, PARTICIPLE_RE
from .readability import MINIMUM, TARGET, band, flesch_douma, syllables
from .report import HINT, WARNING
from .text import Token

_ABBREVIATION_CACHE: dict[tuple[str, ...], re.Pattern] = {}


def _abbreviation_re(keys: tuple[str, ...]) -> re.Pattern:
    if keys not in _ABBREVIATION_CACHE:
        alternation = "|".join(re.escape(k) for k in keys) or r"(?!x)x"
        _ABBREVIATION_CACHE[keys] = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")
    return _ABBREVIATION_CACHE[keys]


class PlainRules(CheckerBase):
    def c_sentences(self) -> None:
        """C1 long sentences, C2 subordinate clauses, C3 passive voice, C4 many auxiliaries."""
        doc = self.doc
        subordinators = self.units_and_matches("subordinators")
        auxiliaries = self.units_and_matches("auxiliaries")
        passive = {e.phrase for e in self.lex.entries("passive_auxiliaries")}
        not_participles = {e.phrase for e in self.lex.entries("not_participles")}
        lengths = []
        for index, unit in enumerate(doc.units):
            if not unit.is_sentence:
                continue
            words = doc.words(unit)
            lengths.append(len(words))
            if len(words) > 20:
                self.add("C1", WARNING, msg.C1_LONG(len(words)), unit.start, unit.end)
            clauses = list(subordinators.get(index, []))
            tokens = doc.unit_tokens(unit)
            for k, token in enumerate(tokens):
                if token.text == "als" and k > 0:
                    clauses.append(token)
                elif token.text in ("dat", "die", "wat") and k > 0 and doc.norm[tokens[k - 1].end:token.start].strip() == ",":
                    clauses.append(token)
            if len(clauses) > 1:
                names = ", ".join(msg.q(doc.original_of(c.start, c.end)) for c in clauses[:3])
                self.add("C2", WARNING, msg.C2(names), unit.start, unit.end)
            aux = auxiliaries.get(index, [])
            if len(aux) >= 3:
                names = ", ".join(msg.q(doc.original_of(a.start, a.end)) for a in aux[:4])
                self.add("C4", WARNING, msg.C4(names), aux[0].start, aux[-1].end)
            self._passive(tokens, passive, not_participles)
        if len(lengths) >= 3 and sum(lengths) / len(lengths) > 12:
            average = sum(lengths) / len(lengths)
            self.add("C1", WARNING, msg.C1_AVERAGE(average), whole=True)

    def _passive(self, tokens: list[Token], passive: set[str], not_participles: set[str]) -> None:
        for k, token in enumerate(tokens):
            if token.text not in passive:
                continue
            window = [(j, tokens[j]) for j in range(k + 1, min(len(tokens), k + 9))]
            window += [(j, tokens[j]) for j in range(max(0, k - 3), k)]
            for j, other in window:
                word = other.text
                if j < k and not (word.startswith("ge") or word.endswith(("d", "en"))):
                    continue  # before the verb, "betaalt" is a present tense ("het bedrag dat u betaalt wordt …")
                if word not in not_participles and PARTICIPLE_RE.fullmatch(word):
                    a, b = (token, other) if j > k else (other, token)
                    found = self.doc.original_of(a.start, b.end)
                    self.add("C3", WARNING, msg.C3(found), a.start, b.end)
                    return  # one per sentence is enough to make the point

    def c6_legal(self) -> None:
        explained_units = self.units_with("explained_by")
        for number, match in enumerate(self.legal_matches, 1):
            found, use = self.found(match), match.entry.suggestion
            if number > 2:
                self.add("C6", WARNING, msg.C6_MANY(found, number, use), match.start, match.end, use)
                continue
            after = self.doc.norm[match.end:match.end + 3].lstrip()
            explained = self.unit_of(match) in explained_units or after.startswith(("(", ":"))
            if not explained:
                self.add("C6", HINT, msg.C6(found, use), match.start, match.end, use)

    def c9_double_negation(self) -> None:
        for match in DOUBLE_NEGATION_RE.finditer(self.doc.norm):
            found = self.doc.original_of(*match.span())
            self.add("C9", HINT, msg.C9(found), match.start(), match.end())

    def c10_one_word(self) -> None:
        preferred = self.present("arrears_preferred")
        others = self.present("arrears_other")
        first_phrase = None if preferred else (others[0].entry.phrase if others else None)
        for match in others:
            if match.entry.phrase == first_phrase:
                continue
            self.add("C10", HINT, msg.C10(self.found(match)), match.start, match.end, match.entry.suggestion)

    def c13_abbreviations(self) -> None:
        known = self.lex.abbreviations
        pattern = _abbreviation_re(tuple(sorted(known, key=len, reverse=True)))
        taken: list[tuple[int, int]] = []
        for match in pattern.finditer(self.doc.norm):
            key = match.group(0)
            self.add("C13", HINT, msg.C13(self.doc.original_of(*match.span()), known[key]), match.start(),
                     match.end(), known[key])
            taken.append(match.span())
        for match in DOTTED_RE.finditer(self.doc.norm):
            if any(a <= match.start() < b for a, b in taken):
                continue
            original = self.doc.original_of(*match.span())
            if original.islower():
                self.add("C13", HINT, msg.C13(original, None), match.start(), match.end())

    def readability(self) -> tuple[float, int, int]:
        sentences = self.doc.sentences
        if sentences:
            words = [w for unit in sentences for w in self.doc.words(unit)]
            count = len(sentences)
        else:
            words = self.doc.words()
            count = 1
        # syllables from the original spelling: the diaeresis in "geïnd" marks a syllable break
        self.word_syllables = [(w, syllables(self.doc.original_of(w.start, w.end))) for w in words]
        syllable_total = sum(n for _, n in self.word_syllables)
        return flesch_douma(len(words), count, syllable_total), len(words), len(sentences)

    def c7_c11_c12(self, score: float, words: int) -> None:
        if words >= MIN_WORDS_FOR_SCORES:
            long_words = [w for w, n in self.word_syllables if n >= 4]
            share = len(long_words) / words
            if share > 0.10:
                examples: list[str] = []
                for w in long_words:
                    word = self.doc.original_of(w.start, w.end)
                    if word.lower() not in (e.lower() for e in examples):
                        examples.append(word)
                self.add("C7", WARNING, msg.C7(share, examples[:3]), whole=True)
            rounded = round(score, 1)
            if rounded < MINIMUM:
                self.add("C12", WARNING, msg.C12(rounded, band(rounded), low=True), whole=True)
            elif rounded < TARGET:
                self.add("C12", HINT, msg.C12(rounded, band(rounded), low=False), whole=True)
        if words > 300:
            self.add("C11", WARNING, msg.C11_LONG(words), whole=True)
        help_matches = self.present("free_help")
        if help_matches and self.consequences():
            first = self.consequences()[0]
            if first.start < help_matches[0].start:
                self.add("C11", WARNING, msg.C11_ORDER(self.found(first)), first.start, first.end)
