"""The court rule of the statistics and retention, without a database (moved from store.statistics)."""

import pytest

from naarnul.court import is_court_reason


@pytest.mark.parametrize("reason, court", [
    ("Ontbinding door de kantonrechter", True), ("Dagvaarding verstuurd", True), ("VONNIS", True),
    ("Opgelost zonder rechter", False), ("Betaald", False), ("", False), (None, False),
])
def test_a_close_reason_names_the_court_or_not(reason, court):
    assert is_court_reason(reason) is court
