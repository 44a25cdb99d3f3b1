"""exchange search: one table of an exchange's words and sort keys, kept by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The exchanges table filters by words of other tables (its visitor, the visiting and the host
# organisations) and sorts by them: every keystroke joined 100,000 exchanges to their people and
# organisations (PostgreSQL keeps doing so, from its text search indexes). On SQLite their names are copied next to each exchange instead, kept by
# triggers: `exchange_keys` holds the sort keys (each with an index that answers ORDER BY ...
# LIMIT at once), `exchanges_fts` every word a person may type, indexed by prefix (one or two
# letters typed match thousands of words; the prefix index answers them from one entry).
# The triggers are not named `<table>_fts_*`: an import suspends those of organisations and
# people, and these must keep the exchanges right meanwhile.

_VISITOR = "(SELECT {col} FROM people p WHERE p.uid = {e}.visitor_uid)"
_VISITING = (
    "(SELECT o.{col} FROM people p JOIN organisations o ON o.uid = p.organisation_uid "
    "WHERE p.uid = {e}.visitor_uid)"
)
_HOST = "(SELECT {col} FROM organisations h WHERE h.uid = {e}.host_organisation_uid)"


def _keys(e: str) -> str:
    """The sort keys of the exchanges `e` (a SELECT's alias, or `new`)."""
    return ", ".join(
        (
            f"{e}.id",
            _VISITOR.format(col="last_name", e=e),
            _VISITING.format(col="name", e=e),
            _VISITING.format(col="country", e=e),
            _HOST.format(col="name", e=e),
            _HOST.format(col="country", e=e),
        )
    )


def _words(e: str) -> str:
    """Every word of the exchanges `e`: reference, visitor, visiting and host organisation."""
    parts = (
        f"{e}.reference",
        _VISITOR.format(col="first_name || ' ' || last_name || ' ' || coalesce(email, '')", e=e),
        _VISITING.format(col="name || ' ' || o.city", e=e),
        _HOST.format(col="name || ' ' || city", e=e),
    )
    return f"{e}.id, " + " || ' ' || ".join(f"coalesce({p}, '')" for p in parts)


_KEY_COLUMNS = (
    "id, visitor, visiting_organisation, visiting_country, host_organisation, host_country"
)


def _fill(where: str) -> str:
    """Statements (';'-joined) writing the keys and words of the exchanges `where` selects."""
    return (
        f"INSERT OR REPLACE INTO exchange_keys ({_KEY_COLUMNS}) "
        f"SELECT {_keys('e')} FROM exchanges e WHERE {where}; "
        f"INSERT INTO exchanges_fts (rowid, words) SELECT {_words('e')} FROM exchanges e "
        f"WHERE {where};"
    )


def _forget(where: str) -> str:
    """Statements dropping the words of the exchanges `where` selects (their keys are replaced)."""
    return f"DELETE FROM exchanges_fts WHERE rowid IN (SELECT e.id FROM exchanges e WHERE {where});"


_OF_ORG = (
    "e.host_organisation_uid = new.uid OR e.visitor_uid IN "
    "(SELECT p.uid FROM people p WHERE p.organisation_uid = new.uid)"
)

SQLITE_UP = [
    "CREATE TABLE exchange_keys (id INTEGER PRIMARY KEY, visitor VARCHAR(200), "
    "visiting_organisation VARCHAR(300), visiting_country VARCHAR(2), "
    "host_organisation VARCHAR(300), host_country VARCHAR(2))",
    # detail=none: the index keeps which exchanges hold a word, not where (no phrase search is
    # asked of it), so a common prefix reads a third of the bytes.
    "CREATE VIRTUAL TABLE exchanges_fts USING fts5(words, prefix='1 2', detail=none, "
    "columnsize=0, tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER exchange_search_ai AFTER INSERT ON exchanges BEGIN "
    + _fill("e.id = new.id")
    + " END",
    "CREATE TRIGGER exchange_search_au AFTER UPDATE OF reference, visitor_uid, "
    "host_organisation_uid ON exchanges BEGIN "
    + _forget("e.id = new.id")
    + " "
    + _fill("e.id = new.id")
    + " END",
    "CREATE TRIGGER exchange_search_ad AFTER DELETE ON exchanges BEGIN "
    "DELETE FROM exchanges_fts WHERE rowid = old.id; "
    "DELETE FROM exchange_keys WHERE id = old.id; END",
    "CREATE TRIGGER exchange_search_person_au AFTER UPDATE OF first_name, last_name, email, "
    "organisation_uid ON people BEGIN "
    + _forget("e.visitor_uid = new.uid")
    + " "
    + _fill("e.visitor_uid = new.uid")
    + " END",
    "CREATE TRIGGER exchange_search_org_au AFTER UPDATE OF name, city, country "
    "ON organisations BEGIN " + _forget(_OF_ORG) + " " + _fill(_OF_ORG) + " END",
    # The exchanges already there, at once.
    f"INSERT INTO exchange_keys ({_KEY_COLUMNS}) SELECT {_keys('e')} FROM exchanges e",
    f"INSERT INTO exchanges_fts (rowid, words) SELECT {_words('e')} FROM exchanges e",
    # Each key with the id after it: ORDER BY key, id LIMIT n reads n entries of the index.
    "CREATE INDEX ix_exchange_keys_visitor ON exchange_keys (visitor, id)",
    "CREATE INDEX ix_exchange_keys_visiting_organisation "
    "ON exchange_keys (visiting_organisation, id)",
    "CREATE INDEX ix_exchange_keys_visiting_country ON exchange_keys (visiting_country, id)",
    "CREATE INDEX ix_exchange_keys_host_organisation ON exchange_keys (host_organisation, id)",
    "CREATE INDEX ix_exchange_keys_host_country ON exchange_keys (host_country, id)",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS exchange_search_org_au",
    "DROP TRIGGER IF EXISTS exchange_search_person_au",
    "DROP TRIGGER IF EXISTS exchange_search_ad",
    "DROP TRIGGER IF EXISTS exchange_search_au",
    "DROP TRIGGER IF EXISTS exchange_search_ai",
    "DROP TABLE IF EXISTS exchanges_fts",
    "DROP TABLE IF EXISTS exchange_keys",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
