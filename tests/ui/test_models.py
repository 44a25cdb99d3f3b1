"""Every item model passes Qt's model tester; the lazy model fetches ids and lines as promised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from cxdesk.core.i18n import N_
from cxdesk.domain.filters import Page, Sort
from cxdesk.ui import tasks
from cxdesk.ui.table import lazy_model as lazymodel
from cxdesk.ui.table.lazy_model import Column, LazyTableModel


@dataclass(frozen=True)
class Line:
    id: int
    uid: str
    name: str


class FakeSource:
    """A table of `size` rows, counting what the model asks for."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.asked_ids: list[tuple[int, int]] = []
        self.asked_lines: list[int] = []

    def _all(self, flt: str, sort: Sort | None) -> list[int]:
        ids = [i for i in range(1, self.size + 1) if flt in f"row {i}"]
        return list(reversed(ids)) if sort and sort.descending else ids

    def page(self, flt: str, sort: Sort | None, limit: int) -> Page:
        ids = self._all(flt, sort)
        return Page(total=len(ids), ids=ids[:limit])

    def ids(self, flt: str, sort: Sort | None, offset: int, limit: int) -> list[int]:
        self.asked_ids.append((offset, limit))
        return self._all(flt, sort)[offset : offset + limit]

    def lines(self, ids: Sequence[int]) -> dict[int, Line]:
        self.asked_lines.extend(ids)
        return {i: Line(i, f"uid-{i}", f"row {i}") for i in ids}


COLUMNS = [
    Column("name", N_("Name"), lambda x: x.name),
    Column(None, N_("Id"), lambda x: str(x.id)),
]


def test_lazy_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = LazyTableModel(FakeSource(250), COLUMNS, "")
    model.reload()
    qtmodeltester.check(model)


def test_lines_come_in_blocks_and_the_cache_is_bounded(monkeypatch: Any) -> None:
    monkeypatch.setattr(lazymodel, "CACHE_LINES", 300)
    source = FakeSource(10_000)
    model = LazyTableModel(source, COLUMNS, "")
    model.reload()
    assert model.rowCount() == 10_000
    assert model.data(model.index(5, 0)) == "row 6"
    assert len(source.asked_lines) == lazymodel.BLOCK  # one block around the row, not one line
    model.data(model.index(lazymodel.BLOCK - 1, 0))
    assert len(source.asked_lines) == lazymodel.BLOCK  # already there
    for row in range(0, 1000, 50):
        model.data(model.index(row, 0))
    assert len(model._cache) <= 300


def test_the_other_ids_come_with_the_count_once() -> None:
    source = FakeSource(lazymodel.FIRST_IDS + 500)
    model = LazyTableModel(source, COLUMNS, "")
    model.reload()  # the count and the other ids run at once in tests (tasks.SYNCHRONOUS)
    assert source.asked_ids == [(0, lazymodel.FIRST_IDS), (lazymodel.FIRST_IDS, 500)]
    assert model.rowCount() == lazymodel.FIRST_IDS + 500
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) == f"row {last + 1}"
    model.data(model.index(last - 3, 0))
    assert len(source.asked_ids) == 2  # scrolling asks for lines, never for ids again


def test_filter_and_sort_ask_again() -> None:
    source = FakeSource(100)
    model = LazyTableModel(source, COLUMNS, "")
    model.reload()
    model.set_filter("row 1")
    assert model.rowCount() == 12  # 1, 10-19, 100
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "row 100"
    model.sort(1, Qt.SortOrder.AscendingOrder)  # not sortable: nothing changes
    assert model.data(model.index(0, 0)) == "row 100"


def test_window_models_pass_the_model_tester(window: Any, qtmodeltester: Any) -> None:
    members = window.members
    members.select_first()
    qtmodeltester.check(members.model)
    qtmodeltester.check(members.pane.people.model())
    qtmodeltester.check(members.pane.exchanges.model())
    window.show_tab("exchanges")
    window.exchanges.select_first()
    qtmodeltester.check(window.exchanges.model)


def test_picker_model_passes_the_model_tester(window: Any, qtmodeltester: Any) -> None:
    editor = window.exchanges.new_exchange()
    assert editor.visitor.choose_first("a")
    qtmodeltester.check(editor.visitor.choices)
    editor.reject()


def test_the_count_comes_from_a_background_thread(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(tasks, "SYNCHRONOUS", False)
    source = FakeSource(lazymodel.FIRST_IDS * 3)
    model = LazyTableModel(source, COLUMNS, "")
    model.reload()
    assert model.rowCount() == lazymodel.FIRST_IDS  # the first rows, at once
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        pass
    assert model.counted and model.rowCount() == lazymodel.FIRST_IDS * 3
    assert model.data(model.index(model.rowCount() - 1, 0)) == f"row {lazymodel.FIRST_IDS * 3}"


def test_a_stale_count_is_dropped(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(tasks, "SYNCHRONOUS", False)
    source = FakeSource(lazymodel.FIRST_IDS * 3)
    model = LazyTableModel(source, COLUMNS, "")
    model.reload()
    model.set_filter("row 1")  # before the first count answers
    qtbot.waitUntil(lambda: model.counted, timeout=5000)
    expected = len([i for i in range(1, lazymodel.FIRST_IDS * 3 + 1) if "row 1" in f"row {i}"])
    qtbot.wait(50)
    assert model.rowCount() == expected
