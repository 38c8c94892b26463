"""The rules of the to-do list (naarnul.todo): which action does a step, what an item's key says about its state,
how long an answer of the municipality stays, and the order of the list."""

from __future__ import annotations

import datetime as dt

from naarnul import covenant
from naarnul import todo as rules

TODAY = dt.date(2026, 11, 23)


def test_each_step_that_can_need_the_landlord_has_its_action():
    assert rules.step_action("written_reminder") == rules.LETTER
    assert rules.step_action("contact_attempts") == rules.CONTACT
    assert rules.step_action("signal") == rules.SIGNAL
    assert rules.step_action("arrangement") == rules.ARRANGEMENT
    assert rules.step_action("closed") == rules.CLOSE
    assert rules.step_action("something new") == rules.CASE  # never without a button
    assert set(rules.ACTION_LABELS) == {rules.LETTER, rules.CONTACT, rules.SIGNAL, rules.ARRANGEMENT, rules.CLOSE,
                                        rules.CASE}


def test_a_key_changes_with_the_state_not_with_the_day():
    due = dt.date(2026, 10, 31)
    assert rules.step_item_key(5, "written_reminder", due) == "step:5:written_reminder:2026-10-31"
    assert rules.step_item_key(5, "contact_attempts", due) != rules.step_item_key(5, "written_reminder", due)
    assert rules.instalment_item_key(3, (2, 1)) == "instalment:3:1-2"  # a second missed instalment: a new key
    assert rules.instalment_item_key(3, (1,)) != rules.instalment_item_key(3, (1, 2))


def test_an_answer_stays_until_seen_then_two_weeks_and_never_after_ninety_days():
    assert rules.feedback_shown(TODAY - dt.timedelta(days=30), False, TODAY)
    assert not rules.feedback_shown(TODAY - dt.timedelta(days=30), True, TODAY)
    assert rules.feedback_shown(TODAY - dt.timedelta(days=14), True, TODAY)
    assert not rules.feedback_shown(TODAY - dt.timedelta(days=91), False, TODAY)


def test_overdue_first_then_new_then_by_date():
    items = [("a", False, False, dt.date(2026, 11, 1)), ("b", False, True, dt.date(2026, 12, 1)),
             ("c", True, False, dt.date(2026, 11, 20)), ("d", False, False, None)]
    order = sorted(items, key=lambda i: rules.urgency(i[1], i[2], i[3], rules.STEP))
    assert [i[0] for i in order] == ["c", "b", "a", "d"]


def test_the_next_step_of_a_dossier_is_the_overdue_one_first():
    steps = [covenant.Step("contact_attempts", "Contact", covenant.DUE, "", due_by=dt.date(2026, 11, 1)),
             covenant.Step("written_reminder", "Herinnering", covenant.OVERDUE, "", due_by=dt.date(2026, 11, 20)),
             covenant.Step("addendum", "Addendum", covenant.OPTIONAL, "")]
    assert rules.next_step(steps).key == "written_reminder"
    assert rules.next_step(steps[2:]) is None
