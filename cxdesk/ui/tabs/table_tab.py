"""What the Members and Exchanges tabs share: filter bar, big table, pane, remembered layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from cxdesk.core.i18n import _, format_number
from cxdesk.core.progress import Progress
from cxdesk.core.settings import Settings
from cxdesk.domain.records import Change
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import subtitle
from cxdesk.ui.table.filter_bar import FilterBar
from cxdesk.ui.table.lazy_model import LazyTableModel
from cxdesk.ui.table.view import BigTableView

#: Rows read at once when a view is printed.
VIEW_BLOCK = 500
#: Reads a view's rows, telling `progress` as it goes (it may say stop).
RowReader = Callable[[Progress], list[list[str]]]


class TableTab(QWidget):
    """A filtered big table on the left, the selected record's pane on the right."""

    #: The tables whose change means the rows must be asked for again.
    ROW_TABLES: frozenset[str] = frozenset()
    #: The tables whose change means the pane must be shown again.
    PANE_TABLES: frozenset[str] = frozenset()
    #: Pane beside the table (Horizontal) or below it (Vertical: a wide table keeps its columns).
    ORIENTATION = Qt.Orientation.Horizontal
    name = ""

    # -- the Tab protocol (ui.tabs.base) ----------------------------------------------------
    open_exchange_requested = Signal(str)
    selection_changed = Signal()
    prints_view = True

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False
        self.selected_uid = ""
        # Children are made inside their final parents: moving a made widget into a splitter
        # polishes its whole subtree again, which would be most of the cost of making the tab.
        self.splitter = QSplitter(self.ORIENTATION, self)
        self.splitter.setObjectName(f"{self.name}-splitter")
        self.splitter.setChildrenCollapsible(False)
        left = QWidget(self.splitter)
        self.filter_bar = self.make_filter_bar(left)
        self.model: LazyTableModel[Any, Any] = self.make_model()
        self.table = BigTableView(self.name, self.table_name(), left)
        self.table.setModel(self.model)
        self.count = QLabel(left)
        subtitle(self.count)
        self.count.setAccessibleName(_("Number of rows"))
        self.pane = self.make_pane(self.splitter)

        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)  # under the table: the filter row needs the width
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

        self.filter_bar.changed.connect(self.apply_filter)
        self.filter_bar.text.returnPressed.connect(self.filter_bar.flush)
        self.model.totalChanged.connect(self._show_total)
        # The first rows show before every match is counted: say so rather than a stale number.
        self.model.countPending.connect(lambda: self.count.setText(_("Counting…")))
        self.model.modelReset.connect(self._after_reset)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Enter or a double click (the platform decides which activates a row): the editor.
        self.table.activated.connect(lambda _index: self.edit_selected())

    # -- to be given by each tab --------------------------------------------------------------
    def make_filter_bar(self, parent: QWidget) -> FilterBar:
        raise NotImplementedError

    def make_model(self) -> LazyTableModel[Any, Any]:
        raise NotImplementedError

    def make_pane(self, parent: QWidget) -> QWidget:
        raise NotImplementedError

    def table_name(self) -> str:
        raise NotImplementedError

    def current_filter(self) -> Any:
        raise NotImplementedError

    def show_selected(self, uid: str) -> None:
        """Fill the pane with the record; an empty uid clears it."""
        raise NotImplementedError

    def edit_selected(self) -> None:
        """Open the editor on the selected record."""

    # -- loading ------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        """Ask SQL for the rows the first time the tab is seen, not when the window is built."""
        if self.loaded:
            return
        self.loaded = True
        self.model.filter = self.current_filter()
        if not self.table.restore_layout(self.settings()):
            self.model.reload()
            self.default_widths()
        self.table.show_sort()

    def settings(self) -> Settings:
        window = self.window()
        found = getattr(window, "settings", None)
        return found if isinstance(found, Settings) else Settings()

    def default_widths(self) -> None:
        """Column widths the first time, before the person sets their own."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.ensure_loaded()
        super().showEvent(event)

    def apply_filter(self) -> None:
        if self.loaded:
            self.model.set_filter(self.current_filter())
        else:
            self.model.filter = self.current_filter()

    def refresh(self, change: Change) -> None:
        """Ask again for what the change touched, and only that."""
        if not self.loaded:
            return
        if change.tables & self.ROW_TABLES:
            self.model.reload()
        if self.selected_uid and change.tables & self.PANE_TABLES:
            self.show_selected(self.selected_uid)

    # -- selection ----------------------------------------------------------------------------
    def _show_total(self, total: int) -> None:
        self.count.setText(self.count_text(total).format(n=format_number(total)))

    def count_text(self, total: int) -> str:
        """ "{n} organisations" in the language, for the label under the table (each tab's own:
        a literal ngettext, so that babel extracts the plural)."""
        raise NotImplementedError

    def _after_reset(self) -> None:
        # Keep the selected record selected when it is still among the rows.
        if not self.selected_uid:
            return
        line_id = getattr(self._selected_line, "id", None)
        row = self.model.row_of_id(line_id) if line_id is not None else -1
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)

    _selected_line: object = None

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        line = self.model.line(indexes[0].row())
        if line is None:
            return
        self._selected_line = line
        self.selected_uid = str(getattr(line, "uid", ""))
        self.show_selected(self.selected_uid)
        self.selection_changed.emit()

    def selected_uids(self) -> list[str]:
        """The records of the selected rows, top to bottom."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        lines = (self.model.line(row) for row in rows)
        return [str(getattr(line, "uid", "")) for line in lines if line is not None]

    def view_rows(self) -> tuple[list[str], RowReader]:
        """The columns as shown (order, hidden ones left out), and how to read every row of
        the filter: `rows(progress)` reads them in blocks, off the GUI thread when handed to a
        task (the ids are taken now, so the rows are those on screen)."""
        header = self.table.horizontalHeader()
        shown = [
            header.logicalIndex(visual)
            for visual in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(visual))
        ]
        titles = [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in shown]
        columns = [self.model.columns[c] for c in shown]
        ids = self.model.all_ids()
        source = self.model.source

        def rows(progress: Progress) -> list[list[str]]:
            found: list[list[str]] = []
            for start in range(0, len(ids), VIEW_BLOCK):
                if not progress(_("Print this view"), start, len(ids)):
                    break
                block = ids[start : start + VIEW_BLOCK]
                lines = source.lines(block)
                found += [[c.text(lines[i]) for c in columns] for i in block if i in lines]
            return found

        return titles, rows

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def select_first(self) -> None:
        self.ensure_loaded()
        self.select_row(0)

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()

    # -- remembered layout ---------------------------------------------------------------------
    def save_layout(self, settings: Settings) -> None:
        if self.loaded:
            self.table.save_layout(settings)
        state = bytes(self.splitter.saveState().toBase64().data()).decode("ascii")
        settings.geometry[f"splitter/{self.name}"] = state

    def restore_splitter(self, settings: Settings) -> None:
        saved = settings.geometry.get(f"splitter/{self.name}")
        if saved:
            self.splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))

    def default_split(self, width: int, height: int) -> None:
        """The table about two thirds, the pane the rest: enough for the pane's sentences."""
        if self.ORIENTATION is Qt.Orientation.Horizontal:
            self.splitter.setSizes([width * 16 // 25, width * 9 // 25])
        else:
            self.splitter.setSizes([height * 11 // 20, height * 9 // 20])
