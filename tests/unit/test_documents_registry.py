"""Template registry: specs, extra fields, the context, and the check an admin upload must pass."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document

from naarnul.documents import generate, list_templates, load_template
from naarnul.documents.case import DocumentCase
from naarnul.documents.context import build_context, case_context, month_names
from naarnul.documents.fields import CONTEXT_FIELDS, DERIVED_FIELDS
from naarnul.documents.spec import parse_spec, template_version_hash, validate_extra_fields
from naarnul.documents.template_check import check_template, template_variables
from naarnul.errors import NotFound, ValidationError

ROOT = Path(__file__).resolve().parents[2]
EUR = "€\u00a0"


def example_case(**changes) -> DocumentCase:
    data = json.loads((ROOT / "examples" / "case.json").read_text(encoding="utf-8"))
    return DocumentCase.from_json({**data, **changes})


def docx_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def invitation_spec_text() -> str:
    return (ROOT / "templates" / "invitation.yaml").read_text(encoding="utf-8")


# --- context --------------------------------------------------------------------------------------------------------

def test_full_case_context_has_exactly_the_documented_fields():
    # with a refusal on file, so that objection_received_date (only then) is there too
    assert set(case_context(example_case(objection_received_on="2026-10-20"))) == set(CONTEXT_FIELDS)


def test_context_is_formatted_in_dutch():
    context = case_context(example_case())
    assert context["arrears_total"] == f"{EUR}1.234,56"
    assert context["today"] == "23 november 2026"
    assert context["greeting"] == "Beste meneer De Vries"
    assert context["landlord_iban"] == "NL91 ABNA 0417 1643 00"
    assert context["arrears_months"][0] == {"month": "september 2026", "due_date": "1 september 2026",
                                            "amount": f"{EUR}384,56"}
    assert context["costs_deadline"] == "9 december 2026"
    assert context["home_address"] == "Dorpsstraat 12 A, 1234 AB Amsterdam"


def test_month_names_group_by_year():
    assert month_names([dt.date(2026, 9, 1)]) == "september 2026"
    assert month_names([dt.date(2026, 10, 1), dt.date(2026, 9, 1)]) == "september en oktober 2026"
    assert month_names([dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1)]) \
        == "november en december 2026 en januari 2027"
    assert month_names([dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]) \
        == "augustus, september en oktober 2026"


def test_build_context_adds_extra_fields_formatted():
    spec = load_template("addendum")
    context = build_context(example_case(), spec, {
        "support_organisation": "Buurtteam", "support_worker_name": "Ria", "support_worker_phone": "06 1",
        "finance_option": "budgetbeheer", "start_date": "2027-01-01", "lease_date": "01-06-2019",
    })
    assert context["start_date"] == "1 januari 2027"
    assert context["lease_date"] == "1 juni 2019"
    assert context["evaluation_3_months"] == "1 april 2027"
    assert context["end_date"] == "31 december 2027"
    assert context["conduct_agreements"] == ""  # optional, empty: an {% if %} in the template is false


# --- extra fields ---------------------------------------------------------------------------------------------------

def test_validate_extra_fields_types_and_defaults():
    spec = parse_spec({
        "name": "demo", "title": "Demo", "kind": "letter",
        "extra_fields": [
            {"name": "when", "label": "Wanneer", "type": "date", "default": "today+7"},
            {"name": "at", "label": "Hoe laat", "type": "time"},
            {"name": "amount", "label": "Bedrag", "type": "money"},
            {"name": "count", "label": "Aantal", "type": "number"},
            {"name": "ok", "label": "Akkoord", "type": "bool"},
            {"name": "pick", "label": "Keuze", "type": "choice", "choices": ["a", "b"], "default": "a"},
            {"name": "note", "label": "Opmerking", "required": True},
        ],
        "sample": {"case": {}},
    })
    values = validate_extra_fields(spec, {"at": "9.05", "amount": "12,50", "count": "3", "ok": "ja", "note": " x "},
                                   today=dt.date(2026, 11, 23))
    assert values == {"when": dt.date(2026, 11, 30), "at": dt.time(9, 5), "amount": Decimal("12.50"),
                      "count": Decimal("3"), "ok": True, "pick": "a", "note": "x"}
    with pytest.raises(ValidationError) as caught:
        validate_extra_fields(spec, {"when": "morgen", "at": "9", "amount": "-1", "count": "veel", "ok": "soms",
                                     "pick": "c", "nope": 1}, today=dt.date(2026, 11, 23))
    problems = caught.value.problems
    assert len(problems) == 8  # unknown field, six bad values, required note missing
    assert problems[0].startswith("Onbekend extra veld 'nope'.")
    assert "'Opmerking' is verplicht (note)." in problems


def test_boolean_and_date_values_from_a_page_are_accepted_as_is():
    spec = load_template("reminder")
    values = validate_extra_fields(spec, {"fourteen_day_letter": True, "pay_before": dt.date(2026, 12, 24)},
                                   today=dt.date(2026, 11, 23))
    assert values["fourteen_day_letter"] is True and values["pay_before"] == dt.date(2026, 12, 24)


# --- specs ----------------------------------------------------------------------------------------------------------

def test_spec_problems_are_all_listed():
    with pytest.raises(ValidationError) as caught:
        parse_spec({
            "name": "Bad Name", "kind": "poem", "colour": "red", "case_fields": ["landlord", "bank"],
            "extra_fields": [
                {"name": "greeting", "label": "Aanhef"},  # clashes with a case field
                {"name": "x", "type": "colour", "label": "X"},
                {"name": "y", "type": "choice", "label": "Y"},
                {"name": "d", "type": "date", "label": "D", "default": "gisteren"},
            ],
        })
    text = " ".join(caught.value.problems)
    for expected in ["Onbekend onderdeel in de beschrijving: 'colour'", "De naam (name)", "De titel (title)",
                     "letter, form of agreement", "case_fields mag alleen", "dezelfde naam als een veld uit de zaak",
                     "Het type van 'x'", "heeft geen keuzes", "De standaardwaarde van 'd' klopt niet",
                     "sample.case"]:
        assert expected in text


def test_extra_field_that_is_no_mapping_or_has_unknown_parts():
    with pytest.raises(ValidationError) as caught:
        parse_spec({"name": "demo", "title": "Demo", "kind": "form", "sample": {"case": {}},
                    "extra_fields": ["datum", {"name": "when", "label": "Wanneer", "colour": "red"},
                                     {"name": "when", "label": "Nog eens"}]})
    assert caught.value.problems == [
        "Het extra veld 1 moet een naam, label en type hebben.",
        "Onbekend onderdeel 'colour' bij het extra veld 2.",
    ]
    with pytest.raises(ValidationError) as caught:
        parse_spec({"name": "demo", "title": "Demo", "kind": "form", "sample": {"case": {}},
                    "extra_fields": [{"name": "when", "label": "Wanneer"}, {"name": "when", "label": "Nog eens"}]})
    assert caught.value.problems == ["Het extra veld 'when' staat er twee keer in."]


def test_bad_yaml_is_reported_in_dutch():
    with pytest.raises(ValidationError, match="geen geldige YAML"):
        parse_spec("name: [unclosed")


def test_load_template_unknown_name():
    with pytest.raises(NotFound, match="Er is geen sjabloon met de naam 'brief'"):
        load_template("brief")
    with pytest.raises(NotFound):
        load_template("../examples/case")


def test_version_hash_is_sha256_of_the_bytes():
    spec = load_template("reminder")
    assert spec.version == template_version_hash((ROOT / "templates" / "reminder.docx").read_bytes())
    assert template_version_hash(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_a_new_template_needs_only_a_docx_and_a_yaml(tmp_path):
    """The low-code path: drop two files in a templates directory, no Python."""
    (tmp_path / "thanks.docx").write_bytes(docx_with("{{ greeting }},", "Dank voor uw betaling op {{ paid_on }}."))
    (tmp_path / "thanks.yaml").write_text(yaml.safe_dump({
        "name": "thanks", "title": "Bedankbrief", "kind": "form",
        "extra_fields": [{"name": "paid_on", "label": "Betaald op", "type": "date", "required": True}],
        "sample": {"case": example_case().to_json(), "extra": {"paid_on": "2026-11-20"}},
    }, allow_unicode=True), encoding="utf-8")
    assert [spec.name for spec in list_templates(tmp_path)] == ["thanks"]
    document = generate(example_case(), "thanks", {"paid_on": "2026-11-20"}, templates_dir=tmp_path)
    assert "Beste meneer De Vries,\nDank voor uw betaling op 20 november 2026." in document.text


# --- check_template (admin upload) ----------------------------------------------------------------------------------

def test_shipped_invitation_is_accepted():
    spec = parse_spec(invitation_spec_text())
    docx = (ROOT / "templates" / "invitation.docx").read_bytes()
    assert check_template(docx, spec) == []
    assert "meeting_place" in template_variables(docx)


def test_unknown_variable_is_rejected():
    spec = parse_spec(invitation_spec_text())
    problems = check_template(docx_with("{{ greeting }} {{ tenant_bsn }} {{ landlord_nmae }}"), spec)
    assert problems == [
        "Onbekend veld in het sjabloon: 'landlord_nmae'. De velden die u kunt gebruiken staan in docs/templates.md.",
        "Onbekend veld in het sjabloon: 'tenant_bsn'. De velden die u kunt gebruiken staan in docs/templates.md.",
    ]


def test_loop_variables_are_not_unknown_fields():
    data = yaml.safe_load(invitation_spec_text())
    spec = parse_spec({**data, "kind": "form"})  # a form: no wording check on this fragment
    assert check_template(docx_with("{% for m in arrears_months %}{{ m.month }}{% endfor %}"), spec) == []


def test_broken_upload_and_syntax_error_are_rejected():
    spec = parse_spec(invitation_spec_text())
    assert check_template(b"not a docx", spec) == [
        "Het bestand is geen geldig Word-document (.docx). Sla het in Word op als .docx."]
    problems = check_template(docx_with("{% if greeting %} nooit gesloten"), spec)
    assert len(problems) == 1 and "schrijffout in de velden" in problems[0]


def test_sandbox_escape_in_an_upload_is_rejected():
    spec = parse_spec(invitation_spec_text())
    problems = check_template(docx_with("{{ greeting.__class__.__mro__[1].__subclasses__() }}"), spec)
    assert problems == ["Het voorbeeld lukt niet: Het sjabloon probeert iets te doen wat niet is toegestaan. "
                        "Gebruik alleen velden zoals {{ landlord_name }}, {% if … %} en {% for … %}."]


def test_upload_that_needs_a_missing_case_part_fails_on_the_sample():
    spec = parse_spec(invitation_spec_text())  # its sample has no signal
    problems = check_template(docx_with("Melding {{ signal_reference }}"), spec)
    assert problems == ["Het voorbeeld lukt niet: Het veld 'signal_reference' ontbreekt. Vul het in, of haal het uit "
                        "het sjabloon."]


def test_invalid_sample_case_is_reported():
    data = yaml.safe_load(invitation_spec_text())
    data["sample"]["case"]["monthly_rent"] = "-1"
    problems = check_template((ROOT / "templates" / "invitation.docx").read_bytes(), parse_spec(data))
    assert problems == ["Het voorbeeld lukt niet: De huur per maand mag niet negatief zijn (case.monthly_rent)."]


def test_letter_upload_is_checked_for_wording():
    spec = parse_spec(invitation_spec_text())
    threatening = docx_with("Geachte heer/mevrouw,",
                            "Ondanks herhaalde aanmaningen heeft u nog steeds niet betaald. Dit is uw laatste "
                            "waarschuwing. Wij zien ons genoodzaakt verdere stappen te nemen en de vordering uit "
                            "handen te geven. {{ meeting_date }} {{ meeting_time }} {{ meeting_place }}",
                            "Hoogachtend")
    problems = check_template(threatening, spec)
    assert problems and all(problem.startswith("Schrijfcheck (") for problem in problems)


def test_docs_list_every_field():
    from naarnul.documents.export import EXPORT_FIELDS

    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    for name in [*CONTEXT_FIELDS, *DERIVED_FIELDS, *EXPORT_FIELDS]:
        assert f"| `{name}` |" in docs, name


def test_default_value_for_a_form():
    spec = load_template("reminder")
    defaults = {f.name: f.default_value(dt.date(2026, 11, 23)) for f in spec.extra_fields}
    assert defaults == {"pay_before": dt.date(2026, 12, 7), "refuse_before": dt.date(2026, 12, 7),
                        "fourteen_day_letter": False}
