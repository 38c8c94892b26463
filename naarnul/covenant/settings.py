"""CovenantSettings: the practice numbers (not law) an admin may change. Days count as calendar days."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CovenantSettings:
    """Practice numbers an admin may change. Days count as calendar days."""

    reminder_after_days: int = 30  # written reminder due this many days after the oldest unpaid due date
    signal_after_reminder_days: int = 30  # signal allowed this many days after the first written reminder
    friendly_reminder_from_days: int = 1
    friendly_reminder_until_days: int = 10
    collection_pause_days: int = 30  # after the municipality reports that the tenant accepted help
    # The landlord's own policy, not the law (the Bgs has no such exception; convenant.md §6). The name stays for
    # the settings already stored; its label and the message it gives say "uw eigen beleid".
    no_signal_during_kept_arrangement: bool = True
    reminder_backdate_days: int = 3  # a written reminder dated longer ago than this needs its copy or a reason
