"""`naarnul user add`: create an account from the command line (the password comes from a prompt or stdin,
never from an argument, so it does not end up in shell history or `ps`)."""

from __future__ import annotations

import getpass
import sys

from naarnul import settings
from naarnul.errors import NaarNulError
from naarnul.users import Role


def register(subparsers) -> None:
    user = subparsers.add_parser("user", help="gebruikers beheren")
    actions = user.add_subparsers(dest="user_command", required=True)
    add = actions.add_parser("add", help="een gebruiker aanmaken (wachtwoord via prompt of stdin)")
    add.add_argument("--role", required=True, choices=[r.value for r in Role],
                     help="rol: landlord (verhuurder), liaison (contactpersoon gemeente) of admin (beheerder)")
    add.add_argument("--username", required=True, help="de naam waarmee de gebruiker inlogt")
    add.add_argument("--name", required=True, help="de naam die het portaal toont, bijvoorbeeld de naam van de verhuurder")
    add.add_argument("--email", default="", help="e-mailadres (mag leeg)")
    add.add_argument("--municipality", help="CBS-code, verplicht voor --role liaison, bijvoorbeeld GM0363")
    add.set_defaults(func=run_add)


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Herhaal het wachtwoord: ") != first:
            raise SystemExit("De twee wachtwoorden zijn niet gelijk.")
        return first
    return sys.stdin.readline().rstrip("\n")


def run_add(args) -> int:
    # imported here so the other commands start without loading the database layer
    from naarnul.services import login

    password = _read_password()
    try:
        user = login.add_user_as_operator(login.UnitOfWork(settings.database_url()), username=args.username, name=args.name,
                                          role=args.role, password=password, municipality_code=args.municipality,
                                          email=args.email)
    except NaarNulError as error:
        for problem in getattr(error, "problems", [str(error)]):
            print(problem, file=sys.stderr)
        return 2
    print(f"Gebruiker {user.username} aangemaakt ({user.role.value}).")
    return 0
