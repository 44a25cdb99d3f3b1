"""The schema's revisions: those this version knows, its head, and the one a database is at."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from cxdesk.db.engine import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config() -> Config:
    """Alembic's configuration, pointing at the migrations shipped with this version."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest revision this version knows: where a database is brought."""
    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision this version knows: a database at another was written by a newer one."""
    return {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    """The revision `db` is at, or None for a database with no schema yet."""
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
