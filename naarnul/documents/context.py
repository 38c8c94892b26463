"""The context a template sees: flat and already formatted in Dutch (`€ 1.234,56`, `23 november 2026`), so a
template in Word needs no filters: `{{ arrears_total }}`. Every name is in naarnul.documents.fields.CONTEXT_FIELDS."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable

from babel.numbers import format_decimal

from naarnul import addendum, calendar, form_questions
from naarnul.documents.case import DocumentCase
from naarnul.documents.fields import OPTIONAL_CASE_PARTS
from naarnul.documents.spec import ExtraField, TemplateSpec, validate_extra_fields
from naarnul.errors import ValidationError
from naarnul.formatting import LOCALE, format_date, format_money, format_month


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
    cost_deadline = calendar.fourteen_day_deadline(case.today, case.delivery_days)
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
        "debt_help_is_municipal": municipality.debt_help.is_municipal,
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
        "signal_refused": case.objection_received_on is not None,
        "assumed_receipt_date": format_date(calendar.assumed_receipt(case.today)),
        "costs_deadline": format_date(cost_deadline),
        **answers_context(case),
    }
    if case.reminder_date:
        context["reminder_date"] = format_date(case.reminder_date)
    if case.objection_deadline:
        context["objection_deadline"] = format_date(case.objection_deadline)
    if case.objection_received_on:
        context["objection_received_date"] = format_date(case.objection_received_on)
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


class Answers(dict):
    """The answers to the extra questions of the case forms, by key (`{{ extra.contact_time }}`). A question that
    was not (yet) answered reads as empty text: a letter made before the form was filled in still renders."""

    def __missing__(self, key: str) -> str:
        return ""


def answers_context(case: DocumentCase) -> dict[str, Any]:
    """`extra` (key → the answer formatted in Dutch) and `extra_answers` (a list of {key, label, value}, in the
    order answered) for a generic "Aanvullende gegevens" block. Keys never shadow a case field: they live under
    `extra` only (naarnul.form_questions)."""
    shown = [{"key": a.key, "label": a.label, "value": form_questions.display_value(a.type, a.value)}
             for a in case.form_answers]
    return {"extra": Answers({item["key"]: item["value"] for item in shown}), "extra_answers": shown}


def _derived(extra: dict, case: DocumentCase) -> dict:
    derived: dict[str, Any] = {}
    if extra.get("fourteen_day_letter") and isinstance(extra.get("pay_before"), dt.date):
        # a 14-day letter never asks for payment before the legal term ends: one date in the letter
        derived["pay_before"] = format_date(max(extra["pay_before"], calendar.fourteen_day_deadline(case.today, case.delivery_days)))
    start = extra.get("start_date")
    if isinstance(start, dt.date):
        derived.update(_addendum_dates(start, extra.get("duration_months")))
    return derived


def _addendum_dates(start: dt.date, duration: Any) -> dict[str, Any]:
    """The addendum's end date and evaluations, all from naarnul.addendum (every evaluation inside the duration):
    `evaluations` (a list of {after, date}: "3 maanden", "1 april 2027") and the older single fields
    evaluation_3/6/12_months. Without a duration the single fields count from the start (no end to stay inside)."""
    months = None if duration in (None, "") else int(Decimal(str(duration)))
    if months is None:
        return {f"evaluation_{n}_months": format_date(calendar.add_months(start, n)) for n in (3, 6, 12)}
    moments = addendum.evaluations(start, months)
    derived: dict[str, Any] = {
        "end_date": format_date(addendum.last_day(start, months)),
        "evaluations": [{"after": f"{e.after_months} maanden", "date": format_date(e.on)} for e in moments],
    }
    derived.update({f"evaluation_{e.after_months}_months": format_date(e.on) for e in moments
                    if e.after_months in (3, 6, 12)})
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
