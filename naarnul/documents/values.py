"""How a document case reads its values: text, dates, money (`parse_money`), yes/no, lists, and the Dutch checks on
an IBAN, postcode, CBS code, e-mail address and form of address. Each type refuses a bad value with the Dutch words
the message needs (naarnul.documents.dutch_errors)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator
from stdnum import iban

from naarnul.documents.dutch_errors import fail, fail_sentence
from naarnul.formatting import to_money
from naarnul.tenancy import SALUTATIONS  # the forms of address a tenancy records: meneer, mevrouw, neutral

_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
_CBS = re.compile(r"^GM\d{4}$")


def parse_money(value: Any) -> Decimal | None:
    """`1234.56`, `"1234.56"`, `"1234,56"` → Decimal with two decimals; None when it is no amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)  # JSON numbers arrive as float; repr keeps the digits that were written
    if isinstance(value, str):
        value = value.strip().replace("€", "").replace("\u00a0", "").strip()
        if "," in value and "." not in value:
            value = value.replace(",", ".")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        return None  # more than two decimals is a typing error, not something to round silently
    return to_money(amount)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if _blank(value):
        raise fail("ontbreekt")
    if not isinstance(value, str):
        raise fail("moet tekst zijn")
    return value.strip()


def _optional_text(value: Any) -> str:
    return "" if _blank(value) else _text(value)


def read_date(value: Any) -> dt.date:
    if value is None or value == "":
        raise fail("ontbreekt")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise fail("is geen geldige datum; schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-23")


def _optional_date(value: Any) -> dt.date | None:
    return None if value is None or value == "" else read_date(value)


def _money(*, required: bool = True, positive: bool = False) -> Callable[[Any], Decimal | None]:
    def read(value: Any) -> Decimal | None:
        if value is None or value == "":
            if required:
                raise fail("ontbreekt")
            return None
        amount = parse_money(value)
        if amount is None:
            raise fail("is geen geldig bedrag; schrijf het bedrag als 1234.56")
        if amount < 0:
            raise fail("mag niet negatief zijn")
        if positive and amount == 0:
            raise fail("moet groter zijn dan nul")
        return amount
    return read


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail("moet waar of onwaar zijn (true of false)")
    return value


def read_list(value: Any) -> list:
    if value is None:
        raise fail("ontbreekt")
    if not isinstance(value, list):
        raise fail("moet een lijst zijn")
    return value


def read_optional_list(value: Any) -> list:
    return [] if value is None else read_list(value)


def at_least_one(what: str) -> Callable[[tuple], tuple]:
    def check(items: tuple) -> tuple:
        if not items:
            raise fail_sentence(f"{what} is nodig")
        return items
    return check


def _email(value: str) -> str:
    if value and "@" not in value:
        raise fail("is geen e-mailadres")
    return value


def _iban(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    if not iban.is_valid(compact):
        raise fail("klopt niet; controleer de cijfers")
    return compact  # stored compact (NL91ABNA0417164300); printed in groups of four


def _postcode(value: str) -> str:
    match = _POSTCODE.match(value)
    if not match:
        raise fail("is geen Nederlandse postcode zoals 1234 AB")
    return f"{match.group(1)} {match.group(2).upper()}"


def _cbs_code(value: str) -> str:
    if not _CBS.match(value):
        raise fail("moet de vorm GM0363 hebben")
    return value


def _salutation(value: Any) -> str:
    text = _optional_text(value) or "neutral"
    if text not in SALUTATIONS:
        raise fail("moet meneer, mevrouw of neutral zijn")
    return text


def _instalment_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail("moet {n} zijn")
    return value


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str, BeforeValidator(_optional_text)]
Email = Annotated[str, BeforeValidator(_text), AfterValidator(_email)]
OptionalEmail = Annotated[str, BeforeValidator(_optional_text), AfterValidator(_email)]
Date = Annotated[dt.date, BeforeValidator(read_date)]
OptionalDate = Annotated[dt.date | None, BeforeValidator(_optional_date)]
Money = Annotated[Decimal, BeforeValidator(_money())]
PositiveMoney = Annotated[Decimal, BeforeValidator(_money(positive=True))]
OptionalMoney = Annotated[Decimal | None, BeforeValidator(_money(required=False))]
Flag = Annotated[bool, BeforeValidator(_flag)]
Iban = Annotated[str, BeforeValidator(_text), AfterValidator(_iban)]
Postcode = Annotated[str, BeforeValidator(_text), AfterValidator(_postcode)]
CbsCode = Annotated[str, BeforeValidator(_text), AfterValidator(_cbs_code)]
Salutation = Annotated[str, BeforeValidator(_salutation)]
InstalmentNumber = Annotated[int, BeforeValidator(_instalment_number)]
