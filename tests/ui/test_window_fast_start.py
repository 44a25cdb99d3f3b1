"""The window and the settings' database start fast; a damaged file still gets its dialog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView

from tests.db.test_failures import damage_a_page
from tests.ui.fast_start_helpers import PAINT_PROBE, normal_rows, run_python

#: The window or the screenshot started as a person starts it, stopped at the first paint of
#: rows: whether SQLAlchemy was loaded then, and the rows painted. The settings are written
#: first when asked (the desk's database, the Members table's remembered header).
FIRST_PAINT = (
    PAINT_PROBE
    + """
ask = json.loads(sys.argv[1])
from cxdesk.core.settings import Settings
settings = Settings.load()
settings.database = ask.get("settings_db") or ""
if ask.get("header"):
    settings.geometry["table/members"] = ask["header"]
settings.save()
from cxdesk.cli import main
args = ["--db", ask["db"]] if ask.get("db") else []
args += ["--lang", "en"]
if ask.get("screenshot"):
    args += ["screenshot", "-o", ask["screenshot"], "--tab", "members"]
sys.exit(main(args))
"""
)


@pytest.fixture(autouse=True)
def named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXDESK_USER", "Tester")  # the window asks no name, here or in a process


def _first_paint(home: Path, **ask: object) -> dict[str, Any]:
    done = run_python("-c", FIRST_PAINT, json.dumps(ask), home=home)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _header(section: int, order: Qt.SortOrder) -> str:
    """A Members table header as the window remembers it, sorted by `section` in `order`."""
    header = QHeaderView(Qt.Orientation.Horizontal)
    header.setModel(QStandardItemModel(0, 6, header))
    header.setSortIndicator(section, order)
    return bytes(header.saveState().toBase64().data()).decode("ascii")


@pytest.fixture
def desk(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copy(demo_template, path)
    return path


def test_the_window_paints_the_first_rows_before_loading_sqlalchemy(
    desk: Path, tmp_path: Path, qtbot: Any
) -> None:
    painted = _first_paint(tmp_path / "home", db=str(desk))
    assert painted["sqlalchemy"] is False
    assert painted["rows"] == normal_rows(desk, qtbot)  # the same rows, order and text


@pytest.mark.parametrize("shot", [False, True], ids=["window", "screenshot"])
def test_the_settings_database_starts_as_fast(
    shot: bool, desk: Path, tmp_path: Path, qtbot: Any
) -> None:
    out = str(tmp_path / "w.png") if shot else None
    painted = _first_paint(tmp_path / "home", settings_db=str(desk), screenshot=out)
    assert painted["sqlalchemy"] is False
    assert painted["rows"] == normal_rows(desk, qtbot)


def test_a_remembered_sort_by_name_starts_fast(desk: Path, tmp_path: Path, qtbot: Any) -> None:
    header = _header(0, Qt.SortOrder.AscendingOrder)
    painted = _first_paint(tmp_path / "home", db=str(desk), header=header)
    assert painted["sqlalchemy"] is False
    assert painted["rows"] == normal_rows(desk, qtbot, header)


@pytest.mark.parametrize(
    ("section", "order"),
    [
        (0, Qt.SortOrder.DescendingOrder),
        (2, Qt.SortOrder.DescendingOrder),
        (3, Qt.SortOrder.AscendingOrder),
    ],
    ids=["name-descending", "country-descending", "city"],
)
def test_another_remembered_sort_shows_its_own_rows(
    section: int, order: Qt.SortOrder, desk: Path, tmp_path: Path, qtbot: Any
) -> None:
    header = _header(section, order)
    painted = _first_paint(tmp_path / "home", db=str(desk), header=header)
    assert painted["rows"] == normal_rows(desk, qtbot, header)
    assert painted["rows"] != normal_rows(desk, qtbot)  # the sort did change the rows


def test_a_damaged_file_paints_its_rows_then_offers_the_recovery_dialog(
    desk: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cxdesk.ui import app
    from cxdesk.ui.dialogs import recovery
    from cxdesk.ui.mainwindow import MainWindow

    damage_a_page(desk, "people")  # the members' rows still read; the file's check fails
    seen: list[str] = []
    finish = MainWindow.finish_start

    def finish_start(window: MainWindow) -> None:
        seen.append(f"{window.members.model.rowCount()} rows")
        finish(window)
        QTimer.singleShot(50, answer)

    def answer() -> None:
        # The recovery dialog, really shown and waiting (not closed at once by a stale Quit).
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, recovery.RecoveryDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.text.text())
        dialog.reject()  # Quit

    monkeypatch.setattr(MainWindow, "finish_start", finish_start)
    monkeypatch.setattr(app, "install_crash_handler", lambda: None)  # pytest-qt keeps its own
    assert app.run_window(str(desk), "en") == 1
    assert len(seen) == 2 and seen[0] != "0 rows"  # the rows first, then the dialog
    assert str(desk) in seen[1]


def test_a_sound_file_opens_and_the_window_keeps_working(
    desk: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer

    from cxdesk.db.deferred import DeferredDatabase
    from cxdesk.ui import app, first_start
    from cxdesk.ui.mainwindow import MainWindow

    seen: list[str] = []
    checked = first_start._check_in_background

    def check(window: MainWindow, db: DeferredDatabase, damaged: Any) -> None:
        checked(window, db, damaged)
        seen.append("checking")
        # Once the check had time to answer: the window still open, its rows there.
        QTimer.singleShot(1500, lambda: _close(window))

    def _close(window: MainWindow) -> None:
        seen.append(f"visible={window.isVisible()} rows={window.members.model.rowCount() > 0}")
        window.close()  # as a user does: the last window closed ends the program

    monkeypatch.setattr(first_start, "_check_in_background", check)
    monkeypatch.setattr(app, "install_crash_handler", lambda: None)
    assert app.run_window(str(desk), "en") == 0
    assert seen == ["checking", "visible=True rows=True"]


def test_the_fast_start_serves_the_members_tab_by_name_only(desk: Path) -> None:
    # The fast start serves only what plain sqlite3 reads exactly as browse does: by name.
    from cxdesk.core.settings import Settings
    from cxdesk.ui.first_start import FIRST_SORT, members_start_sort, window_database

    assert members_start_sort(Settings()) == FIRST_SORT
    other = Settings()
    other.geometry["table/members"] = _header(1, Qt.SortOrder.AscendingOrder)
    assert members_start_sort(other) == ("kind", False)
    assert window_database(str(desk), other) is None
    exchanges = Settings()
    exchanges.last_tab = "exchanges"
    assert window_database(str(desk), exchanges) is None
    found = window_database(str(desk), Settings())
    assert found is not None and not found.opened
