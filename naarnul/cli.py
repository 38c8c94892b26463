"""`naarnul` — the command-line face of the domain package, for operators and scripts.

Each feature module registers its own sub-command with `register(subparsers)`; the parser it adds sets
`func=run`, where `run(args) -> int` returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="naarnul", description="Naar Nul — vroegsignalering huurachterstand")
    subparsers = parser.add_subparsers(dest="command", required=True)
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
