"""The agency report as an XLSX workbook: a summary sheet, a sheet a breakdown, the exchanges."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cxdesk.core.i18n import N_
from cxdesk.pdf.agency_report import AgencyContent, Breakdown
from cxdesk.services.agency_figures import translator
from cxdesk.sync.spreadsheet import is_formula_like

MONEY_FORMAT = "#,##0.00"
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _Sheets:
    """Sheet names a spreadsheet accepts: at most 31 characters, none of []:*?/\\, unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def name(self, wanted: str) -> str:
        base = _NOT_IN_SHEET_NAME.sub(" ", wanted).strip()[:31] or "Sheet"
        name, n = base, 2
        while name.lower() in self.used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.used.add(name.lower())
        return name


def _cell(sheet: Any, value: Any, *, bold: bool = False, money: bool = False) -> Any:
    """A value as a cell: numbers and dates as such, text always text (never a formula)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if isinstance(value, str):
        value = _NOT_IN_XML.sub("\ufffd", value)
    item = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        item.data_type = "s"  # openpyxl would take "=…" (an organisation's name) as a formula
        item.quotePrefix = is_formula_like(value)
    elif isinstance(value, date):
        item.number_format = "yyyy-mm-dd"
    elif money or isinstance(value, Decimal):
        item.number_format = MONEY_FORMAT
    if bold:
        item.font = Font(bold=True)
    return item


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _summary(book: Any, name: str, c: AgencyContent, t: Any) -> None:
    sheet = book.create_sheet(name)
    _widths(sheet, (58, 18))
    sheet.append([_cell(sheet, c.title, bold=True)])
    sheet.append([_cell(sheet, c.subtitle)])
    sheet.append([_cell(sheet, c.made_on)])
    sheet.append([])
    sheet.append([_cell(sheet, t(N_("Indicator")), bold=True),
                  _cell(sheet, t(N_("Value")), bold=True)])  # fmt: skip
    for line in c.summary:
        sheet.append([_cell(sheet, line.label), _cell(sheet, line.value, money=line.money)])
    sheet.append([])
    for note in c.notes:
        sheet.append([_cell(sheet, note)])


def _breakdown(book: Any, name: str, b: Breakdown) -> None:
    sheet = book.create_sheet(name)
    _widths(sheet, (30, 48, *([16] * (len(b.headers) - 2))))
    sheet.append([_cell(sheet, b.title, bold=True)])
    sheet.append([_cell(sheet, h, bold=True) for h in b.headers])
    for line in b.lines:
        sheet.append(
            [_cell(sheet, line.code), _cell(sheet, line.label)]
            + [_cell(sheet, v, money=b.money) for v in line.values]
        )
    if b.note:
        sheet.append([])
        sheet.append([_cell(sheet, b.note)])


def write_workbook(
    path: Path, c: AgencyContent, listing: tuple[list[str], list[list[Any]]]
) -> None:
    """Write the workbook to `path` (the caller's temporary file); cells hold values only."""
    from openpyxl import Workbook

    t = translator(c.lang)
    sheets = _Sheets()
    book = Workbook(write_only=True)  # streamed: a platform's 100,000 exchanges fit
    _summary(book, sheets.name(t(N_("Summary"))), c, t)
    for b in c.breakdowns:
        _breakdown(book, sheets.name(b.sheet or b.title), b)
    headers, rows = listing
    sheet = book.create_sheet(sheets.name(t(N_("Exchanges listed"))))
    _widths(sheet, (14, 12, 11, 11, 40, 8, 22, 40, 8, 22, 28, 40, 14, 14, 12))
    sheet.append([_cell(sheet, h, bold=True) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    book.save(path)
