"""The builder's result on the Brieven page (AppTest): a built letter is offered only on a case that has done its
step, and its labels (admin text) are shown escaped. The builder page itself renders for the admin only."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from naarnul.services import template_builder as builder
from naarnul.text import markdown_escape
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, Case
from store.unit_of_work import UnitOfWork
from tests.app.helpers import login, texts
from tests.app.test_letters_page import TODAY, open_letters, seed
from tests.conftest import add_user
from tests.integration.test_template_builder import MISSED_VISIT

HOSTILE = "Datum & <b>bezoek</b> {{ x }} {% if %} **vet**"
LETTER = MISSED_VISIT  # a date and a yes/no; passes the wording check


def _publish(url, admin, name, title, step):
    rows = [dict(row) for row in builder.analyse_template(admin, docx=LETTER).rows]
    rows[0]["label"] = HOSTILE
    builder.publish_template(UnitOfWork(url), admin, docx=LETTER, name=name, title=title, rows=rows, step=step,
                             role="landlord")


def test_a_built_letter_is_offered_once_its_step_is_done_with_its_label_escaped(app_env):
    admin = add_user(app_env, Role.ADMIN, "beheer")
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed(app_env, landlord)
    _publish(app_env, admin, "na_herinnering", "Na de herinnering", "written_reminder")
    _publish(app_env, admin, "na_melding", "Na de melding", "signal")

    at = open_letters()
    options = next(s for s in at.selectbox if s.label == "Soort brief").options
    assert "Betalingsherinnering" in options
    assert "Na de herinnering" not in options and "Na de melding" not in options

    with session_for(app_env) as session:
        case = session.exec(select(Case).where(Case.id == case_id)).one()
        case.reminder_on = TODAY - dt.timedelta(days=2)
        session.add(case)
    at = open_letters()
    kind = next(s for s in at.selectbox if s.label == "Soort brief")
    assert "Na de herinnering" in kind.options and "Na de melding" not in kind.options
    kind.select("na_herinnering").run()
    assert not at.exception, at.exception
    labels = [d.label for d in at.date_input]
    assert markdown_escape(HOSTILE) in labels


def test_the_builder_page_is_for_the_admin(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/template_builder.py").run()
    assert not at.exception, at.exception
    assert "Nieuw sjabloon maken" in texts(at)
    assert [u for u in at.get("file_uploader")]


def test_the_admin_previews_a_new_letter_with_a_real_case_without_its_names(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed(app_env, landlord)
    at = login("beheer")
    at.switch_page("pages/admin/template_builder.py").run()
    at.file_uploader[0].set_value(("wij_misten_u.docx", LETTER, "application/octet-stream")).run()
    next(t for t in at.text_input if t.label.startswith("Titel")).input("Wij misten u").run()
    next(r for r in at.radio if r.label == "Maak het voorbeeld met").set_value("real").run()
    assert not at.exception, at.exception
    case_box = next(s for s in at.selectbox if s.label == "Zaak")
    assert case_box.value == case_id
    assert all("Jan de Vries" not in option and "Kerkstraat" not in option for option in case_box.options)
    assert f"(zaak {case_id}) · Utrecht · " in case_box.options[0]

    next(b for b in at.button if b.label == "Voorbeeld bekijken").click().run()
    assert not at.exception, at.exception
    shown = texts(at) + "\n".join(t.value for t in at.text)
    assert f"(zaak {case_id}); namen en adressen zijn voorbeeldgegevens." in shown
    assert "Jan de Vries" not in shown and "Kerkstraat" not in shown
    with session_for(app_env) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "template.previewed_with_case")).all()
    assert [e.case_id for e in events] == [case_id]
