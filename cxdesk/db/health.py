"""The database's own health: file integrity, references that point nowhere, and recovery."""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cxdesk.core import paths
from cxdesk.db import failures
from cxdesk.db.engine import Database

#: How many of the newest backups are checked before the search gives up (each is read whole).
BACKUPS_TRIED = 5


def integrity_problems(db: Database) -> list[str]:
    """What the engine finds wrong with the stored data itself; empty when healthy."""
    problems: list[str] = []
    if db.is_sqlite:
        damage = sqlite_damage(db, quick=False)
        if damage is not None:
            return [damage.message]
    with db.engine.connect() as conn:
        if db.is_sqlite:
            for table, rowid, parent, _fk in conn.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"{table} row {rowid} refers to a missing {parent} row")
        else:
            checks = {
                "people": ("organisation_uid", "organisations"),
                "exchanges": ("visitor_uid", "people"),
                "payments": ("exchange_uid", "exchanges"),
            }
            for table, (column, parent) in checks.items():
                count = conn.execute(
                    text(
                        f"SELECT count(*) FROM {table} t LEFT JOIN {parent} p "
                        f"ON p.uid = t.{column} WHERE p.uid IS NULL"
                    )
                ).scalar_one()
                if count:
                    problems.append(f"{count} {table} rows refer to a missing {parent} row")
    return problems


def sqlite_damage(db: Database, quick: bool = True) -> failures.DatabaseDamaged | None:
    """SQLite's own check (quick_check, or integrity_check) told in words; None when sound."""
    if not db.is_sqlite:
        return None
    pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
    try:
        with db.engine.connect() as conn:
            lines = [str(line) for (line,) in conn.execute(text(pragma))]
    except DBAPIError as exc:
        # A page so damaged that the check itself stops: dbstat still finds which.
        explained = failures.explain(exc, str(db.path))
        if isinstance(explained, failures.DatabaseDamaged):
            return explained
        raise
    if lines == ["ok"]:
        return None
    # One report may hold several lines ("Page 25: btreeInitPage() returns error code 11",
    # then the pages only it pointed to, "Page 89 is never used"): the first kind counts.
    found = [text for line in lines for text in line.splitlines() if "never used" not in text]
    pages = sorted({int(n) for line in found for n in re.findall(r"[Pp]age (\d+)", line)})
    return failures.damaged(db.path, db.label, damaged_pages(db.path) or pages)


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
