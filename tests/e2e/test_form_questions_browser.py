"""Extra questions on case forms (issue 16) in a real browser: the admin adds a question to the signal form in the
table of "Extra vragen", the landlord answers it on the case page when sending the signal, and the notification
.docx the municipality receives holds the answer, literally (hostile text included)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from naarnul import calendar
from naarnul.docx_text import docx_text
from naarnul.users import Role
from store.engine import session_for
from store.models import Document, FormAnswer, FormQuestion
from tests.conftest import PASSWORD, add_user
from tests.e2e.conftest import log_in, wait_until_idle
from tests.e2e.test_signal_journey import go_to, seed_case_ready_to_signal

pytestmark = pytest.mark.e2e

ANSWER = "Na 18.00 uur & niet op <vrijdag> {{ x }} **vet**"


def test_admin_adds_a_signal_question_and_the_notification_holds_the_landlords_answer(server, browser, page):
    today = calendar.today()
    add_user(server.database_url, Role.ADMIN, "beheer", name="Beheer")
    landlord = add_user(server.database_url, Role.LANDLORD, "piet", name="Piet Jansen")
    add_user(server.database_url, Role.LIAISON, "ams", municipality="GM0363")  # the signal is delivered in the portal
    case_id = seed_case_ready_to_signal(server.database_url, landlord, today)

    # 1. the admin adds one question to the signal form, in the table
    log_in(page, server, "beheer", PASSWORD)
    go_to(page, "Extra vragen")
    editor = page.locator("[data-testid='stDataFrame']")
    editor.hover()
    page.get_by_role("button", name="Add row").click()
    # the table is a canvas: double-click a cell where it is drawn (header and rows 35 px high, a narrow row
    # marker, then Sleutel and Vraag), wait for its editor, type, Enter ends the edit
    box = editor.bounding_box()
    assert box is not None
    row_y = box["y"] + 35 + 17
    for x, text in ((box["x"] + 90, "contact_tijd"), (box["x"] + 215, "Wanneer is de huurder het best te bereiken?")):
        page.mouse.dblclick(x, row_y)
        field = page.locator("textarea.gdg-input")
        field.wait_for()
        field.fill(text)
        field.press("Enter")
        field.wait_for(state="detached")
    wait_until_idle(page)
    try:
        page.get_by_role("button", name="Vragen opslaan").click()
        wait_until_idle(page)
        page.get_by_text("zijn opgeslagen (1 vraag/vragen)").wait_for(timeout=30_000)
    except Exception:
        page.screenshot(path=str(server.data_dir / "admin.png"))
        print("page text at failure:", page.locator("[data-testid='stMain']").inner_text()[:2000])
        raise
    with session_for(server.database_url) as session:
        assert [(q.form, q.key, q.label, q.type) for q in session.exec(select(FormQuestion))] == [
            ("signal", "contact_tijd", "Wanneer is de huurder het best te bereiken?", "text")]

    # 2. the landlord (own browser session) answers it when sending the signal
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    landlord_page = context.new_page()
    landlord_page.set_default_timeout(30_000)
    try:
        log_in(landlord_page, server, "piet", PASSWORD)
        go_to(landlord_page, "Dossier")
        landlord_page.get_by_role("tab", name="Melding").click()  # the signal has its own tab
        landlord_page.get_by_label("Wanneer is de huurder het best te bereiken? (niet verplicht)").fill(ANSWER)
        landlord_page.get_by_text("Ik heb de gegevens gecontroleerd en wil de melding nu versturen").click()
        wait_until_idle(landlord_page)
        landlord_page.get_by_role("button", name="Melding versturen").click()
        wait_until_idle(landlord_page)
        try:
            landlord_page.get_by_text("De melding is verstuurd").wait_for(timeout=90_000)
        except Exception:
            print("page text at failure:", landlord_page.locator("[data-testid='stMain']").inner_text()
                  .split("Stap vastleggen")[-1][:2500])
            raise
    finally:
        context.close()

    # 3. the answer is with the case, and in the notification document shared with the municipality
    with session_for(server.database_url) as session:
        assert [(a.case_id, a.key, a.value) for a in session.exec(select(FormAnswer))] == [
            (case_id, "contact_tijd", ANSWER)]
        notification = session.exec(select(Document).where(Document.template_name == "notification")).one()
        assert notification.shared_with_municipality
        text = docx_text(bytes(notification.content))
    assert "Aanvullende gegevens" in text
    assert f"Wanneer is de huurder het best te bereiken?\t{ANSWER}" in text
