"""The database's own health: file integrity, references that point nowhere, and recovery."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cxdesk.db import failures
from cxdesk.db.damage_files import damaged_pages
from cxdesk.db.engine import Database

#: How many of the newest backups are checked before the search gives up (each is read whole).


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
                "reports": ("exchange_uid", "exchanges"),
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
