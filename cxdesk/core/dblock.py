"""The lock a window holds on its SQLite database file, that any process can test (filelock)."""

from __future__ import annotations

import contextlib
import os
import socket
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
        self._announced = False

    @property
    def is_locked(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def announce(self) -> None:
        """Write who holds the lock into its file (QLockFile's lines: pid, program, host), for
        the sentences that name the window; only into an empty file (filelock's own soft lock,
        where the system has no flock, keeps its records there)."""
        try:
            if self.path.stat().st_size == 0:
                self.path.write_text(
                    f"{os.getpid()}\ncxdesk\n{socket.gethostname()}\n", encoding="utf-8"
                )
                self._announced = True
        except OSError:  # a name in a sentence is a courtesy; the lock holds without it
            pass

    def release(self) -> None:
        if self._lock is None:
            return
        if self._announced:  # the lock file stays: it must not name a process gone
            with contextlib.suppress(OSError):
                self.path.write_text("", encoding="utf-8")
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


def acquire(database: Path, *, again: bool = True) -> DatabaseLock:
    """Hold the database's lock; raise DatabaseInUse when another process holds it.

    When this process holds it already (its window), `again` holds it once more (a restore
    the window starts); without `again` that is refused too (a second window).
    """
    hold = DatabaseLock(database)
    assert hold._lock is not None
    try:
        if not again and hold._lock.is_locked:
            raise Timeout(str(hold.path))
        hold._lock.acquire(timeout=0)
    except Timeout as exc:
        hold._lock = None
        raise DatabaseInUse(
            _(
                "{path} is open in a cxdesk window; close it, or use File → Restore… in that "
                "window."
            ).format(path=database),
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


def holder(database: Path) -> tuple[str, str] | None:
    """The process id and host a window wrote into the lock file, when it did."""
    try:
        text = lock_path(database.resolve()).read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines()
    except OSError:
        return None
    if lines and lines[0].strip().isdigit():
        host = lines[2].strip() if len(lines) > 2 and lines[2].strip() else "?"
        return lines[0].strip(), host
    return None


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
