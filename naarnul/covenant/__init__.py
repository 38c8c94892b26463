"""The covenant: what a landlord must do about rent arrears, by when, and why, as pure functions of plain values.

Source: Besluit gemeentelijke schuldhulpverlening (Bgs) art. 2 and the Landelijk Convenant Vroegsignalering
(see shared/domain/convenant.md). Numbers that are practice rather than law live in `CovenantSettings`.
Where each rule lives:

- `vocabulary`  the legal source, step statuses, channels, outcomes and their Dutch labels
- `settings`    CovenantSettings (admin)
- `facts`       CaseFacts and the rules read straight from them: case opens/closes, collection pause
- `recording`   recording a step: its date, the evidence of a backdated reminder, checks and timeline lines
- `signalling`  `signal_check`: may the landlord signal the municipality, and is it a repeat
- `steps`       `guide` (every step with its status) and `next_action`

The names below are the package's public API: callers across the store, services and pages use `covenant.<name>`.
"""

from naarnul.covenant.facts import (
    Arrangement,
    CaseFacts,
    Closure,
    ContactAttempt,
    Feedback,
    Objection,
    SignalSent,
    case_should_close,
    case_should_open,
    collection_pause_until,
)
from naarnul.covenant.recording import (
    CLOSE_REASON_MAX,
    CONTACT_NOTE_MAX,
    EVIDENCE_MAX_BYTES,
    EVIDENCE_REASON_MAX,
    EVIDENCE_TYPES,
    URGENT_REASON_MAX,
    arrears_arose_on,
    clean_close_reason,
    close_summary,
    closed_case_problem,
    contact_attempt_summary,
    contact_failed_summary,
    evidence_problems,
    friendly_reminder_summary,
    objection_channel_problems,
    objection_summary,
    objection_withdrawn_summary,
    reminder_needs_evidence,
    step_date_problems,
    validate_contact_attempt,
    withdrawal_problems,
)
from naarnul.covenant.settings import (
    CovenantSettings,
)
from naarnul.covenant.signalling import (
    EARLY_CONTACT,
    SignalCheck,
    signal_allowed_from,
    signal_check,
)
from naarnul.covenant.steps import (
    Step,
    guide,
    next_action,
    urgency_key,
)
from naarnul.covenant.vocabulary import (
    ARRANGEMENT_STATUSES,
    BGS,
    BLOCKED,
    CONTACT_CHANNELS,
    CONTACT_OUTCOMES,
    DONE,
    DUE,
    FEEDBACK_OUTCOMES,
    NOT_NEEDED,
    OBJECTION_CHANNELS,
    OPTIONAL,
    OVERDUE,
    STATUS_LABELS,
    WAITING,
)

__all__ = [
    "ARRANGEMENT_STATUSES",
    "Arrangement",
    "BGS",
    "BLOCKED",
    "CLOSE_REASON_MAX",
    "CONTACT_CHANNELS",
    "CONTACT_NOTE_MAX",
    "CONTACT_OUTCOMES",
    "CaseFacts",
    "Closure",
    "ContactAttempt",
    "CovenantSettings",
    "DONE",
    "DUE",
    "EARLY_CONTACT",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_REASON_MAX",
    "EVIDENCE_TYPES",
    "FEEDBACK_OUTCOMES",
    "Feedback",
    "NOT_NEEDED",
    "OBJECTION_CHANNELS",
    "OPTIONAL",
    "OVERDUE",
    "Objection",
    "STATUS_LABELS",
    "SignalCheck",
    "SignalSent",
    "Step",
    "URGENT_REASON_MAX",
    "WAITING",
    "arrears_arose_on",
    "case_should_close",
    "case_should_open",
    "clean_close_reason",
    "close_summary",
    "closed_case_problem",
    "collection_pause_until",
    "contact_attempt_summary",
    "contact_failed_summary",
    "evidence_problems",
    "friendly_reminder_summary",
    "guide",
    "next_action",
    "objection_channel_problems",
    "objection_summary",
    "objection_withdrawn_summary",
    "reminder_needs_evidence",
    "signal_allowed_from",
    "signal_check",
    "step_date_problems",
    "urgency_key",
    "validate_contact_attempt",
    "withdrawal_problems",
]
