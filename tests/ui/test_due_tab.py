"""The Due tab as the coordinator meets it each morning: what is due, soonest first, badged by
kind, late ones in the warning colour, each row's step one click away."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cxdesk.core.clock import today_utc
from cxdesk.domain.codes import BatchStatus
from cxdesk.services import sepa
from cxdesk.services.due import due_items
from cxdesk.ui.style import WARN
from cxdesk.ui.tabs.due.tab import KIND, REFERENCE, WHEN, DueTab
from tests.ui.test_open_exchange import _shown_in_exchanges

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

KIND_WORDS = {"signature": "Signatures", "visit": "Visit", "report": "Report", "payment": "Payment"}


@pytest.fixture
def window(window: Any) -> Iterator[Any]:
    yield window
    # The window outlives the test until the process ends: an undo stack left full then
    # tells the deleted window its state (the stack's destructor clears it).
    window.context.undo_stack.clear()


def _due_tab(window: Any) -> DueTab:
    window.show_tab("due")
    tab = window.current_tab()
    assert isinstance(tab, DueTab)
    return tab


def _row_of(tab: DueTab, reference: str) -> int:
    return next(r for r, item in enumerate(tab.items) if item.reference == reference)


def _title(window: Any) -> str:
    return str(window.tabs.tabText(window.tabs.indexOf(window.tab_widgets["due"])))


def test_the_items_are_listed_soonest_first_with_their_badges(window: Any) -> None:
    tab = _due_tab(window)
    expected = due_items(window.context.db, today_utc())
    assert expected, "the demo has things due"
    shown = [tab.table.item(row, REFERENCE).text() for row in range(tab.table.rowCount())]
    assert shown == [item.reference for item in expected]
    days = [item.due_on for item in tab.items]
    assert days == sorted(days)
    kinds = set()
    for row, item in enumerate(expected):
        assert tab.table.item(row, KIND).text() == KIND_WORDS[item.kind]
        kinds.add(item.kind)
        when = tab.table.item(row, WHEN)
        if item.days_left < 0:
            assert when.text().startswith("Late by")
            assert when.foreground().color() == QColor(WARN)
        else:
            assert not when.text().startswith("Late")
            assert when.foreground().color() != QColor(WARN)
    assert {"signature", "report", "payment"} <= kinds
    assert _title(window) == f"Due ({len(expected)})"


def test_open_selects_the_exchange_in_the_exchanges_tab(window: Any, qtbot: Any) -> None:
    tab = _due_tab(window)
    row = next(r for r, item in enumerate(tab.items) if item.kind == "signature")
    uid = tab.items[row].uid
    assert uid is not None
    qtbot.mouseClick(tab.buttons_of(row)["open"], Qt.MouseButton.LeftButton)
    _shown_in_exchanges(window, uid)


def test_each_kind_has_its_step(window: Any) -> None:
    tab = _due_tab(window)
    for row, item in enumerate(tab.items):
        steps = set(tab.buttons_of(row))
        if item.uid is None:
            assert steps == {"confirm"}  # a SEPA batch
        elif item.kind == "payment":
            assert steps == {"open", "pay"}
        elif item.kind == "report":
            assert steps == {"open", "validate"}
        else:
            assert steps == {"open"}


def test_pay_records_the_payment_and_the_item_goes(window: Any, qtbot: Any) -> None:
    tab = _due_tab(window)
    row = next(
        r for r, item in enumerate(tab.items) if item.kind == "payment" and item.uid is not None
    )
    item = tab.items[row]
    before = len(tab.items)
    qtbot.mouseClick(tab.buttons_of(row)["pay"], Qt.MouseButton.LeftButton)
    dialog = tab.pay_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.bank_reference, "TRF-42")
    dialog.accept()
    assert not dialog.isVisible()
    assert item.reference not in [i.reference for i in tab.items]
    assert len(tab.items) == before - 1
    assert _title(window) == f"Due ({before - 1})"
    # Undo puts it back, and the tab reads it again from the change.
    window.undo()
    assert item.reference in [i.reference for i in tab.items]


def test_confirm_batch_pays_its_exchanges(window: Any, qtbot: Any) -> None:
    tab = _due_tab(window)
    row = next(r for r, item in enumerate(tab.items) if item.uid is None)
    number = tab.items[row].reference
    qtbot.mouseClick(tab.buttons_of(row)["confirm"], Qt.MouseButton.LeftButton)
    dialog = tab.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.bank_reference, "BANK-7")
    dialog.accept()
    confirmed = {b.number: b for b in sepa.batches(window.context.db)}[number]
    assert confirmed.status is BatchStatus.CONFIRMED
    assert confirmed.bank_reference == "BANK-7"
    assert number not in [i.reference for i in tab.items]


def test_a_new_day_reads_the_items_again(window: Any) -> None:
    tab = _due_tab(window)
    late_before = sum(1 for item in tab.items if item.days_left < 0)
    later = today_utc() + timedelta(days=400)
    tab.clock = lambda: later
    tab.midnight.timeout.emit()  # what midnight does
    assert tab.read_on == later
    assert all(item.days_left == (item.due_on - later).days for item in tab.items)
    assert sum(1 for item in tab.items if item.days_left < 0) > late_before


def test_hidden_it_still_counts_after_a_change(window: Any) -> None:
    tab = _due_tab(window)
    window.show_tab("members")
    count = len(tab.items)
    batch = sepa.open_batches(window.context.db)[0]
    from cxdesk.ui import undo

    undo.record(window.context, "cancel", sepa.cancel_batch(window.context.db, batch.number))
    # The cancelled batch's payment is due again on its own; the batch line is gone.
    assert batch.number not in [i.reference for i in tab.items]
    assert len(tab.items) == count
    assert _title(window) == f"Due ({count})"


def test_nothing_due_says_so(qtbot: Any, empty_db: Any) -> None:
    from cxdesk.ui.context import UiContext

    tab = DueTab(UiContext(empty_db))
    qtbot.addWidget(tab)
    tab.clock = lambda: date(2026, 11, 28)
    tab.reload()
    assert tab.table.rowCount() == 0
    assert tab.summary.text().startswith("Nothing is due")
