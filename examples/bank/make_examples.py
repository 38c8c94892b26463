"""Writes the two example bank exports in this folder (fictional people and accounts; valid IBAN checksums).

Run: .venv/bin/python examples/bank/make_examples.py
- ing_voorbeeld.csv        ING-style CSV: `;`, quoted, dates 20261101, "Af Bij" column, amounts 1.234,56
- rabobank_voorbeeld.xlsx  Rabobank-style Excel: real Excel dates, signed numeric amounts

The dates lie in October and November 2026 (an export is made after its last payment): a demo or test whose today
(NAARNUL_TODAY) is on or after 21 November 2026 imports both files whole.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
OWN = "NL20INGB0001234567"
DE_VRIES = "NL69INGB0123456789"
EL_AMRANI = "NL44RABO0123456789"
JANSEN = "NL02ABNA0123456789"

ING_HEADER = ["Datum", "Naam / Omschrijving", "Rekening", "Tegenrekening", "Code", "Af Bij", "Bedrag (EUR)",
              "Mutatiesoort", "Mededelingen", "Saldo na mutatie", "Tag"]
ING_ROWS = [
    ["20261101", "J DE VRIES", OWN, DE_VRIES, "OV", "Bij", "850,00", "Overschrijving",
     f"Naam: J DE VRIES Omschrijving: Huur november Kerkstraat 12 IBAN: {DE_VRIES}", "3.210,00", ""],
    ["20261101", "VATTENFALL KLANTENSERVICE", OWN, "NL86INGB0002445588", "IC", "Af", "112,40", "Incasso",
     "Naam: VATTENFALL Omschrijving: termijnbedrag energie", "3.097,60", ""],
    ["20261103", "HR M JANSEN", OWN, JANSEN, "OV", "Bij", "400,00", "Overschrijving",
     "Naam: HR M JANSEN Omschrijving: huur deel 1 Dorpsweg 3A", "3.497,60", ""],
    ["20261115", "F EL AMRANI", OWN, EL_AMRANI, "OV", "Bij", "1.025,00", "Overschrijving",
     "Naam: F EL AMRANI Omschrijving: HUUR NOV NN-0002", "4.522,60", ""],
    ["20261120", "ONBEKEND PERSOON", OWN, "NL51ABNA0987654321", "OV", "Bij", "25,00", "Overschrijving",
     "Naam: ONBEKEND Omschrijving: terugbetaling", "4.547,60", ""],
]

RABO_HEADER = ["IBAN/BBAN", "Munt", "Volgnr", "Datum", "Rentedatum", "Bedrag", "Saldo na trn",
               "Tegenrekening IBAN/BBAN", "Naam tegenpartij", "Omschrijving-1"]
RABO_ROWS = [
    [OWN, "EUR", 1, dt.date(2026, 10, 1), dt.date(2026, 10, 1), 850.0, 4397.6, DE_VRIES, "J. de Vries",
     "Huur oktober"],
    [OWN, "EUR", 2, dt.date(2026, 10, 2), dt.date(2026, 10, 2), -45.5, 4352.1, "NL86INGB0002445588",
     "Gemeente belastingen", "Aanslag afvalstoffenheffing"],
    [OWN, "EUR", 3, dt.date(2026, 10, 5), dt.date(2026, 10, 5), 1025.0, 5377.1, EL_AMRANI, "F. el Amrani",
     "Huur oktober NN-0002"],
    [OWN, "EUR", 4, dt.date(2026, 10, 12), dt.date(2026, 10, 12), 450.25, 5827.35, JANSEN, "M. Jansen",
     "rest huur september"],
]


def write_ing_csv(path: Path) -> None:
    def line(cells):
        return ";".join(f'"{cell}"' for cell in cells)
    path.write_text("\n".join([line(ING_HEADER), *map(line, ING_ROWS)]) + "\n", encoding="utf-8")


def write_rabobank_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Transacties"
    sheet.append(RABO_HEADER)
    for row in RABO_ROWS:
        sheet.append(row)
    for cell in sheet["D"][1:] + sheet["E"][1:]:
        cell.number_format = "DD-MM-YYYY"
    # fixed timestamps keep the committed file byte-stable across runs
    book.properties.created = book.properties.modified = dt.datetime(2026, 10, 13)
    book.save(path)


if __name__ == "__main__":
    write_ing_csv(HERE / "ing_voorbeeld.csv")
    write_rabobank_xlsx(HERE / "rabobank_voorbeeld.xlsx")
    print("written:", HERE / "ing_voorbeeld.csv", HERE / "rabobank_voorbeeld.xlsx")
