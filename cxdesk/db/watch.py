"""What other desks committed since the last look: the window shows it without a reload.

PostgreSQL announces each changed table (migration 0007's triggers, `NOTIFY cxdesk_changes`,
with the server process that changed it); SQLite tells a commit by another connection through
`PRAGMA data_version`. Either way the audit entries since the last look name the records, so an
open pane or editor knows whether it is concerned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from cxdesk.db.engine import CONNECT_TIMEOUT_S, Database
from cxdesk.db.models import AuditRow, Base
from cxdesk.domain.records import Change

log = logging.getLogger("cxdesk.db.watch")

CHANNEL = "cxdesk_changes"
#: More audit entries than this since the last look (an import): the records are not named one
#: by one, every table they touched is shown again.
MAX_NAMED = 500


@dataclass(frozen=True)
class Seen:
    """What changed since the last look, and whether another desk changed it."""

    change: Change
    elsewhere: bool


class ChangeWatcher:
    """Polled by the window a few times a second; one cheap call when nothing happened."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._raw: Any = None
        self._version: int | None = None
        self._commits = db.commits
        self._last_audit = self._newest_audit()
        self._open()

    def _open(self) -> None:
        # A connection of its own, outside the pool: it listens (PostgreSQL) or compares the
        # file's data_version (SQLite: only another connection's commit moves it).
        dialect = self.db.engine.dialect
        args, params = dialect.create_connect_args(self.db.engine.url)
        if self.db.is_sqlite:
            self._raw = dialect.connect(*args, **params)
            self._version = self._data_version()
            return
        params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
        self._raw = dialect.connect(*args, **params)
        self._raw.autocommit = True
        self._raw.execute(f"LISTEN {CHANNEL}")

    def _data_version(self) -> int:
        cursor = self._raw.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def _newest_audit(self) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.execute(select(func.max(AuditRow.id))).scalar() or 0)

    def poll(self) -> Seen | None:
        """What others (and this desk) committed since the last poll; None when nothing."""
        try:
            if self._raw is None:
                self._open()
            announced = self._announced()
            if announced is None:
                return None
            tables, others = announced
            return self._seen(tables, others)
        except Exception as exc:  # noqa: BLE001 - a server restarted, a file moved: try again
            log.info("change watcher lost its connection: %r", exc)
            self.close()
            return None

    def _announced(self) -> tuple[frozenset[str], bool | None] | None:
        """(tables named, whether another desk committed: None when only the audit can say)."""
        if self.db.is_sqlite:
            version = self._data_version()
            if version == self._version:
                return None
            self._version = version
            own = self.db.commits != self._commits
            self._commits = self.db.commits
            return frozenset(), None if own else True
        notes = list(self._raw.notifies(timeout=0))
        if not notes:
            return None
        others = {n.payload for n in notes if n.pid not in self.db.own_pids}
        if others:
            return frozenset(n.payload for n in notes), True
        return frozenset(n.payload for n in notes), False

    def _seen(self, tables: frozenset[str], others: bool | None) -> Seen:
        with self.db.engine.connect() as conn:
            newest = int(conn.execute(select(func.max(AuditRow.id))).scalar() or 0)
            rows: list[Any] = []
            if 0 < newest - self._last_audit <= MAX_NAMED:
                query = select(AuditRow.table_name, AuditRow.row_uid, AuditRow.user)
                rows = list(conn.execute(query.where(AuditRow.id > self._last_audit)))
        self._last_audit = max(self._last_audit, newest)
        named = frozenset(table for table, _uid, _user in rows)
        if not tables:
            tables = named or frozenset(Base.metadata.tables)
        if others is None:  # SQLite, with a commit of its own meanwhile: the audit says whose
            others = any(user != self.db.user for _table, _uid, user in rows)
        uids = frozenset(uid for _table, uid, _user in rows)
        return Seen(Change(tables | named, uids), others)

    def close(self) -> None:
        if self._raw is not None:
            try:
                self._raw.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                log.debug("closing the watcher's connection failed", exc_info=True)
            self._raw = None
