"""The rules of issue 11 (naarnul.signal_sending): how a municipality receives signals, the route a signal takes,
the Dutch sentences that never say "verstuurd" when nothing was delivered, and the warm handover."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul import signal_sending as rules
from naarnul.errors import ValidationError

TODAY = dt.date(2026, 12, 2)


def problems(call) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.problems


@pytest.mark.parametrize("email, expected", [
    ("Vroegsignalering@Gemeente.NL", "Vroegsignalering@gemeente.nl"),
    ("  schuldhulp@utrecht.nl ", "schuldhulp@utrecht.nl"),
])
def test_an_email_channel_keeps_a_normalised_address(email, expected):
    assert rules.check_channel("email", email=email) == rules.ChannelEntry("email", email=expected)


@pytest.mark.parametrize("email", ["", "geen-adres", "a@b", "x@@gemeente.nl", "a b@gemeente.nl",
                                   "<script>@gemeente.nl&", "x" * 250 + "@gemeente.nl", "{{ x }}@gemeente.nl "])
def test_a_wrong_email_address_is_refused_in_dutch(email):
    found = problems(lambda: rules.check_channel("email", email=email))
    assert found and all("e-mail" in p for p in found)


@pytest.mark.parametrize("url, word", [
    ("", "Vul het webadres"),
    ("http://www.gemeente.nl/melden", "https://"),
    ("www.gemeente.nl", "geen geldig webadres"),
    ("https://", "geen geldig webadres"),
    ("https://gemeente nl/form", "geen geldig webadres"),
    ("https://evil.nl/<script>", "geen geldig webadres"),
    ("javascript:alert(1)", "geen geldig webadres"),
    ("https://www.gemeente.nl/" + "a" * 600, "te lang"),
])
def test_a_web_form_needs_a_valid_https_address(url, word):
    assert any(word in p for p in problems(lambda: rules.check_channel("web_form", url=url)))


def test_a_valid_web_form_and_the_portal():
    url = "https://www.utrecht.nl/vroegsignalering/melden?bron=verhuurder"
    assert rules.check_channel("web_form", url=url, email="ignored@x.nl") == rules.ChannelEntry("web_form", url=url)
    assert rules.check_channel("portal", email="x@y.nl", url="https://a.nl") == rules.ChannelEntry("portal")
    assert "Kies hoe de gemeente" in problems(lambda: rules.check_channel("fax"))[0]


@pytest.mark.parametrize("recorded, liaison, expected", [
    (None, True, "portal"), (None, False, "unknown"), ("portal", True, "portal"), ("portal", False, "unknown"),
    ("email", True, "email"), ("email", False, "email"), ("web_form", False, "web_form"),
])
def test_the_portal_counts_only_with_an_active_liaison(recorded, liaison, expected):
    assert rules.effective_channel(recorded, liaison) == expected


def test_the_landlord_is_told_before_sending_with_the_exact_address():
    email = rules.route("Amsterdam", "email", has_liaison=False, email="vroeg@amsterdam.nl")
    notice = rules.before_sending_notice(email)
    assert "ontvangt meldingen niet in Naar Nul" in notice and "vroeg@amsterdam.nl" in notice
    form = rules.route("Utrecht", "web_form", has_liaison=True, url="https://utrecht.nl/melden")
    assert "https://utrecht.nl/melden" in rules.before_sending_notice(form)
    unknown = rules.route("Ons Dorp", None, has_liaison=False, help_email="hulp@onsdorp.nl")
    assert "weet nog niet" in rules.before_sending_notice(unknown) and "hulp@onsdorp.nl" in rules.before_sending_notice(
        unknown)
    assert rules.before_sending_notice(rules.route("Amsterdam", None, has_liaison=True)) == ""


def test_the_case_never_says_verstuurd_while_nothing_was_delivered():
    waiting = rules.delivery_line("email", "vroeg@amsterdam.nl", None, municipality_name="Amsterdam",
                                  prepared_on=TODAY)
    assert "nog niet verstuurd" in waiting and "vroeg@amsterdam.nl" in waiting
    assert "verstuurd" not in waiting.replace("nog niet verstuurd", "")
    sent = rules.delivery_line("email", "vroeg@amsterdam.nl", dt.date(2026, 12, 3), municipality_name="Amsterdam",
                               prepared_on=TODAY)
    assert sent == "Door u verstuurd via e-mail aan vroeg@amsterdam.nl op 3 december 2026."
    assert rules.delivery_line("web_form", "https://u.nl/f", TODAY, municipality_name="U", prepared_on=TODAY) == (
        "Door u verstuurd via het webformulier https://u.nl/f op 2 december 2026.")
    portal = rules.delivery_line("portal", "", TODAY, municipality_name="Amsterdam", prepared_on=TODAY)
    assert portal == "Afgeleverd bij de gemeente Amsterdam in Naar Nul op 2 december 2026."
    assert "gedaan bij" in rules.summary("NN-1", 0, 1, urgent=False, urgent_reason="")  # type: ignore[arg-type]
    assert "nog niet verstuurd" in rules.summary("NN-1", 0, 1, urgent=False, urgent_reason="",  # type: ignore[arg-type]
                                                 in_portal=False)


@pytest.mark.parametrize("day, word", [(None, "Vul de datum"), ("2026-12-01", "Vul de datum"),
                                       (TODAY + dt.timedelta(days=1), "toekomst"),
                                       (TODAY - dt.timedelta(days=1), "klaargezet")])
def test_the_send_date_is_on_or_after_preparing_and_not_in_the_future(day, word):
    assert word in problems(lambda: rules.check_delivered_on(day, prepared_on=TODAY, today=TODAY))[0]


def test_the_send_date_itself():
    assert rules.check_delivered_on(TODAY, prepared_on=TODAY, today=TODAY) == TODAY


def test_where_it_was_sent():
    assert rules.check_sent_to("email", "anything", "vroeg@a.nl") == "vroeg@a.nl"
    assert rules.check_sent_to("unknown", "  info@onsdorp.nl \n", "") == "info@onsdorp.nl"
    assert "Schrijf waar" in problems(lambda: rules.check_sent_to("unknown", "  ", ""))[0]
    assert "te lang" in problems(lambda: rules.check_sent_to("unknown", "x" * 501, ""))[0]


def test_a_warm_handover_needs_consent_a_name_an_organisation_and_a_real_phone():
    assert rules.check_warm_handover(marked=False, consent=False, organisation="", person="", phone="") is None
    found = problems(lambda: rules.check_warm_handover(marked=True, consent=False, organisation=" ", person="",
                                                       phone="12"))
    assert len(found) == 4
    assert "toestemming" in found[0] and "organisatie" in found[1] and "persoon" in found[2]
    assert "geen geldig telefoonnummer" in found[3]
    assert "te lang" in problems(lambda: rules.check_warm_handover(
        marked=True, consent=True, organisation="B" * 201, person="Ria", phone="0612345678"))[0]
    handover = rules.check_warm_handover(marked=True, consent=True, organisation="Buurtteam  Oost & <Zuid>",
                                         person=" Ria {{ Bakker }} ", phone="0201234567")
    assert handover == rules.WarmHandover("Buurtteam Oost & <Zuid>", "Ria {{ Bakker }}", "020 123 4567")
    payload = rules.handover_payload(handover, TODAY)
    assert payload["warm_handover"] is True and payload["handover_consent_on"] == "2026-12-02"
    assert payload["support_worker"] == "Ria {{ Bakker }} (Buurtteam Oost & <Zuid>), telefoon 020 123 4567"
    assert rules.handover_payload(None, TODAY) == {"warm_handover": False}


@pytest.mark.parametrize("days", [-1, 11, True, "2"])
def test_the_delivery_days_setting_is_bounded(days):
    from naarnul.calendar import PostSettings

    with pytest.raises(ValidationError, match="bezorgdagen"):
        PostSettings(letter_delivery_days=days)  # type: ignore[arg-type]
    assert PostSettings().letter_delivery_days == 2
