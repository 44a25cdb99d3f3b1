"""Reads compiled once per shape and run on the SQLite driver's own connection.

A table's first rows are a few milliseconds of SQLite; SQLAlchemy's way to them (a session's
BEGIN and ROLLBACK, building and compiling the statement, result rows) cost as much again on
every keystroke. Here a statement is built and compiled once per shape (which filters are set,
the sort) with every value a named parameter, then run with plain sqlite3 calls.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Prepared:
    """A compiled SELECT: its SQL, its parameters in order and how each value is stored/read."""

    sql: str
    names: tuple[str, ...]
    binds: tuple[Processor, ...]
    results: tuple[Processor, ...]


_CACHE: dict[Any, Prepared] = {}
#: Shapes kept: each filter combination and sort, and each count of ids a block asks for.
CACHE_SIZE = 512
#: Ids past which lines are read the ordinary way: a statement for every count is for blocks.
MANY = 100


def prepared(key: Any, dialect: Dialect, build: Callable[[], Select[Any]]) -> Prepared:
    """The statement of this shape, built and compiled the first time it is asked for."""
    found = _CACHE.get(key)
    if found is not None:
        return found
    statement = build()
    compiled = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    binds = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    results = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    found = Prepared(str(compiled), names, binds, results)
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.clear()  # shapes are few: a full cache means something unusual, start again
    _CACHE[key] = found
    return found


@contextmanager
def _driver(session: Session) -> Iterator[sqlite3.Connection]:
    """The driver's connection: the session's when it has begun (its changes are seen), else
    one straight from the pool (no BEGIN/ROLLBACK round: a read needs no transaction)."""
    bind = session.get_bind()
    if session.in_transaction() or not isinstance(bind, Engine):
        yield session.connection().connection.driver_connection  # type: ignore[misc]
        return
    raw = bind.raw_connection()
    try:
        yield raw.driver_connection  # type: ignore[misc]
    finally:
        raw.close()


def rows(session: Session, statement: Prepared, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of a prepared statement with these values (every parameter must be given)."""
    params = [
        convert(values[name]) if convert is not None else values[name]
        for name, convert in zip(statement.names, statement.binds, strict=True)
    ]
    with _driver(session) as conn:
        try:
            found = conn.execute(statement.sql, params).fetchall()
        except sqlite3.Error as error:
            # The same error SQLAlchemy would raise: callers tell a locked or damaged file so.
            raise exc.DBAPIError.instance(statement.sql, params, error, sqlite3.Error) from error
    converted = [(index, convert) for index, convert in enumerate(statement.results) if convert]
    if not converted:
        return found
    # Only the columns with a type to read (dates, amounts): a block is 50 rows of 17 columns.
    answer: list[tuple[Any, ...]] = []
    for row in found:
        values_of_row = list(row)
        for index, convert in converted:
            if values_of_row[index] is not None:
                values_of_row[index] = convert(values_of_row[index])
        answer.append(tuple(values_of_row))
    return answer


def column(session: Session, statement: Prepared, values: Mapping[str, Any]) -> list[Any]:
    """The first column of every row."""
    return [row[0] for row in rows(session, statement, values)]
