"""Loading many rows at once (demo data, packages): Core executemany in batches, one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import insert
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
