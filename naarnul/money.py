"""Money typed by a person in a Dutch form: one strict parser, so `5.50` never becomes € 550.

Bank files have their own tolerant parser (`naarnul.bank_import.parse_amount`): a bank export may use either
notation, a person typing in a Dutch form uses the Dutch one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from naarnul.errors import ValidationError
from naarnul.formatting import to_money

# 850 · 850,5 · 850,00 · 1.234,56 · 1234,56 (thousands points only in groups of three)
_DUTCH_AMOUNT = re.compile(r"(?P<integer>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d{1,2}))?")
_DOT_DECIMALS = re.compile(r"\d+\.\d{1,2}")
MAX_AMOUNT = Decimal("10000000")  # ten million euros: anything above is a typing error in this portal


def parse_form_amount(text: object, what: str = "Het bedrag", *, allow_zero: bool = False) -> Decimal:
    """`1.234,56` → Decimal('1234.56'). Raises ValidationError with a Dutch message for anything else."""
    if isinstance(text, Decimal):
        value = to_money(text)
    elif isinstance(text, int) and not isinstance(text, bool):
        value = to_money(text)
    else:
        if isinstance(text, float):
            raise TypeError("money must not be a float")
        raw = str(text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
        if raw.endswith(",-"):  # `€ 850,-`: whole euros, as Dutch prices are written
            raw = raw[:-2]
        if not raw:
            raise ValidationError(f"{what} is niet ingevuld.")
        if raw.startswith("-"):
            raise ValidationError(f"{what} kan niet negatief zijn.")
        if _DOT_DECIMALS.fullmatch(raw):
            raise ValidationError(f"{what} '{str(text).strip()}' is onduidelijk. Schrijf centen met een komma, "
                                  f"bijvoorbeeld {raw.replace('.', ',')}.")
        match = _DUTCH_AMOUNT.fullmatch(raw.removeprefix("+"))
        if not match:
            raise ValidationError(f"{what} '{str(text).strip()}' is geen bedrag. Schrijf het zoals 850,00 of "
                                  "1.234,56.")
        integer = match["integer"].replace(".", "")
        value = to_money(f"{integer}.{match['fraction'] or '0'}")
    if value < 0:
        raise ValidationError(f"{what} kan niet negatief zijn.")
    if value == 0 and not allow_zero:
        raise ValidationError(f"{what} moet groter zijn dan € 0,00.")
    if value > MAX_AMOUNT:
        raise ValidationError(f"{what} is te hoog. Controleer het bedrag.")
    return value
