"""Did a closed case end in court? Read from the landlord's close reason (free text), for the admin's statistics and
for retention. Pure: the store turns the same words into SQL (store.statistics)."""

from __future__ import annotations

# a close reason with one of these words means the case went to court (case-insensitive)
COURT_WORDS = ("rechter", "rechtbank", "dagvaard", "ontbind", "ontbinding", "ontruim", "vonnis", "kantonrechter",
               "court", "summons", "eviction", "dissolution")
NOT_COURT = "zonder rechter"  # "opgelost zonder rechter" names the court but did not go there
ADMIN_ONLY = "Alleen een beheerder kan de statistiek bekijken."


def is_court_reason(reason: str) -> bool:
    text = (reason or "").lower()
    return any(word in text for word in COURT_WORDS) and NOT_COURT not in text
