"""The rules of wording.md (A contact and a way out, B tone, C plain language).

Every rule works on a `Doc` (normalised text, words, sentences) and adds findings with offsets in the original
text. Whole-letter rules about something missing (no phone number, no way out) use the span (0, 0).
Messages speak to the landlord ("u"), say what to change and why, in plain Dutch.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from naarnul.calendar import fourteen_day_deadline
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money

from .lexicon import PHRASE_LISTS, Lexicon, Match, default_lexicon
from .readability import MINIMUM, TARGET, band, flesch_douma, syllables
from .report import ERROR, HINT, SEVERITY_ORDER, WARNING, Finding, Report
from .phones import addresses, phone_spans
from .text import MONEY_RE, Doc, Token, analyse

KINDS = ("letter", "first-reminder", "fourteen-day-letter")

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "dec": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (rf"(?:(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_ALT})\.?(?:\s+(?P<y>\d{{4}}))?(?!\w)"
         rf"|(?P<d2>\d{{1,2}})[-/.](?P<m2>\d{{1,2}})[-/.](?P<y2>\d{{4}}|\d{{2}})(?![\w.]))")
DATE_RE = re.compile(r"(?<![\w.])" + _DATE)
_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
DEADLINE_RE = re.compile(
    r"\b(?P<word>voor|uiterlijk(?:\s+op)?|tot\s+en\s+met|t/m|niet\s+later\s+dan)\s+" + _WEEKDAY + _DATE)
_NUMBER_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
    "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "twintig": 20, "dertig": 30,
}
_N = r"(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_TIME_UNIT = r"(?P<unit>werkdagen|werkdag|kalenderdagen|dagen|dag|weken|week|uur)"
_AFTER = r"(?:\s+na\s+(?:dagtekening|ontvangst(?:\s+van\s+deze\s+(?:brief|aanmaning|herinnering))?|vandaag|de\s+datum\s+van\s+deze\s+brief))"
RELATIVE_RE = re.compile(
    rf"\bbinnen\s+(?:een\s+termijn\s+van\s+)?{_N}\s+{_TIME_UNIT}\b{_AFTER}?"
    rf"|\b(?:uiterlijk\s+)?{_N.replace('<n>', '<n2>')}\s+{_TIME_UNIT.replace('<unit>', '<unit2>')}{_AFTER}")
IBAN_RE = re.compile(r"(?<!\w)[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){3,7}(?:[ ]?[a-z0-9]{1,3})?(?!\w)")
HOURS_RE = re.compile(r"\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*(?:uur|u)\b|\btussen\s+\d{1,2}\s+en\s+\d{1,2}\b")
EXCLAMATION_RE = re.compile(r"[!?]*![!?¡]*")
DOUBLE_NEGATION_RE = re.compile(r"\b(?:niet|geen|nooit)\s+(?:on(?![tdz]|mid)[a-z]{4,}|zonder)\b")
DOTTED_RE = re.compile(r"(?<![\w.])(?:[a-z]{1,3}\.){2,}")
GOOD_AMOUNT_RE = re.compile(r"€[ \u00a0\u202f]\d{1,3}(?:\.\d{3})*,\d{2}")
_PARTICIPLE_RE = re.compile(
    r"(?:op|door|over|in|uit|af|aan|mee|terug|toe|na|bij|vast|weg|voor|samen|dicht|kwijt|ver|be|ont|her)?"
    r"ge[a-z]{2,}(?:d|t|n)"
    r"|(?:be|ver|ont|her|er)[a-z]{2,}(?:d|t|en)")
_POSTCODE_RE = re.compile(r"\d{4}")

# Which rule flags which word list from wording.yaml
FLAGGED_LISTS = {
    "relative_deadlines": ("A7", WARNING),
    "amount_phrases": ("A8", WARNING),
    "threats": ("B1", ERROR),
    "reproach": ("B3", ERROR),
    "power": ("B4", WARNING),
    "urgency": ("B5", ERROR),
    "third_person": ("B7", WARNING),
    "impersonal_greetings": ("B8", HINT),
    "cold_closings": ("B8", HINT),
    "officialese": ("C5", WARNING),
    "legal_terms": ("C6", HINT),
    "idioms": ("C8", HINT),
}

# Only judge length-based rules on texts long enough for the numbers to mean something.
MIN_WORDS_FOR_SCORES = 20
MIN_WORDS_FOR_LETTER_PARTS = 30
# From this many officialese words in one letter, C5 is an error (wording.md).
OFFICIALESE_ERROR_FROM = 3


def _q(text: str) -> str:
    """A quoted fragment for a message, on one line."""
    return "„" + " ".join(text.split()) + "”"


def _match_case(original: str, suggestion: str) -> str:
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


def parse_amount(digits: str) -> Decimal | None:
    """'1.234,56' / '1234,56' / '850' / '1,234.56' -> Decimal."""
    s = digits
    try:
        if "," in s and "." in s:
            if s.rfind(",") > s.rfind("."):
                whole, cents = s.rsplit(",", 1)
                whole = whole.replace(".", "")
            else:
                whole, cents = s.rsplit(".", 1)
                whole = whole.replace(",", "")
            return Decimal(f"{whole}.{cents}")
        for sep in (",", "."):
            if sep in s:
                whole, last = s.rsplit(sep, 1)
                if len(last) == 3 and sep == ".":  # Dutch thousands
                    return Decimal(s.replace(".", ""))
                if len(last) == 3 and whole.replace(sep, "").isdigit() and sep == ",":  # English thousands
                    return Decimal(s.replace(",", ""))
                return Decimal(f"{whole.replace('.', '').replace(',', '')}.{last}")
        return Decimal(s)
    except InvalidOperation:
        return None


class Checker:
    def __init__(self, text: str, kind: str, lexicon: Lexicon):
        self.text = text
        self.kind = kind
        self.lex = lexicon
        self.doc: Doc = analyse(text, lexicon.no_sentence_end)
        self.findings: list[Finding] = []
        self._presence: dict[str, list[Match]] = {}
        self._presence_done = False
        self.sentence_number = {}  # unit index -> 0-based number among real sentences
        for index, unit in enumerate(self.doc.units):
            if unit.is_sentence:
                self.sentence_number[index] = len(self.sentence_number)
        self.ibans = [m.span() for m in IBAN_RE.finditer(self.doc.norm)]  # bank numbers are no phone or shouting
        self.phones = phone_spans(self.doc.norm, skip=self.ibans)
        self.letter_date_span: tuple[int, int] | None = None
        self.letter_date = self._letter_date()
        self._unit_starts = [u.start for u in self.doc.units]

    # -- plumbing ---------------------------------------------------------------------------------------------------
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
            target = fourteen_day_deadline(self.letter_date) + dt.timedelta(days=1 + max(days - 14, 0))
        else:
            target = self.letter_date + dt.timedelta(days=max(days, 8) + 1)
        return "vóór " + format_date(target)

    # -- run --------------------------------------------------------------------------------------------------------
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
                      words=words, sentences=sentences)

    # -- word lists -------------------------------------------------------------------------------------------------
    def flagged_words(self) -> None:
        matcher = self.lex.matcher(*FLAGGED_LISTS)
        self.legal_matches: list[Match] = []
        self.threat_matches: list[Match] = []
        self.has_cold_closing = False
        exceptions = [(m.start, m.end) for m in self.present("urgency_exceptions")]
        officialese: list[int] = []
        for match in matcher.find(self.doc):
            name = match.entry.list_name
            if name == "urgency" and any(a <= match.start and match.end <= b for a, b in exceptions):
                continue  # "laatste kans" naming the last-chance agreement is no false urgency
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
                use = " ".join(_TO_INFORMAL.get(w, w) for w in use.split())
            message = _LIST_MESSAGES[name](found, use)
            if name == "officialese":
                officialese.append(len(self.findings))
            self.add(rule, severity, message, match.start, match.end, use)
        if len(officialese) >= OFFICIALESE_ERROR_FROM:
            for index in officialese:
                finding = self.findings[index]
                self.findings[index] = replace(finding, severity=ERROR,
                                               message=finding.message + _MSG_C5_MANY(len(officialese)))

    def relative_terms(self) -> None:
        """'binnen 14 dagen na dagtekening' (A7), and terms that are too short (B5)."""
        self.relative_spans: list[tuple[int, int]] = []
        for match in RELATIVE_RE.finditer(self.doc.norm):
            n_text = match.group("n") or match.group("n2")
            unit = match.group("unit") or match.group("unit2")
            n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS[n_text]
            days = {"uur": n / 24, "week": n * 7, "weken": n * 7}.get(unit, n)
            if unit.startswith("werkdag"):
                days = n * 7 / 5
            start, end = match.span()
            self.relative_spans.append((start, end))
            found = self.doc.original_of(start, end)
            suggestion = self.suggested_deadline(int(days))
            if self.kind == "fourteen-day-letter" and (days < 14 or "dagtekening" in match.group()):
                self.add("B5", ERROR, _too_short_14(found), start, end, suggestion)
            elif self.kind != "fourteen-day-letter" and days < 8:
                self.add("B5", WARNING, _too_short(found), start, end, suggestion)
            else:
                self.add("A7", WARNING, _MSG_RELATIVE(found), start, end, suggestion)
        # a listed phrase inside a recognised term ("na dagtekening") is already covered by it
        terms = [self.doc.span(a, b) for a, b in self.relative_spans]
        self.findings = [f for f in self.findings if not (
            f.rule == "A7" and any(a <= f.start and f.end <= b and (f.start, f.end) != (a, b) for a, b in terms))]

    # -- A ----------------------------------------------------------------------------------------------------------
    def a1_way_out(self) -> None:
        blocked_units = self.units_with("way_out_blockers")
        offers = [m.start for m in self.present("way_out") if self.unit_of(m) not in blocked_units]
        together = self.combination_units("way_out_together")
        offers += [self.doc.units[u].start for u in together if u not in blocked_units]
        self.first_offer = min(offers, default=None)
        if offers:
            return
        blockers = self.present("way_out_blockers")
        if blockers and (self.present("way_out") or together):
            m = blockers[0]
            self.add("A1", ERROR, _MSG_A1_BLOCKED(self.found(m)), m.start, m.end)
        else:
            self.add("A1", ERROR, _MSG_A1, whole=True)

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

    def a2_contact(self) -> None:
        if not self.phones:
            help_sites = tuple(e.phrase.rstrip("*") for e in self.lex.entries("help_websites"))
            written = addresses(self.doc.norm, help_sites)
            if written:
                start, end = written[0]
                self.add("A2", WARNING, _MSG_A2_ONLY_ADDRESS(self.doc.original_of(start, end)), start, end)
            else:
                self.add("A2", ERROR, _MSG_A2_PHONE, whole=True)
            return
        if not self._phone_next_to_someone() and not self.present("contact_person") and not self._signed_by_name():
            self.add("A2", ERROR, _MSG_A2_PERSON, whole=True)
            return
        if not self.present("contact_hours") and not HOURS_RE.search(self.doc.norm):
            self.add("A2", HINT, _MSG_A2_HOURS, whole=True)

    def _phone_next_to_someone(self) -> bool:
        """A name, a role ("team incasso", "uw contactpersoon") or a call verb ("bel", "app") in the sentence of a
        phone number, or in the one before or after it."""
        near = self.units_with("contact_roles") | self.units_with("contact_person")
        for start, _ in self.phones:
            unit = self._unit_index_at(start)
            if unit >= 0 and near & {unit - 1, unit, unit + 1}:
                return True
        return False

    def _signed_by_name(self) -> bool:
        """A name under the closing greeting: a line with a capital after 'groet'."""
        closings = self.present("closings")
        if not closings:
            return False
        after = self.unit_of(closings[-1]) + 1
        for unit in self.doc.units[after:after + 2]:
            words = self.doc.words(unit)
            if words and self.doc.original_of(words[0].start, words[0].end)[:1].isupper():
                return True
        return False

    def a3_help(self) -> None:
        if not self.present("free_help"):
            self.add("A3", WARNING, _MSG_A3, whole=True)

    def a4_municipality(self) -> None:
        municipal = self.units_with("municipality")
        offer_units = municipal & self.units_with("personal_data") & self.units_with("share_verbs")
        if not offer_units:
            self.add("A4", ERROR, _MSG_A4_OFFER, whole=True)
        if not self.present("refusal"):
            self.add("A4", ERROR, _MSG_A4_REFUSAL, whole=True)
        if municipal and not (municipal & self.units_with("help_words")):
            self.add("A4", ERROR, _MSG_A4_HELP, whole=True)
        collection_units = self.units_with("collection_words")
        for match in self.present("report_words"):
            if self.unit_of(match) in collection_units:
                self.add("A4", ERROR, _MSG_A4_SANCTION(self.found(match)), match.start, match.end)
                break

    def consequences(self) -> list[Match]:
        if not hasattr(self, "_consequences"):
            self._consequences = [m for m in self.present("consequences") if not self.negated(m)]
        return self._consequences

    def a5_order(self) -> None:
        threats = sorted(self.threat_matches + self.consequences(), key=lambda m: m.start)
        for match in threats:
            number = self.sentence_number.get(self.unit_of(match))
            early = number is not None and number < 2
            before_offer = self.first_offer is not None and match.start < self.first_offer
            if early or before_offer:
                where = "in de eerste zinnen" if early else "vóór de uitweg"
                self.add("A5", WARNING, _MSG_A5(self.found(match), where), match.start, match.end)
                return

    def a6_one_date(self) -> None:
        # the date to refuse the data-sharing offer ("Wilt u dat niet? Laat het mij vóór … weten.") is a separate,
        # required date: not a second action
        refusal_units = self.units_with("refusal")
        refusal_units |= {u + 1 for u in refusal_units}
        deadlines = []
        for match in DEADLINE_RE.finditer(self.doc.norm):
            if self._unit_index_at(match.start()) in refusal_units:
                continue
            deadlines.append(match)
        self._check_term_dates(deadlines)
        # any calendar date other than the letter's own counts as the date of the action ("Datum: 2 december")
        action_dates = [m for m in DATE_RE.finditer(self.doc.norm) if m.span() != self.letter_date_span]
        if not deadlines and not self.relative_spans and not action_dates:
            self.add("A6", WARNING, _MSG_A6_NONE, whole=True)
        if self.kind == "fourteen-day-letter" and not deadlines and not self.relative_spans:
            self.add("B5", ERROR, _MSG_B5_NO_TERM, whole=True)
        seen: dict[str, re.Match] = {}
        for match in deadlines:
            key = self._date_key(match)
            if seen and key not in seen:
                first = next(iter(seen.values()))
                dates = ", ".join(_q(self.doc.original_of(m.start(), m.end())) for m in (first, match))
                self.add("A6", WARNING, _MSG_A6_MANY(dates), match.start(), match.end())
                return
            seen.setdefault(key, match)

    def _unit_index_at(self, pos: int) -> int:
        index = bisect.bisect_right(self._unit_starts, pos) - 1
        if index >= 0 and pos < self.doc.units[index].end:
            return index
        return -1

    def _date_key(self, match: re.Match) -> str:
        day = self._date_of(match, self.letter_date)
        return day.isoformat() if day else " ".join(match.group(0).split()[1:])

    def _check_term_dates(self, deadlines: list[re.Match]) -> None:
        """B5 for calendar dates: the days between the letter date and the deadline."""
        if self.letter_date is None:
            return
        for match in deadlines:
            day = self._date_of(match, self.letter_date)
            if day is None:
                continue
            last_day = day - dt.timedelta(days=1) if match.group("word") == "voor" else day
            found = self.doc.original_of(match.start(), match.end())
            if self.kind == "fourteen-day-letter":
                term = (last_day - self.letter_date).days - 1  # counted from the day after receipt
                if term < 14:
                    self.add("B5", ERROR, _too_short_14_date(found, format_date(self.letter_date)),
                             match.start(), match.end(), self.suggested_deadline(14))
            else:
                term = (last_day - self.letter_date).days
                if term < 8:
                    self.add("B5", WARNING, _too_short(found), match.start(), match.end(),
                             self.suggested_deadline(8))

    def a8_amounts(self) -> None:
        amounts_per_unit: dict[int, list[tuple[int, int, Decimal | None]]] = {}
        for match in MONEY_RE.finditer(self.doc.norm):
            start, end = match.span()
            digits = match.group("a") or match.group("b")
            value = parse_amount(digits)
            original = self.doc.original_of(start, end)
            if not GOOD_AMOUNT_RE.fullmatch(original):
                suggestion = format_money(value) if value is not None and value < 10**12 else None
                if suggestion != original:
                    self.add("A8", WARNING, _MSG_A8_FORMAT(original), start, end, suggestion)
            amounts_per_unit.setdefault(self._unit_index_at(start), []).append((start, end, value))
        self._check_totals(amounts_per_unit)

    def _check_totals(self, amounts: dict[int, list[tuple[int, int, Decimal | None]]]) -> None:
        total_units = self.units_with("total_words")
        month_units = {i for i, unit in enumerate(self.doc.units)
                       if any(t.text in MONTHS for t in self.doc.unit_tokens(unit))}
        units = self.doc.units
        i = 0
        while i < len(units):
            run = []
            while i < len(units) and i in month_units and i in amounts and i not in total_units:
                run.append(i)
                i += 1
            if len(run) >= 2:
                total_unit = next((k for k in range(i, min(i + 2, len(units))) if k in total_units and k in amounts),
                                  None)
                items = [amounts[k][-1][2] for k in run]
                if total_unit is None:
                    # a total elsewhere (above the table) that matches is fine too
                    expected = sum((v for v in items if v is not None), Decimal(0))
                    totals = {amounts[k][-1][2] for k in total_units if k in amounts}
                    if expected not in totals:
                        start, end, _ = amounts[run[-1]][-1]
                        self.add("A8", WARNING, _MSG_A8_NO_TOTAL, start, end)
                elif all(v is not None for v in items):
                    start, end, total = amounts[total_unit][-1]
                    expected = sum(items, Decimal(0))
                    if total is not None and total != expected:
                        self.add("A8", WARNING, _MSG_A8_SUM(format_money(expected), format_money(total)),
                                 start, end, format_money(expected))
            if not run:
                i += 1

    def a9_a10_hints(self) -> None:
        if not self.present("normalising"):
            self.add("A9", HINT, _MSG_A9, whole=True)
        if not self.present("amount_wrong"):
            self.add("A10", HINT, _MSG_A10, whole=True)

    # -- B ----------------------------------------------------------------------------------------------------------
    def b2_consequences(self) -> None:
        matches = self.consequences()
        distinct: dict[str, Match] = {}
        for match in matches:
            distinct.setdefault(match.entry.phrase, match)
        if len(distinct) >= 3:
            third = list(distinct.values())[2]
            names = ", ".join(_q(self.found(m)) for m in list(distinct.values())[:4])
            self.add("B2", WARNING, _MSG_B2_STACK(names), third.start, third.end)
            return
        units: list[int] = []
        for match in matches:
            unit = self.unit_of(match)
            if unit not in units:
                units.append(unit)
            if len(units) == 3:
                self.add("B2", WARNING, _MSG_B2_REPEAT, match.start, match.end)
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
            self.add("B6", WARNING, _MSG_B6_CAPS(found), start, end, suggestion, match_case=False)
            group.clear()
            group_first.clear()

        for index, token in enumerate(tokens):
            shouting = False
            if (token.has_letter and len(token.text) >= 2 and self.text[self.doc.orig_start(token.start)].isupper()
                    and not any(c.isdigit() for c in token.text)):
                original = self.doc.original_of(token.start, token.end)
                if (original.isupper() and sum(c.isupper() for c in original) >= 2
                        and original not in self.lex.acronyms and not self.in_iban(token.start, token.end)):
                    postcode = (index > 0 and len(token.text) == 2 and _POSTCODE_RE.fullmatch(tokens[index - 1].text)
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
            self.add("B6", WARNING, _MSG_B6_EXCLAMATION, match.start(), match.end(), suggestion)

    def b7_you(self) -> None:
        formal, informal = self.present("you_formal"), self.present("you_informal")
        if not formal or not informal:
            return
        minority, mapping = ((informal, _TO_FORMAL) if len(formal) >= len(informal) else (formal, _TO_INFORMAL))
        for match in minority[:20]:
            word = self.doc.norm[match.start:match.end]
            self.add("B7", WARNING, _MSG_B7_MIXED(self.found(match)), match.start, match.end, mapping.get(word))

    def b8_greeting(self) -> None:
        if len(self.doc.words()) < MIN_WORDS_FOR_LETTER_PARTS:
            return
        greeting_words = {e.phrase for e in self.lex.entries("greetings")}
        has_greeting = any(self.doc.tokens[u.first_token].text in greeting_words
                           for u in self.doc.units if u.last_token > u.first_token)
        if not has_greeting:
            self.add("B8", HINT, _MSG_B8_NO_GREETING, whole=True)
        if not self.present("closings") and not self.has_cold_closing:
            self.add("B8", HINT, _MSG_B8_NO_CLOSING, whole=True)

    # -- C ----------------------------------------------------------------------------------------------------------
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
                self.add("C1", WARNING, _MSG_C1_LONG(len(words)), unit.start, unit.end)
            clauses = list(subordinators.get(index, []))
            tokens = doc.unit_tokens(unit)
            for k, token in enumerate(tokens):
                if token.text == "als" and k > 0:
                    clauses.append(token)
                elif token.text in ("dat", "die", "wat") and k > 0 and doc.norm[tokens[k - 1].end:token.start].strip() == ",":
                    clauses.append(token)
            if len(clauses) > 1:
                names = ", ".join(_q(doc.original_of(c.start, c.end)) for c in clauses[:3])
                self.add("C2", WARNING, _MSG_C2(names), unit.start, unit.end)
            aux = auxiliaries.get(index, [])
            if len(aux) >= 3:
                names = ", ".join(_q(doc.original_of(a.start, a.end)) for a in aux[:4])
                self.add("C4", WARNING, _MSG_C4(names), aux[0].start, aux[-1].end)
            self._passive(tokens, passive, not_participles)
        if len(lengths) >= 3 and sum(lengths) / len(lengths) > 12:
            average = sum(lengths) / len(lengths)
            self.add("C1", WARNING, _MSG_C1_AVERAGE(average), whole=True)

    def units_and_matches(self, name: str) -> dict[int, list]:
        per_unit: dict[int, list] = {}
        for match in self.present(name):
            per_unit.setdefault(self.unit_of(match), []).append(match)
        return per_unit

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
                if word not in not_participles and _PARTICIPLE_RE.fullmatch(word):
                    a, b = (token, other) if j > k else (other, token)
                    found = self.doc.original_of(a.start, b.end)
                    self.add("C3", WARNING, _MSG_C3(found), a.start, b.end)
                    return  # one per sentence is enough to make the point

    def c6_legal(self) -> None:
        explained_units = self.units_with("explained_by")
        for number, match in enumerate(self.legal_matches, 1):
            found, use = self.found(match), match.entry.suggestion
            if number > 2:
                self.add("C6", WARNING, _MSG_C6_MANY(found, number, use), match.start, match.end, use)
                continue
            after = self.doc.norm[match.end:match.end + 3].lstrip()
            explained = self.unit_of(match) in explained_units or after.startswith(("(", ":"))
            if not explained:
                self.add("C6", HINT, _MSG_C6(found, use), match.start, match.end, use)

    def c9_double_negation(self) -> None:
        for match in DOUBLE_NEGATION_RE.finditer(self.doc.norm):
            found = self.doc.original_of(*match.span())
            self.add("C9", HINT, _MSG_C9(found), match.start(), match.end())

    def c10_one_word(self) -> None:
        preferred = self.present("arrears_preferred")
        others = self.present("arrears_other")
        first_phrase = None if preferred else (others[0].entry.phrase if others else None)
        for match in others:
            if match.entry.phrase == first_phrase:
                continue
            self.add("C10", HINT, _MSG_C10(self.found(match)), match.start, match.end, match.entry.suggestion)

    def c13_abbreviations(self) -> None:
        known = self.lex.abbreviations
        pattern = _abbreviation_re(tuple(sorted(known, key=len, reverse=True)))
        taken: list[tuple[int, int]] = []
        for match in pattern.finditer(self.doc.norm):
            key = match.group(0)
            self.add("C13", HINT, _MSG_C13(self.doc.original_of(*match.span()), known[key]), match.start(),
                     match.end(), known[key])
            taken.append(match.span())
        for match in DOTTED_RE.finditer(self.doc.norm):
            if any(a <= match.start() < b for a, b in taken):
                continue
            original = self.doc.original_of(*match.span())
            if original.islower():
                self.add("C13", HINT, _MSG_C13(original, None), match.start(), match.end())

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
                examples = []
                for w in long_words:
                    word = self.doc.original_of(w.start, w.end)
                    if word.lower() not in (e.lower() for e in examples):
                        examples.append(word)
                self.add("C7", WARNING, _MSG_C7(share, examples[:3]), whole=True)
            rounded = round(score, 1)
            if rounded < MINIMUM:
                self.add("C12", WARNING, _MSG_C12(rounded, band(rounded), low=True), whole=True)
            elif rounded < TARGET:
                self.add("C12", HINT, _MSG_C12(rounded, band(rounded), low=False), whole=True)
        if words > 300:
            self.add("C11", WARNING, _MSG_C11_LONG(words), whole=True)
        help_matches = self.present("free_help")
        if help_matches and self.consequences():
            first = self.consequences()[0]
            if first.start < help_matches[0].start:
                self.add("C11", WARNING, _MSG_C11_ORDER(self.found(first)), first.start, first.end)


_ABBREVIATION_CACHE: dict[tuple[str, ...], re.Pattern] = {}


def _abbreviation_re(keys: tuple[str, ...]) -> re.Pattern:
    if keys not in _ABBREVIATION_CACHE:
        alternation = "|".join(re.escape(k) for k in keys) or r"(?!x)x"
        _ABBREVIATION_CACHE[keys] = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")
    return _ABBREVIATION_CACHE[keys]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop repeats: the same rule on the same words, or two rules proposing the same fix for the same words
    (then the most severe stays). Different advice on the same words (caps and false urgency) both stay."""
    best: dict[tuple, Finding] = {}
    result = []
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


def check(text: str, *, kind: str = "letter", lexicon: Lexicon | None = None) -> Report:
    """Check a Dutch letter. kind: 'letter', 'first-reminder' (adds A4: the offer to pass data to the
    municipality) or 'fourteen-day-letter' (B5: a term of at least 14 days)."""
    if kind not in KINDS:
        raise ValidationError(f"Onbekend soort brief: {kind!r}. Kies uit: {', '.join(KINDS)}.")
    if not isinstance(text, str):
        raise ValidationError("De tekst van de brief ontbreekt.")
    return Checker(text, kind, lexicon or default_lexicon()).run()


def passes(text: str, kind: str = "letter") -> bool:
    """True when the letter has no error-severity finding (used by document generation)."""
    return check(text, kind=kind).ok


# -- messages (Dutch, B1, to the landlord) ---------------------------------------------------------------------------
_TO_FORMAL = {"je": "u", "jij": "u", "jou": "u", "jouw": "uw", "jezelf": "uzelf"}
_TO_INFORMAL = {"u": "je", "uw": "je", "uzelf": "jezelf", "moet": "moet"}


def _with_use(use: str | None, fallback: str) -> str:
    return f"Schrijf liever {_q(use)}." if use else fallback


_LIST_MESSAGES = {
    "relative_deadlines": lambda f, u: _MSG_RELATIVE(f),
    "amount_phrases": lambda f, u: (f"{_q(f)} is ouderwets en maakt het bedrag minder duidelijk. "
                                    + _with_use(u, "Noem alleen het bedrag.")),
    "threats": lambda f, u: (f"{_q(f)} is een vage dreiging. Dat maakt mensen bang, en dan leggen ze de post weg. "
                             "Schrijf wat de huurder kan doen. Is een gevolg echt nodig, noem het dan één keer, "
                             "feitelijk, aan het eind van de brief."),
    "reproach": lambda f, u: (f"{_q(f)} klinkt als een verwijt. Door verwijten schamen mensen zich en reageren ze "
                              "niet. Schrijf feitelijk wat er open staat, bijvoorbeeld: „Er staat nog € 850,00 open.” "
                              + (_with_use(u, "") if u else "")).strip(),
    "power": lambda f, u: (f"{_q(f)} is machtstaal: het klinkt hard en afstandelijk. Vraag gewoon wat u wilt, "
                           "bijvoorbeeld „Wilt u … betalen?”. " + (_with_use(u, "") if u else "")).strip(),
    "urgency": lambda f, u: (f"{_q(f)} geeft valse haast. Onder druk kunnen mensen minder goed nadenken en "
                             "stellen ze contact uit. Noem een duidelijke datum die haalbaar is."),
    "third_person": lambda f, u: (f"{_q(f)} praat over de lezer in plaats van tegen de lezer. "
                                  + _with_use(u, "Spreek de lezer aan met „u”.") + " Dan voelt de brief persoonlijk."),
    "impersonal_greetings": lambda f, u: (f"{_q(f)} is een onpersoonlijke aanhef. Schrijf de naam, zoals "
                                          "„Beste meneer Jansen,”. Dan voelt de lezer zich aangesproken."),
    "cold_closings": lambda f, u: (f"{_q(f)} is een kil slot. Sluit warm af, met "
                                   "„Met vriendelijke groet,” en uw naam."),
    "officialese": lambda f, u: (f"{_q(f)} is ambtelijke taal. "
                                 + _with_use(u, "Schrijf het gewone woord, of noem het ding bij de naam.")
                                 + " Gewone woorden begrijpt iedereen, ook wie moe is of zich zorgen maakt."),
    "idioms": lambda f, u: (f"{_q(f)} is een uitdrukking. Niet iedereen begrijpt die, zeker niet als Nederlands "
                            "niet de eerste taal is. " + _with_use(u, "Zeg het letterlijk.")),
}


def _MSG_RELATIVE(found: str) -> str:
    return (f"{_q(found)} is een termijn zonder datum. Noem een datum, bijvoorbeeld „vóór 15 maart 2026”. "
            "Dan hoeft de huurder niet te rekenen.")


def _too_short_14(found: str) -> str:
    return (f"{_q(found)} is te kort. In een veertiendagenbrief krijgt de huurder minstens 14 dagen, gerekend "
            "vanaf de dag na ontvangst (niet vanaf de datum van de brief). Anders mag u geen incassokosten rekenen. "
            "Noem een datum met genoeg ruimte.")


def _too_short_14_date(found: str, letter_date: str) -> str:
    return (f"Tot {_q(found)} is minder dan 14 dagen na ontvangst van de brief van {letter_date}. "
            "In een veertiendagenbrief krijgt de huurder minstens 14 dagen, gerekend vanaf de dag na ontvangst. "
            "Anders mag u geen incassokosten rekenen. Kies een latere datum.")


def _too_short(found: str) -> str:
    return (f"{_q(found)} is korter dan 8 dagen. Dat is erg kort voor iemand met geldzorgen. "
            "Geef minstens een week, liever twee, en noem de datum.")


_MSG_B5_NO_TERM = ("In een veertiendagenbrief moet een betaaltermijn staan van minstens 14 dagen, met een datum. "
                   "Zonder die termijn mag u geen incassokosten rekenen.")
_MSG_A1 = ("Uw brief biedt geen uitweg. Schrijf wat de huurder kan doen als betalen niet lukt, bijvoorbeeld: "
           "„Lukt betalen niet? Bel mij, dan maken we samen een betalingsregeling.” Met een uitweg nemen mensen "
           "contact op, in plaats van de brief weg te leggen.")


def _MSG_A1_BLOCKED(found: str) -> str:
    return (f"Met {_q(found)} sluit u de uitweg af. Bied juist een regeling aan: „Lukt betalen niet? Bel mij, dan "
            "maken we samen een betalingsregeling.” Met een uitweg nemen mensen contact op.")


_MSG_A2_PHONE = ("Er staat geen telefoonnummer in uw brief. Zet uw naam en telefoonnummer erin, bijvoorbeeld "
                 "„Bel mij (Anna de Vries) op 06-12345678.” Wie weet wie hij kan bellen, belt eerder.")
def _MSG_A2_ONLY_ADDRESS(found: str) -> str:
    return (f"U noemt {_q(found)}, maar geen telefoonnummer. Niet iedereen leest mail of zoekt op internet. Zet er "
            "ook uw naam en telefoonnummer bij, bijvoorbeeld „Bel mij (Anna de Vries) op 06-12345678.”")


def _MSG_C5_MANY(number: int) -> str:
    return f" U gebruikt {number} ambtelijke woorden in deze brief; vanaf drie is dat een fout."


_MSG_A2_PERSON = ("Er staat wel een telefoonnummer in uw brief, maar niet wie de huurder aan de lijn krijgt. "
                  "Schrijf bijvoorbeeld „Bel mij, Anna de Vries, op 06-12345678.” Een persoon maakt de stap kleiner.")
_MSG_A2_HOURS = ("Tip: schrijf erbij wanneer u bereikbaar bent, en of de huurder ook kan appen. "
                 "Dan hoeft niemand te raden wanneer bellen kan.")
_MSG_A3 = ("U noemt geen gratis hulp. Noem de schuldhulp van de gemeente en geldfit.nl. Wie meer schulden heeft, "
           "krijgt zo sneller hulp, en dat helpt ook u.")
_MSG_A4_OFFER = ("In de eerste betalingsherinnering biedt u aan de naam en contactgegevens van de huurder aan de "
                 "gemeente door te geven, zodat de gemeente kan helpen. Dat is verplicht (Besluit gemeentelijke "
                 "schuldhulpverlening). Bijvoorbeeld: „Ik geef uw naam en telefoonnummer graag door aan de gemeente. "
                 "De gemeente helpt u gratis.”")
_MSG_A4_REFUSAL = ("Schrijf ook hoe de huurder kan weigeren dat u de gegevens doorgeeft, en vóór welke datum. "
                   "Bijvoorbeeld: „Wilt u dat niet? Laat het mij dan vóór 20 maart weten.” Zonder die keuze mag u de "
                   "gegevens niet doorgeven.")
_MSG_A4_HELP = ("Noem de gemeente als hulp, niet als straf. Schrijf wat de gemeente voor de huurder doet, "
                "bijvoorbeeld: „De gemeente helpt u gratis met geldzorgen.”")


def _MSG_A4_SANCTION(found: str) -> str:
    return (f"Hier staat {_q(found)} in één zin met incasso of deurwaarder. Zo lijkt het doorgeven aan de gemeente "
            "een straf. Schrijf dat de gemeente helpt, en noem incasso of deurwaarder niet in dezelfde zin.")


def _MSG_A5(found: str, where: str) -> str:
    return (f"{_q(found)} staat {where}. Begin met wat de huurder kan doen. Noem gevolgen pas daarna, één keer. "
            "Wie eerst een dreiging leest, leest vaak niet verder.")


_MSG_A6_NONE = ("Noem één duidelijke actie met één datum, bijvoorbeeld: „Betaal € 850,00 vóór 15 maart 2026, of bel "
                "mij.” Dan weet de huurder precies wat er moet gebeuren.")


def _MSG_A6_MANY(dates: str) -> str:
    return (f"U noemt meer dan één datum om iets te doen ({dates}). Kies één datum. Meer data maken het "
            "onduidelijk.")


def _MSG_A8_FORMAT(found: str) -> str:
    return (f"Schrijf het bedrag {_q(found)} als „€ 1.234,56”: met euroteken, een punt bij duizendtallen en een "
            "komma met twee cijfers. Dan is het bedrag meteen duidelijk.")


_MSG_A8_NO_TOTAL = "Zet onder de bedragen één totaalbedrag. Dan weet de huurder wat er in totaal open staat."


def _MSG_A8_SUM(expected: str, total: str) -> str:
    return (f"De bedragen hierboven tellen op tot {expected}, maar het totaal is {total}. Controleer de bedragen: "
            "een bedrag dat niet klopt, geeft onrust en discussie.")


_MSG_A9 = ("Tip: zet er een zin in die het gewoon maakt, zoals „Dat kan iedereen overkomen.” of „Misschien bent u "
           "het vergeten.” Dat haalt schaamte weg, zodat mensen makkelijker contact opnemen.")
_MSG_A10 = "Tip: schrijf wat de huurder kan doen als het bedrag niet klopt, bijvoorbeeld: „Klopt het bedrag niet? Bel mij.”"


def _MSG_B2_STACK(names: str) -> str:
    return (f"U noemt veel gevolgen ({names}). Een stapel dreigingen verlamt. Noem een gevolg hooguit één keer, "
            "feitelijk, na de mogelijkheden.")


_MSG_B2_REPEAT = ("U noemt gevolgen op meer plaatsen in de brief. Zet ze één keer bij elkaar, aan het eind, onder "
                  "„Wat gebeurt er als …”, in één of twee feitelijke zinnen.")


def _MSG_B6_CAPS(found: str) -> str:
    return f"{_q(found)} staat in hoofdletters. Dat leest als schreeuwen. Schrijf het in gewone letters."


_MSG_B6_EXCLAMATION = "Een uitroepteken klinkt als schreeuwen of boosheid. Gebruik een punt."


def _MSG_B7_MIXED(found: str) -> str:
    return (f"U gebruikt „u” en „je” door elkaar (hier: {_q(found)}). Kies één vorm en houd die vast, dan blijft "
            "de toon rustig.")


_MSG_B8_NO_GREETING = "Tip: begin met een persoonlijke aanhef met de naam, zoals „Beste meneer Jansen,”."
_MSG_B8_NO_CLOSING = "Tip: sluit af met een warme groet en uw naam, zoals „Met vriendelijke groet, Anna de Vries”."


def _MSG_C1_LONG(words: int) -> str:
    return (f"Deze zin heeft {words} woorden. Maak er twee of drie korte zinnen van (liefst 12 woorden, hooguit 20). "
            "Korte zinnen zijn makkelijker te lezen voor wie onder druk staat.")


def _MSG_C1_AVERAGE(average: float) -> str:
    shown = f"{average:.1f}".replace(".", ",")
    return (f"Uw zinnen zijn gemiddeld {shown} woorden lang. Probeer gemiddeld 12 woorden of minder: "
            "één boodschap per zin.")


def _MSG_C2(names: str) -> str:
    return f"Deze zin heeft meer dan één bijzin ({names}). Splits de zin: één gedachte per zin."


def _MSG_C3(found: str) -> str:
    return (f"{_q(found)} is een lijdende vorm: er staat niet wie iets doet. Schrijf het actief, bijvoorbeeld niet "
            "„Het bedrag wordt verhoogd”, maar „Ik verhoog het bedrag”.")


def _MSG_C4(names: str) -> str:
    return (f"Deze zin heeft veel hulpwerkwoorden ({names}). Schrijf directer, bijvoorbeeld „U betaalt …” in plaats "
            "van „U zou … moeten kunnen …”.")


def _MSG_C6(found: str, use: str | None) -> str:
    return (f"{_q(found)} is een juridisch woord. Leg het uit of gebruik gewone woorden"
            + (f", bijvoorbeeld {_q(use)}." if use else "."))


def _MSG_C6_MANY(found: str, number: int, use: str | None) -> str:
    return (f"{_q(found)} is al het {number}e juridische woord in uw brief. Gebruik er hooguit twee, en leg ze uit"
            + (f". Bijvoorbeeld: {_q(use)}." if use else "."))


def _MSG_C7(share: float, examples: list[str]) -> str:
    return (f"{share:.0%} van de woorden heeft vier of meer lettergrepen (bijvoorbeeld "
            f"{', '.join(_q(e) for e in examples)}). Houd dat onder de 10%: kies kortere woorden.")


def _MSG_C9(found: str) -> str:
    return f"{_q(found)} is een dubbele ontkenning. Schrijf het positief, dat is makkelijker te begrijpen."


def _MSG_C10(found: str) -> str:
    return (f"U noemt de huurachterstand ook {_q(found)}. Gebruik steeds hetzelfde woord, dan is duidelijk dat het "
            "om hetzelfde gaat.")


def _MSG_C11_LONG(words: int) -> str:
    return (f"Uw brief heeft {words} woorden. Houd het bij één A4 (ongeveer 300 woorden): hoe korter de brief, hoe "
            "meer er gelezen wordt.")


def _MSG_C11_ORDER(found: str) -> str:
    return (f"{_q(found)} staat vóór de hulp. Houd deze volgorde aan: wat staat er open, wat kunt u doen, hulp, en "
            "alleen als het nodig is: wat gebeurt er als.")


def _MSG_C12(score: float, label: str, *, low: bool) -> str:
    shown = f"{score:.1f}".replace(".", ",")
    if low:
        return (f"De leesbaarheid is {shown} ({label}). Zorg voor minstens 60, liefst 70: schrijf kortere zinnen "
                "en kortere woorden.")
    return f"Tip: de leesbaarheid is {shown} ({label}). Dat is goed; met kortere zinnen haalt u 70 of meer."


def _MSG_C13(found: str, use: str | None) -> str:
    return (f"{_q(found)} is een afkorting. " + (f"Schrijf het voluit: {_q(use)}." if use else "Schrijf het voluit.")
            + " Niet iedereen kent afkortingen.")
