"""Rules of the landlord's to-do list ("Vandaag"): which action opens each kind of item, the item's key (what a seen
mark is about), and the order of the list. Pure: no database, no Streamlit; `today` is passed in.

An item's key names the item *and its state*: the same case with a new step, a second missed instalment or a new
answer of the municipality is a new item ("nieuw") again, while a step that only became overdue is not.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from naarnul import covenant

# kinds of items
STEP = "step"  # a covenant step that needs the landlord now (the case's stored next step)
FEEDBACK = "feedback"  # the municipality answered a signal
INSTALMENT = "instalment"  # an instalment of a running payment arrangement was missed
DELIVERY = "delivery"  # a signal the landlord still has to deliver to the municipality themselves (issue 11)
KINDS = (STEP, FEEDBACK, INSTALMENT, DELIVERY)

# actions: where the item's one button leads, with the case already chosen
LETTER = "letter"  # Brieven, the written reminder letter
CONTACT = "contact"  # Dossier, recording a contact attempt
SIGNAL = "signal"  # Dossier, sending the signal
ARRANGEMENT = "arrangement"  # Betalingsregeling
CLOSE = "close"  # Dossier, closing the case
CASE = "case"  # Dossier, the overview (feedback, anything else)

ACTION_LABELS = {
    LETTER: "Herinnering maken",
    CONTACT: "Contactpoging vastleggen",
    SIGNAL: "Melding versturen",
    ARRANGEMENT: "Regeling openen",
    CLOSE: "Zaak sluiten",
    CASE: "Open dossier",
}

# the covenant step (keys of naarnul.covenant.guide) -> the action that does it
STEP_ACTIONS = {
    "written_reminder": LETTER,
    "contact_attempts": CONTACT,
    "signal": SIGNAL,
    "arrangement": ARRANGEMENT,
    "closed": CLOSE,
}

FEEDBACK_SHOWN_DAYS = 14  # an answer of the municipality stays on the list this long (and until seen)
FEEDBACK_UNSEEN_DAYS = 90  # an answer older than this is no longer news, seen or not
MAX_ITEMS = 200
REMINDER_TEMPLATE = "reminder"  # the template of the written reminder (templates/reminder.yaml)


def step_action(step_key: str) -> str:
    return STEP_ACTIONS.get(step_key, CASE)


def step_item_key(case_id: int, step_key: str, due: dt.date | None) -> str:
    return f"{STEP}:{case_id}:{step_key}:{due.isoformat() if due else ''}"


def feedback_item_key(feedback_id: int) -> str:
    return f"{FEEDBACK}:{feedback_id}"


def instalment_item_key(arrangement_id: int, missed: tuple[int, ...]) -> str:
    return f"{INSTALMENT}:{arrangement_id}:{'-'.join(str(n) for n in sorted(missed))}"


def delivery_item_key(signal_id: int) -> str:
    return f"{DELIVERY}:{signal_id}"


def feedback_shown(on_date: dt.date, seen: bool, today: dt.date) -> bool:
    """Does an answer of the municipality received on `on_date` belong on the list today?"""
    age = (today - on_date).days
    if age > FEEDBACK_UNSEEN_DAYS:
        return False
    return not seen or age <= FEEDBACK_SHOWN_DAYS


def urgency(overdue: bool, new: bool, due: dt.date | None, kind: str) -> tuple:
    """Sort key of the list: overdue first, then what is new, then by date, then by kind."""
    return (not overdue, not new, due or dt.date.max, KINDS.index(kind) if kind in KINDS else len(KINDS))


def next_step(steps: Sequence[covenant.Step]) -> covenant.Step | None:
    """Of a case's guide, the step that needs the landlord now (overdue first, then the one due soonest), the same
    choice as covenant.next_action; None when nothing needs doing."""
    candidates = [(covenant.urgency_key(s), i, s) for i, s in enumerate(steps) if s.needs_action]
    return min(candidates)[2] if candidates else None
