"""Issue 11 on SQLite and PostgreSQL: how a municipality receives signals (admin), a signal that waits until the
landlord records sending it, what the case and Vandaag show, scope, the warm handover in what the liaison sees, the
notification files and the DDAS export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlmodel import select

from naarnul.docx_text import docx_text
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.services import cases as case_service
from naarnul.services import signal_delivery as delivery
from naarnul.services import signals as signal_service
from naarnul.users import Role
from store.engine import session_for
from store.models import AuditEvent, MunicipalitySignalChannel, Signal, SignalDelivery
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.e2e import test_signal_journey as journey
from tests.smtp_server import smtp_server  # noqa: F401  (fixture)

TODAY = dt.date(2026, 12, 2)
ADDRESS = "vroegsignalering@amsterdam.nl"


@pytest.fixture
def people(db_url):
    return {"landlord": add_user(db_url, Role.LANDLORD, "piet", name="Piet Jansen"),
            "other": add_user(db_url, Role.LANDLORD, "klaas"),
            "admin": add_user(db_url, Role.ADMIN, "beheer")}


def uow(url: str) -> UnitOfWork:
    return UnitOfWork(url)


def ready_case(url: str, landlord) -> int:
    return journey.seed_case_ready_to_signal(url, landlord, TODAY)


def send(url: str, landlord, case_id: int, **extra) -> str:
    return case_service.send_signal(uow(url), landlord, case_id=case_id, today=TODAY, **extra)


def timeline(url: str, case_id: int) -> list[str]:
    with session_for(url) as session:
        return [e.summary for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)
                                                .order_by(AuditEvent.id))]


# --- the admin ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("channel, email, url, word", [
    ("email", "", "", "Vul een e-mailadres in"),
    ("email", "vroeg@amsterdam", "", "geen geldig e-mailadres"),
    ("email", "<b>&{{x}}</b>@amsterdam.nl", "", "geen geldig e-mailadres"),
    ("web_form", "", "http://www.amsterdam.nl/melden", "https://"),
    ("web_form", "", "", "Vul het webadres"),
    ("fax", "", "", "Kies hoe de gemeente"),
])
def test_a_wrong_channel_is_refused_and_nothing_is_saved(db_url, people, channel, email, url, word):
    with pytest.raises(ValidationError) as caught:
        delivery.set_signal_channel(uow(db_url), people["admin"], code="GM0363", channel=channel, email=email,
                                    url=url)
    assert any(word in p for p in caught.value.problems)
    with session_for(db_url) as session:
        assert session.exec(select(MunicipalitySignalChannel)).all() == []


def test_the_admin_records_the_channel_once_and_only_the_admin_may(db_url, people):
    assert delivery.set_signal_channel(uow(db_url), people["admin"], code="GM0363", channel="email",
                                       email="vroegsignalering@Amsterdam.NL") is True
    assert delivery.set_signal_channel(uow(db_url), people["admin"], code="GM0363", channel="email",
                                       email=" vroegsignalering@amsterdam.nl") is False  # the same, normalised
    with pytest.raises(NotAllowed):
        delivery.set_signal_channel(uow(db_url), people["landlord"], code="GM0363", channel="portal")
    with pytest.raises(NotAllowed):
        delivery.list_signal_channels(uow(db_url), people["landlord"])
    rows = {r.code: r for r in delivery.list_signal_channels(uow(db_url), people["admin"])}
    assert rows["GM0363"].label == "Per e-mail aan vroegsignalering@amsterdam.nl"
    assert rows["GM0344"].effective == "unknown" and not rows["GM0344"].has_liaison
    with session_for(db_url) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "municipality.signal_channel_updated"))
        assert [e.summary for e in events] == [
            "Ontvangst van meldingen door Amsterdam: per e-mail aan het adres voor vroegsignalering "
            "(vroegsignalering@amsterdam.nl)"]


# --- in the portal ----------------------------------------------------------------------------------------------------

def test_with_a_liaison_the_signal_is_delivered_in_the_portal_at_once(db_url, people):
    add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    case_id = ready_case(db_url, people["landlord"])
    assert delivery.route_for_case(uow(db_url), people["landlord"], case_id=case_id).in_portal
    reference = send(db_url, people["landlord"], case_id)
    [line] = delivery.deliveries_of_case(uow(db_url), people["landlord"], case_id=case_id)
    assert line.sentence == "Afgeleverd bij de gemeente Amsterdam in Naar Nul op 2 december 2026."
    assert delivery.signals_waiting_for_delivery(uow(db_url), people["landlord"]) == ()
    assert any(s.startswith(f"Melding {reference} gedaan bij de gemeente") for s in timeline(db_url, case_id))
    with pytest.raises(NotAllowed, match="al bij de gemeente"):
        delivery.record_delivery(uow(db_url), people["landlord"], signal_id=line.signal_id, delivered_on=TODAY,
                                 today=TODAY)


# --- by e-mail, sent by the landlord ----------------------------------------------------------------------------------

def test_without_an_account_the_signal_waits_until_the_landlord_records_sending_it(db_url, people):
    landlord = people["landlord"]
    delivery.set_signal_channel(uow(db_url), people["admin"], code="GM0363", channel="email", email=ADDRESS)
    case_id = ready_case(db_url, landlord)
    target = delivery.route_for_case(uow(db_url), landlord, case_id=case_id)
    assert (target.in_portal, target.channel, target.address) == (False, "email", ADDRESS)
    reference = send(db_url, landlord, case_id)
    assert "klaargezet" in delivery.sent_message(target, reference) and "verstuurd (" not in \
        delivery.sent_message(target, reference)

    [waiting] = delivery.signals_waiting_for_delivery(uow(db_url), landlord)
    assert (waiting.reference, waiting.case_id, waiting.tenant_names) == (reference, case_id, "Jan de Vries")
    assert waiting.how_to_send == f"Stuur de melding per e-mail aan {ADDRESS}."
    [line] = delivery.deliveries_of_case(uow(db_url), landlord, case_id=case_id)
    assert line.waiting and "nog niet verstuurd" in line.sentence
    summaries = timeline(db_url, case_id)
    assert any("klaargezet voor de gemeente (nog niet verstuurd)" in s for s in summaries)
    assert not any("gedaan bij de gemeente" in s for s in summaries)

    for day, word in [(None, "Vul de datum"), (TODAY + dt.timedelta(days=1), "toekomst"),
                      (TODAY - dt.timedelta(days=1), "klaargezet")]:
        with pytest.raises(ValidationError, match=word):
            delivery.record_delivery(uow(db_url), landlord, signal_id=line.signal_id, delivered_on=day, today=TODAY)
    assert len(delivery.signals_waiting_for_delivery(uow(db_url), landlord)) == 1  # nothing half-saved

    later = TODAY + dt.timedelta(days=1)
    assert delivery.record_delivery(uow(db_url), landlord, signal_id=line.signal_id, delivered_on=later,
                                    today=later) is True
    assert delivery.record_delivery(uow(db_url), landlord, signal_id=line.signal_id, delivered_on=later,
                                    today=later) is False  # a double click
    [line] = delivery.deliveries_of_case(uow(db_url), landlord, case_id=case_id)
    assert line.sentence == f"Door u verstuurd via e-mail aan {ADDRESS} op 3 december 2026."
    assert delivery.signals_waiting_for_delivery(uow(db_url), landlord) == ()
    assert timeline(db_url, case_id)[-1] == (f"Melding {reference}: door u verstuurd via e-mail aan {ADDRESS} op "
                                             "3 december 2026.")


def test_no_channel_and_no_account_asks_where_it_was_sent_and_keeps_hostile_text_literally(db_url, people):
    landlord = people["landlord"]
    case_id = ready_case(db_url, landlord)
    assert delivery.route_for_case(uow(db_url), landlord, case_id=case_id).channel == "unknown"
    send(db_url, landlord, case_id)
    [line] = delivery.signals_waiting_for_delivery(uow(db_url), landlord)
    assert line.needs_address
    with pytest.raises(ValidationError, match="Schrijf waar"):
        delivery.record_delivery(uow(db_url), landlord, signal_id=line.signal_id, delivered_on=TODAY, sent_to=" ",
                                 today=TODAY)
    hostile = "info@dorp.nl & <b>balie</b> {{ x }} {% if %} **vet**"
    delivery.record_delivery(uow(db_url), landlord, signal_id=line.signal_id, delivered_on=TODAY, sent_to=hostile,
                             today=TODAY)
    [line] = delivery.deliveries_of_case(uow(db_url), landlord, case_id=case_id)
    assert line.sentence == f"Door u verstuurd via {hostile} op 2 december 2026."


def test_a_landlord_sees_and_records_only_their_own_signals(db_url, people):
    case_id = ready_case(db_url, people["landlord"])
    send(db_url, people["landlord"], case_id)
    [line] = delivery.signals_waiting_for_delivery(uow(db_url), people["landlord"])
    assert delivery.signals_waiting_for_delivery(uow(db_url), people["other"]) == ()
    assert delivery.deliveries_of_case(uow(db_url), people["other"], case_id=case_id) == ()
    with pytest.raises(NotFound):
        delivery.record_delivery(uow(db_url), people["other"], signal_id=line.signal_id, delivered_on=TODAY,
                                 sent_to="x@y.nl", today=TODAY)
    with pytest.raises(NotFound):
        delivery.notification_file(uow(db_url), people["other"], signal_id=line.signal_id, fmt="csv")
    ams = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    with pytest.raises(NotAllowed):
        delivery.record_delivery(uow(db_url), ams, signal_id=line.signal_id, delivered_on=TODAY, sent_to="x",
                                 today=TODAY)
    with pytest.raises(NotAllowed):
        delivery.signals_waiting_for_delivery(uow(db_url), ams)
    with session_for(db_url) as session:
        assert session.get(SignalDelivery, line.signal_id).delivered_on is None


# --- warm handover ----------------------------------------------------------------------------------------------------

HANDOVER = dict(warm_handover=True, handover_consent=True, handover_organisation="Buurtteam Oost & <Zuid>",
                handover_person="Ria Bakker", handover_phone="0201234567")


def test_a_warm_handover_without_consent_or_with_a_wrong_phone_sends_nothing(db_url, people):
    case_id = ready_case(db_url, people["landlord"])
    with pytest.raises(ValidationError) as caught:
        send(db_url, people["landlord"], case_id, **{**HANDOVER, "handover_consent": False, "handover_phone": "12"})
    assert any("toestemming" in p for p in caught.value.problems)
    assert any("geen geldig telefoonnummer" in p for p in caught.value.problems)
    with session_for(db_url) as session:
        assert session.exec(select(Signal)).all() == [] and session.exec(select(SignalDelivery)).all() == []


def test_the_liaison_sees_the_warm_handover_and_the_ddas_export_fills_warme_overdracht(db_url, people):
    ams = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    case_id = ready_case(db_url, people["landlord"])
    reference = send(db_url, people["landlord"], case_id, **HANDOVER)
    with session_for(db_url) as session:
        signal_id = session.exec(select(Signal)).one().id
    story = signal_service.view_signal(uow(db_url), ams, signal_id=signal_id, today=TODAY).story
    assert story is not None and story.warm_handover is True
    assert (story.handover_organisation, story.handover_person, story.handover_phone, story.handover_consent_on) == (
        "Buurtteam Oost & <Zuid>", "Ria Bakker", "020 123 4567", "2 december 2026")
    export = json.loads(signal_service.export_ddas(uow(db_url), ams, start=TODAY, end=TODAY).data)
    [item] = export["leveringen"][0]["vroegsignalen"] if "leveringen" in export else _signals(export)
    assert item["ID"] == reference and item["warmeOverdracht"] is True

    # the notification letter names the person; the CSV carries the handover columns
    docx = delivery.notification_file(uow(db_url), people["landlord"], signal_id=signal_id, fmt="docx")
    assert docx.data[:2] == b"PK" and "Ria Bakker (Buurtteam Oost & <Zuid>), telefoon 020 123 4567" in docx_text(
        docx.data)
    table = list(csv.DictReader(io.StringIO(delivery.notification_file(
        uow(db_url), people["landlord"], signal_id=signal_id, fmt="csv").data.decode("utf-8-sig")), delimiter=";"))
    assert table[0]["warm_handover"] == "true" and table[0]["handover_person"] == "Ria Bakker"
    record = json.loads(delivery.notification_file(uow(db_url), people["landlord"], signal_id=signal_id,
                                                   fmt="json").data)
    assert record["signals"][0]["handover_organisation"] == "Buurtteam Oost & <Zuid>"


def test_without_a_warm_handover_the_ddas_export_says_no(db_url, people):
    ams = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    send(db_url, people["landlord"], ready_case(db_url, people["landlord"]))
    export = json.loads(signal_service.export_ddas(uow(db_url), ams, start=TODAY, end=TODAY).data)
    [item] = _signals(export)
    assert item["warmeOverdracht"] is False


def _signals(export: dict) -> list[dict]:
    found: list[dict] = []

    def walk(value):
        if isinstance(value, dict):
            if "signaaldatum" in value:
                found.append(value)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(export)
    return found


# --- by e-mail through the outbox (optional) ---------------------------------------------------------------------------

def test_naar_nul_sends_it_by_email_and_records_the_day_once_it_is_sent(db_url, people, smtp_server):  # noqa: F811
    from naarnul.services import notify
    from naarnul.settings import SmtpConfig

    smtp = SmtpConfig(host="127.0.0.1", port=smtp_server.port, user=None, from_address="portaal@naarnul.test",
                      security="none")
    landlord = people["landlord"]
    delivery.set_signal_channel(uow(db_url), people["admin"], code="GM0363", channel="email", email=ADDRESS)
    case_id = ready_case(db_url, landlord)
    reference = send(db_url, landlord, case_id)
    [line] = delivery.signals_waiting_for_delivery(uow(db_url), landlord)
    with pytest.raises(ValidationError, match="E-mail staat uit"):
        delivery.email_signal(uow(db_url), landlord, signal_id=line.signal_id, smtp=None)
    queued = delivery.email_signal(uow(db_url), landlord, signal_id=line.signal_id, smtp=smtp)
    assert queued.recipient == ADDRESS and queued.attachments[1] == f"{reference}.csv"
    with pytest.raises(ValidationError, match="staat al klaar"):
        delivery.email_signal(uow(db_url), landlord, signal_id=line.signal_id, smtp=smtp)
    # queued is not sent: it still waits
    assert len(delivery.signals_waiting_for_delivery(uow(db_url), landlord)) == 1

    result = notify.send_pending(db_url, smtp, today=TODAY)
    assert result.sent == 1, result.errors
    [received] = smtp_server.received
    assert received.recipients == [ADDRESS]
    message = received.message
    assert reference in str(message["Subject"])
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names[1] == f"{reference}.csv" and names[0].endswith(".docx")
    assert delivery.signals_waiting_for_delivery(uow(db_url), landlord) == ()
    [line] = delivery.deliveries_of_case(uow(db_url), landlord, case_id=case_id)
    assert line.sentence == f"Door u verstuurd via e-mail aan {ADDRESS} op 2 december 2026."
    with pytest.raises(ValidationError, match="al verstuurd"):
        delivery.email_signal(uow(db_url), landlord, signal_id=line.signal_id, smtp=smtp)
