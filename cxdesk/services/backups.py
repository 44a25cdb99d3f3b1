"""Backups a person asks for, and restores: the current state is kept before anything is lost."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cxdesk.core import dblock, paths
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.db import office
from cxdesk.db.backup import (
    backup_database,
    backup_suffix,
    check_sqlite_backup,
    copy_sqlite_file,
    dump_audit_point,
    dump_state,
    folder_name,
    is_sound,
    put_in_place,
    restore_dump,
    sqlite_state,
)
from cxdesk.db.engine import Database
from cxdesk.db.migrate import open_database

#: The before-import backups kept per database (File → Revert last import uses the newest).
KEEP_IMPORT_BACKUPS = 10


def backup(db: Database, out: Path) -> Path:
    """Write a backup of the whole database at exactly `out` (a folder: a file named by time
    in it); return the file written."""
    if out.exists() and out.is_dir():
        out = out / f"cxdesk-{datetime.now():%Y%m%d-%H%M%S}{backup_suffix(db)}"
    return backup_database(db, out)


def backups_folder(target: Database | str | Path) -> Path:
    """The database's own folder among the data folder's backups/."""
    if isinstance(target, Database):
        target = str(target.path) if target.path else target.url
    return paths.backups_dir() / folder_name(str(target))


def automatic_backup(db: Database, reason: str) -> Path:
    """A backup in the database's own folder of backups/, named by reason and time (before an
    import, a restore, a migration); old before-import backups are cleaned."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    made = backup_database(db, backups_folder(db) / f"{reason}-{stamp}{backup_suffix(db)}")
    if reason == "before-import":
        prune_import_backups(db, keep=made)
    return made


def prune_import_backups(db: Database, keep: Path | None = None) -> list[Path]:
    """Delete all but the newest KEEP_IMPORT_BACKUPS before-import backups of the database;
    never the one the last import points to (Revert last import needs it). Return the deleted."""
    from cxdesk.db.sync.records import imports

    with db.unit() as session:
        last = imports(session, limit=1)
    protected = {p.resolve() for p in (keep,) if p is not None}
    if last and last[0]["backup_path"]:
        protected.add(Path(last[0]["backup_path"]).resolve())
    found = sorted(backups_folder(db).glob(f"before-import-*{backup_suffix(db)}"), reverse=True)
    deleted = []
    for old in found[KEEP_IMPORT_BACKUPS:]:
        if old.resolve() in protected:
            continue
        try:
            old.unlink()
        except OSError:  # cleaning is a courtesy: a file that stays harms nothing
            continue
        deleted.append(old)
    # A backup killed half-way (power cut, kill -9) leaves its .part; a day old, nobody is
    # still writing it.
    for part in backups_folder(db).glob("*.part"):
        try:
            if time.time() - part.stat().st_mtime > 86400:
                part.unlink()
                deleted.append(part)
        except OSError:
            continue
    return deleted


class OtherPartnership(UserError):
    """The backup is of another partnership than the database it would replace."""

    def __init__(self, source: Path, ours: str, theirs: str) -> None:
        super().__init__(
            _(
                "{source} is a backup of the partnership {theirs}, and this database holds "
                "{ours}: add --force to replace it anyway."
            ).format(source=source, theirs=theirs, ours=ours)
        )
        self.ours = ours
        self.theirs = theirs


@dataclass(frozen=True)
class Restored:
    """The database reopened on the backup, where the old one is kept, and any file put aside."""

    db: Database
    safety: Path | None  # a backup of the database as it was (None: it was damaged or missing)
    damaged: Path | None  # the damaged file, kept aside as `<name>.damaged-<stamp>`

    def sentence(self, source: Path) -> str:
        if self.damaged is not None:
            return _(
                "Restored from {source}; the damaged database is kept aside as {damaged}."
            ).format(source=source, damaged=self.damaged)
        if self.safety is not None:
            return _("Restored from {source}; the database as it was is kept in {safety}.").format(
                source=source, safety=self.safety
            )
        return _("Restored from {source}.").format(source=source)


def sqlite_file(target: str) -> Path | None:
    """The file of an SQLite target (a path or an sqlite:/// address); None for a server."""
    if "://" not in target:
        return Path(target).expanduser()
    if target.startswith("sqlite") and ":///" in target:
        return Path(target.split(":///", 1)[1]).expanduser()
    return None


def partnerships(target: Database | str, source: Path) -> tuple[str | None, str | None]:
    """The partnership of the database and of the backup (None where unknown)."""
    path = target.path if isinstance(target, Database) else sqlite_file(target)
    if path is not None:
        return sqlite_state(path, "partnership"), sqlite_state(source, "partnership")
    assert isinstance(target, Database)
    from cxdesk.db.store import Store

    with target.unit() as session:
        ours = Store(session).state("partnership")
    return ours, dump_state(source, "partnership")


def restore(
    target: Database | str, source: Path, *, force: bool = False, shared: bool | None = None
) -> Restored:
    """Replace the database (open, or a path or address) by a backup; return it reopened.

    An SQLite file is replaced under its lock (refused while another process, a window, holds
    it; this process's own window may) and never opened first: a damaged one is put aside. A
    backup of another partnership needs `force`. An open `target` is closed. On a shared
    server, a restore that would take away other users' changes, or while other desks are
    connected, needs `shared` (default: `force`).
    """
    if not source.is_file():
        raise UserError(_("{path} does not exist.").format(path=source))
    path = target.path if isinstance(target, Database) else sqlite_file(target)
    if path is None:
        assert isinstance(target, Database), "a server is restored through its open database"
        return _restore_server(target, source, force, force if shared is None else shared)
    with dblock.acquire(path):
        check_sqlite_backup(source)
        ours, theirs = partnerships(target, source)
        if ours and theirs and ours != theirs and not force:
            raise OtherPartnership(source, ours, theirs)
        if isinstance(target, Database):
            target.close()
        safety = None
        sound = path.exists() and is_sound(path)
        if sound:
            folder = backups_folder(str(path))
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            safety = copy_sqlite_file(path, folder / f"before-restore-{stamp}.sqlite3")
        damaged = put_in_place(source, path, keep_aside=path.exists() and not sound)
        reopened = open_database(path, backup_dir=paths.backups_dir())
    return Restored(reopened, safety, damaged)


class SharedRestore(UserError):
    """A restore of a shared database would take away other users' work: `facts` says whose."""

    def __init__(self, facts: str) -> None:
        super().__init__(facts + " " + _("Nothing was restored; use --force to restore anyway."))
        self.facts = facts


def shared_losses(db: Database, source: Path) -> str | None:
    """What restoring `source` on a shared database would take from others, or None."""
    facts = []
    desks = office.other_desks(db)
    if desks:
        facts.append(
            ngettext(
                "{n} other desk is connected to this database now ({who}).",
                "{n} other desks are connected to this database now ({who}).",
                len(desks),
            ).format(n=len(desks), who=", ".join(desk.who for desk in desks))
        )
    counts = office.others_changes_since(db, dump_audit_point(source))
    if counts:
        total = sum(counts.values())
        facts.append(
            ngettext(
                "Since that backup, other users made {n} change ({who}); restoring takes it away.",
                "Since that backup, other users made {n} changes ({who}); restoring takes "
                "them away.",
                total,
            ).format(n=total, who=", ".join(f"{who}: {n}" for who, n in counts.items()))
        )
    return " ".join(facts) or None


def _restore_server(db: Database, source: Path, force: bool, shared: bool) -> Restored:
    ours, theirs = partnerships(db, source)
    if ours and theirs and ours != theirs and not force:
        raise OtherPartnership(source, ours, theirs)
    # Under the import lock: no package lands on the shared database while it is replaced.
    with office.exclusive(db, office.Exclusive.IMPORT):
        losses = None if shared else shared_losses(db, source)
        if losses:
            raise SharedRestore(losses)
        safety = automatic_backup(db, "before-restore")
        restore_dump(db, source)
    return Restored(db, safety, None)
