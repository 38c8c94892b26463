"""The answers to the admin's extra questions in the notification export (issue 16), on SQLite and PostgreSQL: the
landlord's CSV and JSON download and the municipality's export of its signals hold them, written to real files and
read back; hostile text stays literal and a CSV cell never starts a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlmodel import select

from naarnul.services import cases as case_service
from naarnul.services import form_questions as question_service
from naarnul.services import letters as letter_service
from naarnul.services import signals as signal_service
from naarnul.users import Role
from store.engine import session_for
from store.models import Signal
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile
from tests.integration.test_form_questions_store import DAY, SIGNAL_ROWS, open_case, ready_for_signal

HOSTILE = "Na 17 uur & <b>niet</b> {{ x }} {% if %} é"
FORMULA = "=HYPERLINK(\"http://x\")"
ROWS = [*SIGNAL_ROWS, {"key": "opmerking", "label": "Opmerking", "type": "tekst", "required": False, "help": "",
                       "choices": ""}]
EXPECTED = [
    {"key": "contact_tijd", "question": "Beste tijd om te bellen", "answer": HOSTILE},
    {"key": "bezoek_datum", "question": "Datum huisbezoek", "answer": "10 maart 2026"},
    {"key": "woonsituatie", "question": "Woonsituatie", "answer": "met kinderen"},
    {"key": "opmerking", "question": "Opmerking", "answer": FORMULA},
]
CELL = ("Beste tijd om te bellen: " + HOSTILE + "; Datum huisbezoek: 10 maart 2026; Woonsituatie: met kinderen; "
        "Opmerking: " + FORMULA)


@pytest.fixture
def signalled(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    liaison = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    with session_for(db_url) as session:
        fill_profile(session, landlord.id)
    question_service.save_form_questions(UnitOfWork(db_url), admin, form="signal", rows=ROWS)
    case_id = open_case(db_url, landlord)
    ready_for_signal(db_url, landlord, case_id)
    case_service.send_signal(UnitOfWork(db_url), landlord, case_id=case_id, today=DAY,
                             answers={"contact_tijd": HOSTILE, "bezoek_datum": dt.date(2026, 3, 10),
                                      "woonsituatie": "met kinderen", "opmerking": FORMULA})
    with session_for(db_url) as session:
        signal_id = session.exec(select(Signal.id).where(Signal.case_id == case_id)).one()
    return {"landlord": landlord, "liaison": liaison, "case_id": case_id, "signal_id": signal_id}


def _csv_rows(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_landlords_download_holds_the_answers(db_url, signalled, tmp_path):
    csv_file, json_file = letter_service.notification_downloads(UnitOfWork(db_url), signalled["landlord"],
                                                                case_id=signalled["case_id"], today=DAY)
    (tmp_path / csv_file.filename).write_bytes(csv_file.content)
    (tmp_path / json_file.filename).write_bytes(json_file.content)

    record = json.loads((tmp_path / json_file.filename).read_text(encoding="utf-8"))
    assert record["additional_answers"] == EXPECTED
    [row] = _csv_rows(tmp_path / csv_file.filename)
    assert row["additional_answers"] == CELL  # the formula is inside the cell, not at its start
    assert not any(value.startswith(("=", "@")) for value in row.values())


def test_the_municipalitys_export_and_view_hold_the_answers(db_url, signalled, tmp_path):
    liaison, signal_id = signalled["liaison"], signalled["signal_id"]
    (tmp_path / "meldingen.csv").write_bytes(
        signal_service.export_signals(UnitOfWork(db_url), liaison, signal_ids=[signal_id], fmt="csv"))
    (tmp_path / "meldingen.json").write_bytes(
        signal_service.export_signals(UnitOfWork(db_url), liaison, signal_ids=[signal_id], fmt="json"))

    [row] = _csv_rows(tmp_path / "meldingen.csv")
    assert row["additional_answers"] == CELL
    exported = json.loads((tmp_path / "meldingen.json").read_text(encoding="utf-8"))
    assert exported["signals"][0]["additional_answers"] == EXPECTED
    view = signal_service.view_signal(UnitOfWork(db_url), liaison, signal_id=signal_id, today=DAY)
    assert ("Antwoorden op de extra vragen: 'vraag: antwoord', gescheiden door '; '", CELL) in view.payload_lines
