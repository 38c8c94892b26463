"""The arrangement page as a landlord uses it, and the admin's norms page. Pages use the real date, so data is
seeded relative to today."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlmodel import select

from naarnul import calendar
from naarnul.arrangement import ArrangementSettings
from naarnul.formatting import format_date, format_money
from naarnul.users import Role
from store.engine import session_for
from store.models import Arrangement, Case, ProtectedIncomeNorm, Tenancy, Tenant
from tests.app.helpers import login, texts
from tests.conftest import add_user

TODAY = calendar.today()
SETTINGS = ArrangementSettings()


def _months_ago(months: int) -> dt.date:
    index = TODAY.year * 12 + TODAY.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def seed_case(url, landlord) -> int:
    """Rent 850 due on the 1st since three months ago: arrears of at least 2 x 850 today."""
    with session_for(url) as session:
        tenancy = Tenancy(landlord_id=landlord.id, street="Kerkstraat", house_number="12", postcode="3511 AB",
                          place="Utrecht", municipality_code="GM0344", monthly_rent_cents=85000, due_day=1,
                          start_date=_months_ago(3))
        session.add(tenancy)
        session.flush()
        session.add(Tenant(tenancy_id=tenancy.id, landlord_id=landlord.id, name="Jan de Vries"))
        case = Case(tenancy_id=tenancy.id, landlord_id=landlord.id, opened_on=_months_ago(3))
        session.add(case)
        session.flush()
        return case.id


def open_page(username="piet"):
    at = login(username)
    at.switch_page("pages/landlord/arrangement.py").run()
    assert not at.exception, at.exception
    return at


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def test_schedule_warnings_and_save(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed_case(app_env, landlord)
    at = open_page()
    text = texts(at)
    assert "Vul een bedrag per termijn in" in text
    assert "veertiendagenbrief" in text  # why the costs switch is off
    assert by_label(at.toggle, "Incassokosten meerekenen").disabled

    by_label(at.text_input, "Bedrag per termijn").input("0").run()
    assert "groter zijn dan € 0,00" in texts(at)

    by_label(at.text_input, "Bedrag per termijn").input("150.00").run()  # strict Dutch: no cents after a point
    assert "Schrijf centen met een komma" in texts(at)

    by_label(at.text_input, "Bedrag per termijn").input("100,00").run()
    assert not at.exception
    text = texts(at)
    assert "meer dan 12" in text  # many instalments: a warning, not a block
    table = at.dataframe[0].value
    assert list(table["Bedrag"])[0] == format_money(Decimal("100.00"))
    assert list(table["Gewone huur (apart)"])[0] == format_money(Decimal("850.00"))
    assert "gewone huur daarnaast" in text

    by_label(at.checkbox, "De huurder heeft ook andere schulden (bij andere schuldeisers)").check().run()
    assert "Advies: verwijs de huurder naar de schuldhulpverlening" in texts(at)

    by_label(at.radio, "Hoe wilt u de regeling kiezen?").set_value("Aantal maanden").run()
    by_label(at.number_input, "Aantal maanden").set_value(4).run()
    table = at.dataframe[0].value
    assert len(table) == 4
    next(b for b in at.button if b.label == "Regeling opslaan").click().run()
    assert not at.exception
    assert "De regeling is opgeslagen" in texts(at)
    with session_for(app_env) as session:
        row = session.exec(select(Arrangement)).one()
        items = json.loads(row.schedule)
        assert len(items) == 4 and sum(Decimal(i["amount"]) for i in items) == Decimal(row.total_cents) / 100
    # the page now follows the running arrangement
    text = texts(at)
    assert "Lopende regeling" in text
    assert format_date(dt.date.fromisoformat(items[-1]["due_date"])) in text
    assert "Regeling opslaan" not in [b.label for b in at.button]


def test_affordability_without_norms_says_so_and_change_keeps_history(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed_case(app_env, landlord)
    at = open_page()
    by_label(at.text_input, "Bedrag per termijn").input("400").run()
    by_label(at.selectbox, "Huishouden").set_value("single").run()
    by_label(at.text_input, "Netto inkomen per maand").input("1.900").run()
    assert "geen normen voor de beslagvrije voet" in texts(at)
    next(b for b in at.button if b.label == "Regeling opslaan").click().run()
    assert "De regeling is opgeslagen" in texts(at)

    by_label(at.text_input, "Nieuw bedrag per termijn (leeg laten: zelfde bedrag)").input("200")
    by_label(at.number_input, "Pauze (maanden)").set_value(1)
    next(b for b in at.button if b.label == "Nieuw schema opslaan").click().run()
    assert not at.exception
    assert "De regeling is aangepast" in texts(at)
    with session_for(app_env) as session:
        rows = session.exec(select(Arrangement).order_by(Arrangement.id)).all()
        assert [r.status for r in rows] == ["replaced", "active"] and rows[1].replaces_id == rows[0].id
    assert "Eerdere regelingen" in [e.label for e in at.expander]


def test_follow_up_proposes_a_friendly_reminder_then_the_landlord_ends(app_env):
    from naarnul.arrangement import LAST_DAY
    from naarnul.services import arrangement_making

    landlord = add_user(app_env, Role.LANDLORD, "piet")
    case_id = seed_case(app_env, landlord)
    made_on = TODAY - dt.timedelta(days=20)  # the first instalment fell due then and was not paid
    with session_for(app_env) as session:
        arrangement_making.create(session, landlord, case_id, instalment="300", start=made_on,
                                 payment_day=made_on.day if made_on.day <= 28 else LAST_DAY, today=made_on, settings=SETTINGS)
    at = open_page()
    text = texts(at)
    assert "Lopende regeling" in text
    assert "Stuur eerst een vriendelijke herinnering" in text
    assert format_date(TODAY + dt.timedelta(days=14)) in text
    letter = by_label(at.text_area, "Tekst van de herinnering").value
    assert "Beste Jan de Vries" in letter and format_money(Decimal("300.00")) in letter
    assert list(at.dataframe[0].value["Stand"])[:2] == ["niet betaald", "nog niet betaald"]
    next(b for b in at.button if b.label == "Ik heb de herinnering gestuurd").click().run()
    assert "Vastgelegd dat u een herinnering stuurde" in texts(at)

    next(b for b in at.button if b.label == "Regeling beëindigen").click().run()
    assert "Schrijf kort waarom" in texts(at)
    by_label(at.text_input, "Waarom stopt de regeling?").input("Na telefoongesprek: huurder gaat naar de gemeente")
    next(b for b in at.button if b.label == "Regeling beëindigen").click().run()
    assert "De regeling is beëindigd" in texts(at)
    with session_for(app_env) as session:
        assert session.exec(select(Arrangement)).one().status == "ended"


def test_another_landlord_sees_no_case(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    seed_case(app_env, landlord)
    add_user(app_env, Role.LANDLORD, "klaas")
    at = open_page("klaas")
    assert "Er is geen open dossier" in texts(at)
    assert "Kerkstraat" not in texts(at)


def test_admin_adds_and_deletes_a_norm(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/norms.py").run()
    assert not at.exception
    text = texts(at)
    assert "1 januari" in text and "1 juli" in text and "KBvG" in text
    assert "nog geen bedragen ingevoerd" in text
    by_label(at.text_input, "Bedrag per maand").input("-3")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    assert "Vul de bron in" in texts(at) and "kan niet negatief zijn" in texts(at)
    by_label(at.text_input, "Bedrag per maand").input("1234.56")  # strict Dutch: the old parser took this
    by_label(at.text_input, "Bron").input("Testbron, geen echte norm")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    assert "Schrijf centen met een komma" in texts(at)
    by_label(at.text_input, "Bedrag per maand").input("1.234,56")
    by_label(at.text_input, "Bron").input("Testbron, geen echte norm")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    assert "Het bedrag is toegevoegd" in texts(at)
    assert list(at.dataframe[0].value["Bedrag per maand"]) == [format_money(Decimal("1234.56"))]
    by_label(at.checkbox, "Ja, deze regel verwijderen").check()
    next(b for b in at.button if b.label == "Verwijderen").click().run()
    assert "De regel is verwijderd" in texts(at)
    with session_for(app_env) as session:
        assert session.exec(select(ProtectedIncomeNorm)).all() == []


def test_the_chosen_case_is_read_at_once_and_its_choices_stay_with_it(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    first = seed_case(app_env, landlord)
    second = seed_case(app_env, landlord)
    with session_for(app_env) as session:
        tenancy = session.get(Tenancy, session.get(Case, second).tenancy_id)
        tenancy.street, tenancy.monthly_rent_cents = "Dorpsweg", 70000
        session.add(tenancy)
    at = open_page()
    picker = by_label(at.selectbox, "Zaak")
    assert picker.value == second  # Dorpsweg before Kerkstraat
    assert by_label(at.metric, "Huur per maand").value == format_money(Decimal("700.00"))
    by_label(at.text_input, "Bedrag per termijn").input("100,00").run()
    assert list(at.dataframe[0].value["Bedrag"])[0] == format_money(Decimal("100.00"))

    by_label(at.selectbox, "Zaak").set_value(first).run()  # no other click: the page reads the new case
    assert not at.exception
    assert by_label(at.metric, "Huur per maand").value == format_money(Decimal("850.00"))
    assert by_label(at.text_input, "Bedrag per termijn").value == ""  # nothing typed for the other case
    assert "Vul een bedrag per termijn in" in texts(at)

    by_label(at.selectbox, "Zaak").set_value(second).run()
    assert by_label(at.metric, "Huur per maand").value == format_money(Decimal("700.00"))
