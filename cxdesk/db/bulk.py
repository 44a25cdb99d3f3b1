"""Loading many rows at once (demo data, packages): Core executemany in batches, one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from cxdesk.db.models import Base

BATCH = 5000


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(session: Session, table: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert plain column dicts into a table; return how many."""
    target = Base.metadata.tables[table]
    count = 0
    for batch in _batches(rows, BATCH):
        session.execute(insert(target), batch)
        count += len(batch)
    return count


def rebuild_search(session: Session) -> None:
    """Re-derive the full-text indexes from their tables (after a bulk load on SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO organisations_fts(organisations_fts) VALUES ('rebuild')"))
        session.execute(text("INSERT INTO people_fts(people_fts) VALUES ('rebuild')"))
