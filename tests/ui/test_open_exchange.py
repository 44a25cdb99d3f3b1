"""Every tab's "open this exchange" reaches the Exchanges tab: a click on the calendar, the
Funding tab's Open exchange button, an exchange in a member's pane (the Tab protocol's wiring)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from cxdesk.db.store import Store
from tests.ui.test_calendar_tab import three_at_once

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _shown_in_exchanges(window: Any, uid: str) -> None:
    assert window.current_tab_name() == "exchanges"
    tab = window.exchanges
    assert tab.selected_uid == uid
    detail = tab.exchange_pane.detail
    assert detail is not None and detail.exchange.uid == uid
    assert tab.exchange_pane.title.text() == detail.exchange.reference


def test_a_double_click_on_the_calendar_opens_the_exchange(window: Any, qtbot: Any) -> None:
    three_at_once(window.context.db)
    window.show_tab("calendar")
    calendar = window.current_tab()
    calendar.go_to(date(2026, 3, 2), "month")
    uid, rect = calendar.canvas.bars()[0]
    qtbot.mouseDClick(calendar.canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(lambda: window.current_tab_name() == "exchanges", timeout=5_000)
    _shown_in_exchanges(window, uid)


def test_the_funding_open_button_opens_the_exchange(window: Any, qtbot: Any) -> None:
    window.show_tab("funding")
    funding = window.current_tab()
    qtbot.waitUntil(lambda: funding.due_model.rowCount() > 0, timeout=10_000)
    funding.due_view.selectRow(0)
    uid = funding.due_model.line(0).uid
    assert funding.open_button.isEnabled()
    qtbot.mouseClick(funding.open_button, Qt.MouseButton.LeftButton)
    _shown_in_exchanges(window, uid)


def test_an_exchange_in_a_members_pane_opens_in_its_tab(window: Any, qtbot: Any) -> None:
    with window.context.db.unit() as session:
        host = Store(session).all_live("exchanges")[0].host_organisation_uid
    members = window.members
    members.show_selected(host)
    table = members.pane.exchanges
    assert table.rowCount() > 0
    item = table.item(0, 0)
    uid = str(item.data(Qt.ItemDataRole.UserRole))
    table.setCurrentItem(item)
    table.doubleClicked.emit(table.indexFromItem(item))  # the pane's table, double-clicked
    _shown_in_exchanges(window, uid)
