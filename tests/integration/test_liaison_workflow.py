"""Issue 12, the liaison side on SQLite and PostgreSQL: status, assignment, date picked up, the municipality's own
contact attempts and the DDAS export — always within the liaison's own municipality, each action audited once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from jsonschema import Draft202012Validator
from sqlmodel import SQLModel, select

from naarnul import cli, ddas
from naarnul.errors import NotAllowed, NotFound, ValidationError
from naarnul.services import signals as signal_service
from naarnul.users import Role
from store.engine import get_engine, session_for
from store.models import AuditEvent, MunicipalContactAttempt, Signal
from store.unit_of_work import UnitOfWork
from tests.conftest import add_user
from tests.integration.test_liaison_store import people, record_feedback, seed_signal  # noqa: F401

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)


def uow(url):
    return UnitOfWork(url)


def actions(url, *names):
    with session_for(url) as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)) if e.action in names]


def test_the_migrated_schema_matches_the_models(db_url):
    engine = get_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [d for d in compare_metadata(context, SQLModel.metadata)
                       if "signal" in str(d) or "municipalcontact" in str(d)]
    assert differences == []


def test_status_assignment_and_picked_up_date_are_audited_actions(db_url, people):
    ams = people["amsterdam"]
    colleague = add_user(db_url, Role.LIAISON, "ams2", municipality="GM0363", name="Bert Collega")
    seeded = seed_signal(db_url, people["landlord"], "GM0363")
    signal_id = seeded["signal_id"]
    assert signal_service.set_status(uow(db_url), ams, signal_id=signal_id, status="in_progress", today=TODAY)
    assert not signal_service.set_status(uow(db_url), ams, signal_id=signal_id, status="in_progress", today=TODAY)
    assert signal_service.assign_signal(uow(db_url), ams, signal_id=signal_id, user_id=colleague.id)
    assert not signal_service.assign_signal(uow(db_url), ams, signal_id=signal_id, user_id=colleague.id)
    assert signal_service.set_picked_up_on(uow(db_url), ams, signal_id=signal_id, on_date=dt.date(2026, 11, 4),
                                           today=TODAY)
    with pytest.raises(ValidationError, match="toekomst"):
        signal_service.set_picked_up_on(uow(db_url), ams, signal_id=signal_id, on_date=TODAY + dt.timedelta(1),
                                        today=TODAY)
    with pytest.raises(ValidationError, match="Kies een status"):
        signal_service.set_status(uow(db_url), ams, signal_id=signal_id, status="weg", today=TODAY)
    view = signal_service.view_signal(uow(db_url), ams, signal_id=signal_id, today=TODAY)
    assert (view.status_label, view.assignee_name, view.picked_up_on, view.age_days) == (
        "in behandeling", "Bert Collega", dt.date(2026, 11, 4), 21)
    assert actions(db_url, "signal.status", "signal.assigned", "signal.picked_up") == [
        "signal.status", "signal.assigned", "signal.picked_up"]
    # back to "nieuw": not picked up after all
    signal_service.set_status(uow(db_url), ams, signal_id=signal_id, status="new", today=TODAY)
    with session_for(db_url) as session:
        assert session.get(Signal, signal_id).picked_up_on is None
    with pytest.raises(ValidationError, match="niet meer nieuw"):
        signal_service.update_handling(uow(db_url), ams, signal_id=signal_id, status="new", assigned_to=None,
                                       picked_up_on=TODAY, today=TODAY)
    # the handling form in one go
    assert signal_service.update_handling(uow(db_url), ams, signal_id=signal_id, status="done", assigned_to=None,
                                          picked_up_on=None, today=TODAY)
    with session_for(db_url) as session:
        row = session.get(Signal, signal_id)
        assert (row.status, row.assigned_to_id, row.picked_up_on) == ("done", None, TODAY)


def test_a_liaison_never_sees_assigns_or_exports_another_municipality(db_url, people):
    ams, utr = people["amsterdam"], people["utrecht"]
    mine = seed_signal(db_url, people["landlord"], "GM0363", tenant="Jan de Vries")
    theirs = seed_signal(db_url, people["landlord"], "GM0344", tenant="Els Bakker", postcode="3511 AB")
    # assigning to a liaison of another municipality: refused in the query
    with pytest.raises(NotFound):
        signal_service.assign_signal(uow(db_url), ams, signal_id=mine["signal_id"], user_id=utr.id)
    with pytest.raises(NotFound):
        signal_service.assign_signal(uow(db_url), ams, signal_id=mine["signal_id"], user_id=people["landlord"].id)
    # acting on the other municipality's signal
    for call in (
        lambda: signal_service.set_status(uow(db_url), ams, signal_id=theirs["signal_id"], status="done",
                                          today=TODAY),
        lambda: signal_service.assign_signal(uow(db_url), ams, signal_id=theirs["signal_id"], user_id=ams.id),
        lambda: signal_service.record_municipal_contact(uow(db_url), ams, signal_id=theirs["signal_id"],
                                                        on_date=TODAY, kind="Brief", reached=False, today=TODAY),
        lambda: signal_service.view_signal(uow(db_url), ams, signal_id=theirs["signal_id"]),
    ):
        with pytest.raises(NotFound):
            call()
    assert [n for _, n in signal_service.list_colleagues(uow(db_url), ams)] == ["Ams"]
    with pytest.raises(NotAllowed):
        signal_service.list_colleagues(uow(db_url), people["landlord"])
    # the export: own municipality only, another code is refused
    export = signal_service.export_ddas(uow(db_url), ams, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30),
                                        now=NOW)
    document = json.loads(export.data)
    assert [d["gemeentecode"] for d in document["leveringen"]] == ["GM0363"]
    assert [s["ID"] for s in document["leveringen"][0]["vroegsignalen"]] == [mine["reference"]]
    assert "Jan de Vries" not in export.data.decode() and "jan@example.org" not in export.data.decode()
    with pytest.raises(NotAllowed):
        signal_service.export_ddas(uow(db_url), ams, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30),
                                   municipality_code="GM0344")
    # nothing of the refused attempts was written
    with session_for(db_url) as session:
        assert session.get(Signal, theirs["signal_id"]).status == "new"
        assert session.exec(select(MunicipalContactAttempt)).all() == []
    # the inbox filters stay inside the municipality too
    assert signal_service.list_inbox(uow(db_url), ams, assigned_to=utr.id, today=TODAY).total == 0
    assert signal_service.list_inbox(uow(db_url), ams, assigned_to="none", today=TODAY).total == 1


def test_contact_attempts_and_feedback_reach_the_ddas_export(db_url, people):
    ams = people["amsterdam"]
    first = seed_signal(db_url, people["landlord"], "GM0363", sent_on=dt.date(2026, 11, 2), arrears_cents=462550)
    second = seed_signal(db_url, people["landlord"], "GM0363", sent_on=dt.date(2026, 11, 10), postcode="1055 XY")
    seed_signal(db_url, people["landlord"], "GM0363", sent_on=dt.date(2026, 10, 1))  # outside the period
    assert signal_service.record_municipal_contact(uow(db_url), ams, signal_id=first["signal_id"],
                                                   on_date=dt.date(2026, 11, 5), kind="Telefoon", reached=False,
                                                   part_of_day="Ochtend", today=TODAY)
    assert not signal_service.record_municipal_contact(uow(db_url), ams, signal_id=first["signal_id"],
                                                       on_date=dt.date(2026, 11, 5), kind="Telefoon",
                                                       reached=False, part_of_day="Ochtend", today=TODAY)
    with pytest.raises(ValidationError, match="soort contact"):
        signal_service.record_municipal_contact(uow(db_url), ams, signal_id=first["signal_id"], on_date=TODAY,
                                                kind="Postduif", reached=False, today=TODAY)
    record_feedback(db_url, ams, first["signal_id"], on_date=dt.date(2026, 11, 12), outcome="follow_up_help",
                    help_accepted=True, today=TODAY)
    record_feedback(db_url, ams, second["signal_id"], on_date=dt.date(2026, 11, 12), outcome="repeat_signal",
                    help_accepted=False, today=TODAY)
    export = signal_service.export_ddas(uow(db_url), ams, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30),
                                        now=NOW)
    document = json.loads(export.data)
    validator = Draft202012Validator(ddas.schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(document)) == []
    signals = {s["ID"]: s for s in document["leveringen"][0]["vroegsignalen"]}
    assert set(signals) == {first["reference"], second["reference"]}
    assert signals[first["reference"]]["bedrag"] == 4626 and signals[first["reference"]]["status"] == "Opgepakt"
    assert signals[second["reference"]]["status"] == "Niet opgepakt: herhaalde melding"
    assert signals[first["reference"]]["client"] == {"postcode": "1011AB", "huisnummer": "1"}
    cases = {c["vroegsignalen"][0]["ID"]: c for c in document["leveringen"][0]["vroegsignaalzaken"]}
    assert cases[first["reference"]] == {
        "resultaat": "Vervolghulp en/of verwijzing", "datumOpgepakt": "2026-11-12",
        "vroegsignalen": [{"ID": first["reference"]}],
        "contactpogingen": [{"soort": "Telefoon", "bereikt": False, "datum": "2026-11-05", "dagdeel": "Ochtend"}]}
    assert "datumOpgepakt" not in cases[second["reference"]]  # not picked up
    assert actions(db_url, "signal.municipal_contact", "ddas.exported") == ["signal.municipal_contact",
                                                                            "ddas.exported"]


def test_the_command_line_makes_one_delivery_per_municipality(db_url, people, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    seed_signal(db_url, people["landlord"], "GM0363", sent_on=dt.date(2026, 11, 2))
    seed_signal(db_url, people["landlord"], "GM0344", sent_on=dt.date(2026, 11, 3), postcode="3511 AB",
                tenant="Ilse & <Ibo> {{ x }}")
    seed_signal(db_url, people["landlord"], "GM0518", sent_on=dt.date(2026, 12, 1))  # outside the period
    out = tmp_path / "levering.json"
    assert cli.main(["ddas-export", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out)]) == 0
    document = json.loads(out.read_bytes())
    assert ddas.schema_errors(document) == []
    assert [d["gemeentecode"] for d in document["leveringen"]] == ["GM0344", "GM0363"]
    assert document["codeGegevensleverancier"] == ddas.SUPPLIER_CODE
    assert "2 melding(en), 2 gemeente(n)" in capsys.readouterr().out
    one = tmp_path / "amsterdam.json"
    assert cli.main(["ddas-export", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(one),
                     "--municipality", "gm0363"]) == 0
    assert [d["gemeentecode"] for d in json.loads(one.read_bytes())["leveringen"]] == ["GM0363"]
    bad = tmp_path / "bad.json"
    assert cli.main(["ddas-export", "--from", "2026-11-30", "--to", "2026-11-01", "--out", str(bad)]) == 2
    assert "ligt na de einddatum" in capsys.readouterr().err and not bad.exists()
    assert cli.main(["ddas-export", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(bad),
                     "--municipality", "GM9999"]) == 2
    assert not bad.exists()


def test_migration_0011_goes_down_and_up_again(db_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from store.engine import MIGRATIONS_DIR, _create

    engine = _create(db_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        for revision, present in (("head", True), ("0010", False), ("head", True)):
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                if revision == "head":
                    command.upgrade(config, revision)
                else:
                    command.downgrade(config, revision)
            inspector = inspect(engine)
            assert inspector.has_table("municipalcontactattempt") is present
            assert ("picked_up_on" in {c["name"] for c in inspector.get_columns("signal")}) is present
    finally:
        engine.dispose()
