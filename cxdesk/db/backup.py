"""Backups and restores: SQLite through its online backup API, a server through a table dump."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Numeric, bindparam, delete, insert, select, text, update

from cxdesk.core.errors import UserError
from cxdesk.db.engine import Database
from cxdesk.db.models import Base

DUMP_FORMAT = 1


def backup_database(db: Database, out: Path) -> Path:
    """Write a consistent copy of the database; return the file written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if db.is_sqlite:
        target = out if out.suffix else out.with_suffix(".sqlite3")
        tmp = target.with_name(target.name + ".part")
        raw = db.engine.raw_connection()
        try:
            # The online backup API gives a consistent snapshot even while WAL holds commits.
            dest = sqlite3.connect(tmp)
            try:
                raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            finally:
                dest.close()
        finally:
            raw.close()
        tmp.replace(target)
        return target
    target = out if out.suffix else out.with_suffix(".cxdump.zip")
    _dump_tables(db, target)
    return target


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _dump_tables(db: Database, target: Path) -> None:
    from cxdesk.db.migrate import current_revision

    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf, db.engine.connect() as conn:
        meta = {"format": DUMP_FORMAT, "revision": current_revision(db)}
        zf.writestr("meta.json", json.dumps(meta))
        for table in Base.metadata.sorted_tables:
            with zf.open(f"{table.name}.jsonl", "w") as fh:
                for row in conn.execute(select(table).order_by(*table.primary_key)).mappings():
                    line = json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False)
                    fh.write(line.encode("utf-8") + b"\n")
    tmp.replace(target)


def _decode(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for column in table.columns:
        value = out.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, DateTime):
            out[column.name] = datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            out[column.name] = date.fromisoformat(value)
        elif isinstance(column.type, Numeric) and column.type.asdecimal:
            out[column.name] = Decimal(value)
    return out


def restore_dump(db: Database, source: Path) -> None:
    """Replace every table's rows by those of a dump, in one transaction."""
    from cxdesk.db.migrate import current_revision

    try:
        zf = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UserError(f"{source} is not a cxdesk backup.") from exc
    with zf:
        try:
            meta = json.loads(zf.read("meta.json"))
        except (KeyError, ValueError) as exc:
            raise UserError(f"{source} is not a cxdesk backup.") from exc
        if meta.get("revision") != current_revision(db):
            raise UserError(
                f"{source} was made with database schema {meta.get('revision')}, "
                f"this database has {current_revision(db)}."
            )
        with db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(delete(table))
            for table in Base.metadata.sorted_tables:
                _restore_table(conn, zf, table)
            if conn.dialect.name == "postgresql":
                _advance_sequences(conn)


def _advance_sequences(conn: Any) -> None:
    """Rows came with their ids: move each id sequence past them, or the next insert collides."""
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def _restore_table(conn: Any, zf: zipfile.ZipFile, table: Any) -> None:
    # A column pointing into its own table (a member's cluster) is filled in a second pass,
    # so rows need no particular order.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    later: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    with zf.open(f"{table.name}.jsonl") as fh:
        for line in fh:
            row = _decode(table, json.loads(line))
            if any(row.get(c) is not None for c in self_refs):
                later.append({c: row[c] for c in self_refs} | {"_pk": row["id"]})
                row = row | {c: None for c in self_refs}
            batch.append(row)
            if len(batch) >= 5000:
                conn.execute(insert(table), batch)
                batch = []
    if batch:
        conn.execute(insert(table), batch)
    if later:
        statement = (
            update(table)
            .where(table.c.id == bindparam("_pk"))
            .values({c: bindparam(c) for c in self_refs})
        )
        conn.execute(statement, later)
