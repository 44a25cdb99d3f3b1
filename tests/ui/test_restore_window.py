"""File → Restore… in the window, under its own lock; `cxdesk restore` refused while it is open,
and the window's edits after that still land in the database (issue 12)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction

from cxdesk.core import dblock
from cxdesk.services.backups import backup
from cxdesk.services.editing import set_fields
from cxdesk.ui.app import acquire_lock
from cxdesk.ui.sync import actions as sync_actions

ROOT = Path(__file__).resolve().parents[2]


def name_in_file(path: Path, uid: str) -> str:
    """Read straight from the file, as another program would."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(
            conn.execute("SELECT name FROM organisations WHERE uid = ?", (uid,)).fetchone()[0]
        )
    finally:
        conn.close()


def first_uid(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT uid FROM organisations ORDER BY id").fetchone()[0])
    finally:
        conn.close()


def menu_action(window: Any, name: str) -> QAction:
    found = [a for a in window.menus["file"].actions() if a.objectName() == name]
    assert len(found) == 1, [a.objectName() for a in window.menus["file"].actions()]
    return found[0]


@pytest.fixture
def locked_window(window: Any) -> Any:
    """The window holding its database's lock, as `cxdesk` opens it."""
    lock = acquire_lock(window.context.db)
    assert lock is not None
    yield window
    lock.release()


def test_file_restore_restores_through_the_window(
    locked_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: Any
) -> None:
    window = locked_window
    path = window.context.db.path
    uid = first_uid(path)
    saved = backup(window.context.db, tmp_path / "monday")
    set_fields(window.context.db, "organisations", uid, ["name=Changed since"])
    monkeypatch.setattr(sync_actions, "choose_backup", lambda _parent: saved)
    statuses: list[str] = []
    window.context.status.connect(statuses.append)
    old = window.context.db
    menu_action(window, "restore_backup").trigger()
    assert answers.asked and f"by the backup {saved}?" in answers.asked[-1]
    assert window.context.db is not old
    assert name_in_file(path, uid) != "Changed since"
    assert statuses and statuses[-1].startswith(f"Restored from {saved}; the database as it was")
    assert dblock.held_here(path)  # the window keeps its lock
    # The window works on the restored file: its next edit is in it.
    set_fields(window.context.db, "organisations", uid, ["name=After the restore"])
    assert name_in_file(path, uid) == "After the restore"
    window.context.db.close()


def test_file_restore_asks_before_another_partnership(
    locked_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: Any
) -> None:
    window = locked_window
    path = window.context.db.path
    other = tmp_path / "other.sqlite3"
    backup(window.context.db, other)
    with sqlite3.connect(other) as conn:
        conn.execute("UPDATE desk_state SET value = 'OTHER' WHERE key = 'partnership'")
    conn.close()
    before = path.read_bytes()
    monkeypatch.setattr(sync_actions, "choose_backup", lambda _parent: other)
    answers.confirm = False
    menu_action(window, "restore_backup").trigger()
    assert answers.asked[-1].startswith(
        f"{other} is a backup of the partnership OTHER, and this desk holds ECP-DIGI."
    )
    assert path.read_bytes() == before


def test_cli_restore_is_refused_while_the_window_is_open(
    locked_window: Any, tmp_path: Path
) -> None:
    window = locked_window
    path = window.context.db.path
    uid = first_uid(path)
    saved = backup(window.context.db, tmp_path / "saved.sqlite3")
    set_fields(window.context.db, "organisations", uid, ["name=Before the command"])
    shutil.copyfile(path, tmp_path / "unused")  # the file as it is (WAL aside)
    environ = {k: v for k, v in os.environ.items() if k != "CXDESK_DB"}
    environ.update(CXDESK_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(path), "restore", str(saved)],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        f"{path} is open in a cxdesk window; close it, or use File → Restore… in that window."
    )
    assert name_in_file(path, uid) == "Before the command"  # unchanged
    # The window goes on writing into the same file, not a deleted one.
    set_fields(window.context.db, "organisations", uid, ["name=After the command"])
    assert name_in_file(path, uid) == "After the command"


def test_revert_last_import_works_under_the_windows_lock(
    locked_window: Any, tmp_path: Path, answers: Any
) -> None:
    from cxdesk.db.store import Store
    from cxdesk.services.importing import import_package
    from tests.services.sync_factory import full

    window = locked_window
    with window.context.db.unit() as session:
        before = Store(session).count("organisations")
    report = import_package(window.context.db, full(tmp_path))
    assert report.applied, (report.errors, report.warnings)
    with window.context.db.unit() as session:
        assert Store(session).count("organisations") != before
    old = window.context.db
    menu_action(window, "revert_import").trigger()
    assert window.context.db is not old
    assert not answers.told, answers.told
    with window.context.db.unit() as session:
        assert Store(session).state("partnership") == "ECP-DIGI"
        assert Store(session).count("organisations") == before
    window.context.db.close()
