"""One cell of a package: its text parsed into a typed value, and a value written back as text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from cxdesk.core.i18n import _
from cxdesk.sync.columns import Column, ColumnType

T = ColumnType

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_INTEGER = re.compile(r"^[0-9]{1,18}$")
_DECIMAL = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,12})?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIMESTAMP = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MONEY_PLACES = Decimal("0.01")


class CellError(ValueError):
    """A cell's text is not a value of its column; the message says what was expected."""


def show(text: str, limit: int = 40) -> str:
    """A cell's text quoted for a message, cut when long."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + text.replace("\n", "\\n").replace("\r", "\\r") + "'"


def is_empty(text: str) -> bool:
    """An empty cell is no value; a cell of blanks is none either."""
    return text.strip() == ""


def parse_cell(column: Column, text: str) -> Any:
    """The typed value of a non-empty cell; CellError when it does not fit the column."""
    kind = column.type
    if kind is T.STRING:
        if column.max_length is not None and len(text) > column.max_length:
            raise CellError(_("is {n} characters long; at most {limit}").format(
                n=len(text), limit=column.max_length))
        return text
    if kind is T.EMAIL:
        if not _EMAIL.match(text.strip()):
            raise CellError(_("{value} does not look like an email address").format(
                value=show(text)))
        return text.strip()
    value = text.strip()
    if kind is T.UUID:
        if not _UUID.match(value):
            raise CellError(_("{value} is not a UUID").format(value=show(value)))
        return value.lower()
    if kind is T.INTEGER:
        if not _INTEGER.match(value):
            raise CellError(_("{value} is not a whole number ≥ 0").format(value=show(value)))
        return int(value)
    if kind in (T.DECIMAL, T.MONEY):
        return _decimal(column, value)
    if kind is T.DATE:
        return parse_date(value)
    if kind is T.TIMESTAMP:
        return _timestamp(value)
    if kind is T.BOOLEAN:
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise CellError(_("{value} is not true or false").format(value=show(value)))
        return lowered == "true"
    if kind is T.CODE:
        return _code(column, value)
    if kind is T.CODES:
        codes: list[Any] = []
        for item in value.split(";"):
            item = item.strip()
            if item:
                code = _code(column, item)
                if code not in codes:
                    codes.append(code)
        return codes
    if kind is T.COUNTRY:
        from cxdesk.domain.countries import normalise_country

        try:
            return normalise_country(value)
        except ValueError as exc:
            raise CellError(str(exc)) from exc
    if kind is T.LANGUAGE:
        if not _LANGUAGE.match(value.lower()):
            raise CellError(_("{value} is not a language code (ISO 639-1, e.g. fr)").format(
                value=show(value)))
        return value.lower()
    raise AssertionError(f"no parser for {kind}")


def _decimal(column: Column, value: str) -> Decimal:
    if not _DECIMAL.match(value):
        hint = _("use a point for decimals, e.g. 12.50") if "," in value else _("e.g. 12.50")
        raise CellError(_("{value} is not a number ({hint})").format(value=show(value), hint=hint))
    try:
        number = Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already rules it out
        raise CellError(_("{value} is not a number").format(value=show(value))) from exc
    if column.type is T.MONEY and number != number.quantize(MONEY_PLACES):
        raise CellError(_("{value} has more than 2 decimal places").format(value=value))
    low, high = column.minimum, column.maximum
    if low is not None and (number < low or (column.exclusive_minimum and number == low)):
        if column.exclusive_minimum:
            raise CellError(_("{value} must be more than {low}").format(value=value, low=low))
        raise CellError(_("{value} must be at least {low}").format(value=value, low=low))
    if high is not None and number > high:
        raise CellError(_("{value} must be at most {high}").format(value=value, high=high))
    return number


def parse_date(value: str) -> date:
    if not _DATE.match(value):
        raise CellError(_("{value} is not a date (YYYY-MM-DD)").format(value=show(value)))
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CellError(_("{value} is not a date").format(value=value)) from exc


def _timestamp(value: str) -> datetime:
    if _TIMESTAMP.match(value):
        try:
            return datetime.fromisoformat(value).astimezone(UTC)
        except ValueError:
            pass
    raise CellError(_("{value} is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)").format(
        value=show(value)))


def _code(column: Column, value: str) -> Any:
    assert column.codes is not None
    try:
        return column.codes(value)
    except ValueError as exc:
        raise CellError(_("{value} is not one of {codes}").format(
            value=show(value), codes=", ".join(column.code_values))) from exc


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

