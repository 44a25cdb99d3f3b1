"""A table model for big tables: ids and a total from SQL, row lines fetched in blocks on demand."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from cxdesk.core.i18n import _
from cxdesk.domain.filters import Page, Sort

L = TypeVar("L")
F = TypeVar("F")
AnyIndex = QModelIndex | QPersistentModelIndex

#: Ids asked for when the filter or sort changes: enough for the first screens, and cheap
#: (an index scan that stops early) even on 300,000 rows. The rest come in one query when a
#: person scrolls past them.
FIRST_IDS = 2000
#: Lines fetched at once around the row a view asks for.
BLOCK = 100
#: Lines kept in memory; the view only ever shows a few dozen.
CACHE_LINES = 5000


class Source(Protocol[F, L]):
    """Where a table's rows come from: a service answering in ids first."""

    def page(self, flt: F, sort: Sort | None, limit: int) -> Page: ...
    def ids(self, flt: F, sort: Sort | None, offset: int, limit: int) -> list[int]: ...
    def lines(self, ids: Sequence[int]) -> dict[int, L]: ...


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
        self._ids: list[int] = []
        self._cache: OrderedDict[int, L] = OrderedDict()
        self.queries = 0  # how many id and line queries ran (tests and the bench read it)

    # -- what a person asks for --------------------------------------------------------
    def set_filter(self, flt: F) -> None:
        self.filter = flt
        self.reload()

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
        """Ask SQL again for ids and the total; drop cached lines (their data may have moved)."""
        page = self.source.page(self.filter, self.sort_order, FIRST_IDS)
        self.queries += 1
        self.beginResetModel()
        self._total = page.total
        self._ids = list(page.ids)
        self._cache.clear()
        self.endResetModel()
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
            # Past the first ids: fetch every remaining id at once. One sorted query (0.8 s
            # for 300,000 organisations) beats a query per block, each re-sorting to its offset.
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
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        line = self.line(index.row())
        if line is None:
            return _("…") if role == Qt.ItemDataRole.DisplayRole else None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(line)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(line) if column.tooltip else column.text(line)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == self.LineRole:
            return line
        if role == self.UidRole:
            return getattr(line, "uid", None)
        if column.roles is not None:
            return column.roles(line, role)
        return None
