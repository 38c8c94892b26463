import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from naarnul import calendar
from naarnul.bank_import import (
    TenancyRef,
    fingerprint,
    match_rows,
    parse_amount,
    parse_file,
    parse_rows,
    read_table,
    split_known,
    suggest_mapping,
)
from naarnul.errors import ValidationError

D = Decimal
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bank"
TODAY = dt.date(2026, 12, 31)


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.strip().encode(encoding)


def parse_csv(text: str, today=TODAY):
    frame = read_table(csv_bytes(text), "export.csv")
    return parse_rows(frame, suggest_mapping(frame.columns), today=today)


def problems_of(action) -> list[str]:
    with pytest.raises(ValidationError) as error:
        action()
    return error.value.problems


# --- reading -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Datum;Bedrag;Omschrijving\n01-11-2026;850,00;huur",
    '"Datum","Bedrag","Omschrijving"\n"01-11-2026","850,00","huur, november"',
    "Datum\tBedrag\tOmschrijving\n01-11-2026\t850,00\thuur",
])
def test_read_table_detects_the_separator(text):
    frame = read_table(csv_bytes(text), "x.csv")
    assert list(frame.columns) == ["Datum", "Bedrag", "Omschrijving"] and len(frame) == 1


def test_read_table_reads_windows_encoding():
    frame = read_table(csv_bytes("Datum;Bedrag;Omschrijving\n01-11-2026;850,00;huur café", "cp1252"), "x.csv")
    assert frame.loc[0, "Omschrijving"] == "huur café"


@pytest.mark.parametrize("data, filename, fragment", [
    (b"", "x.csv", "leeg"),
    (b"abc", "x.pdf", "kan ik niet lezen"),
    (b"abc", "x.xls", ".xlsx"),
    (b"not an excel file", "x.xlsx", "kan ik niet lezen"),
    (b"Datum;Bedrag\n", "x.csv", "geen betalingen"),
])
def test_read_table_refuses_unreadable_files(data, filename, fragment):
    assert fragment in " ".join(problems_of(lambda: read_table(data, filename)))


# --- column mapping -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bank, columns, expected", [
    ("ING", ["Datum", "Naam / Omschrijving", "Rekening", "Tegenrekening", "Code", "Af Bij", "Bedrag (EUR)",
             "Mutatiesoort", "Mededelingen", "Saldo na mutatie", "Tag"],
     dict(date="Datum", amount="Bedrag (EUR)", direction="Af Bij", counterparty_name="Naam / Omschrijving",
          counterparty_iban="Tegenrekening", description="Mededelingen")),
    ("ING English", ["Date", "Name / Description", "Account", "Counterparty", "Code", "Debit/credit",
                     "Amount (EUR)", "Transaction type", "Notifications", "Resulting balance", "Tag"],
     dict(date="Date", amount="Amount (EUR)", direction="Debit/credit", counterparty_name="Name / Description",
          counterparty_iban="Counterparty", description="Notifications")),
    ("Rabobank", ["IBAN/BBAN", "Munt", "BIC", "Volgnr", "Datum", "Rentedatum", "Bedrag", "Saldo na trn",
                  "Tegenrekening IBAN/BBAN", "Naam tegenpartij", "Omschrijving-1", "Omschrijving-2"],
     dict(date="Datum", amount="Bedrag", direction=None, counterparty_name="Naam tegenpartij",
          counterparty_iban="Tegenrekening IBAN/BBAN", description="Omschrijving-1")),
    ("ABN AMRO", ["Rekeningnummer", "Muntsoort", "Transactiedatum", "Rentedatum", "Beginsaldo", "Eindsaldo",
                  "Transactiebedrag", "Omschrijving"],
     dict(date="Transactiedatum", amount="Transactiebedrag", direction=None, counterparty_name=None,
          counterparty_iban=None, description="Omschrijving")),
])
def test_suggest_mapping_knows_dutch_banks(bank, columns, expected):
    assert suggest_mapping(columns) == expected, bank


# --- amounts and dates -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("850,00", "850.00"), ("1.234,56", "1234.56"), ("-12,00", "-12.00"), ("+12,50", "12.50"),
    ("€ 1.025,5", "1025.50"), ("1234.56", "1234.56"), ("1,234.56", "1234.56"), ("1.234", "1234.00"),
    ("850", "850.00"), (850.1, "850.10"), (1025, "1025.00"), (0.1 + 0.2, "0.30"),
])
def test_parse_amount(raw, expected):
    assert str(parse_amount(raw)) == expected


@pytest.mark.parametrize("raw", ["", "abc", "12,345", "1.2.3,4,5", "--5", "12,3,4"])
def test_parse_amount_refuses_garbage(raw):
    with pytest.raises(ValueError):
        parse_amount(raw)


@pytest.mark.parametrize("dates", [
    ["2026-11-01", "2026-11-15"], ["01-11-2026", "15-11-2026"], ["01/11/2026", "15/11/2026"],
    ["20261101", "20261115"], ["1-11-2026", "15-11-2026"],
])
def test_each_date_format_reads_as_day_month(dates):
    rows = parse_csv("Datum;Bedrag\n" + "\n".join(f"{d};850,00" for d in dates))
    assert [r.paid_on for r in rows] == [dt.date(2026, 11, 1), dt.date(2026, 11, 15)]


def test_mixed_date_formats_name_the_rows():
    text = "Datum;Bedrag\n01-11-2026;850,00\n2026-11-02;10,00\n03-11-2026;5,00\n11/04/2026;5,00"
    problems = problems_of(lambda: parse_csv(text))
    assert len(problems) == 1
    assert "verschillende vormen" in problems[0] and "Rijen 3, 5 wijken af" in problems[0]


@pytest.mark.parametrize("text, fragments", [
    ("Datum;Bedrag\n31-02-2026;850,00", ["Rij 2: '31-02-2026' is geen bestaande datum"]),
    ("Datum;Bedrag\nmorgen;850,00", ["Rij 2: 'morgen' is geen datum die ik herken"]),
    ("Datum;Bedrag\n01-11-2026;veel", ["Rij 2: 'veel' is geen bedrag"]),
    ("Datum;Bedrag\n01-11-2026;", ["Rij 2: het bedrag ontbreekt"]),
    ("Datum;Bedrag\n01-01-2027;850,00", ["Rij 2: de datum 1 januari 2027 ligt in de toekomst"]),
    ("Datum;Bedrag;Af Bij\n01-11-2026;850,00;Misschien", ["'misschien'"]),
    ("Datum;Bedrag\n01-11-2026;veel\n02-11-2026;\n03-11-2026;5,00", ["Rij 2", "Rij 3"]),
])
def test_bad_rows_are_named(text, fragments):
    problems = problems_of(lambda: parse_csv(text))
    assert len(problems) == len(fragments)
    for problem, fragment in zip(problems, fragments):
        assert fragment in problem


@pytest.mark.parametrize("mapping, fragments", [
    ({"date": None, "amount": "Bedrag"}, ["Kies welke kolom de datum bevat"]),
    ({"date": "Datum", "amount": None}, ["Kies welke kolom het bedrag bevat"]),
    ({"date": "Boekdatum", "amount": "Bedrag"}, ["De kolom 'Boekdatum' (datum) staat niet in dit bestand"]),
])
def test_wrong_or_missing_columns(mapping, fragments):
    frame = read_table(csv_bytes("Datum;Bedrag\n01-11-2026;850,00"), "x.csv")
    problems = problems_of(lambda: parse_rows(frame, mapping))
    assert [f in p for p, f in zip(problems, fragments)] == [True] * len(fragments)


def test_file_with_wrong_columns_gets_no_suggestion_and_a_clear_message():
    frame = read_table(csv_bytes("Wat;Hoeveel\n01-11-2026;850,00"), "x.csv")
    mapping = suggest_mapping(frame.columns)
    assert mapping["date"] is None and mapping["amount"] is None
    problems = problems_of(lambda: parse_rows(frame, mapping))
    assert len(problems) == 2 and all("Kies welke kolom" in p for p in problems)


# --- incoming only ------------------------------------------------------------------------------------------------

def test_only_incoming_money_counts():
    text = ("Datum;Bedrag;Af Bij\n01-11-2026;850,00;Bij\n01-11-2026;112,40;Af\n02-11-2026;0,00;Bij\n"
            "03-11-2026;12,00;Credit")
    rows = parse_csv(text)
    assert [(r.row_number, r.amount) for r in rows] == [(2, D("850.00")), (5, D("12.00"))]


def test_signed_amounts_without_direction_column():
    rows = parse_csv("Datum;Bedrag\n01-11-2026;+850,00\n01-11-2026;-45,50")
    assert [r.amount for r in rows] == [D("850.00")]


# --- example files ------------------------------------------------------------------------------------------------

TENANCIES = [
    TenancyRef(1, ["Jan de Vries"], ["NL69 INGB 0123 4567 89"], "Kerkstraat", 12),
    TenancyRef(2, ["Fatima el Amrani"], [], "Laan van Meerdervoort", 5, references=["NN-0002"]),
    TenancyRef(3, ["Mark Jansen"], [], "Dorpsweg", 3, "A"),
]


@pytest.mark.parametrize("filename, expected", [
    ("ing_voorbeeld.csv", [(dt.date(2026, 11, 1), "850.00", 1, "iban"), (dt.date(2026, 11, 3), "400.00", 3, "name"),
                           (dt.date(2026, 11, 15), "1025.00", 2, "reference"),
                           (dt.date(2026, 11, 20), "25.00", None, None)]),
    ("rabobank_voorbeeld.xlsx", [(dt.date(2026, 10, 1), "850.00", 1, "iban"),
                                 (dt.date(2026, 10, 5), "1025.00", 2, "reference"),
                                 (dt.date(2026, 10, 12), "450.25", 3, "name")]),
])
def test_example_exports_import_and_match(filename, expected):
    frame = read_table((EXAMPLES / filename).read_bytes(), filename)
    rows = parse_rows(frame, suggest_mapping(frame.columns), today=TODAY)
    matches = match_rows(rows, TENANCIES)
    assert [(m.row.paid_on, str(m.row.amount), m.tenancy_id, m.method) for m in matches] == expected
    assert all(m.reason for m in matches)


# --- matching -----------------------------------------------------------------------------------------------------

def row(name="", iban="", description=""):
    frame = pd.DataFrame([{"Datum": "01-11-2026", "Bedrag": "850,00", "Naam": name, "Tegenrekening": iban,
                           "Omschrijving": description}])
    return parse_rows(frame, suggest_mapping(frame.columns))[0]


@pytest.mark.parametrize("case, the_row, tenancy_id, method, fragment", [
    ("known IBAN wins over a name", row("M JANSEN", "nl69ingb0123456789"), 1, "iban", "rekeningnummer"),
    ("surname with particle", row("J DE VRIES", "NL02ABNA0123456789"), 1, "name", "naam"),
    ("surname in the description", row("", "", "huur van fatima el amrani"), 2, "name", "naam"),
    ("accents are ignored", row("Mr. JANSEN", ""), 3, "name", "naam"),
    ("address with addition", row("", "", "Huur Dorpsweg 3a nov"), 3, "address", "adres"),
    ("address number must match exactly", row("", "", "Huur Kerkstraat 123"), None, None, "Geen huurder"),
    ("reference in the description", row("BEWINDVOERDER XYZ", "", "kenmerk NN-0002"), 2, "reference", "kenmerk"),
    ("IBAN in an ABN AMRO description", row("", "", "SEPA Overboeking IBAN: NL69INGB0123456789 Naam: J"), 1, "iban",
     "rekeningnummer"),
    ("nothing known", row("ONBEKEND", "NL51ABNA0987654321", "terugbetaling"), None, None, "Kies zelf"),
])
def test_match_rows(case, the_row, tenancy_id, method, fragment):
    match = match_rows([the_row], TENANCIES)[0]
    assert (match.tenancy_id, match.method) == (tenancy_id, method), case
    assert fragment in match.reason


def test_ambiguous_match_is_left_to_the_landlord():
    tenancies = TENANCIES + [TenancyRef(4, ["Piet de Vries"], ["NL69INGB0123456789"])]
    by_iban = match_rows([row("", "NL69INGB0123456789")], tenancies)[0]
    by_name = match_rows([row("DE VRIES", "")], tenancies)[0]
    assert by_iban.tenancy_id is None and "meer dan één" in by_iban.reason
    assert by_name.tenancy_id is None and "meer dan één" in by_name.reason


# --- duplicates ---------------------------------------------------------------------------------------------------

def test_reimport_gives_the_same_fingerprints_and_skips_known_rows():
    data = (EXAMPLES / "ing_voorbeeld.csv").read_bytes()
    first = parse_rows(read_table(data, "a.csv"), suggest_mapping(read_table(data, "a.csv").columns))
    again = parse_rows(read_table(data, "b.csv"), suggest_mapping(read_table(data, "b.csv").columns))
    assert [r.fingerprint for r in first] == [r.fingerprint for r in again]
    assert len({r.fingerprint for r in first}) == len(first)
    known = {first[0].fingerprint, first[1].fingerprint}
    new, old = split_known(again, known)
    assert [r.row_number for r in old] == [first[0].row_number, first[1].row_number] and len(new) == len(first) - 2


def test_identical_rows_in_one_file_are_flagged_but_kept_apart():
    rows = parse_csv("Datum;Bedrag;Naam\n01-11-2026;425,00;J de Vries\n01-11-2026;425,00;J de Vries\n"
                     "02-11-2026;425,00;J de Vries")
    assert [r.duplicate_in_file for r in rows] == [False, True, False]
    assert len({r.fingerprint for r in rows}) == 3


def test_fingerprint_ignores_layout_but_not_content():
    base = fingerprint(dt.date(2026, 11, 1), D("850"), "NL69 INGB 0123 4567 89", "J de Vries", "Huur  nov")
    assert base == fingerprint(dt.date(2026, 11, 1), D("850.00"), "nl69ingb0123456789", "J DE VRIES", "huur nov")
    assert base != fingerprint(dt.date(2026, 11, 2), D("850"), "NL69INGB0123456789", "J de Vries", "Huur nov")
    assert base != fingerprint(dt.date(2026, 11, 1), D("850.01"), "NL69INGB0123456789", "J de Vries", "Huur nov")


def test_xlsx_with_text_dates_and_excel_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Transactiedatum", "Transactiebedrag", "Omschrijving"])
    sheet.append(["20261101", 850.1, "huur"])
    sheet.append([20261102, -10, "kosten"])
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_table(buffer.getvalue(), "abn.xlsx")
    rows = parse_rows(frame, suggest_mapping(frame.columns))
    assert [(r.paid_on, r.amount) for r in rows] == [(dt.date(2026, 11, 1), D("850.10"))]


# --- one bad row never blocks the file (issue 10) --------------------------------------------------------------------

def test_a_bad_row_is_shown_with_its_number_and_reason_and_the_rest_imports():
    frame = read_table(csv_bytes("Datum;Bedrag;Naam\n01-11-2026;850,00;J de Vries\nmorgen;10,00;X\n"
                                 "02-11-2026;veel;Y\n01-01-2027;5,00;Z\n03-11-2026;400,00;M Jansen"), "x.csv")
    parsed = parse_file(frame, suggest_mapping(frame.columns), today=TODAY)
    assert [(r.row_number, r.amount) for r in parsed.payments] == [(2, D("850.00")), (6, D("400.00"))]
    assert [r.row_number for r in parsed.rejected] == [3, 4, 5]
    reasons = [r.reason for r in parsed.rejected]
    assert "'morgen' is geen datum die ik herken" in reasons[0]
    assert "'veel' is geen bedrag" in reasons[1]
    assert "ligt in de toekomst" in reasons[2]


@pytest.mark.parametrize("filename", ["ing_voorbeeld.csv", "rabobank_voorbeeld.xlsx"])
def test_shipped_examples_import_whole_on_the_pinned_today(filename, monkeypatch):
    monkeypatch.setenv(calendar.PIN_VARIABLE, "2026-12-01")  # the demo/test date: after every example payment
    frame = read_table((EXAMPLES / filename).read_bytes(), filename)
    parsed = parse_file(frame, suggest_mapping(frame.columns), today=calendar.today())
    assert parsed.rejected == [] and len(parsed.payments) >= 3


def test_an_unchosen_af_bij_column_refuses_the_file_instead_of_counting_debits():
    data = (EXAMPLES / "ing_voorbeeld.csv").read_bytes()
    frame = read_table(data, "ing.csv")
    mapping = suggest_mapping(frame.columns) | {"direction": None}  # as the second file kept it: "(geen)"
    problems = problems_of(lambda: parse_file(frame, mapping, today=TODAY))
    assert len(problems) == 1 and "'Af Bij'" in problems[0] and "Af/bij" in problems[0]


def test_without_a_direction_column_money_going_out_is_never_a_payment():
    rows = parse_csv("Datum;Bedrag;Naam\n01-11-2026;-850,00;Huisbaas\n02-11-2026;850,00;J de Vries")
    assert [(r.row_number, r.amount) for r in rows] == [(3, D("850.00"))]


def test_the_same_payment_in_two_bank_layouts_has_one_fingerprint():
    ing = parse_csv('"Datum";"Naam / Omschrijving";"Tegenrekening";"Af Bij";"Bedrag (EUR)";"Mededelingen"\n'
                    '"20261101";"J DE VRIES";"NL69INGB0123456789";"Bij";"850,00";"Naam: J DE VRIES Omschrijving: '
                    'Huur november"')
    other = parse_csv("Boekdatum;Bedrag;Naam tegenpartij;Tegenrekening IBAN/BBAN;Omschrijving-1\n"
                      "2026-11-01;+850,00;J. de Vries;NL69 INGB 0123 4567 89;huur nov")
    assert ing[0].fingerprint == other[0].fingerprint
