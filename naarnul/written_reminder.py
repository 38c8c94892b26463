"""The written (Bgs) reminder with the offer to share the tenant's data: what its timeline entry says, and the
evidence a backdated one keeps (an uploaded copy of the letter, kept as a document of the case, or a reason).

Pure: the service (naarnul.services.case_steps) checks the date and the evidence with naarnul.covenant, stores the
facts through store.cases and writes these lines on the case timeline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from naarnul.formatting import format_date

COPY_TEMPLATE = "reminder_copy"  # Document.template_name of an uploaded copy of the letter
COPY_VERSION = "upload"
FILENAME_MAX = 200


def clean_reason(reason: str | None) -> str:
    """The reason for recording a backdated reminder, on one line."""
    return " ".join((reason or "").split())


def copy_filename(name: str | None) -> str:
    """The file name of the uploaded copy without any folder (Windows or POSIX), at most FILENAME_MAX characters."""
    return PurePath((name or "kopie").replace("\\", "/")).name[:FILENAME_MAX]


def copy_title(on: dt.date) -> str:
    return f"Kopie van de schriftelijke herinnering van {format_date(on)}"


def summary(on: dt.date, *, today: dt.date, via_document: bool = False, copy_filename: str = "",
            reason: str = "") -> str:
    """The timeline line of a written reminder sent on `on`; with the kept copy and/or the reason it was recorded
    late (both only for a reminder recorded by hand)."""
    evidence = ""
    if copy_filename:
        evidence += f". Kopie van de brief bewaard: {copy_filename}"
    if reason:
        evidence += f". Pas op {format_date(today)} vastgelegd, omdat: {reason}"
    how = " (brief gemaakt in Naar Nul)" if via_document else ""
    return (f"Schriftelijke herinnering met aanbod om gegevens door te geven gestuurd op {format_date(on)}{how}"
            f"{evidence}")
