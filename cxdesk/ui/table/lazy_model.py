"""A table model for big tables: ids and a total from SQL, row lines fetched in blocks on demand."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

from cxdesk.core.i18n import _
from cxdesk.domain.filters import Page, Sort
from cxdesk.ui import style, tasks

L = TypeVar("L")
F = TypeVar("F")
#: A source only takes filters in: contravariant in them.
F_in = TypeVar("F_in", contravariant=True)
L_out = TypeVar("L_out", covariant=True)
AnyIndex = QModelIndex | QPersistentModelIndex

#: Ids asked for when the filter or sort changes: the first screens, and cheap (an index scan
#: that stops early, whatever the table's size). The count and the remaining ids follow off
#: the GUI thread.
FIRST_IDS = 300
#: The count starts when a view has painted the first rows (`rows_painted`), or this long after
#: the first ids when no view paints them (a tab built but hidden).
COUNT_DELAY_MS = 300
#: Lines fetched at once around the row a view asks for: a screen and a half.
BLOCK = 50
#: Lines kept in memory; the view only ever shows a few dozen.
CACHE_LINES = 5000


class Source(Protocol[F_in, L_out]):
    """Where a table's rows come from: a service answering in ids first."""

    def page(self, flt: F_in, sort: Sort | None, limit: int) -> Page: ...
    def ids(self, flt: F_in, sort: Sort | None, offset: int, limit: int) -> list[int]: ...
    def lines(self, ids: Sequence[int]) -> Mapping[int, L_out]: ...


@dataclass(frozen=True)
class Column(Generic[L]):
    """One column: its sort key in SQL (None: not sortable), title and how a line shows in it."""

    key: str | None
    title: str  # marked with N_, translated when shown
    text: Callable[[L], str]
    align_right: bool = False
    tooltip: Callable[[L], str] | None = None
    #: Extra roles (decoration, foreground, background, user roles) for this column.
    roles: Callable[[L, int], Any] | None = None


class LazyTableModel(QAbstractTableModel, Generic[F, L]):
    """Rows are ids in SQL order; a line is fetched the first time a view asks for its row."""

    #: The total changed (after a filter, sort or refresh): for "1,234 of 300,000" labels.
    totalChanged = Signal(int)  # noqa: N815 - Qt's naming for signals
    #: The first rows are shown and the count of all is still coming: "counting…" meanwhile.
    countPending = Signal()  # noqa: N815 - Qt's naming for signals

    LineRole = Qt.ItemDataRole.UserRole + 1  # the line object of a row
    UidRole = Qt.ItemDataRole.UserRole + 2

    def __init__(
        self,
        source: Source[F, L],
        columns: Sequence[Column[L]],
        flt: F,
        sort: Sort | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.columns = list(columns)
        self.filter: F = flt
        self.sort_order: Sort | None = sort
        self._total = 0
        # Ids in a machine array, not a list: a new filter drops the old filter's 300,000 ids
        # on the GUI thread, which for a list of int objects costs ~3 ms per keystroke.
        self._ids: array[int] = array("q")
        self._cache: OrderedDict[int, L] = OrderedDict()
        self._generation = 0  # bumped by every reload: answers for older ones are dropped
        self.counted = False  # whether `total` is the count of every match yet
        self.waiting = False  # whether the first ids of a new filter are still being read
        self.queries = 0  # how many id and line queries ran (tests and the bench read it)
        self._pending: tasks.Quiet | None = None  # the count waiting for the first paint

    #: Filters whose first ids are read off the GUI thread (an exchange's words: a common
    #: prefix matches so many that the search would hold up the keystroke).
    slow_filter: Callable[[Any], bool] | None = None

    # -- what a person asks for --------------------------------------------------------
    def set_filter(self, flt: F) -> None:
        self.filter = flt
        if self.slow_filter is not None and self.slow_filter(flt) and not tasks.SYNCHRONOUS:
            self._reload_in_background()
        else:
            self.reload()

    def _reload_in_background(self) -> None:
        """Read the first ids off the GUI thread; the rows on screen stay until they come."""
        self._generation += 1
        self.counted = False
        self.waiting = True
        generation, flt, order = self._generation, self.filter, self.sort_order
        first = tasks.Quiet(lambda: self.source.ids(flt, order, 0, FIRST_IDS), self)
        first.finished.connect(lambda ids: self._first_ids_in(generation, ids))
        first.start()

    def _first_ids_in(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:  # typed on meanwhile: a newer read is coming
            return
        self._show_first(ids)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        self.sort_order = Sort(key, descending=order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def sort_column(self) -> int:
        key = self.sort_order.column if self.sort_order else None
        return next((i for i, c in enumerate(self.columns) if c.key == key), -1)

    def reload(self) -> None:
        """Ask SQL again for the first ids; drop cached lines (their data may have moved).

        Counting every match and reading all their ids grows with the table and would hold
        back the first rows: the first ids show at once, the count and the other ids come from
        a background query, and the rows past the first appear then.
        """
        self._show_first(self.source.ids(self.filter, self.sort_order, 0, FIRST_IDS))

    def _show_first(self, ids: list[int]) -> None:
        """Show the first ids of the current filter; count and read the others off the thread."""
        self.waiting = False
        self.queries += 1
        self._generation += 1
        self.beginResetModel()
        self._ids = array("q", ids)
        self._total = len(ids)
        self._cache.clear()
        self.endResetModel()
        self.counted = len(ids) < FIRST_IDS
        if self.counted:
            self.totalChanged.emit(self._total)
            return
        self.countPending.emit()
        generation, flt, order, first = self._generation, self.filter, self.sort_order, len(ids)

        def rest() -> tuple[int, array[int]]:
            total = self.source.page(flt, None, 1).total
            # Made an array here: the list of int objects is freed on this thread, not the GUI's.
            return total, array("q", self.source.ids(flt, order, first, max(total - first, 0)))

        counting = tasks.Quiet(rest, self)
        counting.finished.connect(lambda answer: self._counted(generation, *answer))
        if tasks.SYNCHRONOUS:
            counting.start()
        else:
            # After the first rows are painted: the worker's Python would share the GIL with
            # the painting (and on a cold start, with the window being built).
            if self._pending is not None:  # an older filter's count, never started: not needed
                self._pending.deleteLater()
            self._pending = counting
            timer = QTimer(counting)  # goes with `counting` if the table goes first
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self._start_count(counting))
            timer.start(COUNT_DELAY_MS)

    def rows_painted(self) -> None:
        """A view has painted rows: the count waiting for that starts now."""
        if self._pending is not None:
            self._start_count(self._pending)

    def _start_count(self, counting: tasks.Quiet) -> None:
        if self._pending is counting:
            self._pending = None
            counting.start()

    def _counted(self, generation: int, total: int, rest: array[int]) -> None:
        if generation != self._generation:  # the filter changed meanwhile: a stale answer
            return
        self.queries += 2
        self.counted = True
        if len(self._ids) < total:
            self._ids.extend(rest[: total - len(self._ids)])
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        self.totalChanged.emit(self._total)

    def refresh_lines(self, uids: set[str] | frozenset[str] | None = None) -> None:
        """Lines changed but not the set of rows: fetch them again when shown."""
        if uids is None:
            self._cache.clear()
        else:
            for key in [k for k, v in self._cache.items() if getattr(v, "uid", None) in uids]:
                del self._cache[key]
        if self._total:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    # -- rows ---------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return self._total

    def _id_at(self, row: int) -> int | None:
        if row >= len(self._ids) and len(self._ids) < self._total:
            # Past the first ids: fetch every remaining id at once. One sorted query beats a
            # query per block, each of which would sort every match again to reach its offset.
            rest = self.source.ids(
                self.filter, self.sort_order, len(self._ids), self._total - len(self._ids)
            )
            self.queries += 1
            self._ids.extend(rest)
        return self._ids[row] if row < len(self._ids) else None

    def line(self, row: int) -> L | None:
        if not 0 <= row < self._total:
            return None
        row_id = self._id_at(row)
        if row_id is None:
            return None
        found = self._cache.get(row_id)
        if found is not None:
            self._cache.move_to_end(row_id)
            return found
        start = row - row % BLOCK
        wanted = [
            i
            for i in (self._id_at(r) for r in range(start, min(start + BLOCK, self._total)))
            if i is not None and i not in self._cache
        ]
        fetched = self.source.lines(wanted)
        self.queries += 1
        for key in wanted:
            if key in fetched:
                self._cache[key] = fetched[key]
        while len(self._cache) > CACHE_LINES:
            self._cache.popitem(last=False)
        return self._cache.get(row_id)

    def all_ids(self) -> list[int]:
        """Every id of the filter, in the table's order (the rest read now if not yet in)."""
        if self._total:
            self._id_at(self._total - 1)
        return list(self._ids[: self._total])

    def row_of_id(self, row_id: int) -> int:
        """The row of a record id among the ids fetched so far; -1 when not among them."""
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def row_of_uid(self, uid: str) -> int:
        """The row of a uid among the rows fetched so far; -1 when not (yet) known."""
        for row_id, line in self._cache.items():
            if getattr(line, "uid", None) == uid:
                try:
                    return self._ids.index(row_id)
                except ValueError:
                    return -1
        return -1

    # -- QAbstractTableModel ----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        # A view asks each cell for eight roles or so; answer the unused ones before any look-up.
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.align_right else _LEFT
        if role not in _LINE_ROLES and column.roles is None:
            return None
        line = self.line(index.row())
        if line is None:
            return _("…") if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(line)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(line) if column.tooltip else column.text(line)
        if role == self.LineRole:
            return line
        if role == self.UidRole:
            return getattr(line, "uid", None)
        if column.roles is not None:
            value = column.roles(line, role)
            if role == Qt.ItemDataRole.ForegroundRole and value is not None:
                return _readable(value, column.roles(line, Qt.ItemDataRole.BackgroundRole))
            return value
        return None


def _readable(foreground: Any, background: Any) -> QColor:
    """A cell's own text colour (muted, late …) kept readable on its row: the cell's own
    background, else the palette's rows (a dark or high-contrast palette lightens it)."""
    colour = QColor(foreground.color() if isinstance(foreground, QBrush) else foreground)
    if background is not None:
        behind = [QColor(background.color() if isinstance(background, QBrush) else background)]
    else:
        palette = QGuiApplication.palette()
        behind = [
            palette.color(QPalette.ColorRole.Base),
            palette.color(QPalette.ColorRole.AlternateBase),
        ]
    return style.readable(colour, *behind)


_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_LINE_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        LazyTableModel.LineRole,
        LazyTableModel.UidRole,
    }
)
