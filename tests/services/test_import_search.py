"""An import of many exchanges fills their search tables once at the end: the same words and
sort keys as row by row, and the filter finds them."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cxdesk.db.migrate import open_database
from cxdesk.services.importing import import_package, search
from tests.services.sync_factory import big_package, delta, full
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


@pytest.mark.parametrize("cost", [0, 10**9], ids=["row by row", "filled at the end"])
def test_many_exchanges_get_the_words_and_keys_row_by_row_would_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cost: int
) -> None:
    package = big_package(tmp_path / "big.zip", 60, 50, 40)
    _import(tmp_path / "reference.sqlite3", [package])  # the default: filled at the end
    monkeypatch.setattr(search, "EXCHANGE_SEARCH_ROW_COST", cost)
    _import(tmp_path / "desk.sqlite3", [package])
    reference = _search(tmp_path / "reference.sqlite3")
    assert _search(tmp_path / "desk.sqlite3") == reference
    keys, words, triggers = reference
    assert len(keys) == len(words) == 40 and len(triggers) == 5
    assert len(_found(tmp_path / "desk.sqlite3", "CX")) == 40


def test_a_renamed_visitor_is_found_by_the_new_name_after_an_import_filled_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = package_tables()
    person, exchange = data["people"][0], data["exchanges"][0]
    assert person["uid"] == PERSON_ZELJKO and exchange["visitor_uid"] == PERSON_ZELJKO
    renamed = person | {"revision": "9", "last_name": "Quetzalcoatl"}
    # The delta brings the exchange again (unchanged): its search tables may be filled anew.
    packages = [
        full(tmp_path),
        delta(tmp_path, {"people": [renamed], "exchanges": [exchange]}, sequence=43),
    ]
    monkeypatch.setattr(search, "EXCHANGE_SEARCH_ROW_COST", 0)
    _import(tmp_path / "row.sqlite3", packages)
    monkeypatch.setattr(search, "EXCHANGE_SEARCH_ROW_COST", 10**9)
    _import(tmp_path / "end.sqlite3", packages)
    assert _search(tmp_path / "end.sqlite3") == _search(tmp_path / "row.sqlite3")
    assert _found(tmp_path / "row.sqlite3", "Quetzalcoatl") == [exchange["reference"]]
    assert _found(tmp_path / "end.sqlite3", "Quetzalcoatl") == [exchange["reference"]]
    assert _found(tmp_path / "end.sqlite3", "Novák") == []
