"""The main window: actions and shortcuts, remembered layout, one window per file, crash handler."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from cxdesk.core.errors import UserError
from cxdesk.core.settings import Settings
from cxdesk.ui import actions, app
from cxdesk.ui.app import acquire_lock, build_main_window


def test_every_action_is_in_a_menu_and_named(window: Any) -> None:
    in_menus = {a.objectName() for menu in window.menus.values() for a in menu.actions()}
    for spec in actions.ACTIONS:
        assert spec.id in in_menus
        assert window.actions_by_id[spec.id].text().strip("&")
    assert window.actions_by_id["undo"].shortcut() == QKeySequence("Ctrl+Z")
    redo = [k.toString() for k in window.actions_by_id["redo"].shortcuts()]
    assert "Ctrl+Shift+Z" in redo
    assert window.actions_by_id["find"].shortcut() == QKeySequence("Ctrl+F")


def test_menus_have_unique_mnemonics(window: Any) -> None:
    ours = {spec.id for spec in actions.ACTIONS}
    for menu in window.menus.values():
        keys = [
            a.text().split("&", 1)[1][0].lower()
            for a in menu.actions()
            if "&" in a.text() and a.isVisible() and a.objectName() in ours
        ]
        assert len(keys) == len(set(keys)), menu.title()


def test_package_actions_join_the_file_menu(window: Any) -> None:
    from importlib.util import find_spec

    if find_spec("cxdesk.ui.sync.actions") is None:
        pytest.skip("the package actions are not there yet")
    names = [a.objectName() for a in window.menus["file"].actions()]
    assert names.index("import_package") < names.index("open_data_folder")
    assert window.acceptDrops()


def test_keyboard_switches_tabs_and_focuses_the_filter(window: Any, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == "exchanges"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.exchanges.filter_bar.text
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == "members"
    window.focus_filter()
    assert QApplication.focusWidget() is window.members.filter_bar.text


def test_calendar_and_funding_tabs_are_always_hosted(window: Any) -> None:
    for name in ("calendar", "funding"):
        assert name in window.tab_widgets
        assert window.actions_by_id[f"tab_{name}"].isVisible()


def test_layout_and_column_widths_are_remembered(qtbot: Any, demo_db: Any) -> None:
    first = build_main_window(demo_db, "en", remember=True)
    qtbot.addWidget(first)
    first.show()
    first.members.table.setColumnWidth(1, 211)
    first.members.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)
    first.show_tab("exchanges")
    first.close()
    saved = Settings.load()
    assert "table/members" in saved.geometry and saved.last_tab == "exchanges"

    second = build_main_window(demo_db, "en", remember=True)
    qtbot.addWidget(second)
    second.show()
    assert second.current_tab_name() == "exchanges"
    second.members.ensure_loaded()
    assert second.members.table.columnWidth(1) == 211
    assert second.members.model.sort_order.column == "city"
    assert second.members.model.sort_order.descending
    second.close()


def test_one_window_per_database(demo_db: Any) -> None:
    lock = acquire_lock(demo_db)
    assert lock is not None and lock.is_locked
    with pytest.raises(UserError, match="already open in another cxdesk window"):
        acquire_lock(demo_db)
    lock.unlock()
    again = acquire_lock(demo_db)
    assert again is not None
    again.unlock()


def test_crash_handler_logs_and_names_the_log(monkeypatch: Any, cxdesk_home: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError as exc:
        app._excepthook(RuntimeError, exc, exc.__traceback__)
    log_file = cxdesk_home / "logs" / "cxdesk.log"
    assert "a bug in a slot" in log_file.read_text(encoding="utf-8")
    assert shown and str(log_file) in shown[0] and "Your data is safe" in shown[0]
    app.install_crash_handler()
    assert sys.excepthook is app._excepthook
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)


def test_status_bar_says_what_happened(window: Any) -> None:
    from cxdesk.domain.records import Change

    window.context.announce(Change(frozenset({"organisations"}), frozenset(), "Did a thing."))
    assert window.status_text == "Did a thing."


def test_cloud_folder_banner(window: Any) -> None:
    banner = window.show_banner("This database is in a cloud folder.")
    assert banner.isVisible()
    assert window.central_layout.indexOf(banner) == 0


def test_screenshot_writes_a_picture(tmp_path: Path, demo_db: Any) -> None:
    from PySide6.QtGui import QImage

    from cxdesk.ui.screenshot import take_screenshot

    out = take_screenshot(str(demo_db.path), tmp_path / "shot.png", "exchanges", "en")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_demo_data_on_first_start(qtbot: Any, empty_db: Any, monkeypatch: Any) -> None:
    window = build_main_window(empty_db, "en")
    qtbot.addWidget(window)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    window.show()
    window.members.ensure_loaded()
    assert window.members.model.rowCount() == 0
    app._offer_demo(window, empty_db)  # runs synchronously in tests
    assert window.members.model.rowCount() == 200
    assert "Demo data" in window.status_text


def test_the_other_tabs_are_made_when_first_shown(window: Any) -> None:
    for name in ("calendar", "funding"):
        host = window.tab_widgets.get(name)
        if host is None:
            continue
        assert host.inner is None  # not made with the window
        window.show_tab(name)
        assert host.inner is not None and host.inner.isVisible()


def test_run_window_refuses_a_second_window_on_one_file(demo_db: Any, monkeypatch: Any) -> None:
    said: list[str] = []
    monkeypatch.setattr(app, "install_crash_handler", lambda: None)  # pytest-qt keeps its own
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    lock = acquire_lock(demo_db)
    try:
        assert app.run_window(str(demo_db.path), "en") == 1
    finally:
        lock.unlock()
    assert said and "already open in another cxdesk window" in said[0]


def test_run_window_says_why_a_database_cannot_open(tmp_path: Path, monkeypatch: Any) -> None:
    said: list[str] = []
    monkeypatch.setattr(app, "install_crash_handler", lambda: None)
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: said.append(text))
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    assert app.run_window(str(folder), "en") == 1
    assert said and "is a folder" in said[0]


def test_window_has_the_desk_icon(window: Any) -> None:
    from PySide6.QtWidgets import QApplication

    icon = QApplication.windowIcon()
    assert not icon.isNull() and not icon.pixmap(32, 32).isNull()
