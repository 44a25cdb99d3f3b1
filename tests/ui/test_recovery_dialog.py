"""A damaged database at the start: the recovery dialog restores the newest good backup."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from cxdesk.core import paths
from cxdesk.db.damage_files import is_good_backup
from cxdesk.db.failures import DatabaseDamaged
from cxdesk.db.health import sqlite_damage
from cxdesk.db.migrate import open_database
from cxdesk.ui.dialogs import recovery
from tests.db.test_failures import damage_a_page


@pytest.fixture
def damaged(demo_template: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A desk with a damaged page, and a good backup of it in backups/desk/."""
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(demo_template, path)
    backup = paths.backups_dir() / "desk" / "before-import-1.sqlite3"
    backup.parent.mkdir(parents=True)
    shutil.copyfile(demo_template, backup)
    damage_a_page(path, "people")
    return path, backup


def found_damage(path: Path) -> DatabaseDamaged:
    db = open_database(path)
    try:
        damage = sqlite_damage(db)
    finally:
        db.close()
    assert damage is not None
    return damage


def test_restore_puts_the_backup_in_place_and_keeps_the_damaged_file(
    qtbot: Any, damaged: tuple[Path, Path]
) -> None:
    path, backup = damaged
    bytes_damaged = path.read_bytes()
    dialog = recovery.recovery_dialog(found_damage(path))
    qtbot.addWidget(dialog)
    assert dialog.restore_button is not None
    assert dialog.restore_button.text().startswith("Restore the newest backup (before-import-1")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.kept_aside is not None
    assert dialog.kept_aside.name.startswith("desk.sqlite3.damaged-")
    assert dialog.kept_aside.read_bytes() == bytes_damaged
    db = open_database(path)  # the restored desk opens and is sound
    try:
        assert sqlite_damage(db) is None
    finally:
        db.close()
    assert is_good_backup(backup)


def test_quit_changes_nothing(qtbot: Any, damaged: tuple[Path, Path]) -> None:
    path, _backup = damaged
    before = path.read_bytes()
    dialog = recovery.recovery_dialog(found_damage(path))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert path.read_bytes() == before
    assert list(path.parent.glob("*.damaged-*")) == []


def test_without_a_backup_only_quit_is_offered(qtbot: Any, damaged: tuple[Path, Path]) -> None:
    path, backup = damaged
    backup.unlink()
    dialog = recovery.recovery_dialog(found_damage(path))
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    assert "No good backup was found" in dialog.text.text()


def test_the_window_start_offers_the_dialog_then_opens_the_restored_desk(
    qtbot: Any, damaged: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxdesk.ui import app

    path, _backup = damaged
    shown: list[recovery.RecoveryDialog] = []

    def click_restore(dialog: recovery.RecoveryDialog) -> int:
        shown.append(dialog)
        assert dialog.restore_button is not None
        dialog.restore_button.click()
        return int(dialog.result())

    monkeypatch.setattr(recovery.RecoveryDialog, "exec", click_restore)
    db = app.open_or_recover(str(path))
    assert db is not None
    try:
        assert len(shown) == 1 and sqlite_damage(db) is None
    finally:
        db.close()
    assert len(list(path.parent.glob("desk.sqlite3.damaged-*"))) == 1
