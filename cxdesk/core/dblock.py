"""The lock a window holds on its SQLite database file, that any process can test (filelock)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _


class DatabaseInUse(UserError):
    """Another process (a cxdesk window, as a rule) holds the database's lock."""

    def __init__(self, message: str, database: Path, lock: Path) -> None:
        super().__init__(message)
        self.database = database
        self.lock = lock


def lock_path(database: Path) -> Path:
    """`<database>.lock` beside the database file."""
    return database.with_name(database.name + ".lock")


def _file_lock(database: Path) -> FileLock:
    # One instance per lock file in this process (is_singleton), its holds counted across
    # threads (thread_local=False): a restore the window itself starts, in a worker thread too,
    # goes on under the window's own hold. The system drops the lock when its process ends, so
    # a crashed window leaves no stale lock behind.
    # The real file's path, so two names of one file (a link, a relative path) share a lock.
    return FileLock(
        str(lock_path(database.resolve())), timeout=0, thread_local=False, is_singleton=True
    )


class DatabaseLock:
    """One hold of a database's lock; `release` (or `unlock`) gives it back once."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = lock_path(database.resolve())
        self._lock: FileLock | None = _file_lock(database)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    unlock = release  # the name QLockFile used

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire(database: Path) -> DatabaseLock:
    """Hold the database's lock (again, when this process holds it already); raise DatabaseInUse
    when another process holds it."""
    hold = DatabaseLock(database)
    assert hold._lock is not None
    try:
        hold._lock.acquire(timeout=0)
    except Timeout as exc:
        raise DatabaseInUse(
            _("{path} is open in a cxdesk window; close it, or use File → Restore… in that "
              "window.").format(path=database),
            database,
            hold.path,
        ) from exc
    except OSError as exc:  # a folder the person may not write to: no window could work there
        raise UserError(
            _("The lock {lock} cannot be made ({reason}): is the folder read-only?").format(
                lock=hold.path, reason=exc.strerror or type(exc).__name__
            )
        ) from exc
    return hold


def held_here(database: Path) -> bool:
    """Whether this process holds the database's lock (the window's own)."""
    return _file_lock(database).is_locked


def held_elsewhere(database: Path) -> bool:
    """Whether another process holds the database's lock; nothing is kept held."""
    if held_here(database):
        return False
    try:
        acquire(database).release()
    except DatabaseInUse:
        return True
    return False
