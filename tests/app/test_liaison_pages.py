"""The liaison and admin pages as a user meets them (AppTest)."""

from __future__ import annotations

import datetime as dt
import json
import re
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import select

from naarnul import calendar
from naarnul.covenant import CovenantSettings
from naarnul.users import Role
from store import settings as settings_store
from store.engine import get_engine, session_for
from store.models import AuditEvent, Case, Document, Feedback, Signal
from store.settings import RetentionSettings
from tests.app.helpers import login, texts
from tests.conftest import add_user
from tests.integration.test_liaison_store import close_case, seed_signal


def button(at, label):
    return next(b for b in at.button if b.label == label)


def widget(elements, label):
    return next(e for e in elements if e.label == label)


def test_inbox_shows_only_signals_of_the_own_municipality_and_filters(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet", name="Piet Jansen")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    seed_signal(app_env, landlord, "GM0363", tenant="Jan de Vries", sent_on=dt.date(2026, 11, 2))
    seed_signal(app_env, landlord, "GM0363", tenant="Fatima El Amrani", postcode="1055 XY",
                sent_on=dt.date(2026, 10, 2), status="done")
    seed_signal(app_env, landlord, "GM0518", tenant="Els Bakker", postcode="2511 AA")
    at = login("ams")
    assert not at.exception
    assert at.title[0].value == "Meldingen voor Amsterdam"
    table = at.dataframe[0].value
    assert list(table["Huurder(s)"]) == ["Jan de Vries", "Fatima El Amrani"]
    assert list(table["Achterstand"]) == ["€\xa01.850,00", "€\xa01.850,00"]
    assert "Piet Jansen" in list(table["Verhuurder"])
    assert "2 melding(en)" in texts(at)

    next(t for t in at.text_input if t.label == "Zoeken op naam of postcode").input("1055xy").run()
    assert list(at.dataframe[0].value["Huurder(s)"]) == ["Fatima El Amrani"]
    next(t for t in at.text_input if t.label == "Zoeken op naam of postcode").input("Bakker").run()
    assert "Geen meldingen gevonden" in texts(at)
    next(t for t in at.text_input if t.label == "Zoeken op naam of postcode").input("").run()
    at.selectbox[0].set_value("new").run()
    assert list(at.dataframe[0].value["Huurder(s)"]) == ["Jan de Vries"]
    button(at, "Openen").click().run()
    assert not at.exception
    assert at.title[0].value == "Melding" and "Jan de Vries" in texts(at)


def test_empty_inbox_says_so(app_env):
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    at = login("ams")
    assert "nog geen meldingen" in texts(at)


def open_signal_page(at, signal_id):
    at.session_state["liaison_signal_id"] = signal_id
    at.switch_page("pages/liaison/signal.py").run()
    return at


def test_feedback_form_records_help_accepted_and_refuses_an_empty_outcome(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    seeded = seed_signal(app_env, landlord, "GM0363", sent_on=calendar.today() - dt.timedelta(days=3))
    at = open_signal_page(login("ams"), seeded["signal_id"])
    assert not at.exception
    page = texts(at)
    assert "Jan de Vries" in page and "Melding aan de gemeente 1" in page
    assert "alleen zichtbaar voor de gemeente" in at.text_area[0].label
    with session_for(app_env) as session:
        assert session.get(Signal, seeded["signal_id"]).status == "new"  # opening is not handling
    button(at, "In behandeling nemen").click().run()
    assert "De melding is in behandeling" in texts(at)
    assert at.metric[2].value == "In behandeling"
    assert not [b for b in at.button if b.label == "In behandeling nemen"]
    with session_for(app_env) as session:
        assert session.get(Signal, seeded["signal_id"]).status == "in_progress"

    button(at, "Terugkoppeling opslaan").click().run()
    assert "Kies wat er met de melding is gebeurd" in texts(at)
    with session_for(app_env) as session:
        assert session.exec(select(Feedback)).all() == []

    outcome = widget(at.selectbox, "Uitkomst")
    assert outcome.options[0].startswith("Niet opgepakt") and outcome.options[-1].startswith("Opgepakt")
    outcome.set_value("follow_up_help")
    widget(at.checkbox, "De huurder heeft hulp aanvaard").check()
    at.text_area[0].input("Schulden bij de zorgverzekeraar")
    button(at, "Terugkoppeling opslaan").click().run()
    assert "terugkoppeling is opgeslagen" in texts(at)
    assert at.text_area[0].value == "" and widget(at.selectbox, "Uitkomst").value is None  # empty again
    with session_for(app_env) as session:
        feedback = session.exec(select(Feedback)).one()
        assert (feedback.outcome, feedback.help_accepted) == ("follow_up_help", True)
        assert session.get(Case, seeded["case_id"]).collection_paused_until == calendar.today() + dt.timedelta(days=30)


def test_signal_of_another_municipality_cannot_be_opened(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    theirs = seed_signal(app_env, landlord, "GM0518", tenant="Els Bakker")
    at = open_signal_page(login("ams"), theirs["signal_id"])
    assert "Deze melding bestaat niet" in texts(at)
    assert "Els Bakker" not in texts(at)


def test_admin_changes_settings_and_a_bad_value_gets_a_dutch_message(app_env):
    admin = add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/settings.py").run()
    assert not at.exception
    pause = next(n for n in at.number_input if n.label.startswith("Incassopauze"))
    pause.set_value(21)
    save_buttons = [b for b in at.button if b.label == "Opslaan"]
    assert len(save_buttons) == 5  # covenant, arrangement, post and evidence (issue 11), retention
    save_buttons[0].click().run()  # the first form: covenant settings
    assert "zijn opgeslagen" in texts(at)
    retention_field = next(n for n in at.number_input if n.label.startswith("Bewaartermijn"))
    retention_field.set_value(0)
    [b for b in at.button if b.label == "Opslaan"][3].click().run()  # the retention form (the evidence form follows)
    assert "tussen 1 en 120 maanden" in texts(at)
    with session_for(app_env) as session:
        assert settings_store.load(session, CovenantSettings).collection_pause_days == 21
        assert settings_store.load(session, RetentionSettings).months_after_closing == 24
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "settings.updated",
                                                     AuditEvent.actor_id == admin.id)).first() is not None


def test_admin_anonymises_due_cases_after_confirming_and_sees_statistics(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.ADMIN, "beheer")
    seeded = seed_signal(app_env, landlord, "GM0363", tenant="Jan de Vries")
    close_case(app_env, seeded["case_id"], calendar.today() - dt.timedelta(days=800))
    at = login("beheer")
    at.switch_page("pages/admin/retention.py").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 1
    button(at, "Anonimiseren").click().run()
    assert "Zet eerst het vinkje" in texts(at)
    at.checkbox[0].check()
    button(at, "Anonimiseren").click().run()
    assert "zijn geanonimiseerd" in texts(at)
    with session_for(app_env) as session:
        assert session.get(Case, seeded["case_id"]).anonymised_on == calendar.today()
        assert session.get(Signal, seeded["signal_id"]).tenant_names == ""
    at.switch_page("pages/admin/statistics.py").run()
    assert not at.exception
    assert "Meldingen per maand" in texts(at)
    assert at.metric[0].value == "1"


@contextmanager
def counting_writes(url: str):
    """Every INSERT, UPDATE and DELETE sent to the database while the block runs."""
    engine = get_engine(url)
    writes: list[str] = []

    def listener(_connection, _cursor, statement, _parameters, _context, _executemany):
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield writes
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def test_opening_the_inbox_and_a_signal_writes_nothing(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    seeded = seed_signal(app_env, landlord, "GM0363", sent_on=calendar.today() - dt.timedelta(days=3))
    at = login("ams")
    with session_for(app_env) as session:
        events_before = len(session.exec(select(AuditEvent)).all())
    with counting_writes(app_env) as writes:
        at.switch_page("pages/liaison/inbox.py").run()
        assert not at.exception and "Jan de Vries" in list(at.dataframe[0].value["Huurder(s)"])
        open_signal_page(at, seeded["signal_id"])
        assert not at.exception and "Jan de Vries" in texts(at)
        at.run()  # a refresh of the same page
    assert writes == []
    with session_for(app_env) as session:
        assert session.get(Signal, seeded["signal_id"]).status == "new"
        assert len(session.exec(select(AuditEvent)).all()) == events_before


def test_the_signal_page_shows_document_times_in_amsterdam_time(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    seeded = seed_signal(app_env, landlord, "GM0363")
    with session_for(app_env) as session:
        document = session.get(Document, seeded["document_ids"][0])
        document.created_at = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 on 1 Dec in NL
        session.add(document)
    at = open_signal_page(login("ams"), seeded["signal_id"])
    assert "Melding aan de gemeente 1 — 1 december 2026, 00:30 uur" in texts(at)


# --- issue 12: the signal reads like a case; the workflow; the municipality's own contact attempts ----------------

def test_signal_page_reads_like_a_case_without_export_labels_or_iso_dates(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    seeded = seed_signal(app_env, landlord, "GM0363", arrears_cents=462500, tenant="Jan <b>& {{ x }}</b>",
                         sent_on=dt.date(2026, 11, 2))
    with session_for(app_env) as session:
        signal = session.get(Signal, seeded["signal_id"])
        payload = json.loads(signal.payload)
        payload.update({"arrears_items": [
            {"month": "2026-09", "due_date": "2026-09-01", "amount_open": "2700.00"},
            {"month": "2026-10", "due_date": "2026-10-01", "amount_open": "1925.00"}],
            "warm_handover": True, "objection_deadline": "2026-10-20", "support_worker": "![x](http://evil)"})
        signal.payload = json.dumps(payload)
        session.add(signal)
    at = open_signal_page(login("ams"), seeded["signal_id"])
    assert not at.exception
    page = texts(at) + "\n" + "\n".join(d.value.to_csv() for d in at.dataframe) + "\n".join(
        str(m.value) for m in at.metric)
    assert "€\xa04.625,00" in page and "4625.00" not in page
    assert "september 2026" in page and "1 oktober 2026" in page and "€\xa02.700,00" in page
    assert "30 september 2026** — Schriftelijke betalingsherinnering gestuurd" in page
    assert "5 oktober 2026** — Contact gezocht (telefoon): niet bereikt" in page
    assert "Termijn voor bezwaar verlopen: geen bezwaar ontvangen" in page
    assert "Warme overdracht: **ja**" in page
    assert "True:" not in page and "JJJJ-MM" not in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page)  # no ISO dates anywhere
    # hostile Markdown and HTML reach the page escaped (texts() shows them as the user reads them)
    shown = "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.subheader, *at.info, *at.warning])
    assert "![x](http://evil)" in page and "![x](http" not in shown
    assert "<b>" not in shown.replace("\\<b\\>", "").replace("\\<b>", "")


def test_liaison_assigns_a_colleague_changes_status_and_records_a_contact_attempt(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363", name="Anna Gemeente")
    colleague = add_user(app_env, Role.LIAISON, "ams2", municipality="GM0363", name="Bert Collega")
    add_user(app_env, Role.LIAISON, "utr", municipality="GM0344", name="Ulla Utrecht")
    seeded = seed_signal(app_env, landlord, "GM0363", sent_on=calendar.today() - dt.timedelta(days=10))
    at = open_signal_page(login("ams"), seeded["signal_id"])
    assignee = widget(at.selectbox, "Behandelaar")
    assert "Ulla Utrecht" not in assignee.options and "Bert Collega" in assignee.options
    assignee.set_value(colleague.id)
    widget(at.selectbox, "Status").set_value("in_progress")
    button(at, "Behandeling opslaan").click().run()
    assert not at.exception
    assert "De behandeling is opgeslagen" in texts(at)
    with session_for(app_env) as session:
        signal = session.get(Signal, seeded["signal_id"])
        assert (signal.status, signal.assigned_to_id, signal.picked_up_on) == (
            "in_progress", colleague.id, calendar.today())
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
        assert "signal.assigned" in actions and "signal.status" in actions

    button(at, "Contactpoging opslaan").click().run()
    assert "Kies de soort contact" in texts(at)
    widget(at.selectbox, "Soort contact").set_value("Huisbezoek")
    widget(at.selectbox, "Dagdeel").set_value("Middag")
    widget(at.checkbox, "De huurder is bereikt").check()
    button(at, "Contactpoging opslaan").click().run()
    assert "De contactpoging is opgeslagen" in texts(at)
    assert list(at.dataframe[-2].value["Soort"]) == ["Huisbezoek"] or "Huisbezoek" in str(
        [d.value for d in at.dataframe])

    at.switch_page("pages/liaison/inbox.py").run()
    widget(at.selectbox, "Behandelaar").set_value(colleague.id).run()
    assert list(at.dataframe[0].value["Behandelaar"]) == ["Bert Collega"]
    widget(at.selectbox, "Behandelaar").set_value("none").run()
    assert "Geen meldingen gevonden" in texts(at)
    widget(at.selectbox, "Behandelaar").set_value("").run()
    widget(at.number_input, "Minstens zo veel dagen oud").set_value(11).run()
    assert "Geen meldingen gevonden" in texts(at)
    widget(at.number_input, "Minstens zo veel dagen oud").set_value(10).run()
    assert list(at.dataframe[0].value["Dagen"]) == [10]
