"""pydantic's validation errors as the Dutch sentences a landlord or admin reads, each naming where it is.

A model's fields carry their Dutch label as `title` ("De naam van de verhuurder"; in a list item `{n}` is the item's
number: "De voornaam van huurder {n}"), and a model used as a list item has its label as the model title
("Huurder {n}"). Validators refuse a value with `fail(...)` (a predicate: "ontbreekt", "moet tekst zijn"),
`fail_sentence(...)` (a whole sentence) or `fail_many(...)` (several sentences at once, each with its own place).
`dutch_problems(error, model, root)` turns a `pydantic.ValidationError` into the list for `naarnul.errors
.ValidationError`: "De naam van de verhuurder moet tekst zijn (case.landlord.name)."
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

FORBIDDEN_KEYS = {"bsn", "burgerservicenummer", "sofinummer"}
_GROUP = "ontbreekt of is geen groep gegevens"


def fail(text: str) -> PydanticCustomError:
    """A refusal read as "<label> <text> (<where>)."; `text` may use `{n}`, the number of the list item."""
    return PydanticCustomError("nl", "{text}", {"text": text})


def fail_sentence(sentence: str) -> PydanticCustomError:
    """A refusal that is a whole sentence: "<sentence> (<where>)."."""
    return PydanticCustomError("nl_sentence", "{text}", {"text": sentence})


def fail_many(problems: list[tuple[str, str]]) -> PydanticCustomError:
    """Several refusals found together by a check across fields: (sentence, place below the value checked, e.g.
    ".total"; a place starting with "/" is below the top instead, e.g. "/.collection_costs")."""
    return PydanticCustomError("nl_many", "{count} problemen", {"count": len(problems), "problems": problems})


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds: `Landlord`, `Signal | None`, `tuple[Tenant, ...]` → that model; else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, tuple, list):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None


def _is_model_field(annotation: Any) -> bool:
    """A field holding one group (not a list of groups)."""
    return typing.get_origin(annotation) not in (tuple, list) and _model_in(annotation) is not None


def _describe(model: type[BaseModel], loc: tuple[int | str, ...], root: str) -> tuple[str, str, bool]:
    """(label, place, holds one group) of the value at `loc` below `model`."""
    label = model.model_config.get("title") or ""
    place, number, current, group = root, None, model, True
    for part in loc:
        if isinstance(part, int):
            place += f"[{part}]"
            number = part + 1
            label = current.model_config.get("title") or label
            group = True
            continue
        place += f".{part}"
        field = current.model_fields.get(str(part))
        if field is None:  # an unknown key
            return "", place, False
        label = field.title or str(part)
        group = _is_model_field(field.annotation)
        current = _model_in(field.annotation) or current
    return label.replace("{n}", str(number)), place, group


def dutch_problems(error: PydanticValidationError, model: type[BaseModel], root: str) -> list[str]:
    """Every error of `error` (raised validating `model`) as a Dutch sentence; `root` names the top ("case")."""
    problems: list[str] = []
    for item in error.errors():
        loc = tuple(item["loc"])
        kind, ctx = item["type"], item.get("ctx") or {}
        label, place, group = _describe(model, loc, root)
        number = next((str(part + 1) for part in reversed(loc) if isinstance(part, int)), "")
        if kind == "nl":
            problems.append(f"{label} {str(ctx['text']).replace('{n}', number)} ({place}).")
        elif kind == "nl_sentence":
            problems.append(f"{ctx['text']} ({place}).")
        elif kind == "nl_many":
            problems += [f"{sentence} ({root + below[1:] if below.startswith('/') else place + below})."
                         for sentence, below in ctx["problems"]]
        elif kind == "extra_forbidden":
            key = str(loc[-1]) if loc else ""
            if key.lower() in FORBIDDEN_KEYS:
                problems.append(f"Een BSN hoort niet in een document of melding; haal het veld weg ({place}).")
            else:
                problems.append(f"Onbekend veld ({place}). Controleer de schrijfwijze.")
        elif kind in ("model_type", "model_attributes_type", "dict_type") or (kind == "missing" and group):
            problems.append(f"{label} {_GROUP} ({place}).")
        elif kind == "missing":
            problems.append(f"{label} ontbreekt ({place}).")
        elif kind in ("list_type", "tuple_type"):
            problems.append(f"{label} moet een lijst zijn ({place}).")
        else:  # a check without its own Dutch text: still say where
            problems.append(f"{label or 'Een waarde'} klopt niet ({place}).")
    return problems
