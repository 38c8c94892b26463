"""The template registry: every `templates/<name>.docx` sits beside a spec `templates/<name>.yaml`.

A spec says what the template is (title, kind), which parts of the case it needs, which extra fields a page should
ask for (label, type, required, help, choices, default) and a sample to test it with. Adding a kind of letter is
dropping a .docx and its .yaml into `templates/` — no Python. See docs/templates.md for the admin's view.

The context a template sees is flat and already formatted in Dutch (`€ 1.234,56`, `23 november 2026`), so a
template in Word needs no filters: `{{ arrears_total }}`. `CONTEXT_FIELDS` is the catalogue of every field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

import yaml
from babel.numbers import format_decimal
from jinja2 import TemplateError

from naarnul import calendar, wording
from naarnul.documents.case import DocumentCase, parse_money
from naarnul.documents.render import explain_template_error, make_environment, open_template, render_docx
from naarnul.docx_text import docx_text
from naarnul.errors import NaarNulError, NotFound, ValidationError
from naarnul.formatting import LOCALE, format_date, format_money, format_month

# libyaml's safe loader when available: a spec with a sample case is parsed twenty times faster
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS = ("letter", "form", "agreement")
FIELD_TYPES = ("text", "date", "time", "number", "money", "choice", "bool")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_RELATIVE_DATE = re.compile(r"^today\s*([+-])\s*(\d{1,4})$")

# Parts of a case that may be absent; a spec that lists one in `case_fields` needs it present.
OPTIONAL_CASE_PARTS = {
    "reminder_date": "de datum van de betalingsherinnering",
    "objection_deadline": "de uiterste datum voor bezwaar",
    "signal": "de gegevens van de melding (kenmerk en datum)",
    "collection_costs": "de incassokosten",
    "arrangement": "een betalingsregeling met termijnen",
}
CASE_PARTS = ("landlord", "tenants", "home", "municipality", "monthly_rent", "arrears", "contact_attempts",
              *OPTIONAL_CASE_PARTS)

# Every field a template may use: name → (meaning, example). The docs table and the upload check both use it.
CONTEXT_FIELDS: dict[str, tuple[str, str]] = {
    "today": ("datum van het document", "23 november 2026"),
    "case_reference": ("kenmerk van de zaak", "NN-2026-0042"),
    "landlord_name": ("naam verhuurder", "Verhuur De Linde"),
    "landlord_address": ("straat en huisnummer verhuurder", "Lindelaan 4"),
    "landlord_postcode": ("postcode verhuurder", "3511 AB"),
    "landlord_place": ("plaats verhuurder", "Utrecht"),
    "landlord_phone": ("telefoonnummer verhuurder", "06 12345678"),
    "landlord_email": ("e-mailadres verhuurder", "anna@delinde.nl"),
    "landlord_iban": ("IBAN verhuurder, in groepjes van vier", "NL91 ABNA 0417 1643 00"),
    "landlord_contact_person": ("contactpersoon bij de verhuurder", "Anna de Linde"),
    "landlord_contact_hours": ("wanneer de verhuurder bereikbaar is", "maandag tot en met vrijdag van 9.00 tot 17.00 uur"),
    "tenants": ("lijst van huurders; per huurder: name, first_name, last_name, greeting_name, phone, email, "
                "date_of_birth", "{% for t in tenants %}{{ t.name }}{% endfor %}"),
    "tenant_names": ("namen van alle huurders", "Sam de Vries en Jan Jansen"),
    "greeting": ("aanhef met naam, volgens de voorkeur van de huurder", "Beste meneer Jansen"),
    "home_street": ("straat van de woning", "Dorpsstraat"),
    "home_number": ("huisnummer", "12"),
    "home_addition": ("toevoeging (kan leeg zijn)", "A"),
    "home_street_line": ("straat, huisnummer en toevoeging", "Dorpsstraat 12 A"),
    "home_postcode": ("postcode van de woning", "1234 AB"),
    "home_place": ("plaats van de woning", "Amsterdam"),
    "home_address": ("volledig adres van de woning op één regel", "Dorpsstraat 12 A, 1234 AB Amsterdam"),
    "municipality_name": ("gemeente", "Amsterdam"),
    "municipality_cbs_code": ("CBS-code van de gemeente", "GM0363"),
    "debt_help_name": ("schuldhulp van de gemeente", "Geldhulp Amsterdam"),
    "debt_help_phone": ("telefoonnummer schuldhulp", "020 1234567"),
    "debt_help_email": ("e-mailadres schuldhulp (kan leeg zijn)", "geldhulp@amsterdam.nl"),
    "debt_help_website": ("website schuldhulp", "www.amsterdam.nl/geldhulp"),
    "monthly_rent": ("huur per maand", "€ 850,00"),
    "arrears_total": ("totale huurachterstand", "€ 1.234,56"),
    "arrears_months": ("lijst van maanden; per maand: month, due_date, amount", "{%tr for m in arrears_months %}"),
    "arrears_month_names": ("de maanden in één zin", "september en oktober 2026"),
    "arrears_month_count": ("aantal maanden met achterstand", "2"),
    "arrears_since": ("oudste onbetaalde vervaldatum", "1 september 2026"),
    "contact_attempts": ("lijst van contactpogingen; per poging: date, channel, outcome", "{%tr for c in contact_attempts %}"),
    "contact_attempt_count": ("aantal contactpogingen", "2"),
    "reminder_date": ("datum van de betalingsherinnering (alleen als bekend)", "1 oktober 2026"),
    "objection_deadline": ("tot wanneer de huurder bezwaar kon maken tegen doorgeven (uit de zaak, alleen als "
                           "bekend)", "19 oktober 2026"),
    "objection_received": ("'ja' of 'nee': heeft de huurder bezwaar gemaakt", "nee"),
    "assumed_receipt_date": ("dag waarop de brief naar verwachting aankomt (2 bezorgdagen na de datum; post komt "
                             "dinsdag tot en met zaterdag)", "25 november 2026"),
    "costs_deadline": ("laatste dag om te betalen zonder incassokosten (14 dagen na ontvangst, volgens de Algemene "
                       "termijnenwet)", "9 december 2026"),
    "collection_costs": ("incassokosten volgens de wettelijke staffel (alleen als ingevuld)", "€ 185,19"),
    "signal_reference": ("kenmerk van de melding (alleen bij een melding)", "VS-2026-0042"),
    "signal_date": ("datum van de melding", "23 november 2026"),
    "signal_urgent": ("'ja' of 'nee': spoed", "nee"),
    "signal_urgent_reason": ("reden voor spoed (kan leeg zijn)", "zitting op 12 januari 2027"),
    "signal_support_worker": ("bekende hulpverlener (kan leeg zijn)", "Ria Bakker, Buurtteam Oost"),
    "instalments": ("lijst van termijnen; per termijn: number, due_date, amount (alleen bij een regeling)",
                    "{%tr for i in instalments %}"),
    "instalment_count": ("aantal termijnen", "4"),
    "arrangement_total": ("totaal van de regeling", "€ 1.234,56"),
    "arrangement_first_date": ("datum eerste termijn", "1 december 2026"),
    "arrangement_last_date": ("datum laatste termijn", "1 maart 2027"),
    "payment_reference": ("betalingskenmerk van de regeling", "REG-2026-0042"),
    "arrangement_includes_costs": ("waar/onwaar: telt de regeling incassokosten mee", "{% if arrangement_includes_costs %}"),
}

# Values computed from extra fields with these names (so a new template gets them without code).
DERIVED_FIELDS: dict[str, tuple[str, str]] = {
    "evaluation_3_months": ("start_date + 3 maanden", "1 april 2027"),
    "evaluation_6_months": ("start_date + 6 maanden", "1 juli 2027"),
    "evaluation_12_months": ("start_date + 12 maanden", "1 januari 2028"),
    "end_date": ("start_date + duration_months, de laatste dag", "31 december 2027"),
}


def default_templates_dir() -> Path:
    """`NAARNUL_TEMPLATES_DIR`, or `templates/` at the root of the project."""
    configured = os.environ.get("NAARNUL_TEMPLATES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "templates"


def template_version_hash(docx_bytes: bytes) -> str:
    """sha256 of the template file: a document records which version made it."""
    return hashlib.sha256(docx_bytes).hexdigest()


# --- specs ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExtraField:
    name: str
    label: str
    type: str = "text"
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    default: Any = None

    def default_value(self, today: dt.date) -> Any:
        """The default as a typed value for a form widget (`today+14` becomes a date); None when there is none."""
        if self.default is None:
            return False if self.type == "bool" else None
        return _coerce(self, self.default, today)


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    title: str
    kind: str  # letter | form | agreement; letters get the wording check
    wording_kind: str = "letter"
    description: str = ""
    case_fields: tuple[str, ...] = ()
    extra_fields: tuple[ExtraField, ...] = ()
    sample_case: dict = field(default_factory=dict, compare=False)
    sample_extra: dict = field(default_factory=dict, compare=False)
    docx_bytes: bytes = field(default=b"", repr=False, compare=False)

    @property
    def version(self) -> str:
        return template_version_hash(self.docx_bytes)

    @property
    def known_fields(self) -> set[str]:
        return set(CONTEXT_FIELDS) | set(DERIVED_FIELDS) | {f.name for f in self.extra_fields}

    def with_docx(self, docx_bytes: bytes) -> "TemplateSpec":
        return TemplateSpec(**{**self.__dict__, "docx_bytes": docx_bytes})


def parse_spec(data: Any, *, docx_bytes: bytes = b"") -> TemplateSpec:
    """A spec from a YAML text or an already-parsed mapping; every problem in one ValidationError (Dutch)."""
    if isinstance(data, (str, bytes)):
        try:
            data = yaml.load(data, Loader=_YamlLoader)
        except yaml.YAMLError as error:
            raise ValidationError(f"De beschrijving (.yaml) is geen geldige YAML: {error}") from error
    if not isinstance(data, dict):
        raise ValidationError("De beschrijving (.yaml) moet velden bevatten zoals name, title en kind.")
    problems: list[str] = []
    known = {"name", "title", "kind", "wording_kind", "description", "case_fields", "extra_fields", "sample"}
    problems += [f"Onbekend onderdeel in de beschrijving: '{key}'." for key in data if key not in known]

    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append("De naam (name) moet met een kleine letter beginnen en mag alleen a-z, 0-9 en _ bevatten.")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append("De titel (title) ontbreekt.")
    kind = data.get("kind")
    if kind not in KINDS:
        problems.append("Het soort document (kind) moet letter, form of agreement zijn.")
    wording_kind = data.get("wording_kind") or "letter"
    case_fields = data.get("case_fields") or []
    if not isinstance(case_fields, list) or any(part not in CASE_PARTS for part in case_fields):
        problems.append(f"case_fields mag alleen deze onderdelen bevatten: {', '.join(CASE_PARTS)}.")
        case_fields = []

    extra_fields = []
    raw_fields = data.get("extra_fields") or []
    if not isinstance(raw_fields, list):
        problems.append("extra_fields moet een lijst zijn.")
        raw_fields = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_fields):
        extra, field_problems = _parse_extra_field(raw, i)
        problems += field_problems
        if extra:
            if extra.name in seen:
                problems.append(f"Het extra veld '{extra.name}' staat er twee keer in.")
            seen.add(extra.name)
            extra_fields.append(extra)

    sample = data.get("sample") or {}
    if not isinstance(sample, dict) or not isinstance(sample.get("case"), dict):
        problems.append("Het voorbeeld (sample) moet een zaak bevatten (sample.case).")
        sample = {"case": {}, "extra": {}}
    sample_extra = sample.get("extra") or {}
    if not isinstance(sample_extra, dict):
        problems.append("sample.extra moet veldnamen met waarden bevatten.")
        sample_extra = {}
    if problems or not (isinstance(name, str) and isinstance(title, str) and isinstance(kind, str)):
        raise ValidationError(problems)
    return TemplateSpec(
        name=name, title=title.strip(), kind=kind, wording_kind=str(wording_kind),
        description=str(data.get("description") or "").strip(), case_fields=tuple(case_fields),
        extra_fields=tuple(extra_fields), sample_case=sample["case"], sample_extra=sample_extra,
        docx_bytes=docx_bytes,
    )


def _parse_extra_field(raw: Any, index: int) -> tuple[ExtraField | None, list[str]]:
    where = f"extra veld {index + 1}"
    if not isinstance(raw, dict):
        return None, [f"Het {where} moet een naam, label en type hebben."]
    problems = []
    unknown = set(raw) - {"name", "label", "type", "required", "help", "choices", "default"}
    problems += [f"Onbekend onderdeel '{key}' bij het {where}." for key in sorted(unknown)]
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(f"De naam van het {where} moet met een kleine letter beginnen (a-z, 0-9, _).")
        name = f"field_{index + 1}"
    elif name in CONTEXT_FIELDS or name in DERIVED_FIELDS:
        problems.append(f"Het extra veld '{name}' heeft dezelfde naam als een veld uit de zaak. Kies een andere naam.")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"Het extra veld '{name}' heeft geen label (de vraag op het scherm).")
        label = name
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        problems.append(f"Het type van '{name}' moet een van deze zijn: {', '.join(FIELD_TYPES)}.")
        ftype = "text"
    choices = raw.get("choices") or []
    if not isinstance(choices, list):
        problems.append(f"De keuzes (choices) van '{name}' moeten een lijst zijn.")
        choices = []
    choices = tuple(str(c) for c in choices)
    if ftype == "choice" and not choices:
        problems.append(f"Het keuzeveld '{name}' heeft geen keuzes (choices).")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        problems.append(f"'required' bij '{name}' moet true of false zijn.")
        required = False
    extra = ExtraField(name=name, label=label.strip(), type=ftype, required=required,
                       help=str(raw.get("help") or "").strip(), choices=choices, default=raw.get("default"))
    if extra.default is not None and not problems:
        try:
            _coerce(extra, extra.default, dt.date(2000, 1, 1))
        except ValueError as error:
            problems.append(f"De standaardwaarde van '{name}' klopt niet: {error}")
    return extra, problems


def load_template(name: str, templates_dir: str | Path | None = None) -> TemplateSpec:
    """The spec and .docx bytes of template `name`. NotFound (Dutch) when either file is missing.

    Cached on the files' modification time and size, so an edited or uploaded template is picked up at once.
    """
    directory = Path(templates_dir) if templates_dir else default_templates_dir()
    if not _NAME.match(name or ""):
        raise NotFound(f"Er is geen sjabloon met de naam '{name}'.")
    spec_path, docx_path = directory / f"{name}.yaml", directory / f"{name}.docx"
    try:
        stats = (spec_path.stat(), docx_path.stat())
    except FileNotFoundError:
        raise NotFound(f"Er is geen sjabloon met de naam '{name}' (nodig: {name}.docx en {name}.yaml).") from None
    key = (str(spec_path.resolve()), *((st.st_mtime_ns, st.st_size) for st in stats))
    cached = _SPEC_CACHE.get(key)
    if cached is not None:
        return cached
    spec = parse_spec(spec_path.read_text(encoding="utf-8"), docx_bytes=docx_path.read_bytes())
    if spec.name != name:
        raise ValidationError(f"In {spec_path.name} staat name: {spec.name}; dat moet {name} zijn.")
    if len(_SPEC_CACHE) > 256:
        _SPEC_CACHE.clear()
    _SPEC_CACHE[key] = spec
    return spec


_SPEC_CACHE: dict[tuple, TemplateSpec] = {}


def list_templates(templates_dir: str | Path | None = None) -> list[TemplateSpec]:
    """Every template in the directory that has both a .docx and a .yaml, sorted by name."""
    directory = Path(templates_dir) if templates_dir else default_templates_dir()
    names = sorted(p.stem for p in directory.glob("*.yaml") if (directory / f"{p.stem}.docx").exists())
    return [load_template(name, directory) for name in names]


# --- extra fields ---------------------------------------------------------------------------------------------------

def validate_extra_fields(spec: TemplateSpec, values: dict | None, *, today: dt.date | None = None) -> dict:
    """Typed values for every extra field of `spec` (defaults filled in). Strings from a form or the CLI are parsed.

    Returns `{name: value}` with str / date / time / Decimal / bool values. Raises ValidationError listing every
    problem in Dutch: unknown field, required field missing, value of the wrong type, choice not allowed.
    """
    values = dict(values or {})
    today = today or calendar.today()
    problems = [f"Onbekend extra veld '{name}'. Dit sjabloon kent: "
                f"{', '.join(f.name for f in spec.extra_fields) or 'geen extra velden'}."
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
            result[extra.name] = _coerce(extra, raw, today)
        except ValueError as error:
            problems.append(f"'{extra.label}' ({extra.name}): {error}")
    if problems:
        raise ValidationError(problems)
    return result


def _coerce(extra: ExtraField, raw: Any, today: dt.date) -> Any:
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
    if not isinstance(raw, (str, int, Decimal)) or isinstance(raw, bool):
        raise ValueError("moet tekst zijn.")
    text = str(raw).strip()
    if kind == "choice" and text not in extra.choices:
        raise ValueError(f"kies een van: {', '.join(extra.choices)}.")
    return text


def _format_extra(extra: ExtraField, value: Any) -> Any:
    if value is None:
        return ""
    if extra.type == "date":
        return format_date(value)
    if extra.type == "time":
        return f"{value.hour}.{value.minute:02d}"  # Dutch: 14.30 uur
    if extra.type == "money":
        return format_money(value)
    if extra.type == "number":
        return format_decimal(value, locale=LOCALE)
    return value


# --- context --------------------------------------------------------------------------------------------------------

def build_context(case: DocumentCase, spec: TemplateSpec, extra_values: dict | None = None) -> dict:
    """The flat, formatted context for `spec` (see CONTEXT_FIELDS). Raises ValidationError (Dutch) when the case lacks
    a part the template needs or an extra field is wrong."""
    problems = [f"Voor '{spec.title}' is nodig: {label} ({part})."
                for part, label in OPTIONAL_CASE_PARTS.items()
                if part in spec.case_fields and getattr(case, part) in (None, ())]
    try:
        extra = validate_extra_fields(spec, extra_values, today=case.today)
    except ValidationError as error:
        problems += error.problems
        extra = {}
    if "signal" in spec.case_fields and case.objection_received_on:
        problems.append(f"De huurder heeft op {format_date(case.objection_received_on)} bezwaar gemaakt tegen "
                        "doorgeven. Dan mag u geen melding doen bij de gemeente.")
    if extra.get("fourteen_day_letter") and case.collection_costs is None:
        problems.append("Voor de veertiendagenbrief is het bedrag aan incassokosten nodig (collection_costs). "
                        "Laat het portaal het bedrag berekenen met de wettelijke staffel.")
    if problems:
        raise ValidationError(problems)

    context = case_context(case)
    for extra_field in spec.extra_fields:
        context[extra_field.name] = _format_extra(extra_field, extra.get(extra_field.name))
    context.update(_derived(extra, case))
    return context


def case_context(case: DocumentCase) -> dict:
    """The case part of the context: every key of CONTEXT_FIELDS that the case has data for."""
    landlord, home, municipality = case.landlord, case.home, case.municipality
    cost_deadline = calendar.fourteen_day_deadline(case.today)
    context: dict[str, Any] = {
        "today": format_date(case.today),
        "case_reference": case.reference,
        "landlord_name": landlord.name,
        "landlord_address": landlord.address,
        "landlord_postcode": landlord.postcode,
        "landlord_place": landlord.place,
        "landlord_phone": landlord.phone,
        "landlord_email": landlord.email,
        "landlord_iban": format_iban(landlord.iban),
        "landlord_contact_person": landlord.contact_person,
        "landlord_contact_hours": landlord.contact_hours,
        "tenants": [
            {"name": t.name, "first_name": t.first_name, "last_name": t.last_name, "greeting_name": t.greeting_name,
             "phone": t.phone, "email": t.email,
             "date_of_birth": format_date(t.date_of_birth) if t.date_of_birth else ""}
            for t in case.tenants
        ],
        "tenant_names": join_dutch([t.name for t in case.tenants]),
        "greeting": "Beste " + join_dutch([t.greeting_name for t in case.tenants]),
        "home_street": home.street,
        "home_number": home.number,
        "home_addition": home.addition,
        "home_street_line": home.street_line,
        "home_postcode": home.postcode,
        "home_place": home.place,
        "home_address": f"{home.street_line}, {home.postcode} {home.place}",
        "municipality_name": municipality.name,
        "municipality_cbs_code": municipality.cbs_code,
        "debt_help_name": municipality.debt_help.name,
        "debt_help_phone": municipality.debt_help.phone,
        "debt_help_email": municipality.debt_help.email,
        "debt_help_website": municipality.debt_help.website,
        "monthly_rent": format_money(case.monthly_rent),
        "arrears_total": format_money(case.arrears.total),
        "arrears_months": [
            {"month": format_month(item.due_date), "due_date": format_date(item.due_date),
             "amount": format_money(item.amount_open)}
            for item in case.arrears.items
        ],
        "arrears_month_names": month_names([item.due_date for item in case.arrears.items]),
        "arrears_month_count": str(len(case.arrears.items)),
        "arrears_since": format_date(case.arrears.oldest_due_date),
        "contact_attempts": [
            {"date": format_date(a.date), "channel": a.channel, "outcome": a.outcome} for a in case.contact_attempts
        ],
        "contact_attempt_count": str(len(case.contact_attempts)),
        "objection_received": "ja" if case.objection_received_on else "nee",
        "assumed_receipt_date": format_date(calendar.assumed_receipt(case.today)),
        "costs_deadline": format_date(cost_deadline),
    }
    if case.reminder_date:
        context["reminder_date"] = format_date(case.reminder_date)
    if case.objection_deadline:
        context["objection_deadline"] = format_date(case.objection_deadline)
    if case.collection_costs is not None:
        context["collection_costs"] = format_money(case.collection_costs)
    if case.signal:
        context.update({
            "signal_reference": case.signal.reference,
            "signal_date": format_date(case.signal.date),
            "signal_urgent": "ja" if case.signal.urgent else "nee",
            "signal_urgent_reason": case.signal.urgent_reason,
            "signal_support_worker": case.signal.support_worker,
        })
    if case.arrangement:
        instalments = case.arrangement.instalments
        context.update({
            "instalments": [
                {"number": str(i.number), "due_date": format_date(i.due_date), "amount": format_money(i.amount)}
                for i in instalments
            ],
            "instalment_count": str(len(instalments)),
            "arrangement_total": format_money(case.arrangement.total),
            "arrangement_first_date": format_date(instalments[0].due_date),
            "arrangement_last_date": format_date(instalments[-1].due_date),
            "payment_reference": case.arrangement.payment_reference,
            "arrangement_includes_costs": case.arrangement.includes_costs,
        })
    return context


def _derived(extra: dict, case: DocumentCase) -> dict:
    derived: dict[str, Any] = {}
    if extra.get("fourteen_day_letter") and isinstance(extra.get("pay_before"), dt.date):
        # a 14-day letter never asks for payment before the legal term ends: one date in the letter
        derived["pay_before"] = format_date(max(extra["pay_before"], calendar.fourteen_day_deadline(case.today)))
    start = extra.get("start_date")
    if isinstance(start, dt.date):
        derived["evaluation_3_months"] = format_date(calendar.add_months(start, 3))
        derived["evaluation_6_months"] = format_date(calendar.add_months(start, 6))
        derived["evaluation_12_months"] = format_date(calendar.add_months(start, 12))
        months = extra.get("duration_months")
        if months is not None:
            end = calendar.add_months(start, int(Decimal(str(months)))) - dt.timedelta(days=1)
            derived["end_date"] = format_date(end)
    return derived


def format_iban(compact: str) -> str:
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def join_dutch(items: Iterable[str]) -> str:
    """`a`, `a en b`, `a, b en c`."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def month_names(days: Iterable[dt.date]) -> str:
    """`september en oktober 2026`; across a year end: `november en december 2026 en januari 2027`."""
    by_year: dict[int, list[str]] = {}
    for day in sorted(set(dt.date(d.year, d.month, 1) for d in days)):
        by_year.setdefault(day.year, []).append(format_month(day).rsplit(" ", 1)[0])
    return " en ".join(f"{join_dutch(months)} {year}" for year, months in by_year.items())


# --- one call: generate, and the upload check -------------------------------------------------------------------------

@dataclass(frozen=True)
class LetterFacts:
    """What a document states that a later rule depends on, kept with the stored document (never read back from its
    text): the date printed on it and, for a 14-day letter (art. 6:96 BW), the last day to pay, the cost amount it
    names and the principal that amount was computed over. `None` where the document states nothing."""

    letter_date: dt.date
    fourteen_day_letter: bool = False
    cost_deadline: dt.date | None = None
    collection_costs: Decimal | None = None
    principal: Decimal | None = None


def letter_facts(case: DocumentCase, typed_extra: dict) -> LetterFacts:
    """The facts of a document made from `case` with these (validated) extra values: the same values its text uses.

    A document is a 14-day letter when its template has the yes/no field `fourteen_day_letter` and it is on; the
    template's name or wording does not matter."""
    if typed_extra.get("fourteen_day_letter") is not True:
        return LetterFacts(letter_date=case.today)
    return LetterFacts(letter_date=case.today, fourteen_day_letter=True,
                       cost_deadline=calendar.fourteen_day_deadline(case.today),
                       collection_costs=case.collection_costs, principal=case.arrears.total)


@dataclass(frozen=True)
class GeneratedDocument:
    """What a page stores with the case: the bytes are the evidence; text is for the preview and the wording check."""

    template_name: str
    title: str
    template_version: str  # sha256 of the template .docx
    docx: bytes = field(repr=False)
    text: str = field(repr=False)
    context: dict = field(repr=False, compare=False)  # the values used (e.g. objection_deadline to record)
    facts: LetterFacts | None = None  # stored with the document: the 14-day letter's deadline and costs

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.docx).hexdigest()


def generate(case: DocumentCase, template: str | TemplateSpec, extra_values: dict | None = None, *,
             templates_dir: str | Path | None = None) -> GeneratedDocument:
    """Build the context, render the template and read the text back. Raises ValidationError / NotFound (Dutch)."""
    spec = template if isinstance(template, TemplateSpec) else load_template(template, templates_dir)
    context = build_context(case, spec, extra_values)
    facts = letter_facts(case, validate_extra_fields(spec, extra_values, today=case.today))
    docx = render_docx(spec.docx_bytes, context)
    return GeneratedDocument(template_name=spec.name, title=spec.title, template_version=spec.version,
                             docx=docx, text=docx_text(docx), context=context, facts=facts)


def sample_document(spec: TemplateSpec, *, extra_overrides: dict | None = None) -> GeneratedDocument:
    case = DocumentCase.from_json(spec.sample_case)
    return generate(case, spec, {**spec.sample_extra, **(extra_overrides or {})})


def template_variables(docx_bytes: bytes) -> set[str]:
    """Top-level names a template uses (loop variables excluded)."""
    template = open_template(docx_bytes)
    return set(template.get_undeclared_template_variables(jinja_env=make_environment()))


def check_template(docx_bytes: bytes, spec: TemplateSpec) -> list[str]:
    """Problems (Dutch) that stop an uploaded template from being accepted; an empty list means accepted.

    It must parse, use only known fields, render the spec's sample case, and — for letters — pass the wording check
    with no error-severity finding.
    """
    try:
        variables = template_variables(docx_bytes)
    except ValidationError as error:
        return error.problems
    except TemplateError as error:
        return [explain_template_error(error)]
    unknown = sorted(variables - spec.known_fields)
    problems = [f"Onbekend veld in het sjabloon: '{name}'. De velden die u kunt gebruiken staan in docs/templates.md."
                for name in unknown]
    if problems:
        return problems
    try:
        document = sample_document(spec.with_docx(docx_bytes))
    except NaarNulError as error:
        problems = getattr(error, "problems", [str(error)])
        return [f"Het voorbeeld lukt niet: {problem}" for problem in problems]
    if spec.kind == "letter":
        problems += wording_problems(document.text, spec.wording_kind)
        if document.context.get("fourteen_day_letter") is True:
            # the sample is also a 14-day letter: its term rules apply too
            problems += [p for p in wording_problems(document.text, "fourteen-day-letter") if p not in problems]
    return problems


def wording_problems(text: str, kind: str) -> list[str]:
    """Error-severity findings of the stress-sensitive wording check, as Dutch sentences."""
    report = wording.check(text, kind=kind)
    return [f"Schrijfcheck ({finding.rule}): {finding.message}" for finding in report.errors]
