"""The reverse-proxy example (deploy/nginx.conf) and compose.yaml: nginx accepts the config (`nginx -t`, with a
throw-away certificate and the compose host names mapped to localhost), it blocks Streamlit's metrics, sets the
Content-Security-Policy with frame-ancestors, and the compose setup publishes the app on localhost only."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def csp() -> str:
    match = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', CONFIG)
    assert match, "no Content-Security-Policy in deploy/nginx.conf"
    return match.group(1)


def test_policy_forbids_framing_and_foreign_sources():
    policy = {part.split()[0]: part.split()[1:] for part in csp().split("; ")}
    assert policy["frame-ancestors"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert 'add_header X-Frame-Options "DENY" always;' in CONFIG
    assert "location = /_stcore/metrics { return 404; }" in CONFIG


def test_compose_publishes_the_app_on_localhost_only_and_the_proxy_uses_this_config():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    app_ports = compose["services"]["app"].get("ports", [])
    assert all(str(port).startswith("127.0.0.1:") for port in app_ports), app_ports
    proxy = compose["services"]["proxy"]
    assert any("deploy/nginx.conf" in volume for volume in proxy["volumes"])


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                    reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_accepts_the_config(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True)
    local = (CONFIG.replace("server app:8501;", "server 127.0.0.1:8501;")
             .replace("/etc/nginx/certs/", f"{tmp_path}/")
             .replace("pid /tmp/nginx.pid;", f"pid {tmp_path}/nginx.pid;"))
    (tmp_path / "nginx.conf").write_text(local, encoding="utf-8")
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log"),
                             "-p", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
