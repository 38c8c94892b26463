"""Peak memory of refusing the red team's bank uploads (issue 13): each file is read in a fresh process and its
peak resident memory (ru_maxrss) printed as a JSON line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "csv_million_rows": "bank_uploads.csv_rows(1_000_000)",
    "csv_300k_rows_under_5mb": "bank_uploads.csv_rows(300_000)",
    "xlsx_million_rows": "bank_uploads.xlsx_rows(1_000_000)",
    "xlsx_bomb_2gb": "bank_uploads.xlsx_bomb(2 * 1024 ** 3)",
}
PROGRAM = """
import json, resource, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import bank_uploads
from naarnul import bank_import
from naarnul.errors import ValidationError
data = {make}
name = {name!r}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    bank_import.read_table(data, name + (".csv" if name.startswith("csv") else ".xlsx"))
    outcome = "accepted"
except ValidationError as error:
    outcome = "refused: " + error.problems[0]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"case": name, "file_mb": round(len(data) / 2**20, 1), "outcome": outcome,
                  "peak_mb_before_read": round(before / 1024), "peak_mb": round(peak / 1024)}}))
"""


def measure(name: str) -> dict:
    program = PROGRAM.format(root=str(ROOT), bench=str(ROOT / "bench"), make=CASES[name], name=name)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    for case in CASES:
        print(json.dumps(measure(case)), flush=True)
