"""Import a bank export (CSV or Excel) as rent payments: read, map columns, parse, match to tenancies, skip duplicates.

Flow for a page: `read_table` → `suggest_mapping` (the landlord may change it) → `parse_file` → `match_rows`
→ preview → save; the store keeps `ImportedPayment.fingerprint` so a re-import skips rows already saved
(`split_known`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd

# reading a file (with its bounds) lives in naarnul.bank_file; these names stay importable from here
from naarnul.bank_file import MAX_BYTES as MAX_BYTES
from naarnul.bank_file import MAX_INFLATED as MAX_INFLATED
from naarnul.bank_file import MAX_ROWS as MAX_ROWS
from naarnul.bank_file import blank
from naarnul.bank_file import read_table as read_table
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money, to_money
from naarnul.validation import iban_compact

ROLES = ("date", "amount", "direction", "counterparty_name", "counterparty_iban", "description")
REQUIRED_ROLES = ("date", "amount")
ROLE_LABELS = {
    "date": "datum",
    "amount": "bedrag",
    "direction": "af/bij",
    "counterparty_name": "naam tegenpartij",
    "counterparty_iban": "rekening tegenpartij",
    "description": "omschrijving",
}

ROLE_ARTICLES = {"amount": "het"} | {role: "de" for role in ROLES if role != "amount"}

# Known headers per role, best first (ING, Rabobank, ABN AMRO, SNS/ASN, Triodos, bunq, and English exports).
# Compared after `_norm_header` (lower case, letters and digits only).
HEADER_CANDIDATES = {
    "date": ["datum", "transactiedatum", "boekdatum", "boekingsdatum", "date", "transactiondate", "bookingdate",
             "valutadatum", "rentedatum", "valuedate"],
    "amount": ["bedrageur", "bedrag", "transactiebedrag", "amounteur", "amount", "bedraginclbtw"],
    "direction": ["afbij", "debetcredit", "debitcredit", "bijaf", "creditdebet"],
    "counterparty_name": ["naamtegenpartij", "tegenpartijnaam", "naamomschrijving", "naam", "counterpartyname",
                          "namedescription", "name", "naambegunstigdeopdrachtgever"],
    "counterparty_iban": ["tegenrekening", "tegenrekeningibanbban", "tegenrekeningiban", "ibantegenpartij",
                          "rekeningtegenpartij", "counterparty", "counterpartyiban", "counterpartyaccount"],
    "description": ["mededelingen", "omschrijving", "omschrijving1", "description", "notifications",
                    "betalingskenmerk", "remittanceinformation", "omschrijving2"],
}

INCOMING_WORDS = {"bij", "credit", "c", "cr"}
OUTGOING_WORDS = {"af", "debit", "debet", "d", "dr"}

# Date formats a Dutch bank export uses; d-m-y, never m-d-y.
DATE_SHAPES = [
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"), "%Y-%m-%d", "2026-11-01"),
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$"), "%d-%m-%Y", "01-11-2026"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%d/%m/%Y", "01/11/2026"),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"), "%d.%m.%Y", "01.11.2026"),
    (re.compile(r"^\d{8}$"), "%Y%m%d", "20261101"),
]
EXCEL_DATE = "excel"
_IBAN_IN_TEXT = re.compile(r"\bNL\d{2}[A-Z]{4}\d{10}\b")
MAX_PAYMENT = Decimal("1000000")  # one incoming bank row above a million euros is not rent (and would not fit)


# --- column mapping ----------------------------------------------------------------------------------------------

def _norm_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def suggest_mapping(columns) -> dict[str, str | None]:
    """Best guess for each role (see ROLES): the column name, or None. One column serves one role."""
    normalised = {column: _norm_header(column) for column in columns}
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for role in ROLES:
        mapping[role] = None
        for candidate in HEADER_CANDIDATES[role]:
            found = next((c for c, n in normalised.items() if n == candidate and c not in used), None)
            if found is not None:
                mapping[role] = found
                used.add(found)
                break
    return mapping


# --- parsing -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedPayment:
    row_number: int  # as the landlord sees it in the file: the header is row 1
    paid_on: dt.date
    amount: Decimal  # always > 0: only incoming money
    counterparty_name: str
    counterparty_iban: str  # compact, upper case; "" when unknown
    description: str
    fingerprint: str
    duplicate_in_file: bool = False  # an identical earlier row exists in this file (may still be two real payments)


def parse_amount(value) -> Decimal:
    """Dutch and English notations: `1.234,56`, `-12,00`, `+12,50`, `€ 12,50`, `1234.56`, Excel numbers."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return to_money(value)
    if isinstance(value, float):
        # Excel stores numbers as binary floats; repr gives the shortest exact decimal (12.5 → "12.5")
        return to_money(repr(value))
    text = str(value).strip().replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
    sign = ""
    if text and text[0] in "+-":
        sign, text = text[0], text[1:]
    if not re.fullmatch(r"[\d.,]+", text or "x"):
        raise ValueError(value)
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text:
        decimal_sep = ","
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        decimal_sep = ","  # `1.234`: a Dutch thousands point, amounts never have three decimals
    else:
        decimal_sep = "."
    thousands = "." if decimal_sep == "," else ","
    integer, _, fraction = text.replace(thousands, "").partition(decimal_sep)
    if not integer.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 2:
        raise ValueError(value)
    try:
        return to_money(f"{sign}{integer}.{fraction or '0'}")
    except InvalidOperation:
        raise ValueError(value) from None


def _date_shape(value) -> str | None:
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return EXCEL_DATE
    text = str(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))  # 20261101 read as a number from Excel
    for pattern, fmt, _ in DATE_SHAPES:
        if pattern.match(text):
            return fmt
    return None


def _to_date(value, shape: str) -> dt.date:
    if shape == EXCEL_DATE:
        return value.date() if isinstance(value, (dt.datetime, pd.Timestamp)) else value
    text = str(int(value)) if isinstance(value, (int, float)) else str(value).strip()
    return dt.datetime.strptime(text, shape).date()


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return ("rij " if len(numbers) == 1 else "rijen ") + shown + (" en meer" if len(numbers) > 10 else "")


def _cell(row, column) -> object:
    if column is None:
        return ""
    value = row[column]
    return "" if blank(value) else value


def _text(value) -> str:
    return " ".join(str(value).split()) if not blank(value) else ""


@dataclass(frozen=True)
class RejectedRow:
    """A row that cannot be read as a payment: shown with its row number and a Dutch reason, then skipped."""

    row_number: int
    reason: str  # Dutch, without the row number


@dataclass(frozen=True)
class ParsedFile:
    payments: list[ImportedPayment]
    rejected: list[RejectedRow]


def direction_columns(df: pd.DataFrame) -> list[str]:
    """Columns that hold only 'Af'/'Bij' (or Debit/Credit): they tell money going out from money coming in."""
    words = INCOMING_WORDS | OUTGOING_WORDS
    found = []
    for column in df.columns:
        values = {_text(v).lower() for v in df[column] if not blank(v)}
        if values and values <= words:
            found.append(str(column))
    return found


def parse_rows(df: pd.DataFrame, mapping: dict[str, str | None], today: dt.date | None = None) \
        -> list[ImportedPayment]:
    """Incoming payments from the table, refusing the whole file when one row is bad (see `parse_file` for the
    import, which shows bad rows and skips them)."""
    parsed = parse_file(df, mapping, today)
    if parsed.rejected:
        raise ValidationError([f"Rij {r.row_number}: {r.reason[:1].lower()}{r.reason[1:]}" for r in parsed.rejected])
    return parsed.payments


def parse_file(df: pd.DataFrame, mapping: dict[str, str | None], today: dt.date | None = None) -> ParsedFile:
    """Incoming payments from the table, and the rows that cannot be read (with a Dutch reason each).

    Outgoing and zero rows are left out (they are not rent): money going out is never a payment. A problem of the
    whole file (a column missing, mixed date forms, an 'Af/Bij' column left unchosen) raises ValidationError; a
    problem of one row (no date, a date after `today`, no amount) only rejects that row.
    """
    problems = []
    for role in REQUIRED_ROLES:
        if not mapping.get(role):
            problems.append(f"Kies welke kolom {ROLE_ARTICLES[role]} {ROLE_LABELS[role]} bevat.")
    for role, column in mapping.items():
        if column and column not in df.columns:
            problems.append(f"De kolom '{column}' ({ROLE_LABELS.get(role, role)}) staat niet in dit bestand. "
                            f"Kolommen in het bestand: {', '.join(map(str, df.columns))}.")
    if not mapping.get("direction"):
        for column in direction_columns(df):
            problems.append(f"In de kolom '{column}' staat of het geld is afgeschreven of bijgeschreven. Kies die "
                            "kolom bij Af/bij; anders zou geld dat u betaalde als huur tellen.")
    if problems:
        raise ValidationError(problems)

    date_col, amount_col = mapping["date"], mapping["amount"]
    records = list(df.iterrows())
    # one date format per file: a mix means the file was edited by hand and days and months may be swapped
    shapes, rejected = {}, {}
    for index, row in records:
        value = _cell(row, date_col)
        if value == "":
            continue
        shape = _date_shape(value)
        if shape is None:
            rejected[index + 2] = (f"'{_text(value)}' is geen datum die ik herken. Gebruik bijvoorbeeld 01-11-2026 "
                                   "of 2026-11-01.")
        else:
            shapes[index + 2] = shape
    counts = Counter(shapes.values())
    if len(counts) > 1:
        main_shape = counts.most_common(1)[0][0]
        odd = sorted(n for n, s in shapes.items() if s != main_shape)
        shown = [_shape_example(s) for s in counts]
        examples = ", ".join(shown[:-1]) + " en " + shown[-1]
        raise ValidationError(f"De datums staan in verschillende vormen (zoals {examples}). "
                              f"{_rows_text(odd).capitalize()} wijken af. Zet alle datums in één vorm en probeer "
                              "het opnieuw.")

    result: list[ImportedPayment] = []
    seen: Counter[str] = Counter()
    for index, row in records:
        number = index + 2
        if number in rejected:
            continue
        raw_date, raw_amount = _cell(row, date_col), _cell(row, amount_col)
        row_problems = []
        paid_on = None
        if raw_date == "":
            row_problems.append("de datum ontbreekt.")
        else:
            try:
                paid_on = _to_date(raw_date, shapes[number])
            except ValueError:
                row_problems.append(f"'{raw_date}' is geen bestaande datum.")
        amount = None
        if raw_amount == "":
            row_problems.append("het bedrag ontbreekt.")
        else:
            try:
                amount = parse_amount(raw_amount)
            except ValueError:
                row_problems.append(f"'{raw_amount}' is geen bedrag dat ik herken. Gebruik bijvoorbeeld 1.234,56.")
        direction = _text(_cell(row, mapping.get("direction"))).lower()
        if direction and direction not in INCOMING_WORDS | OUTGOING_WORDS:
            row_problems.append(f"bij af/bij staat '{direction}'; ik verwacht 'Af' of 'Bij'.")
        if paid_on and today and paid_on > today:
            row_problems.append(f"de datum {format_date(paid_on)} ligt in de toekomst.")
        if row_problems or paid_on is None or amount is None:
            text = " ".join(row_problems)
            rejected[number] = text[0].upper() + text[1:]
            continue
        if direction in OUTGOING_WORDS:
            amount = -abs(amount)
        elif direction in INCOMING_WORDS:
            amount = abs(amount)
        if amount <= 0:
            continue  # outgoing money or a zero row: not a rent payment
        if amount > MAX_PAYMENT:
            rejected[number] = (f"Het bedrag {format_money(amount)} is hoger dan {format_money(MAX_PAYMENT)}: dat is "
                                "geen huurbetaling.")
            continue
        name = _text(_cell(row, mapping.get("counterparty_name")))
        account = iban_compact(_text(_cell(row, mapping.get("counterparty_iban"))))
        description = _text(_cell(row, mapping.get("description")))
        if not account:
            # ABN AMRO puts the counterparty's IBAN inside the description
            found = _IBAN_IN_TEXT.search(description.upper())
            account = found.group(0) if found else ""
        key = _fingerprint_key(paid_on, amount, account, name, description)
        seen[key] += 1
        result.append(ImportedPayment(
            row_number=number, paid_on=paid_on, amount=amount, counterparty_name=name,
            counterparty_iban=account, description=description,
            fingerprint=_hash(key, seen[key]), duplicate_in_file=seen[key] > 1,
        ))
    return ParsedFile(result, [RejectedRow(n, reason) for n, reason in sorted(rejected.items())])


def _shape_example(shape: str) -> str:
    if shape == EXCEL_DATE:
        return "een Excel-datum"
    return next(example for _, fmt, example in DATE_SHAPES if fmt == shape)


# --- duplicates --------------------------------------------------------------------------------------------------

def _fingerprint_key(paid_on: dt.date, amount: Decimal, account: str, name: str, description: str) -> str:
    """What identifies one bank row in every export of it: the date, the amount and who paid, by account number
    when the file has one, else by name, else by description. Never the column layout or the landlord's own
    account, so the same payment in an ING CSV and in a re-export as Excel gives the same key."""
    who = iban_compact(account) or _fold(name) or _fold(description)
    return "|".join([paid_on.isoformat(), str(to_money(amount)), who])


def _hash(key: str, occurrence: int) -> str:
    # the occurrence number keeps two identical real payments apart, and is the same on every re-import
    return hashlib.sha256(f"{key}#{occurrence}".encode()).hexdigest()[:32]


def fingerprint(paid_on: dt.date, amount: Decimal, counterparty_iban: str = "", counterparty_name: str = "",
                description: str = "", occurrence: int = 1) -> str:
    """Stable id of one bank row: the same row in a later export gives the same fingerprint."""
    return _hash(_fingerprint_key(paid_on, amount, counterparty_iban, counterparty_name, description), occurrence)


def split_known(rows: list[ImportedPayment], known_fingerprints: set[str]) \
        -> tuple[list[ImportedPayment], list[ImportedPayment]]:
    """(new rows, rows already imported earlier)."""
    new = [r for r in rows if r.fingerprint not in known_fingerprints]
    old = [r for r in rows if r.fingerprint in known_fingerprints]
    return new, old


# --- matching ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TenancyRef:
    """What the matcher needs to know about one tenancy (the store builds these)."""

    id: int | str
    tenant_names: list[str] = field(default_factory=list)  # e.g. ["Jan de Vries", "Fatima el Amrani"]
    ibans: list[str] = field(default_factory=list)  # accounts the tenant paid from before
    street: str = ""
    house_number: int | None = None
    house_number_addition: str = ""
    references: list[str] = field(default_factory=list)  # payment references the landlord gave the tenant


@dataclass(frozen=True)
class Match:
    row: ImportedPayment
    tenancy_id: int | str | None
    method: str | None  # "iban", "reference", "name", "address" or None
    reason: str  # Dutch, shown in the preview


SURNAME_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "'t", "t", "la", "le", "du",
                     "da", "el", "al", "von", "vd"}


def _fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: for comparing names and descriptions."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _contains_words(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def _surname(full_name: str) -> str:
    """`Jan de Vries` → `de vries`: the last word with the particles before it."""
    words = _fold(full_name).split()
    if not words:
        return ""
    index = len(words) - 1
    while index > 0 and words[index - 1] in SURNAME_PARTICLES:
        index -= 1
    return " ".join(words[index:])


def _address_forms(tenancy: TenancyRef) -> set[str]:
    """`Kerkstraat 12 A` is written as `kerkstraat 12a`, `kerkstraat 12 a` or `kerkstraat 12-a`."""
    street, number, addition = _fold(tenancy.street), tenancy.house_number, _fold(tenancy.house_number_addition)
    if not addition:
        return {f"{street} {number}"}
    return {f"{street} {number}{addition.replace(' ', '')}", f"{street} {number} {addition}"}


def _unique(candidates: list, method: str, row: ImportedPayment, found: str, ambiguous: str) -> Match | None:
    ids = list(dict.fromkeys(candidates))
    if len(ids) == 1:
        return Match(row, ids[0], method, found)
    if len(ids) > 1:
        return Match(row, None, None, ambiguous)
    return None


def match_rows(rows: list[ImportedPayment], tenancies: list[TenancyRef]) -> list[Match]:
    """Each row gets one tenancy or None, with the reason. A known IBAN wins; then a payment reference in the
    description, then the tenant's surname, then the address. Two candidates at the same level → None."""
    matches = []
    for row in rows:
        matches.append(_match_one(row, tenancies))
    return matches


def _match_one(row: ImportedPayment, tenancies: list[TenancyRef]) -> Match:
    account = iban_compact(row.counterparty_iban)
    if account:
        ids = [t.id for t in tenancies if account in {iban_compact(i) for i in t.ibans}]
        match = _unique(ids, "iban", row, "Herkend aan het rekeningnummer van de huurder.",
                        "Dit rekeningnummer hoort bij meer dan één huurovereenkomst. Kies zelf de juiste.")
        if match:
            return match
    text = _fold(f"{row.counterparty_name} {row.description}")
    description = _fold(row.description)
    ids = [t.id for t in tenancies for ref in t.references if _contains_words(description, _fold(ref))]
    match = _unique(ids, "reference", row, "Herkend aan het betalingskenmerk in de omschrijving.",
                    "Het kenmerk in de omschrijving past bij meer dan één huurovereenkomst. Kies zelf de juiste.")
    if match:
        return match
    ids = [t.id for t in tenancies for person in t.tenant_names if _contains_words(text, _surname(person))]
    match = _unique(ids, "name", row, "Herkend aan de naam van de huurder. Controleer of dit klopt.",
                    "De naam past bij meer dan één huurovereenkomst. Kies zelf de juiste.")
    if match:
        return match
    ids = [t.id for t in tenancies if t.street and t.house_number
           and any(_contains_words(text, form) for form in _address_forms(t))]
    match = _unique(ids, "address", row, "Herkend aan het adres in de omschrijving. Controleer of dit klopt.",
                    "Het adres past bij meer dan één huurovereenkomst. Kies zelf de juiste.")
    if match:
        return match
    return Match(row, None, None, "Geen huurder gevonden bij dit rekeningnummer, deze naam of deze omschrijving. "
                                  "Kies zelf de huurovereenkomst, of sla de rij over.")
