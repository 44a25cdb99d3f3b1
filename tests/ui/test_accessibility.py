"""Every widget a person can reach has an accessible name: the window, each tab, the dialogs.

The walk is generic: it visits whatever widgets the window and its dialogs hold when shown, so a
section or tab added later is checked without a change here.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.ui import accessibility
from cxdesk.ui.dialogs.guide import open_guide

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _path(widget: QWidget) -> str:
    """A widget as a developer finds it: its class and object name, up to its window."""
    parts = []
    each: QWidget | None = widget
    while each is not None:
        name = type(each).__name__ + (f"#{each.objectName()}" if each.objectName() else "")
        parts.append(name)
        if each.isWindow():
            break
        each = each.parentWidget()
    return " < ".join(parts)


def unnamed(root: QWidget) -> list[str]:
    """The interactive widgets shown in `root`'s window without an accessible name.

    Hidden widgets are not in the accessibility tree (a screen reader cannot reach them);
    they are named when they are shown."""
    return [
        _path(widget)
        for widget in [root, *root.findChildren(QWidget)]
        if accessibility.is_interactive(widget)
        and widget.isVisibleTo(root.window())
        and not widget.accessibleName().strip()
    ]


def _settle(qtbot: Any) -> None:
    QApplication.processEvents()
    qtbot.wait(1)


def _show_every_tab(window: Any, qtbot: Any) -> None:
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        _settle(qtbot)
        window.select_first_row()  # a selected record fills the pane with its fields and buttons
        _settle(qtbot)


def _dialogs_shown() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_every_widget_of_the_window_and_each_tab_is_named(window: Any, qtbot: Any) -> None:
    _show_every_tab(window, qtbot)
    # Every tab was made and walked, whatever tabs the window has.
    assert all(host.inner is not None for host in window.tab_widgets.values())
    missing = unnamed(window)
    assert not missing, "focusable widgets without an accessible name:\n" + "\n".join(missing)


def test_the_main_dialogs_are_named(window: Any, qtbot: Any) -> None:
    dialogs: list[QDialog] = []
    window.show_tab("members")
    window.add_organisation()
    window.show_tab("exchanges")
    window.new_exchange()
    window.select_first_row()
    window.edit_selected()
    window.show_tab("members")
    _settle(qtbot)
    window.select_first_row()
    if window.actions_by_id["find_host"].isEnabled():
        window.actions_by_id["find_host"].trigger()
    dialogs.append(open_guide(window))
    funding = window.tab_widgets["funding"].ensure_made()
    dialogs += [funding.open_report_dialog(), funding.open_rate_dialog()]
    _settle(qtbot)
    dialogs += [d for d in _dialogs_shown() if d not in dialogs]
    names = {type(d).__name__ for d in dialogs}
    assert {"OrganisationDialog", "ExchangeEditor", "GuideDialog", "ReportDialog"} <= names, names
    missing = [line for dialog in dialogs for line in unnamed(dialog)]
    for dialog in dialogs:
        dialog.close()
    assert not missing, "focusable widgets without an accessible name:\n" + "\n".join(missing)


def test_widgets_are_named_from_their_caption_text_or_tip(qtbot: Any) -> None:
    accessibility.install()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    city = QLineEdit()
    form.addRow("&City:", city)
    search = QLineEdit()
    search.setPlaceholderText("Search by name")
    search.setToolTip("Finds organisations by any word of their name")
    form.addRow(search)
    saved = QPushButton("&Save")
    form.addRow(saved)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert city.accessibleName() == "City"
    assert search.accessibleName() == "Search by name"
    assert search.accessibleDescription() == "Finds organisations by any word of their name"
    assert saved.accessibleName() == "Save"


def test_a_widget_added_later_is_named_when_shown_and_one_without_words_is_reported(
    qtbot: Any,
) -> None:
    accessibility.install()
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    window.show()
    qtbot.waitExposed(window)

    # A section someone adds after the window is shown, with a caption for its field.
    caption = QLabel("&Amount due")
    amount = QLineEdit()
    caption.setBuddy(amount)
    layout.addWidget(caption)
    layout.addWidget(amount)
    blank = QPushButton()  # an icon-only button nobody named: the walk must report it
    layout.addWidget(blank)
    amount.show()
    blank.show()
    _settle(qtbot)

    assert amount.accessibleName() == "Amount due"
    assert unnamed(window) == ["QPushButton < QWidget"]
