"""Rules B: tone (wording.md, B2, B6-B8; the word-list rules B1, B3-B5 are in base.py)."""

from __future__ import annotations

from . import messages as msg
from .base import CheckerBase
from .lexicon import Match
from .patterns import EXCLAMATION_RE, MIN_WORDS_FOR_LETTER_PARTS, POSTCODE_RE
from .report import HINT, WARNING
from .text import Token


class ToneRules(CheckerBase):
    def b2_consequences(self) -> None:
        matches = self.consequences()
        distinct: dict[str, Match] = {}
        for match in matches:
            distinct.setdefault(match.entry.phrase, match)
        if len(distinct) >= 3:
            third = list(distinct.values())[2]
            names = ", ".join(msg.q(self.found(m)) for m in list(distinct.values())[:4])
            self.add("B2", WARNING, msg.B2_STACK(names), third.start, third.end)
            return
        units: list[int] = []
        for match in matches:
            unit = self.unit_of(match)
            if unit not in units:
                units.append(unit)
            if len(units) == 3:
                self.add("B2", WARNING, msg.B2_REPEAT, match.start, match.end)
                return

    def b6_capitals(self) -> None:
        tokens = self.doc.tokens
        group: list[Token] = []
        group_first: list[int] = []  # token index of group[0]

        def flush() -> None:
            if not group:
                return
            start, end = group[0].start, group[-1].end
            found = self.doc.original_of(start, end)
            suggestion = found.lower()
            unit_index = group[0].unit
            if 0 <= unit_index < len(self.doc.units) and self.doc.units[unit_index].first_token == group_first[0]:
                suggestion = suggestion[:1].upper() + suggestion[1:]
            self.add("B6", WARNING, msg.B6_CAPS(found), start, end, suggestion, match_case=False)
            group.clear()
            group_first.clear()

        for index, token in enumerate(tokens):
            shouting = False
            if (token.has_letter and len(token.text) >= 2 and self.text[self.doc.orig_start(token.start)].isupper()
                    and not any(c.isdigit() for c in token.text)):
                original = self.doc.original_of(token.start, token.end)
                if (original.isupper() and sum(c.isupper() for c in original) >= 2
                        and original not in self.lex.acronyms and not self.in_iban(token.start, token.end)):
                    postcode = (index > 0 and len(token.text) == 2 and POSTCODE_RE.fullmatch(tokens[index - 1].text)
                                is not None)
                    shouting = not postcode
            if shouting and group and (group[-1].unit != token.unit or
                                       self.doc.norm[group[-1].end:token.start].strip()):
                flush()
            if shouting:
                if not group:
                    group_first[:] = [index]
                group.append(token)
            else:
                flush()
        flush()
        for match in EXCLAMATION_RE.finditer(self.doc.norm):
            suggestion = "?" if "?" in match.group() else "."
            self.add("B6", WARNING, msg.B6_EXCLAMATION, match.start(), match.end(), suggestion)

    def b7_you(self) -> None:
        formal, informal = self.present("you_formal"), self.present("you_informal")
        if not formal or not informal:
            return
        minority, mapping = ((informal, msg.TO_FORMAL) if len(formal) >= len(informal) else (formal, msg.TO_INFORMAL))
        for match in minority[:20]:
            word = self.doc.norm[match.start:match.end]
            self.add("B7", WARNING, msg.B7_MIXED(self.found(match)), match.start, match.end, mapping.get(word))

    def b8_greeting(self) -> None:
        if len(self.doc.words()) < MIN_WORDS_FOR_LETTER_PARTS:
            return
        greeting_words = {e.phrase for e in self.lex.entries("greetings")}
        has_greeting = any(self.doc.tokens[u.first_token].text in greeting_words
                           for u in self.doc.units if u.last_token > u.first_token)
        if not has_greeting:
            self.add("B8", HINT, msg.B8_NO_GREETING, whole=True)
        if not self.present("closings") and not self.has_cold_closing:
            self.add("B8", HINT, msg.B8_NO_CLOSING, whole=True)
