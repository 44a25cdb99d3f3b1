"""The import preview, the package actions in the File menu, and a package dropped on the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QMainWindow

from cxdesk.db.store import Store
from cxdesk.services.importing import import_package
from cxdesk.ui.context import UiContext
from cxdesk.ui.sync import actions as sync_actions
from cxdesk.ui.sync.import_dialog import ImportDialog
from tests.services.sync_factory import dump, full, tables


@pytest.fixture
def context(empty_db: Any) -> UiContext:
    return UiContext(empty_db)


def _dialog(qtbot: Any, context: UiContext, package: Path) -> ImportDialog:
    dialog = ImportDialog(context, package)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()  # synchronous in tests
    return dialog


def test_the_preview_shows_every_change_and_apply_imports(
    qtbot: Any, qtmodeltester: Any, context: UiContext, tmp_path: Path
) -> None:
    before = dump(context.db)
    dialog = _dialog(qtbot, context, full(tmp_path))
    qtmodeltester.check(dialog.model)
    assert dump(context.db) == before  # a preview changes nothing
    assert dialog.apply_button.isEnabled()
    assert "can be applied" in dialog.summary.text()
    model = dialog.model
    rows = {
        model.data(model.index(r, 0)): model.data(model.index(r, 1))
        for r in range(model.rowCount())
    }
    assert rows["Organisations"] == "3" and rows["People"] == "2"
    assert not dialog.errors.isVisible()
    changes: list[Any] = []
    context.changed.connect(changes.append)
    with qtbot.waitSignal(dialog.applied):
        dialog.apply_button.click()
    assert dialog.imported is not None and dialog.imported.applied
    assert "organisations" in changes[0].tables
    with context.db.unit() as session:
        assert Store(session).count("organisations") == 3
    assert not dialog.apply_button.isEnabled()


def test_a_refused_package_shows_its_problems_and_cannot_be_applied(
    qtbot: Any, context: UiContext, tmp_path: Path
) -> None:
    data = tables()
    data["exchanges"][0]["end_date"] = "2026-02-30"
    dialog = _dialog(qtbot, context, full(tmp_path, data))
    assert not dialog.apply_button.isEnabled()
    text = dialog.errors.toPlainText()
    assert "exchanges.csv:2: end_date 2026-02-30 is not a date" in text
    assert "full.errors" in text  # where every row and its problems are
    assert dialog.errors.isVisible()


def test_a_package_applied_already_cannot_be_applied_again(
    qtbot: Any, context: UiContext, tmp_path: Path
) -> None:
    package = full(tmp_path)
    import_package(context.db, package)
    dialog = _dialog(qtbot, context, package)
    assert not dialog.apply_button.isEnabled()
    assert "already applied" in dialog.summary.text()


def test_cancelling_the_import_changes_nothing(context: UiContext, tmp_path: Path) -> None:
    dialog = ImportDialog(context, full(tmp_path))
    before = dump(context.db)
    report = dialog._work(False)(lambda _step, _done, _total: False)
    assert not report.applied and report.errors == [
        "The import was cancelled; nothing was changed."
    ]
    assert dump(context.db) == before
    dialog.deleteLater()


def test_the_file_menu_holds_the_package_actions(
    qtbot: Any, context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = sync_actions.install_sync_actions(window, context)
    menu = sync_actions._file_menu(window)
    assert [a.objectName() for a in menu.actions()] == [
        "import_package",
        "export_changes",
        "export_everything",
        "resolve_conflicts",
        "revert_import",
        "restore_backup",
    ]
    assert actions.import_package.shortcut().toString() == "Ctrl+I"
    assert actions.export_changes.shortcut().toString() == "Ctrl+Shift+E"
    package = full(tmp_path)
    monkeypatch.setattr(sync_actions, "choose_package", lambda _parent: package)
    actions.import_package.trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.apply_button.isEnabled()
    dialog.apply()
    target = tmp_path / "out.zip"
    monkeypatch.setattr(sync_actions, "choose_target", lambda *_args: target)
    actions.export_everything.trigger()
    assert target.exists()


def test_the_actions_join_the_main_window_file_menu(window: Any) -> None:
    actions = window.sync  # the window installs them
    assert isinstance(actions, sync_actions.SyncActions)
    names = [a.objectName() for a in window.menus["file"].actions()]
    assert names.index("add_organisation") < names.index("import_package")
    assert names.index("revert_import") < names.index("open_data_folder")
    assert actions.resolve_conflicts.text() == "Resolve &conflicts…"


def test_a_dropped_zip_is_a_package_and_anything_else_is_not(tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "p.zip"))])
    assert sync_actions.package_in(mime) == tmp_path / "p.zip"
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "p.csv"))])
    assert sync_actions.package_in(mime) is None
    mime.setUrls(
        [QUrl.fromLocalFile(str(tmp_path / "a.zip")), QUrl.fromLocalFile(str(tmp_path / "b.zip"))]
    )
    assert sync_actions.package_in(mime) is None
    assert sync_actions.package_in(QMimeData()) is None


def test_revert_last_import_puts_the_desk_back(
    qtbot: Any, context: UiContext, tmp_path: Path, answers: Any
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    assert not sync_actions.revert_import(window, context)  # nothing imported yet
    assert answers.told
    import_package(context.db, full(tmp_path))
    old = context.db
    assert sync_actions.revert_import(window, context)
    assert context.db is not old
    with context.db.unit() as session:
        assert Store(session).count("organisations") == 0
        assert Store(session).state("partnership") is None
    context.db.close()


def test_a_view_exports_to_a_spreadsheet(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(sync_actions, "choose_target", lambda *_args: tmp_path / "view")
    written = sync_actions.export_view(window, ["Name"], [["=1+1"]], "members.xlsx")
    assert written == tmp_path / "view.xlsx" and written.exists()


def test_a_package_dropped_on_the_window_opens_its_preview(window: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(full(tmp_path)))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.preview is not None
    assert dialog.preview.partnership == "ECP-DIGI" and not dialog.preview.errors
