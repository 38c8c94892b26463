"""The municipal side in the store: scope per municipality, feedback, repeat signals, retention, statistics.

Signals, cases and documents are seeded straight into the tables (the landlord side creates them in the app)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from sqlmodel import select

from naarnul import signals as signal_rules
from naarnul.covenant import CovenantSettings
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.retention import RetentionSettings
from naarnul.services import admin as admin_service
from naarnul.services import signals as signal_service
from naarnul.users import Role
from store import settings as settings_store
from store import signals, statistics
from store.engine import session_for
from store.models import AuditEvent, Case, ContactAttempt, Document, Feedback, Payment, Signal, Tenancy, Tenant
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user

TODAY = dt.date(2026, 11, 23)


def seed_signal(url: str, landlord, municipality: str, *, tenant: str = "Jan de Vries", postcode: str = "1011 AB",
                arrears_cents: int = 185000, sent_on: dt.date = dt.date(2026, 11, 2), reference: str | None = None,
                tenancy_id: int | None = None, status: str = "new", documents: int = 1,
                shared: bool = True) -> dict:
    """A tenancy with one tenant, an open case, a contact attempt, a signal and `documents` stored documents."""
    with session_for(url) as session:
        if tenancy_id is None:
            tenancy = Tenancy(landlord_id=landlord.id, street="Damstraat", house_number="1", postcode=postcode,
                              place="Amsterdam", municipality_code=municipality, monthly_rent_cents=92500,
                              start_date=dt.date(2020, 1, 1), arrears_cents=arrears_cents, arrears_months=2)
            session.add(tenancy)
            session.flush()
            session.add(Tenant(tenancy_id=tenancy.id, landlord_id=landlord.id, name=tenant, phone="0612345678",
                               email="jan@example.org"))
            tenancy_id = tenancy.id
        case = Case(tenancy_id=tenancy_id, landlord_id=landlord.id, opened_on=dt.date(2026, 9, 2),
                    reminder_on=dt.date(2026, 9, 30))
        session.add(case)
        session.flush()
        session.add(ContactAttempt(case_id=case.id, landlord_id=landlord.id, on_date=dt.date(2026, 10, 5),
                                   channel="phone", outcome="not_reached", note="Buurman zegt: hij is ziek"))
        reference = reference or f"NN-{case.id:05d}"
        payload = {
            "signal_reference": reference, "signal_date": sent_on.isoformat(), "municipality_cbs_code": municipality,
            "tenants": [{"name": tenant, "phone": "0612345678", "email": "jan@example.org", "date_of_birth": ""}],
            "address_street": "Damstraat", "address_house_number": "1", "address_postcode": postcode,
            "address_place": "Amsterdam", "arrears_total": f"{arrears_cents / 100:.2f}", "arrears_month_count": 2,
            "monthly_rent": "925.00", "reminder_date": "2026-09-30", "no_objection_received": True,
            "contact_attempts": [{"date": "2026-10-05", "channel": "telefoon", "outcome": "niet bereikt"}],
            "landlord_name": "Verhuur Jansen", "urgent": False, "support_worker": "",
        }
        signal = Signal(reference=reference, case_id=case.id, tenancy_id=tenancy_id, landlord_id=landlord.id,
                        municipality_code=municipality, sent_on=sent_on, arrears_cents=arrears_cents,
                        arrears_months=2, oldest_unpaid_due=dt.date(2026, 9, 1), status=status,
                        tenant_names=tenant, postcode=postcode, payload=json.dumps(payload))
        session.add(signal)
        session.flush()
        document_ids = []
        for n in range(documents):
            document = Document(case_id=case.id, landlord_id=landlord.id, municipality_code=municipality,
                                template_name="notification", template_version="v1",
                                title=f"Melding aan de gemeente {n + 1}", filename=f"../melding {tenant}.docx",
                                content=f"document {n} van {tenant}".encode(), checksum="x", created_by=landlord.id,
                                shared_with_municipality=shared)
            session.add(document)
            session.flush()
            document_ids.append(document.id)
        return {"signal_id": signal.id, "case_id": case.id, "tenancy_id": tenancy_id, "document_ids": document_ids,
                "reference": reference}


@pytest.fixture
def people(db_url):
    return {
        "landlord": add_user(db_url, Role.LANDLORD, "piet", name="Piet Jansen"),
        "other_landlord": add_user(db_url, Role.LANDLORD, "klaas"),
        "amsterdam": add_user(db_url, Role.LIAISON, "ams", municipality="GM0363"),
        "utrecht": add_user(db_url, Role.LIAISON, "utr", municipality="GM0344"),
        "den_haag": add_user(db_url, Role.LIAISON, "denhaag", municipality="GM0518"),
        "admin": add_user(db_url, Role.ADMIN, "beheer"),
    }


def record_feedback(url: str, actor, signal_id, **values) -> None:
    signal_service.record_feedback(UnitOfWork(url), actor, signal_id=signal_id, **values)


def export(url: str, actor, signal_ids, fmt: str = "csv") -> bytes:
    return signal_service.export_signals(UnitOfWork(url), actor, signal_ids=signal_ids, fmt=fmt)


def download_zip(url: str, actor, signal_ids) -> bytes:
    return signal_service.download_documents_zip(UnitOfWork(url), actor, signal_ids=signal_ids)


def shared_document(url: str, actor, document_id) -> signal_service.DownloadFile:
    return signal_service.download_document(UnitOfWork(url), actor, document_id=document_id)


def audit_actions(url: str, actor) -> list[str]:
    with session_for(url) as session:
        return [e.action for e in session.exec(select(AuditEvent).where(AuditEvent.actor_id == actor.id)
                                               .order_by(AuditEvent.id))]


# --- scope -----------------------------------------------------------------------------------------------------------

def test_liaison_sees_only_own_municipality_even_by_guessing_ids(db_url, people):
    mine = seed_signal(db_url, people["landlord"], "GM0363", tenant="Jan de Vries")
    theirs = seed_signal(db_url, people["landlord"], "GM0518", tenant="Els Bakker", postcode="2511 AA")
    ams = people["amsterdam"]
    with session_for(db_url) as session:
        rows, total = signals.inbox(session, ams)
        assert total == 1 and [r["tenant_names"] for r in rows] == ["Jan de Vries"]
        assert signals.inbox(session, ams, search="Bakker") == ([], 0)
        with pytest.raises(NotFound):
            signals.open_signal(session, ams, theirs["signal_id"])
        with pytest.raises(NotFound):
            download_zip(db_url, ams, [mine["signal_id"], theirs["signal_id"]])
        with pytest.raises(NotFound):
            export(db_url, ams, [theirs["signal_id"]], fmt="csv")
        with pytest.raises(NotFound):
            shared_document(db_url, ams, theirs["document_ids"][0])
    with pytest.raises(NotFound), session_for(db_url) as session:
        record_feedback(db_url, ams, theirs["signal_id"], on_date=TODAY, outcome="quick_fix",
                        help_accepted=False, today=TODAY)
    with session_for(db_url) as session:
        assert session.exec(select(Feedback)).all() == []
        assert session.get(Signal, theirs["signal_id"]).status == "new"
        # the admin sees both; a landlord cannot use the liaison functions at all
        assert signals.inbox(session, people["admin"])[1] == 2
        with pytest.raises(NotAllowed):
            signals.inbox(session, people["landlord"])
        with pytest.raises(NotAllowed):
            signals.open_signal(session, people["landlord"], mine["signal_id"])


def test_document_that_is_not_shared_cannot_be_downloaded(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363", shared=False)
    with session_for(db_url) as session:
        assert signals.open_signal(session, people["amsterdam"], seeded["signal_id"])["documents"] == []
        with pytest.raises(NotFound):
            shared_document(db_url, people["amsterdam"], seeded["document_ids"][0])


def test_inbox_filters_searches_pages_and_puts_new_first(db_url, people):
    landlord = people["landlord"]
    seed_signal(db_url, landlord, "GM0363", tenant="Jan de Vries", postcode="1011 AB", sent_on=dt.date(2026, 10, 1),
                status="done")
    seed_signal(db_url, landlord, "GM0363", tenant="Fatima El Amrani", postcode="1055 XY",
                sent_on=dt.date(2026, 11, 1))
    seed_signal(db_url, landlord, "GM0363", tenant="Henk 100%", postcode="1066 ZZ", sent_on=dt.date(2026, 11, 10),
                status="in_progress")
    ams = people["amsterdam"]
    with session_for(db_url) as session:
        rows, total = signals.inbox(session, ams)
        assert total == 3
        assert [r["tenant_names"] for r in rows] == ["Fatima El Amrani", "Henk 100%", "Jan de Vries"]
        assert rows[0]["landlord_name"] == "Piet Jansen" and rows[0]["arrears"] == Decimal("1850.00")
        assert [r["tenant_names"] for r in signals.inbox(session, ams, search="amrani")[0]] == ["Fatima El Amrani"]
        assert [r["tenant_names"] for r in signals.inbox(session, ams, search="1055xy")[0]] == ["Fatima El Amrani"]
        assert signals.inbox(session, ams, search="%")[1] == 1  # a literal percent sign, not a wildcard
        assert signals.inbox(session, ams, status="done")[1] == 1
        assert signals.inbox(session, ams, since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 5))[1] == 1
        page, total = signals.inbox(session, ams, limit=2, offset=2)
        assert total == 3 and len(page) == 1
    with pytest.raises(ValidationError, match="begindatum"):
        signal_service.list_inbox(UnitOfWork(db_url), ams, since=dt.date(2026, 12, 1), until=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="Kies een status"):
        signal_service.list_inbox(UnitOfWork(db_url), ams, status="weg")


# --- open, download, export ----------------------------------------------------------------------------------------

def test_opening_a_signal_shows_everything_and_changes_nothing_until_the_liaison_takes_it(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363", documents=2)
    with session_for(db_url) as session:
        opened = signals.open_signal(session, people["amsterdam"], seeded["signal_id"])
        assert not session.new and not session.dirty
    assert opened["status"] == "new"
    with session_for(db_url) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.record_type == "signal")).all() == []
        assert signals.start_handling(session, people["amsterdam"], seeded["signal_id"]) is True
    with session_for(db_url) as session:
        assert signals.start_handling(session, people["amsterdam"], seeded["signal_id"]) is False  # once
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        signals.start_handling(session, people["landlord"], seeded["signal_id"])
    with session_for(db_url) as session:
        assert signals.open_signal(session, people["amsterdam"], seeded["signal_id"])["status"] == "in_progress"
    assert [d["title"] for d in opened["documents"]] == ["Melding aan de gemeente 1", "Melding aan de gemeente 2"]
    assert opened["contact_attempts"] == [{"on_date": dt.date(2026, 10, 5), "channel": "telefoon",
                                           "outcome": "niet bereikt"}]  # the landlord's note stays with the landlord
    labels = dict(signals.payload_lines(opened["payload"]))
    assert labels["Huurder 1: naam"] == "Jan de Vries"
    assert labels["Huur per maand in euro"] == "925.00"
    with session_for(db_url) as session:
        timeline = session.exec(select(AuditEvent).where(AuditEvent.case_id == seeded["case_id"])).all()
        assert [e.summary for e in timeline] == ["De gemeente heeft de melding in behandeling genomen"]


def test_zip_holds_every_shared_document_with_safe_names_and_export_is_clean(db_url, people):
    first = seed_signal(db_url, people["landlord"], "GM0363", documents=2)
    second = seed_signal(db_url, people["landlord"], "GM0363", tenant="=HYPERLINK(\"x\")", postcode="1012 CD")
    ams = people["amsterdam"]
    with session_for(db_url):
        data = download_zip(db_url, ams, [first["signal_id"], second["signal_id"]])
        csv_bytes = export(db_url, ams, [first["signal_id"], second["signal_id"]], fmt="csv")
        json_bytes = export(db_url, ams, [first["signal_id"]], fmt="json")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(names) == sorted([f"{first['reference']}/melding Jan de Vries.docx",
                                    f"{first['reference']}/melding Jan de Vries-2.docx",
                                    f"{second['reference']}/melding _HYPERLINK_x_.docx", "meldingen.csv"])
    assert all(".." not in n and not n.startswith("/") for n in names)
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig")), delimiter=";"))
    assert [r["signal_reference"] for r in rows] == [first["reference"], second["reference"]]
    assert rows[0]["tenant_1_name"] == "Jan de Vries" and rows[0]["arrears_total"] == "1850.00"
    assert rows[1]["tenant_names"].startswith("'=")  # a formula is defused
    record = json.loads(json_bytes)["signals"][0]
    assert record["tenants"][0]["name"] == "Jan de Vries" and record["repeat_signal"] is False
    with pytest.raises(ValidationError), session_for(db_url):
        export(db_url, ams, [first["signal_id"]], fmt="xlsx")
    with pytest.raises(ValidationError), session_for(db_url):
        download_zip(db_url, ams, [])


def test_every_liaison_action_is_in_the_audit_log(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363")
    ams = people["amsterdam"]
    with session_for(db_url) as session:
        signals.inbox(session, ams)
        signals.open_signal(session, ams, seeded["signal_id"])  # a read: not audited
        signals.start_handling(session, ams, seeded["signal_id"])
    shared_document(db_url, ams, seeded["document_ids"][0])
    download_zip(db_url, ams, [seeded["signal_id"]])
    export(db_url, ams, [seeded["signal_id"]], fmt="json")
    record_feedback(db_url, ams, seeded["signal_id"], on_date=TODAY, outcome="quick_fix", help_accepted=False,
                    today=TODAY)
    assert [a for a in audit_actions(db_url, ams) if not a.startswith("user.")] == [
        "signal.in_progress", "document.downloaded", "signal.downloaded", "signal.exported",
        "feedback.recorded"]


# --- feedback --------------------------------------------------------------------------------------------------------

def test_help_accepted_pauses_collection_for_30_days_and_landlord_never_sees_the_note(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363")
    note = "Huurder heeft schulden bij drie partijen, gesprek gepland"
    with session_for(db_url) as session:
        record_feedback(db_url, people["amsterdam"], seeded["signal_id"], on_date=dt.date(2026, 11, 20),
                        outcome="follow_up_help", help_accepted=True, liaison_note=note, today=TODAY)
    with session_for(db_url) as session:
        case = session.get(Case, seeded["case_id"])
        assert case.collection_paused_until == dt.date(2026, 12, 20)
        assert session.get(Signal, seeded["signal_id"]).status == "done"
        seen = signals.feedback_for_landlord(session, people["landlord"], seeded["case_id"],
                                             settings=CovenantSettings())
        assert seen == [{"on_date": dt.date(2026, 11, 20), "outcome": "follow_up_help",
                         "outcome_label": "Opgepakt: vervolghulp (financieel of niet-financieel)",
                         "help_accepted": True, "paused_until": dt.date(2026, 12, 20),
                         "signal_reference": seeded["reference"], "signal_sent_on": dt.date(2026, 11, 2)}]
        assert note not in repr(seen)
        assert "20 december 2026" in signal_rules.feedback_sentence(seen[0]["on_date"], seen[0]["outcome_label"],
                                                                    seen[0]["paused_until"], TODAY)
        # nor on the case timeline, nor anywhere in the audit log
        events = session.exec(select(AuditEvent)).all()
        assert not any("schulden" in e.summary or "schulden" in e.detail for e in events)
        timeline = [e.summary for e in events if e.case_id == seeded["case_id"]]
        assert ("Terugkoppeling van de gemeente: Opgepakt: vervolghulp (financieel of niet-financieel). De huurder "
                "krijgt hulp: incasso gepauzeerd tot en met 20 december 2026") in timeline
        # another landlord cannot read it; the liaison does see the own note
        with pytest.raises(NotFound):
            signals.feedback_for_landlord(session, people["other_landlord"], seeded["case_id"],
                                          settings=CovenantSettings())
        with pytest.raises(NotAllowed):
            signals.feedback_for_landlord(session, people["amsterdam"], seeded["case_id"],
                                          settings=CovenantSettings())
        assert signals.open_signal(session, people["amsterdam"], seeded["signal_id"])["feedback"][0]["liaison_note"] == note


def test_pause_length_follows_the_setting(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363")
    with session_for(db_url) as session:
        settings_store.save(session, people["admin"], CovenantSettings(collection_pause_days=14))
    with session_for(db_url) as session:
        record_feedback(db_url, people["amsterdam"], seeded["signal_id"], on_date=TODAY,
                        outcome="quick_fix", help_accepted=True, today=TODAY)
    with session_for(db_url) as session:
        assert session.get(Case, seeded["case_id"]).collection_paused_until == dt.date(2026, 12, 7)


@pytest.mark.parametrize("values, message", [
    ({"outcome": "weet ik niet"}, "Kies wat er met de melding is gebeurd"),
    ({"on_date": dt.date(2026, 11, 24)}, "ligt in de toekomst"),
    ({"on_date": dt.date(2026, 11, 1)}, "ligt voor de melding"),
    ({"on_date": None}, "Vul de datum"),
    ({"outcome": "deceased", "help_accepted": True}, "past niet bij deze uitkomst"),
    ({"liaison_note": "x" * 5001}, "te lang"),
])
def test_bad_feedback_gives_a_dutch_message_and_saves_nothing(db_url, people, values, message):
    seeded = seed_signal(db_url, people["landlord"], "GM0363", status="in_progress")
    arguments = {"on_date": TODAY, "outcome": "quick_fix", "help_accepted": False, "liaison_note": "", **values}
    with pytest.raises(ValidationError, match=message), session_for(db_url) as session:
        record_feedback(db_url, people["amsterdam"], seeded["signal_id"], today=TODAY, **arguments)
    with session_for(db_url) as session:
        assert session.exec(select(Feedback)).all() == []
        assert session.get(Signal, seeded["signal_id"]).status == "in_progress"
        assert session.get(Case, seeded["case_id"]).collection_paused_until is None


def test_only_a_liaison_gives_feedback(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363")
    for actor in (people["admin"], people["landlord"]):
        with pytest.raises(NotAllowed), session_for(db_url):
            record_feedback(db_url, actor, seeded["signal_id"], on_date=TODAY, outcome="quick_fix",
                            help_accepted=False, today=TODAY)


# --- repeat signals --------------------------------------------------------------------------------------------------

def test_repeat_when_the_same_tenancy_was_signalled_and_arrears_did_not_grow(db_url, people):
    first = seed_signal(db_url, people["landlord"], "GM0363", arrears_cents=185000, sent_on=dt.date(2026, 9, 1))
    other = seed_signal(db_url, people["landlord"], "GM0363", tenant="Ander", arrears_cents=50000)
    with session_for(db_url) as session:
        assert signals.is_repeat(session, first["tenancy_id"], 185000) is True
        assert signals.is_repeat(session, first["tenancy_id"], 120000) is True
        assert signals.is_repeat(session, first["tenancy_id"], 185001) is False
        assert signals.is_repeat(session, other["tenancy_id"] + 1000, 1) is False
        assert signals.is_repeat(session, first["tenancy_id"], 185000, exclude_signal_id=first["signal_id"]) is False
    # compared with the LAST signal: after a signal at a higher amount, the same amount again is a repeat
    seed_signal(db_url, people["landlord"], "GM0363", arrears_cents=277500, sent_on=dt.date(2026, 10, 1),
                tenancy_id=first["tenancy_id"])
    with session_for(db_url) as session:
        assert signals.is_repeat(session, first["tenancy_id"], 277500) is True
        assert signals.is_repeat(session, first["tenancy_id"], 300000) is False


# --- retention -------------------------------------------------------------------------------------------------------

def close_case(url: str, case_id: int, closed_on: dt.date, reason: str = "Achterstand betaald") -> None:
    with session_for(url) as session:
        case = session.get(Case, case_id)
        case.status, case.closed_on, case.close_reason = "closed", closed_on, reason
        session.add(case)


def test_retention_lists_due_cases_and_anonymises_but_keeps_amounts_and_dates(db_url, people):
    old = seed_signal(db_url, people["landlord"], "GM0363", tenant="Jan de Vries")
    recent = seed_signal(db_url, people["landlord"], "GM0363", tenant="Fatima El Amrani", postcode="1055 XY")
    close_case(db_url, old["case_id"], dt.date(2024, 11, 23))
    close_case(db_url, recent["case_id"], dt.date(2024, 11, 24))
    with session_for(db_url) as session:
        tenancy = session.get(Tenancy, old["tenancy_id"])
        tenancy.end_date = dt.date(2024, 12, 31)
        tenancy.payer_ibans = "NL91ABNA0417164300"
        session.add(tenancy)
        for case_id, record_type, record_id, summary in [
                (old["case_id"], "case", old["case_id"],
                 "Contactpoging op 5 oktober 2026 via telefoon: niet bereikt. Notitie: hij is ziek"),
                (old["case_id"], "case", old["case_id"], "Zaak gesloten door de verhuurder: Jan de Vries verhuisd"),
                (None, "tenancy", old["tenancy_id"], "Huurovereenkomst vastgelegd: Damstraat 1 (Jan de Vries)")]:
            session.add(AuditEvent(actor_id=people["landlord"].id, action="case.step", record_type=record_type,
                                   record_id=str(record_id), case_id=case_id, summary=summary,
                                   detail=json.dumps({"tenants": ["Jan de Vries"]})))
        session.add(Payment(tenancy_id=old["tenancy_id"], landlord_id=people["landlord"].id,
                            paid_on=dt.date(2024, 11, 1), amount_cents=92500, description="HUUR J DE VRIES"))
    ams, admin = people["amsterdam"], people["admin"]
    with session_for(db_url) as session:
        record_feedback(db_url, ams, old["signal_id"], on_date=dt.date(2026, 11, 3), outcome="quick_fix",
                        help_accepted=True, liaison_note="privé", today=TODAY)
    with session_for(db_url) as session:
        due = admin_service.list_due_for_anonymisation(UnitOfWork(db_url), admin, today=TODAY).due
        assert [d.case_id for d in due] == [old["case_id"]]
        with pytest.raises(NotAllowed):
            admin_service.list_due_for_anonymisation(UnitOfWork(db_url), people["landlord"], today=TODAY)
    with pytest.raises(ValidationError, match="nog niet"), session_for(db_url) as session:
        admin_service.anonymise_cases(UnitOfWork(db_url), admin, case_ids=[old["case_id"], recent["case_id"]],
                                      today=TODAY)
    with session_for(db_url) as session:
        assert session.get(Case, old["case_id"]).anonymised_on is None  # nothing half-done
        assert admin_service.anonymise_cases(UnitOfWork(db_url), admin, case_ids=[old["case_id"]], today=TODAY) == 1
    with session_for(db_url) as session:
        case = session.get(Case, old["case_id"])
        assert case.anonymised_on == TODAY and case.closed_on == dt.date(2024, 11, 23)
        signal = session.get(Signal, old["signal_id"])
        assert (signal.tenant_names, signal.postcode) == ("", "")
        assert signal.arrears_cents == 185000 and signal.sent_on == dt.date(2026, 11, 2)
        payload = signal_rules.payload_of(signal.payload)
        assert payload["arrears_total"] == "1850.00" and "tenants" not in payload
        assert "Jan de Vries" not in signal.payload and "0612345678" not in signal.payload
        assert session.exec(select(ContactAttempt).where(ContactAttempt.case_id == case.id)).one().note == ""
        assert session.exec(select(Feedback).where(Feedback.signal_id == signal.id)).one().liaison_note == ""
        document = session.get(Document, old["document_ids"][0])
        assert document.content == b"" and not document.shared_with_municipality and "Jan" not in document.filename
        tenant = session.exec(select(Tenant).where(Tenant.tenancy_id == old["tenancy_id"])).one()
        assert (tenant.name, tenant.phone, tenant.email) == ("(geanonimiseerd)", "", "")
        assert session.exec(select(Payment)).one().description == ""
        assert session.get(Tenancy, old["tenancy_id"]).payer_ibans == ""
        # the other case is untouched, and the action is logged
        assert session.exec(select(Tenant).where(Tenant.tenancy_id == recent["tenancy_id"])).one().name \
            == "Fatima El Amrani"
        assert admin_service.list_due_for_anonymisation(UnitOfWork(db_url), admin, today=TODAY).due == ()
        assert "case.anonymised" in audit_actions(db_url, admin)
        # the case timeline keeps its lines, without names or free text
        timeline = " ".join(e.summary + e.detail for e in session.exec(
            select(AuditEvent).where(AuditEvent.case_id == old["case_id"])))
        assert "Contactpoging" in timeline and "hij is ziek" not in timeline and "Jan de Vries" not in timeline
        tenancy_events = session.exec(select(AuditEvent).where(AuditEvent.record_type == "tenancy")).all()
        assert tenancy_events and all("Jan de Vries" not in e.summary for e in tenancy_events)


def test_tenant_of_a_running_tenancy_keeps_the_name(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363")
    close_case(db_url, seeded["case_id"], dt.date(2023, 1, 1))
    with session_for(db_url) as session:
        admin_service.anonymise_cases(UnitOfWork(db_url), people["admin"], case_ids=[seeded["case_id"]], today=TODAY)
    with session_for(db_url) as session:
        assert session.exec(select(Tenant)).one().name == "Jan de Vries"
        assert session.get(Signal, seeded["signal_id"]).tenant_names == ""


def test_retention_period_is_a_setting(db_url, people):
    seeded = seed_signal(db_url, people["landlord"], "GM0363")
    close_case(db_url, seeded["case_id"], dt.date(2026, 5, 1))
    with session_for(db_url) as session:
        assert admin_service.list_due_for_anonymisation(UnitOfWork(db_url), people["admin"], today=TODAY).due == ()
        settings_store.save(session, people["admin"], RetentionSettings(months_after_closing=6))
    with session_for(db_url) as session:
        assert [d.case_id for d in admin_service.list_due_for_anonymisation(UnitOfWork(db_url), people["admin"],
                                                                           today=TODAY).due] \
            == [seeded["case_id"]]


# --- statistics ------------------------------------------------------------------------------------------------------

def test_statistics_count_signals_outcomes_and_cases_closed_without_court(db_url, people):
    landlord, ams = people["landlord"], people["amsterdam"]
    a = seed_signal(db_url, landlord, "GM0363", sent_on=dt.date(2026, 10, 5))
    b = seed_signal(db_url, landlord, "GM0363", sent_on=dt.date(2026, 11, 2))
    seed_signal(db_url, landlord, "GM0518", sent_on=dt.date(2026, 11, 3))
    close_case(db_url, a["case_id"], dt.date(2026, 11, 10), "Achterstand betaald")
    close_case(db_url, b["case_id"], dt.date(2026, 11, 11), "Dagvaarding: ontbinding door de rechter")
    with session_for(db_url) as session:
        record_feedback(db_url, ams, a["signal_id"], on_date=TODAY, outcome="quick_fix",
                        help_accepted=True, today=TODAY)
        record_feedback(db_url, ams, b["signal_id"], on_date=TODAY, outcome="does_not_want_help",
                        help_accepted=False, today=TODAY)
    with session_for(db_url) as session:
        admin = people["admin"]
        assert statistics.signals_per_month(session, admin) == [("2026-10", 1), ("2026-11", 2)]
        assert dict((o["outcome"], o["count"]) for o in statistics.outcomes(session, admin)) == {
            "quick_fix": 1, "does_not_want_help": 1}
        closed = statistics.closed_without_court(session, admin)
        assert (closed["closed"], closed["without_court"], closed["share"]) == (2, 1, 0.5)
        with pytest.raises(NotAllowed):
            statistics.signals_per_month(session, ams)
