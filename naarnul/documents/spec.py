"""The template spec (`templates/<name>.yaml`, pydantic): what a template is (title, kind), which parts of the case it
needs, which extra fields a page asks for (label, type, required, help, choices, default) and a sample to test it with.

`parse_spec(yaml_or_mapping)` lists every problem in Dutch in one ValidationError; `validate_extra_fields(spec,
values)` types what a form or the CLI typed for the extra fields. See docs/templates.md for the admin's view.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from naarnul import calendar
from naarnul.documents.dutch_errors import fail, fail_many
from naarnul.documents.fields import CASE_PARTS, CONTEXT_FIELDS, DERIVED_FIELDS
from naarnul.documents.values import parse_money
from naarnul.errors import ValidationError

# libyaml's safe loader when available: a spec with a sample case is parsed twenty times faster
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS = ("letter", "form", "agreement")
FIELD_TYPES = ("text", "date", "time", "number", "money", "choice", "bool", "list")
MAX_LIST_ITEMS = 50  # a "list" field (one item per line; a template loops over it)
MAX_LIST_ITEM = 500
NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_RELATIVE_DATE = re.compile(r"^today\s*([+-])\s*(\d{1,4})$")


def template_version_hash(docx_bytes: bytes) -> str:
    """sha256 of the template file: a document records which version made it."""
    return hashlib.sha256(docx_bytes).hexdigest()


class ExtraField(BaseModel):
    """A question a page asks before making the document (`{{ <name> }}` in the template)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(None, validate_default=True)
    label: str = Field(None, validate_default=True)
    type: str = "text"
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = Field((), validate_default=True)
    default: Any = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        if not isinstance(value, str) or not NAME.match(value):
            raise fail("De naam van het extra veld {n} moet met een kleine letter beginnen (a-z, 0-9, _).")
        if value in CONTEXT_FIELDS or value in DERIVED_FIELDS:
            raise fail(f"Het extra veld '{value}' heeft dezelfde naam als een veld uit de zaak. Kies een andere naam.")
        return value

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str) or not value.strip():
            raise fail(f"Het extra veld '{_name_of(info)}' heeft geen label (de vraag op het scherm).")
        return value.strip()

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any, info: ValidationInfo) -> str:
        if value not in FIELD_TYPES:
            raise fail(f"Het type van '{_name_of(info)}' moet een van deze zijn: {', '.join(FIELD_TYPES)}.")
        return value

    @field_validator("required", mode="before")
    @classmethod
    def _required(cls, value: Any, info: ValidationInfo) -> bool:
        if not isinstance(value, bool):
            raise fail(f"'required' bij '{_name_of(info)}' moet true of false zijn.")
        return value

    @field_validator("help", mode="before")
    @classmethod
    def _help(cls, value: Any) -> str:
        return str(value or "").strip()

    @field_validator("choices", mode="before")
    @classmethod
    def _choices(cls, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        value = value or []
        if not isinstance(value, list):
            raise fail(f"De keuzes (choices) van '{_name_of(info)}' moeten een lijst zijn.")
        if info.data.get("type") == "choice" and not value:
            raise fail(f"Het keuzeveld '{_name_of(info)}' heeft geen keuzes (choices).")
        return tuple(str(choice) for choice in value)

    @model_validator(mode="after")
    def _default_fits(self) -> ExtraField:
        if self.default is not None:
            try:
                coerce(self, self.default, dt.date(2000, 1, 1))
            except ValueError as error:
                raise fail(f"De standaardwaarde van '{self.name}' klopt niet: {error}") from None
        return self

    def default_value(self, today: dt.date) -> Any:
        """The default as a typed value for a form widget (`today+14` becomes a date); None when there is none."""
        if self.default is None:
            return False if self.type == "bool" else None
        return coerce(self, self.default, today)


def _name_of(info: ValidationInfo) -> str:
    """The extra field's name for a message about its other parts (`field_{n}` while the name itself is wrong)."""
    return info.data.get("name") or "field_{n}"


class SpecSample(BaseModel):
    """The sample a new version is tested with: a case (JSON, see DocumentCase) and values for the extra fields."""

    model_config = ConfigDict(frozen=True)

    case: dict = Field(default_factory=dict)
    extra: dict = Field(default_factory=dict)


class TemplateSpec(BaseModel):
    """A template's spec as read from its .yaml, with the .docx bytes it describes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(None, validate_default=True)
    title: str = Field(None, validate_default=True)
    kind: str = Field(None, validate_default=True)  # letter | form | agreement; letters get the wording check
    wording_kind: str = "letter"
    description: str = ""
    case_fields: tuple[str, ...] = ()
    extra_fields: tuple[ExtraField, ...] = ()
    sample: SpecSample = Field(None, validate_default=True)
    docx_bytes: bytes = Field(b"", repr=False)

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        if not isinstance(value, str) or not NAME.match(value):
            raise fail("De naam (name) moet met een kleine letter beginnen en mag alleen a-z, 0-9 en _ bevatten.")
        return value

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise fail("De titel (title) ontbreekt.")
        return value.strip()

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> str:
        if value not in KINDS:
            raise fail("Het soort document (kind) moet letter, form of agreement zijn.")
        return value

    @field_validator("wording_kind", mode="before")
    @classmethod
    def _wording_kind(cls, value: Any) -> str:
        return str(value or "letter")

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str:
        return str(value or "").strip()

    @field_validator("case_fields", mode="before")
    @classmethod
    def _case_fields(cls, value: Any) -> tuple[str, ...]:
        value = value or []
        if not isinstance(value, list) or any(part not in CASE_PARTS for part in value):
            raise fail(f"case_fields mag alleen deze onderdelen bevatten: {', '.join(CASE_PARTS)}.")
        return tuple(value)

    @field_validator("extra_fields", mode="before")
    @classmethod
    def _extra_field_list(cls, value: Any) -> list:
        value = value or []
        if not isinstance(value, list):
            raise fail("extra_fields moet een lijst zijn.")
        return value

    @field_validator("extra_fields")
    @classmethod
    def _each_name_once(cls, fields: tuple[ExtraField, ...]) -> tuple[ExtraField, ...]:
        names = [f.name for f in fields]
        twice = [name for i, name in enumerate(names) if name in names[:i]]
        if twice:
            raise fail_many([(f"Het extra veld '{name}' staat er twee keer in.", "") for name in twice])
        return fields

    @field_validator("sample", mode="before")
    @classmethod
    def _sample(cls, value: Any) -> Any:
        value = value or {}
        if not isinstance(value, dict) or not isinstance(value.get("case"), dict):
            raise fail("Het voorbeeld (sample) moet een zaak bevatten (sample.case).")
        if not isinstance(value.get("extra") or {}, dict):
            raise fail("sample.extra moet veldnamen met waarden bevatten.")
        return {"case": value["case"], "extra": value.get("extra") or {}}

    @property
    def sample_case(self) -> dict:
        return self.sample.case

    @property
    def sample_extra(self) -> dict:
        return self.sample.extra

    @property
    def version(self) -> str:
        return template_version_hash(self.docx_bytes)

    @property
    def known_fields(self) -> set[str]:
        return set(CONTEXT_FIELDS) | set(DERIVED_FIELDS) | {f.name for f in self.extra_fields}

    def with_docx(self, docx_bytes: bytes) -> TemplateSpec:
        return self.model_copy(update={"docx_bytes": docx_bytes})


def parse_spec(data: Any, *, docx_bytes: bytes = b"") -> TemplateSpec:
    """A spec from a YAML text or an already-parsed mapping; every problem in one ValidationError (Dutch)."""
    if isinstance(data, (str, bytes)):
        try:
            data = yaml.load(data, Loader=_YamlLoader)
        except yaml.YAMLError as error:
            raise ValidationError(f"De beschrijving (.yaml) is geen geldige YAML: {error}") from error
    if not isinstance(data, dict) or "docx_bytes" in data:
        raise ValidationError("De beschrijving (.yaml) moet velden bevatten zoals name, title en kind.")
    try:
        return TemplateSpec.model_validate({**data, "docx_bytes": docx_bytes})
    except PydanticValidationError as error:
        raise ValidationError(_spec_problems(error)) from None


def _spec_problems(error: PydanticValidationError) -> list[str]:
    """The spec's validation errors as the Dutch sentences an admin reads (they name the part themselves)."""
    problems: list[str] = []
    for item in error.errors():
        loc, kind, ctx = tuple(item["loc"]), item["type"], item.get("ctx") or {}
        number = next((str(part + 1) for part in loc if isinstance(part, int)), "")
        in_extra_field = loc[:1] == ("extra_fields",) and len(loc) > 1
        if kind in ("nl", "nl_sentence"):
            problems.append(str(ctx["text"]).replace("{n}", number))
        elif kind == "nl_many":
            problems += [sentence for sentence, _ in ctx["problems"]]
        elif kind == "extra_forbidden" and in_extra_field:
            problems.append(f"Onbekend onderdeel '{loc[-1]}' bij het extra veld {number}.")
        elif kind == "extra_forbidden":
            problems.append(f"Onbekend onderdeel in de beschrijving: '{loc[-1]}'.")
        elif in_extra_field and len(loc) == 2:
            problems.append(f"Het extra veld {number} moet een naam, label en type hebben.")
        else:  # a check without its own Dutch text: still say where
            problems.append(f"De beschrijving klopt niet bij {'.'.join(str(part) for part in loc)}.")
    return problems


# --- the values of the extra fields ---------------------------------------------------------------------------------

# collection costs are never an extra value: they are part of the case, computed by the statutory scale
_COSTS_HINT = (" De incassokosten staan in de zaak (collection_costs) en zijn nooit hoger dan de wettelijke staffel "
               "voor de achterstand.")


def validate_extra_fields(spec: TemplateSpec, values: dict | None, *, today: dt.date | None = None) -> dict:
    """Typed values for every extra field of `spec` (defaults filled in). Strings from a form or the CLI are parsed.

    Returns `{name: value}` with str / date / time / Decimal / bool values. Raises ValidationError listing every
    problem in Dutch: unknown field, required field missing, value of the wrong type, choice not allowed.
    """
    values = dict(values or {})
    today = today or calendar.today()
    problems = [f"Onbekend extra veld '{name}'. Dit sjabloon kent: "
                f"{', '.join(f.name for f in spec.extra_fields) or 'geen extra velden'}."
                + (_COSTS_HINT if name == "collection_costs" else "")
                for name in values if name not in {f.name for f in spec.extra_fields}]
    result: dict[str, Any] = {}
    for extra in spec.extra_fields:
        raw = values.get(extra.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raw = extra.default
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if extra.required:
                problems.append(f"'{extra.label}' is verplicht ({extra.name}).")
            result[extra.name] = False if extra.type == "bool" else None
            continue
        try:
            result[extra.name] = coerce(extra, raw, today)
        except ValueError as error:
            problems.append(f"'{extra.label}' ({extra.name}): {error}")
    if problems:
        raise ValidationError(problems)
    return result


def coerce(extra: ExtraField, raw: Any, today: dt.date) -> Any:
    """`raw` (from a form, the CLI or the spec's default) as the typed value of `extra`; ValueError (Dutch) if not."""
    kind = extra.type
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("ja", "true", "waar", "1", "yes"):
            return True
        if text in ("nee", "false", "onwaar", "0", "no"):
            return False
        raise ValueError("kies ja of nee.")
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = str(raw).strip()
        match = _RELATIVE_DATE.match(text)
        if match:
            days = int(match.group(2)) * (1 if match.group(1) == "+" else -1)
            return today + dt.timedelta(days=days)
        for parse in (dt.date.fromisoformat, lambda s: dt.datetime.strptime(s, "%d-%m-%Y").date()):
            try:
                return parse(text)
            except ValueError:
                pass
        raise ValueError("geen geldige datum; schrijf bijvoorbeeld 2026-11-23 of 23-11-2026.")
    if kind == "time":
        if isinstance(raw, dt.time):
            return raw
        match = re.match(r"^(\d{1,2})[:.](\d{2})$", str(raw).strip())
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return dt.time(int(match.group(1)), int(match.group(2)))
        raise ValueError("geen geldige tijd; schrijf bijvoorbeeld 14:30.")
    if kind == "money":
        amount = parse_money(raw)
        if amount is None or amount < 0:
            raise ValueError("geen geldig bedrag; schrijf bijvoorbeeld 1234.56.")
        return amount
    if kind == "number":
        if isinstance(raw, bool):
            raise ValueError("geen getal.")
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError("geen getal.") from None
        if not number.is_finite():
            raise ValueError("geen getal.")
        return number
    if kind == "list":
        items = raw if isinstance(raw, (list, tuple)) else str(raw).splitlines()
        items = [str(item).strip() for item in items if str(item).strip()]
        if len(items) > MAX_LIST_ITEMS or any(len(item) > MAX_LIST_ITEM for item in items):
            raise ValueError(f"hoogstens {MAX_LIST_ITEMS} regels van elk hoogstens {MAX_LIST_ITEM} tekens.")
        return items
    if not isinstance(raw, (str, int, Decimal)) or isinstance(raw, bool):
        raise ValueError("moet tekst zijn.")
    text = str(raw).strip()
    if kind == "choice" and text not in extra.choices:
        raise ValueError(f"kies een van: {', '.join(extra.choices)}.")
    return text
