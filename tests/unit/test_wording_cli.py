"""`naarnul check`: what a user sees on the terminal, the JSON, and the exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from naarnul.cli import main

LETTERS = Path(__file__).parent / "letters"
HARSH = LETTERS / "harsh.txt"
GOOD = LETTERS / "first_reminder_good.txt"
SCRIPT = Path(sys.executable).parent / "naarnul"


def test_a_good_first_reminder_exits_0_with_a_dutch_verdict(capsys):
    assert main(["check", "--kind", "first-reminder", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert "Oordeel: stress-sensitief" in out
    assert "Leesbaarheid (Flesch-Douma): 87,4 (makkelijk" in out


def test_a_harsh_letter_exits_1_and_shows_where_and_what_to_change(capsys):
    assert main(["check", str(HARSH)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Oordeel: nog niet stress-sensitief")
    assert "FOUT [C5] regel 17" in out and "„thans”" in out and "Voorstel: „nu”" in out
    assert "FOUT [A2] hele brief" in out


def test_json_output_has_the_documented_shape(capsys):
    assert main(["check", "--json", str(HARSH)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"ok", "readability", "findings"} and data["ok"] is False
    text = HARSH.read_text(encoding="utf-8")
    thans = [f for f in data["findings"] if f["rule"] == "C5" and f["suggestion"] == "nu"][0]
    assert text[thans["start"]:thans["end"]] == "thans"
    assert all(set(f) == {"rule", "severity", "message", "start", "end", "suggestion"} for f in data["findings"])


def test_kind_first_reminder_turns_on_the_data_sharing_rule(capsys):
    letter = LETTERS / "fourteen_day_good.txt"
    assert main(["check", str(letter)]) == 0
    capsys.readouterr()
    assert main(["check", "--json", "--kind", "first-reminder", str(letter)]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "A4" in rules


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Indien u belt.".encode())))
    assert main(["check", "--json", "-"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert any(f["rule"] == "C5" and f["suggestion"] == "Als" for f in data["findings"])


def test_docx_paragraphs_and_tables_are_read(tmp_path, capsys):
    document = docx.Document()
    for line in GOOD.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "december 2026", "€ 850,00"
    table.cell(1, 0).text, table.cell(1, 1).text = "Totaal", "€ 900,00"
    path = tmp_path / "brief.docx"
    document.save(path)
    assert main(["check", "--json", "--kind", "first-reminder", str(path)]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings == []  # the table row is not a sentence and one item needs no total


@pytest.mark.parametrize("content, suffix, message", [
    (None, ".txt", "bestaat niet"),
    (b"\xff\xfe\x00b\x00a", ".txt", "geen tekst in UTF-8"),
    (b"PK\x03\x04 dit is geen docx", ".docx", "geen geldig Word-document"),
    (b"nep", ".doc", "Oude .doc-bestanden"),
])
def test_unreadable_input_exits_2_with_a_dutch_message(tmp_path, capsys, content, suffix, message):
    path = tmp_path / f"brief{suffix}"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_the_console_script(tmp_path):
    good = subprocess.run([str(SCRIPT), "check", "--kind", "first-reminder", str(GOOD)], capture_output=True,
                          text=True)
    assert good.returncode == 0 and "stress-sensitief" in good.stdout
    harsh = subprocess.run([str(SCRIPT), "check", "--json", "-"], input=HARSH.read_text(encoding="utf-8"),
                           capture_output=True, text=True)
    assert harsh.returncode == 1 and json.loads(harsh.stdout)["ok"] is False
    missing = subprocess.run([str(SCRIPT), "check", str(tmp_path / "weg.txt")], capture_output=True, text=True)
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
