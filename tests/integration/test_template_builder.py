"""The template builder's use cases on SQLite and PostgreSQL (issue 16): a new letter from a Word file alone is
analysed, previewed, published for a step of the case, offered to the landlord once the case has done that step, and
made with the answers in it. Wording errors need a recorded confirmation; bad input saves nothing."""

from __future__ import annotations

import datetime as dt
import io

import docx as python_docx
import pytest
from sqlmodel import func, select

from naarnul.errors import NotAllowed, ValidationError
from naarnul.services import case_steps
from naarnul.services import letters as letter_service
from naarnul.services import template_builder as builder
from naarnul.services import templates as template_service
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store import templates as template_store
from store.engine import session_for
from store.models import AuditEvent, TemplateOffering, TemplateVersion
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile
from tests.unit.test_field_inference import build_docx

TODAY = dt.date(2026, 11, 23)

MISSED_VISIT = build_docx(
    "{{ greeting }},",
    "Wij kwamen op {{ bezoek_datum }} bij u langs, maar wij troffen u niet thuis.",
    "{% if hond_aanwezig %}Wij zagen uw hond. Wij bellen de volgende keer eerst aan.{% endif %}",
    "Wilt u ons bellen? Dat kan op {{ landlord_phone }}. Hulp bij geldzorgen krijgt u bij {{ debt_help_name }}, "
    "telefoon {{ debt_help_phone }}.",
    "Met vriendelijke groet,",
    "{{ landlord_contact_person }}",
)
THREAT = build_docx("{{ greeting }},", "U moet onmiddellijk betalen, anders volgt ontruiming en de deurwaarder.",
                    "Datum: {{ bezoek_datum }}", "{{ landlord_name }}")


@pytest.fixture
def people(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:
        fill_profile(session, landlord.id)
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street="Kerkstraat", house_number="12", postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": "Jan de Vries", "salutation": "meneer"}],
            monthly_rent="850", due_day=1, start_date=dt.date(2026, 9, 1), payer_ibans="")
        case_id = case_store.case_for_tenancy(session, landlord, tenancy.id)
    return admin, landlord, case_id


def _rows(admin, docx_bytes):
    analysis = builder.analyse_template(admin, docx=docx_bytes)
    return analysis, [dict(row) for row in analysis.rows]


def _counts(url):
    with session_for(url) as session:
        return (session.exec(select(func.count()).select_from(TemplateVersion)).one(),
                session.exec(select(func.count()).select_from(TemplateOffering)).one(),
                session.exec(select(func.count()).select_from(AuditEvent)).one())


def test_new_letter_from_a_word_file_is_offered_after_the_reminder_and_holds_the_answers(db_url, people):
    admin, landlord, case_id = people
    analysis, rows = _rows(admin, MISSED_VISIT)
    assert analysis.new == ("bezoek_datum", "hond_aanwezig")
    assert ("landlord_phone", "telefoonnummer verhuurder") in analysis.known
    assert [(r["name"], r["type"]) for r in rows] == [("bezoek_datum", "datum"), ("hond_aanwezig", "ja/nee")]
    rows[0]["label"] = "Op welke dag was het huisbezoek?"

    preview = builder.preview_template(admin, docx=MISSED_VISIT, name="gemist", title="Wij misten u", rows=rows,
                                       images=False)
    assert "Wij kwamen op 7 december 2026 bij u langs" in preview.text  # the sample: today + 14 days
    assert preview.errors == ()
    published = builder.publish_template(UnitOfWork(db_url), admin, docx=MISSED_VISIT, name="gemist",
                                         title="Wij misten u", rows=rows, step="written_reminder", role="landlord")
    assert (published.name, published.wording_confirmed) == ("gemist", False)

    offered = template_service.offered_template_names(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    assert "reminder" in offered and "gemist" not in offered  # no written reminder yet
    before = _counts(db_url)
    for use_case in (letter_service.preview_letter, letter_service.make_letter):  # not only hidden on the page
        with pytest.raises(ValidationError, match="hoort bij een latere stap"):
            use_case(UnitOfWork(db_url), landlord, case_id=case_id, template_name="gemist",
                     values={"bezoek_datum": dt.date(2026, 11, 20), "hond_aanwezig": True}, today=TODAY)
    assert _counts(db_url) == before
    with session_for(db_url) as session:
        case_steps.record_written_reminder(session, landlord, case_id, on=TODAY, today=TODAY, via_document=True)
    offered = template_service.offered_template_names(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    assert "gemist" in offered

    choices = letter_service.letter_choices(UnitOfWork(db_url), landlord)
    spec = next(s for s in choices.templates if s.name == "gemist")
    assert [f.label for f in spec.extra_fields] == ["Op welke dag was het huisbezoek?", "Hond aanwezig?"]
    made = letter_service.make_letter(UnitOfWork(db_url), landlord, case_id=case_id, template_name="gemist",
                                      values={"bezoek_datum": dt.date(2026, 11, 20), "hond_aanwezig": True},
                                      today=TODAY)
    content = letter_service.document_download(UnitOfWork(db_url), landlord, document_id=made.id).content
    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(content)).paragraphs)
    assert "Wij kwamen op 20 november 2026 bij u langs" in text
    assert "Wij zagen uw hond." in text


def test_a_letter_with_wording_errors_needs_a_recorded_confirmation(db_url, people):
    admin, _landlord, _case_id = people
    _analysis, rows = _rows(admin, THREAT)
    preview = builder.preview_template(admin, docx=THREAT, name="dreig", title="Dreigbrief", rows=rows, images=False)
    assert preview.errors
    before = _counts(db_url)
    with pytest.raises(ValidationError) as error:
        builder.publish_template(UnitOfWork(db_url), admin, docx=THREAT, name="dreig", title="Dreigbrief", rows=rows,
                                 step="signal", role="landlord")
    assert error.value.problems[0] == builder.WORDING_NEEDS_CONFIRMATION
    assert _counts(db_url) == before  # nothing half-saved
    published = builder.publish_template(UnitOfWork(db_url), admin, docx=THREAT, name="dreig", title="Dreigbrief",
                                         rows=rows, step="signal", role="landlord", confirm_wording=True)
    assert published.wording_confirmed
    with session_for(db_url) as session:
        version = session.exec(select(TemplateVersion).where(TemplateVersion.name == "dreig")).one()
        offering = template_store.offering_of_version(session, admin, version.id)
        events = [e.action for e in session.exec(select(AuditEvent))]
    assert offering["wording_confirmed_by"] == admin.id and offering["wording_confirmed_at"] is not None
    assert offering["step"] == "signal" and offering["wording_errors"]
    assert "template.wording_confirmed" in events


@pytest.mark.parametrize(("change", "message"), [
    ({"name": "reminder"}, "al in gebruik voor een meegeleverd sjabloon"),
    ({"step": "whenever"}, "Kies bij welke stap"),
    ({"role": "liaison"}, "Kies voor wie"),
    ({"title": ""}, "Geef het sjabloon een titel"),
    ({"name": "Met Spaties"}, "De naam van het sjabloon"),
])
def test_bad_input_is_refused_and_saves_nothing(db_url, people, change, message):
    admin, _landlord, _case_id = people
    _analysis, rows = _rows(admin, MISSED_VISIT)
    arguments = {"docx": MISSED_VISIT, "name": "gemist", "title": "Wij misten u", "rows": rows,
                 "step": "written_reminder", "role": "landlord", **change}
    before = _counts(db_url)
    with pytest.raises(ValidationError) as error:
        builder.publish_template(UnitOfWork(db_url), admin, **arguments)
    assert any(message in p for p in error.value.problems), error.value.problems
    assert _counts(db_url) == before


def test_unsafe_uploads_and_other_roles_are_refused(db_url, people):
    admin, landlord, _case_id = people
    with pytest.raises(NotAllowed):
        builder.analyse_template(landlord, docx=MISSED_VISIT)
    with pytest.raises(ValidationError) as error:
        builder.analyse_template(admin, docx=b"")
    assert "Kies een Word-bestand" in error.value.problems[0]
    with pytest.raises(ValidationError) as error:
        builder.analyse_template(admin, docx=build_docx("{% for i in range(10) %}x{% endfor %}"))
    assert any("range" in p for p in error.value.problems)
    with pytest.raises(ValidationError) as error:
        builder.analyse_template(admin, docx=b"PK\x03\x04 geen docx")
    assert "geen geldig Word-document" in error.value.problems[0]


def test_publishing_again_makes_a_new_version_of_the_built_template(db_url, people):
    admin, _landlord, _case_id = people
    _analysis, rows = _rows(admin, MISSED_VISIT)
    for title in ("Wij misten u", "Wij misten u (2)"):
        builder.publish_template(UnitOfWork(db_url), admin, docx=MISSED_VISIT, name="gemist", title=title, rows=rows,
                                 step="written_reminder", role="landlord")
    with session_for(db_url) as session:
        assert template_store.active_template(session, "gemist").title == "Wij misten u (2)"
        assert len(session.exec(select(TemplateVersion).where(TemplateVersion.name == "gemist")).all()) == 2
        assert template_store.active_offerings(session) == {"gemist": ("written_reminder", "landlord")}
        assert template_store.specs_and_offerings_to_choose(session)[1] == template_store.active_offerings(session)


def test_0014_matches_the_model_and_goes_down_and_up(db_url):
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect
    from sqlmodel import SQLModel

    from store.engine import MIGRATIONS_DIR, _create

    def run(engine, action, revision: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, revision)

    engine = _create(db_url)
    try:
        run(engine, command.upgrade, "head")
        assert "templateoffering" in inspect(engine).get_table_names()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [d for d in compare_metadata(context, SQLModel.metadata) if "templateoffering" in str(d)]
        assert differences == []
        run(engine, command.downgrade, "0013")
        assert "templateoffering" not in inspect(engine).get_table_names()
        run(engine, command.upgrade, "head")
        assert "templateoffering" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_new_wording_uploaded_on_sjablonen_keeps_where_the_letter_is_offered(db_url, people):
    admin, _landlord, _case_id = people
    _analysis, rows = _rows(admin, MISSED_VISIT)
    builder.publish_template(UnitOfWork(db_url), admin, docx=MISSED_VISIT, name="gemist", title="Wij misten u",
                             rows=rows, step="signal", role="landlord")
    reworded = build_docx(
        "{{ greeting }},", "Op {{ bezoek_datum }} waren wij bij u, maar u was er niet.",
        "{% if hond_aanwezig %}Wij zagen uw hond.{% endif %}",
        "Wilt u ons bellen? Dat kan op {{ landlord_phone }}. Hulp bij geldzorgen krijgt u bij {{ debt_help_name }}, "
        "telefoon {{ debt_help_phone }}.", "Met vriendelijke groet,", "{{ landlord_contact_person }}")
    template_service.upload_template(UnitOfWork(db_url), admin, name="gemist", docx=reworded, spec_yaml=None)
    with session_for(db_url) as session:
        assert template_store.active_template(session, "gemist").docx_bytes == reworded
        assert template_store.active_offerings(session) == {"gemist": ("signal", "landlord")}
        # the Brieven page reads both in one statement, with the same answer
        specs, offerings = template_store.specs_and_offerings_to_choose(session)
        assert offerings == template_store.active_offerings(session)
        assert specs == template_store.active_specs_to_choose(session)
        assert next(s for s in specs if s.name == "gemist").title == "Wij misten u"
