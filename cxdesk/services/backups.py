"""Backups a person asks for, and restores: the current state is kept before anything is lost."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from cxdesk.core import paths
from cxdesk.core.errors import UserError
from cxdesk.db.backup import backup_database, restore_dump
from cxdesk.db.engine import Database
from cxdesk.db.migrate import ensure_schema, known_revisions


def backup(db: Database, out: Path) -> Path:
    """Write a backup of the whole database to `out`; return the file written."""
    if out.exists() and out.is_dir():
        out = out / f"cxdesk-{datetime.now():%Y%m%d-%H%M%S}"
    return backup_database(db, out)


def automatic_backup(db: Database, reason: str) -> Path:
    """A backup in the data folder's backups/, named by time and reason (imports, restores)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_database(db, paths.backups_dir() / f"{reason}-{stamp}")


def _check_sqlite_backup(source: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise UserError(f"{source} is damaged; it cannot be restored.")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{source} is not a cxdesk backup.") from exc
    if row is None or row[0] not in known_revisions():
        raise UserError(f"{source} was made by a newer cxdesk or is not a cxdesk backup.")


def restore(db: Database, source: Path) -> tuple[Database, Path]:
    """Replace the database by a backup; return it reopened and a backup of the old one."""
    from cxdesk.db.migrate import open_database

    if not source.exists():
        raise UserError(f"{source} does not exist.")
    safety = automatic_backup(db, "before-restore")
    if not db.is_sqlite:
        restore_dump(db, source)
        return db, safety
    _check_sqlite_backup(source)
    target = db.path
    assert target is not None
    db.close()
    tmp = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    tmp.replace(target)
    reopened = open_database(target, backup_dir=paths.backups_dir())
    ensure_schema(reopened, paths.backups_dir())
    return reopened, safety
