"""`naarnul user add`: the operator adds a user from the command line; bad input gets a Dutch message, exit 2."""

from __future__ import annotations

import io

from naarnul.cli import main
from naarnul.services import login
from store.unit_of_work import UnitOfWork
from tests.conftest import PASSWORD


def test_user_add_creates_a_user_who_can_log_in(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "--role", "landlord", "--username", "piet", "--name", "Piet Jansen"]) == 0
    assert "Gebruiker piet aangemaakt" in capsys.readouterr().out
    assert login.acting_user(UnitOfWork(sqlite_url), username="piet").name == "Piet Jansen"


def test_user_add_refuses_a_short_password_in_dutch(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert main(["user", "add", "--role", "landlord", "--username", "piet", "--name", "Piet"]) == 2
    assert capsys.readouterr().err.strip()
    assert login.acting_user(UnitOfWork(sqlite_url), username="piet") is None
