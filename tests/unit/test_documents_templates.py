"""Every shipped template, rendered from its sample and from the example case, asserted on the document TEXT."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document

from naarnul.documents import generate, list_templates, load_template
from naarnul.documents.case import DocumentCase
from naarnul.documents.generation import sample_document
from naarnul.documents.template_check import check_template, wording_problems
from naarnul.errors import ValidationError
from naarnul.wording import check

ROOT = Path(__file__).resolve().parents[2]
EUR = "€\u00a0"  # format_money puts a no-break space after the sign
HOSTILE = "Smith & Sons <Ltd> \"x\" 'y' {{ 7*7 }} {% if %} é ß مرحبا 🏠"
ADDENDUM_EXTRA = {
    "support_organisation": "Buurtteam Oost", "support_worker_name": "Ria Bakker",
    "support_worker_phone": "020 7654321", "finance_option": "beschermingsbewind", "start_date": "2027-01-31",
}


def example_data() -> dict:
    return json.loads((ROOT / "examples" / "case.json").read_text(encoding="utf-8"))


def example_case(**changes) -> DocumentCase:
    data = example_data()
    data.update(changes)
    return DocumentCase.from_json(data)


def tables(docx: bytes) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(io.BytesIO(docx)).tables]


def table_starting_with(docx: bytes, first_header: str) -> list[list[str]]:
    found = [t for t in tables(docx) if t and t[0][0] == first_header]
    assert found, f"no table with header {first_header!r}"
    return found[0]


# --- the registry sees all five -------------------------------------------------------------------------------------

def test_all_templates_are_registered():
    names = [spec.name for spec in list_templates()]
    assert names == ["addendum", "arrangement", "custom_solution", "invitation", "last_chance", "notification",
                     "reminder"]


@pytest.mark.parametrize("name", ["addendum", "arrangement", "custom_solution", "invitation", "last_chance",
                                  "notification", "reminder"])
def test_every_template_passes_its_own_upload_check(name):
    spec = load_template(name)
    assert check_template(spec.docx_bytes, spec) == []


@pytest.mark.parametrize("name", ["addendum", "arrangement", "invitation", "notification", "reminder"])
def test_example_case_renders_every_template_without_template_syntax_left(name):
    extra = ADDENDUM_EXTRA if name == "addendum" else {}
    document = generate(example_case(), name, extra)
    assert "{{" not in document.text and "{%" not in document.text and "}}" not in document.text
    assert "None" not in document.text
    assert document.template_version == load_template(name).version
    assert len(document.checksum) == 64


# --- reminder -------------------------------------------------------------------------------------------------------

def test_reminder_sample_text():
    text = sample_document(load_template("reminder")).text
    for expected in [
        "Verhuur De Linde", "Lindelaan 4", "3511 AB Utrecht", "Telefoon: 06 12345678", "E-mail: anna@delinde.nl",
        "Sam de Vries", "Dorpsstraat 12 A", "1234 AB Amsterdam", "Utrecht, 23 november 2026", "Kenmerk: NN-2026-0042",
        "Beste meneer De Vries,",
        f"U heeft de huur van september en oktober 2026 nog niet helemaal betaald. Er staat nu {EUR}1.234,56 open.",
        "Dat kan iedereen overkomen.",
        "Wat kunt u doen?",
        # 14-day letter in the sample: the pay date is never before the legal term (receipt 25 Nov + 14 days)
        f"Betaal {EUR}1.234,56 uiterlijk op 9 december 2026. Maak het bedrag over naar NL91 ABNA 0417 1643 00 van "
        "Verhuur De Linde. Zet kenmerk NN-2026-0042 bij de betaling.",
        "Lukt dat niet? Bel of app dan Anna de Linde op 06 12345678. Samen maken we een regeling.",
        "Klopt het bedrag niet?",
        "Bel Geldhulp Amsterdam op 020 1234567 of kijk op www.amsterdam.nl/geldhulp. Op geldfit.nl vindt u ook "
        "gratis hulp.",
        "Wij willen uw naam, uw contactgegevens (adres, telefoonnummer en e-mailadres) en het bedrag van de "
        f"huurachterstand ({EUR}1.234,56) doorgeven aan de gemeente Amsterdam. Dan kan de gemeente u hulp "
        "aanbieden.",
        "Wilt u dat niet? Laat het ons dan vóór 7 december 2026 weten. Dat kan per brief, e-mail of telefoon.",
        f"Betaalt u niet uiterlijk op 9 december 2026? En heeft u dan geen regeling met ons? Dan moet u ook "
        f"{EUR}185,18 incassokosten betalen. Wij gaan ervan uit dat u deze brief op 25 november 2026 krijgt.",
        "maandag tot en met vrijdag van 9.00 tot 17.00 uur",
        "Met vriendelijke groet,",
    ]:
        assert expected in text
    # solutions before consequences: the costs come after the options and the help
    assert text.index("Wat kunt u doen?") < text.index("geldfit.nl") < text.index("incassokosten")
    assert text.count("incassokosten") == 1


def test_reminder_months_table_has_one_row_per_month_plus_header_and_total():
    document = sample_document(load_template("reminder"))
    table = table_starting_with(document.docx, "Maand")
    assert table == [["Maand", "Nog te betalen"], ["september 2026", f"{EUR}384,56"],
                     ["oktober 2026", f"{EUR}850,00"], ["Totaal", f"{EUR}1.234,56"]]


def test_reminder_without_fourteen_day_letter_has_no_costs_and_its_own_date():
    case = example_case(collection_costs=None)
    text = generate(case, "reminder", {"pay_before": "2026-12-01", "refuse_before": "2026-12-04"}).text
    assert "incassokosten" not in text and "Wat gebeurt er" not in text
    assert "uiterlijk op 1 december 2026" in text
    assert "vóór 4 december 2026" in text


def test_reminder_pay_date_defaults_to_fourteen_days():
    text = generate(example_case(), "reminder").text
    assert "uiterlijk op 7 december 2026" in text and "vóór 7 december 2026" in text


def test_fourteen_day_letter_never_asks_payment_before_the_legal_term():
    text = generate(example_case(), "reminder", {"fourteen_day_letter": "ja", "pay_before": "2026-11-30"}).text
    assert "Betaal" in text and "uiterlijk op 9 december 2026" in text
    assert "30 november 2026" not in text


def test_fourteen_day_letter_without_costs_is_refused():
    with pytest.raises(ValidationError) as caught:
        generate(example_case(collection_costs=None), "reminder", {"fourteen_day_letter": True})
    assert "Voor de veertiendagenbrief is het bedrag aan incassokosten nodig" in str(caught.value)


def test_reminder_for_two_tenants_greets_both():
    data = example_data()
    data["tenants"].append({"first_name": "Jan", "last_name": "Jansen", "salutation": "mevrouw"})
    data["tenants"].append({"first_name": "Kim", "last_name": "Bos"})
    text = generate(DocumentCase.from_json(data), "reminder").text
    assert "Beste meneer De Vries, mevrouw Jansen en Kim Bos," in text
    assert "Sam de Vries, Jan Jansen en Kim Bos" in text


def hostile_case() -> DocumentCase:
    data = example_data()
    data["landlord"]["name"] = HOSTILE
    data["landlord"]["contact_person"] = HOSTILE
    data["tenants"][0]["last_name"] = HOSTILE
    data["home"]["street"] = HOSTILE
    data["municipality"]["debt_help"]["name"] = HOSTILE
    data["contact_attempts"][0]["outcome"] = HOSTILE
    return DocumentCase.from_json(data)


def test_hostile_strings_survive_in_the_reminder():
    text = generate(hostile_case(), "reminder").text
    assert f"van {HOSTILE}. Zet kenmerk NN-2026-0042 bij de betaling." in text
    assert f"Beste meneer {HOSTILE}," in text
    assert f"{HOSTILE} 12 A" in text
    assert f"Bel {HOSTILE} op 020 1234567 of kijk op www.amsterdam.nl/geldhulp." in text
    # The letter ends with the signature (contact person, landlord name); only the footer's page number follows.
    assert text.rstrip().endswith(f"{HOSTILE}\n{HOSTILE}\n\nPagina 1 van 1")
    assert "49" not in text


def test_hostile_strings_survive_in_every_template():
    for name in ["notification", "arrangement", "addendum", "invitation"]:
        extra = {**ADDENDUM_EXTRA, "support_organisation": HOSTILE, "conduct_agreements": HOSTILE} \
            if name == "addendum" else {}
        if name == "invitation":
            extra = {"meeting_place": HOSTILE}
        text = generate(hostile_case(), name, extra).text
        assert text.count(HOSTILE) >= 2, name
        assert "49" not in text, name
    notification = generate(hostile_case(), "notification").text
    assert f"8 oktober 2026\ttelefoon\t{HOSTILE}" in notification
    assert f"Naam\t{HOSTILE}" in notification
    addendum = generate(hostile_case(), "addendum", {**ADDENDUM_EXTRA, "conduct_agreements": HOSTILE}).text
    assert f"{HOSTILE}\nArtikel 7. Hoe lang?" in addendum
    invitation = generate(hostile_case(), "invitation", {"meeting_place": HOSTILE}).text
    assert f"Plaats: {HOSTILE}\n" in invitation


# --- notification ---------------------------------------------------------------------------------------------------

def test_notification_holds_every_signal_field():
    document = sample_document(load_template("notification"))
    text = document.text
    for expected in [
        "Melding vroegsignalering huurachterstand", "gemeente Amsterdam (CBS-code GM0363)",
        "Kenmerk melding\tVS-2026-0042", "Datum melding\t23 november 2026", "Kenmerk verhuurder\tNN-2026-0042",
        "Spoed\tnee", "Bekende hulpverlener\tniet bekend",
        "Sam de Vries\t06 98765432\tsam.devries@example.nl\tniet nodig",
        "Straat\tDorpsstraat", "Huisnummer\t12", "Toevoeging\tA", "Postcode\t1234 AB", "Plaats\tAmsterdam",
        f"Totaal achterstand\t{EUR}1.234,56", "Aantal maanden\t2", "Achterstand ontstaan op\t1 september 2026",
        f"Huur per maand\t{EUR}850,00",
        f"september 2026\t1 september 2026\t{EUR}384,56", f"oktober 2026\t1 oktober 2026\t{EUR}850,00",
        "Betalingsherinnering verstuurd op\t5 oktober 2026",
        "Geen bezwaar ontvangen. De huurder kon bezwaar maken tot 19 oktober 2026.",
        "Aantal contactpogingen\t2",
        "8 oktober 2026\ttelefoon\tgeen gehoor", "12 oktober 2026\tbezoek\tniet thuis, briefje achtergelaten",
        "Naam\tVerhuur De Linde", "Adres\tLindelaan 4, 3511 AB Utrecht", "Telefoon\t06 12345678",
        "E-mail\tanna@delinde.nl", "Contactpersoon\tAnna de Linde", "CBS-code\tGM0363",
    ]:
        assert expected in text
    assert "BSN" not in text and "burgerservicenummer" not in text.lower()
    assert len(table_starting_with(document.docx, "Datum contactpoging")) == 3


def test_notification_shows_urgency_support_worker_and_unknown_contact_details():
    data = example_data()
    data["signal"].update(urgent=True, urgent_reason="zitting op 12 januari 2027", support_worker="Ria Bakker")
    data["tenants"].append({"first_name": "Jan", "last_name": "Jansen", "date_of_birth": "1980-02-29"})
    text = generate(DocumentCase.from_json(data), "notification").text
    assert "Spoed\tja: zitting op 12 januari 2027" in text
    assert "Bekende hulpverlener\tRia Bakker" in text
    assert "Jan Jansen\tonbekend\tonbekend\t29 februari 1980" in text


def test_notification_needs_signal_reminder_and_objection_dates():
    data = example_data()
    for key in ("signal", "reminder_date", "objection_deadline"):
        data.pop(key)
    with pytest.raises(ValidationError) as caught:
        generate(DocumentCase.from_json(data), "notification")
    assert caught.value.problems == [
        "Voor 'Melding vroegsignalering aan de gemeente' is nodig: de datum van de betalingsherinnering "
        "(reminder_date).",
        "Voor 'Melding vroegsignalering aan de gemeente' is nodig: de uiterste datum voor bezwaar (objection_deadline).",
        "Voor 'Melding vroegsignalering aan de gemeente' is nodig: de gegevens van de melding (kenmerk en datum) "
        "(signal).",
    ]


def test_notification_is_refused_after_an_objection():
    with pytest.raises(ValidationError, match="bezwaar gemaakt tegen doorgeven. Dan mag u geen melding doen"):
        generate(example_case(objection_received_on="2026-10-10"), "notification")


# --- arrangement ----------------------------------------------------------------------------------------------------

def test_arrangement_letter_text_and_schedule_table():
    document = sample_document(load_template("arrangement"))
    text = document.text
    for expected in [
        "Kenmerk: REG-2026-0042", "Beste meneer De Vries,", "Uw betalingsregeling",
        f"Het gaat om de huur van september en oktober 2026 voor Dorpsstraat 12 A, 1234 AB Amsterdam. Er staat "
        f"{EUR}1.234,56 open.",
        f"U betaalt {EUR}1.234,56 in 4 termijnen:",
        "Maak elke termijn over naar NL91 ABNA 0417 1643 00 van Verhuur De Linde. Zet kenmerk REG-2026-0042 bij de "
        "betaling.",
        "De laatste termijn betaalt u uiterlijk op 1 maart 2027.",
        f"Betaal ook de gewone huur van {EUR}850,00 elke maand op tijd.",
        "Dan rekenen wij geen extra kosten.",
        "Dan sturen wij u eerst een vriendelijke herinnering met een nieuwe datum.",
        "Dan kunnen we de regeling aanpassen. Bijvoorbeeld met een lager bedrag of een pauze.",
        "Bel of app dan Anna de Linde op 06 12345678.", "geldfit.nl", "Geldhulp Amsterdam",
    ]:
        assert expected in text
    assert "incassokosten" not in text  # costs are opt-in
    assert "Wij willen uw naam" not in text
    schedule = table_starting_with(document.docx, "Termijn")
    assert schedule == [
        ["Termijn", "Uiterlijk op", "Bedrag"],
        ["1", "1 december 2026", f"{EUR}308,64"], ["2", "1 januari 2027", f"{EUR}308,64"],
        ["3", "1 februari 2027", f"{EUR}308,64"], ["4", "1 maart 2027", f"{EUR}308,64"],
        ["Totaal", "", f"{EUR}1.234,56"],
    ]
    signatures = tables(document.docx)[-1]
    assert [row[0] for row in signatures] == ["", "Verhuurder", "Huurder"]
    assert signatures[2][1] == "Sam de Vries"


def test_arrangement_with_costs_signal_offer_and_two_tenants():
    data = example_data()
    data["arrangement"]["includes_costs"] = True
    data["arrangement"]["instalments"][3]["amount"] = "493.82"
    data["tenants"].append({"first_name": "Jan", "last_name": "Jansen"})
    document = generate(DocumentCase.from_json(data), "arrangement", {"signal_offer": True})
    assert f"In de regeling zitten ook {EUR}185,18 incassokosten." in document.text
    assert f"U betaalt {EUR}1.419,74 in 4 termijnen:" in document.text
    assert "Laat het ons dan vóór 7 december 2026 weten." in document.text
    signatures = tables(document.docx)[-1]
    assert [row[1] for row in signatures[2:]] == ["Sam de Vries", "Jan Jansen"]


def test_arrangement_letter_needs_an_arrangement():
    data = example_data()
    data.pop("arrangement")
    with pytest.raises(ValidationError, match=r"een betalingsregeling met termijnen \(arrangement\)"):
        generate(DocumentCase.from_json(data), "arrangement")


# --- addendum -------------------------------------------------------------------------------------------------------

def test_addendum_has_all_twelve_clauses_and_a_signature_block_per_signer():
    document = sample_document(load_template("addendum"))
    text = document.text
    for number in range(1, 13):
        assert f"Artikel {number}." in text
    for expected in [
        "Huurder: Sam de Vries, Dorpsstraat 12 A, 1234 AB Amsterdam.",
        "Begeleider: Ria Bakker van Buurtteam Oost, telefoon 020 7654321, e-mail ria.bakker@buurtteamoost.nl.",
        "Budgetbeheerder of bewindvoerder: Budgetbeheer Amsterdam.",
        "van 1 juni 2019",
        f"Op 23 november 2026 is de huurachterstand {EUR}1.234,56.",
        "De huurder en de begeleider spreken elkaar elke twee weken.", "persoonlijk plan",
        "De huurder gaat in budgetbeheer bij Budgetbeheer Amsterdam.",
        "(kenmerk REG-2026-0042)", f"De gewone huur van {EUR}850,00",
        "alleen dit vertellen: of de huur betaald is, en of de begeleiding doorgaat",
        "De huurder kan de toestemming altijd intrekken",
        "De huurder laat de begeleider één keer per maand op huisbezoek komen.",
        "Dit addendum geldt 12 maanden: van 1 januari 2027 tot en met 31 december 2027.",
        "3 maanden\t1 april 2027", "6 maanden\t1 juli 2027",
        "12 maanden\t31 december 2027",  # inside the duration: its last day, not 1 januari 2028
        "Daarin staat ook wat de huurder ervan vindt.",
        "Daarna krijgt de huurder een brief met een waarschuwing.",
        "De huurovereenkomst stopt niet vanzelf als een afspraak niet lukt.",
        "De huurovereenkomst loopt gewoon door",
        "De begeleider staat niet garant voor de huur.",
    ]:
        assert expected in text
    assert "automatisch" not in text.lower()
    signatures = tables(document.docx)[-1]
    assert signatures[0] == ["", "Naam", "Plaats en datum", "Handtekening"]
    assert [row[:2] for row in signatures[1:]] == [
        ["Huurder", "Sam de Vries"], ["Verhuurder", "Anna de Linde (Verhuur De Linde)"],
        ["Begeleider", "Ria Bakker (Buurtteam Oost)"], ["Budgetbeheerder of bewindvoerder", "Budgetbeheer Amsterdam"]]


def test_a_12_month_addendum_evaluates_three_times_the_last_on_its_last_day():
    document = generate(example_case(), "addendum", {**ADDENDUM_EXTRA, "duration_months": "12"})
    assert table_starting_with(document.docx, "Na") == [
        ["Na", "Datum"], ["3 maanden", "30 april 2027"], ["6 maanden", "31 juli 2027"],
        ["12 maanden", "30 januari 2028"]]
    assert "tot en met 30 januari 2028" in document.text and "18 maanden" not in document.text
    # the older single fields still work, now inside the duration too
    assert document.context["evaluation_12_months"] == "30 januari 2028"
    assert document.context["evaluation_3_months"] == "30 april 2027"


def test_addendum_signs_once_per_tenant_and_without_a_money_manager_row_when_there_is_none():
    data = example_data()
    data["tenants"].append({**data["tenants"][0], "first_name": "Lotte", "last_name": "Jansen"})
    two_tenants = DocumentCase.from_json(data)
    document = generate(two_tenants, "addendum", {**ADDENDUM_EXTRA, "money_manager": ""})
    signers = [row[0] for row in tables(document.docx)[-1][1:]]
    assert signers == ["Huurder", "Huurder", "Verhuurder", "Begeleider"]


@pytest.mark.parametrize(("option", "expected"), [
    ("budgetbeheer", "De huurder gaat in budgetbeheer."),
    ("beschermingsbewind", "De huurder vraagt beschermingsbewind aan of heeft dat al."),
    ("rechtstreekse betaling", "rechtstreeks van het inkomen of de uitkering naar de verhuurder gaat"),
])
def test_addendum_finance_option(option, expected):
    text = generate(example_case(), "addendum", {**ADDENDUM_EXTRA, "finance_option": option}).text
    assert expected in text
    assert sum(marker in text for marker in ("gaat in budgetbeheer", "beschermingsbewind aan", "rechtstreeks van")) == 1


def test_addendum_24_months_defaults_and_no_conduct_agreements():
    text = generate(example_case(), "addendum", {**ADDENDUM_EXTRA, "duration_months": "24"}).text
    assert "Dit addendum geldt 24 maanden: van 31 januari 2027 tot en met 30 januari 2029." in text
    assert "3 maanden\t30 april 2027" in text  # month end is clamped
    evaluations = table_starting_with(
        generate(example_case(), "addendum", {**ADDENDUM_EXTRA, "duration_months": "24"}).docx, "Na")
    assert evaluations == [["Na", "Datum"], ["3 maanden", "30 april 2027"], ["6 maanden", "31 juli 2027"],
                           ["12 maanden", "31 januari 2028"], ["18 maanden", "31 juli 2028"],
                           ["24 maanden", "30 januari 2029"]]  # the last one on the last day, inside the duration
    assert "Er zijn geen extra afspraken over wonen." in text
    assert "De huurder en de begeleider spreken elkaar elke twee weken." in text  # spec default


def test_addendum_missing_required_fields_are_listed_in_dutch():
    with pytest.raises(ValidationError) as caught:
        generate(example_case(), "addendum", {"finance_option": "zelf regelen", "duration_months": "18"})
    problems = caught.value.problems
    assert "'Organisatie van de begeleider' is verplicht (support_organisation)." in problems
    assert "'Naam begeleider' is verplicht (support_worker_name)." in problems
    assert any("kies een van: budgetbeheer, beschermingsbewind, rechtstreekse betaling" in p for p in problems)
    assert any("Looptijd in maanden" in p and "kies een van: 12, 24" in p for p in problems)


# --- invitation: the low-code template ------------------------------------------------------------------------------

def test_invitation_renders_from_spec_only():
    text = sample_document(load_template("invitation")).text
    for expected in ["Zullen we samen praten?", "Beste meneer De Vries,", f"Er staat nog {EUR}1.234,56 huur open.",
                     "Datum: 2 december 2026", "Tijd: 14.30 uur", "Plaats: Lindelaan 4 in Utrecht",
                     "Bel of app dan Anna de Linde op 06 12345678.", "geldfit.nl"]:
        assert expected in text


def test_invitation_defaults_and_bad_time():
    text = generate(example_case(), "invitation").text
    assert "Datum: 30 november 2026" in text and "Tijd: 10.00 uur" in text and "Plaats: bij u thuis" in text
    with pytest.raises(ValidationError, match="geen geldige tijd"):
        generate(example_case(), "invitation", {"meeting_time": "25:00"})


# --- the wording check ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "extra", "kinds"), [
    ("reminder", {}, ["first-reminder"]),
    ("reminder", {"fourteen_day_letter": True}, ["first-reminder", "fourteen-day-letter"]),
    ("arrangement", {}, ["letter"]),
    ("arrangement", {"signal_offer": True}, ["letter"]),
    ("invitation", {}, ["letter"]),
])
def test_letters_pass_the_wording_check_without_errors(name, extra, kinds):
    text = generate(example_case(), name, extra).text
    for kind in kinds:
        report = check(text, kind=kind)
        errors = [f"{f.rule}: {f.message}" for f in report.errors]
        assert errors == [], f"{name} ({kind})"
        assert wording_problems(text, kind) == []


# --- the help paragraph: the municipality's own debt help, or Geldfit, never Geldfit as the municipality -------------

GELDFIT_HELP = {"name": "Geldfit", "phone": "0800-8115", "website": "www.geldfit.nl", "email": "",
                "is_municipal": False}
HELP_LETTERS = [("reminder", {}), ("arrangement", {}), ("invitation", {}), ("addendum", ADDENDUM_EXTRA)]


@pytest.mark.parametrize(("name", "extra"), HELP_LETTERS)
def test_with_the_municipalitys_own_debt_help_the_letter_names_the_municipality(name, extra):
    text = generate(example_case(), name, extra).text
    assert "Geldhulp Amsterdam" in text and "020 1234567" in text
    assert "0800-8115" not in text
    if name != "addendum":
        assert ("De gemeente Amsterdam helpt gratis bij geldzorgen. Bel Geldhulp Amsterdam op 020 1234567 of kijk op "
                "www.amsterdam.nl/geldhulp. Op geldfit.nl vindt u ook gratis hulp.") in text


@pytest.mark.parametrize(("name", "extra"), HELP_LETTERS)
def test_without_a_municipal_contact_geldfit_is_never_presented_as_the_municipality(name, extra):
    data = example_data()
    data["municipality"]["debt_help"] = GELDFIT_HELP
    text = generate(DocumentCase.from_json(data), name, extra).text
    assert "Geldfit" in text and "0800-8115" in text
    assert "De gemeente Amsterdam helpt gratis bij geldzorgen. Bel Geldfit" not in text
    assert "gemeente Amsterdam: Geldfit" not in text
    if name == "addendum":
        assert ("schuldhulp van de gemeente Amsterdam. Geldfit (0800-8115) vertelt waar dat kan.") in text
    else:
        assert ("Geldfit helpt gratis bij geldzorgen. Bel Geldfit gratis op 0800-8115 of kijk op www.geldfit.nl. "
                "Ook de gemeente Amsterdam helpt gratis bij geldzorgen. Geldfit vertelt u waar u daarvoor terecht "
                "kunt.") in text


# --- the offer names what is passed on; a refusal is respected in every letter --------------------------------------

REFUSAL = ("U heeft ons op 20 oktober 2026 laten weten dat u niet wilt dat wij uw gegevens aan de gemeente doorgeven. "
           "Dat respecteren wij. Wij geven uw gegevens niet door en vragen het u niet opnieuw.")
LETTERS = [("reminder", {}), ("arrangement", {"signal_offer": "ja"}), ("arrangement", {}), ("invitation", {})]


@pytest.mark.parametrize(("name", "extra"), LETTERS)
def test_after_a_refusal_every_letter_respects_it_and_does_not_ask_again(name, extra):
    text = generate(example_case(objection_received_on="2026-10-20"), name, extra).text
    assert REFUSAL in text
    assert "Wilt u dat niet?" not in text and "Wij willen uw naam" not in text


@pytest.mark.parametrize(("name", "extra"), LETTERS)
def test_without_a_refusal_no_letter_speaks_of_one(name, extra):
    text = generate(example_case(), name, extra).text
    assert "respecteren wij" not in text
    if extra or name == "reminder":  # the letters that make the offer name all that is passed on
        assert "uw naam, uw contactgegevens (adres, telefoonnummer en e-mailadres) en het bedrag van de " \
               f"huurachterstand ({EUR}1.234,56)" in text


@pytest.mark.parametrize(("name", "extra", "kind"), [
    ("reminder", {}, "first-reminder"), ("arrangement", {"signal_offer": True}, "letter"), ("invitation", {}, "letter"),
])
def test_letters_after_a_refusal_pass_the_wording_check_without_errors(name, extra, kind):
    text = generate(example_case(objection_received_on="2026-10-20"), name, extra).text
    assert wording_problems(text, kind) == []
