"""A table view set up for big lazy tables, whose column widths, order and sort are remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cxdesk.core.settings import Settings
from cxdesk.ui.table.lazy_model import LazyTableModel

#: Work waiting for the first rows painted by any big table (the window's deferred start).
_after_rows_painted: list[Callable[[], None]] = []


def when_rows_painted(work: Callable[[], None]) -> None:
    """Run `work` once a big table has painted rows, just after that paint (not inside it)."""
    _after_rows_painted.append(work)


class BigTableView(QTableView):
    """Rows of one height (no per-row measuring over 300,000 rows), sort by header click in SQL."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, arrows move within it
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.sortIndicatorChanged.connect(self._sort)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        # The rows are on screen: the model's count (and the other ids) may start now.
        model = self.model()
        if isinstance(model, LazyTableModel):
            model.rows_painted()
        if _after_rows_painted and model is not None and model.rowCount() > 0:
            waiting = list(_after_rows_painted)
            _after_rows_painted.clear()
            for work in waiting:
                QTimer.singleShot(0, work)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        # Reached with Tab (or a shortcut) and nothing chosen: Qt marks a row as current but
        # selects nothing, so the pane stays empty and Down in a one-row table does nothing.
        # The row under the cursor is selected, as a person arriving with the keyboard expects.
        keyboard = {
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
        }
        selection = self.selectionModel()
        if event.reason() not in keyboard or selection is None or selection.hasSelection():
            return
        current = self.currentIndex()
        if not current.isValid() and self.model() is not None and self.model().rowCount() > 0:
            current = self.model().index(0, 0)
        if current.isValid():
            selection.setCurrentIndex(
                current,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def lazy_model(self) -> LazyTableModel[object, object]:
        model = self.model()
        assert isinstance(model, LazyTableModel)
        return model

    def _sort(self, section: int, order: Qt.SortOrder) -> None:
        model = self.model()
        if isinstance(model, LazyTableModel):
            if model.columns[section].key is None:
                return
            model.sort(section, order)

    def show_sort(self) -> None:
        """Show the model's current sort in the header without sorting again."""
        model = self.lazy_model()
        header = self.horizontalHeader()
        header.blockSignals(True)
        descending = bool(model.sort_order and model.sort_order.descending)
        header.setSortIndicator(
            model.sort_column(),
            Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    def set_widths(self, widths: list[int], samples: dict[int, list[str]] | None = None) -> None:
        """Starting widths, each wide enough for its header's title (longer in some languages
        than in English) and for the widest of its `samples` (a date: "2027. szept. 13." in
        Hungarian); what that adds is taken from the widest columns, so the columns still fit
        the window."""
        model, metrics = self.model(), self.horizontalHeader().fontMetrics()
        cells = self.fontMetrics()
        needs = [0] * len(widths)  # what each column's title and samples need
        for column in range(len(widths)):
            title = model.headerData(column, Qt.Orientation.Horizontal) if model else None
            if title:
                needs[column] = metrics.horizontalAdvance(str(title)) + 14
            for sample in (samples or {}).get(column, []):
                needs[column] = max(needs[column], cells.horizontalAdvance(sample) + 14)
        fitted = [max(width, need) for width, need in zip(widths, needs, strict=True)]
        # What that added is given back by the widest columns, none below its own need nor
        # below two thirds of its width.
        excess = sum(fitted) - sum(widths)
        for column in sorted(range(len(widths)), key=lambda c: -widths[c]):
            spare = fitted[column] - max(needs[column], widths[column] * 2 // 3)
            taken = max(0, min(excess, spare))
            fitted[column] -= taken
            excess -= taken
        for column, width in enumerate(fitted):
            self.setColumnWidth(column, width)

    # -- remembered layout ----------------------------------------------------------------
    def restore_layout(self, settings: Settings) -> bool:
        """Column widths, order and sort as last left; False when nothing was remembered."""
        saved = settings.geometry.get(f"table/{self.objectName()}")
        if not saved:
            return False
        header = self.horizontalHeader()
        header.blockSignals(True)  # the remembered sort is applied once, below
        ok = header.restoreState(QByteArray.fromBase64(saved.encode("ascii")))
        header.blockSignals(False)
        if ok:
            model = self.lazy_model()
            section = header.sortIndicatorSection()
            if 0 <= section < len(model.columns) and model.columns[section].key is not None:
                model.sort(section, header.sortIndicatorOrder())
        return ok

    def save_layout(self, settings: Settings) -> None:
        state = bytes(self.horizontalHeader().saveState().toBase64().data()).decode("ascii")
        settings.geometry[f"table/{self.objectName()}"] = state
