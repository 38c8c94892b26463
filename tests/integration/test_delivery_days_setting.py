"""The delivery days of letter post are an admin setting (issue 11): the 14-day letter's last day moves with it, in
the stored facts and in the letter's text; a wrong value is refused in Dutch and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError
from naarnul.formatting import format_date
from naarnul.services import admin as admin_service
from naarnul.services import letter_making
from naarnul.users import Role
from store.engine import session_for
from store.models import Setting
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.e2e import test_signal_journey as journey

LETTER_DAY = dt.date(2026, 11, 16)  # a Monday


@pytest.mark.parametrize("value", ["-1", "11", "twee", "", "2,5", True])
def test_a_wrong_number_of_delivery_days_is_refused(db_url, value):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    with pytest.raises(ValidationError) as caught:
        admin_service.update_settings(UnitOfWork(db_url), admin, group="post", values={"letter_delivery_days": value})
    assert any("bezorgdagen" in p for p in caught.value.problems)
    with session_for(db_url) as session:
        assert session.get(Setting, "post") is None


def test_the_fourteen_day_term_follows_the_setting(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    case_id = journey.seed_case_ready_to_signal(db_url, landlord, LETTER_DAY)
    assert admin_service.view_settings(UnitOfWork(db_url), admin).post.letter_delivery_days == 2

    def letter():
        with session_for(db_url) as session:
            row = letter_making.generate_for_case(session, landlord, case_id, "reminder",
                                                  {"fourteen_day_letter": True}, LETTER_DAY, confirm_wording=True)
            return row.cost_deadline, docx_text(bytes(row.content)).replace("\xa0", " ")

    default_deadline, _ = letter()
    assert default_deadline == calendar.fourteen_day_deadline(LETTER_DAY, 2)
    admin_service.update_settings(UnitOfWork(db_url), admin, group="post", values={"letter_delivery_days": "5"})
    deadline, text = letter()
    # five delivery days after Monday 16 November: Tue..Sat = 21 November; + 14 = 5 December (Saturday) -> Monday 7
    assert deadline == dt.date(2026, 12, 7) and deadline > default_deadline
    assert format_date(deadline) in text
    with session_for(db_url) as session:
        assert session.exec(select(Setting).where(Setting.key == "post")).one().value == '{"letter_delivery_days": 5}'
