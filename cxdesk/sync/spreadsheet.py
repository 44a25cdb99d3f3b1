"""Tables exported for people to open in a spreadsheet (CSV or XLSX), formulas neutralised."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from cxdesk.sync.atomic import atomic_path
from cxdesk.sync.cells import format_timestamp, plain_decimal

#: A cell starting with one of these is run as a formula by some spreadsheet (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
#: Characters XLSX cannot hold (XML 1.0 forbids them).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet run this text? A plain number such as -12.5 is only a number."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text)


def neutralise(text: str) -> str:
    """`'`-prefix a text a spreadsheet would run as a formula; any other text is unchanged."""
    return "'" + text if is_formula_like(text) else text


def _text(value: Any) -> str:
    """A value as the text of a CSV cell (not yet neutralised)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        return plain_decimal(value)
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(_text(item) for item in value)
    return str(value)


def csv_cell(value: Any) -> str:
    """The CSV text of a value, neutralised when it is text a spreadsheet would run."""
    text = _text(value)
    return text if isinstance(value, int | float | Decimal) else neutralise(text)


def write_csv(
    path: Path | str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ",",
) -> int:
    """Write a CSV a spreadsheet opens well (UTF-8 with BOM, CRLF); return the rows written."""
    count = 0
    with atomic_path(path) as temp, temp.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([neutralise(str(header)) for header in headers])
        for row in rows:
            writer.writerow([csv_cell(value) for value in row])
            count += 1
    return count


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    return _NOT_IN_XML.sub("\ufffd", _text(value))


def write_xlsx(
    path: Path | str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Export",
) -> int:
    """Write an XLSX workbook (streamed); text is always text, never a formula. Return rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    table = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "Export")

    def cell(value: Any) -> WriteOnlyCell:
        item = WriteOnlyCell(table, value=_xlsx_value(value))
        if isinstance(item.value, str):
            item.data_type = "s"  # openpyxl would store "=…" as a formula
            item.quotePrefix = is_formula_like(item.value)  # and keeps it text when edited
        elif isinstance(value, datetime):
            item.number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(value, date):
            item.number_format = "yyyy-mm-dd"
        return item

    table.append([cell(str(header)) for header in headers])
    count = 0
    for row in rows:
        table.append([cell(value) for value in row])
        count += 1
    with atomic_path(path) as temp:
        book.save(temp)
    return count
