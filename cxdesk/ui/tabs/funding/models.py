"""Table models of the Funding tab: payments due (late ones in red) and the rate tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import (
    N_,
    _,
    country_name,
    format_amount_for_editing,
    format_day,
    format_money,
    ngettext,
    parse_amount,
)
from cxdesk.domain.records import Rate
from cxdesk.services.funding import DueLine
from cxdesk.ui.table.list_model import Index, ListTableModel

LATE_TEXT = QColor("#b71c1c")
LATE_FILL = QColor("#fdecea")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class DueModel(ListTableModel[DueLine]):
    """Reported exchanges still to pay, the late ones first and in red."""

    COLUMNS = (
        N_("Reference"),
        N_("Visitor"),
        N_("Host country"),
        N_("To pay"),
        N_("Due on"),
        N_("When"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today_utc()

    def set_lines(self, lines: list[DueLine], today: date) -> None:
        self.beginResetModel()
        # Late first (the longest overdue on top), then by due date.
        self.items = sorted(lines, key=lambda d: (not d.late, d.due_on, d.reference))
        self.today = today
        self.endResetModel()

    def line(self, row: int) -> DueLine:
        return self.items[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line, column = self.item_at(index), index.column()
        if line is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.ForegroundRole and line.late:
            return QBrush(LATE_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole and line.late:
            return QBrush(LATE_FILL)
        if role == Qt.ItemDataRole.FontRole and line.late and column == 5:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{reference}: {visitor} at {host}, {country}. Report validated {day}.").format(
                reference=line.reference,
                visitor=line.visitor,
                host=line.host_organisation,
                country=country_name(line.host_country),
                day=format_day(line.report_validated_on),
            )
        if role == Qt.ItemDataRole.UserRole:
            return line.uid
        return None

    def _text(self, line: DueLine, column: int) -> str:
        if column == 0:
            return line.reference
        if column == 1:
            return line.visitor
        if column == 2:
            return country_name(line.host_country)
        if column == 3:
            return format_money(line.outstanding)
        if column == 4:
            return format_day(line.due_on)
        days = (line.due_on - self.today).days
        if line.late:
            late = -days
            return ngettext("Late by {n} day", "Late by {n} days", late).format(n=late)
        if days == 0:
            return _("Due today")
        return ngettext("Due in {n} day", "Due in {n} days", days).format(n=days)


class RateModel(ListTableModel[Rate]):
    """The rate tables in force; a ceiling is edited in place and saved through `on_edit`."""

    COLUMNS = (N_("Table"), N_("Host country"), N_("Valid from"), N_("Valid to"), N_("Ceiling"))
    CEILING = 4

    def __init__(self, on_edit: Callable[[Rate, Decimal], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self.on_edit = on_edit

    def set_rates(self, rates: list[Rate]) -> None:
        self.set_items(rates)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.CEILING:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rate, column = self.item_at(index), index.column()
        if rate is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                rate.table,
                f"{country_name(rate.host_country)} ({rate.host_country})",
                format_day(rate.valid_from),
                format_day(rate.valid_to) if rate.valid_to else _("open"),
                format_money(rate.ceiling),
            )[column]
        if role == Qt.ItemDataRole.EditRole and column == self.CEILING:
            return format_amount_for_editing(rate.ceiling)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CEILING:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == self.CEILING:
            return _("Double-click or press F2 to change the ceiling.")
        return None

    def setData(  # noqa: N802 - Qt's name
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or index.column() != self.CEILING:
            return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        ceiling = parse_amount(str(value))
        if ceiling is None:
            return False
        return self.on_edit(self.items[index.row()], ceiling)
