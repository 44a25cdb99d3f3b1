"""Schema versions with Alembic: create a new database, migrate an older one, refuse a newer."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import DatabaseError, OperationalError

from cxdesk.core.errors import DatabaseTooNew, UserError
from cxdesk.db.engine import Database, connect
from cxdesk.db.revision import config, current_revision, head_revision, known_revisions

log = logging.getLogger("cxdesk.db.migrate")


def upgrade(db: Database, revision: str = "head") -> None:
    # Alembic is imported here, when a schema is behind: an up-to-date database opens without.
    from alembic import command

    cfg = config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def ensure_schema(db: Database, backup_dir: Path | None) -> Path | None:
    """Bring the schema to head; return the backup taken before migrating, if any."""
    try:
        current = current_revision(db)
        if current == head_revision():
            return None
        tables = set(inspect(db.engine).get_table_names())
    except (OperationalError, DatabaseError) as exc:
        from cxdesk.db.failures import explain

        raise explain(exc, str(db.path or db.url)) or UserError(
            f"{db.label} is not a database cxdesk can read: is it damaged?"
        ) from exc
    head = head_revision()
    if current is None:
        if tables - {"alembic_version"}:
            raise UserError(f"{db.label} holds tables but is not a cxdesk database.")
        upgrade(db)
        return None
    if current not in known_revisions():
        raise DatabaseTooNew(
            f"{db.label} was written by a newer cxdesk (schema {current}); "
            "install the newer version to open it."
        )
    backup = None
    if backup_dir is not None:
        from cxdesk.db.backup import backup_database, backup_suffix, folder_name

        # In the database's own folder among the backups, as every automatic backup.
        folder = backup_dir / folder_name(str(db.path) if db.path else db.url)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"before-migration-{current}-{stamp}{backup_suffix(db)}"
        backup = backup_database(db, folder / name)
        log.info("backed up %s to %s before migrating %s -> %s", db.label, backup, current, head)
    upgrade(db)
    return backup


def open_database(target: str | Path, backup_dir: Path | None = None) -> Database:
    """Open (and create or migrate) the database at a path or URL."""
    db = connect(target)
    try:
        ensure_schema(db, backup_dir)
    except BaseException:
        db.close()
        raise
    return db
