"""The exchanges' search tables filled for every exchange from the insert trigger's own SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from cxdesk.db.sync.search import JOINED_0005, TRIGGER_0005, exchange_fill
from cxdesk.services.importing import import_package
from tests.services.sync_factory import big_package

TRIGGER = (
    "CREATE TRIGGER exchange_search_ai AFTER INSERT ON exchanges BEGIN "
    "INSERT INTO exchange_keys (id) SELECT e.id FROM exchanges e WHERE e.id = new.id; "
    "INSERT INTO exchanges_fts (rowid, words) SELECT e.id, e.reference || ' ' FROM exchanges e "
    "WHERE e.id = new.id; END"
)


def test_the_fill_is_the_insert_triggers_statements_for_every_exchange() -> None:
    assert exchange_fill(TRIGGER) == [
        "INSERT INTO exchange_keys (id) SELECT e.id FROM exchanges e WHERE 1 = 1",
        "INSERT INTO exchanges_fts (rowid, words) SELECT e.id, e.reference || ' ' "
        "FROM exchanges e WHERE 1 = 1",
    ]


def test_a_trigger_of_another_shape_gives_no_fill_and_stays_on() -> None:
    assert exchange_fill(None) is None
    assert exchange_fill(TRIGGER.replace("e.id = new.id", "e.uid = new.uid")) is None
    # Another use of the new row than picking it: the fill cannot be derived.
    assert exchange_fill(TRIGGER.replace("e.reference", "new.reference")) is None
    # A `;` inside a string would cut a statement in two.
    assert exchange_fill(TRIGGER.replace("' '", "';'")) is None


def _filled(conn: sqlite3.Connection, statements: list[str]) -> tuple[list[Any], list[Any]]:
    """The keys and words `statements` give every exchange (then rolled back)."""
    conn.execute("BEGIN")
    try:
        conn.execute("DELETE FROM exchanges_fts")
        conn.execute("DELETE FROM exchange_keys")
        for statement in statements:
            conn.execute(statement)
        keys = conn.execute("SELECT * FROM exchange_keys ORDER BY id").fetchall()
        words = conn.execute("SELECT rowid, words FROM exchanges_fts ORDER BY rowid").fetchall()
        return keys, words
    finally:
        conn.rollback()


def test_the_desks_own_trigger_is_filled_by_joins_with_the_same_keys_and_words(
    empty_db: Any, tmp_path: Path
) -> None:
    package = big_package(tmp_path / "big.zip", 40, 30, 30)
    assert import_package(empty_db, package).applied
    conn = sqlite3.connect(empty_db.path, isolation_level=None)
    try:
        # A visitor's organisation and a host without a name of their own, to compare NULLs too.
        conn.execute("PRAGMA foreign_keys = OFF")
        trigger = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'exchange_search_ai'"
        ).fetchone()[0]
        assert exchange_fill(trigger) == JOINED_0005
        conn.execute("BEGIN")
        conn.execute(
            "UPDATE exchanges SET host_organisation_uid = 'nowhere' WHERE id = "
            "(SELECT min(id) FROM exchanges)"
        )
        conn.execute("UPDATE people SET email = NULL WHERE id % 2 = 0")
        conn.execute("COMMIT")
        joined = _filled(conn, JOINED_0005)
        assert joined == _filled(conn, TRIGGER_0005)
        assert len(joined[0]) == 30 and any(key[4] is None for key in joined[0])
    finally:
        conn.close()
