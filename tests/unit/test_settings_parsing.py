"""What an admin types into the settings forms, parsed by the admin service (no database needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from naarnul.arrangement import ArrangementSettings
from naarnul.covenant import CovenantSettings
from naarnul.errors import ValidationError
from naarnul.services.admin import parse_settings
from store.settings import RetentionSettings


@pytest.mark.parametrize("typed, expected", [("5,50", "5.50"), ("10", "10.00"), ("€ 12,-", "12.00"),
                                             (" 1.000,00 ", "1000.00")])
def test_money_is_read_the_dutch_way(typed, expected):
    parsed = parse_settings(ArrangementSettings, ArrangementSettings(), {"minimum_instalment": typed})
    assert parsed.minimum_instalment == Decimal(expected)


@pytest.mark.parametrize("typed, message", [("5.50", "komma"), ("", "niet ingevuld"), ("-1,00", "negatief"),
                                            ("99999999", "te hoog"), ("{{ 7*7 }}", "geen bedrag"),
                                            ("2.000,00", "tussen € 0,01 en € 1.000,00")])
def test_a_bad_amount_gets_a_dutch_message(typed, message):
    with pytest.raises(ValidationError) as raised:
        parse_settings(ArrangementSettings, ArrangementSettings(), {"minimum_instalment": typed})
    assert message in str(raised.value)
    assert "kleinste termijnbedrag" in str(raised.value).lower() or message.startswith("tussen")


@pytest.mark.parametrize("values, message", [
    ({"collection_pause_days": -1}, "De incassopauze moet tussen 1 en 365 dagen liggen."),
    ({"reminder_after_days": "dertig"}, "heel getal"),
    ({"reminder_after_days": ""}, "niet ingevuld"),
    ({"friendly_reminder_from_days": 8, "friendly_reminder_until_days": 3}, "eerder eindigen"),
    ({"no_signal_during_kept_arrangement": "ja"}, "kies ja of nee"),
])
def test_bad_covenant_days_get_a_dutch_message(values, message):
    with pytest.raises(ValidationError, match=message):
        parse_settings(CovenantSettings, CovenantSettings(), values)


def test_fields_not_given_keep_their_value_and_every_problem_is_listed():
    current = CovenantSettings(collection_pause_days=21)
    assert parse_settings(CovenantSettings, current, {"reminder_after_days": 28}) == CovenantSettings(
        reminder_after_days=28, collection_pause_days=21)
    with pytest.raises(ValidationError) as raised:
        parse_settings(CovenantSettings, current, {"reminder_after_days": 0, "collection_pause_days": 9999})
    assert len(raised.value.problems) == 2
    with pytest.raises(ValidationError, match="tussen 1 en 120 maanden"):
        parse_settings(RetentionSettings, RetentionSettings(), {"months_after_closing": 0})
