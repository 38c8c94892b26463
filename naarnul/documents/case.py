"""The input of every document: one `DocumentCase`, built from plain JSON and validated in full.

`DocumentCase.from_json(data)` collects *every* problem (Dutch, with the JSON path in brackets) and raises one
`ValidationError`, so a form or the CLI can show them all at once. Money is `Decimal`, dates are `datetime.date`;
`to_json()` writes money as strings ("1234.56") and dates as ISO strings, and round-trips exactly.

Unknown keys are refused: a typing error must not be dropped silently, and a BSN must never slip into a document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum import iban

from naarnul.errors import ValidationError
from naarnul.formatting import format_money, to_money

SALUTATIONS = ("meneer", "mevrouw", "neutral")
_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
_CBS = re.compile(r"^GM\d{4}$")
_FORBIDDEN_KEYS = {"bsn", "burgerservicenummer", "sofinummer"}


@dataclass(frozen=True)
class Landlord:
    name: str
    address: str  # street and house number in one line
    postcode: str
    place: str
    phone: str
    email: str
    iban: str  # stored compact (NL91ABNA0417164300); printed in groups of four
    contact_person: str
    contact_hours: str = ""  # free text: "maandag tot en met vrijdag van 9.00 tot 17.00 uur"


@dataclass(frozen=True)
class Tenant:
    first_name: str
    last_name: str  # with prefix: "de Vries"
    salutation: str = "neutral"  # meneer | mevrouw | neutral
    phone: str = ""
    email: str = ""
    date_of_birth: dt.date | None = None  # only when known and needed to match; never a BSN

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def greeting_name(self) -> str:
        """`meneer De Vries`, `mevrouw Jansen`, or the full name when the tenant prefers no form of address."""
        if self.salutation == "neutral":
            return self.name
        # Dutch: a prefix starts with a capital when no first name precedes it ("meneer De Vries")
        return f"{self.salutation} {self.last_name[:1].upper()}{self.last_name[1:]}"


@dataclass(frozen=True)
class Address:
    street: str
    number: str
    postcode: str
    place: str
    addition: str = ""

    @property
    def street_line(self) -> str:
        return " ".join(part for part in (self.street, self.number, self.addition) if part)


@dataclass(frozen=True)
class DebtHelp:
    name: str  # "Schuldhulpverlening Amsterdam" or a person
    phone: str
    website: str
    email: str = ""


@dataclass(frozen=True)
class Municipality:
    name: str
    cbs_code: str  # GM0363
    debt_help: DebtHelp


@dataclass(frozen=True)
class ArrearsItem:
    due_date: dt.date  # the day this month's rent fell due
    amount_open: Decimal


@dataclass(frozen=True)
class Arrears:
    total: Decimal
    items: tuple[ArrearsItem, ...]
    oldest_due_date: dt.date


@dataclass(frozen=True)
class ContactAttempt:
    date: dt.date
    channel: str  # telefoon, bezoek, e-mail, app, brief
    outcome: str = ""


@dataclass(frozen=True)
class Signal:
    reference: str
    date: dt.date
    urgent: bool = False
    urgent_reason: str = ""
    support_worker: str = ""  # a known support worker (name, organisation), when there is one


@dataclass(frozen=True)
class Instalment:
    number: int
    due_date: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Arrangement:
    payment_reference: str
    instalments: tuple[Instalment, ...]
    includes_costs: bool = False  # the collection costs are part of the instalments (opt-in)

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.instalments), Decimal("0.00"))


@dataclass(frozen=True)
class DocumentCase:
    today: dt.date  # the date on the document
    reference: str  # the landlord's case reference; also the payment reference for the reminder
    landlord: Landlord
    tenants: tuple[Tenant, ...]
    home: Address
    municipality: Municipality
    monthly_rent: Decimal
    arrears: Arrears
    reminder_date: dt.date | None = None  # the written (Bgs) reminder
    objection_deadline: dt.date | None = None  # the tenant may refuse the signal before this date
    objection_received_on: dt.date | None = None  # the tenant refused: no signal may be sent
    contact_attempts: tuple[ContactAttempt, ...] = ()
    signal: Signal | None = None
    collection_costs: Decimal | None = None  # computed elsewhere by the statutory (WIK) scale; None = no costs
    arrangement: Arrangement | None = None

    # --- JSON -------------------------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Any) -> "DocumentCase":
        reader = _Reader()
        case = reader.case(data)
        if reader.problems or case is None:  # a part is missing only when a problem says why
            raise ValidationError(reader.problems or ["De zaak is onvolledig (case)."])
        return case

    def to_json(self) -> dict:
        return _to_json(self)


# --- serialisation ------------------------------------------------------------------------------------------------

def _to_json(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- validation ---------------------------------------------------------------------------------------------------

_MISSING = object()


class _Reader:
    """Reads one JSON object into dataclasses and collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, label: str, path: str, text: str) -> None:
        self.problems.append(f"{label} {text} ({path}).")

    # primitive readers return None after recording a problem

    def obj(self, data: Any, path: str, label: str, allowed: set[str]) -> dict | None:
        if not isinstance(data, dict):
            self.problem(label, path, "ontbreekt of is geen groep gegevens")
            return None
        for key in data:
            if str(key).lower() in _FORBIDDEN_KEYS:
                self.problems.append(
                    f"Een BSN hoort niet in een document of melding; haal het veld weg ({path}.{key})."
                )
            elif key not in allowed:
                self.problems.append(f"Onbekend veld ({path}.{key}). Controleer de schrijfwijze.")
        return data

    def text(self, data: dict, key: str, path: str, label: str, *, required: bool = True) -> str:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(label, f"{path}.{key}", "ontbreekt")
            return ""
        if not isinstance(value, str):
            self.problem(label, f"{path}.{key}", "moet tekst zijn")
            return ""
        return value.strip()

    def date(self, data: dict, key: str, path: str, label: str, *, required: bool = True) -> dt.date | None:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if required:
                self.problem(label, f"{path}.{key}", "ontbreekt")
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(label, f"{path}.{key}", "is geen geldige datum; schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-23")
        return None

    def money(self, data: dict, key: str, path: str, label: str, *, required: bool = True,
              positive: bool = False) -> Decimal | None:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if required:
                self.problem(label, f"{path}.{key}", "ontbreekt")
            return None
        amount = parse_money(value)
        if amount is None:
            self.problem(label, f"{path}.{key}", "is geen geldig bedrag; schrijf het bedrag als 1234.56")
            return None
        if amount < 0:
            self.problem(label, f"{path}.{key}", "mag niet negatief zijn")
            return None
        if positive and amount == 0:
            self.problem(label, f"{path}.{key}", "moet groter zijn dan nul")
            return None
        return amount

    def boolean(self, data: dict, key: str, path: str, label: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(label, f"{path}.{key}", "moet waar of onwaar zijn (true of false)")
            return False
        return value

    def array(self, data: dict, key: str, path: str, label: str, *, required: bool = True) -> list:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(label, f"{path}.{key}", "ontbreekt")
            return []
        if not isinstance(value, list):
            self.problem(label, f"{path}.{key}", "moet een lijst zijn")
            return []
        return value

    def postcode(self, data: dict, key: str, path: str, label: str) -> str:
        value = self.text(data, key, path, label)
        if not value:
            return ""
        match = _POSTCODE.match(value)
        if not match:
            self.problem(label, f"{path}.{key}", "is geen Nederlandse postcode zoals 1234 AB")
            return value
        return f"{match.group(1)} {match.group(2).upper()}"

    # sections

    def case(self, data: Any) -> DocumentCase | None:
        allowed = {f.name for f in fields(DocumentCase)}
        data = self.obj(data, "case", "De zaak", allowed)
        if data is None:
            return None
        today = self.date(data, "today", "case", "De datum van vandaag")
        reference = self.text(data, "reference", "case", "Het kenmerk van de zaak")
        landlord = self.landlord(data.get("landlord"))
        tenants = self.tenants(data)
        home = self.address(data.get("home"))
        municipality = self.municipality(data.get("municipality"))
        rent = self.money(data, "monthly_rent", "case", "De huur per maand", positive=True)
        arrears = self.arrears(data.get("arrears"))
        costs = self.money(data, "collection_costs", "case", "De incassokosten", required=False)
        arrangement = None
        if data.get("arrangement") is not None:
            arrangement = self.arrangement(data["arrangement"], arrears, costs)
        signal = self.signal(data["signal"]) if data.get("signal") is not None else None
        attempts = tuple(
            attempt for i, item in enumerate(
                self.array(data, "contact_attempts", "case", "De contactpogingen", required=False))
            if (attempt := self.contact_attempt(item, f"case.contact_attempts[{i}]")) is not None
        )
        reminder_date = self.date(data, "reminder_date", "case", "De datum van de betalingsherinnering",
                                  required=False)
        objection_deadline = self.date(data, "objection_deadline", "case", "De uiterste datum voor bezwaar",
                                       required=False)
        objection_received_on = self.date(data, "objection_received_on", "case", "De datum van het bezwaar",
                                          required=False)
        if today is None or landlord is None or home is None or municipality is None or rent is None \
                or arrears is None:
            return None  # each missing part has recorded its problem
        return DocumentCase(
            today=today,
            reference=reference,
            landlord=landlord,
            tenants=tenants,
            home=home,
            municipality=municipality,
            monthly_rent=rent,
            arrears=arrears,
            reminder_date=reminder_date,
            objection_deadline=objection_deadline,
            objection_received_on=objection_received_on,
            contact_attempts=attempts,
            signal=signal,
            collection_costs=costs,
            arrangement=arrangement,
        )

    def landlord(self, data: Any) -> Landlord | None:
        path = "case.landlord"
        data = self.obj(data, path, "De verhuurder", {f.name for f in fields(Landlord)})
        if data is None:
            return None
        iban = self.text(data, "iban", path, "Het IBAN van de verhuurder")
        compact = re.sub(r"\s+", "", iban).upper()
        if iban and not _iban_valid(compact):
            self.problem("Het IBAN van de verhuurder", f"{path}.iban", "klopt niet; controleer de cijfers")
        email = self.text(data, "email", path, "Het e-mailadres van de verhuurder")
        if email and "@" not in email:
            self.problem("Het e-mailadres van de verhuurder", f"{path}.email", "is geen e-mailadres")
        return Landlord(
            name=self.text(data, "name", path, "De naam van de verhuurder"),
            address=self.text(data, "address", path, "Het adres van de verhuurder"),
            postcode=self.text(data, "postcode", path, "De postcode van de verhuurder"),
            place=self.text(data, "place", path, "De plaats van de verhuurder"),
            phone=self.text(data, "phone", path, "Het telefoonnummer van de verhuurder"),
            email=email,
            iban=compact,
            contact_person=self.text(data, "contact_person", path, "De contactpersoon van de verhuurder"),
            contact_hours=self.text(data, "contact_hours", path, "De bereikbaarheid", required=False),
        )

    def tenants(self, data: dict) -> tuple[Tenant, ...]:
        items = self.array(data, "tenants", "case", "De huurders")
        if "tenants" in data and isinstance(data["tenants"], list) and not items:
            self.problem("Minstens één huurder", "case.tenants", "is nodig")
        result = []
        for i, item in enumerate(items):
            path = f"case.tenants[{i}]"
            item = self.obj(item, path, f"Huurder {i + 1}", {f.name for f in fields(Tenant)})
            if item is None:
                continue
            salutation = self.text(item, "salutation", path, f"De aanhef van huurder {i + 1}", required=False) or "neutral"
            if salutation not in SALUTATIONS:
                self.problem(f"De aanhef van huurder {i + 1}", f"{path}.salutation",
                             "moet meneer, mevrouw of neutral zijn")
                salutation = "neutral"
            email = self.text(item, "email", path, f"Het e-mailadres van huurder {i + 1}", required=False)
            if email and "@" not in email:
                self.problem(f"Het e-mailadres van huurder {i + 1}", f"{path}.email", "is geen e-mailadres")
            result.append(Tenant(
                first_name=self.text(item, "first_name", path, f"De voornaam van huurder {i + 1}", required=False),
                last_name=self.text(item, "last_name", path, f"De achternaam van huurder {i + 1}"),
                salutation=salutation,
                phone=self.text(item, "phone", path, f"Het telefoonnummer van huurder {i + 1}", required=False),
                email=email,
                date_of_birth=self.date(item, "date_of_birth", path, f"De geboortedatum van huurder {i + 1}", required=False),
            ))
        return tuple(result)

    def address(self, data: Any) -> Address | None:
        path = "case.home"
        data = self.obj(data, path, "Het adres van de woning", {f.name for f in fields(Address)})
        if data is None:
            return None
        return Address(
            street=self.text(data, "street", path, "De straat van de woning"),
            number=self.text(data, "number", path, "Het huisnummer van de woning"),
            addition=self.text(data, "addition", path, "De toevoeging bij het huisnummer", required=False),
            postcode=self.postcode(data, "postcode", path, "De postcode van de woning"),
            place=self.text(data, "place", path, "De plaats van de woning"),
        )

    def municipality(self, data: Any) -> Municipality | None:
        path = "case.municipality"
        data = self.obj(data, path, "De gemeente", {f.name for f in fields(Municipality)})
        if data is None:
            return None
        code = self.text(data, "cbs_code", path, "De CBS-code van de gemeente")
        if code and not _CBS.match(code):
            self.problem("De CBS-code van de gemeente", f"{path}.cbs_code", "moet de vorm GM0363 hebben")
        help_path = f"{path}.debt_help"
        help_data = self.obj(data.get("debt_help"), help_path, "De schuldhulp van de gemeente",
                             {f.name for f in fields(DebtHelp)})
        debt_help = None
        if help_data is not None:
            debt_help = DebtHelp(
                name=self.text(help_data, "name", help_path, "De naam van de schuldhulp"),
                phone=self.text(help_data, "phone", help_path, "Het telefoonnummer van de schuldhulp"),
                website=self.text(help_data, "website", help_path, "De website van de schuldhulp"),
                email=self.text(help_data, "email", help_path, "Het e-mailadres van de schuldhulp", required=False),
            )
        name = self.text(data, "name", path, "De naam van de gemeente")
        if debt_help is None:
            return None
        return Municipality(name=name, cbs_code=code, debt_help=debt_help)

    def arrears(self, data: Any) -> Arrears | None:
        path = "case.arrears"
        data = self.obj(data, path, "De huurachterstand", {f.name for f in fields(Arrears)})
        if data is None:
            return None
        total = self.money(data, "total", path, "Het totaal van de achterstand", positive=True)
        items = []
        raw_items = self.array(data, "items", path, "De maanden van de achterstand")
        if isinstance(data.get("items"), list) and not raw_items:
            self.problem("Minstens één maand", f"{path}.items", "is nodig")
        for i, item in enumerate(raw_items):
            item_path = f"{path}.items[{i}]"
            item = self.obj(item, item_path, f"Maand {i + 1} van de achterstand", {f.name for f in fields(ArrearsItem)})
            if item is None:
                continue
            due = self.date(item, "due_date", item_path, f"De vervaldatum van maand {i + 1}")
            amount = self.money(item, "amount_open", item_path, f"Het open bedrag van maand {i + 1}", positive=True)
            if due and amount is not None:
                items.append(ArrearsItem(due_date=due, amount_open=amount))
        items.sort(key=lambda item: item.due_date)
        oldest = self.date(data, "oldest_due_date", path, "De oudste onbetaalde vervaldatum", required=False)
        if items and len(items) == len(raw_items):
            if total is not None:
                added = sum((item.amount_open for item in items), Decimal("0.00"))
                if added != total:
                    self.problems.append(
                        f"Het totaal van de achterstand ({format_money(total)}) is niet gelijk aan de optelling van "
                        f"de maanden ({format_money(added)}) ({path}.total)."
                    )
            if oldest is None:
                oldest = items[0].due_date
            elif oldest != items[0].due_date:
                self.problems.append(
                    f"De oudste onbetaalde vervaldatum ({oldest.isoformat()}) is niet de vervaldatum van de oudste "
                    f"maand ({items[0].due_date.isoformat()}) ({path}.oldest_due_date)."
                )
        if total is None or oldest is None:
            return None  # the problem is recorded: total missing, or no valid month
        return Arrears(total=total, items=tuple(items), oldest_due_date=oldest)

    def contact_attempt(self, data: Any, path: str) -> ContactAttempt | None:
        data = self.obj(data, path, "Een contactpoging", {f.name for f in fields(ContactAttempt)})
        if data is None:
            return None
        day = self.date(data, "date", path, "De datum van de contactpoging")
        channel = self.text(data, "channel", path, "De manier van contact (telefoon, bezoek, e-mail, app)")
        outcome = self.text(data, "outcome", path, "De uitkomst van de contactpoging", required=False)
        return None if day is None else ContactAttempt(date=day, channel=channel, outcome=outcome)

    def signal(self, data: Any) -> Signal | None:
        path = "case.signal"
        data = self.obj(data, path, "De melding", {f.name for f in fields(Signal)})
        if data is None:
            return None
        reference = self.text(data, "reference", path, "Het kenmerk van de melding")
        day = self.date(data, "date", path, "De datum van de melding")
        urgent = self.boolean(data, "urgent", path, "Spoed")
        urgent_reason = self.text(data, "urgent_reason", path, "De reden voor spoed", required=False)
        support_worker = self.text(data, "support_worker", path, "De hulpverlener", required=False)
        if day is None:
            return None
        return Signal(reference=reference, date=day, urgent=urgent, urgent_reason=urgent_reason,
                      support_worker=support_worker)

    def arrangement(self, data: Any, arrears: Arrears | None, costs: Decimal | None) -> Arrangement | None:
        path = "case.arrangement"
        data = self.obj(data, path, "De betalingsregeling", {f.name for f in fields(Arrangement)})
        if data is None:
            return None
        instalments: list[Instalment] = []
        raw = self.array(data, "instalments", path, "De termijnen van de regeling")
        if isinstance(data.get("instalments"), list) and not raw:
            self.problem("Minstens één termijn", f"{path}.instalments", "is nodig")
        for i, item in enumerate(raw):
            item_path = f"{path}.instalments[{i}]"
            item = self.obj(item, item_path, f"Termijn {i + 1}", {f.name for f in fields(Instalment)})
            if item is None:
                continue
            number = item.get("number")
            if isinstance(number, bool) or not isinstance(number, int) or number != i + 1:
                self.problem(f"Het nummer van termijn {i + 1}", f"{item_path}.number", f"moet {i + 1} zijn")
            due = self.date(item, "due_date", item_path, f"De datum van termijn {i + 1}")
            amount = self.money(item, "amount", item_path, f"Het bedrag van termijn {i + 1}", positive=True)
            if due and amount is not None:
                if instalments and due <= instalments[-1].due_date:
                    self.problem(f"De datum van termijn {i + 1}", f"{item_path}.due_date",
                                 "moet na de datum van de vorige termijn liggen")
                instalments.append(Instalment(number=i + 1, due_date=due, amount=amount))
        includes_costs = self.boolean(data, "includes_costs", path, "Incassokosten in de regeling")
        if includes_costs and costs is None:
            self.problem("De incassokosten", "case.collection_costs", "ontbreken, maar de regeling telt ze mee")
        arrangement = Arrangement(
            payment_reference=self.text(data, "payment_reference", path, "Het betalingskenmerk"),
            instalments=tuple(instalments),
            includes_costs=includes_costs,
        )
        if arrears and arrears.total is not None and instalments and len(instalments) == len(raw):
            extra = (costs or Decimal("0.00")) if includes_costs else Decimal("0.00")
            expected = arrears.total + extra
            if arrangement.total != expected:
                self.problems.append(
                    f"De termijnen tellen op tot {format_money(arrangement.total)}, maar de regeling moet "
                    f"{format_money(expected)} zijn "
                    f"({path}.instalments)."
                )
        return arrangement


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


def _iban_valid(compact: str) -> bool:
    return bool(iban.is_valid(compact))
