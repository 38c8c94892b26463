"""Issue 13, memory: a bank upload is bounded in size, rows and unpacked size before it is parsed; the user gets a
Dutch message and nothing is read (or saved)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from naarnul import bank_import
from naarnul.errors import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import bank_uploads  # noqa: E402
import bench_bank_upload  # noqa: E402


def test_a_million_row_csv_is_refused_for_its_size():
    with pytest.raises(ValidationError, match="te groot"):
        bank_import.read_table(bank_uploads.csv_rows(1_000_000), "bank.csv")


def test_a_csv_under_the_size_limit_with_too_many_rows_is_refused_before_parsing():
    data = bank_uploads.csv_rows(300_000)
    assert len(data) < bank_import.MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="meer dan 20.000 regels"):
        bank_import.read_table(data, "bank.csv")
    assert time.perf_counter() - started < 1  # refused before pandas reads it (parsing took seconds)


def test_a_year_of_rows_still_reads():
    frame = bank_import.read_table(bank_uploads.csv_rows(bank_import.MAX_ROWS), "bank.csv")
    assert len(frame) == bank_import.MAX_ROWS


def test_an_xlsx_with_too_many_rows_is_refused_before_openpyxl_opens_it():
    data = bank_uploads.xlsx_rows(bank_import.MAX_ROWS + 5)
    assert len(data) < bank_import.MAX_BYTES
    with pytest.raises(ValidationError, match="meer dan 20.000 regels"):
        bank_import.read_table(data, "bank.xlsx")


def test_a_small_xlsx_still_reads():
    frame = bank_import.read_table(bank_uploads.xlsx_rows(3), "bank.xlsx")
    assert list(frame.columns) == ["Datum", "Bedrag"] and len(frame) == 3


def test_a_zip_bomb_xlsx_is_refused_for_its_unpacked_size():
    data = bank_uploads.xlsx_bomb(256 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError, match="uitgepakt te groot"):
        bank_import.read_table(data, "bank.xlsx")


@pytest.mark.parametrize("case", ["csv_million_rows", "xlsx_bomb_2gb"])
def test_refusing_the_red_teams_uploads_takes_no_extra_memory(case):
    measured = bench_bank_upload.measure(case)  # in a fresh process: ru_maxrss before and after the read
    assert measured["outcome"].startswith("refused")
    assert measured["peak_mb"] - measured["peak_mb_before_read"] < 50
