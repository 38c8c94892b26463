"""The signal told as a case (naarnul.signals.case_story) and the workflow rules: Dutch money and dates, no export
labels, the picked-up date that goes with a status, ageing."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from naarnul import signals as rules
from naarnul.errors import ValidationError

PAYLOAD = {
    "tenants": [{"name": "Jan de Vries", "phone": "0612345678", "email": "jan@example.org",
                 "date_of_birth": "1980-03-12"}, {"name": "", "phone": ""}],
    "address_street": "Damstraat", "address_house_number": "1", "address_house_number_addition": "A",
    "address_postcode": "1011 AB", "address_place": "Amsterdam", "monthly_rent": "925.00",
    "arrears_items": [{"month": "2026-09", "due_date": "2026-09-01", "amount_open": "2700.00"},
                      {"month": "2026-10", "amount_open": "1925.00"}, "rubbish"],
    "reminder_date": "2026-09-30", "no_objection_received": True, "objection_deadline": "2026-10-20",
    "landlord_name": "Verhuur Jansen", "landlord_phone": "020 1234567", "urgent_reason": "zitting 10 december",
    "support_worker": "", "warm_handover": True,
}


def story(**values):
    base = dict(sent_on=dt.date(2026, 11, 2), arrears_cents=462500, oldest_unpaid_due=dt.date(2026, 9, 1),
                urgent=True, friendly_reminder_on=dt.date(2026, 9, 10),
                contact_attempts=((dt.date(2026, 10, 5), "telefoon", "niet bereikt"),))
    base.update(values)
    return rules.case_story(PAYLOAD, **base)


def test_the_case_in_dutch_words_money_and_dates():
    case = story()
    assert [t.name for t in case.tenants] == ["Jan de Vries"] and case.tenants[0].born == "12 maart 1980"
    assert case.home == "Damstraat 1 A, 1011 AB Amsterdam"
    assert case.monthly_rent == "€\xa0925,00" and case.arrears_total == "€\xa04.625,00"
    assert case.arrears_since == "1 september 2026"
    assert [(a.month, a.due, a.amount) for a in case.arrears_lines] == [
        ("september 2026", "1 september 2026", "€\xa02.700,00"), ("oktober 2026", "1 oktober 2026", "€\xa01.925,00")]
    assert [(s.when, s.text) for s in case.steps] == [
        ("10 september 2026", "Vriendelijke herinnering aan de huurder gestuurd"),
        ("30 september 2026", "Schriftelijke betalingsherinnering gestuurd"),
        ("5 oktober 2026", "Contact gezocht (telefoon): niet bereikt"),
        ("20 oktober 2026", "Termijn voor bezwaar verlopen: geen bezwaar ontvangen"),
        ("2 november 2026", "Melding aan de gemeente gedaan (met spoed)"),
    ]
    assert case.warm_handover is True and case.urgent_reason == "zitting 10 december"
    assert ("Verhuurder", "Verhuur Jansen") in case.landlord
    everything = repr(case)
    assert "True:" not in everything and "JJJJ" not in everything and "4625.00" not in everything
    assert not re.search(r"'\d{4}-\d{2}-\d{2}'", everything)


def test_an_empty_or_broken_payload_still_reads():
    case = rules.case_story({"tenants": "x", "arrears_items": None, "warm_handover": "yes", "monthly_rent": "abc"},
                            sent_on=dt.date(2026, 11, 2), arrears_cents=0, oldest_unpaid_due=None, urgent=False)
    assert case.tenants == () and case.arrears_lines == () and case.warm_handover is None
    assert case.monthly_rent == "" and [s.text for s in case.steps] == ["Melding aan de gemeente gedaan"]


def test_picked_up_date_follows_the_status_and_age_counts_days():
    today = dt.date(2026, 11, 20)
    assert rules.picked_up_on_after("in_progress", None, today) == today
    assert rules.picked_up_on_after("done", dt.date(2026, 11, 3), today) == dt.date(2026, 11, 3)
    assert rules.picked_up_on_after("new", dt.date(2026, 11, 3), today) is None
    assert rules.age_days(dt.date(2026, 11, 2), today) == 18 and rules.age_days(today, today) == 0
    assert rules.STATUSES == {"new": "nieuw", "in_progress": "in behandeling", "done": "afgerond"}
    with pytest.raises(ValidationError, match="Kies een status"):
        rules.check_status("weg")
    with pytest.raises(ValidationError, match="toekomst"):
        rules.check_picked_up_on(dt.date(2026, 11, 21), sent_on=dt.date(2026, 11, 2), today=today)
    with pytest.raises(ValidationError, match="voor de melding"):
        rules.check_picked_up_on(dt.date(2026, 11, 1), sent_on=dt.date(2026, 11, 2), today=today)
    with pytest.raises(ValidationError, match="0 tot 3650"):
        rules.check_inbox_filters(None, None, None, min_age_days=-1)
