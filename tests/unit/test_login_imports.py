"""The cold start to the login page (issue 14): the parts of streamlit-authenticator Naar Nul never uses are not
loaded, and the authenticator still writes its cookie through Naar Nul's writer (ui/auth.py)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import json, sys
import ui.auth
from streamlit_authenticator.models import cookie_model
loaded = [name for name in ("requests", "captcha.image", "extra_streamlit_components")
          if getattr(sys.modules.get(name), "__file__", None)]
print(json.dumps({"loaded": loaded, "writer": cookie_model.stx.CookieManager is ui.auth._CookieWriter}))
"""


def test_login_path_does_not_load_the_authenticators_unused_parts():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"loaded": [], "writer": True}


def test_a_stand_in_fails_loudly_when_used():
    importlib.import_module("ui.auth")  # first: it installs the stand-ins
    cloud = importlib.import_module("streamlit_authenticator.models.cloud")

    with pytest.raises(RuntimeError, match="does not use"):
        cloud.CloudModel("api-key", "https://example.invalid")
