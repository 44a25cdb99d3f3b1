"""A value written as the text a package cell holds: numbers with a point, UTC timestamps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from cxdesk.sync.columns import Column, ColumnType
from cxdesk.sync.values import MONEY_PLACES

T = ColumnType


def plain_decimal(value: Decimal | float | int, places: Decimal | None = None) -> str:
    """A number with a point and no exponent: 1E+2 → 100, 0.1 → 0.1, 780 (money) → 780.00."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if places is not None:
        number = number.quantize(places)
    text = format(number, "f")
    return "0" if text == "-0" else text


def format_timestamp(value: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ` in UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def format_cell(column: Column, value: Any) -> str:
    """The text a package holds for a value; strings are written verbatim."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value.lower() if column.type is T.UUID else value
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and column.type is not T.MONEY:
        return str(value)
    if isinstance(value, Decimal | float | int):
        return plain_decimal(value, MONEY_PLACES if column.type is T.MONEY else None)
    if isinstance(value, Iterable):
        return ";".join(format_cell(column, item) for item in value)
    return str(value)
