"""Backups and restores through the service: the lock, folders per database, cleaning, failures."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cxdesk.core import dblock
from cxdesk.core.errors import UserError
from cxdesk.db import backup as db_backup
from cxdesk.db.backup import folder_name
from cxdesk.db.models import ImportRow
from cxdesk.services import backups
from cxdesk.services.backups import (
    KEEP_IMPORT_BACKUPS,
    OtherPartnership,
    automatic_backup,
    backups_folder,
    restore,
)

PG_URL = os.environ.get("CXDESK_TEST_PG_URL")


def rows(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def held_elsewhere(demo_db: Any) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's lock, as a window does."""
    code = (
        "import sys; from pathlib import Path; from cxdesk.core import dblock;"
        f"hold = dblock.acquire(Path({str(demo_db.path)!r})); print('held', flush=True);"
        "sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield holder
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=20)
    holder.stdout.close()


def test_a_restore_is_refused_while_another_process_holds_the_lock(
    demo_db: Any, tmp_path: Path, held_elsewhere: Any
) -> None:
    saved = backups.backup(demo_db, tmp_path / "saved")
    path = demo_db.path
    assert dblock.held_elsewhere(path)
    demo_db.close()
    before = rows(path)
    with pytest.raises(dblock.DatabaseInUse) as refused:
        restore(str(path), saved)
    assert refused.value.message == (
        f"{path} is open in a cxdesk window; close it, or use File → Restore… in that window."
    )
    assert rows(path) == before
    assert not list(backups_folder(str(path)).glob("*"))  # not even a safety backup


def test_the_window_restores_under_its_own_lock(demo_db: Any, tmp_path: Path) -> None:
    saved = backups.backup(demo_db, tmp_path / "saved")
    hold = dblock.acquire(demo_db.path)
    try:
        restored = restore(demo_db, saved)
        restored.db.close()
        assert restored.safety is not None and restored.safety.parent == backups_folder(demo_db)
        assert dblock.held_here(demo_db.path)  # the window keeps its lock
    finally:
        hold.release()
    assert not dblock.held_here(demo_db.path)


def test_another_partnership_needs_force(demo_db: Any, tmp_path: Path) -> None:
    saved = backups.backup(demo_db, tmp_path / "saved.sqlite3")
    with sqlite3.connect(saved) as conn:
        conn.execute("UPDATE desk_state SET value = 'OTHER' WHERE key = 'partnership'")
    conn.close()
    assert backups.partnerships(demo_db, saved) == ("ECP-DIGI", "OTHER")
    with pytest.raises(
        OtherPartnership, match="partnership OTHER, and this database holds ECP-DIGI: add --force"
    ):
        restore(demo_db, saved)
    restored = restore(demo_db, saved, force=True)
    assert backups.partnerships(restored.db, saved) == ("OTHER", "OTHER")
    restored.db.close()


def test_folders_per_database(tmp_path: Path) -> None:
    one, two = (
        folder_name(str(tmp_path / "a" / "x.sqlite3")),
        folder_name(str(tmp_path / "b" / "x.sqlite3")),
    )
    assert one != two and one.startswith("x-") and two.startswith("x-")
    url = "postgresql+psycopg://desk:{}@db.example.org/partners"
    assert folder_name(url.format("one")) == folder_name(url.format("two"))  # no password
    assert folder_name(url.format("one")).startswith("partners-")


def _import_row(db: Any, backup: Path) -> None:
    with db.unit() as session:
        session.add(
            ImportRow(
                applied_at=datetime(2026, 1, 1),
                file_name="p.zip",
                sequence=1,
                kind="delta",
                backup_path=str(backup),
                summary={},
            )
        )


def test_old_before_import_backups_are_cleaned_but_the_last_imports_kept(demo_db: Any) -> None:
    folder = backups_folder(demo_db)
    folder.mkdir(parents=True)
    old = [folder / f"before-import-2020010{i % 10}-{i:06d}.sqlite3" for i in range(14)]
    for path in old:
        path.write_bytes(b"old")
    (folder / "before-restore-20200101-000000.sqlite3").write_bytes(b"kept")
    _import_row(demo_db, old[0])  # the oldest: the one Revert last import needs
    stale, fresh = folder / "before-import-1.sqlite3.part", folder / "before-import-2.sqlite3.part"
    for part in (stale, fresh):
        part.write_bytes(b"half")
    os.utime(stale, (time.time() - 2 * 86400,) * 2)  # left by a backup killed two days ago
    made = automatic_backup(demo_db, "before-import")
    assert not stale.exists() and fresh.exists()  # one being written now is left alone
    left = sorted(p.name for p in folder.glob("before-import-*.sqlite3"))
    assert len(left) == KEEP_IMPORT_BACKUPS + 1
    assert made.name in left and old[0].name in left
    assert (folder / "before-restore-20200101-000000.sqlite3").exists()


def test_a_failed_backup_leaves_no_part(
    demo_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_conn: Any, part: Path) -> None:
        part.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db_backup, "_copy_sqlite", full)
    out = tmp_path / "out" / "b.sqlite3"
    with pytest.raises(UserError, match="the disk is full; free some space and try again"):
        backups.backup(demo_db, out)
    assert list(out.parent.iterdir()) == []

    def broken(_conn: Any, part: Path) -> None:
        part.write_bytes(b"half")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db_backup, "_copy_sqlite", broken)
    with pytest.raises(UserError, match="could not be written to .*: disk I/O error"):
        backups.backup(demo_db, out)
    assert list(out.parent.iterdir()) == []


@pytest.mark.skipif(not PG_URL, reason="CXDESK_TEST_PG_URL is not set: no PostgreSQL to test")
def test_a_server_backup_is_written_at_exactly_its_name_and_restored(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from cxdesk.db.migrate import open_database
    from cxdesk.db.store import Store

    assert PG_URL
    name = f"cxdesk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = open_database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        with db.unit() as session:
            Store(session).set_state("partnership", "ECP-DIGI")
        out = backups.backup(db, tmp_path / "monday")
        assert out == tmp_path / "monday" and out.is_file()
        with db.unit() as session:
            Store(session).set_state("partnership", "OTHER")
        with pytest.raises(OtherPartnership):
            restore(db, out)
        restored = restore(db, out, force=True)
        assert restored.safety is not None and restored.safety.parent == backups_folder(db)
        assert restored.safety.parent.name.startswith(f"{name}-")
        assert backups.partnerships(db, out) == ("ECP-DIGI", "ECP-DIGI")
    finally:
        db.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
