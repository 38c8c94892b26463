"""Dates as a Dutch landlord sees them: one `today()` for the whole app, in Europe/Amsterdam.

Every page, service and command asks this module for the date, so tests (and a demo) can pin it with the
`NAARNUL_TODAY` environment variable (ISO date, e.g. `2026-12-01`); the browser tests pass it to the server.
Stored moments are UTC; `local()` turns them into Amsterdam time for display and letter dates.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Europe/Amsterdam")
PIN_VARIABLE = "NAARNUL_TODAY"


def today() -> dt.date:
    """The date in the Netherlands now, or the pinned date of a test run."""
    pinned = os.environ.get(PIN_VARIABLE, "").strip()
    if pinned:
        return dt.date.fromisoformat(pinned)
    return dt.datetime.now(TIME_ZONE).date()


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment (naive values are UTC, as `store.models.utcnow` writes them) in Amsterdam time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(TIME_ZONE)
