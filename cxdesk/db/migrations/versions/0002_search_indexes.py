"""search indexes: full text on organisation and people names, name indexes for sorting

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# FTS5 over external content: the index holds only tokens, the rows stay in their tables.
# remove_diacritics folds "Łódź" to match "lodz", which is how people type on a foreign keyboard.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE organisations_fts USING fts5(name, city, content='organisations', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER organisations_fts_ai AFTER INSERT ON organisations BEGIN "
    "INSERT INTO organisations_fts(rowid, name, city) VALUES (new.id, new.name, new.city); END",
    "CREATE TRIGGER organisations_fts_ad AFTER DELETE ON organisations BEGIN "
    "INSERT INTO organisations_fts(organisations_fts, rowid, name, city) "
    "VALUES ('delete', old.id, old.name, old.city); END",
    "CREATE TRIGGER organisations_fts_au AFTER UPDATE OF name, city ON organisations BEGIN "
    "INSERT INTO organisations_fts(organisations_fts, rowid, name, city) "
    "VALUES ('delete', old.id, old.name, old.city); "
    "INSERT INTO organisations_fts(rowid, name, city) VALUES (new.id, new.name, new.city); END",
    "INSERT INTO organisations_fts(organisations_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE people_fts USING fts5(first_name, last_name, email, content='people', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN "
    "INSERT INTO people_fts(rowid, first_name, last_name, email) "
    "VALUES (new.id, new.first_name, new.last_name, new.email); END",
    "CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN "
    "INSERT INTO people_fts(people_fts, rowid, first_name, last_name, email) "
    "VALUES ('delete', old.id, old.first_name, old.last_name, old.email); END",
    "CREATE TRIGGER people_fts_au AFTER UPDATE OF first_name, last_name, email ON people BEGIN "
    "INSERT INTO people_fts(people_fts, rowid, first_name, last_name, email) "
    "VALUES ('delete', old.id, old.first_name, old.last_name, old.email); "
    "INSERT INTO people_fts(rowid, first_name, last_name, email) "
    "VALUES (new.id, new.first_name, new.last_name, new.email); END",
    "INSERT INTO people_fts(people_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS people_fts_au",
    "DROP TRIGGER IF EXISTS people_fts_ad",
    "DROP TRIGGER IF EXISTS people_fts_ai",
    "DROP TABLE IF EXISTS people_fts",
    "DROP TRIGGER IF EXISTS organisations_fts_au",
    "DROP TRIGGER IF EXISTS organisations_fts_ad",
    "DROP TRIGGER IF EXISTS organisations_fts_ai",
    "DROP TABLE IF EXISTS organisations_fts",
]
# PostgreSQL's own text search; 'simple' keeps names unstemmed in every language.
PG_UP = [
    "CREATE INDEX ix_organisations_fts ON organisations "
    "USING gin (to_tsvector('simple', name || ' ' || city))",
    "CREATE INDEX ix_people_fts ON people USING gin "
    "(to_tsvector('simple', first_name || ' ' || last_name || ' ' || coalesce(email, '')))",
]
PG_DOWN = ["DROP INDEX IF EXISTS ix_people_fts", "DROP INDEX IF EXISTS ix_organisations_fts"]


def _for_dialect(sqlite: list[str], postgresql: list[str]) -> list[str]:
    dialect = op.get_bind().dialect.name
    return {"sqlite": sqlite, "postgresql": postgresql}.get(dialect, [])


def upgrade() -> None:
    op.create_index("ix_organisations_name", "organisations", ["name"])
    op.create_index("ix_people_last_name", "people", ["last_name", "first_name"])
    op.create_index("ix_exchanges_end_date", "exchanges", ["end_date"])
    for statement in _for_dialect(SQLITE_UP, PG_UP):
        op.execute(statement)


def downgrade() -> None:
    for statement in _for_dialect(SQLITE_DOWN, PG_DOWN):
        op.execute(statement)
    op.drop_index("ix_exchanges_end_date", "exchanges")
    op.drop_index("ix_people_last_name", "people")
    op.drop_index("ix_organisations_name", "organisations")
