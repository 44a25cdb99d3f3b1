"""A database's failures told in one sentence: damaged, busy, full, read-only, a server away."""

from __future__ import annotations

import errno
import logging
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_day, ngettext
from cxdesk.db import damage_files as health
from cxdesk.db.addresses import busy_timeout_ms, make_url_safe

log = logging.getLogger("cxdesk.db.failures")

# SQLite's primary result codes (an extended code keeps them in its low byte).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB = 26
# A write the system refused (SQLITE_IOERR_WRITE, _FSYNC, _TRUNCATE, _SHMSIZE: the -shm file
# beside the database could not grow): a full disk or a file at its size limit, as a rule;
# SQLite does not pass the errno on.
_WRITE_REFUSED = {778, 1034, 1546, 4874}

_DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}

#: The database this process works on: a failure raised far from `connect` still names it.
_current: list[str] = []


class DatabaseDamaged(UserError):
    """The database file is damaged; `backup` is the newest good backup, if one was found."""

    def __init__(
        self,
        message: str,
        path: Path | None,
        backup: Path | None = None,
        backup_made: datetime | None = None,
        summary: str = "",
    ) -> None:
        super().__init__(message)
        self.summary = summary or message  # what is wrong, without the way out
        self.path = path
        self.backup = backup
        self.backup_made = backup_made


def remember(target: str) -> None:
    """The database being opened (a path or URL), named by failures that do not say which."""
    _current[:] = [target]


def label_of(target: str | None) -> str:
    """A path as it is, an address without its password."""
    target = target if target is not None else (_current[0] if _current else "")
    return make_url_safe(target) if "://" in target else target


def _sqlite_path(target: str | None) -> Path | None:
    target = target if target is not None else (_current[0] if _current else None)
    if not target or ("://" in target and not target.startswith("sqlite")):
        return None
    if target.startswith("sqlite"):
        target = target.split(":///", 1)[-1]
    return Path(target) if target and target != ":memory:" else None


def reason(exc: BaseException) -> str:
    """The driver's first line, without any password, for the log."""
    original = getattr(exc, "orig", None)
    text = str(original or exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo and len(seen) < 12:
        item = todo.pop(0)
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        todo += [getattr(item, "orig", None), item.__cause__, item.__context__]
    return seen


def explain(exc: BaseException, target: str | None = None) -> UserError | None:
    """The sentence for a database's failure, or None when `exc` is not one (a bug, then).

    `target` is the database's path or URL; by default the one this process opened last.
    """
    for item in _chain(exc):
        if isinstance(item, UserError):
            return item
        if isinstance(item, sqlite3.Error) and getattr(item, "sqlite_errorcode", None):
            found = _explain_sqlite(item, target)
            if found is not None:
                return found
        if type(item).__module__.startswith("psycopg") and type(item).__name__ in (
            "OperationalError",
            "ConnectionTimeout",
        ):
            return _explain_server(item, target)
        if isinstance(item, OSError) and item.errno in _DISK_FULL:
            where = str(item.filename) if item.filename else label_of(target)
            return UserError(
                _(
                    "The disk holding {file} is full; nothing more was written there: free "
                    "some space and try again."
                ).format(file=where)
            )
    return None


def _explain_sqlite(exc: sqlite3.Error, target: str | None) -> UserError | None:
    code = int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF
    label = label_of(target)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(_sqlite_path(target), label, not_a_database=code == SQLITE_NOTADB)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        who = _writer(_sqlite_path(target))
        seconds = f"{busy_timeout_ms() / 1000:g}"
        if who:
            message = _(
                "Another program is writing to the database {file} ({who}) and did not finish "
                "within {seconds} s; nothing was changed: try again when it is done."
            ).format(file=label, who=who, seconds=seconds)
        else:
            message = _(
                "Another program (an import, a second cxdesk) is writing to the database "
                "{file} and did not finish within {seconds} s; nothing was changed: try again "
                "when it is done."
            ).format(file=label, seconds=seconds)
        return UserError(message)
    extended = int(getattr(exc, "sqlite_errorcode", 0))
    if code == SQLITE_FULL or extended in _WRITE_REFUSED:
        return UserError(
            _(
                "The database {file} could not be written: the disk is full (or the file "
                "reached its size limit); nothing was changed: free some space and try again."
            ).format(file=label)
        )
    if code == SQLITE_READONLY:
        return UserError(
            _(
                "The database {file} is read-only (the file or its folder may not be "
                "written); nothing was changed: ask for write permission, or copy it to a "
                "folder of yours and open the copy."
            ).format(file=label)
        )
    if code == SQLITE_CANTOPEN:
        return cannot_open(target)
    if code == SQLITE_IOERR:
        return UserError(
            _(
                "The disk did not let cxdesk read or write the database {file} ({reason}); "
                "nothing was changed: check the disk, then try again."
            ).format(file=label, reason=reason(exc))
        )
    return None


def cannot_open(target: str | None) -> UserError:
    """A file SQLite cannot open: usually a folder it may not write its journal into."""
    path = _sqlite_path(target)
    if path is None:
        return UserError(_("The database {url} cannot be opened.").format(url=label_of(target)))
    folder = path.expanduser().resolve().parent
    if folder.is_dir() and not _writable(folder):
        return UserError(
            _(
                "The database {file} cannot be opened: its folder {folder} is read-only, and "
                "SQLite writes its journal beside the file; ask for write permission, or copy "
                "the file to a folder of yours and open the copy."
            ).format(file=path, folder=folder)
        )
    return UserError(
        _(
            "The database {file} cannot be opened: the file or its folder cannot be read or "
            "written."
        ).format(file=path)
    )


def _writable(folder: Path) -> bool:
    # os.access answers yes to root even on an immutable folder; trying is the only sure test.
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _writer(path: Path | None) -> str:
    """Who holds the database, when a cxdesk window says so in its lock file (QLockFile)."""
    if path is None:
        return ""
    try:
        lines = (
            path.with_name(path.name + ".lock")
            .read_text(encoding="utf-8", errors="replace")
            .splitlines()
        )
    except OSError:
        return ""
    if lines and lines[0].strip().isdigit():
        host = lines[2].strip() if len(lines) > 2 and lines[2].strip() else "?"
        return _("a cxdesk window, process {pid} on {host}").format(pid=lines[0].strip(), host=host)
    return ""


def _explain_server(exc: BaseException, target: str | None) -> UserError:
    label = label_of(target)
    text = str(exc)
    lowered = text.lower()
    if "password" in lowered or "authentication" in lowered:
        return UserError(
            _(
                "The database server {url} refused the user name or password; check them "
                "(CXDESK_DB or --db) and try again."
            ).format(url=label)
        )
    if any(
        word in lowered
        for word in ("refused", "timeout", "timed out", "no route", "translate host", "unreachable")
    ):
        return UserError(
            _(
                "The database server {url} does not answer; check that it runs, that the "
                "address is right and that this computer may reach it."
            ).format(url=label)
        )
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    # "connection failed: connection to server at …, port 5432 failed: FATAL:  role "x" does
    # not exist": the server's own words are what a person can act on.
    first = first.rpartition("FATAL:")[2].strip() or first
    return UserError(
        _("The database server {url} refused the connection: {reason}.").format(
            url=label, reason=_hide_secrets(first, target).rstrip(".")
        )
    )


def _hide_secrets(text: str, target: str | None) -> str:
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    if target and "://" in target:
        try:
            url = make_url(target)
            for secret in (url.password, url.query.get("password")):
                if isinstance(secret, str) and secret:
                    text = text.replace(secret, "***")
        except (ArgumentError, ValueError):
            pass
    return text


def damaged(
    path: Path | None, label: str, pages: list[int] | None = None, not_a_database: bool = False
) -> DatabaseDamaged:
    """The sentence for a damaged SQLite file: where, and the newest good backup to restore."""
    if pages is None and path is not None and not not_a_database:
        pages = health.damaged_pages(path)
    if not_a_database:
        what = _("The file {file} is not a database, or its first page is damaged.").format(
            file=label
        )
    elif pages:
        what = ngettext(
            "The database {file} is damaged (page {first}).",
            "The database {file} is damaged: {n} pages cannot be read (first: page {first}).",
            len(pages),
        ).format(file=label, n=len(pages), first=pages[0])
    else:
        what = _("The database {file} is damaged.").format(file=label)
    backup = health.newest_good_backup(path)
    db_option = f"--db {path} " if path is not None else ""
    if backup is not None:
        made = format_day(backup.made.date(), fmt="long")
        advice = _(
            "The last good backup is {backup} from {day}; restore it with "
            "`cxdesk {db_option}restore {backup}`, or open the window, which offers to."
        ).format(backup=backup.path, day=made, db_option=db_option)
    else:
        advice = _(
            "No good backup was found in {folder}; keep the file as it is and restore a copy "
            "made elsewhere with `cxdesk {db_option}restore FILE`."
        ).format(folder=health.backups_folder(), db_option=db_option)
    log.warning("%s is damaged (pages %s)", label, pages)
    return DatabaseDamaged(
        f"{what} {advice}",
        path,
        backup.path if backup else None,
        backup.made if backup else None,
        what,
    )
