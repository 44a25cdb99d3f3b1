"""The payment dialogs (Due → Pay…, Confirm SEPA batch): a refusal stays in sight, OK undoable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from cxdesk.services import closing
from cxdesk.ui.tabs.due.tab import DueTab

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def due(window: Any) -> Iterator[DueTab]:
    window.show_tab("due")
    tab = window.current_tab()
    assert isinstance(tab, DueTab)
    yield tab
    window.context.undo_stack.clear()  # before the window goes (see test_due_tab.py)


def _open_pay(tab: DueTab, qtbot: Any) -> Any:
    row = next(
        r for r, item in enumerate(tab.items) if item.kind == "payment" and item.uid is not None
    )
    qtbot.mouseClick(tab.buttons_of(row)["pay"], Qt.MouseButton.LeftButton)
    dialog = tab.pay_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_refused_payment_says_why_and_the_dialog_stays_open(
    window: Any, due: DueTab, qtbot: Any
) -> None:
    dialog = _open_pay(due, qtbot)
    assert not dialog.error.isVisible()
    # Another desk records the payment while the dialog is open.
    closing.pay(window.context.db, dialog.item.uid)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == f"{dialog.item.reference} is paid already."


def test_a_payment_is_undone_by_its_name(window: Any, due: DueTab, qtbot: Any) -> None:
    dialog = _open_pay(due, qtbot)
    reference = dialog.item.reference
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    assert window.context.undo_stack.undoText() == f"Pay {reference}"
    assert reference not in [i.reference for i in due.items]


def test_confirming_a_batch_is_undone_by_its_name(window: Any, due: DueTab, qtbot: Any) -> None:
    row = next(r for r, item in enumerate(due.items) if item.uid is None)
    number = due.items[row].reference
    qtbot.mouseClick(due.buttons_of(row)["confirm"], Qt.MouseButton.LeftButton)
    dialog = due.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "Confirm paid"
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible(), dialog.error.text()
    assert window.context.undo_stack.undoText() == f"Confirm SEPA batch {number}"
