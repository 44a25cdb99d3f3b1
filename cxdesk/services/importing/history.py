"""The packages a desk applied, and undoing the last one by restoring the backup taken before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.sync.apply import imports
from cxdesk.services.backups import restore


@dataclass(frozen=True)
class AppliedPackage:
    applied_at: datetime
    file_name: str
    sequence: int
    kind: str
    backup: Path | None


def last_import(db: Database) -> AppliedPackage | None:
    with db.unit() as session:
        found = imports(session, limit=1)
    if not found:
        return None
    last = found[0]
    backup = Path(last["backup_path"]) if last["backup_path"] else None
    return AppliedPackage(
        last["applied_at"], last["file_name"], last["sequence"], last["kind"], backup
    )


def revert_last_import(
    db: Database, *, shared: bool = False
) -> tuple[Database, AppliedPackage, Path | None]:
    """Put the desk back as it was before the last package: restore the backup taken then.

    Everything done since (edits, resolved conflicts) goes too; the desk as it is now is kept
    in a backup first, whose path is returned with the reopened database. The window that
    holds the database's lock may do this (its own lock); another process's lock refuses it.
    On a shared server, taking away other users' changes needs `shared` (`SharedRestore`).
    """
    last = last_import(db)
    if last is None:
        raise UserError(_("No package was imported on this desk: there is nothing to revert."))
    if last.backup is None or not last.backup.exists():
        raise UserError(
            _(
                "The backup taken before package {sequence} ({path}) is no longer "
                "there: the import cannot be reverted."
            ).format(sequence=last.sequence, path=last.backup)
        )
    # The desk's own backup: taken before a first import, it may hold no partnership yet.
    restored = restore(db, last.backup, force=True, shared=shared)
    return restored.db, last, restored.safety or restored.damaged
