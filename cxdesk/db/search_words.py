"""What the tables' reads share: typed words as full-text queries, pages of ids and a total."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, literal_column, select, text
from sqlalchemy.orm import Session

from cxdesk.db.models import OrganisationRow, PersonRow
from cxdesk.domain.filters import Page

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text_filter: str) -> list[str]:
    return _TOKEN.findall(text_filter)[:8]


def fts_query(words: list[str]) -> str:
    """An FTS5 query: every typed word as a prefix."""
    return " AND ".join(f'"{t}"*' for t in words)


def on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def fts_match(session: Session, table: str, words: list[str]) -> ColumnElement[bool]:
    """A condition selecting rows whose indexed names start with every typed word (on SQLite
    the words are the parameter `q`)."""
    if on_sqlite(session):
        model = OrganisationRow if table == "organisations" else PersonRow
        return model.id.in_(
            select(literal_column("rowid"))
            .select_from(text(f"{table}_fts"))
            .where(text(f"{table}_fts MATCH :q").bindparams(q=fts_query(words)))
        )
    ts = " & ".join(f"{t}:*" for t in words)
    if table == "organisations":
        doc = "organisations.name || ' ' || organisations.city"
    else:
        doc = "people.first_name || ' ' || people.last_name || ' ' || coalesce(people.email, '')"
    # Unique: an exchange's words are one condition per word, each with its own query.
    condition = text(f"to_tsvector('simple', {doc}) @@ to_tsquery('simple', :ts)")
    clause = condition.bindparams(bindparam("ts", ts, unique=True))
    return clause  # type: ignore[return-value]  # a boolean SQL expression


def page_of(
    session: Session, query: Select[Any], limit: int | None, count: Select[Any] | None = None
) -> Page:
    ids = list(session.scalars(query.limit(limit) if limit else query))
    if limit and len(ids) == limit:
        # Count without the ORDER BY: sorting every match only to count them is wasted work,
        # and most of the cost of the count.
        unordered = (count if count is not None else query).order_by(None)
        counted = select(func.count()).select_from(unordered.subquery())
        total = int(session.scalar(counted) or 0)
    else:
        total = len(ids)
    return Page(total=total, ids=ids)


def window_of(session: Session, query: Select[Any], offset: int, limit: int) -> list[int]:
    """The ids from `offset` on, at most `limit`: a table fetching the rows scrolled into view."""
    return list(session.scalars(query.offset(offset).limit(limit)))
