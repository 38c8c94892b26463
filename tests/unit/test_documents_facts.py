"""A generated document carries the facts its text states (LetterFacts), so nothing is read back from its prose."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from naarnul import calendar
from naarnul.documents import generate, load_template
from naarnul.documents.generation import wording_report
from naarnul.formatting import format_date, format_money
from tests.unit.test_documents_templates import example_case


@settings(max_examples=40, deadline=None)
@given(letter_day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_fourteen_day_letter_states_and_carries_the_one_deadline(letter_day):
    document = generate(example_case(today=letter_day.isoformat()), "reminder", {"fourteen_day_letter": True})
    facts = document.facts
    assert facts.fourteen_day_letter is True and facts.letter_date == letter_day
    assert facts.cost_deadline == calendar.fourteen_day_deadline(letter_day)
    text = document.text.replace("\xa0", " ")
    assert f"uiterlijk op {format_date(facts.cost_deadline)}?" in text
    assert f"{format_money(facts.collection_costs)} incassokosten".replace("\xa0", " ") in text
    assert facts.principal == Decimal("1234.56")


def test_an_ordinary_letter_states_no_cost_facts():
    facts = generate(example_case(), "reminder").facts
    assert (facts.fourteen_day_letter, facts.cost_deadline, facts.collection_costs) == (False, None, None)
    assert facts.letter_date == dt.date(2026, 11, 23)


def test_the_wording_check_of_a_letter_suggests_a_deadline_with_the_letters_delivery_days():
    text = "Utrecht, 3 december 2026\n\nBeste meneer Jansen,\n\nBetaal binnen 14 dagen na dagtekening."
    spec = load_template("reminder")

    def suggested(days: int) -> set[str]:
        report = wording_report(spec, text, {"fourteen_day_letter": True}, days)
        assert report is not None
        return {f.suggestion for f in report.findings if f.rule == "B5" and f.suggestion}

    assert suggested(2) == {"vóór 22 december 2026"}  # received 5 December: the last day is 21 December
    assert suggested(5) == {"vóór 25 december 2026"}  # received 10 December: the last day is 24 December
