"""Extra questions on the landlord's case forms (issue 16): the admin adds them in one table, the landlord answers them
with the action (the signal, the payment arrangement, the written reminder), every template sees the answers as
`extra.<key>`.

Pure rules, no I/O: `parse_questions(form, rows)` turns the admin's table into `Question`s (every problem in Dutch in
one ValidationError), `validate_answers(questions, values)` turns what the landlord typed into stored text (ISO date,
`1234.56`, `ja`/`nee`; amounts through naarnul.money), and `display_value` formats a stored answer for a document (`23 november 2026`, `€ 1.234,56`).
A key follows the naming rule of a template's extra fields (naarnul.documents.spec.NAME): it can never shadow a
case field, nor a name Jinja would read from the answers mapping itself (`extra.items`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from naarnul.documents.fields import CONTEXT_FIELDS, DERIVED_FIELDS
from naarnul.documents.spec import NAME, ExtraField, coerce
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money
from naarnul.money import parse_form_amount

# the forms an admin can add questions to: code → Dutch name
FORMS: dict[str, str] = {
    "signal": "Melding aan de gemeente",
    "arrangement": "Betalingsregeling",
    "written_reminder": "Schriftelijke herinnering",
}
# the answer types: code → Dutch name (the codes are those of a template's extra fields)
TYPES: dict[str, str] = {"text": "tekst", "date": "datum", "money": "bedrag", "bool": "ja/nee", "choice": "keuze"}
TYPE_BY_LABEL = {label: code for code, label in TYPES.items()}

MAX_QUESTIONS = 20  # per form
MAX_LABEL = 200
MAX_HELP = 500
MAX_CHOICES = 20
MAX_CHOICE = 100
MAX_TEXT_ANSWER = 1000
# names Jinja reads from the answers mapping itself: `extra.items` must stay the method, so no question is called so
RESERVED_KEYS = frozenset({"items", "keys", "values", "get", "pop", "popitem", "update", "copy", "clear",
                           "setdefault", "fromkeys"})


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    type: str  # a code of TYPES
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A stored answer: the question as it was asked (so a later change of the question leaves it readable)."""

    key: str
    label: str
    type: str
    value: str  # ISO date, 1234.56, ja/nee, or the text


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # pandas gives NaN for an empty cell
        return ""
    return str(value).strip()


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return _text(value).lower() in ("ja", "true", "1", "waar", "yes")


def split_choices(value: Any) -> list[str]:
    """`a; b; c` (or a list) → the choices, empty parts dropped."""
    if isinstance(value, (list, tuple)):
        parts = [_text(v) for v in value]
    else:
        parts = [part.strip() for part in _text(value).replace("\n", ";").split(";")]
    return [part for part in parts if part]


def parse_questions(form: str, rows: list[dict], *, taken: dict[str, str] | None = None) -> tuple[Question, ...]:
    """The admin's table (dicts with key, label, type, required, help, choices) as questions of `form`.

    `taken`: keys already used on other forms → that form's code (a key is unique over all forms, because every
    template sees all answers of a case). Fully empty rows are skipped. Raises ValidationError listing every problem.
    """
    if form not in FORMS:
        raise ValidationError(f"Onbekend formulier '{form}'. Kies een van: {', '.join(FORMS.values())}.")
    taken = taken or {}
    problems: list[str] = []
    questions: list[Question] = []
    seen: set[str] = set()
    filled = [row for row in rows if any(_text(row.get(k)) for k in ("key", "label", "help", "choices"))]
    if len(filled) > MAX_QUESTIONS:
        raise ValidationError(f"Een formulier heeft hoogstens {MAX_QUESTIONS} extra vragen; dit zijn er "
                              f"{len(filled)}.")
    for number, row in enumerate(filled, start=1):
        key, label, help_text = _text(row.get("key")), _text(row.get("label")), _text(row.get("help"))
        raw_type = _text(row.get("type")) or "text"
        kind = TYPE_BY_LABEL.get(raw_type, raw_type)
        where = f"Vraag {number}" + (f" ('{key}')" if key else "")
        row_problems: list[str] = []
        if kind not in TYPES:
            row_problems.append(f"{where}: de soort moet een van deze zijn: {', '.join(TYPES.values())}.")
            kind = "text"
        if len(label) > MAX_LABEL:
            row_problems.append(f"{where}: de vraag is te lang (hoogstens {MAX_LABEL} tekens).")
        if len(help_text) > MAX_HELP:
            row_problems.append(f"{where}: de uitleg is te lang (hoogstens {MAX_HELP} tekens).")
        choices = split_choices(row.get("choices"))
        if kind == "choice":
            if len(choices) > MAX_CHOICES:
                row_problems.append(f"{where}: hoogstens {MAX_CHOICES} keuzes.")
            if any(len(choice) > MAX_CHOICE for choice in choices):
                row_problems.append(f"{where}: een keuze is te lang (hoogstens {MAX_CHOICE} tekens).")
            if len(set(choices)) != len(choices):
                row_problems.append(f"{where}: een keuze staat er twee keer in.")
        elif choices:
            row_problems.append(f"{where}: alleen een vraag van de soort 'keuze' heeft keuzes.")
        # the naming rule of a template's extra fields (naarnul.documents.spec): a case field is never shadowed
        if not NAME.match(key):
            row_problems.append(f"{where}: de sleutel moet met een kleine letter beginnen en mag alleen a-z, 0-9 en _ "
                                "bevatten, hoogstens 60 tekens (bijvoorbeeld contact_tijd).")
        elif key in CONTEXT_FIELDS or key in DERIVED_FIELDS:
            row_problems.append(f"{where}: de sleutel '{key}' is al een veld uit de zaak. Kies een andere sleutel.")
        if not label:
            row_problems.append(f"{where}: de vraag (het label) ontbreekt.")
        if kind == "choice" and not choices:
            row_problems.append(f"{where}: een keuzevraag heeft keuzes nodig, gescheiden door een puntkomma (;).")
        if key in RESERVED_KEYS:
            row_problems.append(f"{where}: de sleutel '{key}' is gereserveerd. Kies een andere sleutel.")
        if key and key in seen:
            row_problems.append(f"{where}: de sleutel '{key}' staat er twee keer in.")
        if key and key in taken:
            row_problems.append(f"{where}: de sleutel '{key}' wordt al gebruikt bij het formulier "
                                f"'{FORMS.get(taken[key], taken[key])}'. Elke sleutel mag maar één keer voorkomen.")
        seen.add(key)
        problems += row_problems
        if not row_problems:
            questions.append(Question(key=key, label=label, type=kind, required=_flag(row.get("required")),
                                      help=help_text, choices=tuple(choices) if kind == "choice" else ()))
    if problems:
        raise ValidationError(problems)
    return tuple(questions)


def _as_field(question: Question) -> ExtraField:
    return ExtraField.model_construct(name=question.key, label=question.label, type=question.type,
                                      required=question.required, help=question.help, choices=question.choices,
                                      default=None)


def validate_answers(questions: tuple[Question, ...] | list[Question], values: dict | None, *,
                     today: dt.date) -> tuple[Answer, ...]:
    """The landlord's answers (strings, dates, bools from a form) as stored answers; an empty optional answer is
    left out. Raises ValidationError listing every problem (required, wrong date or amount, choice not offered,
    too long, a key that is no question of this form)."""
    values = dict(values or {})
    known = {q.key for q in questions}
    problems = [f"Onbekende vraag '{key}' op dit formulier." for key in values if key not in known]
    answers: list[Answer] = []
    for question in questions:
        raw = values.get(question.key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if question.required:
                problems.append(f"'{question.label}' is verplicht.")
            continue
        typed: Any
        try:
            if question.type == "money":  # typed by a person in a Dutch form: the one strict parser
                typed = parse_form_amount(raw, f"'{question.label}'", allow_zero=True)
            else:
                typed = coerce(_as_field(question), raw, today)
        except ValueError as error:
            problems.append(f"'{question.label}': {error}")
            continue
        except ValidationError as error:
            problems += error.problems
            continue
        if question.type in ("text", "choice") and len(str(typed)) > MAX_TEXT_ANSWER:
            problems.append(f"'{question.label}': het antwoord is te lang (hoogstens {MAX_TEXT_ANSWER} tekens).")
            continue
        answers.append(Answer(question.key, question.label, question.type, _stored(question.type, typed)))
    if problems:
        raise ValidationError(problems)
    return tuple(answers)


def _stored(kind: str, typed: Any) -> str:
    if kind == "bool":
        return "ja" if typed else "nee"
    if kind == "date":
        return typed.isoformat()
    return str(typed)


def display_value(kind: str, stored: str) -> str:
    """A stored answer as a document shows it: `23 november 2026`, `€ 1.234,56`, `ja`, the text."""
    try:
        if kind == "date":
            return format_date(dt.date.fromisoformat(stored))
        if kind == "money":
            return format_money(Decimal(stored))
    except (ValueError, ArithmeticError):
        return stored
    return stored
