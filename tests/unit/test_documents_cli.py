"""`naarnul render`: exit codes, Dutch messages, never a half-written file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document

from naarnul.cli import main
from naarnul.docx_text import docx_text

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "case.json"
ADDENDUM_FIELDS = ["--field", "support_organisation=Buurtteam Oost", "--field", "support_worker_name=Ria Bakker",
                   "--field", "support_worker_phone=020 7654321", "--field", "finance_option=budgetbeheer"]


@pytest.mark.parametrize("kind", ["reminder", "notification", "arrangement", "addendum", "invitation"])
def test_example_case_renders_every_template(kind, tmp_path, capsys):
    out = tmp_path / f"{kind}.docx"
    argv = ["render", kind, "--case", str(CASE), "--out", str(out)] + (ADDENDUM_FIELDS if kind == "addendum" else [])
    assert main(argv) == 0
    text = docx_text(out.read_bytes())
    assert "Verhuur De Linde" in text and "{{" not in text
    assert f"Gemaakt: {out}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temp files left


def test_fields_reach_the_document(tmp_path):
    out = tmp_path / "brief.docx"
    assert main(["render", "reminder", "--case", str(CASE), "--out", str(out), "--field", "pay_before=2026-12-18",
                 "--field", "fourteen_day_letter=ja"]) == 0
    text = docx_text(out.read_bytes())
    assert "uiterlijk op 18 december 2026" in text and "incassokosten" in text


def run_failing(argv: list[str], out: Path, capsys) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Het document is niet gemaakt:\n")
    return captured.err


def test_invalid_case_gives_dutch_message_exit_2_and_no_file(tmp_path, capsys):
    data = json.loads(CASE.read_text(encoding="utf-8"))
    del data["landlord"]["phone"]
    data["monthly_rent"] = "-1"
    bad = tmp_path / "case.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "brief.docx"
    err = run_failing(["render", "reminder", "--case", str(bad), "--out", str(out)], out, capsys)
    assert "- Het telefoonnummer van de verhuurder ontbreekt (case.landlord.phone)." in err
    assert "- De huur per maand mag niet negatief zijn (case.monthly_rent)." in err
    assert not out.exists()


def test_missing_required_field_unknown_field_and_bad_syntax(tmp_path, capsys):
    out = tmp_path / "addendum.docx"
    err = run_failing(["render", "addendum", "--case", str(CASE), "--out", str(out), "--field", "kleur=blauw",
                       "--field", "zonder-is-teken"], out, capsys)
    assert "Schrijf een extra veld als naam=waarde, niet 'zonder-is-teken'." in err
    out2 = tmp_path / "addendum2.docx"
    err = run_failing(["render", "addendum", "--case", str(CASE), "--out", str(out2), "--field", "kleur=blauw"],
                      out2, capsys)
    assert "Onbekend extra veld 'kleur'." in err
    assert "'Naam begeleider' is verplicht (support_worker_name)." in err
    assert not out.exists() and not out2.exists()


def test_unknown_kind_missing_case_and_broken_json(tmp_path, capsys):
    out = tmp_path / "x.docx"
    assert "Er is geen sjabloon met de naam 'brief'" in run_failing(
        ["render", "brief", "--case", str(CASE), "--out", str(out)], out, capsys)
    assert "bestaat niet" in run_failing(
        ["render", "reminder", "--case", str(tmp_path / "nope.json"), "--out", str(out)], out, capsys)
    broken = tmp_path / "broken.json"
    broken.write_text('{"today": "2026-11-23",', encoding="utf-8")
    assert "is geen geldige JSON (regel 1" in run_failing(
        ["render", "reminder", "--case", str(broken), "--out", str(out)], out, capsys)
    assert not out.exists()


def test_render_failure_keeps_an_existing_file_untouched(tmp_path, capsys):
    """A template that fails halfway (a field the case lacks) must not leave a half-filled document behind."""
    templates = tmp_path / "templates"
    templates.mkdir()
    document = Document()
    document.add_paragraph("{{ greeting }}, meldnummer {{ signal_reference }}")
    document.save(templates / "half.docx")
    data = json.loads(CASE.read_text(encoding="utf-8"))
    data.pop("signal")
    (templates / "half.yaml").write_text(yaml.safe_dump({"name": "half", "title": "Half", "kind": "form",
                                                         "sample": {"case": data}}), encoding="utf-8")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous version")
    err = run_failing(["render", "half", "--case", str(case), "--out", str(out), "--templates", str(templates)],
                      out, capsys)
    assert "Het veld 'signal_reference' ontbreekt." in err
    assert out.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "out.docx", "templates"]


def test_console_script_exit_code(tmp_path):
    """The real process: exit status 2 and the message on stderr."""
    result = subprocess.run([sys.executable, "-m", "naarnul.cli", "render", "reminder", "--case",
                             str(tmp_path / "none.json"), "--out", str(tmp_path / "x.docx")],
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert "Het document is niet gemaakt" in result.stderr
    assert not (tmp_path / "x.docx").exists()
