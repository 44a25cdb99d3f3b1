"""An import of many exchanges fills their search tables once at the end: the same words and
sort keys as row by row, and the filter finds them."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cxdesk.db.migrate import open_database
from cxdesk.db.sync.apply import SyncSession
from cxdesk.services.importing import import_package
from tests.services.sync_factory import big_package, delta, dump, full
from tests.sync.factory import PERSON_ZELJKO
from tests.sync.factory import tables as package_tables


def _search(path: Path) -> tuple[list[Any], list[Any], set[str]]:
    """The exchanges' sort keys, words, and search triggers as stored."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        keys = conn.execute("SELECT * FROM exchange_keys ORDER BY id").fetchall()
        words = conn.execute("SELECT rowid, words FROM exchanges_fts ORDER BY rowid").fetchall()
        triggers = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'exchange_search_%'"
            )
        }
        return keys, words, triggers
    finally:
        conn.close()


def _found(path: Path, word: str) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        query = (
            "SELECT e.reference FROM exchanges_fts f JOIN exchanges e ON e.id = f.rowid "
            "WHERE exchanges_fts MATCH ? ORDER BY e.reference"
        )
        return [reference for (reference,) in conn.execute(query, (word,))]
    finally:
        conn.close()


def _import(path: Path, packages: list[Path]) -> None:
    db = open_database(path)
    try:
        for package in packages:
            report = import_package(db, package)
            assert report.applied, report.errors
    finally:
        db.close()


def _row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports keep the exchanges' search tables row by row, by their triggers."""
    monkeypatch.setattr(SyncSession, "suspend_exchange_search", lambda self: False)


def test_many_exchanges_get_the_words_and_keys_row_by_row_would_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = big_package(tmp_path / "big.zip", 60, 50, 40)
    _import(tmp_path / "end.sqlite3", [package])  # into an empty desk: filled at the end
    _row_by_row(monkeypatch)
    _import(tmp_path / "row.sqlite3", [package])
    filled = _search(tmp_path / "end.sqlite3")
    assert filled == _search(tmp_path / "row.sqlite3")
    keys, words, triggers = filled
    assert len(keys) == len(words) == 40 and len(triggers) == 5
    assert len(_found(tmp_path / "end.sqlite3", "CX")) == 40


def test_a_visitor_renamed_after_a_first_import_is_found_by_the_new_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = package_tables()
    person, exchange = data["people"][0], data["exchanges"][0]
    assert person["uid"] == PERSON_ZELJKO and exchange["visitor_uid"] == PERSON_ZELJKO
    renamed = person | {"revision": "9", "last_name": "Quetzalcoatl"}
    packages = [
        full(tmp_path),
        delta(tmp_path, {"people": [renamed], "exchanges": [exchange]}, sequence=43),
    ]
    # The first package fills the search tables at the end; the triggers are back for the
    # delta, which renames the visitor.
    _import(tmp_path / "end.sqlite3", packages)
    _row_by_row(monkeypatch)
    _import(tmp_path / "row.sqlite3", packages)
    assert _search(tmp_path / "end.sqlite3") == _search(tmp_path / "row.sqlite3")
    assert _found(tmp_path / "end.sqlite3", "Quetzalcoatl") == [exchange["reference"]]
    assert _found(tmp_path / "end.sqlite3", "Novák") == []


def test_the_same_package_applied_twice_leaves_the_search_tables_as_they_were(
    empty_db: Any, tmp_path: Path
) -> None:
    package = big_package(tmp_path / "big.zip", 30, 20, 20)
    assert import_package(empty_db, package).applied
    before = dump(empty_db)
    again = big_package(tmp_path / "again.zip", 30, 20, 20, sequence=2)
    assert import_package(empty_db, again).applied
    after = dump(empty_db)
    for table in ("exchange_keys", "exchanges_fts_data", "exchanges_fts_idx", "people_fts_data"):
        assert after[table] == before[table], table
