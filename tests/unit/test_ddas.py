"""The DDAS Uitwisselmodel v1.2 mapping (naarnul.ddas): every export validates against the JSON schema — the shared
one in ../shared/data/ddas when it exists, else the copy shipped in naarnul/data — on the edge cases too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from naarnul import covenant, ddas
from naarnul.errors import ValidationError

SCHEMA_NAME = "json_schema_Uitwisselmodel_v1.2.json"
# ../shared/data/ddas next to the checkout (or next to the folder of worktrees)
SHARED_SCHEMA = next((folder / "shared" / "data" / "ddas" / SCHEMA_NAME
                      for folder in Path(__file__).resolve().parents
                      if (folder / "shared" / "data" / "ddas" / SCHEMA_NAME).exists()),
                     Path("/nonexistent") / SCHEMA_NAME)
NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
HOSTILE = "& < > {{ }} {% %} ![x](http://evil) \"' \\ \u202e"


def schema() -> dict:
    if SHARED_SCHEMA.exists():
        return json.loads(SHARED_SCHEMA.read_text(encoding="utf-8"))
    return ddas.schema()


def assert_valid(document: dict) -> None:
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert ddas.schema_errors(document) == []
    # and the bytes we deliver are that document
    assert json.loads(ddas.to_json(document)) == document


def signal(**values) -> ddas.DdasSignal:
    base = dict(reference="NN-2026-000001", sent_on=dt.date(2026, 11, 2), arrears_cents=462550, postcode="1011 ab",
                house_number="1", oldest_unpaid_due=dt.date(2026, 9, 1))
    base.update(values)
    return ddas.DdasSignal(**base)


def test_the_shipped_schema_is_the_shared_one():
    if not SHARED_SCHEMA.exists():
        pytest.skip("../shared/data/ddas is not here")
    assert ddas.schema() == json.loads(SHARED_SCHEMA.read_text(encoding="utf-8"))


def test_every_feedback_code_maps_onto_the_ddas_enumerations():
    results = set(ddas.enumeration("EnumEindresultaat"))
    statuses = set(ddas.enumeration("EnumSignaalstatus"))
    assert set(ddas.END_RESULT) == set(covenant.FEEDBACK_OUTCOMES)
    assert set(ddas.END_RESULT.values()) <= results
    assert set(ddas.SIGNAL_STATUS.values()) <= statuses
    assert {ddas.PICKED_UP, ddas.NOT_YET_PICKED_UP} <= statuses
    for code in covenant.FEEDBACK_OUTCOMES:
        assert ddas.signal_status(signal(outcome=code, workflow_status="done")) in statuses


def test_one_signal_as_vroegsignaal_and_case():
    attempt = ddas.ContactEntry(on_date=dt.date(2026, 11, 5), kind="Huisbezoek", reached=True, part_of_day="Middag")
    item = signal(outcome="paid_or_arranged", workflow_status="done", picked_up_on=dt.date(2026, 11, 3),
                  urgent=True, house_number_addition="a", contact_attempts=(attempt,))
    document = ddas.uitwisselmodel(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), now=NOW,
                                   deliveries=[ddas.Delivery("GM0363", "Amsterdam", (item,))])
    assert_valid(document)
    assert document["codeGegevensleverancier"] == "GM0363"
    assert document["aanleverdatumEnTijd"] == "2026-12-02T09:30:00+01:00"
    delivery = document["leveringen"][0]
    assert delivery["teller"] == 1 and delivery["gemeentecode"] == "GM0363"
    assert delivery["vroegsignalen"] == [{
        "ID": "NN-2026-000001", "crisissignaal": True, "bedrag": 4626, "ontstaansdatum": "2026-09-01",
        "signaaldatum": "2026-11-02", "status": "Opgepakt", "signaalpartner": {"type": "Huur"},
        "client": {"postcode": "1011AB", "huisnummer": "1", "huisnummertoevoeging": "a"}}]
    assert delivery["vroegsignaalzaken"] == [{
        "resultaat": "Inwoner heeft zelf al betaald/betalingsregeling getroffen", "datumOpgepakt": "2026-11-03",
        "vroegsignalen": [{"ID": "NN-2026-000001"}],
        "contactpogingen": [{"soort": "Huisbezoek", "bereikt": True, "datum": "2026-11-05", "dagdeel": "Middag"}]}]
    assert "burgerservicenummer" not in json.dumps(document)


def test_status_without_feedback_and_the_not_picked_up_codes():
    assert ddas.signal_status(signal()) == "Nog niet opgepakt"
    assert ddas.signal_status(signal(workflow_status="in_progress")) == "Opgepakt"
    assert ddas.signal_status(signal(outcome="repeat_signal")) == "Niet opgepakt: herhaalde melding"
    assert ddas.signal_status(signal(outcome="known_to_debt_assistance")) == \
        "Inwoner al bekend bij schuldhulpverlening"
    assert not ddas.has_case(signal())  # nothing done yet: no signal case
    assert ddas.has_case(signal(outcome="deceased"))


def test_whole_euros_round_half_up():
    assert [ddas.whole_euros(c) for c in (0, 49, 50, 149, 150, 462550, 99999999999)] == \
        [0, 0, 1, 1, 2, 4626, 1000000000]


def test_no_signals_is_a_valid_delivery_and_no_municipality_a_valid_file():
    empty = ddas.uitwisselmodel(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), now=NOW,
                                deliveries=[ddas.Delivery("GM0363", "Amsterdam", ())])
    assert_valid(empty)
    assert empty["leveringen"][0]["vroegsignalen"] == [] and empty["leveringen"][0]["vroegsignaalzaken"] == []
    nothing = ddas.uitwisselmodel(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), now=NOW, deliveries=[])
    assert_valid(nothing)
    assert "leveringen" not in nothing and nothing["codeGegevensleverancier"] == ddas.SUPPLIER_CODE


def test_several_municipalities_and_hostile_text_stay_valid():
    deliveries = [
        ddas.Delivery("GM0518", f"'s-Gravenhage {HOSTILE}", (signal(reference="NN-2", house_number=f"12 {HOSTILE}",
                                                                    house_number_addition=HOSTILE),)),
        ddas.Delivery("GM0363", "Amsterdam", (signal(reference="NN-1", warm_handover=False),
                                              signal(reference="NN-3", oldest_unpaid_due=None, arrears_cents=0))),
    ]
    document = ddas.uitwisselmodel(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), now=NOW,
                                   deliveries=deliveries)
    assert_valid(document)
    assert [d["gemeentecode"] for d in document["leveringen"]] == ["GM0363", "GM0518"]
    assert [d["teller"] for d in document["leveringen"]] == [1, 2]
    assert document["codeGegevensleverancier"] == ddas.SUPPLIER_CODE
    assert document["leveringen"][1]["aanleverendeOrganisatie"]["naam"].endswith(HOSTILE)
    amsterdam = document["leveringen"][0]["vroegsignalen"]
    assert amsterdam[0]["warmeOverdracht"] is False and "warmeOverdracht" not in amsterdam[1]
    assert "ontstaansdatum" not in amsterdam[1] and amsterdam[1]["bedrag"] == 0


def test_a_broken_document_is_refused_before_it_leaves():
    document = ddas.uitwisselmodel(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), now=NOW,
                                   deliveries=[ddas.Delivery("GM0363", "Amsterdam", (signal(),))])
    document["leveringen"][0]["vroegsignalen"][0]["bedrag"] = "4625.00"
    with pytest.raises(ValueError, match="bedrag"):
        ddas.to_json(document)
    with pytest.raises(ValueError):
        ddas.uitwisselmodel(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), deliveries=[],
                            now=dt.datetime(2026, 12, 2, 9, 30))  # no time zone


def test_period_and_contact_attempt_checks_speak_dutch():
    with pytest.raises(ValidationError, match="begindatum .* ligt na de einddatum"):
        ddas.check_period(dt.date(2026, 12, 1), dt.date(2026, 11, 1))
    with pytest.raises(ValidationError) as error:
        ddas.check_contact_attempt(on_date=dt.date(2026, 12, 5), kind="Duif", reached=False, part_of_day="Nacht",
                                   sent_on=dt.date(2026, 11, 2), today=dt.date(2026, 12, 2))
    assert len(error.value.problems) == 3
    assert "5 december 2026 ligt in de toekomst" in error.value.problems[0]
    with pytest.raises(ValidationError, match="voor de melding"):
        ddas.check_contact_attempt(on_date=dt.date(2026, 11, 1), kind="Brief", reached=False, part_of_day="",
                                   sent_on=dt.date(2026, 11, 2), today=dt.date(2026, 12, 2))
    entry = ddas.check_contact_attempt(on_date=dt.date(2026, 11, 2), kind="SMS/Whatsapp", reached=True,
                                       part_of_day="", sent_on=dt.date(2026, 11, 2), today=dt.date(2026, 12, 2))
    assert entry == ddas.ContactEntry(dt.date(2026, 11, 2), "SMS/Whatsapp", True, "")
