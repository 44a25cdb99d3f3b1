"""Rows into an empty table go column by column: the desk stores what row by row stores, and
a package with problems is described and refused the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxdesk.db.migrate import open_database
from cxdesk.services.importing import columnwise, import_package, tables
from tests.services.sync_factory import big_package, dump, full
from tests.sync.factory import EXCHANGE, ORG_ARAGON
from tests.sync.factory import tables as package_tables

#: What differs from one import to the next whatever the way: when it ran, where its backup is.
WHEN = {"imports"}
#: Whether each batch offered column by column went that way (the test's own check).
COLUMNS_TAKEN: list[bool] = []


def _imported(folder: Path, package: Path, *, by_columns: bool) -> tuple[Any, dict[str, Any]]:
    """The report and the whole database after importing `package` into an empty desk."""
    mp = pytest.MonkeyPatch()
    mp.setattr(columnwise, "ENABLED", by_columns)
    taken = columnwise.insert_columns

    def counted(*args: Any) -> bool:
        done = taken(*args)
        COLUMNS_TAKEN.append(done)
        return done

    mp.setattr(tables, "insert_columns", counted)
    db = open_database(folder / f"desk-{by_columns}.sqlite3")
    try:
        report = import_package(db, package)
        stored = {name: rows for name, rows in dump(db).items() if name not in WHEN}
        return report, stored
    finally:
        db.close()
        mp.undo()


def _both(tmp_path: Path, package: Path) -> tuple[Any, Any]:
    folder = tmp_path / package.stem
    (folder / "cols").mkdir(parents=True)
    (folder / "rows").mkdir()
    by_columns = _imported(folder / "cols", package, by_columns=True)
    by_rows = _imported(folder / "rows", package, by_columns=False)
    return by_columns, by_rows


def test_a_big_package_stores_the_same_rows_by_columns_as_row_by_row(tmp_path: Path) -> None:
    # Over a thousand rows a table: several blocks and batches, members before their clusters.
    package = big_package(tmp_path / "big.zip", 1500, 1200, 1100)
    COLUMNS_TAKEN.clear()
    (report, stored), (report_rows, stored_rows) = _both(tmp_path, package)
    assert len(COLUMNS_TAKEN) >= 4 and all(COLUMNS_TAKEN)  # the columns' way was taken
    assert report.applied and report_rows.applied
    assert report.message == report_rows.message
    assert report.warnings == report_rows.warnings
    assert stored == stored_rows
    assert len(stored["organisations"]) == 1500 and len(stored["exchanges"]) == 1100


def test_the_hand_made_package_stores_the_same_both_ways(tmp_path: Path) -> None:
    package = full(tmp_path)
    (report, stored), (report_rows, stored_rows) = _both(tmp_path, package)
    assert report.applied and report.message == report_rows.message
    assert report.warnings == report_rows.warnings
    assert stored == stored_rows


def test_a_tombstone_and_a_reference_to_nowhere_take_the_row_by_row_way(tmp_path: Path) -> None:
    data = package_tables()
    # A tombstone of an organisation the desk never had: counted, not stored.
    data["organisations"].append(
        data["organisations"][1]
        | {"uid": "9" * 8 + "-0000-4000-8000-" + "0" * 12, "deleted": "true"}
    )
    package = full(tmp_path, data)
    (report, stored), (report_rows, stored_rows) = _both(tmp_path, package)
    assert report.applied and report.message == report_rows.message
    assert stored == stored_rows
    data = package_tables()
    data["exchanges"][0]["host_organisation_uid"] = "8" * 8 + "-0000-4000-8000-" + "0" * 12
    package = full(tmp_path, data, name="nowhere.zip")
    (report, stored), (report_rows, stored_rows) = _both(tmp_path, package)
    assert not report.applied
    assert report.errors == report_rows.errors
    assert "host_organisation_uid" in report.errors[0] and "exchanges.csv:2" in report.errors[0]
    assert stored == stored_rows


def test_a_bad_cell_is_reported_the_same_way_and_nothing_is_stored(tmp_path: Path) -> None:
    data = package_tables()
    data["organisations"][1]["kind"] = "castle"
    data["exchanges"][0]["end_date"] = "2026-02-30"
    data["organisations"][2]["cluster_uid"] = ORG_ARAGON
    package = full(tmp_path, data)
    (report, stored), (report_rows, stored_rows) = _both(tmp_path, package)
    assert not report.applied
    assert report.errors == report_rows.errors
    assert any("organisations.csv:3: kind" in line for line in report.errors), report.errors
    assert any("exchanges.csv:2: end_date" in line for line in report.errors), report.errors
    assert stored == stored_rows
    assert stored["organisations"] == [] and EXCHANGE not in repr(stored["exchanges"])
