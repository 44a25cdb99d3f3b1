"""The exchanges' search tables filled for every exchange from the insert trigger's own SQL."""

from __future__ import annotations

from cxdesk.db.sync.search import exchange_fill

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
