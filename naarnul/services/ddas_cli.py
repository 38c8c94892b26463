"""`naarnul ddas-export`: the DDAS "Uitwisselmodel" v1.2 of a period, for a municipality's reporting job (CBS
monitor). Without `--municipality`: one delivery per municipality that has signals in the period, in one file.

    naarnul ddas-export --from 2026-10-01 --to 2026-12-31 --out levering.json [--municipality GM0363]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from naarnul import settings


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"geen datum: {text!r} (schrijf JJJJ-MM-DD)") from None


def register(subparsers) -> None:
    command = subparsers.add_parser(
        "ddas-export", help="meldingen en signaalzaken van een periode als DDAS-levering (Uitwisselmodel v1.2)",
        description="Maakt de DDAS-levering (Uitwisselmodel v1.2, JSON) van de meldingen die in de periode zijn "
                    "gedaan, gecontroleerd tegen het JSON-schema.")
    command.add_argument("--from", dest="start", type=_date, required=True, help="eerste dag (JJJJ-MM-DD)")
    command.add_argument("--to", dest="end", type=_date, required=True, help="laatste dag (JJJJ-MM-DD)")
    command.add_argument("--out", type=Path, required=True, help="het bestand om te schrijven, bijv. levering.json")
    command.add_argument("--municipality", default=None,
                         help="CBS-code van één gemeente (GM0363); zonder: elke gemeente met meldingen")
    command.set_defaults(func=run)


def run(args) -> int:
    # imported here, not at the top: building the parser for other commands must not load the database layer
    from naarnul.errors import NaarNulError
    from naarnul.services import signals as signal_service

    code = args.municipality.strip().upper() if args.municipality else None
    try:
        export = signal_service.export_ddas_for_operator(settings.database_url(), start=args.start, end=args.end,
                                                         municipality_code=code)
    except NaarNulError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 2
    args.out.write_bytes(export.data)
    print(f"DDAS-levering geschreven naar {args.out}: {export.signals} melding(en), "
          f"{export.deliveries} gemeente(n), {args.start.isoformat()} tot en met {args.end.isoformat()}.")
    return 0
