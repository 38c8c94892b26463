"""What the check returns: findings and the report around them."""

from __future__ import annotations

from dataclasses import dataclass, field

from naarnul.calendar import DEFAULT_DELIVERY_DAYS

ERROR, WARNING, HINT = "error", "warning", "hint"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, HINT: 2}
SEVERITY_LABEL = {ERROR: "fout", WARNING: "waarschuwing", HINT: "tip"}

# rule letter -> category used for colouring: A contact and a way out, B tone, C plain language
CATEGORIES = {"A": "contact", "B": "toon", "C": "taal"}
CATEGORY_LABEL = {"contact": "Contact en uitweg", "toon": "Toon", "taal": "Eenvoudige taal"}

VERDICT_OK = "stress-sensitief"
VERDICT_NOT_YET = "nog niet"


@dataclass(frozen=True)
class Finding:
    """One thing to change. `start`/`end` index the original text; start == end == 0 means the whole letter
    (something is missing, such as a phone number, so there are no words to point at)."""

    rule: str
    severity: str
    message: str
    start: int
    end: int
    suggestion: str | None = None

    @property
    def category(self) -> str:
        return CATEGORIES[self.rule[0]]

    @property
    def whole_text(self) -> bool:
        return self.start == self.end

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }


@dataclass
class Report:
    """`readability` is the Flesch-Douma score over the real sentences (address lines, greetings and amount rows
    are not sentences); a text without sentence punctuation counts as one sentence; a text without words scores 0.
    `band` is its Dutch label. Findings are sorted: whole-letter findings first, then by position."""

    ok: bool
    readability: float
    band: str
    findings: list[Finding] = field(default_factory=list)
    kind: str = "letter"
    words: int = 0
    sentences: int = 0
    delivery_days: int = DEFAULT_DELIVERY_DAYS  # what the check counted a suggested deadline with

    @property
    def verdict(self) -> str:
        """'stress-sensitief' when there is no error-severity finding, else 'nog niet'."""
        return VERDICT_OK if self.ok else VERDICT_NOT_YET

    def by_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.by_severity(ERROR)

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "readability": self.readability,
            "findings": [f.to_dict() for f in self.findings],
        }


def apply_suggestion(text: str, finding: Finding) -> str:
    """The text with the finding's span replaced by its suggestion (unchanged when there is no suggestion)."""
    if finding.suggestion is None or finding.whole_text:
        return text
    return text[: finding.start] + finding.suggestion + text[finding.end:]
