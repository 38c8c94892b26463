"""The municipal notification (convenant.md §4) as data for import into municipal systems: CSV and JSON.

No public landlord-side exchange format exists, so the field names are plain English snake_case and documented in
`EXPORT_FIELDS` (and docs/templates.md). Machine formats on purpose: dates ISO `2026-11-23`, amounts with a dot and
two decimals `1234.56`, yes/no as `true`/`false`. Never a BSN: the case model refuses one.

CSV: one header row and one data row, `;`-separated, UTF-8 with a byte-order mark so Excel shows é and ß correctly.
Tenants get fixed columns for two people (`tenant_1_…`, `tenant_2_…`); `tenant_names` always lists everyone.
JSON: the same fields, with `tenants`, `arrears_items` and `contact_attempts` as lists instead of flattened.
The answers to the admin's extra questions on the case forms (issue 16, naarnul.form_questions) are in JSON the list
`additional_answers` ({key, question, answer}: the answer as the letters show it, `23 november 2026`, `€ 1.234,56`)
and in CSV one column `additional_answers` ('vraag: antwoord', separated by '; ', like `contact_attempts`), so
every export has the same columns. Text stays text: JSON escapes it, a CSV cell never starts a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

from naarnul import form_questions
from naarnul.documents.case import DocumentCase, Signal
from naarnul.errors import ValidationError

CSV_TENANT_SLOTS = 2

# name → meaning (Dutch, for the docs); order is the CSV column order
EXPORT_FIELDS: dict[str, str] = {
    "signal_reference": "kenmerk van de melding (uniek)",
    "signal_date": "datum van de melding",
    "case_reference": "kenmerk van de zaak bij de verhuurder",
    "municipality_name": "gemeente",
    "municipality_cbs_code": "CBS-code van de gemeente (GM0363)",
    "tenant_names": "namen van alle huurders, gescheiden door '; '",
    **{f"tenant_{n}_{part}": f"huurder {n}: {label}"
       for n in range(1, CSV_TENANT_SLOTS + 1)
       for part, label in (("name", "naam"), ("phone", "telefoon"), ("email", "e-mail"),
                           ("date_of_birth", "geboortedatum, alleen als bekend"))},
    "address_street": "straat van de woning",
    "address_house_number": "huisnummer",
    "address_house_number_addition": "toevoeging",
    "address_postcode": "postcode",
    "address_place": "plaats",
    "arrears_total": "totale huurachterstand in euro",
    "arrears_month_count": "aantal maanden met achterstand",
    "arrears_since": "datum waarop de achterstand ontstond (oudste onbetaalde vervaldatum)",
    "arrears_months": "maanden met achterstand: 'JJJJ-MM bedrag', gescheiden door '; '",
    "monthly_rent": "huur per maand in euro",
    "reminder_date": "datum van de schriftelijke betalingsherinnering",
    "contact_attempt_count": "aantal contactpogingen",
    "contact_attempts": "contactpogingen: 'datum kanaal: uitkomst', gescheiden door '; '",
    "objection_deadline": "tot deze datum kon de huurder bezwaar maken",
    "no_objection_received": "true: geen bezwaar ontvangen",
    "landlord_name": "naam verhuurder",
    "landlord_address": "adres verhuurder",
    "landlord_postcode": "postcode verhuurder",
    "landlord_place": "plaats verhuurder",
    "landlord_phone": "telefoon verhuurder",
    "landlord_email": "e-mail verhuurder",
    "landlord_contact_person": "contactpersoon verhuurder",
    "urgent": "true: spoed (bijvoorbeeld een datum bij de rechter is bekend)",
    "urgent_reason": "reden voor spoed",
    "support_worker_known": "true: er is een bekende hulpverlener",
    "support_worker": "naam en organisatie van de hulpverlener",
    # warm handover (issue 11): filled from the signal's snapshot, with the tenant's consent
    "warm_handover": "true: warme overdracht, met toestemming van de huurder",
    "handover_consent_on": "datum van de toestemming van de huurder voor de warme overdracht",
    "handover_organisation": "organisatie die al contact heeft met de huurder",
    "handover_person": "persoon die al contact heeft met de huurder",
    "handover_phone": "telefoon van die persoon",
    # extra questions on the case forms (issue 16), last so the columns before it keep their place
    "additional_answers": "antwoorden op de extra vragen: 'vraag: antwoord', gescheiden door '; '",
}


def _checked_signal(case: DocumentCase) -> Signal:
    """The case's signal; ValidationError (Dutch) when there is none or the tenant objected."""
    problems = []
    if case.signal is None:
        problems.append("Voor de melding zijn een kenmerk en een datum nodig (signal).")
    if case.objection_received_on is not None:
        problems.append("De huurder heeft bezwaar gemaakt tegen doorgeven. Dan mag u geen melding doen bij de gemeente.")
    if problems or case.signal is None:
        raise ValidationError(problems)
    return case.signal


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def notification_record(case: DocumentCase) -> dict:
    """The notification as one JSON-ready mapping (lists kept as lists)."""
    signal, home, landlord = _checked_signal(case), case.home, case.landlord
    return {
        "signal_reference": signal.reference,
        "signal_date": _date(signal.date),
        "case_reference": case.reference,
        "municipality_name": case.municipality.name,
        "municipality_cbs_code": case.municipality.cbs_code,
        "tenants": [
            {"name": t.name, "phone": t.phone, "email": t.email, "date_of_birth": _date(t.date_of_birth)}
            for t in case.tenants
        ],
        "address_street": home.street,
        "address_house_number": home.number,
        "address_house_number_addition": home.addition,
        "address_postcode": home.postcode,
        "address_place": home.place,
        "arrears_total": str(case.arrears.total),
        "arrears_month_count": len(case.arrears.items),
        "arrears_since": _date(case.arrears.oldest_due_date),
        "arrears_items": [{"month": item.due_date.strftime("%Y-%m"), "due_date": _date(item.due_date),
                           "amount_open": str(item.amount_open)} for item in case.arrears.items],
        "monthly_rent": str(case.monthly_rent),
        "reminder_date": _date(case.reminder_date),
        "contact_attempts": [{"date": _date(a.date), "channel": a.channel, "outcome": a.outcome}
                             for a in case.contact_attempts],
        "objection_deadline": _date(case.objection_deadline),
        "no_objection_received": case.objection_received_on is None,
        "landlord_name": landlord.name,
        "landlord_address": landlord.address,
        "landlord_postcode": landlord.postcode,
        "landlord_place": landlord.place,
        "landlord_phone": landlord.phone,
        "landlord_email": landlord.email,
        "landlord_contact_person": landlord.contact_person,
        "urgent": signal.urgent,
        "urgent_reason": signal.urgent_reason,
        "support_worker_known": bool(signal.support_worker),
        "support_worker": signal.support_worker,
        "additional_answers": additional_answers(case),
    }


def additional_answers(case: DocumentCase) -> list[dict[str, str]]:
    """The answers to the extra questions, in the order answered: {key, question, answer as the letters show it}."""
    return [{"key": a.key, "question": a.label, "answer": form_questions.display_value(a.type, a.value)}
            for a in case.form_answers]


def answers_cell(answers: object) -> str:
    """The CSV cell of `additional_answers` (also for a stored payload, so anything not a list of mappings is
    skipped): 'vraag: antwoord; vraag: antwoord'."""
    if not isinstance(answers, list):
        return ""
    return "; ".join(f"{a.get('question', '')}: {a.get('answer', '')}" for a in answers if isinstance(a, dict))


def notification_json(case: DocumentCase) -> bytes:
    """UTF-8 JSON (no BOM), indented, with `format: naarnul-signal-v1` so a reader can recognise it."""
    record = {"format": "naarnul-signal-v1", **notification_record(case)}
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")


def notification_row(case: DocumentCase) -> dict[str, str]:
    """The notification flattened to the CSV columns of EXPORT_FIELDS (all values strings)."""
    row = flatten(notification_record(case))
    return {name: _defuse(row.get(name, "")) for name in EXPORT_FIELDS}  # warm handover: only in a signal's snapshot


def flatten(payload: dict) -> dict[str, str]:
    """A notification record (made now, or a signal's stored snapshot: so anything malformed is skipped) as the flat
    CSV columns of EXPORT_FIELDS, all strings."""
    row: dict[str, str] = {}
    for name, value in payload.items():
        if isinstance(value, bool):
            row[name] = "true" if value else "false"
        elif isinstance(value, (str, int, Decimal)):
            row[name] = str(value)
    tenants = payload.get("tenants")
    if isinstance(tenants, list):
        row.setdefault("tenant_names", "; ".join(str(t.get("name", "")) for t in tenants if isinstance(t, dict)))
        for n in range(1, CSV_TENANT_SLOTS + 1):
            tenant = tenants[n - 1] if n <= len(tenants) and isinstance(tenants[n - 1], dict) else {}
            for part in ("name", "phone", "email", "date_of_birth"):
                row.setdefault(f"tenant_{n}_{part}", str(tenant.get(part, "") or ""))
    items = payload.get("arrears_items")
    if isinstance(items, list):
        row.setdefault("arrears_months", "; ".join(f"{i.get('month', '')} {i.get('amount_open', '')}"
                                                   for i in items if isinstance(i, dict)))
    attempts = payload.get("contact_attempts")
    if isinstance(attempts, list):
        row.setdefault("contact_attempt_count", str(len(attempts)))
        row["contact_attempts"] = "; ".join(
            f"{a.get('date', '')} {a.get('channel', '')}" + (f": {a['outcome']}" if a.get("outcome") else "")
            for a in attempts if isinstance(a, dict))
    if "additional_answers" in payload:  # the extra questions' answers (issue 16), in one cell
        row["additional_answers"] = answers_cell(payload["additional_answers"])
    return row


_PHONE_OR_NUMBER = re.compile(r"^[+-][\d\s().-]*$")


def _defuse(value: str) -> str:
    """Excel runs a cell that starts with = + - @ as a formula; a quote in front makes it plain text again.
    Phone numbers (+31 6 …) and negative numbers stay as they are."""
    if value[:1] in ("=", "@", "\t", "\r") or (value[:1] in ("+", "-") and not _PHONE_OR_NUMBER.match(value)):
        return "'" + value
    return value


def notification_csv(case: DocumentCase) -> bytes:
    """One header row and one data row, `;`-separated, UTF-8 with BOM (Excel)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(EXPORT_FIELDS), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(notification_row(case))
    return buffer.getvalue().encode("utf-8-sig")
