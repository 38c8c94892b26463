"""Per rule of wording.md: texts that must fire and texts that must not, checked on what a landlord sees
(rule, severity, the marked words, the suggested replacement)."""

from __future__ import annotations

from pathlib import Path

import pytest

from naarnul.errors import ValidationError
from naarnul.wording import ERROR, HINT, WARNING, apply_suggestion, band, check, load_lexicon, passes
from naarnul.wording.highlight import to_html
from naarnul.wording.lexicon import LexiconError
from naarnul.wording.readability import syllables

LETTERS = Path(__file__).parent / "letters"
GOOD = (LETTERS / "first_reminder_good.txt").read_text(encoding="utf-8")
GOOD_14 = (LETTERS / "fourteen_day_good.txt").read_text(encoding="utf-8")


def marked(text: str, rule: str, kind: str = "letter") -> list[str]:
    """The words the check marks for one rule."""
    return [text[f.start:f.end] for f in check(text, kind=kind).findings if f.rule == rule]


def findings(text: str, rule: str, kind: str = "letter"):
    return [f for f in check(text, kind=kind).findings if f.rule == rule]


def with_paragraph(paragraph: str, base: str = GOOD) -> str:
    """The good letter with one extra paragraph just before the contact details."""
    return base.replace("U kunt mij bellen", paragraph + "\n\nU kunt mij bellen")


# -- the letters as a whole --------------------------------------------------------------------------------------------
def test_the_stress_sensitive_first_reminder_has_no_findings_at_all():
    report = check(GOOD, kind="first-reminder")
    assert report.ok and report.verdict == "stress-sensitief"
    assert report.findings == []
    assert report.readability >= 70 and report.band in ("vrij makkelijk", "makkelijk")


def test_the_harsh_letter_is_not_yet_stress_sensitive_for_the_right_reasons():
    text = (LETTERS / "harsh.txt").read_text(encoding="utf-8")
    report = check(text)
    assert not report.ok and report.verdict == "nog niet"
    rules = {f.rule for f in report.errors}
    assert {"A1", "A2", "B1", "B3", "B5", "C5"} <= rules
    assert report.readability < 60 and report.band == "moeilijk"


def test_a_polite_letter_full_of_officialese_fails_only_on_plain_language():
    text = (LETTERS / "polite_but_stiff.txt").read_text(encoding="utf-8")
    report = check(text)
    assert {f.rule for f in report.errors} == {"C5"}
    assert sorted(text[f.start:f.end] for f in report.errors) == sorted(
        ["Middels", "reeds", "conform", "te voldoen", "Indien", "Wellicht"])


def test_fixing_every_suggestion_in_the_stiff_letter_makes_it_pass():
    text = (LETTERS / "polite_but_stiff.txt").read_text(encoding="utf-8")
    for _ in range(10):
        fixable = [f for f in check(text).findings if f.suggestion is not None]
        if not fixable:
            break
        text = apply_suggestion(text, fixable[-1])  # from the end, so earlier offsets stay valid
    assert passes(text)
    assert "Als u niet in één keer kunt betalen" in text


def test_passes_helper_and_unknown_kind():
    assert passes(GOOD, "first-reminder")
    assert not passes((LETTERS / "harsh.txt").read_text(encoding="utf-8"), "letter")
    with pytest.raises(ValidationError, match="Onbekend soort brief"):
        check(GOOD, kind="aanmaning")


def test_report_json_shape_is_exactly_the_documented_one():
    data = check("Indien u vragen heeft: bel mij.").to_dict()
    assert set(data) == {"ok", "readability", "findings"}
    assert isinstance(data["ok"], bool) and isinstance(data["readability"], float)
    for item in data["findings"]:
        assert set(item) == {"rule", "severity", "message", "start", "end", "suggestion"}
        assert item["severity"] in ("error", "warning", "hint")
    c5 = [f for f in data["findings"] if f["rule"] == "C5"][0]
    assert (c5["start"], c5["end"], c5["suggestion"]) == (0, 6, "Als")


def test_findings_carry_a_category_for_colouring():
    report = check((LETTERS / "harsh.txt").read_text(encoding="utf-8"))
    categories = {f.rule[0]: f.category for f in report.findings}
    assert categories == {"A": "contact", "B": "toon", "C": "taal"}


# -- A: contact and a way out ------------------------------------------------------------------------------------------
def test_a1_fires_without_a_way_out_and_not_on_an_offer():
    text = (LETTERS / "friendly_but_no_way_out.txt").read_text(encoding="utf-8")
    [finding] = findings(text, "A1")
    assert finding.severity == ERROR and finding.whole_text
    assert "uitweg" in finding.message
    assert not findings(text.replace("Heeft u vragen?", "Lukt betalen niet? Bel mij."), "A1")


@pytest.mark.parametrize("offer", [
    "Lukt betalen niet? Bel mij.",
    "Kunt u niet alles in één keer betalen? Dan maken we een betalingsregeling.",
    "U kunt ook in delen betalen.",
    "We kunnen samen kijken naar een oplossing.",
])
def test_a1_recognises_offers(offer):
    assert not findings(f"Er staat € 850,00 open. {offer}", "A1")


@pytest.mark.parametrize("offer", [
    "Lukt het niet? Laat het me gerust weten.",
    "Kun je niet betalen? Laat het me weten, dan bedenken we samen iets.",
    "Kun je niet betalen? Bel me.",
    "Dan zoeken we samen een oplossing.",
    "We zoeken samen met u naar een passende oplossing.",
    "Samen met jou zoeken we naar een oplossing.",
    "Neem contact op als betalen niet lukt.",
    "Neem contact met ons op als je de huur niet kunt betalen.",
    "Heb je moeite met betalen? Neem contact met ons op.",
    "U kunt de achterstand in maandelijkse termijnen betalen.",
    "Je kunt ook in delen betalen.",
    "Heeft u uitstel nodig? Dat kan.",
    "We kijken samen wat kan.",
    "De woonconsulenten denken graag met u mee.",
    "Voor hulp belt u met de gemeente: 0561-691234.",
    "Bel ons, dan maken we een afspraak die voor u haalbaar is.",
])
def test_a1_recognises_the_ways_letters_offer_a_way_out_in_any_order_and_with_je(offer):
    assert not findings(f"Er staat € 850,00 open. {offer}", "A1"), offer


@pytest.mark.parametrize("not_an_offer", [
    "Laat het niet zo ver komen.",
    "Samen is dat € 1.690,00.",
    "Wilt u dat niet? Laat het mij dan vóór 20 maart weten.",
    "Betaal vóór 1 maart. Anders schakelen wij de deurwaarder in.",
])
def test_a1_is_not_fooled_by_the_same_words_without_an_offer(not_an_offer):
    assert findings(f"Er staat € 850,00 open. {not_an_offer}", "A1"), not_an_offer


def test_a1_a_blocked_offer_in_any_order_is_still_no_way_out():
    text = "Samen een oplossing zoeken is niet meer mogelijk. Betaal vóór 1 maart."
    [finding] = findings(text, "A1")
    assert text[finding.start:finding.end] == "niet meer mogelijk"


def test_a1_points_at_the_words_that_close_the_way_out():
    text = "Een betalingsregeling is niet mogelijk. Betaal vóór 1 maart."
    [finding] = findings(text, "A1")
    assert text[finding.start:finding.end] == "niet mogelijk"


@pytest.mark.parametrize("number", [
    "06-12345678", "06 1234 5678", "0612345678", "+31 6 12345678", "+31 (0)6 1234 5678", "0031 6 12345678",
    "030 - 123 45 67", "(030) 123 45 67", "020-1234567", "0800-1234",
])
def test_a2_recognises_dutch_phone_numbers(number):
    assert not [f for f in findings(f"Bel mij op {number}.", "A2") if f.severity == ERROR]


@pytest.mark.parametrize("not_a_number", [
    "Maak het over op NL91 ABNA 0417 1643 00.", "Betaal vóór 15-03-2026.", "Ik woon op 3511 AB Utrecht.",
    "Het gaat om € 1.234.567,00.",
])
def test_a2_does_not_take_iban_dates_or_postcodes_for_a_phone_number(not_a_number):
    [finding] = findings("Bel mij. " + not_a_number, "A2")
    assert finding.severity == ERROR and "telefoonnummer" in finding.message


@pytest.mark.parametrize("line", [
    "Team incasso, telefoon 0561–613815.",
    "Bel ons op (0591) 65 02 40.",
    "Uw contactpersoon: 085 - 303 12 34.",
    "App ons: 06 - 87 65 43 21.",
    "Kredietbank Nederland, telefoon 088 – 62 62 777.",
    "Bel gratis 0800 0232 en vraag naar team huurincasso.",
    "Bereikbaar via +31 20 123 4567.",
])
def test_a2_a_number_in_any_notation_next_to_a_role_or_a_call_verb_counts(line):
    assert not [f for f in findings(f"Er staat € 850,00 open.\n\n{line}", "A2") if f.severity == ERROR], line


def test_a2_an_email_or_web_address_alone_is_a_warning_that_points_at_it():
    text = "Lukt betalen niet? Mail ons op huur@corporatie.nl, dan zoeken we samen een oplossing."
    [finding] = findings(text, "A2")
    assert finding.severity == WARNING and text[finding.start:finding.end] == "huur@corporatie.nl"
    assert "telefoonnummer" in finding.message
    [site] = findings("Vraag een regeling aan via www.mijncorporatie.nl.", "A2")
    assert site.severity == WARNING


def test_a2_a_site_of_free_help_is_no_contact_with_the_landlord():
    [finding] = findings("Hulp bij geldzorgen vindt u op geldfit.nl en www.toeslagen.nl.", "A2")
    assert finding.severity == ERROR and finding.whole_text


def test_a2_wants_a_person_with_the_number_and_hints_at_hours():
    no_person = findings("Neem contact op via 030-1234567.", "A2")
    assert [f.severity for f in no_person] == [ERROR] and "wie" in no_person[0].message
    hours = findings("Bel mij op 06-12345678.", "A2")
    assert [f.severity for f in hours] == [HINT]
    assert not findings("Bel mij op 06-12345678, op werkdagen van 9.00 tot 17.00 uur.", "A2")
    assert not findings("App mij op 06-12345678.", "A2")


def test_a3_free_help():
    assert [f.severity for f in findings("Bel mij op 06-12345678.", "A3")] == [WARNING]
    assert not findings("De gemeente helpt u gratis.", "A3")
    assert not findings("Kijk op geldfit.nl voor hulp.", "A3")


def test_a4_only_for_the_first_reminder():
    offer = "Ik geef uw naam en telefoonnummer graag door aan de gemeente. Dan kan de gemeente u bellen om te helpen."
    refusal = "Wilt u dat niet? Laat het mij dan vóór 17 december 2026 weten."
    assert not findings(GOOD, "A4", kind="first-reminder")
    assert not findings(GOOD.replace(offer, ""), "A4", kind="letter")
    missing_offer = findings(GOOD.replace(offer, ""), "A4", kind="first-reminder")
    assert [f.severity for f in missing_offer] == [ERROR] and "door te geven" in missing_offer[0].message
    missing_refusal = findings(GOOD.replace(refusal, ""), "A4", kind="first-reminder")
    assert [f.severity for f in missing_refusal] == [ERROR] and "weigeren" in missing_refusal[0].message


def test_a4_the_municipality_is_help_not_a_sanction():
    sanction = with_paragraph("Als u niet betaalt, melden wij u bij de gemeente en het incassobureau.")
    [finding] = [f for f in findings(sanction, "A4", kind="first-reminder") if not f.whole_text]
    assert sanction[finding.start:finding.end] == "melden"
    no_help = GOOD.replace("De gemeente helpt u daarbij.", "").replace(" om te helpen", "")
    no_help = no_help.replace("Hulp bij geldzorgen is gratis.", "")
    assert any("hulp, niet als straf" in f.message for f in findings(no_help, "A4", kind="first-reminder"))


def test_a5_solutions_before_consequences():
    early = "Beste meneer Jansen,\n\nAnders gaat de zaak naar de deurwaarder. De huur is niet betaald. Lukt het niet? Bel mij."
    [finding] = findings(early, "A5")
    assert early[finding.start:finding.end] == "deurwaarder"
    late = ("Beste meneer Jansen,\n\nDe huur is niet betaald. Dat kan gebeuren. Lukt betalen niet? Bel mij. "
            "Betaalt u niet en belt u niet? Dan gaat de zaak naar de deurwaarder.")
    assert not findings(late, "A5")
    assert not findings("Er komen geen extra kosten bij. Lukt betalen niet? Bel mij.", "A5")


def test_a6_one_action_one_date():
    two = with_paragraph("Stuur mij ook uiterlijk 30 december 2026 uw bankafschrift.")
    [finding] = findings(two, "A6")
    assert two[finding.start:finding.end] == "uiterlijk 30 december 2026"
    assert not findings(GOOD, "A6", kind="first-reminder")  # the refusal date does not count as a second action
    assert [f.whole_text for f in findings("Wilt u de huur betalen? Bel mij.", "A6")] == [True]


def test_a7_relative_deadlines_get_a_calendar_date():
    text = "Utrecht, 3 december 2026\n\nBeste meneer Jansen,\n\nBetaal binnen 14 dagen na dagtekening."
    [finding] = findings(text, "A7")
    assert text[finding.start:finding.end] == "binnen 14 dagen na dagtekening"
    assert finding.suggestion == "vóór 18 december 2026"
    fixed = apply_suggestion(text, finding)
    assert not findings(fixed, "A7") and not findings(fixed, "B5")
    assert findings("Betaal binnen twee weken.", "A7")[0].suggestion == "vóór [datum]"
    assert not findings("Betaal vóór 15 maart 2026.", "A7")


def test_the_suggested_fourteen_day_deadline_counts_the_admins_delivery_days():
    text = "Utrecht, 3 december 2026\n\nBeste meneer Jansen,\n\nBetaal binnen 14 dagen na dagtekening."

    def suggested(days: int) -> set[str]:
        report = check(text, kind="fourteen-day-letter", delivery_days=days)
        return {f.suggestion for f in report.findings if f.rule == "B5" and f.suggestion}

    # received 5 December (2 delivery days) or 10 December (5): the last day is 21 or 24 December
    assert suggested(2) == {"vóór 22 december 2026"}
    assert suggested(5) == {"vóór 25 december 2026"}


def test_a8_amounts_in_one_clear_format():
    text = "Er staat een bedrag groot €1700,- open."
    marks = {text[f.start:f.end]: f.suggestion for f in findings(text, "A8")}
    assert marks == {"bedrag groot": "bedrag van", "€1700,-": "€\u00a01.700,00"}
    assert findings("Het gaat om 850 euro.", "A8")[0].suggestion == "€\u00a0850,00"
    assert not findings("Het gaat om € 850,00 en € 1.234,56.", "A8")
    assert not findings("Het gaat om €\u00a0850,00.", "A8")


def test_a8_month_items_must_add_up_to_the_total():
    wrong = GOOD.replace("Totaal              € 1.700,00", "Totaal              € 1.750,00")
    [finding] = findings(wrong, "A8")
    assert wrong[finding.start:finding.end] == "€ 1.750,00"
    assert finding.suggestion == "€\u00a01.700,00" and "€\u00a01.700,00" in finding.message
    total_above = GOOD.replace("Totaal              € 1.700,00\n", "")
    assert not findings(total_above, "A8")  # "Samen is dat € 1.700,00." above the table is the total
    no_total = total_above.replace(" Samen is dat € 1.700,00.", "")
    [finding] = findings(no_total, "A8")
    assert no_total[finding.start:finding.end] == "€ 850,00" and "totaalbedrag" in finding.message


def test_a9_a10_hints():
    assert [f.severity for f in findings("Bel mij op 06-12345678.", "A9")] == [HINT]
    assert not findings("Dat kan iedereen overkomen.", "A9")
    assert [f.severity for f in findings("Bel mij op 06-12345678.", "A10")] == [HINT]
    assert not findings("Klopt het bedrag niet? Bel mij.", "A10")


# -- B: tone -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("threat, words", [
    ("Wij nemen verdere stappen.", "verdere stappen"),
    ("Wij zetten alle middelen rechtens in.", "alle middelen rechtens"),
    ("Dit gebeurt zonder nadere aankondiging.", "zonder nadere aankondiging"),
    ("Wij geven de zaak uit handen.", "uit handen"),
])
def test_b1_vague_threats(threat, words):
    [finding] = findings(threat, "B1")
    assert finding.severity == ERROR and threat[finding.start:finding.end] == words


def test_b1_an_offer_is_not_a_threat():
    text = "Lukt betalen niet? Bel mij."
    report = check(text)
    assert not [f for f in report.findings if f.rule in ("B1", "B2", "A5", "A1")]


def test_b2_stacked_consequences():
    text = "Lukt het niet? Bel mij. Anders volgen de deurwaarder, beslag op uw loon en de kantonrechter."
    [finding] = findings(text, "B2")
    assert text[finding.start:finding.end] == "kantonrechter" and finding.severity == WARNING
    assert not findings("Lukt het niet? Bel mij. Anders kan ik naar de kantonrechter gaan.", "B2")


@pytest.mark.parametrize("reproach, words", [
    ("Ondanks herhaalde verzoeken is er niet betaald.", "Ondanks herhaalde verzoeken"),
    ("U heeft nog steeds niet betaald.", "nog steeds niet"),
    ("U heeft tot op heden niets betaald.", "tot op heden"),
    ("Wij moeten helaas constateren dat de huur open staat.", "Wij moeten helaas constateren"),
    ("U heeft nagelaten te betalen.", "U heeft nagelaten"),
    ("Dat is nalatig.", "nalatig"),
    ("Afspraak is afspraak.", "Afspraak is afspraak"),
])
def test_b3_reproach(reproach, words):
    assert marked(reproach, "B3") == [words]


def test_b3_not_on_neutral_use():
    assert not findings("U kunt nog steeds een regeling treffen. Het is geen verwijt.", "B3")
    assert findings("U heeft nog steeds niet betaald.", "B3")[0].suggestion == "nog niet"


def test_b4_power_formulas():
    assert marked("Wij zien ons genoodzaakt de huur op te zeggen.", "B4") == ["Wij zien ons genoodzaakt"]
    [finding] = findings("U dient te betalen.", "B4")
    assert finding.suggestion == "U moet"
    assert marked("Wij behouden ons alle rechten voor.", "B4") == ["Wij behouden ons alle rechten voor"]


def test_b5_false_urgency():
    assert marked("Dit is uw laatste waarschuwing.", "B5") == ["laatste waarschuwing"]
    assert marked("Dit is uw laatste kans.", "B5") == ["laatste kans"]
    assert marked("Betaal per omgaande.", "B5") == ["per omgaande"]
    assert findings("Betaal onmiddellijk.", "B5")[0].severity == ERROR


def test_b5_term_of_a_fourteen_day_letter():
    short = (LETTERS / "fourteen_day_short.txt").read_text(encoding="utf-8")
    report = check(short, kind="fourteen-day-letter")
    assert [(f.rule, short[f.start:f.end]) for f in report.errors] == [("B5", "binnen 10 dagen")]
    assert report.errors[0].suggestion == "vóór 22 december 2026"  # the one 14-day term (naarnul.calendar)
    assert passes(apply_suggestion(short, report.errors[0]), "fourteen-day-letter")
    # the same term in an ordinary letter is fine
    assert not [f for f in check(short).findings if f.rule == "B5"]
    assert passes(GOOD_14, "fourteen-day-letter")
    early_date = GOOD_14.replace("vóór 20 december 2026", "vóór 10 december 2026")
    [finding] = findings(early_date, "B5", kind="fourteen-day-letter")
    assert finding.severity == ERROR and early_date[finding.start:finding.end] == "vóór 10 december 2026"
    no_term = GOOD_14.replace(" vóór 20 december 2026", "")
    assert [f.whole_text for f in findings(no_term, "B5", kind="fourteen-day-letter")] == [True]


def test_b5_fourteen_days_after_the_letter_date_is_too_short_for_a_fourteen_day_letter():
    # the law counts from the day after receipt, so "14 dagen na dagtekening" gives the tenant less than 14 days
    text = GOOD_14.replace("vóór 20 december 2026", "binnen 14 dagen na dagtekening")
    [finding] = findings(text, "B5", kind="fourteen-day-letter")
    assert finding.severity == ERROR and "dag na ontvangst" in finding.message
    # letter 3 December, received 5 December, 14 days end on Saturday 19 December: the term runs on to Monday 21
    assert finding.suggestion == "vóór 22 december 2026"
    assert [f.severity for f in findings(text, "A7")] == [WARNING]  # in an ordinary letter: just use a date


def test_b5_suggested_date_of_a_fourteen_day_letter_is_the_one_fourteen_day_term_past_christmas():
    # letter 9 December: the 14 days end on Boxing Day (a holiday), then a Sunday, so the last day is 28 December;
    # the old "letter date + 17 days" suggested "vóór 26 december", a shorter term than the law gives
    text = GOOD_14.replace("Utrecht, 3 december 2026", "Utrecht, 9 december 2026").replace(
        "vóór 20 december 2026", "binnen 14 dagen na dagtekening")
    [finding] = findings(text, "B5", kind="fourteen-day-letter")
    assert finding.suggestion == "vóór 29 december 2026"


def test_b5_very_short_term_in_an_ordinary_letter_is_a_warning():
    [finding] = findings("Betaal binnen 3 dagen.", "B5")
    assert finding.severity == WARNING


def test_b6_capitals_and_exclamation_marks():
    text = "LET OP: betaal NU! Gebruik IBAN NL91 ABNA 0417 1643 00. Dit valt onder de WIK en het BKR."
    marks = {text[f.start:f.end]: f.suggestion for f in findings(text, "B6")}
    assert marks == {"LET OP": "Let op", "NU": "nu", "!": "."}
    assert not findings("Dorpsstraat 12, 3511 AB Utrecht. Bel mij.", "B6")


def test_b7_speak_to_the_reader():
    [finding] = findings("De huurder heeft niet betaald.", "B7")
    assert finding.suggestion == "U"
    assert marked("Ondergetekende verzoekt u te betalen.", "B7") == ["Ondergetekende"]
    mixed = findings("U heeft de huur niet betaald. Bel je mij even? Uw huur is € 850,00.", "B7")
    assert [(f.suggestion) for f in mixed] == ["u"]


def test_b8_personal_greeting_and_warm_closing():
    letter = GOOD.replace("Beste meneer Jansen,", "Geachte heer/mevrouw,").replace("Met vriendelijke groet,",
                                                                                     "Hoogachtend,")
    marks = {letter[f.start:f.end]: f.suggestion for f in findings(letter, "B8")}
    assert marks == {"Geachte heer/mevrouw": "Beste [naam]", "Hoogachtend": "Met vriendelijke groet"}
    assert not findings(GOOD.replace("Beste meneer Jansen", "Geachte heer Jansen"), "B8")


# -- C: plain language -----------------------------------------------------------------------------------------------
def test_c1_long_sentences_and_average():
    long = ("Wij willen u er graag op wijzen dat de huur van de maand november van dit jaar nog altijd niet op onze "
            "rekening is bijgeschreven.")
    [finding] = [f for f in findings(long, "C1") if not f.whole_text]
    assert (finding.start, finding.end) == (0, len(long))
    assert not findings("De huur van november is nog niet betaald.", "C1")


def test_c1_bullets_are_sentences_and_amount_lines_are_not():
    report = check("Wat kunt u doen?\n- Betaal vóór 1 maart\n- Bel mij\n\nnovember 2026  € 850,00\ndecember 2026  € 850,00\nTotaal  € 1.700,00")
    assert report.sentences == 3


def test_c2_one_subordinate_clause_per_sentence():
    text = "Als u niet betaalt, omdat u geen geld heeft, zodat de huur open blijft, bel mij dan."
    [finding] = findings(text, "C2")
    assert "omdat" in finding.message
    assert not findings("Als u niet kunt betalen, bel mij dan.", "C2")


def test_c3_passive_voice():
    assert marked("De huur wordt per 1 januari verhoogd.", "C3") == ["wordt per 1 januari verhoogd"]
    assert marked("Uw gegevens worden doorgegeven aan de gemeente.", "C3") == ["worden doorgegeven"]
    assert not findings("De gemeente wordt uw steun en toeverlaat.", "C3")


def test_c4_many_auxiliaries():
    assert findings("U zou moeten kunnen betalen.", "C4")
    assert not findings("U kunt mij bellen.", "C4")


@pytest.mark.parametrize("word, use", [
    ("conform", "volgens"), ("middels", "met"), ("inzake", "over"), ("derhalve", "daarom"), ("reeds", "al"),
    ("thans", "nu"), ("teneinde", "om"), ("indien", "als"), ("doch", "maar"), ("wellicht", "misschien"),
    ("trachten", "proberen"),
])
def test_c5_officialese_with_plain_alternative(word, use):
    [finding] = findings(f"Wij schrijven {word} deze brief.", "C5")
    assert finding.severity == WARNING and finding.suggestion == use


def test_c5_one_or_two_officialese_words_warn_three_or_more_are_an_error():
    two = findings("Indien u belt, help ik u. Wij hebben reeds betaald.", "C5")
    assert [f.severity for f in two] == [WARNING, WARNING]
    three = findings("Indien u belt, help ik u. Wij hebben reeds betaald. Dat is thans zo.", "C5")
    assert [f.severity for f in three] == [ERROR, ERROR, ERROR]
    assert "vanaf drie is dat een fout" in three[0].message


def test_c5_keeps_capitals_and_leaves_other_meanings_alone():
    assert findings("Indien u belt, help ik u.", "C5")[0].suggestion == "Als"
    assert findings("U kunt het bedrag voldoen.", "C5")[0].suggestion == "betalen"
    assert not findings("Dat moet voldoen aan de regels.", "C5")
    assert marked("Voornoemd bedrag is open.", "C5") == ["Voornoemd"]


def test_c6_legal_terms_at_most_two_and_explained():
    one = findings("Dit is een ingebrekestelling.", "C6")
    assert [f.severity for f in one] == [HINT] and one[0].suggestion == "brief met een laatste datum"
    assert not findings("Dit is een ingebrekestelling: een brief met een laatste datum.", "C6")
    many = findings("De vordering, de hoofdsom, het verzuim en de dagvaarding.", "C6")
    assert [f.severity for f in many] == [HINT, HINT, WARNING, WARNING]


def test_c7_long_words():
    text = ("Betalingsregelingen, schuldhulpverlening, huurovereenkomsten en incassobureaus zijn ingewikkelde "
            "onderwerpen voor huishoudens. Administratieve verplichtingen. " * 2)
    [finding] = findings(text, "C7")
    assert finding.whole_text and "lettergrepen" in finding.message


def test_c8_idioms_and_c9_double_negation():
    assert marked("Trek op tijd aan de bel.", "C8") == ["aan de bel"]
    assert findings("Dat lossen we in der minne op.", "C8")[0].suggestion == "samen"
    assert marked("Dat is niet onmogelijk.", "C9") == ["niet onmogelijk"]
    assert not findings("Dat is niet onmiddellijk nodig.", "C9")


def test_c10_one_word_for_one_thing():
    text = "Uw huurachterstand is € 850,00. Deze openstaande post moet u betalen."
    [finding] = findings(text, "C10")
    assert text[finding.start:finding.end] == "openstaande post" and finding.suggestion == "huurachterstand"


def test_c11_length_and_order():
    long = GOOD + "\n" + "De huur van de woning is elke maand op de eerste dag. " * 30
    assert any(f.whole_text and "woorden" in f.message for f in findings(long, "C11"))
    order = "De deurwaarder komt eraan. Lukt het niet? Bel mij. De gemeente helpt u gratis."
    [finding] = findings(order, "C11")
    assert order[finding.start:finding.end] == "deurwaarder"


def test_c12_readability_and_bands():
    hard = ("Wij verzoeken u vriendelijk doch dringend om het openstaande bedrag inclusief administratiekosten "
            "binnen de gestelde termijn over te maken op onderstaand rekeningnummer. ") * 3
    [finding] = findings(hard, "C12")
    assert finding.severity == WARNING and "leesbaarheid" in finding.message
    assert not findings(GOOD, "C12", kind="first-reminder")
    assert [band(s) for s in (59.9, 60, 69.9, 70, 79.9, 80)] == [
        "moeilijk", "normaal", "normaal", "vrij makkelijk", "vrij makkelijk", "makkelijk"]


def test_readability_uses_flesch_douma_with_the_syllable_fix():
    # pyphen alone counts one syllable in "over", "even", "idee"; the vowel-group count fixes that
    assert [syllables(w) for w in ("over", "even", "idee", "april", "geïnd", "koeien")] == [2, 2, 2, 2, 2, 2]
    report = check("Ik bel u. Dat is goed.")  # 6 words, 2 sentences, 6 syllables
    assert report.readability == round(206.835 - 0.93 * 3 - 77 * 1, 1)


def test_c13_dotted_abbreviations():
    text = "Dhr. P.J. Jansen, t.a.v. de huur, i.v.m. de kosten, e.a.b. onbekend."
    marks = {text[f.start:f.end]: f.suggestion for f in findings(text, "C13")}
    assert marks == {"t.a.v.": "voor", "i.v.m.": "vanwege", "e.a.b.": None}


# -- normalised matching, exact spans ---------------------------------------------------------------------------------
def test_matching_ignores_case_accents_quotes_and_line_breaks_but_marks_the_original():
    text = "Wij nemen VERDERE\nstappen en zeggen ‘per omgaande’."
    assert marked(text, "B1") == ["VERDERE\nstappen"]
    assert marked(text, "B5") == ["per omgaande"]
    ligature = "ﬁjn: Wij schrijven ĳverig middels deze brief."  # ligatures change length after NFKC
    assert marked(ligature, "C5") == ["middels"]
    combining = "Cafe\u0301 middels brief."
    assert marked(combining, "C5") == ["middels"]


def test_longest_phrase_wins():
    assert marked("Tot op heden is er niets betaald.", "B3") == ["Tot op heden"]
    assert not findings("Tot op heden is er niets betaald.", "A7")


@pytest.mark.parametrize("name", [
    "Wij bieden u een laatste kans overeenkomst aan.", "Wij bieden u een laatstekanscontract aan.",
    "Wij bieden u een laatste-kansovereenkomst aan.", "Wij bieden u een laatste kansovereenkomst aan.",
    "Ons laatste kans beleid helpt u.",
])
def test_b5_leaves_the_name_of_the_last_chance_agreement_alone(name):
    assert not findings(name, "B5"), name


# -- data file ----------------------------------------------------------------------------------------------------------
def test_every_alternative_in_the_word_lists_is_itself_clean():
    lexicon = load_lexicon()
    rule_of = {"officialese": "C5", "threats": "B1", "reproach": "B3", "power": "B4", "urgency": "B5",
               "third_person": "B7", "idioms": "C8", "amount_phrases": "A8", "relative_deadlines": "A7"}
    for name, rule in rule_of.items():
        for entry in lexicon.entries(name):
            if entry.suggestion:
                assert not findings(f"Wij {entry.suggestion} het.", rule), (name, entry.phrase, entry.suggestion)


def test_a_mistake_in_the_word_list_file_gets_a_clear_dutch_message(tmp_path):
    typo = tmp_path / "wording.yaml"
    typo.write_text("oficialese:\n  - middels: met\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="onbekende lijst"):
        load_lexicon(typo)
    star = tmp_path / "star.yaml"
    star.write_text("threats:\n  - '* stappen'\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="regel 1"):
        load_lexicon(star)


def test_an_extended_word_list_is_used_by_the_check(tmp_path):
    extra = tmp_path / "wording.yaml"
    extra.write_text("officialese:\n  - ten principale: vooral\n", encoding="utf-8")
    report = check("Dit gaat ten principale over de huur.", lexicon=load_lexicon(extra))
    [finding] = [f for f in report.findings if f.rule == "C5"]
    assert finding.suggestion == "vooral"


# -- highlight ------------------------------------------------------------------------------------------------------------
def test_highlight_marks_findings_and_escapes_html():
    text = "<b>Indien</b> u & ik VERDERE STAPPEN\nnemen."
    report = check(text)
    html = to_html(text, report.findings)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert '<mark class="nn-taal nn-warning"' in html and ">Indien</mark>" in html
    assert "title=\"C5: „Indien” is ambtelijke taal." in html
    assert ">VERDERE STAPPEN</mark>" in html and "nn-toon" in html
    assert "<br>" in html and "\n" not in html


# -- the portal's own letters ---------------------------------------------------------------------------------------
def test_every_shipped_letter_template_passes_without_errors():
    from naarnul import documents as registry
    letters = [spec for spec in registry.list_templates() if spec.kind == "letter"]
    assert letters, "no letter templates found"
    for spec in letters:
        document = registry.sample_document(spec)
        kinds = {spec.wording_kind} | ({"fourteen-day-letter"} if document.context.get("fourteen_day_letter") else set())
        for kind in kinds:
            report = check(document.text, kind=kind)
            assert report.ok, (spec.name, kind, [(f.rule, f.message) for f in report.errors])
