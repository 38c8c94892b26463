"""Extra questions on case forms (issue 16): the admin's table, the landlord's answers, the answers in a document."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul.documents import DocumentCase, generate, load_template
from naarnul.documents.context import case_context
from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError
from naarnul.form_questions import (
    MAX_CHOICES,
    MAX_QUESTIONS,
    MAX_TEXT_ANSWER,
    Question,
    parse_questions,
    validate_answers,
)

TODAY = dt.date(2026, 11, 23)
HOSTILE = "Smith & Sons <Ltd> {{ x }} {% if %} **vet** [a](http://x)"


def row(**overrides) -> dict:
    base = {"key": "contact_tijd", "label": "Beste tijd om te bellen", "type": "tekst", "required": False,
            "help": "", "choices": ""}
    base.update(overrides)
    return base


def problems(form: str, rows: list[dict], **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_questions(form, rows, **kwargs)
    return caught.value.problems


def test_the_admins_table_becomes_questions_with_dutch_types_and_choices():
    questions = parse_questions("signal", [
        row(required=True, help="Ochtend of middag"),
        row(key="bezoek_datum", label="Datum huisbezoek", type="datum"),
        row(key="schuld_bedrag", label="Andere schuld", type="bedrag"),
        row(key="bewindvoering", label="Bewindvoering?", type="ja/nee"),
        row(key="woonsituatie", label="Woonsituatie", type="keuze", choices="alleen; met kinderen ;; samen"),
        {"key": None, "label": float("nan"), "help": "", "choices": ""},  # an empty row of the data editor
    ])
    assert [(q.key, q.type) for q in questions] == [("contact_tijd", "text"), ("bezoek_datum", "date"),
                                                    ("schuld_bedrag", "money"), ("bewindvoering", "bool"),
                                                    ("woonsituatie", "choice")]
    assert questions[0].required and questions[0].help == "Ochtend of middag"
    assert questions[4].choices == ("alleen", "met kinderen", "samen")


@pytest.mark.parametrize("bad, expected", [
    (row(key="arrears_total"), "al een veld uit de zaak"),
    (row(key="extra"), "al een veld uit de zaak"),
    (row(key="evaluations"), "al een veld uit de zaak"),
    (row(key="items"), "gereserveerd"),
    (row(key="Contact Tijd"), "kleine letter"),
    (row(key=""), "kleine letter"),
    (row(key="x" * 61), "hoogstens 60"),
    (row(label=""), "de vraag (het label) ontbreekt"),
    (row(label="x" * 201), "te lang"),
    (row(help="x" * 501), "uitleg is te lang"),
    (row(type="getal"), "de soort moet een van deze zijn"),
    (row(type="keuze", choices=""), "keuzevraag heeft keuzes nodig"),
    (row(type="keuze", choices="; ".join(str(n) for n in range(MAX_CHOICES + 1))), "hoogstens 20 keuzes"),
    (row(type="keuze", choices="ja; ja"), "twee keer"),
    (row(type="keuze", choices="x" * 101), "keuze is te lang"),
    (row(type="tekst", choices="a; b"), "alleen een vraag van de soort 'keuze'"),
])
def test_a_wrong_question_is_refused_in_dutch(bad, expected):
    assert any(expected in problem for problem in problems("signal", [bad])), problems("signal", [bad])


def test_keys_are_unique_on_a_form_and_over_all_forms_and_the_number_is_bounded():
    assert any("twee keer" in p for p in problems("signal", [row(), row(label="Nog eens")]))
    found = problems("signal", [row()], taken={"contact_tijd": "arrangement"})
    assert any("al gebruikt bij het formulier 'Betalingsregeling'" in p for p in found)
    too_many = [row(key=f"vraag_{n}") for n in range(MAX_QUESTIONS + 1)]
    assert any("hoogstens 20 extra vragen" in p for p in problems("signal", too_many))
    assert any("Onbekend formulier" in p for p in problems("tenancy", [row()]))


def test_every_problem_of_the_table_is_listed_at_once():
    found = problems("signal", [row(key="arrears_total"), row(key="b", label=""), row(key="c", type="keuze")])
    assert len(found) == 3 and [p.split(":")[0] for p in found] == ["Vraag 1 ('arrears_total')", "Vraag 2 ('b')",
                                                                     "Vraag 3 ('c')"]


QUESTIONS = (
    Question("contact_tijd", "Beste tijd om te bellen", "text", required=True),
    Question("bezoek_datum", "Datum huisbezoek", "date"),
    Question("schuld_bedrag", "Andere schuld", "money"),
    Question("bewindvoering", "Bewindvoering?", "bool", required=True),
    Question("woonsituatie", "Woonsituatie", "choice", choices=("alleen", "samen")),
)


def test_answers_are_stored_as_plain_text_and_an_empty_optional_answer_is_left_out():
    answers = validate_answers(QUESTIONS, {"contact_tijd": f"  {HOSTILE} ", "bezoek_datum": dt.date(2026, 12, 1),
                                           "schuld_bedrag": "1.234,56", "bewindvoering": "nee",
                                           "woonsituatie": None}, today=TODAY)
    assert [(a.key, a.value) for a in answers] == [("contact_tijd", HOSTILE), ("bezoek_datum", "2026-12-01"),
                                                   ("schuld_bedrag", "1234.56"), ("bewindvoering", "nee")]


@pytest.mark.parametrize("values, expected", [
    ({"bewindvoering": "ja"}, "'Beste tijd om te bellen' is verplicht."),
    ({"contact_tijd": "  ", "bewindvoering": "ja"}, "'Beste tijd om te bellen' is verplicht."),
    ({"contact_tijd": "x", "bewindvoering": "misschien"}, "kies ja of nee"),
    ({"contact_tijd": "x", "bewindvoering": "ja", "bezoek_datum": "31-02-2026"}, "geen geldige datum"),
    ({"contact_tijd": "x", "bewindvoering": "ja", "schuld_bedrag": "-5"}, "kan niet negatief zijn"),
    ({"contact_tijd": "x", "bewindvoering": "ja", "schuld_bedrag": "12.50"}, "onduidelijk"),
    ({"contact_tijd": "x", "bewindvoering": "ja", "schuld_bedrag": "99999999999"}, "te hoog"),
    ({"contact_tijd": "x", "bewindvoering": "ja", "schuld_bedrag": "veel"}, "geen bedrag"),
    ({"contact_tijd": "x", "bewindvoering": "ja", "woonsituatie": "<script>"}, "kies een van: alleen, samen"),
    ({"contact_tijd": "x" * (MAX_TEXT_ANSWER + 1), "bewindvoering": "ja"}, "te lang"),
    ({"contact_tijd": "x", "bewindvoering": "ja", "arrears_total": "0"}, "Onbekende vraag 'arrears_total'"),
])
def test_a_wrong_answer_is_refused_in_dutch(values, expected):
    with pytest.raises(ValidationError) as caught:
        validate_answers(QUESTIONS, values, today=TODAY)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def _case(answers: list[dict]) -> DocumentCase:
    spec = load_template("notification")
    return DocumentCase.from_json({**spec.sample_case, "form_answers": answers})


def test_answers_reach_every_template_as_extra_formatted_in_dutch_and_never_shadow_a_case_field():
    case = _case([{"key": "bezoek_datum", "label": "Datum huisbezoek", "type": "date", "value": "2026-12-01"},
                  {"key": "schuld_bedrag", "label": "Andere schuld", "type": "money", "value": "1234.56"}])
    context = case_context(case)
    assert context["extra"]["bezoek_datum"] == "1 december 2026"
    assert context["extra"]["schuld_bedrag"] == "€\u00a01.234,56"
    assert context["extra"]["not_answered"] == ""  # a question answered later still renders
    assert [a["label"] for a in context["extra_answers"]] == ["Datum huisbezoek", "Andere schuld"]
    # answers live under `extra` only: even a (forged) answer named like a case field leaves the case field alone
    forged = case_context(_case([{"key": "arrears_total", "label": "x", "type": "money", "value": "0.00"}]))
    assert forged["arrears_total"] == context["arrears_total"] != forged["extra"]["arrears_total"]
    with pytest.raises(ValidationError):  # a stored answer with a malformed key or type is refused on the way in
        _case([{"key": "Bad Key", "label": "x", "type": "text", "value": "y"}])
    with pytest.raises(ValidationError):
        _case([{"key": "x", "label": "x", "type": "html", "value": "y"}])


def test_the_notification_shows_the_answers_literally_under_aanvullende_gegevens():
    spec = load_template("notification")
    without = docx_text(generate(_case([]), spec, {}).docx)
    assert "Aanvullende gegevens" not in without
    case = _case([{"key": "contact_tijd", "label": "Beste tijd <om> te bellen", "type": "text", "value": HOSTILE}])
    text = docx_text(generate(case, spec, {}).docx)
    assert "Aanvullende gegevens" in text
    assert f"Beste tijd <om> te bellen\t{HOSTILE}" in text
