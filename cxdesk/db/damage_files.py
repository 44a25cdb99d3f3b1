"""A damaged SQLite file and its backups, on disk: the unreadable pages, the newest good backup,
and the damaged file put aside for a backup (nothing here opens a database through the engine)."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cxdesk.core import paths

#: Backups tried, newest first, before saying none is good.
BACKUPS_TRIED = 5


def damaged_pages(path: Path | None) -> list[int]:
    """The pages SQLite's dbstat table finds unreadable; empty when it cannot tell."""
    if path is None or not path.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE pagetype = 'corrupted'").fetchall()
        return sorted({int(page) for (page,) in rows})
    except sqlite3.Error:  # dbstat not compiled in, or the schema itself unreadable
        return []
    finally:
        conn.close()


@dataclass(frozen=True)
class Backup:
    """A backup file and when it was made."""

    path: Path
    made: datetime


def backups_folder() -> Path:
    return paths.backups_dir()


def newest_good_backup(database: Path | None) -> Backup | None:
    """The newest backup in the data folder's backups/ (sub-folders too) that SQLite reads whole.

    Backups in a sub-folder named after the database come first, when there are any.
    """
    folder = backups_folder()
    own = database.resolve() if database is not None else None
    found = [p for p in folder.rglob("*.sqlite3") if p.is_file() and p.resolve() != own]
    if database is not None:
        stem = database.stem.lower()
        mine = [
            p for p in found if any(stem in d.lower() for d in p.relative_to(folder).parts[:-1])
        ]
        found = mine or found
    found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in found[:BACKUPS_TRIED]:
        if is_good_backup(candidate):
            return Backup(candidate, datetime.fromtimestamp(candidate.stat().st_mtime))
    return None


def is_good_backup(path: Path) -> bool:
    """A cxdesk database SQLite finds sound (read only, nothing written)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
            return False
        return conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def restore_damaged(path: Path, backup: Path) -> Path:
    """Put a damaged file aside as `<name>.damaged-<stamp>` and a backup in its place.

    Returns where the damaged file is kept. The database must be closed. The backup is copied
    beside the database first, so a failed copy leaves the damaged file where it was.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    incoming = path.with_name(path.name + ".restoring")
    shutil.copyfile(backup, incoming)
    path.replace(aside)
    # The journal belongs to the damaged file: its last commits may be needed to rescue data.
    wal = Path(str(path) + "-wal")
    if wal.exists():
        wal.replace(Path(str(aside) + "-wal"))
    Path(str(path) + "-shm").unlink(missing_ok=True)
    incoming.replace(path)
    return aside
