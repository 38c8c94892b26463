"""A generated document carries the facts its text states (LetterFacts), so nothing is read back from its prose."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from naarnul import calendar
from naarnul.documents import generate
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
