"""The Calendar tab: spans of a month, keyboard and click open, holidays shaded, clashes, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from cxdesk.domain.records import Change
from cxdesk.services.calendar import calendar_view, month_grid
from cxdesk.ui.context import UiContext
from cxdesk.ui.tabs.calendar.tab import CalendarTab
from cxdesk.ui.tabs.calendar.view import HEADER_H
from tests.services.test_calendar import add_exchange, host_in, visitor_from_elsewhere
from tests.services.test_ical import parse

# Showing a window on the offscreen platform says this once per window; it is harmless.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def tab(qtbot: Any, demo_db: Any) -> CalendarTab:
    context = UiContext(demo_db)
    widget = CalendarTab(context)
    qtbot.addWidget(widget)
    context.changed.connect(widget.refresh)  # what the main window does
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def busiest_month(db: Any) -> date:
    months = [date(year, month, 1) for year in (2025, 2026) for month in range(1, 13)]
    return max(months, key=lambda m: len(calendar_view(db, *month_grid(m)).spans))


def three_at_once(db: Any) -> list[str]:
    """Three exchanges in the first week of March 2026, one above the other."""
    host = host_in(db, "FR")
    uids = []
    for start in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)):
        visitor, _org = visitor_from_elsewhere(db, "FR")
        uids.append(add_exchange(db, visitor, host, start, date(2026, 3, 6)).uid)
    return uids


def test_the_month_shows_a_bar_for_every_exchange(tab: CalendarTab, demo_db: Any) -> None:
    month = busiest_month(demo_db)
    tab.go_to(month, "month")
    expected = {s.uid for s in calendar_view(demo_db, *month_grid(month)).spans}
    assert len(expected) >= 4
    assert {s.uid for s in tab.canvas.view.spans} == expected  # type: ignore[union-attr]
    drawn = {uid for uid, _rect in tab.canvas.bars()}
    assert drawn <= expected
    for span in tab.canvas.view.spans:  # type: ignore[union-attr]
        if span.uid not in drawn:  # in a lane below the cell's bottom: counted in "+ n more"
            assert tab.canvas.hidden_on(max(span.start_date, month_grid(month)[0])) > 0
    tab.set_mode("week")
    tab.resize(1280, 2000)  # a week's lanes all show (the scroll area scrolls them)
    week = {s.uid for s in tab.canvas.view.spans}  # type: ignore[union-attr]
    assert {uid for uid, _rect in tab.canvas.bars()} == week
    tab.set_mode("month")
    assert str(month.year) in tab.title.text()
    assert f"{len(expected)} exchanges" in tab.summary.text()


def test_navigation_moves_by_month_and_week(tab: CalendarTab) -> None:
    tab.go_to(date(2026, 1, 15), "month")
    tab.next_button.click()
    assert tab.page() == month_grid(date(2026, 2, 15))
    tab.week_button.click()
    assert tab.mode == "week"
    start, end = tab.page()
    assert (end - start).days == 6 and start.weekday() == 0
    tab.previous_button.click()
    assert tab.page()[0] == date(2026, 2, 2)
    tab.today_button.click()
    assert tab.page()[0] <= tab.today <= tab.page()[1]


def test_click_and_enter_open_the_exchange(tab: CalendarTab, qtbot: Any, demo_db: Any) -> None:
    three_at_once(demo_db)
    tab.go_to(date(2026, 3, 2), "month")
    uid, rect = tab.canvas.bars()[0]
    with qtbot.waitSignal(tab.open_exchange_requested) as blocker:
        qtbot.mouseClick(tab.canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert blocker.args == [uid]

    tab.canvas.setFocus()
    qtbot.keyClick(tab.canvas, Qt.Key.Key_Home)
    qtbot.keyClick(tab.canvas, Qt.Key.Key_Right)
    second = tab.canvas.bars()[1][0]
    assert tab.canvas.selected_uid == second
    qtbot.keyClick(tab.canvas, Qt.Key.Key_Down)
    assert tab.canvas.selected_uid != second
    with qtbot.waitSignal(tab.open_exchange_requested) as blocker:
        qtbot.keyClick(tab.canvas, Qt.Key.Key_Return)
    assert blocker.args == [tab.canvas.selected_uid]


def test_the_view_is_reached_with_tab(tab: CalendarTab, qtbot: Any, demo_db: Any) -> None:
    tab.go_to(busiest_month(demo_db), "month")
    tab.export_button.setFocus()
    qtbot.keyClick(tab.export_button, Qt.Key.Key_Tab)
    assert tab.canvas.hasFocus()
    assert tab.canvas.selected_uid == tab.canvas.bars()[0][0]


def test_host_holidays_are_shaded_on_their_days(tab: CalendarTab, demo_db: Any) -> None:
    visitor, _org = visitor_from_elsewhere(demo_db, "DE")
    add_exchange(demo_db, visitor, host_in(demo_db, "DE"), date(2026, 4, 1), date(2026, 4, 10))
    tab.country_box.setCurrentIndex(tab.country_box.findData("DE"))
    tab.go_to(date(2026, 4, 1), "month")
    easter_monday = tab.canvas.cell_rect(date(2026, 4, 6))
    tip = tab.canvas.tooltip_at(
        QPoint(int(easter_monday.center().x()), int(easter_monday.top()) + 5)
    )
    assert "Easter Monday" in tip and "Germany" in tip
    plain = tab.canvas.cell_rect(date(2026, 4, 7))
    assert tab.canvas.tooltip_at(QPoint(int(plain.center().x()), int(plain.top()) + 5)) == ""
    image = tab.canvas.grab().toImage()
    shaded = image.pixelColor(int(easter_monday.right()) - 4, int(easter_monday.bottom()) - 4)
    white = image.pixelColor(int(plain.right()) - 4, int(plain.bottom()) - 4)
    assert shaded != white
    assert shaded.name() == "#fff1d6"


def test_a_clash_is_outlined_and_listed(tab: CalendarTab, demo_db: Any, qtbot: Any) -> None:
    visitor, _org = visitor_from_elsewhere(demo_db, "FR")
    host = host_in(demo_db, "FR")
    first = add_exchange(demo_db, visitor, host, date(2026, 6, 1), date(2026, 6, 12))
    second = add_exchange(demo_db, visitor, host, date(2026, 6, 10), date(2026, 6, 19))
    tab.go_to(date(2026, 6, 1), "month")
    texts = [tab.clash_list.item(i).text() for i in range(tab.clash_list.count())]
    assert any(first.reference in t and second.reference in t for t in texts)
    assert tab.clash_list.isVisible()
    assert {first.uid, second.uid} <= tab.canvas.view.clashing_uids  # type: ignore[union-attr]
    rect = dict(tab.canvas.bars())[first.uid]
    image = tab.canvas.grab().toImage()
    edge = image.pixelColor(int(rect.center().x()), int(rect.top()) + 1)
    assert edge.red() > 150 and edge.green() < 110  # the red outline
    assert second.reference in tab.canvas.span_tooltip(
        next(s for s in tab.canvas.view.spans if s.uid == first.uid)  # type: ignore[union-attr]
    )
    tab.clash_list.setCurrentRow(0)
    with qtbot.waitSignal(tab.open_exchange_requested):
        tab.clash_list.itemActivated.emit(tab.clash_list.item(0))


def test_filters_and_refresh(tab: CalendarTab, demo_db: Any) -> None:
    month = busiest_month(demo_db)
    tab.go_to(month, "month")
    every = len(tab.canvas.view.spans)  # type: ignore[union-attr]
    tab.status_box.setCurrentIndex(tab.status_box.findData("paid"))
    paid = tab.canvas.view.spans  # type: ignore[union-attr]
    assert paid and all(s.status == "paid" for s in paid) and len(paid) < every
    tab.status_box.setCurrentIndex(0)
    visitor, _org = visitor_from_elsewhere(demo_db, "FR")
    added = add_exchange(
        demo_db, visitor, host_in(demo_db, "FR"), month.replace(day=15), month.replace(day=19)
    )
    tab.refresh(Change(frozenset({"payments"})))  # not the calendar's business
    assert added.uid not in {s.uid for s in tab.canvas.view.spans}  # type: ignore[union-attr]
    tab.context.announce(Change(frozenset({"exchanges"}), frozenset({added.uid})))
    assert added.uid in {s.uid for s in tab.canvas.view.spans}  # type: ignore[union-attr]


def test_export_writes_the_shown_exchanges(
    tab: CalendarTab, tmp_path: Path, qtbot: Any, demo_db: Any
) -> None:
    tab.go_to(busiest_month(demo_db), "month")
    with qtbot.waitSignal(tab.context.status) as blocker:
        count = tab.export_ical(tmp_path / "december")
    assert "exported" in blocker.args[0]
    events = parse((tmp_path / "december.ics").read_bytes().decode("utf-8"))
    assert count == len(events) == len(tab.canvas.view.spans)  # type: ignore[union-attr]
    shown = tab.canvas.view.spans  # type: ignore[union-attr]
    assert {e["UID"] for e in events} == {f"{s.uid}@cxdesk" for s in shown}


def test_a_crowded_day_offers_the_week(tab: CalendarTab, demo_db: Any) -> None:
    visitor_host = host_in(demo_db, "FR")
    for _ in range(12):
        visitor, _org = visitor_from_elsewhere(demo_db, "FR")
        add_exchange(demo_db, visitor, visitor_host, date(2026, 3, 2), date(2026, 3, 6))
    tab.resize(1280, 600)
    tab.go_to(date(2026, 3, 2), "month")
    assert tab.canvas.hidden_on(date(2026, 3, 3)) > 0
    tab.canvas.more_requested.emit(date(2026, 3, 3))
    assert tab.mode == "week"
    assert tab.canvas.hidden_on(date(2026, 3, 3)) == 0
    assert len(tab.canvas.bars()) >= 12
    assert tab.canvas.minimumSizeHint().height() > HEADER_H + 12 * 20
