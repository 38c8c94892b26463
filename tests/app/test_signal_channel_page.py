"""The admin records how a municipality receives signals (AppTest): a wrong address is refused in Dutch and nothing
is saved; a right one is saved and shown in the overview."""

from __future__ import annotations

from sqlmodel import select

from naarnul.users import Role
from store.engine import session_for
from store.models import MunicipalitySignalChannel
from tests.app.helpers import login, texts
from tests.conftest import add_user


def channel_form(at, channel_label: str, *, email: str = "", url: str = ""):
    at.selectbox(key="channel_municipality").set_value("GM0363").run()
    radio = next(r for r in at.radio if r.label == "Meldingen komen aan")
    radio.set_value(next(o for o in radio.options if o.startswith(channel_label)))
    fields = {t.label: t for t in at.text_input}
    fields["E-mailadres voor vroegsignalering (bij 'per e-mail')"].input(email)
    fields["Webadres van het platform of formulier (bij 'eigen platform', begint met https://)"].input(url)
    next(b for b in at.button if b.label == "Ontvangst opslaan").click().run()
    return at


def test_the_admin_records_the_channel_and_a_wrong_address_saves_nothing(app_env):
    add_user(app_env, Role.ADMIN, "beheer")
    at = login("beheer")
    at.switch_page("pages/admin/municipalities.py").run()
    assert "Hoe ontvangt de gemeente meldingen?" in texts(at)

    channel_form(at, "Via een eigen platform", url="http://www.amsterdam.nl/melden")
    assert not at.exception
    assert "Het webadres moet beginnen met https://" in texts(at)
    channel_form(at, "Per e-mail", email="<b>vroeg</b>@amsterdam")
    assert "'<b>vroeg</b>@amsterdam' is geen geldig e-mailadres." in texts(at)  # shown literally
    with session_for(app_env) as session:
        assert session.exec(select(MunicipalitySignalChannel)).all() == []

    channel_form(at, "Per e-mail", email="vroegsignalering@amsterdam.nl")
    assert not at.error, [e.value for e in at.error]
    assert "De ontvangst van meldingen door Amsterdam is opgeslagen." in texts(at)
    with session_for(app_env) as session:
        [row] = session.exec(select(MunicipalitySignalChannel)).all()
        assert (row.municipality_code, row.channel, row.email, row.url) == (
            "GM0363", "email", "vroegsignalering@amsterdam.nl", "")
    table = at.dataframe[-1].value
    assert table[table["Code"] == "GM0363"]["Meldingen komen aan"].iloc[0] == (
        "Per e-mail aan vroegsignalering@amsterdam.nl")
