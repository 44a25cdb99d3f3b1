"""The database's own health: file integrity and references that point nowhere."""

from __future__ import annotations

from sqlalchemy import text

from cxdesk.db.engine import Database


def integrity_problems(db: Database) -> list[str]:
    """What the engine finds wrong with the stored data itself; empty when healthy."""
    problems: list[str] = []
    with db.engine.connect() as conn:
        if db.is_sqlite:
            for (line,) in conn.execute(text("PRAGMA integrity_check")):
                if line != "ok":
                    problems.append(f"integrity: {line}")
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
