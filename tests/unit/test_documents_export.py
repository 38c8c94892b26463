"""The notification as CSV and JSON for municipal systems."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from naarnul.documents.case import DocumentCase
from naarnul.documents.export import EXPORT_FIELDS, notification_csv, notification_json, notification_row
from naarnul.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "Smith & Sons <Ltd> \"x\" 'y' {{ 7*7 }} {% if %} é ß مرحبا 🏠"


def example_data() -> dict:
    return json.loads((ROOT / "examples" / "case.json").read_text(encoding="utf-8"))


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads the accents"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_has_one_header_and_one_row_with_every_field():
    rows = read_csv(notification_csv(DocumentCase.from_json(example_data())))
    assert len(rows) == 2
    header, row = rows
    assert header == list(EXPORT_FIELDS)
    record = dict(zip(header, row))
    assert record["signal_reference"] == "VS-2026-0042"
    assert record["signal_date"] == "2026-11-23"
    assert record["municipality_cbs_code"] == "GM0363"
    assert record["tenant_1_name"] == "Sam de Vries" and record["tenant_1_phone"] == "06 98765432"
    assert record["tenant_2_name"] == ""
    assert record["address_street"] == "Dorpsstraat" and record["address_house_number_addition"] == "A"
    assert record["address_postcode"] == "1234 AB"
    assert record["arrears_total"] == "1234.56" and record["arrears_month_count"] == "2"
    assert record["arrears_since"] == "2026-09-01"
    assert record["arrears_months"] == "2026-09 384.56; 2026-10 850.00"
    assert record["monthly_rent"] == "850.00"
    assert record["reminder_date"] == "2026-10-05"
    assert record["contact_attempts"] == "2026-10-08 telefoon: geen gehoor; 2026-10-12 bezoek: niet thuis, briefje achtergelaten"
    assert record["objection_deadline"] == "2026-10-19" and record["no_objection_received"] == "true"
    assert record["landlord_contact_person"] == "Anna de Linde"
    assert record["urgent"] == "false" and record["support_worker_known"] == "false"


def test_convenant_fields_are_all_covered_and_never_a_bsn():
    names = set(EXPORT_FIELDS)
    for required in ["tenant_1_name", "tenant_1_phone", "tenant_1_email", "tenant_1_date_of_birth", "address_street",
                     "address_house_number", "address_house_number_addition", "address_postcode", "address_place",
                     "arrears_total", "arrears_month_count", "arrears_since", "monthly_rent", "reminder_date",
                     "contact_attempts", "no_objection_received", "landlord_name", "landlord_address",
                     "landlord_phone", "landlord_email", "landlord_contact_person", "signal_reference", "signal_date",
                     "municipality_name", "municipality_cbs_code", "urgent", "support_worker_known"]:
        assert required in names
    assert not any("bsn" in name for name in names)
    data = notification_json(DocumentCase.from_json(example_data())).decode("utf-8").lower()
    assert "bsn" not in data and "burgerservicenummer" not in data


def test_json_keeps_lists_and_exact_amounts():
    record = json.loads(notification_json(DocumentCase.from_json(example_data())))
    assert record["format"] == "naarnul-signal-v1"
    assert record["tenants"] == [{"name": "Sam de Vries", "phone": "06 98765432", "email": "sam.devries@example.nl",
                                  "date_of_birth": ""}]
    assert record["arrears_items"][1] == {"month": "2026-10", "due_date": "2026-10-01", "amount_open": "850.00"}
    assert record["contact_attempts"][0] == {"date": "2026-10-08", "channel": "telefoon", "outcome": "geen gehoor"}
    assert record["no_objection_received"] is True and record["urgent"] is False


def test_hostile_text_and_two_tenants_survive_csv_and_json():
    data = example_data()
    data["tenants"][0]["last_name"] = HOSTILE
    data["tenants"].append({"first_name": "Jan", "last_name": "Jansen", "phone": "+31 6 12345678",
                            "date_of_birth": "1980-02-29"})
    data["tenants"].append({"first_name": "Kim", "last_name": "Bos"})
    case = DocumentCase.from_json(data)
    record = dict(zip(*read_csv(notification_csv(case))))
    assert record["tenant_1_name"] == f"Sam {HOSTILE}"
    assert record["tenant_2_phone"] == "+31 6 12345678"  # a phone number is not a formula
    assert record["tenant_2_date_of_birth"] == "1980-02-29"
    assert record["tenant_names"] == f"Sam {HOSTILE}; Jan Jansen; Kim Bos"
    assert json.loads(notification_json(case))["tenants"][0]["name"] == f"Sam {HOSTILE}"


@pytest.mark.parametrize("formula", ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd"])
def test_csv_cells_cannot_start_a_spreadsheet_formula(formula):
    data = example_data()
    data["tenants"][0]["first_name"] = formula
    data["tenants"][0]["last_name"] = "x"
    row = notification_row(DocumentCase.from_json(data))
    assert row["tenant_1_name"] == "'" + f"{formula} x"


def test_no_export_without_signal_or_after_an_objection():
    data = example_data()
    data.pop("signal")
    with pytest.raises(ValidationError, match="kenmerk en een datum nodig"):
        notification_csv(DocumentCase.from_json(data))
    data = example_data()
    data["objection_received_on"] = "2026-10-10"
    with pytest.raises(ValidationError, match="Dan mag u geen melding doen"):
        notification_json(DocumentCase.from_json(data))


ANSWERS = [
    {"key": "contact_tijd", "label": "Beste tijd om te bellen", "type": "text", "value": HOSTILE},
    {"key": "bezoek_datum", "label": "Datum huisbezoek", "type": "date", "value": "2026-11-20"},
    {"key": "schuld_elders", "label": "Schuld bij de energieleverancier", "type": "money", "value": "1234.50"},
    {"key": "kinderen", "label": "Kinderen in huis", "type": "bool", "value": "ja"},
    {"key": "opmerking", "label": "Opmerking", "type": "text", "value": "=cmd|' /C calc'!A0"},
]


def _with_answers(answers: list[dict]) -> DocumentCase:
    data = example_data()
    data["form_answers"] = answers
    return DocumentCase.from_json(data)


def test_answers_to_the_extra_questions_are_in_the_json_file(tmp_path):
    path = tmp_path / "melding.json"
    path.write_bytes(notification_json(_with_answers(ANSWERS)))
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["additional_answers"] == [
        {"key": "contact_tijd", "question": "Beste tijd om te bellen", "answer": HOSTILE},  # literal, not rendered
        {"key": "bezoek_datum", "question": "Datum huisbezoek", "answer": "20 november 2026"},
        {"key": "schuld_elders", "question": "Schuld bij de energieleverancier", "answer": "€\u00a01.234,50"},
        {"key": "kinderen", "question": "Kinderen in huis", "answer": "ja"},
        {"key": "opmerking", "question": "Opmerking", "answer": "=cmd|' /C calc'!A0"},  # JSON is no spreadsheet
    ]
    assert json.loads(notification_json(DocumentCase.from_json(example_data())))["additional_answers"] == []


def test_answers_to_the_extra_questions_are_one_csv_column(tmp_path):
    path = tmp_path / "melding.csv"
    path.write_bytes(notification_csv(_with_answers(ANSWERS)))
    header, row = read_csv(path.read_bytes())
    assert header == list(EXPORT_FIELDS) and header[-1] == "additional_answers"  # the older columns keep their place
    record = dict(zip(header, row))
    assert record["additional_answers"] == (
        f"Beste tijd om te bellen: {HOSTILE}; Datum huisbezoek: 20 november 2026; "
        "Schuld bij de energieleverancier: €\u00a01.234,50; Kinderen in huis: ja; Opmerking: =cmd|' /C calc'!A0")
    assert record["signal_reference"] == "VS-2026-0042"  # the rest of the row is as before
    empty = dict(zip(*read_csv(notification_csv(DocumentCase.from_json(example_data())))))
    assert empty["additional_answers"] == ""


@pytest.mark.parametrize("formula", ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd"])
def test_an_answers_cell_cannot_start_a_spreadsheet_formula(formula):
    row = notification_row(_with_answers([{"key": "vraag", "label": formula, "type": "text", "value": "x"}]))
    assert row["additional_answers"] == "'" + f"{formula}: x"
