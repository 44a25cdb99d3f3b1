"""The schema's revisions: those this version knows, its head, and the one a database is at.

The head is a constant (a test holds it to Alembic's own head), so opening a database that is
up to date reads one row and never imports Alembic: only a migration needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from cxdesk.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The newest revision in `migrations/versions`: a new migration moves it (a test checks).
HEAD_REVISION = "0009"

#: Alembic's table holding the revision a database is at.
VERSION_TABLE = "alembic_version"


def config() -> Config:
    """Alembic's configuration, pointing at the migrations shipped with this version."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest revision this version knows: where a database is brought."""
    return HEAD_REVISION


def alembic_head() -> str:
    """The head as Alembic reads it from the migration scripts (what HEAD_REVISION must be)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision this version knows: a database at another was written by a newer one."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    """The revision `db` is at, or None for a database with no schema yet."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    # One row, as Alembic writes it (several would be branches, which this desk never makes).
    return rows[0] if rows else None
