"""What the rules look for beyond the word lists: dates, terms, amounts and other patterns, the kinds of letter,
which word list belongs to which rule, and the thresholds."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .report import ERROR, HINT, WARNING

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
NUMBER_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
    "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "twintig": 20, "dertig": 30,
}
_N = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
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
PARTICIPLE_RE = re.compile(
    r"(?:op|door|over|in|uit|af|aan|mee|terug|toe|na|bij|vast|weg|voor|samen|dicht|kwijt|ver|be|ont|her)?"
    r"ge[a-z]{2,}(?:d|t|n)"
    r"|(?:be|ver|ont|her|er)[a-z]{2,}(?:d|t|en)")
POSTCODE_RE = re.compile(r"\d{4}")

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

# Phrases a flagged list does not flag in one template only: template name -> {flagged list: allowed-phrase list}.
# "laatste kans" in the last-chance agreement (template last_chance) is the name of that agreement (wording.md B5),
# not false urgency; in any other letter it still is.
TEMPLATE_EXCEPTIONS: dict[str, dict[str, str]] = {
    "last_chance": {"urgency": "last_chance_names"},
}

# Only judge length-based rules on texts long enough for the numbers to mean something.
MIN_WORDS_FOR_SCORES = 20
MIN_WORDS_FOR_LETTER_PARTS = 30
# From this many officialese words in one letter, C5 is an error (wording.md).
OFFICIALESE_ERROR_FROM = 3


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
