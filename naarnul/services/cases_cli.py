"""`naarnul refresh`: bring every landlord's stored arrears figures and next steps up to date for today.

Meant for a daily cron job shortly after midnight (Europe/Amsterdam), e.g. `5 0 * * * naarnul refresh`. Idempotent:
running it twice on one day recomputes nothing the second time. Pages never refresh on their own (a read never
writes); a landlord who opens "Vandaag" before the run sees when the figures were last brought up to date and a
"Bijwerken" button.
"""

from __future__ import annotations

import datetime as dt

from naarnul import calendar, settings


def register(subparsers) -> None:
    command = subparsers.add_parser("refresh", help="bedragen en stappen van alle verhuurders bijwerken (dagelijks)")
    command.add_argument("--date", type=dt.date.fromisoformat, default=None,
                         help="rekendatum (JJJJ-MM-DD); standaard vandaag in Nederland")
    command.set_defaults(func=run)


def run(args) -> int:
    # imported here, not at the top: building the parser for other commands must not load the database layer
    from naarnul.services import cases as case_service

    today = args.date or calendar.today()
    results = case_service.refresh_all_landlords(settings.database_url(), today=today)
    recomputed = sum(r.recomputed for r in results)
    print(f"Bijgewerkt voor {today.isoformat()}: {recomputed} huurder(s) bij {len(results)} verhuurder(s).")
    return 0
