"""Vandaag as a to-do list, through the real entrypoint: a new item is marked "nieuw"; "Gezien" (an explicit
click) removes the mark and writes one seen mark, a render writes none; the item's button opens the letter for
the case; hostile text in an address or name is shown literally."""

from __future__ import annotations

from sqlmodel import func, select

from naarnul.users import Role
from store.engine import session_for
from store.models import SeenItem
from tests.app.helpers import login, texts
from tests.app.test_arrears_pages import _seed
from tests.conftest import add_user

HOSTILE = "Jan & <b>Sons</b> {{ x }} {% if %} **vet**"


def _seen(url) -> int:
    with session_for(url) as session:
        return session.exec(select(func.count()).select_from(SeenItem)).one()


def test_gezien_removes_the_new_mark_and_a_render_marks_nothing(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord, name=HOSTILE)
    at = login("piet")
    assert not at.exception
    assert "Wat nu te doen (1 nieuw)" in [s.value for s in at.subheader]
    assert any(":blue-badge[nieuw]" in m.value for m in at.markdown)
    assert HOSTILE in texts(at)  # shown literally (escaped Markdown)
    at.run()
    assert _seen(app_env) == 0  # rendering the page twice marked nothing
    next(b for b in at.button if b.label == "Gezien").click().run()
    assert not at.exception
    assert _seen(app_env) == 1
    assert "Wat nu te doen" in [s.value for s in at.subheader]
    assert not [b for b in at.button if b.label == "Gezien"]
    assert [b.label for b in at.button if b.key and b.key.startswith("todo_open_")] == ["Herinnering maken"]


def test_the_item_opens_the_reminder_letter_for_its_case(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord, street="Kerkstraat")
    _seed(app_env, landlord, street="Molenweg", name="Els Bakker")
    at = login("piet")
    button = next(b for b in at.button if b.label == "Herinnering maken" and "step:2:" in (b.key or ""))
    button.click().run()
    assert not at.exception
    assert at.title[0].value == "Brieven"
    case = next(s for s in at.selectbox if s.label == "Dossier")
    assert "Molenweg" in case.format_func(case.value)  # the case of the item, not the first one
    assert next(s for s in at.selectbox if s.label == "Soort brief").value == "reminder"
    assert _seen(app_env) == 1  # opening the item marked it seen
