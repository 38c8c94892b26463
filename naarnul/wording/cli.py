"""`naarnul check FILE`: the wording check on the command line (.txt, .docx, or - for stdin).

Exit codes: 0 no error-severity finding, 1 at least one, 2 unreadable input (message in Dutch on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError

from .report import SEVERITY_LABEL, Report
from .rules import KINDS, check

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class UnreadableInput(Exception):
    """The input could not be read; the message is Dutch and meant for the user."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="controleer een brief op stress-sensitief schrijven",
        description="Controleer een brief (.txt of .docx, of - voor invoer via stdin) op stress-sensitief schrijven.",
    )
    parser.add_argument("file", metavar="BESTAND", help="pad naar een .txt- of .docx-bestand, of - voor stdin")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
    parser.add_argument("--kind", choices=KINDS, default="letter",
                        help="soort brief: letter (standaard), first-reminder (eerste betalingsherinnering, met het "
                             "aanbod aan de gemeente) of fourteen-day-letter (veertiendagenbrief)")
    parser.set_defaults(func=run)


def read_docx(data: bytes) -> str:
    """Body paragraphs and table rows in document order; table cells separated by tabs (bounded: see docx_text)."""
    try:
        return docx_text(data)
    except ValidationError as error:
        raise UnreadableInput(str(error)) from error


def read_input(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read()
        is_docx = data[:2] == b"PK"
    else:
        path = Path(name)
        if not path.exists():
            raise UnreadableInput(f"Het bestand {name} bestaat niet.")
        if path.is_dir():
            raise UnreadableInput(f"{name} is een map, geen bestand.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UnreadableInput(f"Het bestand {name} kan ik niet lezen.") from error
        is_docx = path.suffix.lower() == ".docx"
        if path.suffix.lower() == ".doc":
            raise UnreadableInput("Oude .doc-bestanden kan ik niet lezen. Sla het bestand op als .docx of .txt.")
    if is_docx:
        return read_docx(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInput("Dit bestand is geen tekst in UTF-8. Sla het op als UTF-8 (.txt) of als .docx.") \
            from error


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def format_report(text: str, report: Report) -> str:
    score = f"{report.readability:.1f}".replace(".", ",")
    counts = {label: len(report.by_severity(sev)) for sev, label in SEVERITY_LABEL.items()}
    out = [
        f"Oordeel: {'stress-sensitief' if report.ok else 'nog niet stress-sensitief'}"
        + f"  ({counts['fout']} fout(en), {counts['waarschuwing']} waarschuwing(en), {counts['tip']} tip(s))",
        f"Leesbaarheid (Flesch-Douma): {score} ({report.band}; doel: 70 of hoger)",
        "",
    ]
    for finding in report.findings:
        label = SEVERITY_LABEL[finding.severity].upper()
        if finding.whole_text:
            where = "hele brief"
        else:
            line, column = _line_and_column(text, finding.start)
            fragment = " ".join(text[finding.start:finding.end].split())
            if len(fragment) > 60:
                fragment = fragment[:57] + "…"
            where = f"regel {line}, kolom {column}: „{fragment}”"
        out.append(f"{label} [{finding.rule}] {where}")
        out.append(f"    {finding.message}")
        if finding.suggestion is not None:
            out.append(f"    Voorstel: „{finding.suggestion}”")
    if not report.findings:
        out.append("Geen opmerkingen.")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    try:
        text = read_input(args.file)
    except UnreadableInput as error:
        print(f"naarnul check: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    report = check(text, kind=args.kind)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(text, report))
    return EXIT_OK if report.ok else EXIT_FINDINGS
