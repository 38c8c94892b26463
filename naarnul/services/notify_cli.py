"""`naarnul notify`: send the e-mail in the outbox and today's digests.

For cron (`*/5 * * * * naarnul notify`) or a sidecar container (`naarnul notify --every 300`). Idempotent: a
message is sent at most once, however often or however many runs at the same time; a failed message is tried
again by a later run (at most 5 times) with its error kept. Needs the SMTP settings (NAARNUL_SMTP_HOST,
NAARNUL_SMTP_FROM, …, see docs/deploying.md); without them it says e-mail is off and exits with 1.
"""

from __future__ import annotations

import datetime as dt
import time

from naarnul import calendar, settings


def register(subparsers) -> None:
    command = subparsers.add_parser("notify", help="e-mail uit de wachtrij versturen en de dagelijkse samenvattingen")
    command.add_argument("--date", type=dt.date.fromisoformat, default=None,
                         help="verzenddatum (JJJJ-MM-DD); standaard vandaag in Nederland")
    command.add_argument("--every", type=int, default=0, metavar="SECONDEN",
                         help="blijf draaien en verstuur elke SECONDEN seconden (voor een aparte container)")
    command.set_defaults(func=run)


def _report(result) -> None:
    print(f"Verstuurd: {result.sent}; later opnieuw: {result.retry_later}; mislukt: {result.failed}; "
          f"samenvattingen klaargezet: {result.queued_digests}; signaalmails klaargezet: {result.queued_signal_alerts}; "
          f"onderbroken: {result.interrupted}.", flush=True)
    for line in result.errors:
        print(f"  {line}", flush=True)


def run(args) -> int:
    from naarnul.services import notify  # the database layer only for this command

    try:
        smtp = settings.smtp()
    except ValueError as error:
        print(f"E-mail staat uit: {error}")
        return 1
    if smtp is None:
        print("E-mail staat uit: stel NAARNUL_SMTP_HOST en NAARNUL_SMTP_FROM in (zie docs/deploying.md).", flush=True)
        if args.every > 0:  # a sidecar without mail settings idles instead of restarting over and over
            while True:
                time.sleep(3600)
        return 1
    url = settings.database_url()
    if args.every > 0:
        notify.run_forever(url, smtp, every_seconds=args.every, today=lambda: args.date or calendar.today(),
                           report=_report)
        return 0
    _report(notify.run_notify(url, smtp, today=args.date or calendar.today()))
    return 0
