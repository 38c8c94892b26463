"""`naarnul demo`: fill an empty database (DATABASE_URL, or the SQLite file in NAARNUL_DATA_DIR) with a realistic
pilot and print the logins. Refuses a database that has any account (exit code 3, nothing changed)."""

from __future__ import annotations

import sys

from naarnul import calendar, settings


def register(subparsers) -> None:
    command = subparsers.add_parser("demo", help="een lege database vullen met een proefpilot (demogegevens)")
    command.add_argument("--seed", type=int, default=2026, help="startgetal van het toeval: hetzelfde getal geeft dezelfde demo")
    command.set_defaults(func=run)


def run(args) -> int:
    # imported here, not at the top: building the parser for other commands must not load the database layer
    from naarnul.services import demo

    today = calendar.today()
    try:
        result = demo.fill_demo(settings.database_url(), today=today, seed=args.seed,
                                progress=lambda message: print(message, file=sys.stderr, flush=True))
    except demo.DatabaseNotEmpty as error:
        print(str(error), file=sys.stderr)
        return 3
    print(f"Demo klaar (peildatum {today.isoformat()}): {result.tenancies} huurcontracten, {result.payments} "
          f"betalingen, {result.cases_open} open zaken, {result.signals} signalen, {result.documents} documenten.")
    print("Inloggen (http://localhost:8501):")
    for entry in result.logins:
        print(f"  {entry.role:<11} {entry.username:<9} wachtwoord {entry.password:<20} {entry.name} ({entry.note})")
    return 0
