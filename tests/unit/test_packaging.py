"""The lock file is the one truth about versions: requirements.txt (Streamlit Community Cloud) and requirements-test.txt
(`make install`, CI) are generated from it, and every dependency in pyproject.toml is pinned in them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
HEADER = "# Generated from uv.lock by `make lock`; do not edit by hand.\n"
# The same flags as EXPORT in the Makefile.
EXPORT = ["export", "--frozen", "--quiet", "--format", "requirements-txt", "--no-hashes", "--no-emit-project",
          "--no-header"]
FILES = {"requirements.txt": ["--no-dev"], "requirements-test.txt": ["--extra", "test"]}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")


def _uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        pytest.fail("uv is not installed; it is part of the test extra (make install)")
    return found


def _pins(path: Path) -> dict[str, str]:
    """Name → pinned version for this interpreter (a line whose marker does not apply here is left out)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match and (match.group(3) is None or Marker(match.group(3)).evaluate()):
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_lock_file_matches_pyproject():
    result = subprocess.run([_uv(), "lock", "--check", "--offline"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"uv.lock is out of date with pyproject.toml: run `make lock`\n{result.stderr}"


@pytest.mark.parametrize("name", sorted(FILES))
def test_requirements_files_are_what_the_lock_file_gives(name):
    result = subprocess.run([_uv(), *EXPORT, *FILES[name]], cwd=ROOT, capture_output=True, text=True, check=True)
    assert (ROOT / name).read_text(encoding="utf-8") == HEADER + result.stdout, f"{name} is stale: run `make lock`"


@pytest.mark.parametrize("name, groups", [("requirements.txt", ["dependencies"]),
                                          ("requirements-test.txt", ["dependencies", "test"])])
def test_every_declared_dependency_is_pinned_within_its_bounds(name, groups):
    project = _project()
    declared = [Requirement(text) for group in groups
                for text in (project[group] if group == "dependencies" else project["optional-dependencies"][group])]
    pins = _pins(ROOT / name)
    for requirement in declared:
        key = canonicalize_name(requirement.name)
        assert key in pins, f"{requirement.name} is declared in pyproject.toml but missing from {name}"
        assert requirement.specifier.contains(pins[key], prereleases=True), \
            f"{name} pins {requirement.name}=={pins[key]}, outside {requirement.specifier}"
        for extra in requirement.extras:  # psycopg[binary] → psycopg-binary
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins, f"{requirement} needs its extra in {name}"


def test_cloud_gets_no_test_tools_and_no_project_install():
    pins = _pins(ROOT / "requirements.txt")
    for tool in ("pytest", "playwright", "mypy", "ruff", "import-linter", "uv"):
        assert tool not in pins
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert not [line for line in lines if line and not line.startswith("#") and "==" not in line]


def test_the_installed_environment_is_the_locked_one():
    """`make install` installs requirements-test.txt exactly: what runs the tests is what Cloud installs."""
    wrong = {}
    for name, pinned in _pins(ROOT / "requirements-test.txt").items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[name] = (installed, pinned)
    assert not wrong, f"installed ≠ locked (run `make install`): {wrong}"


@pytest.mark.parametrize("gone", ["textstat", "schwifty"])
def test_dropped_libraries_stay_dropped(gone):
    names = {canonicalize_name(Requirement(text).name) for text in _project()["dependencies"]}
    assert gone not in names
    assert gone not in _pins(ROOT / "requirements.txt")
