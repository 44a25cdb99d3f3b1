"""Backups and restores: SQLite through its online backup API, a server through a table dump."""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    MetaData,
    Numeric,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.revision import current_revision, known_revisions

DUMP_FORMAT = 1
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
SQLITE_FULL = 13
# A write the system refused (SQLITE_IOERR_WRITE, _FSYNC, _TRUNCATE, _SHMSIZE): a full disk or a
# file at its size limit, as a rule; SQLite does not pass the errno on.
_WRITE_REFUSED = {778, 1034, 1546, 4874}


def backup_suffix(db: Database) -> str:
    """The suffix of a backup file the desk names itself (automatic backups)."""
    return ".sqlite3" if db.is_sqlite else ".cxdump.zip"


def folder_name(target: str) -> str:
    """A database's own folder among the backups: `<file stem or server db name>-<short hash>`,
    the hash of its full path (or address, without the password) keeping two `cxdesk.sqlite3`
    of different folders apart."""
    if "://" in target and not target.startswith("sqlite"):
        url = make_url(target).set(password=None)
        name, full = url.database or url.host or "server", url.render_as_string()
    else:
        path = Path(target.split(":///", 1)[-1]).expanduser()
        name, full = path.stem, str(path.resolve())
    digest = hashlib.sha256(full.encode("utf-8")).hexdigest()[:8]
    safe = re.sub(r"[^\w.-]+", "_", name).strip("._") or "database"
    return f"{safe[:40]}-{digest}"


def disk_full(exc: BaseException) -> bool:
    """A write the system refused for lack of space (or a file size limit)."""
    if isinstance(exc, OSError):
        return exc.errno in _DISK_FULL
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and (code & 0xFF == SQLITE_FULL or code in _WRITE_REFUSED)
    return False


def _not_written(out: Path, exc: BaseException) -> UserError:
    if disk_full(exc):
        return UserError(
            _(
                "The backup could not be written to {path}: the disk is full; free some space "
                "and try again."
            ).format(path=out)
        )
    if isinstance(exc, OSError):
        return UserError(
            _("The backup could not be written to {path}: {reason}.").format(
                path=out, reason=exc.strerror or type(exc).__name__
            )
        )
    return UserError(
        _("The backup could not be written to {path}: {reason}.").format(
            path=out, reason=str(exc).strip().rstrip(".") or type(exc).__name__
        )
    )


def remove_part(part: Path) -> None:
    """A half-written file and the journals SQLite may have left beside it."""
    for name in (part, *(Path(str(part) + s) for s in ("-journal", "-wal", "-shm"))):
        # Nothing more to do when this fails too: the sentence already says the write failed.
        with contextlib.suppress(OSError):
            name.unlink(missing_ok=True)


def backup_database(db: Database, out: Path) -> Path:
    """Write a consistent copy of the database at exactly `out`; return it.

    The copy is written beside as `<out>.part` and renamed into place only when complete; on
    any failure the `.part` is removed and the failure told in one sentence (UserError).
    """
    out = Path(out)
    part = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_part(part)  # a leftover of a process killed half-way
        if db.is_sqlite:
            raw = db.engine.raw_connection()
            try:
                _copy_sqlite(raw.driver_connection, part)  # type: ignore[arg-type]
            finally:
                raw.close()
        else:
            _dump_tables(db, part)
        part.replace(out)
    except (OSError, sqlite3.Error) as exc:
        remove_part(part)
        raise _not_written(out, exc) from exc
    except BaseException:
        remove_part(part)
        raise
    return out


def copy_sqlite_file(source: Path, out: Path) -> Path:
    """A consistent copy of an SQLite file no window holds, without SQLAlchemy (`.part` first)."""
    part = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_part(part)
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _copy_sqlite(conn, part)
        finally:
            conn.close()
        part.replace(out)
    except (OSError, sqlite3.Error) as exc:
        remove_part(part)
        raise _not_written(out, exc) from exc
    except BaseException:
        remove_part(part)
        raise
    return out


def _copy_sqlite(conn: sqlite3.Connection, part: Path) -> None:
    # The online backup API gives a consistent snapshot even while WAL holds commits.
    dest = sqlite3.connect(part)
    try:
        conn.backup(dest)
        # A backup is a file to keep, not to work in: out of WAL mode, so reading it (a
        # restore's checks) leaves no -wal and -shm files beside it. Opened as the database,
        # the desk puts it back in WAL mode.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


# -- restoring an SQLite file without opening the one it replaces --------------------------------


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection; the -wal and -shm files it makes for a WAL file (SQLite does,
    even read only) are removed after, unless they were there before or hold commits."""
    sidecars = [Path(str(path) + s) for s in ("-wal", "-shm")]
    before = {p for p in sidecars if p.exists()}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()
        wal = sidecars[0]
        if wal not in before and (not wal.exists() or wal.stat().st_size == 0):
            for made in sidecars:
                if made not in before:
                    with contextlib.suppress(OSError):
                        made.unlink(missing_ok=True)


def check_sqlite_backup(source: Path) -> None:
    """Refuse (UserError) a file that is not a sound cxdesk backup this version can open."""
    try:
        with _read_only(source) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise UserError(_("{path} is damaged; it cannot be restored.").format(path=source))
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path} is not a cxdesk backup.").format(path=source)) from exc
    if row is None or row[0] not in known_revisions():
        raise UserError(
            _("{path} was made by a newer cxdesk or is not a cxdesk backup.").format(path=source)
        )


def is_sound(path: Path) -> bool:
    """Whether SQLite reads the whole file without finding damage (read only)."""
    try:
        with _read_only(path) as conn:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.Error:
        return False


def sqlite_state(path: Path, key: str) -> str | None:
    """A desk_state value read from an SQLite file; None when missing or unreadable."""
    if not path.is_file():
        return None
    try:
        with _read_only(path) as conn:
            row = conn.execute("SELECT value FROM desk_state WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def dump_state(source: Path, key: str) -> str | None:
    """A desk_state value read from a server's dump; None when missing or unreadable."""
    try:
        with zipfile.ZipFile(source) as zf, zf.open("desk_state.jsonl") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("key") == key:
                    return str(row.get("value"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return None


def dump_audit_point(source: Path) -> int:
    """The newest audit entry a server's dump holds: the moment it was taken (0 if none)."""
    newest = 0
    try:
        with zipfile.ZipFile(source) as zf, zf.open("audit.jsonl") as fh:
            for line in fh:
                newest = max(newest, int(json.loads(line).get("id") or 0))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return 0
    return newest


def put_in_place(source: Path, target: Path, keep_aside: bool) -> Path | None:
    """Copy a backup over an SQLite file that is closed and locked; never opens the old file.

    `keep_aside` (a damaged file) moves the old file and its journal to
    `<name>.damaged-<stamp>`, returned; otherwise its journal files are dropped (a backup of
    it was taken through SQLite first). The copy goes to `<name>.restoring` and is renamed
    into place only when complete.
    """
    incoming = target.with_name(target.name + ".restoring")
    try:
        remove_part(incoming)  # a leftover of a restore killed half-way
        shutil.copyfile(source, incoming)
        with open(incoming, "rb+") as fh:
            os.fsync(fh.fileno())
    except OSError as exc:
        remove_part(incoming)
        if disk_full(exc):
            raise UserError(
                _(
                    "{path} could not be restored: the disk is full; free some space and try "
                    "again. The database is unchanged."
                ).format(path=target)
            ) from exc
        raise UserError(
            _("{path} could not be restored: {reason}. The database is unchanged.").format(
                path=target, reason=exc.strerror or type(exc).__name__
            )
        ) from exc
    aside = None
    wal, shm = Path(str(target) + "-wal"), Path(str(target) + "-shm")
    if keep_aside and target.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.name}.damaged-{stamp}")
        target.replace(aside)
        # The journal belongs to the damaged file: its last commits may help rescue data.
        if wal.exists() and wal.stat().st_size > 0:
            wal.replace(Path(str(aside) + "-wal"))
    wal.unlink(missing_ok=True)
    shm.unlink(missing_ok=True)
    incoming.replace(target)
    return aside


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # evidence files (PostgreSQL hands memoryview)
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _snapshot(db: Database) -> Any:
    """A connection reading one moment of the database while others write: PostgreSQL's
    REPEATABLE READ sees every table as it was when the dump's first query ran."""
    if db.is_sqlite:
        return db.engine.connect()  # its BEGIN (engine._begin) reads one moment of the file
    return db.engine.connect().execution_options(isolation_level="REPEATABLE READ")


def _dump_tables(db: Database, target: Path) -> None:
    with (
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf,
        _snapshot(db) as conn,
        conn.begin(),
    ):
        # The schema as it is in the database, read in the same moment as the rows.
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        meta = {"format": DUMP_FORMAT, "revision": revision}
        zf.writestr("meta.json", json.dumps(meta))
        for table in _tables_of(conn):
            with zf.open(f"{table.name}.jsonl", "w") as fh:
                for row in conn.execute(select(table).order_by(*table.primary_key)).mappings():
                    line = json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False)
                    fh.write(line.encode("utf-8") + b"\n")


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
        elif isinstance(column.type, LargeBinary):
            out[column.name] = base64.b64decode(value)
    return out


def restore_dump(db: Database, source: Path) -> None:
    """Replace every table's rows by those of a dump, in one transaction.

    A dump made under an older schema is restored the way it was made: the schema is taken back
    to the dump's revision, the rows put in, and the schema brought forward again by the same
    migrations as any older database (their data steps included) — all in the one transaction.
    """
    try:
        zf = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UserError(_("{path} is not a cxdesk backup.").format(path=source)) from exc
    with zf:
        try:
            meta = json.loads(zf.read("meta.json"))
        except (KeyError, ValueError) as exc:
            raise UserError(_("{path} is not a cxdesk backup.").format(path=source)) from exc
        made, current = meta.get("revision"), current_revision(db)
        if made != current and made not in known_revisions():
            raise UserError(
                _(
                    "{path} was made by a newer cxdesk (schema {made}); install the newer "
                    "version to restore it."
                ).format(path=source, made=made)
            )
        with db.engine.begin() as conn:
            if made != current:
                _migrate(conn, "downgrade", str(made))
            tables = _tables_of(conn)
            for table in reversed(tables):
                conn.execute(delete(table))
            for table in tables:
                if f"{table.name}.jsonl" in zf.namelist():
                    _restore_table(conn, zf, table)
            if conn.dialect.name == "postgresql":
                _advance_sequences(conn, tables)
            if made != current:
                _migrate(conn, "upgrade", str(current))


def _migrate(conn: Any, direction: str, revision: str) -> None:
    from alembic import command

    from cxdesk.db.revision import config

    cfg = config()
    cfg.attributes["connection"] = conn
    getattr(command, direction)(cfg, revision)


def _tables_of(conn: Any) -> list[Any]:
    """The database's tables as they are now (the dump's schema, during an older restore)."""
    found = MetaData()
    found.reflect(conn)
    return [t for t in found.sorted_tables if t.name != "alembic_version"]


def _advance_sequences(conn: Any, tables: list[Any]) -> None:
    """Rows came with their ids: move each id sequence past them, or the next insert collides."""
    for table in tables:
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
