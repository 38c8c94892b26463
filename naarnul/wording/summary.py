"""The one line a report starts with: what matters most in this letter, in plain Dutch for the landlord.

Contact and a way out weigh more than tone, and tone more than plain language (wording.md: plain language alone
does little), so the headline names the first error in that order, then the first warning; readability comes last.
"""

from __future__ import annotations

from .report import WARNING, Finding, Report

# Most important first. Rules not listed rank after these, in the order A, B, C.
PRIORITY = ("A1", "A2", "A4", "B1", "B3", "B5", "A5", "B4", "B2", "C5", "A3", "A6", "A7", "A8", "B6", "B7", "C6",
            "C1", "C12")

_ERROR_LINES = {
    "A1": "Er staat geen uitweg in uw brief.",
    "A4": "De eerste herinnering mist het aanbod om de huurder door te verwijzen naar de gemeente.",
    "B1": "Uw brief dreigt: daar worden mensen bang van.",
    "B3": "Uw brief klinkt als een verwijt.",
    "B5": "Uw brief geeft te weinig tijd of valse haast.",
    "C5": "Uw brief heeft veel ambtelijke taal.",
}
_WARNING_LINES = {
    "A2": "Zet er ook een telefoonnummer bij, niet alleen een e-mailadres of website.",
    "A3": "Noem nog gratis hulp, zoals de gemeente en geldfit.nl.",
    "A5": "Zet de uitweg vóór de gevolgen.",
    "B2": "Noem minder gevolgen, en pas na de mogelijkheden.",
    "B4": "Vraag wat u wilt, zonder machtstaal.",
    "C1": "Maak de zinnen korter.",
    "C5": "Vervang de ambtelijke woorden door gewone woorden.",
    "C12": "Maak de brief makkelijker te lezen.",
}


def _rank(finding: Finding) -> tuple[int, str]:
    return (PRIORITY.index(finding.rule) if finding.rule in PRIORITY else len(PRIORITY), finding.rule)


def _error_line(finding: Finding) -> str:
    if finding.rule == "A1" and not finding.whole_text:
        return "Uw brief sluit de uitweg af."
    if finding.rule == "A2":
        if "wel een telefoonnummer" in finding.message:
            return "Er staat niet in wie de huurder aan de lijn krijgt."
        return "Er staat geen telefoonnummer in uw brief."
    return _ERROR_LINES.get(finding.rule, finding.message.split(". ")[0].rstrip(".") + ".")


def headline(report: Report) -> str:
    """'Er staat geen uitweg in uw brief (en nog 3 andere fouten).' — or what to look at next in a good letter."""
    errors = sorted(report.errors, key=_rank)
    if errors:
        line = _error_line(errors[0])
        others = len({(f.rule, f.start, f.end) for f in errors[1:]})
        if others:
            line = line[:-1] + f" (en nog {others} {'andere fout' if others == 1 else 'andere fouten'})."
        return line
    warnings = sorted(report.by_severity(WARNING), key=_rank)
    for finding in warnings:
        if finding.rule in _WARNING_LINES:
            return "Uw brief is stress-sensitief. Nog een verbetering: " + _lower_first(_WARNING_LINES[finding.rule])
    if warnings:
        return "Uw brief is stress-sensitief. Bekijk de waarschuwingen hieronder."
    return "Uw brief is stress-sensitief."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]

