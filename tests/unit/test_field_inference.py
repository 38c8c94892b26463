"""Field inference for a new template from a Word file alone (issue 16): which fields a .docx uses and how, the
near-miss suggestions, the proposed questions, and the spec built from the admin's table."""

from __future__ import annotations

import io

import docx
import pytest

from naarnul.documents import field_inference as fi
from naarnul.documents import sandbox
from naarnul.documents.spec import parse_spec, validate_extra_fields
from naarnul.errors import ValidationError
from naarnul.services.template_builder import sample_case


def build_docx(*paragraphs: str) -> bytes:
    """A real .docx (python-docx) with one run per paragraph: docxtpl reads each {{ }} / {% %} whole."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


MISSED_VISIT = build_docx(
    "{{ greeting }},",
    "Wij kwamen op {{ bezoek_datum }} bij u langs op {{ home_address }}.",
    "{% if hond_aanwezig %}Wij zagen uw hond; wij bellen voortaan eerst aan.{% endif %}",
    "{% if opmerking %}Onze opmerking: {{ opmerking }}{% endif %}",
    "{% if soort == 'kort' %}Kort.{% elif soort == 'lang' %}Lang.{% endif %}",
    "{% for punt in afspraken %}- {{ punt }}{% endfor %}",
    "De nieuwe huur is {{ korting_bedrag }}. {{ arrears_totaal }} {{ huurder }}",
)


@pytest.fixture(scope="module")
def usage():
    return sandbox.run_limited(fi.template_usage, MISSED_VISIT)


def test_the_template_fields_are_split_into_known_and_new(usage):
    known, new = fi.split_fields(usage)
    assert [k.name for k in known] == ["greeting", "home_address"]
    assert dict((k.name, k.meaning) for k in known)["home_address"] == "volledig adres van de woning op één regel"
    assert [n.name for n in new] == ["afspraken", "arrears_totaal", "bezoek_datum", "hond_aanwezig", "huurder",
                                     "korting_bedrag", "opmerking", "soort"]
    assert "punt" not in usage  # a loop variable is not a field


@pytest.mark.parametrize(("name", "expected"), [
    ("arrears_totaal", "arrears_total"),
    ("huurder", "tenant_names"),
    ("huurdr", "tenant_names"),
    ("Huurder", "tenant_names"),
    ("landlord_nam", "landlord_name"),
    ("verhuurder", "landlord_name"),
    ("achterstand", "arrears_total"),
    ("bezoek_datum", None),
    ("hond_aanwezig", None),
    ("greeting", None),  # already known: nothing to suggest
])
def test_near_miss_suggestions(name, expected):
    assert fi.suggestion_for(name) == expected


def test_every_synonym_points_at_a_known_field():
    known = fi.known_field_meanings()
    assert {target for target in fi.SYNONYMS.values()} <= set(known)


def test_proposed_questions_guess_type_label_and_required(usage):
    _known, new = fi.split_fields(usage)
    questions = {q.name: q for q in fi.propose_questions(new)}
    assert (questions["bezoek_datum"].type, questions["bezoek_datum"].label) == ("date", "Datum bezoek")
    assert questions["bezoek_datum"].required
    assert (questions["hond_aanwezig"].type, questions["hond_aanwezig"].label) == ("bool", "Hond aanwezig?")
    assert not questions["hond_aanwezig"].required
    assert questions["korting_bedrag"].type == "money"
    assert questions["afspraken"].type == "list"
    assert (questions["soort"].type, questions["soort"].choices) == ("choice", ("kort", "lang"))
    assert questions["opmerking"].type == "text"
    assert not questions["opmerking"].required  # printed only inside its own {% if %}: may stay empty
    row = fi.proposal_row(questions["soort"])
    assert (row["type"], row["choices"]) == ("keuze", "kort; lang")


@pytest.mark.parametrize(("name", "kind"), [
    ("start_date", "date"), ("betaaldatum", "date"), ("datum_gesprek", "date"), ("rent_amount", "money"),
    ("bedrag", "money"), ("meeting_time", "time"), ("reden", "text"),
])
def test_type_from_the_name(name, kind):
    assert fi.guess_type(name, fi.FieldUse(printed=True)) == kind


def _rows(usage):
    _known, new = fi.split_fields(usage)
    return [fi.proposal_row(q) for q in fi.propose_questions(new)]


def test_the_spec_is_built_from_the_table_and_round_trips_as_yaml(usage):
    rows = _rows(usage)
    rows[2]["label"] = "Op welke dag was het huisbezoek?"
    spec = fi.spec_from_table(name="gemist", title="Wij misten u", rows=rows, used=usage, sample_case=sample_case(),
                              docx_bytes=MISSED_VISIT)
    by_name = {f.name: f for f in spec.extra_fields}
    assert by_name["bezoek_datum"].label == "Op welke dag was het huisbezoek?"
    assert by_name["bezoek_datum"].type == "date" and by_name["hond_aanwezig"].type == "bool"
    assert by_name["soort"].choices == ("kort", "lang")
    again = parse_spec(fi.spec_yaml(spec), docx_bytes=MISSED_VISIT)
    assert again.extra_fields == spec.extra_fields and again.sample == spec.sample
    typed = validate_extra_fields(spec, {"bezoek_datum": "01-12-2026", "afspraken": "Bellen\n\nLangskomen",
                                         "soort": "kort", "korting_bedrag": "12,50", "arrears_totaal": "x",
                                         "huurder": "y"})
    assert typed["afspraken"] == ["Bellen", "Langskomen"] and typed["hond_aanwezig"] is False


def test_a_question_can_never_shadow_a_case_field(usage):
    rows = _rows(usage) + [{"name": "arrears_total", "label": "Achterstand", "type": "bedrag", "required": True}]
    with pytest.raises(ValidationError) as error:
        fi.spec_from_table(name="gemist", title="Wij misten u", rows=rows, used=usage, sample_case=sample_case())
    assert any("'arrears_total' is al een veld uit de zaak" in p for p in error.value.problems)


HOSTILE = "& < > {{ x }} {% if %} **vet** [link](http://x)"


@pytest.mark.parametrize(("change", "message"), [
    ({"type": "keuze", "choices": "; ".join(f"k{i}" for i in range(21))}, "hoogstens 20 mag"),
    ({"type": "keuze", "choices": "a" * 81}, "Een keuze bij 'soort' is te lang"),
    ({"type": "keuze", "choices": "a; a"}, "twee keer"),
    ({"type": "tekst", "choices": "a; b"}, "geen keuzeveld"),
    ({"type": "iets"}, "Kies bij 'soort' een soort"),
    ({"label": "x" * 201}, "De vraag bij 'soort' is te lang"),
    ({"help": "x" * 501}, "De uitleg bij 'soort' is te lang"),
    ({"label": ""}, "geen label"),
    ({"type": "datum", "choices": "", "default": "morgen"}, "De standaardwaarde van 'soort' klopt niet"),
])
def test_bad_table_input_gets_a_dutch_message(usage, change, message):
    rows = _rows(usage)
    soort = next(r for r in rows if r["name"] == "soort")
    soort.update(change)
    with pytest.raises(ValidationError) as error:
        fi.spec_from_table(name="gemist", title="Wij misten u", rows=rows, used=usage, sample_case=sample_case())
    assert any(message in p for p in error.value.problems), error.value.problems


@pytest.mark.parametrize(("name", "title", "message"), [
    ("", "Titel", "De naam van het sjabloon"), ("Welkom brief", "Titel", "De naam van het sjabloon"),
    ("a" * 61, "Titel", "De naam van het sjabloon"), ("welkom", "", "Geef het sjabloon een titel"),
    ("welkom", "x" * 201, "De titel is te lang"),
])
def test_bad_name_or_title(usage, name, title, message):
    with pytest.raises(ValidationError) as error:
        fi.spec_from_table(name=name, title=title, rows=_rows(usage), used=usage, sample_case=sample_case())
    assert any(message in p for p in error.value.problems)


def test_rows_must_match_the_new_fields_of_the_template(usage):
    rows = _rows(usage)
    rows = [r for r in rows if r["name"] != "hond_aanwezig"] + [{"name": "verzonnen", "label": "X", "type": "tekst"}]
    with pytest.raises(ValidationError) as error:
        fi.spec_from_table(name="gemist", title="Wij misten u", rows=rows, used=usage, sample_case=sample_case())
    assert "Er is geen vraag voor het nieuwe veld 'hond_aanwezig'." in error.value.problems
    assert "Het sjabloon gebruikt geen veld 'verzonnen'. Haal die vraag weg." in error.value.problems


def test_hostile_text_in_labels_is_kept_as_data(usage):
    rows = _rows(usage)
    rows[0]["label"] = HOSTILE
    rows[0]["help"] = HOSTILE
    spec = fi.spec_from_table(name="gemist", title=HOSTILE, rows=rows, used=usage, sample_case=sample_case())
    assert spec.title == HOSTILE and spec.extra_fields[0].label == HOSTILE
    assert parse_spec(fi.spec_yaml(spec)).extra_fields[0].help == HOSTILE


def test_a_template_with_broken_jinja_gets_a_dutch_message():
    with pytest.raises(ValidationError) as error:
        sandbox.run_limited(fi.template_usage, build_docx("{% if x %}nooit gesloten"))
    assert "schrijffout" in error.value.problems[0]
    with pytest.raises(ValidationError) as error:
        sandbox.run_limited(fi.template_usage, b"geen docx")
    assert "geen geldig Word-document" in error.value.problems[0]


def test_name_from_filename():
    assert fi.name_from_filename("Wij misten u.docx") == "wij_misten_u"
    assert fi.name_from_filename("2026 brief.docx") == "brief_2026_brief"
    assert fi.name_from_filename("&<>.docx") == "brief"


def test_case_parts_follow_the_fields_used():
    assert "arrangement" in fi.case_parts_for({"instalments", "greeting"})
    assert fi.case_parts_for({"greeting"}) == list(fi.BASE_CASE_PARTS)
