"""The input of every document: one `DocumentCase` (pydantic models), built from plain JSON and validated in full.

`DocumentCase.from_json(data)` collects *every* problem (Dutch, with the JSON path in brackets) and raises one
`ValidationError`, so a form or the CLI can show them all at once. Money is `Decimal`, dates are `datetime.date`;
`to_json()` writes money as strings ("1234.56") and dates as ISO strings, and round-trips exactly.

Unknown keys are refused: a typing error must not be dropped silently, and a BSN must never slip into a document.
Each field's Dutch label is its `title`; naarnul.documents.dutch_errors turns pydantic's errors into sentences.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from naarnul.arrangement.costs import costs_above_scale
from naarnul.documents.dutch_errors import dutch_problems, fail_many, fail_sentence
from naarnul.documents.values import (
    CbsCode,
    Date,
    Email,
    Flag,
    Iban,
    InstalmentNumber,
    OptionalDate,
    OptionalEmail,
    OptionalMoney,
    OptionalText,
    PositiveMoney,
    Postcode,
    Salutation,
    Text,
    at_least_one,
    read_date,
    read_list,
    read_optional_list,
)
from naarnul.errors import ValidationError
from naarnul.formatting import format_money

ZERO = Decimal("0.00")


def _config(title: str) -> ConfigDict:
    return ConfigDict(title=title, frozen=True, extra="forbid")


# --- the case -------------------------------------------------------------------------------------------------------

class Landlord(BaseModel):
    model_config = _config("De verhuurder")

    name: Text = Field(title="De naam van de verhuurder")
    address: Text = Field(title="Het adres van de verhuurder")  # street and house number in one line
    postcode: Text = Field(title="De postcode van de verhuurder")
    place: Text = Field(title="De plaats van de verhuurder")
    phone: Text = Field(title="Het telefoonnummer van de verhuurder")
    email: Email = Field(title="Het e-mailadres van de verhuurder")
    iban: Iban = Field(title="Het IBAN van de verhuurder")
    contact_person: Text = Field(title="De contactpersoon van de verhuurder")
    contact_hours: OptionalText = Field("", title="De bereikbaarheid")  # "maandag tot en met vrijdag van 9.00 …"


class Tenant(BaseModel):
    model_config = _config("Huurder {n}")

    first_name: OptionalText = Field("", title="De voornaam van huurder {n}")
    last_name: Text = Field(title="De achternaam van huurder {n}")  # with prefix: "de Vries"
    salutation: Salutation = Field("neutral", title="De aanhef van huurder {n}")
    phone: OptionalText = Field("", title="Het telefoonnummer van huurder {n}")
    email: OptionalEmail = Field("", title="Het e-mailadres van huurder {n}")
    # only when known and needed to match; never a BSN
    date_of_birth: OptionalDate = Field(None, title="De geboortedatum van huurder {n}")

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


class Address(BaseModel):
    model_config = _config("Het adres van de woning")

    street: Text = Field(title="De straat van de woning")
    number: Text = Field(title="Het huisnummer van de woning")
    postcode: Postcode = Field(title="De postcode van de woning")
    place: Text = Field(title="De plaats van de woning")
    addition: OptionalText = Field("", title="De toevoeging bij het huisnummer")

    @property
    def street_line(self) -> str:
        return " ".join(part for part in (self.street, self.number, self.addition) if part)


class DebtHelp(BaseModel):
    model_config = _config("De schuldhulp van de gemeente")

    name: Text = Field(title="De naam van de schuldhulp")  # "Schuldhulpverlening Amsterdam" or a person
    phone: Text = Field(title="Het telefoonnummer van de schuldhulp")
    website: Text = Field(title="De website van de schuldhulp")
    email: OptionalText = Field("", title="Het e-mailadres van de schuldhulp")
    # False when this is not the municipality's own debt help but the national fallback (Geldfit): then no letter
    # presents it as the municipality
    is_municipal: Flag = Field(True, title="Schuldhulp van de gemeente zelf")


class Municipality(BaseModel):
    model_config = _config("De gemeente")

    name: Text = Field(title="De naam van de gemeente")
    cbs_code: CbsCode = Field(title="De CBS-code van de gemeente")  # GM0363
    debt_help: DebtHelp = Field(title="De schuldhulp van de gemeente")


class ArrearsItem(BaseModel):
    model_config = _config("Maand {n} van de achterstand")

    due_date: Date = Field(title="De vervaldatum van maand {n}")  # the day this month's rent fell due
    amount_open: PositiveMoney = Field(title="Het open bedrag van maand {n}")


class Arrears(BaseModel):
    model_config = _config("De huurachterstand")

    total: PositiveMoney = Field(title="Het totaal van de achterstand")
    items: Annotated[tuple[ArrearsItem, ...], BeforeValidator(read_list),
                     AfterValidator(at_least_one("Minstens één maand"))] = Field(title="De maanden van de achterstand")
    oldest_due_date: Date = Field(title="De oudste onbetaalde vervaldatum")  # derived from the months when absent

    @model_validator(mode="before")
    @classmethod
    def _oldest_from_the_months(cls, data: Any) -> Any:
        """No oldest date given: the earliest month's (a placeholder when the months are wrong; they say why)."""
        if not isinstance(data, dict) or data.get("oldest_due_date") not in (None, ""):
            return data
        dates = []
        for item in data.get("items") or []:
            try:
                dates.append(read_date(item.get("due_date") if isinstance(item, dict) else None))
            except PydanticCustomError:  # the month reports its own problem
                dates.append(dt.date.max)
        return {**data, "oldest_due_date": min(dates, default=dt.date.max)}

    @field_validator("items")
    @classmethod
    def _oldest_first(cls, items: tuple[ArrearsItem, ...]) -> tuple[ArrearsItem, ...]:
        return tuple(sorted(items, key=lambda item: item.due_date))

    @model_validator(mode="after")
    def _adds_up(self) -> Arrears:
        problems = []
        added = sum((item.amount_open for item in self.items), ZERO)
        if added != self.total:
            problems.append((f"Het totaal van de achterstand ({format_money(self.total)}) is niet gelijk aan de "
                             f"optelling van de maanden ({format_money(added)})", ".total"))
        if self.oldest_due_date != self.items[0].due_date:
            problems.append((f"De oudste onbetaalde vervaldatum ({self.oldest_due_date.isoformat()}) is niet de "
                             f"vervaldatum van de oudste maand ({self.items[0].due_date.isoformat()})",
                             ".oldest_due_date"))
        if problems:
            raise fail_many(problems)
        return self


class ContactAttempt(BaseModel):
    model_config = _config("Een contactpoging")

    date: Date = Field(title="De datum van de contactpoging")
    channel: Text = Field(title="De manier van contact (telefoon, bezoek, e-mail, app)")
    outcome: OptionalText = Field("", title="De uitkomst van de contactpoging")


class Signal(BaseModel):
    model_config = _config("De melding")

    reference: Text = Field(title="Het kenmerk van de melding")
    date: Date = Field(title="De datum van de melding")
    urgent: Flag = Field(False, title="Spoed")
    urgent_reason: OptionalText = Field("", title="De reden voor spoed")
    # a known support worker (name, organisation), when there is one
    support_worker: OptionalText = Field("", title="De hulpverlener")


class FormAnswer(BaseModel):
    """An answer to an extra question on a case form (issue 16); a template reads it as `extra.<key>`."""

    model_config = _config("Een antwoord op een extra vraag")

    key: str = Field(title="De sleutel van de vraag", pattern=r"^[a-z][a-z0-9_]{0,59}$")
    label: str = Field(title="De vraag", max_length=200)
    type: str = Field("text", title="De soort antwoord", pattern=r"^(text|date|money|bool|choice)$")
    value: str = Field(title="Het antwoord", max_length=1000)


class Instalment(BaseModel):
    model_config = _config("Termijn {n}")

    number: InstalmentNumber = Field(
        None, validate_default=True, title="Het nummer van termijn {n}")  # a missing number is refused too
    due_date: Date = Field(title="De datum van termijn {n}")
    amount: PositiveMoney = Field(title="Het bedrag van termijn {n}")


class Arrangement(BaseModel):
    model_config = _config("De betalingsregeling")

    payment_reference: Text = Field(title="Het betalingskenmerk")
    instalments: Annotated[tuple[Instalment, ...], BeforeValidator(read_list),
                           AfterValidator(at_least_one("Minstens één termijn"))] = Field(
        title="De termijnen van de regeling")
    # the collection costs are part of the instalments (opt-in)
    includes_costs: Flag = Field(False, title="Incassokosten in de regeling")

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.instalments), ZERO)


class DocumentCase(BaseModel):
    model_config = _config("De zaak")

    today: Date = Field(title="De datum van vandaag")  # the date on the document
    # the landlord's case reference; also the payment reference for the reminder
    reference: Text = Field(title="Het kenmerk van de zaak")
    landlord: Landlord = Field(title="De verhuurder")
    tenants: Annotated[tuple[Tenant, ...], BeforeValidator(read_list),
                       AfterValidator(at_least_one("Minstens één huurder"))] = Field(title="De huurders")
    home: Address = Field(title="Het adres van de woning")
    municipality: Municipality = Field(title="De gemeente")
    monthly_rent: PositiveMoney = Field(title="De huur per maand")
    arrears: Arrears = Field(title="De huurachterstand")
    reminder_date: OptionalDate = Field(None, title="De datum van de betalingsherinnering")  # the written reminder
    # the tenant may refuse the signal before this date
    objection_deadline: OptionalDate = Field(None, title="De uiterste datum voor bezwaar")
    # the tenant refused: no signal may be sent
    objection_received_on: OptionalDate = Field(None, title="De datum van het bezwaar")
    contact_attempts: Annotated[tuple[ContactAttempt, ...], BeforeValidator(read_optional_list)] = Field(
        (), title="De contactpogingen")
    signal: Signal | None = Field(None, title="De melding")
    # computed elsewhere by the statutory (WIK) scale; None = no costs
    collection_costs: OptionalMoney = Field(None, title="De incassokosten")
    arrangement: Arrangement | None = Field(None, title="De betalingsregeling")
    # answers to the admin's extra questions on the case forms (issue 16), as stored (ISO date, 1234.56, ja/nee)
    form_answers: Annotated[tuple[FormAnswer, ...], BeforeValidator(read_optional_list)] = Field(
        (), title="De antwoorden op extra vragen")
    # the admin's setting (issue 11): a letter is assumed received this many delivery days after its date
    delivery_days: int = Field(2, ge=0, le=10, title="Het aantal bezorgdagen van een brief")

    @field_validator("collection_costs")
    @classmethod
    def _costs_within_the_scale(cls, costs: Decimal | None, info: ValidationInfo) -> Decimal | None:
        """The costs a document names never exceed the statutory (WIK) scale for the arrears in it, whichever path
        made the case (form, `naarnul render --case`, bulk): `naarnul.arrangement.costs_above_scale`."""
        arrears = info.data.get("arrears")
        if costs is None or arrears is None:  # invalid arrears say what is wrong themselves
            return costs
        reason = costs_above_scale(costs, arrears.total)
        if reason is not None:
            raise fail_sentence(reason)
        return costs

    @field_validator("arrangement")
    @classmethod
    def _arrangement_adds_up(cls, arrangement: Arrangement | None, info: ValidationInfo) -> Arrangement | None:
        """Instalments numbered 1, 2, … with rising dates, adding up to the arrears (+ the costs when included)."""
        if arrangement is None:
            return None
        problems = []
        instalments = arrangement.instalments
        for i, item in enumerate(instalments):
            if item.number != i + 1:
                problems.append((f"Het nummer van termijn {i + 1} moet {i + 1} zijn", f".instalments[{i}].number"))
            if i and item.due_date <= instalments[i - 1].due_date:
                problems.append((f"De datum van termijn {i + 1} moet na de datum van de vorige termijn liggen",
                                 f".instalments[{i}].due_date"))
        costs = info.data.get("collection_costs")
        if arrangement.includes_costs and costs is None:
            problems.append(("De incassokosten ontbreken, maar de regeling telt ze mee", "/.collection_costs"))
        arrears = info.data.get("arrears")
        if arrears is not None:  # valid arrears (else they say what is wrong)
            expected = arrears.total + ((costs or ZERO) if arrangement.includes_costs else ZERO)
            if arrangement.total != expected:
                problems.append((f"De termijnen tellen op tot {format_money(arrangement.total)}, maar de regeling "
                                 f"moet {format_money(expected)} zijn", ".instalments"))
        if problems:
            raise fail_many(problems)
        return arrangement

    # --- JSON -------------------------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Any) -> DocumentCase:
        try:
            return cls.model_validate(data)
        except PydanticValidationError as error:
            raise ValidationError(dutch_problems(error, cls, "case")) from None

    def to_json(self) -> dict:
        return self.model_dump(mode="json")
