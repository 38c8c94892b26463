"""A new template from a Word file alone (issue 16): which fields the .docx uses, which of them the case already knows,
near-miss suggestions for the others, and a proposed question for every new field, edited by the admin in one table
and turned into a TemplateSpec (no YAML typed).

Pure functions, except `template_usage`, which parses the attacker-written Jinja of an upload and therefore only
ever runs inside `naarnul.documents.sandbox.run_limited` (a child process with a time and memory limit).

    usage = sandbox.run_limited(template_usage, docx_bytes)      # {name: FieldUse}, plain values
    known, new = split_fields(usage)                              # case fields (with meaning) / new ones
    suggestion_for("arrears_totaal")                             # "arrears_total"
    rows = [proposal_row(q) for q in propose_questions(new)]      # the admin's table
    spec = spec_from_table(name=..., title=..., rows=rows, used=usage, sample_case=...)
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import yaml
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes

from naarnul.documents.fields import CONTEXT_FIELDS, DERIVED_FIELDS
from naarnul.documents.render import explain_template_error, make_environment
from naarnul.documents.spec import NAME, TemplateSpec, parse_spec
from naarnul.errors import ValidationError

# --- bounds of what the admin types in the table --------------------------------------------------------------------
MAX_NEW_FIELDS = 40
MAX_LABEL = 200
MAX_HELP = 500
MAX_DEFAULT = 500
MAX_CHOICES = 20
MAX_CHOICE_LENGTH = 80
MAX_TITLE = 200
MAX_DESCRIPTION = 500

# The field types a question can have, with the word the admin sees in the table.
TYPE_LABELS: dict[str, str] = {
    "text": "tekst", "date": "datum", "time": "tijd", "number": "getal", "money": "bedrag",
    "choice": "keuze", "bool": "ja/nee", "list": "lijst",
}
_TYPE_BY_LABEL = {label: key for key, label in TYPE_LABELS.items()}

# --- the one home of the Dutch (and loose) names for a case field: {{ huurder }} means tenant_names ---------------------
SYNONYMS: dict[str, str] = {
    "huurder": "tenant_names", "huurders": "tenant_names", "naam_huurder": "tenant_names",
    "huurder_naam": "tenant_names", "tenant": "tenant_names", "tenant_name": "tenant_names",
    "verhuurder": "landlord_name", "naam_verhuurder": "landlord_name", "landlord": "landlord_name",
    "aanhef": "greeting", "achterstand": "arrears_total", "huurachterstand": "arrears_total",
    "arrears": "arrears_total", "huur": "monthly_rent", "huurprijs": "monthly_rent", "rent": "monthly_rent",
    "adres": "home_address", "address": "home_address", "woning": "home_address", "straat": "home_street",
    "postcode": "home_postcode", "woonplaats": "home_place", "plaats": "home_place",
    "gemeente": "municipality_name", "municipality": "municipality_name", "schuldhulp": "debt_help_name",
    "kenmerk": "case_reference", "dossiernummer": "case_reference", "reference": "case_reference",
    "datum": "today", "vandaag": "today", "date": "today", "iban": "landlord_iban",
    "rekeningnummer": "landlord_iban", "telefoon": "landlord_phone", "email": "landlord_email",
    "contactpersoon": "landlord_contact_person", "incassokosten": "collection_costs",
    "herinneringsdatum": "reminder_date", "meldingsdatum": "signal_date",
}
_SUGGEST_CUTOFF = 0.8

# Words in a field name and their Dutch for the proposed label.
_WORDS: dict[str, str] = {
    "date": "datum", "time": "tijd", "amount": "bedrag", "visit": "bezoek", "home": "huis", "meeting": "afspraak",
    "place": "plaats", "reason": "reden", "note": "opmerking", "notes": "opmerkingen", "name": "naam",
    "phone": "telefoon", "new": "nieuwe", "old": "oude", "rent": "huur", "reduction": "verlaging",
    "start": "begin", "end": "einde", "missed": "gemist", "card": "kaart", "items": "punten", "points": "punten",
    "agreements": "afspraken", "worker": "medewerker", "person": "persoon", "number": "nummer", "is": "",
    "has": "", "with": "met", "without": "zonder", "and": "en", "of": "van", "deadline": "uiterste datum",
}
_DATE_WORDS = ("date", "datum", "dag")
_MONEY_WORDS = ("amount", "bedrag", "bedragen", "kosten", "prijs")
_TIME_WORDS = ("time", "tijd", "tijdstip")

# A new field that uses a part of the case that is not always there: the spec asks for that part.
_PARTS_BY_PREFIX = (("instalment", "arrangement"), ("arrangement_", "arrangement"), ("payment_reference", "arrangement"),
                    ("signal_", "signal"), ("reminder_date", "reminder_date"), ("objection_deadline", "objection_deadline"),
                    ("collection_costs", "collection_costs"))
BASE_CASE_PARTS = ("landlord", "tenants", "home", "municipality", "arrears")


def known_field_meanings() -> dict[str, str]:
    """Every field the case (or a derived value) gives a template: name → meaning."""
    return {name: meaning for name, (meaning, _example) in {**CONTEXT_FIELDS, **DERIVED_FIELDS}.items()}


# --- what the template does with each field (parsed in the sandbox) -------------------------------------------------

@dataclass(frozen=True)
class FieldUse:
    """How a template uses one top-level name: printed, tested in {% if %}, looped over, compared with texts,
    and whether every use is inside an {% if %} (then it may be empty)."""

    printed: bool = False
    in_if: bool = False
    in_for: bool = False
    compared_with: tuple[str, ...] = ()
    only_guarded: bool = False


def _template_sources(docx_bytes: bytes) -> list[str]:
    template = DocxTemplate(io.BytesIO(docx_bytes))
    template.init_docx()
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _key, part in template.get_headers_footers(uri):
            sources.append(template.patch_xml(template.get_part_xml(part)))
    return sources


def _names(expr: nodes.Node) -> list[str]:
    found = [expr] if isinstance(expr, nodes.Name) else []
    return [n.name for n in [*found, *expr.find_all(nodes.Name)]]


def template_usage(docx_bytes: bytes) -> dict[str, FieldUse]:
    """The template's undeclared variables (docxtpl's list: loop variables excluded) and how each is used.

    Parses untrusted Jinja: call it only through `sandbox.run_limited`. Raises ValidationError (Dutch)."""
    try:
        sources = _template_sources(docx_bytes)
    except Exception:  # python-docx raises several kinds for a broken package
        raise ValidationError("Het bestand is geen geldig Word-document (.docx). Sla het in Word op als .docx.") \
            from None
    environment = make_environment()
    undeclared: set[str] = set()
    printed: set[str] = set()
    in_if: set[str] = set()
    in_for: set[str] = set()
    guarded: set[str] = set()
    unguarded: set[str] = set()
    compared: dict[str, list[str]] = {}

    def walk(node: nodes.Node, inside_if: bool) -> None:
        if isinstance(node, nodes.Output):
            for expr in node.nodes:
                for name in _names(expr):
                    printed.add(name)
                    (guarded if inside_if else unguarded).add(name)
            return
        if isinstance(node, nodes.If):
            tests = [node.test, *(elif_.test for elif_ in node.elif_)]
            for test in tests:
                bare = test.node if isinstance(test, nodes.Not) else test
                if isinstance(bare, nodes.Name):
                    in_if.add(bare.name)
                for compare in [bare, *bare.find_all(nodes.Compare)]:
                    if isinstance(compare, nodes.Compare) and isinstance(compare.expr, nodes.Name):
                        texts = [op.expr.value for op in compare.ops
                                 if isinstance(op.expr, nodes.Const) and isinstance(op.expr.value, str)]
                        compared.setdefault(compare.expr.name, []).extend(texts)
            for child in [*node.body, *(n for elif_ in node.elif_ for n in elif_.body), *node.else_]:
                walk(child, True)
            return
        if isinstance(node, nodes.For):
            for name in _names(node.iter):
                in_for.add(name)
                (guarded if inside_if else unguarded).add(name)
        for child in node.iter_child_nodes():
            walk(child, inside_if)

    for source in sources:
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as error:
            raise ValidationError(explain_template_error(error)) from None
        undeclared |= meta.find_undeclared_variables(tree)
        walk(tree, False)
    return {name: FieldUse(printed=name in printed, in_if=name in in_if, in_for=name in in_for,
                           compared_with=tuple(dict.fromkeys(compared.get(name, [])))[:MAX_CHOICES],
                           only_guarded=name in guarded and name not in unguarded)
            for name in sorted(undeclared)}


# --- known and new fields, near misses --------------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownField:
    name: str
    meaning: str


@dataclass(frozen=True)
class NewField:
    name: str
    use: FieldUse
    suggestion: str | None  # a known field the admin probably meant, or None


def suggestion_for(name: str) -> str | None:
    """The known field an unknown name is close to: the synonym table first, then difflib on the known names and
    on the synonyms ("arrears_totaal" → arrears_total, "huurder" → tenant_names, "huurdr" → tenant_names)."""
    key = name.strip().lower()
    known = known_field_meanings()
    if key in known:
        return None
    if key in SYNONYMS:
        return SYNONYMS[key]
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=_SUGGEST_CUTOFF)
    if close:
        return close[0]
    close = difflib.get_close_matches(key, list(SYNONYMS), n=1, cutoff=_SUGGEST_CUTOFF)
    return SYNONYMS[close[0]] if close else None


def split_fields(usage: dict[str, FieldUse]) -> tuple[tuple[KnownField, ...], tuple[NewField, ...]]:
    """The template's fields: those the case already gives (with their meaning) and the new ones (with a
    suggestion where the name is close to a known one)."""
    meanings = known_field_meanings()
    known = tuple(KnownField(name, meanings[name]) for name in sorted(usage) if name in meanings)
    new = tuple(NewField(name, usage[name], suggestion_for(name)) for name in sorted(usage) if name not in meanings)
    return known, new


# --- the proposed questions ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """A proposed question for a new field: one row of the admin's table."""

    name: str
    label: str
    type: str  # a key of TYPE_LABELS
    required: bool
    help: str = ""
    choices: tuple[str, ...] = field(default_factory=tuple)
    default: str = ""


def _tokens(name: str) -> list[str]:
    return [t for t in name.lower().split("_") if t]


def guess_type(name: str, use: FieldUse) -> str:
    """`*_date`/datum → date, `*_amount`/bedrag → money, `*_time`/tijd → time, compared with texts → choice, in a
    {% for %} → list, only in {% if %} (never printed) → yes/no, else text."""
    tokens = _tokens(name)
    if use.in_for:
        return "list"
    if use.compared_with:
        return "choice"
    if use.in_if and not use.printed:
        return "bool"
    if any(t in _DATE_WORDS or t.endswith("datum") for t in tokens):
        return "date"
    if any(t in _MONEY_WORDS or t.endswith("bedrag") for t in tokens):
        return "money"
    if any(t in _TIME_WORDS for t in tokens):
        return "time"
    return "text"


def label_for(name: str, kind: str = "text") -> str:
    """A Dutch label from the name: words translated, the date or amount word first ("visit_date" → "Datum
    bezoek"), a question mark for yes/no."""
    words = [_WORDS.get(t, t) for t in _tokens(name)]
    words = [w for w in words if w]
    for lead in ("datum", "bedrag", "tijd"):
        if len(words) > 1 and words[-1] == lead:
            words = [lead, *words[:-1]]
    text = " ".join(words) or name
    text = text[:1].upper() + text[1:]
    return (text + "?" if kind == "bool" else text)[:MAX_LABEL]


_HELP = {
    "date": "Bijvoorbeeld 23-11-2026.",
    "time": "Bijvoorbeeld 14:30.",
    "money": "Een bedrag in euro, bijvoorbeeld 125,50.",
    "bool": "Vink aan voor ja.",
    "list": "Eén punt per regel.",
    "choice": "Kies een van de mogelijkheden.",
}


def propose_question(new: NewField) -> Question:
    kind = guess_type(new.name, new.use)
    required = kind not in ("bool", "list") and not new.use.only_guarded
    return Question(name=new.name, label=label_for(new.name, kind), type=kind, required=required,
                    help=_HELP.get(kind, ""), choices=new.use.compared_with if kind == "choice" else ())


def propose_questions(new_fields: tuple[NewField, ...] | list[NewField]) -> list[Question]:
    return [propose_question(f) for f in new_fields]


# The table's columns (English keys; the page gives them Dutch headers).
TABLE_COLUMNS = ("name", "label", "type", "required", "help", "choices", "default")


def proposal_row(question: Question) -> dict[str, Any]:
    """One row of the admin's table: plain strings and booleans (choices separated by ';')."""
    return {"name": question.name, "label": question.label, "type": TYPE_LABELS[question.type],
            "required": question.required, "help": question.help, "choices": "; ".join(question.choices),
            "default": question.default}


# --- from the table to the spec ------------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN from an empty table cell
        return ""
    return str(value).strip()


def _row_to_field(row: dict[str, Any], problems: list[str]) -> dict[str, Any] | None:
    name = _text(row.get("name"))
    label = _text(row.get("label"))
    type_text = _text(row.get("type")).lower()
    kind = _TYPE_BY_LABEL.get(type_text, type_text if type_text in TYPE_LABELS else "")
    help_text = _text(row.get("help"))
    default = _text(row.get("default"))
    raw_choices = row.get("choices")
    if isinstance(raw_choices, (list, tuple)):
        choices = [_text(c) for c in raw_choices]
    else:
        choices = re.split(r"[;\n]", _text(raw_choices))
    choices = [c for c in (c.strip() for c in choices) if c]
    before = len(problems)
    if not kind:
        problems.append(f"Kies bij '{name}' een soort: {', '.join(TYPE_LABELS.values())}.")
    if len(label) > MAX_LABEL:
        problems.append(f"De vraag bij '{name}' is te lang (hoogstens {MAX_LABEL} tekens).")
    if len(help_text) > MAX_HELP:
        problems.append(f"De uitleg bij '{name}' is te lang (hoogstens {MAX_HELP} tekens).")
    if len(default) > MAX_DEFAULT:
        problems.append(f"De standaardwaarde bij '{name}' is te lang (hoogstens {MAX_DEFAULT} tekens).")
    if len(choices) > MAX_CHOICES:
        problems.append(f"'{name}' heeft {len(choices)} keuzes; hoogstens {MAX_CHOICES} mag.")
    if any(len(c) > MAX_CHOICE_LENGTH for c in choices):
        problems.append(f"Een keuze bij '{name}' is te lang (hoogstens {MAX_CHOICE_LENGTH} tekens).")
    if len(set(choices)) != len(choices):
        problems.append(f"Bij '{name}' staat een keuze twee keer.")
    if kind and kind != "choice" and choices:
        problems.append(f"'{name}' heeft keuzes, maar is geen keuzeveld. Kies de soort 'keuze' of haal de keuzes weg.")
    if len(problems) > before:
        return None
    result: dict[str, Any] = {"name": name, "label": label, "type": kind,
                              "required": bool(row.get("required")) and kind != "bool"}
    if help_text:
        result["help"] = help_text
    if choices:
        result["choices"] = choices
    if default:
        result["default"] = default
    return result


def sample_value(extra: dict[str, Any], today: dt.date) -> Any:
    """A value for the sample letter of a new question (its default when it has one)."""
    if extra.get("default"):
        return extra["default"]
    kind = extra["type"]
    return {"date": (today + dt.timedelta(days=14)).isoformat(), "time": "10:00", "money": "125.00",
            "number": "3", "bool": True, "list": ["Eerste punt", "Tweede punt"],
            "choice": (extra.get("choices") or [""])[0]}.get(kind, f"({extra['label'].lower()})")


def case_parts_for(names: list[str] | set[str]) -> list[str]:
    """The parts of the case a template needs: the base ones, and e.g. 'arrangement' when it uses instalments."""
    parts = list(BASE_CASE_PARTS)
    for name in sorted(names):
        for prefix, part in _PARTS_BY_PREFIX:
            if name.startswith(prefix) and part not in parts:
                parts.append(part)
    return parts


def spec_from_table(*, name: str, title: str, description: str = "", kind: str = "letter",
                    rows: list[dict[str, Any]], used: Collection[str],
                    sample_case: dict, docx_bytes: bytes = b"") -> TemplateSpec:
    """The TemplateSpec of a new template, built from the admin's table of questions. ValidationError (Dutch) with
    every problem: a bad name or title, a row for a field the template does not use or a new field without a row,
    a question that shadows a case field, too many or too long choices, texts too long, a default that does not fit.
    """
    name = _text(name).lower()
    title = _text(title)
    description = _text(description)
    problems: list[str] = []
    if not NAME.match(name):
        problems.append("De naam van het sjabloon moet met een kleine letter beginnen en mag alleen a-z, 0-9 en _ "
                        "bevatten (hoogstens 60 tekens), bijvoorbeeld welkomstbrief.")
    if not title:
        problems.append("Geef het sjabloon een titel, bijvoorbeeld 'Welkomstbrief'.")
    if len(title) > MAX_TITLE:
        problems.append(f"De titel is te lang (hoogstens {MAX_TITLE} tekens).")
    if len(description) > MAX_DESCRIPTION:
        problems.append(f"De beschrijving is te lang (hoogstens {MAX_DESCRIPTION} tekens).")
    meanings = known_field_meanings()
    used_names = set(used)
    new_names = used_names - set(meanings)
    if len(rows) > MAX_NEW_FIELDS:
        problems.append(f"Het sjabloon heeft te veel nieuwe vragen ({len(rows)}); hoogstens {MAX_NEW_FIELDS}.")
        rows = rows[:MAX_NEW_FIELDS]
    extra_fields: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        row_name = _text(row.get("name"))
        if row_name in meanings:
            problems.append(f"'{row_name}' is al een veld uit de zaak ({meanings[row_name]}); een vraag mag die "
                            "naam niet hebben.")
            continue
        if row_name not in new_names:
            problems.append(f"Het sjabloon gebruikt geen veld '{row_name}'. Haal die vraag weg.")
            continue
        if row_name in seen:
            problems.append(f"Er staan twee vragen voor '{row_name}'.")
            continue
        seen.add(row_name)
        made = _row_to_field(row, problems)
        if made is not None:
            extra_fields.append(made)
    for missing in sorted(new_names - seen):
        problems.append(f"Er is geen vraag voor het nieuwe veld '{missing}'.")
    if problems:
        raise ValidationError(problems)
    today = _sample_today(sample_case)
    data = {"name": name, "title": title, "kind": kind, "wording_kind": "letter", "description": description,
            "case_fields": case_parts_for(used_names), "extra_fields": extra_fields,
            "sample": {"case": sample_case, "extra": {f["name"]: sample_value(f, today) for f in extra_fields}}}
    return parse_spec(data, docx_bytes=docx_bytes)


def _sample_today(sample_case: dict) -> dt.date:
    try:
        return dt.date.fromisoformat(str(sample_case.get("today")))
    except ValueError:
        return dt.date(2026, 11, 23)


def spec_yaml(spec: TemplateSpec) -> str:
    """The spec as the YAML an admin can download (and upload again on the Sjablonen page)."""
    data: dict[str, Any] = {"name": spec.name, "title": spec.title, "kind": spec.kind,
                            "wording_kind": spec.wording_kind, "description": spec.description,
                            "case_fields": list(spec.case_fields), "extra_fields": []}
    for extra in spec.extra_fields:
        item: dict[str, Any] = {"name": extra.name, "label": extra.label, "type": extra.type,
                                "required": extra.required}
        if extra.help:
            item["help"] = extra.help
        if extra.choices:
            item["choices"] = list(extra.choices)
        if extra.default is not None:
            item["default"] = extra.default
        data["extra_fields"].append(item)
    data["sample"] = {"case": spec.sample_case, "extra": spec.sample_extra}
    return "# Gemaakt op de pagina 'Nieuw sjabloon maken' (zonder YAML te typen).\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=120)


def name_from_filename(filename: str) -> str:
    """A template name proposed from the uploaded file's name ("Wij misten u.docx" → wij_misten_u)."""
    stem = filename.rsplit(".", 1)[0].lower()
    name = re.sub(r"[^a-z0-9]+", "_", stem).strip("_")
    if not name or not name[0].isalpha():
        name = "brief_" + name
    return name[:60].rstrip("_")
