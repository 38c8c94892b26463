"""The foundation's store on a real database: accounts, lock-out, setup code, profiles, municipalities, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text
from sqlmodel import func, select

from naarnul.errors import NotAllowed, ValidationError
from naarnul.users import MAX_FAILED_LOGINS, Role
from store import municipalities
from store import users as user_store
from store.engine import SYNCED_KEY, _at_head, get_engine, migrate, session_for, sync_municipalities
from store.models import AuditEvent, LandlordProfile, Municipality, Setting, User, utcnow
from tests.conftest import PASSWORD, add_user


def test_schema_is_migrated_and_municipalities_loaded(db_url):
    engine = get_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"user", "landlordprofile", "municipality", "auditevent", "alembic_version"} <= tables
    with session_for(db_url) as session:
        assert session.exec(select(func.count()).select_from(Municipality)).one() == 342
        assert session.get(Municipality, "GM0363").name == "Amsterdam"


def test_setup_code_creates_first_admin_once(db_url):
    with session_for(db_url) as session:
        code = user_store.new_setup_code(session)
    assert code
    with pytest.raises(ValidationError, match="installatiecode klopt niet"), session_for(db_url) as session:
        user_store.create_first_admin(session, setup_code="WRONG", username="beheer", name="Beheer",
                                      password=PASSWORD, password_repeat=PASSWORD)
    with session_for(db_url) as session:
        admin = user_store.create_first_admin(session, setup_code=code.lower(), username="Beheer", name="Beheer",
                                              password=PASSWORD, password_repeat=PASSWORD)
    assert admin.role == Role.ADMIN and admin.username == "beheer"
    with session_for(db_url) as session:
        assert user_store.new_setup_code(session) is None  # a user exists: no new code
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        user_store.create_first_admin(session, setup_code=code, username="tweede", name="Tweede",
                                      password=PASSWORD, password_repeat=PASSWORD)


@pytest.mark.parametrize("password, message", [
    ("kort", "minstens 10"),
    ("é" * 40, "te lang"),  # 80 bytes: bcrypt would silently cut it
    (" spatie-aan-het-begin", "spatie"),
])
def test_bad_passwords_are_refused_and_nothing_saved(db_url, password, message):
    with pytest.raises(ValidationError, match=message), session_for(db_url) as session:
        user_store.create_user(session, None, username="piet", name="Piet", role=Role.LANDLORD,
                               password=password, setup=True)
    with session_for(db_url) as session:
        assert session.exec(select(User)).all() == []


def test_new_user_input_is_checked(db_url):
    add_user(db_url, Role.LANDLORD, "piet")
    with pytest.raises(ValidationError) as caught, session_for(db_url) as session:
        user_store.create_user(session, None, username="piet", name="", role=Role.LIAISON, password=PASSWORD,
                               municipality_code="GM9999", setup=True)
    problems = " ".join(caught.value.problems)
    assert "bestaat al" in problems and "Vul een naam in" in problems and "GM9999" in problems


def test_only_admins_create_users(db_url):
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        user_store.create_user(session, landlord, username="stiekem", name="Stiekem", role=Role.ADMIN,
                               password=PASSWORD)


def test_five_failed_logins_lock_the_account_in_the_database(db_url):
    add_user(db_url, Role.LANDLORD, "piet")
    for _ in range(MAX_FAILED_LOGINS - 1):
        with session_for(db_url) as session:
            user_store.record_login(session, "piet", succeeded=False)
    with session_for(db_url) as session:
        assert user_store.lock_message(session, "piet") is None
        user_store.record_login(session, "piet", succeeded=False)
    with session_for(db_url) as session:
        assert "geblokkeerd" in user_store.lock_message(session, "piet")
        assert "piet" not in user_store.login_credentials(session)["usernames"]
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "user.locked")).first()
    # fifteen minutes later the account works again
    with session_for(db_url) as session:
        user = session.exec(select(User).where(User.username == "piet")).one()
        user.locked_until = utcnow() - dt.timedelta(seconds=1)
        session.add(user)
    with session_for(db_url) as session:
        assert user_store.lock_message(session, "piet") is None
        assert "piet" in user_store.login_credentials(session)["usernames"]


def test_admin_resets_password_locks_and_unlocks(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:
        user_store.set_locked(session, admin, landlord.id, locked=True)
    with session_for(db_url) as session:
        assert "uitgeschakeld" in user_store.lock_message(session, "piet")
        user_store.set_locked(session, admin, landlord.id, locked=False)
        user_store.reset_password(session, admin, landlord.id, "een-nieuw-wachtwoord")
    with session_for(db_url) as session:
        assert user_store.verify_password(session, "piet", "een-nieuw-wachtwoord")
        assert not user_store.verify_password(session, "piet", PASSWORD)
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        user_store.reset_password(session, landlord, admin.id, "overgenomen-account")


def test_liaison_municipality_is_set_by_admin(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    liaison = add_user(db_url, Role.LIAISON, "ams", municipality="GM0363")
    with session_for(db_url) as session:
        user_store.set_municipality(session, admin, liaison.id, "gm0518")
    with session_for(db_url) as session:
        assert user_store.acting_user(session, "ams").municipality_code == "GM0518"
    with pytest.raises(ValidationError, match="onbekend"), session_for(db_url) as session:
        user_store.set_municipality(session, admin, liaison.id, "GM0000")


def test_landlord_profile_is_validated_and_private(db_url):
    first = add_user(db_url, Role.LANDLORD, "piet")
    second = add_user(db_url, Role.LANDLORD, "klaas")
    with session_for(db_url) as session:
        user_store.update_profile(session, first, name="Piet Jansen", postcode="1234ab", phone="0612345678",
                                  email="piet@example.nl", iban="NL91ABNA0417164300", street="Dorpsstraat",
                                  house_number="1", place="Ons Dorp", contact_hours="ma-vr 9-17")
    with session_for(db_url) as session:
        mine = user_store.get_profile(session, first)
        assert mine.postcode == "1234 AB"
        assert mine.iban.replace(" ", "") == "NL91ABNA0417164300"
        theirs = user_store.get_profile(session, second)
        assert theirs.user_id == second.id and theirs.name != "Piet Jansen"
    with pytest.raises(ValidationError) as caught, session_for(db_url) as session:
        user_store.update_profile(session, first, name="Piet", postcode="12345", iban="NL00ABNA0000000000",
                                  email="geen-mail")
    assert len(caught.value.problems) == 3
    with session_for(db_url) as session:  # nothing half-saved
        assert user_store.get_profile(session, first).postcode == "1234 AB"
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        user_store.get_profile(session, add_user(db_url, Role.LIAISON, "ams", municipality="GM0363"))


def test_help_contact_edit_is_admin_only_validated_and_audited(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:
        municipalities.update_help_contact(session, admin, "GM0363", help_name="Schuldhulp Amsterdam",
                                           help_phone="020 252 6000", help_website="www.amsterdam.nl/geldzorgen")
    with session_for(db_url) as session:
        amsterdam = municipalities.get(session, "GM0363")
        assert amsterdam.help_name == "Schuldhulp Amsterdam" and amsterdam.help_phone
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "municipality.help_contact_updated")).one()
        assert event.actor_id == admin.id and event.record_id == "GM0363"
    with pytest.raises(NotAllowed), session_for(db_url) as session:
        municipalities.update_help_contact(session, landlord, "GM0363", help_name="Nep")
    with pytest.raises(ValidationError), session_for(db_url) as session:
        municipalities.update_help_contact(session, admin, "GM0363", help_phone="bel maar", help_name="X")
    with session_for(db_url) as session:
        assert municipalities.get(session, "GM0363").help_name == "Schuldhulp Amsterdam"


def test_every_change_writes_an_audit_event(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    landlord = add_user(db_url, Role.LANDLORD, "piet")
    with session_for(db_url) as session:
        user_store.reset_password(session, admin, landlord.id, "nog-een-wachtwoord")
        user_store.change_own_password(session, landlord, "nog-een-wachtwoord", "mijn-eigen-wachtwoord",
                                       "mijn-eigen-wachtwoord")
    with session_for(db_url) as session:
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["user.created", "user.created", "user.password_reset", "user.password_changed"]


def test_municipality_list_keeps_help_contacts_on_resync(db_url):
    admin = add_user(db_url, Role.ADMIN, "beheer")
    with session_for(db_url) as session:
        municipalities.update_help_contact(session, admin, "GM0518", help_name="Schuldhulp Den Haag")
    with session_for(db_url) as session:
        # a municipality that merged away, and a forced re-read of the shipped list
        session.add(Municipality(code="GM9998", name="Opgeheven"))
        session.delete(session.get(Setting, SYNCED_KEY))
    with session_for(db_url) as session:
        assert sync_municipalities(session) == 0
    with session_for(db_url) as session:
        assert municipalities.get(session, "GM0518").help_name == "Schuldhulp Den Haag"
        assert municipalities.get(session, "GM9998").active is False
        assert "GM9998" not in {m.code for m in municipalities.list_all(session)}
        assert session.exec(select(func.count()).select_from(LandlordProfile)).one() == 0


def test_migrating_an_up_to_date_database_changes_nothing(db_url):
    engine = get_engine(db_url)
    assert _at_head(engine)
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
