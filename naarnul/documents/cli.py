"""`naarnul render KIND --case FILE.json --out FILE.docx [--field name=value ...]`.

KIND is any template in templates/ (reminder, notification, arrangement, addendum, invitation, …). Problems are
printed in Dutch on stderr with exit code 2, and no output file is written: the document goes to a temporary file
next to the target and is renamed only when it is complete.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

EXIT_PROBLEM = 2


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "render",
        help="maak een Word-document uit een sjabloon en een zaak (JSON)",
        description="Maak een Word-document (.docx) uit een sjabloon in templates/ en een zaak in JSON.",
    )
    parser.add_argument("kind", metavar="SOORT", help="naam van het sjabloon, bijvoorbeeld reminder")
    parser.add_argument("--case", required=True, type=Path, help="de zaak als JSON (zie examples/case.json)")
    parser.add_argument("--out", required=True, type=Path, help="waar het .docx-bestand komt")
    parser.add_argument("--field", action="append", default=[], metavar="NAAM=WAARDE",
                        help="extra veld van het sjabloon; mag vaker")
    parser.add_argument("--templates", type=Path, default=None, help="map met sjablonen (standaard templates/)")
    parser.add_argument("--pdf", action="store_true", help="maak ook een PDF (alleen met LibreOffice)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from naarnul.documents.case import DocumentCase
    from naarnul.documents.generation import generate
    from naarnul.errors import NaarNulError

    try:
        extra = _parse_fields(args.field)
        case = DocumentCase.from_json(_read_json(args.case))
        document = generate(case, args.kind, extra, templates_dir=args.templates)
    except NaarNulError as error:
        return _fail(getattr(error, "problems", None) or [str(error)])

    if not args.out.parent.exists():
        return _fail([f"De map {args.out.parent} bestaat niet."])
    _write_atomic(args.out, document.docx)
    print(f"Gemaakt: {args.out} ({document.title}, sjabloonversie {document.template_version[:12]})")
    if args.pdf:
        from naarnul.documents.pdf import to_pdf

        pdf = to_pdf(document.docx)
        if pdf is None:
            print("Geen PDF gemaakt: LibreOffice is niet geïnstalleerd of de omzetting lukte niet.", file=sys.stderr)
        else:
            target = args.out.with_suffix(".pdf")
            _write_atomic(target, pdf)
            print(f"Gemaakt: {target}")
    return 0


def _parse_fields(items: list[str]) -> dict[str, str]:
    from naarnul.errors import ValidationError

    values, problems = {}, []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            problems.append(f"Schrijf een extra veld als naam=waarde, niet '{item}'.")
            continue
        values[name.strip()] = value
    if problems:
        raise ValidationError(problems)
    return values


def _read_json(path: Path):
    from naarnul.errors import ValidationError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError(f"Het bestand {path} bestaat niet.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(f"Het bestand {path} kan niet worden gelezen ({error}).") from None
    try:
        return json.loads(text, parse_float=Decimal)  # exact amounts, never float
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"Het bestand {path} is geen geldige JSON (regel {error.lineno}, kolom {error.colno}: {error.msg})."
        ) from None


def _write_atomic(target: Path, data: bytes) -> None:
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _fail(problems: list[str]) -> int:
    print("Het document is niet gemaakt:", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)
    return EXIT_PROBLEM
