"""The one line the check page starts with: what matters most, contact and a way out before tone and language."""

from __future__ import annotations

from pathlib import Path

from naarnul.wording import check
from naarnul.wording.summary import headline

LETTERS = Path(__file__).parent / "letters"


def test_a_missing_way_out_is_named_first_and_the_other_errors_are_counted():
    text = (LETTERS / "friendly_but_no_way_out.txt").read_text(encoding="utf-8")
    assert headline(check(text)) == "Er staat geen uitweg in uw brief."
    harsh = check((LETTERS / "harsh.txt").read_text(encoding="utf-8"))
    line = headline(harsh)
    assert line.startswith("Uw brief sluit de uitweg af (en nog ") and line.endswith(" andere fouten).")


def test_contact_comes_before_tone_and_tone_before_officialese():
    no_phone = "Lukt betalen niet? Dan maken we samen een regeling. Wij eisen dat u betaalt. Indien, reeds, thans."
    assert headline(check(no_phone)).startswith("Er staat geen telefoonnummer in uw brief")
    threat = "Lukt betalen niet? Bel mij op 06-12345678. Anders nemen wij verdere stappen. Indien, reeds, thans."
    assert headline(check(threat)).startswith("Uw brief dreigt")
    stiff = "Lukt betalen niet? Bel mij op 06-12345678. Indien u belt, helpen wij reeds. Dat is thans zo."
    assert headline(check(stiff)).startswith("Uw brief heeft veel ambtelijke taal")


def test_a_good_letter_says_so_and_names_the_next_improvement():
    good = (LETTERS / "first_reminder_good.txt").read_text(encoding="utf-8")
    assert headline(check(good, kind="first-reminder")) == "Uw brief is stress-sensitief."
    mail_only = "Lukt betalen niet? Mail ons op huur@corporatie.nl, dan zoeken we samen een oplossing."
    assert headline(check(mail_only)) == ("Uw brief is stress-sensitief. Nog een verbetering: zet er ook een "
                                          "telefoonnummer bij, niet alleen een e-mailadres of website.")
