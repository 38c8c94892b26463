"""The ground every rule group stands on: the analysed letter, the findings so far, the word lists found in it,
the date of the letter, and the rules that flag words from the lists (A7, A8, B1, B3-B5, B7, B8, C5, C6, C8).

The rule groups (contact.py, tone.py, plain.py) are mixins on `CheckerBase`; rules.py puts them together.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace

from naarnul.calendar import DEFAULT_DELIVERY_DAYS, fourteen_day_deadline
from naarnul.formatting import format_date

from . import messages as msg
from .lexicon import PHRASE_LISTS, Lexicon, Match
from .patterns import (
    DATE_RE,
    DEADLINE_RE,
    FLAGGED_LISTS,
    IBAN_RE,
    MONTHS,
    NUMBER_WORDS,
    OFFICIALESE_ERROR_FROM,
    RELATIVE_RE,
    TEMPLATE_EXCEPTIONS,
)
from .phones import phone_spans
from .report import ERROR, WARNING, Finding
from .text import Doc, analyse


def _match_case(original: str, suggestion: str) -> str:
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


class CheckerBase:
    def __init__(self, text: str, kind: str, lexicon: Lexicon, template: str = "",
                 delivery_days: int = DEFAULT_DELIVERY_DAYS):
        self.text = text
        self.delivery_days = delivery_days  # the admin's setting: when the 14-day term starts to run
        self.kind = kind
        self.template = template  # the template the text was made from (TEMPLATE_EXCEPTIONS), or ""
        self.lex = lexicon
        self.doc: Doc = analyse(text, lexicon.no_sentence_end)
        self.findings: list[Finding] = []
        self._presence: dict[str, list[Match]] = {}
        self._presence_done = False
        self.sentence_number: dict[int, int] = {}  # unit index -> 0-based number among real sentences
        for index, unit in enumerate(self.doc.units):
            if unit.is_sentence:
                self.sentence_number[index] = len(self.sentence_number)
        self.ibans = [m.span() for m in IBAN_RE.finditer(self.doc.norm)]  # bank numbers are no phone or shouting
        self.phones = phone_spans(self.doc.norm, skip=self.ibans)
        self.letter_date_span: tuple[int, int] | None = None
        self.letter_date = self._letter_date()
        self._unit_starts = [u.start for u in self.doc.units]

    def add(self, rule: str, severity: str, message: str, start: int = 0, end: int = 0,
            suggestion: str | None = None, *, whole: bool = False, match_case: bool = True) -> None:
        """Add a finding; start/end are normalised offsets (ignored when whole=True)."""
        if whole:
            a = b = 0
        else:
            a, b = self.doc.span(start, end)
            if suggestion is not None and match_case:
                suggestion = _match_case(self.text[a:b], suggestion)
        self.findings.append(Finding(rule, severity, message, a, b, suggestion))

    def present(self, name: str) -> list[Match]:
        """Matches of a presence list ('is there a way out?'), all lists found in one pass."""
        if not self._presence_done:
            names = [n for n in PHRASE_LISTS if n not in FLAGGED_LISTS]
            self._presence = self.lex.matcher(*names).find_each_list(self.doc)
            self._presence_done = True
        return self._presence.get(name, [])

    def _informal(self) -> bool:
        """The letter mostly says "je" instead of "u": suggestions follow that choice."""
        return len(self.present("you_informal")) > len(self.present("you_formal"))

    def unit_of(self, match: Match) -> int:
        return self.doc.tokens[match.first].unit

    def units_with(self, name: str) -> set[int]:
        return {self.unit_of(m) for m in self.present(name)}

    def found(self, match: Match) -> str:
        return self.doc.original_of(match.start, match.end)

    def negated(self, match: Match) -> bool:
        """'geen extra kosten', 'zonder deurwaarder': the word is negated by one of the two words before it."""
        negations = {e.phrase for e in self.lex.entries("negations_before")}
        tokens = self.doc.tokens
        unit = tokens[match.first].unit
        for k in (match.first - 1, match.first - 2):
            if k >= 0 and tokens[k].unit == unit and tokens[k].text in negations:
                return True
        return False

    def in_iban(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.ibans)

    def _letter_date(self) -> dt.date | None:
        """The date of the letter: a date with a year on a line before the first sentence (or after 'Datum')."""
        for unit in self.doc.units:
            if unit.is_sentence and not self.doc.norm.startswith("datum", unit.start):
                break  # the letter date stands above the first sentence
            deadlines = [m.span() for m in DEADLINE_RE.finditer(self.doc.norm, unit.start, unit.end)]
            for match in DATE_RE.finditer(self.doc.norm, unit.start, unit.end):
                if any(a <= match.start() < b for a, b in deadlines):
                    continue  # "vóór 4 december 2026" is a deadline, not the date of the letter
                day = self._date_of(match, None)
                if day and (match.group("y") or match.group("y2")):
                    self.letter_date_span = match.span()
                    return day
        return None

    @staticmethod
    def _date_of(match: re.Match, reference: dt.date | None) -> dt.date | None:
        try:
            if match.group("d"):
                day, month = int(match.group("d")), MONTHS[match.group("m")]
                year_text = match.group("y")
            else:
                day, month = int(match.group("d2")), int(match.group("m2"))
                year_text = match.group("y2")
            if year_text:
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            elif reference:
                year = reference.year
            else:
                return None
            found = dt.date(year, month, day)
            if not year_text and reference and found < reference:
                found = dt.date(year + 1, month, day)
            return found
        except (ValueError, KeyError):
            return None

    def suggested_deadline(self, days: int) -> str:
        if self.letter_date is None:
            return "vóór [datum]"
        if self.kind == "fourteen-day-letter":
            # the one 14-day term (naarnul.calendar): "vóór" the day after its last day; a longer term runs on
            target = fourteen_day_deadline(self.letter_date, self.delivery_days) + dt.timedelta(days=1 + max(days - 14, 0))
        else:
            target = self.letter_date + dt.timedelta(days=max(days, 8) + 1)
        return "vóór " + format_date(target)

    def _unit_index_at(self, pos: int) -> int:
        index = bisect.bisect_right(self._unit_starts, pos) - 1
        if index >= 0 and pos < self.doc.units[index].end:
            return index
        return -1

    def units_and_matches(self, name: str) -> dict[int, list]:
        per_unit: dict[int, list] = {}
        for match in self.present(name):
            per_unit.setdefault(self.unit_of(match), []).append(match)
        return per_unit

    def consequences(self) -> list[Match]:
        if not hasattr(self, "_consequences"):
            self._consequences = [m for m in self.present("consequences") if not self.negated(m)]
        return self._consequences

    def combination_units(self, name: str) -> list[int]:
        """Units (sentences) in which every part of a combination entry occurs; a question just before counts."""
        index = self.lex.combinations.get(name)
        if index is None or not index.combinations:
            return []
        doc = self.doc
        per_unit: list[set[tuple[int, int]]] = [set() for _ in doc.units]
        for token in doc.tokens:
            if token.unit >= 0:
                per_unit[token.unit] |= index.parts_of(token.text)
        if index.phone_parts:
            for start, _ in self.phones:
                unit = self._unit_index_at(start)
                if unit >= 0:
                    per_unit[unit] |= index.phone_parts
        found = []
        for number, present in enumerate(per_unit):
            if not present:
                continue
            if number > 0 and doc.norm[doc.units[number - 1].end - 1:doc.units[number - 1].end] == "?":
                present = present | per_unit[number - 1]
            if index.satisfied(present):
                found.append(number)
        return found

    def flagged_words(self) -> None:
        matcher = self.lex.matcher(*FLAGGED_LISTS)
        self.legal_matches: list[Match] = []
        self.threat_matches: list[Match] = []
        self.has_cold_closing = False
        exceptions = [(m.start, m.end) for m in self.present("urgency_exceptions")]
        allowed = {flagged: [(m.start, m.end) for m in self.present(phrases)]
                   for flagged, phrases in TEMPLATE_EXCEPTIONS.get(self.template, {}).items()}
        officialese: list[int] = []
        for match in matcher.find(self.doc):
            name = match.entry.list_name
            if name == "urgency" and any(a <= match.start and match.end <= b for a, b in exceptions):
                continue  # "laatste kans" naming the last-chance agreement is no false urgency
            if any(a <= match.start and match.end <= b for a, b in allowed.get(name, [])):
                continue  # allowed in this template only (TEMPLATE_EXCEPTIONS)
            rule, severity = FLAGGED_LISTS[name]
            found = self.found(match)
            use = match.entry.suggestion
            if name == "legal_terms":
                self.legal_matches.append(match)
                continue  # judged in c6_legal: it depends on how many there are
            if name == "threats":
                self.threat_matches.append(match)
            if name == "cold_closings":
                self.has_cold_closing = True
            if name == "third_person" and use and self._informal():
                use = " ".join(msg.TO_INFORMAL.get(w, w) for w in use.split())
            message = msg.LIST_MESSAGES[name](found, use)
            if name == "officialese":
                officialese.append(len(self.findings))
            self.add(rule, severity, message, match.start, match.end, use)
        if len(officialese) >= OFFICIALESE_ERROR_FROM:
            for index in officialese:
                finding = self.findings[index]
                self.findings[index] = replace(finding, severity=ERROR,
                                               message=finding.message + msg.C5_MANY(len(officialese)))

    def relative_terms(self) -> None:
        """'binnen 14 dagen na dagtekening' (A7), and terms that are too short (B5)."""
        self.relative_spans: list[tuple[int, int]] = []
        for match in RELATIVE_RE.finditer(self.doc.norm):
            n_text = match.group("n") or match.group("n2")
            unit = match.group("unit") or match.group("unit2")
            n = int(n_text) if n_text.isdigit() else NUMBER_WORDS[n_text]
            days = {"uur": n / 24, "week": n * 7, "weken": n * 7}.get(unit, n)
            if unit.startswith("werkdag"):
                days = n * 7 / 5
            start, end = match.span()
            self.relative_spans.append((start, end))
            found = self.doc.original_of(start, end)
            suggestion = self.suggested_deadline(int(days))
            if self.kind == "fourteen-day-letter" and (days < 14 or "dagtekening" in match.group()):
                self.add("B5", ERROR, msg.too_short_14(found), start, end, suggestion)
            elif self.kind != "fourteen-day-letter" and days < 8:
                self.add("B5", WARNING, msg.too_short(found), start, end, suggestion)
            else:
                self.add("A7", WARNING, msg.RELATIVE(found), start, end, suggestion)
        # a listed phrase inside a recognised term ("na dagtekening") is already covered by it
        terms = [self.doc.span(a, b) for a, b in self.relative_spans]
        self.findings = [f for f in self.findings if not (
            f.rule == "A7" and any(a <= f.start and f.end <= b and (f.start, f.end) != (a, b) for a, b in terms))]
