"""What a user is told when a record is not theirs or their role may not do something (Dutch). The rule: someone
else's record is NotFound, and we never say whether it exists. The store raises these from its scoped queries.
"""

from __future__ import annotations

LANDLORD_ONLY_CASES = "Alleen een verhuurder kan zaken bekijken en stappen vastleggen."
LANDLORD_ONLY_ARRANGEMENTS = "Alleen een verhuurder kan een betalingsregeling maken."

CASE_NOT_FOUND = "Deze zaak bestaat niet of is niet van u."
TENANCY_NOT_FOUND = "Deze huurovereenkomst bestaat niet of is niet van u."
SIGNAL_NOT_FOUND = "Deze melding bestaat niet of is niet van u."
ARRANGEMENT_NOT_FOUND = "Deze betalingsregeling bestaat niet of is niet van u."
LETTER_NOT_FOUND = "Deze brief bestaat niet of is niet van u."
