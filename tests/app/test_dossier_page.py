"""The Dossier as a landlord uses it: a backdated written reminder asks for its copy or a reason, form limits match
their columns, the timeline shows Amsterdam time whatever the server's own time zone is, and choosing another case
(or following a link to one) reads the page once, for that case."""

from __future__ import annotations

import datetime as dt
import time

from naarnul import calendar
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import audit
from store import cases as case_store
from store.engine import session_for
from tests.app.helpers import login, texts
from tests.app.test_reads_never_write import StatementCounter
from tests.conftest import add_user

TODAY = calendar.today()


def _months_ago(months: int) -> dt.date:
    index = TODAY.year * 12 + TODAY.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _seed(url, landlord) -> int:
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street="Kerkstraat", house_number="12", postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": "Jan de Vries", "salutation": "meneer"}],
            monthly_rent="850", due_day=1, start_date=_months_ago(3), payer_ibans="")
        return case_store.case_for_tenancy(session, landlord, tenancy.id)


def _dossier(url):
    add = add_user(url, Role.LANDLORD, "piet")
    case_id = _seed(url, add)
    at = login("piet")
    at.switch_page("pages/landlord/case.py").run()
    assert not at.exception
    return at, add, case_id


def test_a_backdated_reminder_needs_a_reason_then_it_is_on_the_timeline(app_env):
    at, _, _ = _dossier(app_env)
    long_ago = TODAY - dt.timedelta(days=20)
    label = "Datum schriftelijke herinnering (met het aanbod om gegevens door te geven)"
    next(d for d in at.date_input if d.label == label).set_value(long_ago)
    next(b for b in at.button if b.label == "Schriftelijke herinnering vastleggen").click().run()
    assert "meer dan 3 dagen geleden. Voeg een kopie van de brief toe" in texts(at)
    assert next(d for d in at.date_input if d.label == label).value == long_ago  # the entered date stays

    next(t for t in at.text_area if t.label.startswith("Of: waarom")).input("Per post verstuurd, vergeten vast te leggen")
    next(b for b in at.button if b.label == "Schriftelijke herinnering vastleggen").click().run()
    assert not at.exception
    assert "De schriftelijke herinnering is vastgelegd" in texts(at)
    timeline = " ".join(at.dataframe[-1].value["Wat"])
    assert "omdat: Per post verstuurd, vergeten vast te leggen" in timeline
    assert next(d for d in at.date_input if d.label == label).value == TODAY  # a fresh form after the save
    assert next(t for t in at.text_area if t.label.startswith("Of: waarom")).value == ""


def test_every_text_field_is_limited_to_its_column(app_env):
    at, _, _ = _dossier(app_env)
    limits = {t.label: t.max_chars for t in list(at.text_area) + list(at.text_input)}
    assert limits["Notitie (mag leeg)"] == 1000  # ContactAttempt.note
    assert limits["Waarom sluit u de zaak?"] == 300  # Case.close_reason
    assert limits["Of: waarom legt u de herinnering nu pas vast?"] == 500  # Case.reminder_evidence_reason


def test_the_timeline_shows_amsterdam_time_on_a_server_in_another_time_zone(app_env, monkeypatch):
    at, landlord, case_id = _dossier(app_env)
    with session_for(app_env) as session:
        event = audit.record(session, landlord, "case.friendly_reminder", "case", case_id, landlord_id=landlord.id,
                             case_id=case_id, summary="Vriendelijke herinnering (tijdproef)")
        event.at = dt.datetime(2026, 11, 30, 21, 28, tzinfo=dt.timezone.utc)  # stored as UTC
        session.add(event)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        at.run()
    finally:
        monkeypatch.undo()
        time.tzset()
    frame = at.dataframe[-1].value
    row = frame[frame["Wat"] == "Vriendelijke herinnering (tijdproef)"]
    assert list(row["Wanneer"]) == ["30-11-2026 22:28"]  # CET = UTC+1 in November


def test_choosing_another_case_reads_the_page_once_for_that_case(app_env):
    at, landlord, first_id = _dossier(app_env)
    with session_for(app_env) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street="Dorpsstraat", house_number="3", postcode="3511 AB",
            place="Utrecht", municipality_code="GM0344", tenants=[{"name": "Els Bakker", "salutation": "mevrouw"}],
            monthly_rent="700", due_day=1, start_date=_months_ago(2), payer_ibans="")
        second_id = case_store.case_for_tenancy(session, landlord, tenancy.id)
    at.run()
    box = at.selectbox(key="dossier_case_choice")
    assert set(box.options) >= {"Kerkstraat 12, Utrecht – Jan de Vries", "Dorpsstraat 3, Utrecht – Els Bakker"}
    other = second_id if box.value == first_id else first_id
    with StatementCounter(app_env) as counter:
        box.select(other).run()
    assert not at.exception
    assert at.selectbox(key="dossier_case_choice").value == other and at.query_params["zaak"] == str(other)
    street = "Dorpsstraat 3" if other == second_id else "Kerkstraat 12"
    assert any(m.value.startswith(f"**{street}") for m in at.markdown)
    # the login's own transaction, and one for the whole page
    assert len([s for s in counter.statements if s.lstrip().upper().startswith("BEGIN")]) <= 2
    assert counter.writes == []

    # a link to the first case (as from Vandaag) wins over what the selectbox showed
    at.session_state["naarnul_case_id"] = first_id
    at.query_params["zaak"] = str(first_id)
    at.run()
    assert at.selectbox(key="dossier_case_choice").value == first_id
    assert any(m.value.startswith("**Kerkstraat 12") for m in at.markdown)
