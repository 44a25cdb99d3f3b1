"""Values as the desk's columns store them: from a package's typed values, from merge-base text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, Numeric, Table

from cxdesk.db.models import Base

Convert = Callable[[Any], Any]


def table_of(name: str) -> Table:
    return Base.metadata.tables[name]


def _default(column: Column[Any]) -> Any:
    """The value a NOT NULL column takes for an empty cell (its model default), else None."""
    if column.nullable or column.default is None:
        return None
    arg = getattr(column.default, "arg", None)
    return None if callable(arg) else arg


def _code_text(value: Any) -> str:
    return str(value._value_) if isinstance(value, Enum) else str(value)


def _storage(column: Column[Any]) -> Convert:
    kind = column.type
    empty = _default(column)
    if isinstance(kind, Boolean):
        return lambda v: empty if v is None else bool(v)
    if isinstance(kind, Integer):
        return lambda v: empty if v is None else int(v)
    if isinstance(kind, Float):
        return lambda v: empty if v is None else float(v)
    if isinstance(kind, Numeric):
        # The column's scale is all the database keeps: compare and store at that scale.
        places = Decimal(1).scaleb(-(kind.scale or 0))

        def number(value: Any) -> Any:
            if value is None:
                return empty
            # Decimal(str(d)) is d: a Decimal (what a package holds) is quantized as it is.
            exact = value if type(value) is Decimal else Decimal(str(value))
            return exact.quantize(places)

        return number
    if isinstance(kind, DateTime):

        def stamp(value: Any) -> Any:
            if value is None:
                return empty
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            return value

        return stamp
    if isinstance(kind, Date):
        return lambda v: empty if v is None else v

    def text(value: Any) -> Any:
        if value is None:
            return empty
        if type(value) is str:
            return value
        if isinstance(value, list | tuple):
            return ";".join([_code_text(item) for item in value])
        return _code_text(value) if isinstance(value, Enum) else value

    return text


@cache
def empty_defaults(table: str) -> dict[str, Any]:
    """The value each NOT NULL column with a default takes for an empty cell."""
    return {
        column.name: _default(column)
        for column in table_of(table).columns
        if _default(column) is not None
    }


@cache
def storage_converters(table: str) -> dict[str, Convert]:
    """For each column of a table: a package value (enum, list, aware datetime…) → stored value."""
    return {column.name: _storage(column) for column in table_of(table).columns}


def _parse(column: Column[Any]) -> Convert:
    kind = column.type
    if isinstance(kind, Boolean):
        return lambda t: t == "true"
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, Float):
        return float
    if isinstance(kind, Numeric):
        return Decimal
    if isinstance(kind, DateTime):
        return lambda t: datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ")
    if isinstance(kind, Date):
        return date.fromisoformat
    return str


@cache
def text_parsers(table: str) -> dict[str, Convert]:
    """For each column: the text `convert.to_text` made (merge bases, conflicts) → stored value."""
    return {column.name: _parse(column) for column in table_of(table).columns}


def from_text(table: str, field: str, text: str | None) -> Any:
    """A stored value back from its text; None stays None, a value that does not parse too."""
    if text is None:
        return None
    try:
        return text_parsers(table)[field](text)
    except (ValueError, ArithmeticError):
        return text
