"""Tables for spreadsheets: CSV with a BOM and XLSX; cells that run as formulas neutralised."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cxdesk.domain.codes import Status
from cxdesk.sync import neutralise, write_csv, write_xlsx

HEADERS = ["Name", "Phone", "Amount", "Note"]
ROWS = [
    ["Ένωση «Αγρο»", "+30 210 1234567", Decimal("-12.50"), "=1+1"],
    ["@SUM(A1)", "-5", -3, "\tindented"],
    ["Plain, with comma", None, 0.5, 'a "quote"\nnew line'],
    ["-2+3", "\rx", Decimal("780.00"), [Status.APPROVED, "paid"]],
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.5", "-12.5"),
        ("-5", "-5"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_csv_for_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    assert write_csv(path, HEADERS, ROWS) == 4
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").split("\r\n") == [
        "Name,Phone,Amount,Note",
        "Ένωση «Αγρο»,'+30 210 1234567,-12.50,'=1+1",
        "'@SUM(A1),-5,-3,'\tindented",
        '"Plain, with comma",,0.5,"a ""quote""\nnew line"',
        "'-2+3,\"'\rx\",780.00,approved; paid",
        "",
    ]


def test_csv_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    write_csv(path, ["a", "b"], [[1, "x;y"]], delimiter=";")
    assert path.read_bytes().decode("utf-8-sig") == 'a;b\r\n1;"x;y"\r\n'


def test_xlsx_keeps_text_as_text_and_numbers_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    rows = [
        *ROWS,
        ["dates", date(2026, 3, 2), datetime(2026, 3, 2, 9, 15, tzinfo=UTC), True],
        ["bad\x00char", None, None, None],
    ]
    assert write_xlsx(path, HEADERS, rows, sheet="Exchanges: 2026") == 6
    book = load_workbook(path)
    sheet = book.active
    assert sheet.title == "Exchanges  2026"
    cells = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [cell.value for cell in cells[0]] == HEADERS
    formula = cells[1][3]
    assert formula.value == "=1+1" and formula.data_type == "s" and formula.quotePrefix
    assert cells[1][1].value == "+30 210 1234567" and cells[1][1].data_type == "s"
    assert cells[1][2].value == -12.5 and cells[1][2].data_type == "n"
    assert cells[2][1].value == "-5" and not cells[2][1].quotePrefix
    assert cells[2][2].value == -3
    assert cells[3][3].value == 'a "quote"\nnew line' and not cells[3][3].quotePrefix
    assert cells[4][3].value == "approved; paid"
    assert cells[5][1].value == datetime(2026, 3, 2, 0, 0)
    assert cells[5][2].value == datetime(2026, 3, 2, 9, 15) and cells[5][3].value is True
    assert cells[6][0].value == "bad\ufffdchar"
