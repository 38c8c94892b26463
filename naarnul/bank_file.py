"""Reading an uploaded bank export into a table of cells, within bounds: the file's size, its number of rows and,
for an .xlsx (a zip file), its unpacked size are checked before pandas or openpyxl parse it, so a hostile upload
(a million rows, a zip bomb) gets a Dutch message instead of taking the server's memory.

Pure: no database. Parsing the rows into payments is naarnul.bank_import.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pandas as pd

from naarnul.errors import ValidationError
from naarnul.untrusted_zip import UNREADABLE

# Bounds checked before a file is parsed (a year of a landlord's bank account is a few thousand rows; a red team's
# million-row CSV or xlsx and a zip bomb took gigabytes of server memory before these).
MAX_BYTES = 5 * 1024 * 1024  # the uploaded file
MAX_ROWS = 20_000  # rows in the file
MAX_INFLATED = 50 * 1024 * 1024  # the unpacked size of an .xlsx (it is a zip file)
_XLSX_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


# --- reading -----------------------------------------------------------------------------------------------------

def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """The file as a table of text cells (Excel dates stay dates, Excel numbers stay numbers)."""
    name = (filename or "").lower()
    if not data:
        raise ValidationError("Dit bestand is leeg. Download het overzicht opnieuw bij uw bank.")
    if len(data) > MAX_BYTES:
        raise ValidationError(f"Dit bestand is te groot (meer dan {MAX_BYTES // (1024 * 1024)} MB). Kies een kortere "
                              "periode bij uw bank.")
    if name.endswith(".xls"):
        raise ValidationError("Dit is een oud Excel-bestand (.xls). Sla het in Excel op als .xlsx of download "
                              "een CSV-bestand bij uw bank.")
    if name.endswith((".xlsx", ".xlsm")):
        _check_xlsx(data)
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
        except Exception:
            raise ValidationError("Dit bestand kan ik niet lezen als Excel-bestand. Download het opnieuw bij uw "
                                  "bank, of kies een CSV-bestand.") from None
    elif name.endswith((".csv", ".txt")):
        frame = _read_csv(data)
    else:
        raise ValidationError("Dit bestand kan ik niet lezen. Kies een CSV-bestand (.csv) of een Excel-bestand "
                              "(.xlsx) van uw bank.")
    frame.columns = [str(column).strip() for column in frame.columns]
    frame = frame.dropna(how="all")
    frame = frame[~frame.apply(lambda row: all(blank(value) for value in row), axis=1)] if len(frame) else frame
    if frame.empty:
        raise ValidationError("In dit bestand staan geen betalingen. Kies een ander bestand of een andere periode.")
    return frame  # the index is kept: index + 2 is the row number the landlord sees in the file


def blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _too_many_rows() -> ValidationError:
    return ValidationError(f"In dit bestand staan meer dan {MAX_ROWS:_} regels. Kies een kortere periode bij uw bank "
                           "(bijvoorbeeld één jaar) en lees dat bestand in.".replace("_", "."))


def _check_xlsx(data: bytes) -> None:
    """Refuse an .xlsx that unpacks to more than MAX_INFLATED bytes or holds more than MAX_ROWS rows, before
    openpyxl opens it. The sizes a zip declares may lie, so every part is unpacked as a stream and counted."""
    unreadable = ValidationError("Dit bestand kan ik niet lezen als Excel-bestand. Download het opnieuw bij uw bank, "
                                 "of kies een CSV-bestand.")
    too_big = ValidationError("Dit Excel-bestand is uitgepakt te groot. Kies een kortere periode bij uw bank, of "
                              "kies een CSV-bestand.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except UNREADABLE:
        raise unreadable from None
    with archive:
        parts = archive.infolist()
        if len(parts) > 1000 or sum(part.file_size for part in parts) > MAX_INFLATED:
            raise too_big
        inflated = rows = 0
        try:
            for part in parts:
                is_sheet = part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
                tail = b""
                with archive.open(part) as stream:
                    while chunk := stream.read(1024 * 1024):
                        inflated += len(chunk)
                        if inflated > MAX_INFLATED:
                            raise too_big
                        if is_sheet:
                            window = tail + chunk
                            rows += len(_XLSX_ROW.findall(window)) - len(_XLSX_ROW.findall(tail))
                            tail = window[-16:]
                            if rows > MAX_ROWS + 1:  # + the header row
                                raise _too_many_rows()
        except UNREADABLE:
            raise unreadable from None


def _read_csv(data: bytes) -> pd.DataFrame:
    if data.count(b"\n") > MAX_ROWS + 1 or data.count(b"\r") > MAX_ROWS + 1:  # + the header (before parsing)
        raise _too_many_rows()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("Dit bestand kan ik niet lezen: de tekens zijn onleesbaar.")
    header = text.lstrip().splitlines()[0] if text.strip() else ""
    # the separator is the one that splits the header into the most columns (quotes respected)
    best = max((";", ",", "\t"), key=lambda sep: len(next(csv.reader([header], delimiter=sep), [])))
    try:
        return pd.read_csv(io.StringIO(text), sep=best, dtype=str, keep_default_na=False,
                           skip_blank_lines=False)
    except Exception:
        raise ValidationError("Dit bestand kan ik niet lezen als CSV-bestand. Download het opnieuw bij uw bank.") \
            from None
