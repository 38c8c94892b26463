"""The rules and words of the municipal side (naarnul.signals), without a database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest

from naarnul import signals
from naarnul.covenant import CovenantSettings
from naarnul.errors import ValidationError

TODAY = dt.date(2026, 11, 23)
SENT = dt.date(2026, 11, 2)


def check(**values):
    arguments = {"on_date": TODAY, "outcome": "quick_fix", "help_accepted": False, "liaison_note": "",
                 "sent_on": SENT, "today": TODAY, **values}
    return signals.check_feedback(**arguments)


@pytest.mark.parametrize("values, message", [
    ({"outcome": "weet ik niet"}, "Kies wat er met de melding is gebeurd"),
    ({"on_date": dt.date(2026, 11, 24)}, "ligt in de toekomst"),
    ({"on_date": dt.date(2026, 11, 1)}, "ligt voor de melding (2 november 2026)"),
    ({"on_date": None}, "Vul de datum"),
    ({"on_date": "2026-11-20"}, "Vul de datum"),
    ({"outcome": "deceased", "help_accepted": True}, "past niet bij deze uitkomst"),
    ({"liaison_note": "x" * 5001}, "hoogstens 5000 tekens"),
])
def test_bad_feedback_gets_a_dutch_message(values, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check(**values)


def test_good_feedback_is_cleaned():
    entry = check(on_date=dt.datetime(2026, 11, 20, 9, 30), liaison_note="  Gesprek gepland  ", help_accepted=True,
                  outcome="follow_up_help")
    assert entry == signals.FeedbackEntry(dt.date(2026, 11, 20), "follow_up_help", True, "Gesprek gepland")


def test_the_pause_and_the_timeline_line():
    until = signals.pause_until([dt.date(2026, 11, 20)], CovenantSettings(), TODAY)
    assert until == dt.date(2026, 12, 20)
    assert signals.feedback_audit_summary("quick_fix", until).endswith("incasso gepauzeerd tot en met 20 december 2026")
    assert len(signals.feedback_audit_summary("quick_fix", None)) <= signals.SUMMARY_MAX
    assert "Pauzeer de incasso tot en met 20 december 2026" in signals.feedback_sentence(
        dt.date(2026, 11, 20), "Opgepakt", until, TODAY)
    assert "liep tot en met" in signals.feedback_sentence(dt.date(2026, 11, 20), "Opgepakt", until,
                                                          dt.date(2027, 1, 1))


def record(reference="NN-00001", tenant="Jan de Vries", **values):
    arguments = dict(id=1, reference=reference, sent_on=SENT, municipality_code="GM0363", tenant_names=tenant,
                     postcode="1011 AB", arrears_cents=185000, arrears_months=2, oldest_unpaid_due=dt.date(2026, 9, 1),
                     urgent=False, is_repeat=False,
                     payload='{"tenants": [{"name": "%s", "phone": "0612345678"}], "format": "x"}' % tenant)
    return signals.SignalRecord(**{**arguments, **values})


def test_exports_defuse_formulas_and_zip_names_are_safe_and_unique():
    rows = list(csv.DictReader(io.StringIO(signals.export([record(), record(id=2, reference="NN-2", tenant="=1+1")],
                                                          "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["tenant_1_name"] == "Jan de Vries" and rows[0]["arrears_total"] == "1850.00"
    assert rows[1]["tenant_names"].startswith("'=")
    with pytest.raises(ValidationError, match="Kies CSV of JSON"):
        signals.export([record()], "xlsx")
    files = [signals.SharedFile(1, "../brief.docx", b"a"), signals.SharedFile(2, "brief.docx", b"b")]
    names = zipfile.ZipFile(io.BytesIO(signals.documents_zip([(record(reference="../NN 1"), files)]))).namelist()
    assert names == ["NN 1/brief.docx", "NN 1/brief-2.docx", "meldingen.csv"]


def test_payload_lines_in_dutch_and_a_broken_payload_is_empty():
    lines = dict(signals.payload_lines({"tenants": [{"name": "Jan"}], "urgent": True}))
    assert lines["Huurder 1: naam"] == "Jan"
    assert "ja" in lines.values()
    assert signals.payload_of("not json") == {} and signals.payload_of("[1]") == {}
