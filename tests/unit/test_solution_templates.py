"""Issue 11 in the documents: every letter to the tenant points to huurtoeslag, to passing a changed rent on to the
Belastingdienst and to bijzondere bijstand with the municipality's contact (one paragraph of the template builder);
the custom-solution letter says what was agreed for each kind; the last-chance agreement never says the lease
continues or that only a court decides, and "laatste kans" is allowed there only. Checked by text and by LibreOffice
(A4, page numbers, a signature table that never splits)."""

from __future__ import annotations

import importlib.util
import inspect
import json
from pathlib import Path

import pytest

from naarnul.documents import generate, load_template
from naarnul.documents.case import DocumentCase
from naarnul.documents.generation import sample_document
from naarnul.documents.pdf import to_pdf
from naarnul.wording import check
from tests.unit.test_template_layout import media_boxes_mm, pdf_pages, pdf_tools  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]
EUR = "€\u00a0"
HOSTILE = "Smith & Sons <Ltd> {{ 7*7 }} {% if %} **vet** [link](http://x)"
ADDENDUM_EXTRA = {"support_organisation": "Buurtteam Oost", "support_worker_name": "Ria Bakker",
                  "support_worker_phone": "020 7654321", "finance_option": "budgetbeheer"}
LAST_CHANCE_EXTRA = {"judgment_date": "2026-11-02", "court_name": "rechtbank Amsterdam, kantonrechter",
                     "support_organisation": "Buurtteam Oost", "support_worker_name": "Ria Bakker",
                     "support_worker_phone": "020 7654321", "start_date": "2026-12-01", "duration_months": "12",
                     "money_manager": "Budgetbeheer Amsterdam"}
REDUCTION = {"solution_kind": "huurverlaging", "first_month": "januari 2027", "last_month": "juni 2027",
             "reduction_amount": "100.00", "reduced_rent": "750.00"}
TENANT_LETTERS = [("reminder", {}), ("arrangement", {}), ("invitation", {}), ("addendum", ADDENDUM_EXTRA),
                  ("custom_solution", REDUCTION), ("last_chance", LAST_CHANCE_EXTRA)]
GELDFIT = {"name": "Geldfit", "phone": "0800-8115", "website": "www.geldfit.nl", "email": "", "is_municipal": False}


def case_data(tenant_count: int = 1, **changes) -> dict:
    data = json.loads((ROOT / "examples" / "case.json").read_text(encoding="utf-8"))
    first = data["tenants"][0]
    data["tenants"] = [{**first, "first_name": f"Huurder{index}"} for index in range(1, tenant_count + 1)]
    data.update(changes)
    return data


def text_of(name: str, extra: dict, **changes) -> str:
    return generate(DocumentCase.from_json(case_data(**changes)), name, extra).text


@pytest.mark.parametrize(("name", "extra"), TENANT_LETTERS, ids=[n for n, _ in TENANT_LETTERS])
def test_every_letter_points_to_huurtoeslag_the_belastingdienst_and_bijzondere_bijstand(name, extra):
    text = text_of(name, extra)
    assert "Dan krijgt u misschien huurtoeslag. Kijk op toeslagen.nl" in text
    assert "Geef de nieuwe huur dan door aan de Belastingdienst." in text
    assert ("Vraag dan bij de gemeente Amsterdam naar bijzondere bijstand. Bel Geldhulp Amsterdam op 020 1234567."
            in text)


@pytest.mark.parametrize(("name", "extra"), TENANT_LETTERS, ids=[n for n, _ in TENANT_LETTERS])
def test_without_a_municipal_contact_bijzondere_bijstand_names_the_municipality_not_geldfit(name, extra):
    data = case_data()
    data["municipality"]["debt_help"] = GELDFIT
    text = generate(DocumentCase.from_json(data), name, extra).text
    assert "Vraag dan bij de gemeente Amsterdam naar bijzondere bijstand." in text
    assert "bijzondere bijstand. Bel Geldfit" not in text


def test_the_income_support_paragraph_lives_in_one_place_of_the_builder():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "templates" / "build_templates.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    homes = [name for name, function in inspect.getmembers(builder, inspect.isfunction)
             if "huurtoeslag" in inspect.getsource(function)]
    assert homes == ["income_support"]
    for name in ("reminder", "arrangement", "invitation", "addendum", "custom_solution", "last_chance"):
        assert "income_support(d)" in inspect.getsource(getattr(builder, name)), name
    assert "income_support" not in inspect.getsource(builder.notification)  # addressed to the municipality


# --- the custom-solution letter --------------------------------------------------------------------------------------

KIND_CASES = [
    ({"solution_kind": "uitstel", "deferred_months": "september en oktober 2026", "deferred_amount": "1234.56",
      "deferral_until": "2027-02-01"},
     ["U krijgt uitstel van betaling", "Het gaat om de huur van september en oktober 2026. Dat is "
      f"{EUR}1.234,56. Dat bedrag betaalt u uiterlijk op 1 februari 2027.",
      f"Betaal de gewone huur van {EUR}850,00 wel elke maand op tijd."],
     ["minder huur", "huurverhoging van"]),
    (REDUCTION,
     [f"Van januari 2027 tot en met juni 2027 betaalt u {EUR}100,00 minder huur per maand. U betaalt dan "
      f"{EUR}750,00 per maand."],
     ["uitstel van betaling", "huurverhoging van"]),
    ({"solution_kind": "geen huurverhoging", "waived_increase_date": "2026-07-01", "waived_from": "2026-07-01",
      "kept_rent": "850.00"},
     [f"Wij zien af van de huurverhoging van 1 juli 2026. Vanaf 1 juli 2026 betaalt u {EUR}850,00 per maand."],
     ["uitstel van betaling", "minder huur"]),
]


@pytest.mark.parametrize(("extra", "present", "absent"), KIND_CASES, ids=["uitstel", "huurverlaging", "verhoging"])
def test_the_custom_solution_letter_says_exactly_what_was_agreed(extra, present, absent):
    text = text_of("custom_solution", {**extra, "solution_note": HOSTILE})
    for sentence in present:
        assert sentence in text
    for words in absent:
        assert words not in text.lower()
    assert HOSTILE in text
    assert "Bel of app dan" in text and "Handtekeningen" in text
    report = check(text, kind="letter", template="custom_solution")
    assert report.ok, [(f.rule, f.message) for f in report.errors]


def test_the_custom_solution_letter_needs_its_kind():
    with pytest.raises(Exception, match="Welke oplossing"):
        text_of("custom_solution", {})


# --- the last-chance agreement ---------------------------------------------------------------------------------------

def test_the_last_chance_agreement_states_the_conditions_and_never_that_the_lease_continues():
    text = text_of("last_chance", {**LAST_CHANCE_EXTRA, "extra_conditions": HOSTILE})
    assert "Op 2 november 2026 heeft de rechter (rechtbank Amsterdam, kantonrechter) beslist" in text
    assert "Dit is geen nieuwe huurovereenkomst." in text
    assert "van 1 december 2026 tot en met 30 november 2027" in text
    assert "Dan krijgt de huurder een nieuwe huurovereenkomst voor de woning." in text
    assert HOSTILE in text
    lowered = text.lower()
    for never in ("loopt door", "loopt gewoon door", "alleen een rechter", "alleen de rechter",
                  "stopt niet vanzelf"):
        assert never not in lowered
    for signer in ("Huurder1", "Anna de Linde", "Ria Bakker", "Budgetbeheer Amsterdam"):
        assert signer in text
    other = text_of("last_chance", {**LAST_CHANCE_EXTRA, "end_outcome": "vonnis niet meer uitvoeren"})
    assert "Dan laat de verhuurder het vonnis nooit meer uitvoeren." in other
    assert "nieuwe huurovereenkomst voor de woning" not in other


def test_the_last_chance_agreement_needs_the_judgment():
    with pytest.raises(Exception) as error:
        text_of("last_chance", {k: v for k, v in LAST_CHANCE_EXTRA.items() if k != "judgment_date"})
    assert "Datum van het vonnis" in str(error.value)


def test_laatste_kans_is_allowed_in_the_last_chance_agreement_only():
    spec = load_template("last_chance")
    text = sample_document(spec).text
    assert "laatste kans" in text.lower()
    assert not [f for f in check(text, kind=spec.wording_kind, template="last_chance").findings if f.rule == "B5"]
    assert [f for f in check(text, kind=spec.wording_kind).findings if f.rule == "B5"]
    # the same words in another letter are still false urgency
    letter = "Beste meneer Jansen, dit is uw laatste kans. Bel of app ons op 06 12345678 voor een regeling."
    assert [f.rule for f in check(letter, template="custom_solution").findings if f.rule == "B5"] == ["B5"]
    assert not [f for f in check(letter, template="last_chance").findings if f.rule == "B5"]


def test_the_last_chance_and_addendum_texts_do_not_leak_into_each_other():
    addendum = text_of("addendum", ADDENDUM_EXTRA)
    last_chance = text_of("last_chance", LAST_CHANCE_EXTRA)
    assert "vonnis" not in addendum.lower()
    assert "De huurovereenkomst loopt gewoon door" in addendum and "loopt gewoon door" not in last_chance


# --- LibreOffice: A4, page numbers, signatures on one page ---------------------------------------------------------

@pytest.mark.libreoffice
@pytest.mark.parametrize(("name", "extra", "tenants", "heading", "signers"), [
    ("custom_solution", REDUCTION, 1, "Handtekeningen", ["Anna"]),
    ("custom_solution", {**REDUCTION, "solution_note": "Een afspraak. " * 60}, 3, "Handtekeningen", ["Anna"]),
    ("last_chance", LAST_CHANCE_EXTRA, 1, "Ondertekening", ["Anna", "Ria", "Budgetbeheer"]),
    ("last_chance", {**LAST_CHANCE_EXTRA, "extra_conditions": "Geen overlast. " * 40}, 3, "Ondertekening",
     ["Anna", "Ria", "Budgetbeheer"]),
])
def test_new_templates_print_on_a4_with_the_signatures_on_one_page(pdf_tools, name, extra, tenants, heading,
                                                                   signers):  # noqa: F811
    pdf = to_pdf(generate(DocumentCase.from_json(case_data(tenant_count=tenants)), name, extra).docx)
    assert pdf is not None and media_boxes_mm(pdf) == {(210, 297)}
    pages = pdf_pages(pdf)
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in page
    last = pages[-1]
    assert heading in last
    block = last[last.index(heading):]
    for signer in [f"Huurder{index}" for index in range(1, tenants + 1)] + signers:
        assert signer in block, (signer, len(pages))
