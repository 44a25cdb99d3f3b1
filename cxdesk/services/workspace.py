"""Which database the desk works on, opened, created or migrated as needed."""

from __future__ import annotations

import os
from pathlib import Path

from cxdesk.core import paths
from cxdesk.db.engine import Database


def resolve_target(db_option: str | None) -> str:
    """--db, else CXDESK_DB, else the settings' database (a shared office's address), else
    cxdesk.sqlite3 in the user's data folder."""
    if db_option:
        return db_option
    env = os.environ.get("CXDESK_DB")
    if env:
        return env
    from cxdesk.core.settings import Settings

    chosen = Settings.load().database.strip()
    if chosen:
        return chosen
    return str(paths.default_db_path())


def open_workspace(db_option: str | None = None) -> Database:
    # The migration module loads SQLAlchemy: imported here, so that the window's fast start
    # can ask `resolve_target` which file it draws before anything loads it.
    from cxdesk.db.migrate import open_database

    return open_database(resolve_target(db_option), backup_dir=paths.backups_dir())


def is_cloud_synced(path: Path) -> bool:
    """A database in a folder a cloud client copies around gets corrupted: warn about it."""
    lowered = str(path).lower().replace("\\", "/")
    markers = (
        "onedrive",
        "dropbox",
        "google drive",
        "googledrive",
        "icloud",
        "/mydrive",
        "nextcloud",
    )
    return any(m in lowered for m in markers)
