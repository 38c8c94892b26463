"""The one-read views of the landlord pages (issue 14), on SQLite and PostgreSQL: scoped to the acting landlord,
searched and paged in SQL, and refused to anyone but a landlord."""

from __future__ import annotations

import datetime as dt

import pytest

from naarnul import calendar
from naarnul.errors import NotAllowed
from naarnul.services import arrangements as arrangement_service
from naarnul.services import custom_solutions as solution_service
from naarnul.services import letters as letter_service
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store.engine import session_for
from store.models import Arrangement, Case, Document, ProtectedIncomeNorm, Signal, Tenant
from store.unit_of_work import UnitOfWork
from tests.app.test_reads_never_write import StatementCounter
from tests.conftest import add_user
from tests.integration.test_arrangements_store import add_payment, seed_case

TODAY = calendar.today()


def _seed(url, landlord, street: str, name: str, number: str, *, paid: bool = True) -> int:
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street=street, house_number=number, postcode="3511 AB", place="Utrecht",
            municipality_code="GM0344", tenants=[{"name": name, "salutation": "neutral"}], monthly_rent="850",
            due_day=1, start_date=TODAY.replace(day=1) - dt.timedelta(days=1), payer_ibans="")
        if paid:
            tenancy_service.add_payment(session, landlord, tenancy.id, paid_on=TODAY, amount="1700", today=TODAY)
        return tenancy.id


def test_the_tenancies_page_is_one_scoped_read(db_url):
    piet = add_user(db_url, Role.LANDLORD, "piet")
    klaas = add_user(db_url, Role.LANDLORD, "klaas")
    liaison = add_user(db_url, Role.LIAISON, "gemeente", municipality="GM0344")
    ids = [_seed(db_url, piet, "Kerkstraat", f"Huurder {n}", str(n + 1), paid=n != 3) for n in range(5)]
    _seed(db_url, klaas, "Kerkstraat", "Van Klaas", "99")

    view = tenancy_service.tenancies_page(UnitOfWork(db_url), piet, page=1, page_size=2)
    assert view.has_tenancies and view.listed.total == 5 and len(view.listed.rows) == 2
    assert view.listed.rows[0].id == ids[3]  # most arrears first
    assert view.form is not None and view.form.id == ids[0] and view.form.tenants[0].name == "Huurder 0"
    assert sorted(view.choices) == ids and not view.more_choices
    assert "GM0344" in view.municipalities

    arrears = tenancy_service.tenancies_page(UnitOfWork(db_url), piet, only_arrears=True, page=3, page_size=2,
                                             edit_search="huurder 4", edit_tenancy_id=ids[1])
    assert (arrears.page, [r.id for r in arrears.listed.rows], arrears.listed.total) == (1, [ids[3]], 1)
    assert list(arrears.choices) == [ids[4]] and arrears.form.id == ids[4]  # the search decides the form

    kept = tenancy_service.tenancies_page(UnitOfWork(db_url), piet, edit_tenancy_id=ids[4])
    assert kept.form.id == ids[4]
    foreign = tenancy_service.tenancies_page(UnitOfWork(db_url), piet, edit_tenancy_id=ids[0] + 5)  # klaas's
    assert foreign.form.id == ids[0] and "Van Klaas" not in str(foreign.choices)

    empty = tenancy_service.tenancies_page(UnitOfWork(db_url), klaas, search="huurder")
    assert empty.has_tenancies and empty.listed.total == 0 and list(empty.choices) == [ids[-1] + 1]
    with pytest.raises(NotAllowed):
        tenancy_service.tenancies_page(UnitOfWork(db_url), liaison)


def _open_case(url, landlord, tenancy_id: int, *, reminded: bool = False) -> int:
    with session_for(url) as session:
        case = Case(tenancy_id=tenancy_id, landlord_id=landlord.id, opened_on=TODAY,
                    reminder_on=TODAY if reminded else None)
        session.add(case)
        session.flush()
        return case.id


def test_the_letters_page_is_one_scoped_read(db_url):
    piet = add_user(db_url, Role.LANDLORD, "piet")
    klaas = add_user(db_url, Role.LANDLORD, "klaas")
    liaison = add_user(db_url, Role.LIAISON, "gemeente", municipality="GM0344")
    first = _seed(db_url, piet, "Kerkstraat", "Jan de Vries", "1")
    with session_for(db_url) as session:
        session.add(Tenant(tenancy_id=first, landlord_id=piet.id, position=1, name="Els de Vries",
                           salutation="mevrouw"))
    case_a = _open_case(db_url, piet, first)
    case_b = _open_case(db_url, piet, _seed(db_url, piet, "Dorpsweg", "Fatima el Amrani", "2"), reminded=True)
    their_tenancy = _seed(db_url, klaas, "Kerkstraat", "Van Klaas", "3")
    theirs = _open_case(db_url, klaas, their_tenancy)
    with session_for(db_url) as session:
        session.add(Document(case_id=theirs, landlord_id=klaas.id, municipality_code="GM0344",
                             template_name="reminder", template_version="x", title="Hun brief",
                             filename="hun.docx", content=b"x", checksum="x", created_by=klaas.id))
        session.add(Signal(case_id=theirs, tenancy_id=their_tenancy, landlord_id=klaas.id,
                           municipality_code="GM0344", reference="NN-X", sent_on=TODAY, arrears_cents=85000,
                           arrears_months=1))

    view = letter_service.letters_page(UnitOfWork(db_url), piet, case_id=theirs, today=TODAY)
    assert [c.id for c in view.cases] == [case_b, case_a]  # by street: Dorpsweg, Kerkstraat
    assert view.cases[1].tenant_names == "Jan de Vries, Els de Vries"
    assert view.case_id == case_b  # klaas's case is never chosen: the first of piet's
    assert (view.documents, view.has_signal, view.without_reminder) == ((), False, (case_a,))
    assert [t.name for t in view.templates][:2] == ["reminder", "invitation"]
    assert letter_service.letters_page(UnitOfWork(db_url), piet, case_id=case_a, today=TODAY).case_id == case_a
    mine = letter_service.letters_page(UnitOfWork(db_url), klaas, case_id=theirs, today=TODAY)
    assert [d.title for d in mine.documents] == ["Hun brief"] and mine.has_signal
    with pytest.raises(NotAllowed):
        letter_service.letters_page(UnitOfWork(db_url), liaison, case_id=None, today=TODAY)


def test_the_arrangement_page_is_one_read_that_matches_the_separate_reads(db_url):
    piet = add_user(db_url, Role.LANDLORD, "piet")
    klaas = add_user(db_url, Role.LANDLORD, "klaas")
    today = dt.date(2026, 12, 10)
    case_id, tenancy_id = seed_case(db_url, piet)
    seed_case(db_url, piet, street="Dorpsweg")
    their_case, _ = seed_case(db_url, klaas, street="Anderstraat")
    first = arrangement_service.make_arrangement(UnitOfWork(db_url), piet, case_id=case_id, instalment="400,00",
                                                 months=None, start=dt.date(2026, 11, 25), payment_day=5,
                                                 today=dt.date(2026, 11, 23))
    add_payment(db_url, piet, tenancy_id, dt.date(2026, 12, 1), 85000 + 40000)
    changed = arrangement_service.change_arrangement(UnitOfWork(db_url), piet, arrangement_id=first.id,
                                                     from_date=dt.date(2027, 1, 5), new_instalment="300,00",
                                                     pause_months=0, today=dt.date(2026, 12, 2))
    solution_service.record_reduction(UnitOfWork(db_url), piet, case_id=case_id, first_month=dt.date(2027, 1, 1),
                                      last_month=dt.date(2027, 2, 1), amount="50,00", today=dt.date(2026, 12, 2))

    with StatementCounter(db_url) as counter:
        page = arrangement_service.arrangement_page(UnitOfWork(db_url), piet, case_id=case_id, today=today)
    assert counter.writes == [] and len(counter.statements) <= 7, counter.statements  # BEGIN and six reads
    assert [c.address for c in page.cases] == ["Dorpsweg 12, Utrecht", "Kerkstraat 12, Utrecht"]
    assert page.case_id == case_id
    assert page.overview == arrangement_service.case_overview(UnitOfWork(db_url), piet, case_id=case_id,
                                                              today=today)
    assert page.status == arrangement_service.arrangement_status(UnitOfWork(db_url), piet,
                                                                 arrangement_id=changed.id, today=today)
    assert page.letters == arrangement_service.arrangement_letters(UnitOfWork(db_url), piet, case_id=case_id)
    assert page.solutions == solution_service.overview(UnitOfWork(db_url), piet, case_id=case_id, today=today)
    assert page.solutions.solutions and page.status.arrangement.id == changed.id

    # someone else's case is never read: the first of the landlord's own
    assert arrangement_service.arrangement_page(UnitOfWork(db_url), piet, case_id=their_case,
                                                today=today).case_id == page.cases[0].id

    # all paid: shown as completed, recorded by nothing (a render never writes)
    add_payment(db_url, piet, tenancy_id, dt.date(2026, 12, 9), 1_000_000)
    with StatementCounter(db_url) as counter:
        done = arrangement_service.arrangement_page(UnitOfWork(db_url), piet, case_id=case_id, today=today)
    assert done.status.arrangement.status == "completed" and done.status.follow_up.action == "completed"
    assert counter.writes == []
    with session_for(db_url) as session:
        assert session.get(Arrangement, changed.id).status == "active"


def test_the_arrangement_page_computes_the_proposal_being_filled_in(db_url):
    piet = add_user(db_url, Role.LANDLORD, "piet")
    today = dt.date(2026, 11, 23)
    case_id, _ = seed_case(db_url, piet)
    with session_for(db_url) as session:
        session.add(ProtectedIncomeNorm(household_type="single", valid_from=dt.date(2026, 1, 1), amount_cents=140000,
                                        source="test"))
    choices = {"instalment": None, "months": 7, "start": dt.date(2026, 12, 1), "payment_day": None,
               "household_type": "single", "net_income": "1.800,00", "other_creditors": True, "with_costs": False}
    with StatementCounter(db_url) as counter:
        page = arrangement_service.arrangement_page(UnitOfWork(db_url), piet, case_id=case_id, today=today,
                                                    proposal=choices)
    assert counter.writes == [] and len(counter.statements) <= 9  # + the norms (an income) and the questions
    assert page.proposal == arrangement_service.propose_arrangement(
        UnitOfWork(db_url), piet, case_id=case_id, today=today, **{**choices, "payment_day": 1})
    assert page.proposal.affordability.checked and page.proposal_error is None and page.questions == ()
    bad = arrangement_service.arrangement_page(UnitOfWork(db_url), piet, case_id=case_id, today=today,
                                               proposal={**choices, "months": None, "instalment": "0"})
    assert bad.proposal is None and "groter zijn dan" in " ".join(bad.proposal_error.problems)
    costs = arrangement_service.arrangement_page(UnitOfWork(db_url), piet, case_id=case_id, today=today,
                                                 proposal={**choices, "with_costs": True})
    assert costs.proposal is None and "veertiendagenbrief" in str(costs.proposal_error.problems)
