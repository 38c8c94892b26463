"""AppTest: the custom solutions section of the Betalingsregeling page (a bad amount is refused in Dutch and nothing
is saved; a recorded reduction shows with its note escaped) and the summons window on the Dossier page."""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import func, select

from naarnul import calendar
from naarnul.formatting import format_date
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, CustomSolution, Document, Signal, Tenancy
from tests.app.helpers import login, texts
from tests.app.test_arrangement_page import open_page, seed_case
from tests.conftest import add_user

TODAY = calendar.today()
HOSTILE = "**vet** <b>x</b> [klik](http://x)"


def count(url) -> int:
    with session_for(url) as session:
        return session.exec(select(func.count()).select_from(CustomSolution)).one()


def reduction_form(at):
    amount = next(w for w in at.text_input if w.label == "Verlaging per maand")
    note = next(w for w in at.text_area if w.key and w.key.startswith("reduction_note_"))
    button = next(b for b in at.button if b.label == "Huurverlaging vastleggen")
    return amount, note, button


def test_a_bad_reduction_is_refused_and_a_good_one_shows_with_its_note_escaped(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed_case(app_env, landlord)
    at = open_page()
    assert "Maatwerk: uitstel, huurverlaging of geen huurverhoging" in texts(at)
    amount, _, button = reduction_form(at)
    amount.input("5.50")
    button.click().run()
    assert not at.exception
    assert any("Schrijf centen met een komma" in e.value for e in at.error)
    assert count(app_env) == 0

    amount, note, button = reduction_form(at)
    amount.input("100,00")
    note.input(HOSTILE)
    button.click().run()
    assert not at.exception, at.exception
    assert count(app_env) == 1
    shown = " ".join(m.value for m in at.markdown)
    assert "Tijdelijke huurverlaging" in shown
    assert md(HOSTILE) in shown  # escaped: never bold, never a link or HTML


def test_the_dossier_shows_the_summons_window_after_a_signal(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed_case(app_env, landlord)
    signal_day = TODAY - dt.timedelta(days=10)
    with session_for(app_env) as session:
        tenancy = session.exec(select(Tenancy)).one()
        session.add(Signal(reference="VS-1", case_id=case_id, tenancy_id=tenancy.id, landlord_id=landlord.id,
                           municipality_code="GM0344", sent_on=signal_day, arrears_cents=170000, arrears_months=2,
                           payload=json.dumps({})))
    at = login("piet")
    at.switch_page("pages/landlord/case.py").run()
    assert not at.exception, at.exception
    info = " ".join(i.value for i in at.info)
    assert "Een dagvaarding ligt dan meestal tussen" in info
    assert format_date(calendar.add_months(signal_day, 2)) in info
    assert format_date(calendar.add_months(signal_day, 6)) in info
    labels = [b.label for b in at.get("download_button")]
    assert "Bewijsdossier downloaden (ZIP)" in labels
    with session_for(app_env) as session:  # a render never makes the pack: it is made on the click only
        assert session.exec(select(func.count()).select_from(AuditEvent)
                            .where(AuditEvent.action == "evidence.made")).one() == 0


def test_the_last_chance_agreement_is_made_from_its_form_on_the_letters_page(app_env):
    from tests.app.test_letters_page import by_label, open_letters
    from tests.app.test_letters_page import seed as seed_letters

    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed_letters(app_env, landlord)
    at = open_letters()
    by_label(at.selectbox, "Soort brief").set_value("last_chance").run()
    assert not at.exception, at.exception
    make = next(b for b in at.button if b.label == "Brief maken")
    make.click().run()
    text = texts(at)
    assert "'Rechtbank' is verplicht" in text and "'Datum van het vonnis' is verplicht" in text
    with session_for(app_env) as session:
        assert session.exec(select(func.count()).select_from(Document)).one() == 0
    by_label(at.date_input, "Datum van het vonnis").set_value(TODAY - dt.timedelta(days=20))
    for label, value in (("Rechtbank", "rechtbank Utrecht, kantonrechter"),
                         ("Organisatie van de begeleider", "Buurtteam & <Oost>"),
                         ("Naam begeleider", "Ria Bakker"), ("Telefoon begeleider", "030 7654321")):
        by_label(at.text_input, label).input(value)
    next(b for b in at.button if b.label == "Brief maken").click().run()
    assert not at.exception, at.exception
    with session_for(app_env) as session:
        document = session.exec(select(Document)).one()
    assert document.template_name == "last_chance"
    from naarnul.docx_text import docx_text
    letter = docx_text(bytes(document.content))
    assert "Buurtteam & <Oost>" in letter and "Dit is geen nieuwe huurovereenkomst." in letter


def test_the_dossier_lists_a_deferred_month_apart_and_not_as_arrears(app_env):
    from naarnul.formatting import format_month
    from naarnul.services import custom_solutions as solution_service
    from store.unit_of_work import UnitOfWork
    from tests.app.test_arrangement_page import _months_ago

    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed_case(app_env, landlord)
    oldest, until = _months_ago(3), TODAY + dt.timedelta(days=30)
    solution_service.record_deferral(UnitOfWork(app_env), landlord, case_id=case_id, due_dates=[oldest],
                                     until=until, today=TODAY)
    at = login("piet")
    at.switch_page("pages/landlord/case.py").run()
    assert not at.exception, at.exception
    shown = " ".join(m.value for m in at.markdown)
    deferred_label = f"Huur {format_month(oldest)} (uitstel tot {format_date(until)})"
    assert "**Uitgesteld** (nog niet te betalen, telt niet als achterstand)" in shown
    assert md(deferred_label) in shown
    descriptions = " ".join(at.dataframe[0].value["Omschrijving"])  # the ledger table
    assert f"Huur {format_month(_months_ago(2))}" in descriptions
    assert f"Huur {format_month(oldest)}" not in descriptions
