"""Collection costs never exceed the statutory (WIK) scale for the principal in the letter, in every path, and after a
partial payment within the 14-day term they follow the scale over what is still open (domain: arrangement.md §3).
The figures are computed by hand from the scale: 15% of the first € 2.500 (minimum € 40), 10% of the next € 2.500,
5% of the next € 5.000, 1% of the next € 190.000, 0.5% above that, at most € 6.775."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from naarnul.arrangement import collection_costs, costs_above_scale, costs_after_letter
from naarnul.cli import main
from naarnul.documents.case import DocumentCase
from naarnul.errors import ValidationError

D = Decimal
CASE = Path(__file__).resolve().parents[2] / "examples" / "case.json"


@pytest.mark.parametrize(("principal", "scale"), [
    ("100.00", "40.00"),  # the minimum
    ("266.66", "40.00"),  # 15% is 39,999: still the minimum
    ("266.67", "40.00"),
    ("300.00", "45.00"),
    ("1234.56", "185.18"),
    ("2500.00", "375.00"),  # end of the first bracket
    ("2500.10", "375.01"),
    ("5000.00", "625.00"),  # end of the second
    ("5000.20", "625.01"),
    ("10000.00", "875.00"),  # end of the third
    ("10001.00", "875.01"),
    ("200000.00", "2775.00"),  # end of the fourth
    ("200002.00", "2775.01"),
    ("1000000.00", "6775.00"),  # the overall maximum
    ("2000000.00", "6775.00"),
])
def test_the_scale_at_its_boundaries(principal, scale):
    assert collection_costs(D(principal)) == D(scale)
    assert costs_above_scale(D(scale), D(principal)) is None
    reason = costs_above_scale(D(scale) + D("0.01"), D(principal))
    assert reason is not None and "hoger dan de wettelijke staffel" in reason


@pytest.mark.parametrize(("principal", "paid", "expected"), [
    ("2550.00", "0.00", "380.00"),  # nothing paid: what the letter named
    ("5200.00", "2700.00", "375.00"),  # 2.500 open: the first bracket only
    ("5200.00", "200.00", "625.00"),  # exactly 5.000 open
    ("10500.00", "500.00", "875.00"),  # exactly 10.000 open
    ("10500.00", "5500.00", "625.00"),  # exactly 5.000 open
    ("200100.00", "100.00", "2775.00"),  # exactly 200.000 open
    ("200100.00", "0.00", "2775.50"),
    ("300.00", "100.00", "40.00"),  # 200 open: the minimum
    ("300.00", "300.00", "0.00"),  # all paid within the term: no costs
    ("300.00", "350.00", "0.00"),  # paid more than the principal
])
def test_after_a_partial_payment_the_costs_follow_the_scale_over_what_is_open(principal, paid, expected):
    stated = collection_costs(D(principal))  # the letter named the full scale
    assert costs_after_letter(stated, D(principal), D(paid)) == D(expected)
    assert costs_after_letter(None, D(principal), D(paid)) == D(expected)  # an old letter without the amount


def test_after_a_partial_payment_never_more_than_the_letter_named():
    assert costs_after_letter(D("100.00"), D("5200.00"), D("2700.00")) == D("100.00")


def case_with_costs(costs: str) -> dict:
    data = json.loads(CASE.read_text(encoding="utf-8"))
    data["collection_costs"] = costs
    data.pop("arrangement", None)
    return data


def test_a_document_case_refuses_costs_above_the_scale_with_a_dutch_message():
    with pytest.raises(ValidationError) as caught:
        DocumentCase.from_json(case_with_costs("500.00"))
    assert caught.value.problems == [
        "De incassokosten (€\xa0500,00) zijn hoger dan de wettelijke staffel toestaat voor de achterstand van "
        "€\xa01.234,56: ten hoogste €\xa0185,18 (case.collection_costs)."]
    with pytest.raises(ValidationError):
        DocumentCase.from_json(case_with_costs("185.19"))
    assert DocumentCase.from_json(case_with_costs("185.18")).collection_costs == D("185.18")
    assert DocumentCase.from_json(case_with_costs("0.00")).collection_costs == D("0.00")


def test_naarnul_render_refuses_costs_above_the_scale_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "case.json"
    bad.write_text(json.dumps(case_with_costs("500")), encoding="utf-8")
    out = tmp_path / "brief.docx"
    assert main(["render", "reminder", "--case", str(bad), "--out", str(out), "--field",
                 "fourteen_day_letter=ja"]) == 2
    err = capsys.readouterr().err
    assert "hoger dan de wettelijke staffel" in err and "ten hoogste €\xa0185,18" in err
    assert not out.exists()


def test_costs_cannot_be_slipped_in_as_an_extra_field(tmp_path, capsys):
    out = tmp_path / "brief.docx"
    assert main(["render", "reminder", "--case", str(CASE), "--out", str(out), "--field", "collection_costs=500",
                 "--field", "fourteen_day_letter=ja"]) == 2
    err = capsys.readouterr().err
    assert "Onbekend extra veld 'collection_costs'" in err and "nooit hoger dan de wettelijke staffel" in err
    assert not out.exists()
