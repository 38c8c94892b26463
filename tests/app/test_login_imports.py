"""The login form is drawn before the store is imported (issue 14: SQLAlchemy, SQLModel and the models were half
of the cold start to the login page). Checked in a fresh interpreter: the test process has imported them already."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from naarnul.users import Role
from tests.conftest import ROOT, add_user

HEAVY = ("sqlalchemy", "sqlmodel", "store.models", "phonenumbers", "stdnum", "pandas", "altair", "numpy", "pydantic",
         "pydantic_settings")

PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
import ui.auth as auth

seen = {}
draw = auth.login_screen

def login_screen(authenticator):
    draw(authenticator)  # the form is drawn: what is imported by now delayed it
    seen.update({name: name in sys.modules for name in %r})

auth.login_screen = login_screen
at = AppTest.from_file(%r, default_timeout=60).run()
print(json.dumps({"imported": seen, "labels": [t.label for t in at.text_input], "exception": bool(at.exception)}))
"""


def test_the_login_form_is_drawn_before_the_store_is_imported(app_env, tmp_path):
    add_user(app_env, Role.LANDLORD, "piet")
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE % (HEAVY, str(ROOT / "streamlit_app.py")))
    result = subprocess.run([sys.executable, str(probe)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert not seen["exception"]
    assert {"Gebruikersnaam", "Wachtwoord"} <= set(seen["labels"])  # the login page, not the setup screen
    assert seen["imported"] and not any(seen["imported"].values()), seen["imported"]

