"""One cell of a package: its text parsed into a typed value (cells.py writes values back)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from operator import methodcaller
from typing import Any

from cxdesk.core.i18n import _
from cxdesk.core.text import printable
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
    return "'" + printable(text) + "'"  # control characters as visible escapes (\n, \x1b)


def is_empty(text: str) -> bool:
    """An empty cell is no value; a cell of blanks is none either."""
    return text.strip() == ""


def parse_cell(column: Column, text: str) -> Any:
    """The typed value of a non-empty cell; CellError when it does not fit the column."""
    return cell_parser(column)(text)


Parser = Callable[[str], Any]


@cache
def cell_parser(column: Column) -> Parser:
    """The parser of a column's non-empty cells, chosen once per column (not once per cell):
    `cell_parser(column)(text)` is `parse_cell(column, text)`."""
    kind = column.type
    if kind is T.STRING:
        return _string_parser(column.max_length)
    if kind is T.EMAIL:
        return _email
    if kind is T.UUID:
        return _uuid
    if kind is T.INTEGER:
        return _bounded_integer(column) if _bounded(column) else _integer
    if kind in (T.DECIMAL, T.MONEY):
        return lambda text: _decimal(column, text.strip())
    if kind is T.DATE:
        return _date
    if kind is T.TIMESTAMP:
        return _stamp
    if kind is T.BOOLEAN:
        return _boolean
    if kind is T.CODE:
        return _code_parser(column)
    if kind is T.CODES:
        return _codes_parser(column)
    if kind is T.COUNTRY:
        return _country
    if kind is T.LANGUAGE:
        return _language
    if kind is T.EVIDENCE:
        return _evidence_parser(column)
    raise AssertionError(f"no parser for {kind}")


def _string_parser(limit: int | None) -> Parser:
    if limit is None:
        return _as_is

    def string(text: str) -> str:
        if len(text) > limit:
            raise CellError(
                _("is {n} characters long; at most {limit}").format(n=len(text), limit=limit)
            )
        return text

    return string


def _as_is(text: str) -> str:
    return text


def _email(text: str) -> str:
    value = text.strip()
    if not _EMAIL.match(value):
        raise CellError(_("{value} does not look like an email address").format(value=show(text)))
    return value


def _uuid(text: str) -> str:
    value = text.strip()
    if not _UUID.match(value):
        raise CellError(_("{value} is not a UUID").format(value=show(value)))
    return value.lower()


def _integer(text: str) -> int:
    value = text.strip()
    if not _INTEGER.match(value):
        raise CellError(_("{value} is not a whole number ≥ 0").format(value=show(value)))
    return int(value)


def _bounded(column: Column) -> bool:
    """An integer column with bounds the pattern does not hold already (it holds ≥ 0)."""
    return column.maximum is not None or (column.minimum is not None and column.minimum > 0)


def _bounded_integer(column: Column) -> Parser:
    low, high = column.minimum, column.maximum

    def integer(text: str) -> int:
        value = _integer(text)
        if low is not None and value < low:
            raise CellError(_("{value} must be at least {low}").format(value=value, low=low))
        if high is not None and value > high:
            raise CellError(_("{value} must be at most {high}").format(value=value, high=high))
        return value

    return integer


_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


def _evidence_parser(column: Column) -> Parser:
    """`;`-separated `KIND:FILENAME:SHA256` (a file name holds neither `:` nor `;`): the same
    text with blanks around the items taken off and the hashes in lower case."""
    kinds = column.code_values

    def evidence(text: str) -> str:
        items: list[str] = []
        for item in text.strip().split(";"):
            item = item.strip()
            if not item:
                continue
            parts = item.split(":")
            if len(parts) != 3 or not parts[1].strip():
                raise CellError(_("{value} is not KIND:FILENAME:SHA256").format(value=show(item)))
            kind, name, digest = parts[0].strip(), parts[1], parts[2].strip()
            if kind not in kinds:
                raise CellError(
                    _("{value} is not one of {codes}").format(
                        value=show(kind), codes=", ".join(kinds)
                    )
                )
            if not _SHA256.match(digest):
                raise CellError(
                    _("{value} is not a SHA-256 (64 hexadecimal digits)").format(
                        value=show(digest, 70)
                    )
                )
            one = f"{kind}:{name}:{digest.lower()}"
            if one not in items:
                items.append(one)
        return ";".join(items)

    return evidence


def _date(text: str) -> date:
    return parse_date(text.strip())


def _stamp(text: str) -> datetime:
    return _timestamp(text.strip())


def _boolean(text: str) -> bool:
    value = text.strip()
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise CellError(_("{value} is not true or false").format(value=show(value)))
    return lowered == "true"


def _code_parser(column: Column) -> Parser:
    assert column.codes is not None
    members: dict[str, Any] = {str(member.value): member for member in column.codes}

    def code(text: str) -> Any:
        value = text.strip()
        found = members.get(value)
        return found if found is not None else _code(column, value)

    return code


def _codes_parser(column: Column) -> Parser:
    one = _code_parser(column)

    def codes(text: str) -> list[Any]:
        found: list[Any] = []
        for item in text.strip().split(";"):
            item = item.strip()
            if item:
                code = one(item)
                if code not in found:
                    found.append(code)
        return found

    return codes


def _country(text: str) -> str:
    from cxdesk.domain.countries import normalise_country

    try:
        return normalise_country(text.strip())
    except ValueError as exc:
        raise CellError(str(exc)) from exc


def _language(text: str) -> str:
    value = text.strip()
    if not _LANGUAGE.match(value.lower()):
        raise CellError(
            _("{value} is not a language code (ISO 639-1, e.g. fr)").format(value=show(value))
        )
    return value.lower()


#: Many cells checked at once: the cells joined by newlines (no stripped cell of these
#: types holds one), matched by one pattern.
def _joined(item: str) -> re.Pattern[str]:
    return re.compile(f"(?:{item})(?:\n(?:{item}))*")


_UUIDS = _joined(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_INTEGERS = _joined(r"[0-9]{1,18}")
_DATES = _joined(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMPS = _joined(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
_LANGUAGES = _joined(r"[a-z]{2}")
_EMAILS = _joined(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
#: A number with at most 2 decimal places: money that needs no closer look.
_MONEYS = _joined(r"-?[0-9]{1,15}(?:\.[0-9]{1,2})?")
_DECIMALS = _joined(r"-?[0-9]{1,15}(?:\.[0-9]{1,12})?")
_AS_UTC = methodcaller("astimezone", UTC)

#: Parses many non-empty cells of one column at once, given the cells as written and stripped:
#: the values `cell_parser` gives each, or None when a cell needs a closer look (then every cell
#: goes through `cell_parser`, which says what is wrong).
ColumnParser = Callable[[Sequence[str], Sequence[str]], "list[Any] | None"]


@cache
def column_parser(column: Column) -> ColumnParser | None:
    """The parser of many cells of a column at once (see ColumnParser); None for a type
    parsed cell by cell."""
    kind = column.type
    if kind is T.STRING:
        limit = column.max_length
        if limit is None:
            return lambda texts, _stripped: list(texts)
        return lambda texts, _stripped: list(texts) if max(map(len, texts)) <= limit else None
    if kind is T.UUID:
        return _uuids
    if kind is T.INTEGER:
        return None if _bounded(column) else _integers
    if kind is T.DATE:
        return _dates
    if kind is T.TIMESTAMP:
        return _timestamps
    if kind is T.BOOLEAN:
        return _booleans
    if kind is T.CODE:
        return _codes_of(column)
    if kind is T.LANGUAGE:
        return _languages
    if kind is T.EMAIL:
        return _emails
    if kind in (T.DECIMAL, T.MONEY):
        return _numbers_of(column)
    return None


def _join(cells: Sequence[str]) -> str:
    """The cells joined by newlines, for a `_joined` pattern; "" (which none matches) when a cell
    holds a newline of its own."""
    joined = "\n".join(cells)
    return joined if joined.count("\n") == len(cells) - 1 else ""


def _uuids(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
    joined = _join(stripped)
    return joined.lower().split("\n") if _UUIDS.fullmatch(joined) else None


def _integers(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
    return list(map(int, stripped)) if _INTEGERS.fullmatch(_join(stripped)) else None


def _dates(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
    if not _DATES.fullmatch(_join(stripped)):
        return None
    try:
        return list(map(date.fromisoformat, stripped))
    except ValueError:
        return None


def _timestamps(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
    if not _TIMESTAMPS.fullmatch(_join(stripped)):
        return None
    try:
        return list(map(_AS_UTC, map(datetime.fromisoformat, stripped)))
    except ValueError:
        return None


def _booleans(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
    lowered = list(map(str.lower, stripped))
    if not set(lowered) <= {"true", "false"}:
        return None
    return list(map("true".__eq__, lowered))


def _languages(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
    joined = _join(stripped).lower()
    return joined.split("\n") if _LANGUAGES.fullmatch(joined) else None


def _emails(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
    return list(stripped) if _EMAILS.fullmatch(_join(stripped)) else None


def _codes_of(column: Column) -> ColumnParser:
    assert column.codes is not None
    members: dict[str, Any] = {str(member.value): member for member in column.codes}

    def codes(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
        try:
            return list(map(members.__getitem__, stripped))
        except KeyError:
            return None

    return codes


def _numbers_of(column: Column) -> ColumnParser:
    pattern = _MONEYS if column.type is T.MONEY else _DECIMALS
    low, high, above = column.minimum, column.maximum, column.exclusive_minimum

    def numbers(_texts: Sequence[str], stripped: Sequence[str]) -> list[Any] | None:
        if not pattern.fullmatch(_join(stripped)):
            return None
        values = list(map(Decimal, stripped))
        if low is not None:
            least = min(values)
            if least < low or (above and least == low):
                return None
        if high is not None and max(values) > high:
            return None
        return values

    return numbers


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
    raise CellError(
        _("{value} is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)").format(value=show(value))
    )


def _code(column: Column, value: str) -> Any:
    assert column.codes is not None
    try:
        return column.codes(value)
    except ValueError as exc:
        raise CellError(
            _("{value} is not one of {codes}").format(
                value=show(value), codes=", ".join(column.code_values)
            )
        ) from exc
