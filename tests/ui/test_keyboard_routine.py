"""The daily routine from the keyboard alone: key presses only, no mouse, no calls on widgets.

Tabs by their shortcuts (Ctrl+1…4), the filter (Ctrl+F), the rows (arrows), the editor (Enter),
a field (its mnemonic), Save (Alt+S), Undo (Ctrl+Z), the menus (Alt+F …). What is checked is what
a person sees: the rows left by the filter, the record in the pane, the value in the database,
the status bar's message, the tab shown and where the keyboard focus is.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from cxdesk.db.store import Store
from cxdesk.services import browse

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard focus is nowhere"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the focus is, as a person's keyboard sends it."""
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def within(widget: QWidget, parent: QWidget) -> bool:
    return widget is parent or parent.isAncestorOf(widget)


def popup_menu() -> QMenu | None:
    popup = QApplication.activePopupWidget()
    return popup if isinstance(popup, QMenu) else None


def walk_the_menus(window: Any, exchanges: Any, qtbot: Any) -> None:
    # The menus: Alt+F opens File; the arrows go along the menu bar; Escape closes the menu,
    # a second Escape leaves the menu bar, and the keys go on in the table.
    titles = []
    press(Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: popup_menu() is not None, timeout=5_000)
    for _ in window.menuBar().actions():
        menu = popup_menu()
        assert menu is not None
        titles.append(menu.title().replace("&", ""))
        QTest.keyClick(menu, Qt.Key.Key_Right)
    assert titles[:2] == ["File", "Edit"] and "Help" in titles, titles
    close_menu(qtbot)
    assert focused() is exchanges.table
    # Each menu by its own mnemonic too.
    for key, title in ((Qt.Key.Key_E, "Edit"), (Qt.Key.Key_V, "View"), (Qt.Key.Key_H, "Help")):
        press(key, ALT)
        qtbot.waitUntil(lambda: popup_menu() is not None, timeout=5_000)
        assert popup_menu().title().replace("&", "") == title  # type: ignore[union-attr]
        close_menu(qtbot)
    assert focused() is exchanges.table


def close_menu(qtbot: Any) -> None:
    """Escape closes the open menu, a second Escape leaves the menu bar."""
    menu = popup_menu()
    assert menu is not None
    QTest.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: popup_menu() is None, timeout=5_000)
    press(Qt.Key.Key_Escape)


def _notes(db: Any, uid: str) -> str | None:
    """The exchange's notes as stored in the database."""
    return browse.exchange(db, uid).notes


def test_the_daily_routine_from_the_keyboard(window: Any, qtbot: Any, qtlog: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)

    # Members: Ctrl+1, then Ctrl+F types into the filter; the rows are the matching ones.
    press(Qt.Key.Key_1, CTRL)
    assert window.current_tab_name() == "members"
    members = window.members
    members.ensure_loaded()
    qtbot.waitUntil(lambda: members.model.rowCount() > 5, timeout=5_000)
    before = members.model.rowCount()
    press(Qt.Key.Key_F, CTRL)
    assert focused() is members.filter_bar.text
    word = members.model.index(0, 0).data()
    type_text(word)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: members.model.rowCount() < before, timeout=5_000)
    shown = [members.model.index(r, 0).data() for r in range(members.model.rowCount())]
    assert shown and all(word.lower() in (name or "").lower() for name in shown), shown

    # Tab leaves the filter for the table; Down selects a row and the pane shows it.
    for _ in range(10):
        if focused() is members.table:
            break
        press(Qt.Key.Key_Tab)
    assert focused() is members.table, f"Tab from the filter reached {focused()!r}"
    press(Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: bool(members.selected_uid), timeout=5_000)
    pane_title = members.pane.title.text()
    assert pane_title and word.lower() in pane_title.lower()

    # Exchanges: Ctrl+2, the filter, Tab to the row, Enter opens the editor.
    press(Qt.Key.Key_2, CTRL)
    assert window.current_tab_name() == "exchanges"
    exchanges = window.exchanges
    qtbot.waitUntil(lambda: exchanges.model.rowCount() > 0, timeout=5_000)
    reference, uid = _a_draft(window.context.db)
    press(Qt.Key.Key_F, CTRL)
    assert focused() is exchanges.filter_bar.text
    type_text(reference)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: exchanges.model.rowCount() == 1, timeout=5_000)
    # Down goes from the filter to its rows (Tab walks through every filter field first).
    press(Qt.Key.Key_Down)
    assert focused() is exchanges.table
    qtbot.waitUntil(lambda: exchanges.selected_uid == uid, timeout=5_000)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: exchanges.editor is not None and exchanges.editor.isVisible())
    editor = exchanges.editor
    qtbot.waitUntil(lambda: within(focused(), editor), timeout=5_000)

    # A field by its mnemonic (Alt+N: Notes), typed into; Tab leaves it; Ctrl+S saves.
    press(Qt.Key.Key_N, ALT)
    assert focused() is editor.notes
    press(Qt.Key.Key_End, CTRL)
    type_text(" Called the host.")
    press(Qt.Key.Key_Tab)
    assert focused() is not editor.notes and "\t" not in editor.notes.toPlainText()
    assert editor.save_button.isEnabled(), editor.problem.text()
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)
    notes = _notes(window.context.db, uid) or ""
    assert notes.endswith("Called the host.")
    assert reference in window.status_text, window.status_text

    # A desktop's window manager makes the window active again when its dialog closes; the
    # offscreen platform has none, so the test does what it would. The keys go on where they
    # were: the row that was edited.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is exchanges.table, timeout=5_000)

    # Ctrl+Z: the note is gone again, and the status bar says what was undone.
    press(Qt.Key.Key_Z, CTRL)
    assert not (_notes(window.context.db, uid) or "").endswith("Called the host.")
    assert reference in window.status_text, window.status_text

    # The offscreen platform says it cannot raise a menu or grab the keyboard for it: facts
    # about the platform (the menus open and take the keys all the same), not logged.
    with qtlog.disabled():
        walk_the_menus(window, exchanges, qtbot)

    # Calendar and Funding: shown, and the keyboard is inside them, ready to move.
    for key, name in ((Qt.Key.Key_3, "calendar"), (Qt.Key.Key_4, "funding")):
        press(key, CTRL)
        assert window.current_tab_name() == name
        tab = window.current_tab()
        qtbot.waitUntil(lambda tab=tab: within(focused(), tab), timeout=5_000)


def _a_draft(db: Any) -> tuple[str, str]:
    """A draft exchange's reference and uid: editing one asks nothing about the lump sum."""
    from cxdesk.domain.codes import Status

    with db.unit() as session:
        drafts = [x for x in Store(session).all_live("exchanges") if x.status is Status.DRAFT]
    drafts.sort(key=lambda x: x.reference)
    return drafts[0].reference, drafts[0].uid
