"""Betalingen with many tenancies: the picker offers at most PICKER_LIMIT of them and a search box narrows them, so a
rerun never lists all 10,000 (issue 14); a tenancy past the first page is found, chosen and paid for; someone
else's tenancies never appear."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from naarnul import calendar
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import tenancies as tenancy_store
from store.engine import get_engine, session_for
from store.models import Payment, Tenancy, Tenant
from store.unit_of_work import UnitOfWork
from tests.app.helpers import login, texts
from tests.conftest import add_user

TODAY = calendar.today()
MANY = tenancy_service.PICKER_LIMIT + 10


def _many(url, landlord, count: int = MANY, *, street: str = "Laan") -> list[int]:
    """`count` tenancies with one tenant each, inserted in bulk (the picker reads only these two tables)."""
    with get_engine(url).begin() as connection:
        connection.execute(Tenancy.__table__.insert(), [
            {"landlord_id": landlord.id, "street": street, "house_number": str(n + 1), "house_number_addition": "",
             "postcode": "3511 AB", "place": "Utrecht", "municipality_code": "GM0344", "monthly_rent_cents": 85000,
             "due_day": 1, "start_date": TODAY - dt.timedelta(days=60), "tenant_is_company": False,
             "payer_ibans": "", "created_at": dt.datetime.now(dt.timezone.utc), "arrears_cents": 0,
             "arrears_months": 0} for n in range(count)])
        ids = [row[0] for row in connection.execute(
            Tenancy.__table__.select().with_only_columns(Tenancy.__table__.c.id)
            .where(Tenancy.__table__.c.landlord_id == landlord.id, Tenancy.__table__.c.street == street)
            .order_by(Tenancy.__table__.c.id))]
        connection.execute(Tenant.__table__.insert(), [
            {"tenancy_id": tid, "landlord_id": landlord.id, "position": 0, "name": f"{street} Huurder {n + 1}",
             "salutation": "neutral", "phone": "", "email": ""} for n, tid in enumerate(ids)])
    return ids


def _box(at):
    return next(s for s in at.selectbox if s.label == "Huurovereenkomst")


def test_the_picker_is_bounded_and_a_search_finds_a_tenancy_past_the_first_page(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    ids = _many(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    assert not at.exception
    assert len(_box(at).options) == tenancy_service.PICKER_LIMIT
    assert f"U ziet {tenancy_service.PICKER_LIMIT} van de {MANY} huurovereenkomsten" in texts(at)
    search = next(t for t in at.text_input if t.label == "Zoek huurovereenkomst")
    search.input(f"Laan Huurder {MANY}").run()  # the last one: not among the first 50
    assert not at.exception
    assert _box(at).options == [f"Laan {MANY}, Utrecht – Laan Huurder {MANY}"]
    assert _box(at).value == ids[-1]  # chosen at once, and its (empty) payments shown
    assert "Nog geen betalingen." in texts(at)
    next(t for t in at.text_input if t.label == "Bedrag (€)").input("125,00")
    next(b for b in at.button if b.label == "Betaling opslaan").click().run()
    assert "De betaling is opgeslagen" in texts(at)
    with session_for(app_env) as session:
        assert [(p.tenancy_id, p.amount_cents) for p in session.exec(select(Payment))] == [(ids[-1], 12500)]
    assert _box(at).value == ids[-1] and "125,00" in at.dataframe[0].value.to_string()  # still the one chosen

    next(t for t in at.text_input if t.label == "Zoek huurovereenkomst").input("Nergensstraat").run()
    assert not at.exception
    assert "Geen huurovereenkomst gevonden met 'Nergensstraat'" in texts(at)
    assert not [b for b in at.button if b.label == "Betaling opslaan"]
    assert [t for t in at.tabs if t.label == "Bankbestand inlezen"]  # the other tab is still there


def test_a_few_tenancies_need_no_search_box(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _many(app_env, landlord, 3)
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    assert not at.exception
    assert len(_box(at).options) == 3
    assert not [t for t in at.text_input if t.label == "Zoek huurovereenkomst"]


def test_the_picker_reads_only_the_landlords_own_tenancies(sqlite_url):
    piet = add_user(sqlite_url, Role.LANDLORD, "piet")
    klaas = add_user(sqlite_url, Role.LANDLORD, "klaas")
    mine = _many(sqlite_url, piet, MANY)
    theirs = _many(sqlite_url, klaas, 5, street="Laan")  # the same street: a search must not cross landlords
    with session_for(sqlite_url) as session:
        choices, matches = tenancy_store.tenancy_picker(session, piet, search="laan", limit=10)
        assert matches == MANY and list(choices) == mine[:10]
        chosen, _ = tenancy_store.tenancy_picker(session, piet, chosen=mine[-1], limit=10)
        assert list(chosen) == [*mine[:10], mine[-1]]  # the first ten, and the one chosen further on
        foreign, _ = tenancy_store.tenancy_picker(session, piet, chosen=theirs[0], limit=10)
        assert not set(foreign) & set(theirs)
    view = tenancy_service.show_payments(UnitOfWork(sqlite_url), piet, tenancy_id=theirs[0])
    assert view.chosen == mine[0] and not set(view.choices) & set(theirs)
