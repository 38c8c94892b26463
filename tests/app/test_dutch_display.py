"""Dutch display details (issue 12): a date next to the metrics is text, so it wraps instead of being cut off."""

from __future__ import annotations

import re

from naarnul.users import Role
from tests.app.helpers import login
from tests.app.test_arrears_pages import _months_ago, _seed
from tests.conftest import add_user

MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"


def test_the_oldest_unpaid_rent_date_on_the_case_page_is_text_not_a_metric(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord, start=_months_ago(4))
    at = login("piet")
    at.switch_page("pages/landlord/case.py").run()
    assert not at.exception, at.exception
    assert "Oudste onbetaalde huur" not in [m.label for m in at.metric]
    assert "Bedrag" in [m.label for m in at.metric]  # the numbers stay metrics
    assert "Oudste onbetaalde huur" in [c.value for c in at.caption]
    assert any(re.fullmatch(rf"\*\*\d{{1,2}} ({MONTHS}) \d{{4}}\*\*", str(m.value)) for m in at.markdown)
