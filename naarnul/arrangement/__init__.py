"""Payment arrangements (betalingsregeling): the pure domain core.

Everything here is plain Python: no Streamlit, no database, and "today" is always an argument.
Money is `Decimal` with two decimals (`naarnul.formatting.to_money`); passing a float is a programming error
(`TypeError`). Bad user input raises `ValidationError` listing every problem in Dutch; advice that must not block
(too many instalments, a long arrangement) is returned as `warnings` on the result instead.

Domain facts: ../shared/domain/arrangement.md. Where each rule lives:

- `settings`       ArrangementSettings (admin), the sanity limits, `money_input` (reads an amount for a rule)
- `schedule`       `make_schedule` (the instalment calculator) and `replan` (after a change or a pause)
- `income_check`   protected income (beslagvrije voet) from the dated norms table, `affordability`
- `advice`         `advise`: the 36-month rule / other creditors -> referral to municipal debt assistance
- `costs`          `collection_costs` (WIK scale, art. 6:96 BW) and `costs_after_letter`
- `progress`       `paid_towards`, `match_instalments`, `follow_up`

The names below are the package's public API (many callers use `from naarnul import arrangement as calc`).
"""

from naarnul.arrangement.advice import Advice, advise
from naarnul.arrangement.costs import (
    WIK_MAXIMUM,
    WIK_MINIMUM,
    collection_costs,
    costs_above_scale,
    costs_after_letter,
)
from naarnul.arrangement.income_check import (
    HOUSEHOLD_LABELS,
    Affordability,
    HouseholdType,
    ProtectedIncomeNorm,
    affordability,
    protected_income,
)
from naarnul.arrangement.progress import (
    STATE_LABELS,
    ArrangementPayment,
    FollowUp,
    FollowUpAction,
    InstalmentState,
    InstalmentStatus,
    follow_up,
    match_instalments,
    paid_towards,
)
from naarnul.arrangement.schedule import Instalment, Schedule, make_schedule, months_needed, replan
from naarnul.arrangement.settings import DEFAULT_SETTINGS, LAST_DAY, MAX_MONTHS, ZERO, ArrangementSettings

__all__ = [
    "DEFAULT_SETTINGS",
    "HOUSEHOLD_LABELS",
    "LAST_DAY",
    "MAX_MONTHS",
    "STATE_LABELS",
    "WIK_MAXIMUM",
    "WIK_MINIMUM",
    "ZERO",
    "Advice",
    "Affordability",
    "ArrangementPayment",
    "ArrangementSettings",
    "FollowUp",
    "FollowUpAction",
    "HouseholdType",
    "Instalment",
    "InstalmentState",
    "InstalmentStatus",
    "ProtectedIncomeNorm",
    "Schedule",
    "advise",
    "affordability",
    "collection_costs",
    "costs_above_scale",
    "costs_after_letter",
    "follow_up",
    "make_schedule",
    "match_instalments",
    "months_needed",
    "paid_towards",
    "protected_income",
    "replan",
]
