"""Custom solutions through the use cases, on SQLite and PostgreSQL: recording one changes what is due (the arrears
snapshot, the ledger, the case timeline), bad input is refused in Dutch with nothing saved, its letter holds what was
agreed, and a landlord never sees or touches another landlord's solutions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import func, select

from naarnul.docx_text import docx_text
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.services import arrangements as arrangement_service
from naarnul.services import case_steps
from naarnul.services import custom_solutions as service
from naarnul.users import Role
from store import cases as case_store
from store import tenancies as tenancy_store
from store.engine import session_for
from store.models import AuditEvent, Case, CustomSolution, Document, RentPeriod, Tenancy
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user, fill_profile
from tests.integration.test_arrangements_store import seed_case

TODAY = dt.date(2026, 11, 23)  # arrears: September, October, November 2026 (3 x € 850)
HOSTILE = "Smith & Sons <Ltd> {{ x }} {% if %} **vet** _schuin_ [link](http://x)"


@pytest.fixture
def landlord(db_url):
    actor = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:
        fill_profile(session, actor.id)
    return actor


@pytest.fixture
def other(db_url):
    return add_user(db_url, Role.LANDLORD, "klaas")


def count(url, model) -> int:
    with session_for(url) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def snapshot(url, tenancy_id) -> tuple[int, str]:
    with session_for(url) as session:
        tenancy = session.get(Tenancy, tenancy_id)
        case = session.exec(select(Case).where(Case.tenancy_id == tenancy_id)).one()
        return tenancy.arrears_cents, case.status


def test_a_reduction_lowers_the_rent_due_in_its_months_everywhere(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    view = service.record_reduction(UnitOfWork(db_url), landlord, case_id=case_id, first_month=dt.date(2026, 10, 1),
                                    last_month=dt.date(2026, 12, 1), amount="100,00", today=TODAY)
    assert view.in_force and view.kind_label == "Tijdelijke huurverlaging"
    assert snapshot(db_url, tenancy_id) == (255000 - 2 * 10000, "open")  # October and November € 100 lower
    with session_for(db_url) as session:
        rows, arrears = tenancy_store.tenancy_ledger(session, landlord, tenancy_id, TODAY)
        timeline = case_store.timeline(session, landlord, case_id)
    assert arrears.amount == Decimal("2350.00")
    assert [r.charge for r in rows if r.kind == "charge"] == [Decimal("850.00"), Decimal("750.00"),
                                                              Decimal("750.00")]
    assert "Huur oktober 2026 (huurverlaging €\u00a0100,00)" in [r.description for r in rows]
    assert any("Tijdelijke huurverlaging van €\u00a0100,00 per maand, van oktober 2026 tot en met december 2026"
               in line["summary"] for line in timeline)

    service.end_solution(UnitOfWork(db_url), landlord, solution_id=view.id, today=TODAY)
    assert snapshot(db_url, tenancy_id)[0] == 255000
    with pytest.raises(ValidationError, match="al gestopt"):
        service.end_solution(UnitOfWork(db_url), landlord, solution_id=view.id, today=TODAY)


@pytest.mark.parametrize(("amount", "message"), [
    ("", "is niet ingevuld"),
    ("-50", "kan niet negatief zijn"),
    ("99999999999", "is te hoog"),
    ("abc", "is geen bedrag"),
    ("5.50", "Schrijf centen met een komma"),
    ("850,00", "moet lager zijn dan de huur"),
])
def test_a_bad_reduction_is_refused_in_dutch_and_nothing_is_saved(db_url, landlord, amount, message):
    case_id, tenancy_id = seed_case(db_url, landlord)
    events = count(db_url, AuditEvent)
    with pytest.raises(ValidationError) as error:
        service.record_reduction(UnitOfWork(db_url), landlord, case_id=case_id, first_month=dt.date(2026, 12, 1),
                                 last_month=dt.date(2026, 11, 1), amount=amount, today=TODAY)
    problems = " ".join(error.value.problems)
    assert message in problems
    assert "ligt vóór de eerste maand" in problems  # every problem at once
    assert count(db_url, CustomSolution) == 0 and count(db_url, AuditEvent) == events


def test_a_note_that_is_too_long_is_refused(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    with pytest.raises(ValidationError, match="te lang"):
        service.record_reduction(UnitOfWork(db_url), landlord, case_id=case_id, first_month=dt.date(2026, 12, 1),
                                 last_month=dt.date(2026, 12, 1), amount="50", today=TODAY, note="x" * 1001)
    assert count(db_url, CustomSolution) == 0


def test_the_reduction_letter_says_what_was_agreed_and_keeps_hostile_text(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    view = service.record_reduction(UnitOfWork(db_url), landlord, case_id=case_id, first_month=dt.date(2026, 12, 1),
                                    last_month=dt.date(2027, 3, 1), amount="150,00", today=TODAY, note=HOSTILE)
    letter = service.make_letter(UnitOfWork(db_url), landlord, solution_id=view.id, today=TODAY)
    download = service.letter_download(UnitOfWork(db_url), landlord, document_id=letter.id)
    text = docx_text(download.content)
    assert "Van december 2026 tot en met maart 2027 betaalt u €\u00a0150,00 minder huur per maand." in text
    assert "U betaalt dan €\u00a0700,00 per maand." in text
    assert HOSTILE in text
    assert "huurtoeslag" in text and "Belastingdienst" in text and "bijzondere bijstand" in text
    assert "Bel Geldhulp Utrecht op 030 1234567." in text
    assert "uitstel" not in text.lower().split("onze afspraak")[1].split("lukt het toch niet")[0]
    overview = service.overview(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    assert overview.solutions[0].letter_id == letter.id and overview.solutions[0].note == HOSTILE
    with session_for(db_url) as session:
        assert session.get(Document, letter.id).template_name == "custom_solution"


def test_a_deferral_of_every_open_month_keeps_the_case_open_and_its_letter_can_be_made(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    months = service.overview(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY).open_months
    assert [m.due_date for m in months] == [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    view = service.record_deferral(UnitOfWork(db_url), landlord, case_id=case_id,
                                   due_dates=[m.due_date for m in months], until=dt.date(2027, 2, 1), today=TODAY)
    assert snapshot(db_url, tenancy_id) == (0, "open")  # nothing overdue until 1 February, but not "betaald"
    with session_for(db_url) as session:
        case = session.get(Case, case_id)
        assert case.next_step != "closed"  # the guide does not ask to close the case while the deferral runs
        closing = next(step for step in case_steps.guide(session, landlord, case_id, TODAY) if step.key == "closed")
    assert closing.why == "Er loopt uitstel van betaling tot 1 februari 2027. De zaak blijft open tot die huur is betaald."
    letter = service.make_letter(UnitOfWork(db_url), landlord, solution_id=view.id, today=TODAY)
    text = docx_text(service.letter_download(UnitOfWork(db_url), landlord, document_id=letter.id).content)
    assert "Het gaat om de huur van september, oktober en november 2026. Dat is €\u00a02.550,00." in text
    assert "Dat bedrag betaalt u uiterlijk op 1 februari 2027." in text
    with session_for(db_url) as session:
        assert session.get(CustomSolution, view.id).ended_on is None  # still in force after the letter
    assert snapshot(db_url, tenancy_id) == (0, "open")
    # the deferral date passed: everything is overdue again
    with session_for(db_url) as session:
        _, arrears = tenancy_store.tenancy_ledger(session, landlord, tenancy_id, dt.date(2027, 2, 2))
    assert arrears.amount == Decimal("850.00") * 6


@pytest.mark.parametrize(("due_dates", "until", "message"), [
    ([], dt.date(2027, 1, 1), "Kies de maand"),
    ([dt.date(2026, 8, 1)], dt.date(2027, 1, 1), "alleen uitstel geven voor huur die nu open staat"),
    ([dt.date(2026, 9, 1)], TODAY, "moet na vandaag liggen"),
    ([dt.date(2026, 9, 1)], None, "Vul de datum in"),
])
def test_a_bad_deferral_is_refused_and_nothing_is_saved(db_url, landlord, due_dates, until, message):
    case_id, _ = seed_case(db_url, landlord)
    with pytest.raises(ValidationError, match=message):
        service.record_deferral(UnitOfWork(db_url), landlord, case_id=case_id, due_dates=due_dates, until=until,
                                today=TODAY)
    assert count(db_url, CustomSolution) == 0


def test_no_deferral_while_an_arrangement_runs(db_url, landlord):
    case_id, _ = seed_case(db_url, landlord)
    arrangement_service.make_arrangement(UnitOfWork(db_url), landlord, case_id=case_id, instalment="400,00",
                                         months=None, start=dt.date(2026, 12, 1), payment_day=5, today=TODAY)
    with pytest.raises(ValidationError, match="Er loopt een betalingsregeling"):
        service.record_deferral(UnitOfWork(db_url), landlord, case_id=case_id, due_dates=[dt.date(2026, 9, 1)],
                                until=dt.date(2027, 1, 1), today=TODAY)
    assert count(db_url, CustomSolution) == 0


def test_a_waived_increase_keeps_the_old_rent_and_its_letter_names_it(db_url, landlord):
    case_id, tenancy_id = seed_case(db_url, landlord)
    with session_for(db_url) as session:
        session.add(RentPeriod(tenancy_id=tenancy_id, landlord_id=landlord.id, effective_from=dt.date(2026, 9, 1),
                               monthly_rent_cents=85000))
        session.add(RentPeriod(tenancy_id=tenancy_id, landlord_id=landlord.id, effective_from=dt.date(2026, 10, 1),
                               monthly_rent_cents=90000))
        tenancy = session.get(Tenancy, tenancy_id)
        tenancy.monthly_rent_cents = 90000
        session.add(tenancy)
    overview = service.overview(UnitOfWork(db_url), landlord, case_id=case_id, today=TODAY)
    assert [i.effective_from for i in overview.increases] == [dt.date(2026, 10, 1)]
    with pytest.raises(ValidationError, match="Kies de huurverhoging"):
        service.record_waived_increase(UnitOfWork(db_url), landlord, case_id=case_id,
                                       increase_from=dt.date(2026, 11, 1), waived_from=TODAY, today=TODAY)
    view = service.record_waived_increase(UnitOfWork(db_url), landlord, case_id=case_id,
                                          increase_from=dt.date(2026, 10, 1), waived_from=dt.date(2026, 11, 1),
                                          today=TODAY)
    assert snapshot(db_url, tenancy_id)[0] == 85000 + 90000 + 85000  # November at the old rent
    letter = service.make_letter(UnitOfWork(db_url), landlord, solution_id=view.id, today=TODAY)
    text = docx_text(service.letter_download(UnitOfWork(db_url), landlord, document_id=letter.id).content)
    assert ("Wij zien af van de huurverhoging van 1 oktober 2026. Vanaf 1 november 2026 betaalt u €\u00a0850,00 "
            "per maand.") in text


def test_another_landlord_never_sees_or_touches_these_solutions(db_url, landlord, other):
    case_id, _ = seed_case(db_url, landlord)
    view = service.record_reduction(UnitOfWork(db_url), landlord, case_id=case_id, first_month=dt.date(2026, 12, 1),
                                    last_month=dt.date(2026, 12, 1), amount="50", today=TODAY)
    letter = service.make_letter(UnitOfWork(db_url), landlord, solution_id=view.id, today=TODAY)
    for call in (lambda: service.overview(UnitOfWork(db_url), other, case_id=case_id, today=TODAY),
                 lambda: service.record_reduction(UnitOfWork(db_url), other, case_id=case_id,
                                                  first_month=dt.date(2027, 1, 1), last_month=dt.date(2027, 1, 1),
                                                  amount="50", today=TODAY),
                 lambda: service.end_solution(UnitOfWork(db_url), other, solution_id=view.id, today=TODAY),
                 lambda: service.make_letter(UnitOfWork(db_url), other, solution_id=view.id, today=TODAY),
                 lambda: service.letter_download(UnitOfWork(db_url), other, document_id=letter.id)):
        with pytest.raises(NotFound):
            call()
    liaison = add_user(db_url, Role.LIAISON, "gemeente", municipality="GM0344")
    with pytest.raises(NotAllowed):
        service.overview(UnitOfWork(db_url), liaison, case_id=case_id, today=TODAY)
    assert count(db_url, CustomSolution) == 1
