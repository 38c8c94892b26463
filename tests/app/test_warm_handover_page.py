"""The warm handover on the Dossier (AppTest): without the tenant's consent or with a wrong phone number the signal
is refused in Dutch and nothing is sent; with them the signal names who already has contact."""

from __future__ import annotations

import json

from sqlmodel import select

from naarnul import calendar
from naarnul.users import Role
from store.engine import session_for
from store.models import Signal
from tests.app.helpers import login, texts
from tests.conftest import add_user
from tests.e2e import test_signal_journey as journey


def fill(at, *, consent: bool, phone: str):
    next(c for c in at.checkbox if c.key.startswith("handover_") and "consent" not in c.key).check().run()
    if consent:
        next(c for c in at.checkbox if c.key.startswith("handover_consent_")).check()
    fields = {t.label: t for t in at.text_input}
    fields["Organisatie"].input("Buurtteam Oost & <Zuid>")
    fields["Naam van de persoon"].input("Ria **Bakker**")
    fields["Telefoon"].input(phone)
    next(c for c in at.checkbox if (c.key or "").startswith("signal_sure_")).check().run()
    next(b for b in at.button if b.label == "Melding versturen").click().run()
    return at


def test_a_warm_handover_needs_consent_and_a_real_phone_number(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    add_user(app_env, Role.LIAISON, "ams", municipality="GM0363")
    journey.seed_case_ready_to_signal(app_env, landlord, calendar.today())
    at = login("piet")
    at.switch_page("pages/landlord/case.py").run()
    assert not at.exception

    fill(at, consent=False, phone="12345")
    text = texts(at)
    assert "Een warme overdracht mag alleen met toestemming van de huurder" in text
    assert "'12345' is geen geldig telefoonnummer" in text
    with session_for(app_env) as session:
        assert session.exec(select(Signal)).all() == []

    fill(at, consent=True, phone="06 12345678")
    assert not at.exception
    assert "De melding is verstuurd" in texts(at)
    with session_for(app_env) as session:
        payload = json.loads(session.exec(select(Signal)).one().payload)
    assert (payload["warm_handover"], payload["handover_person"], payload["handover_phone"]) == (
        True, "Ria **Bakker**", "06 12345678")
