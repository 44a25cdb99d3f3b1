"""The errors file: a refused CSV's rows with an `errors` column, for fixing in a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cxdesk.core.errors import Problem
from cxdesk.sync import write_errors_file

from . import factory as f


def read_back(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_each_row_gets_its_problems(tmp_path: Path) -> None:
    data = f.tables()
    data["exchanges"][0].update(end_date="2026-02-30", status="done")
    package = f.make_package(tmp_path, data)
    result = write_errors_file(package, "exchanges", tmp_path / "exchanges-errors.csv")
    assert (result.rows, result.rows_with_errors, result.file_problems) == (2, 1, [])
    header, first, second = read_back(result.path)
    assert header == [*data["exchanges"][0], "errors"]
    assert first[:-1] == list(data["exchanges"][0].values())  # the notes' newline is kept
    assert first[-1] == (
        "end_date: 2026-02-30 is not a date; status: 'done' is not one of draft, submitted, "
        "approved, rejected, signed, completed, reported, paid, cancelled"
    )
    assert second[-1] == ""


def test_every_problem_is_written_not_only_the_first_100(tmp_path: Path) -> None:
    data = f.tables()
    data["payments"] = [
        {**data["payments"][0], "uid": f"00000000-0000-4000-8000-{n:012d}", "amount": "0"}
        for n in range(130)
    ]
    result = write_errors_file(f.make_package(tmp_path, data), "payments", tmp_path / "e.csv")
    assert (result.rows, result.rows_with_errors) == (130, 130)
    assert read_back(result.path)[-1][-1] == "amount: 0 must be more than 0"


def test_cells_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    data = f.tables()
    data["organisations"][0]["name"] = "=cmd|' /C calc'!A0"
    result = write_errors_file(f.make_package(tmp_path, data), "organisations", tmp_path / "e.csv")
    rows = read_back(result.path)
    assert rows[1][5] == "'=cmd|' /C calc'!A0" and rows[1][-1] == ""
    assert rows[1][16] == "'+34 976 123 456"


def test_file_problems_are_returned_not_placed_on_a_row(tmp_path: Path) -> None:
    data = f.tables()
    for row in data["people"]:
        del row["last_name"]
    result = write_errors_file(f.make_package(tmp_path, data), "people", tmp_path / "e.csv")
    assert result.file_problems == [
        Problem("people.csv", 1, "last_name", "the required column is missing")
    ]
    assert result.rows == 2 and result.rows_with_errors == 0
    assert read_back(result.path)[0][-1] == "errors"
