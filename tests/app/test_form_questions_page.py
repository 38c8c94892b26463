"""The pages of issue 16 with AppTest: "Extra vragen" and the version comparison on "Sjablonen" write nothing when
opened and show the admin's text escaped; the landlord's signal form shows the extra question, and a missing
required answer sends nothing."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from sqlmodel import select

from naarnul import calendar
from naarnul.services import cases as case_service
from naarnul.services import form_questions
from naarnul.services import templates as template_service
from naarnul.users import Role
from store.engine import session_for
from store.models import FormAnswer, Signal
from store.unit_of_work import UnitOfWork
from tests.app.helpers import login, texts
from tests.app.test_liaison_pages import counting_writes
from tests.conftest import add_user
from tests.e2e.test_signal_journey import seed_case_ready_to_signal

HOSTILE_LABEL = "Bereikbaar **vet** <b>x</b> [link](http://x) & {{ y }}"


def test_the_admin_pages_write_nothing_and_show_the_question_escaped(app_env):
    admin = add_user(app_env, Role.ADMIN, "beheer")
    form_questions.save_form_questions(UnitOfWork(app_env), admin, form="signal", rows=[
        {"key": "contact_tijd", "label": HOSTILE_LABEL, "type": "tekst", "required": True, "help": "Uitleg _x_"}])
    at = login("beheer")
    with counting_writes(app_env) as writes:
        at.switch_page("pages/admin/form_questions.py").run()
        assert not at.exception
        at.switch_page("pages/admin/templates.py").run()
        assert not at.exception
    assert writes == []
    at.switch_page("pages/admin/form_questions.py").run()
    shown = [m.value for m in at.markdown if "contact_tijd" in m.value]
    assert shown and "\\*\\*vet\\*\\*" in shown[0] and "\\<b\\>" in shown[0]  # escaped: never bold, never HTML
    assert HOSTILE_LABEL in texts(at)


def test_the_templates_page_shows_what_changed_between_two_versions(app_env):
    admin = add_user(app_env, Role.ADMIN, "beheer")
    shipped = template_service.template_file(UnitOfWork(app_env), admin, name="invitation").docx
    document = WordDocument(io.BytesIO(shipped))
    document.add_paragraph("Wij drinken graag **koffie** met u & <uw> familie.")
    buffer = io.BytesIO()
    document.save(buffer)
    template_service.upload_template(UnitOfWork(app_env), admin, name="invitation", docx=buffer.getvalue(),
                                     spec_yaml=None)
    at = login("beheer")
    at.switch_page("pages/admin/templates.py").run()
    at.toggle(key="templates_diff_show_invitation").set_value(True).run()
    assert not at.exception
    diff = next(c for c in at.code if c.language == "diff")
    assert "+ Wij drinken graag **koffie** met u & <uw> familie." in diff.value.splitlines()
    assert not any(line.startswith("- ") for line in diff.value.splitlines())
    assert "Regels met **+** staan alleen in de nieuwere versie (1)" in "\n".join(c.value for c in at.caption)


def test_the_signal_form_asks_the_extra_question_and_refuses_a_missing_answer(app_env):
    admin = add_user(app_env, Role.ADMIN, "beheer")
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed_case_ready_to_signal(app_env, landlord, calendar.today())
    form_questions.save_form_questions(UnitOfWork(app_env), admin, form="signal", rows=[
        {"key": "contact_tijd", "label": HOSTILE_LABEL, "type": "tekst", "required": True, "help": ""}])
    at = login("piet")
    at.switch_page("pages/landlord/case.py").run()
    question = next(t for t in at.text_input if "contact_tijd" in (t.key or ""))
    assert question.label.startswith("Bereikbaar \\*\\*vet\\*\\*")  # the admin's label, escaped
    next(c for c in at.checkbox if (c.key or "").startswith("signal_sure_")).check().run()
    next(b for b in at.button if (b.key or "").startswith("signal_send_") and not b.disabled).click().run()
    assert any("is verplicht" in e.value for e in at.error)
    with session_for(app_env) as session:
        assert session.exec(select(Signal)).all() == [] and session.exec(select(FormAnswer)).all() == []


def test_the_dossier_shows_the_stored_answers_escaped(app_env):
    admin = add_user(app_env, Role.ADMIN, "beheer")
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed_case_ready_to_signal(app_env, landlord, calendar.today())
    form_questions.save_form_questions(UnitOfWork(app_env), admin, form="written_reminder", rows=[
        {"key": "opmerking", "label": "Opmerking", "type": "tekst", "required": False, "help": ""},
        {"key": "kosten", "label": "Portokosten", "type": "bedrag", "required": False, "help": ""}])
    case_service.record_written_reminder(UnitOfWork(app_env), landlord, case_id=case_id, on=calendar.today(),
                                         today=calendar.today(),
                                         answers={"opmerking": "Bel **niet** <na> 20 uur", "kosten": "1.234,50"})
    at = login("piet")
    with counting_writes(app_env) as writes:
        at.switch_page("pages/landlord/case.py").run()
    assert writes == [] and not at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("- Opmerking")]
    assert shown == ["- Opmerking: **Bel \\*\\*niet\\*\\* \\<na\\> 20 uur**"]
    assert "Portokosten: € 1.234,50" in texts(at).replace("\u00a0", " ").replace("*", "")
