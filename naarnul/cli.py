"""`naarnul` — the command-line face of the domain package, for operators and scripts.

Each feature module registers its own sub-command with `register(subparsers)`; the parser it adds sets
`func=run`, where `run(args) -> int` returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys

# module path for each feature that adds sub-commands; imported lazily so `naarnul check` stays fast
COMMAND_MODULES = [
    "naarnul.user_cli",
    "naarnul.wording.cli",
    "naarnul.documents.cli",
    "naarnul.services.cases_cli",
    "naarnul.services.ddas_cli",
    "naarnul.services.demo_cli",
    "naarnul.services.notify_cli",
]


# argparse's own texts (Python 3.11+), in Dutch; the help of each option is written in Dutch where it is added
ARGPARSE_TEXTS = [
    ("usage: ", "gebruik: "),
    ("positional arguments:", "argumenten:"),
    ("optional arguments:", "opties:"),
    ("options:", "opties:"),
]
ARGPARSE_ERRORS = [
    (r"the following arguments are required: (.*)", r"deze argumenten zijn verplicht: \1"),
    (r"one of the arguments (.*) is required", r"een van deze argumenten is verplicht: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ongeldige keuze: \1 (kies uit \2)"),
    (r"invalid (\w+) value: (.*)", r"ongeldige waarde: \2"),
    (r"expected one argument", r"hier hoort één waarde bij"),
    (r"not allowed with argument (.*)", r"mag niet samen met \1"),
    (r"ignored explicit argument (.*)", r"deze waarde hoort hier niet: \1"),
]
# the placeholder argparse shows for an option's value (its name in capitals), in Dutch
METAVARS = {"case": "ZAAK", "out": "BESTAND", "templates": "MAP", "date": "DATUM", "start": "DATUM", "end": "DATUM",
            "municipality": "GEMEENTE", "seed": "GETAL", "username": "GEBRUIKERSNAAM", "name": "NAAM",
            "email": "E-MAILADRES", "every": "SECONDEN"}
HELP_HELP = "toon deze hulp en stop"


def dutch_text(text: str) -> str:
    for english, dutch in ARGPARSE_TEXTS:
        text = text.replace(english, dutch)
    return text


def dutch_error(message: str) -> str:
    for pattern, dutch in ARGPARSE_ERRORS:
        message = re.sub(pattern, dutch, message)
    return message


class DutchHelpFormatter(argparse.HelpFormatter):
    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, action.dest.upper())


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse with its own texts in Dutch: usage, headings, the -h help and the error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_HELP)

    def format_usage(self) -> str:
        return dutch_text(super().format_usage())

    def format_help(self) -> str:
        return dutch_text(super().format_help())

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {dutch_error(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(prog="naarnul", description="Naar Nul — vroegsignalering huurachterstand")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT",
                                       title="opdrachten", help="kies een opdracht; naarnul OPDRACHT -h vertelt meer")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if not module_name.startswith(error.name or "?"):
                raise
            continue  # a feature not built yet
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
