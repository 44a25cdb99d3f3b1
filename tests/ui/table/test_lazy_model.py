"""The lazy model's ids held as an array: every row past the first ids shows, in order."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cxdesk.ui.table.lazy_model import FIRST_IDS, LazyTableModel
from tests.ui.test_models import COLUMNS, FakeSource


def test_rows_past_the_first_ids_show_after_a_filter_and_back() -> None:
    size = FIRST_IDS * 4
    model = LazyTableModel(FakeSource(size), COLUMNS, "")
    model.reload()  # the count and the other ids run at once in tests (tasks.SYNCHRONOUS)
    model.set_filter("row 1")  # 1, 10-19, 100-199, 1000-1200
    assert model.rowCount() == 1 + 10 + 100 + 201
    assert model.data(model.index(model.rowCount() - 1, 0)) == "row 1200"
    model.set_filter("")
    assert model.rowCount() == size
    last = model.index(size - 1, 0)
    assert model.data(last) == f"row {size}"
    assert model.data(last, Qt.ItemDataRole.ToolTipRole) == f"row {size}"
    assert model.row_of_id(size - 1) == size - 2
    assert model.all_ids() == list(range(1, size + 1))


def test_a_descending_sort_reads_every_row_in_reverse() -> None:
    model = LazyTableModel(FakeSource(FIRST_IDS + 7), COLUMNS, "")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    texts = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert texts == [f"row {i}" for i in range(FIRST_IDS + 7, 0, -1)]
