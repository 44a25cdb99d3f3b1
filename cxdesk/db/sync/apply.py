"""Applying a package to the desk in one transaction: bulk lookups, batched upserts, clusters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cxdesk.db.engine import Database
from cxdesk.db.models import AuditRow
from cxdesk.db.store import Store
from cxdesk.db.sync.evidence import keep_platform_lists
from cxdesk.db.sync.records import SyncRecords, imports
from cxdesk.db.sync.rows import pending as is_pending
from cxdesk.db.sync.search import (
    EXCHANGE_INSERT_TRIGGER,
    EXCHANGE_TRIGGERS,
    EXCHANGES,
    exchange_fill,
)
from cxdesk.db.sync.sql import BATCH, broken, chunks, plain_insert, update_statement
from cxdesk.db.sync.values import table_of
from cxdesk.db.tracking import now_utc, user_of

__all__ = ["BATCH", "SyncSession", "imports", "sync_session"]
PENDING = "cx_pending_clusters"
IMPORT_CACHE_KB = 32 * 1024


class SyncSession(SyncRecords):
    """One import's transaction: nothing is visible to others until `commit`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.store = Store(session)
        self._pending = False
        self._cache: Any = None
        #: The search triggers taken off, by table, to put back before the commit.
        self._suspended: dict[str, list[str]] = {}
        #: The plain (not unique) indexes taken off, to build again before the commit.
        self._indexes: list[str] = []

    # -- the transaction -----------------------------------------------------------------
    def lock(self) -> None:
        """Take the write lock now, so rows read for a merge cannot change before they are
        written (SQLite holds one writer; a no-op UPDATE starts the write transaction)."""
        self.session.execute(text("UPDATE desk_state SET value = value WHERE 1 = 0"))
        if self.session.get_bind().dialect.name == "sqlite":
            # A bigger page cache for the import's indexes (random uids) while it runs: bounded,
            # whatever the package's size; put back when the session ends.
            self._cache = self.session.execute(text("PRAGMA cache_size")).scalar()
            self.session.execute(text(f"PRAGMA cache_size = -{IMPORT_CACHE_KB}"))

    def restore_cache(self) -> None:
        if self._cache is not None:
            self.session.execute(text(f"PRAGMA cache_size = {int(self._cache)}"))
            self._cache = None

    def finish(self) -> None:
        """Everything taken off for the import put back (triggers, indexes, the search index
        rebuilt): the last work before the commit, done by a dry run too before its rollback."""
        self._drop_pending()
        self.resume_search()
        self.resume_indexes()

    def commit(self) -> None:
        self.finish()
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
        self._pending = False
        self._suspended = {}
        self._indexes = []

    # -- plain indexes: built once after many rows into an empty table --------------------
    def suspend_indexes(self, table: str) -> None:
        """On SQLite, drop the table's plain indexes (not the unique ones the import looks rows
        up by) while an empty table fills: one build at the end is faster than keeping them up
        row by row. Inside the transaction, so a rollback (or a kill) leaves them as they were."""
        if self.session.get_bind().dialect.name != "sqlite":
            return
        found = self.session.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
                "AND sql IS NOT NULL"
            ),
            {"t": table},
        ).all()
        for name, sql in found:
            if str(sql).lstrip().upper().startswith("CREATE INDEX"):
                self.session.execute(text(f'DROP INDEX "{name}"'))
                self._indexes.append(str(sql))

    def resume_indexes(self) -> None:
        """Build again every index `suspend_indexes` dropped."""
        for sql in self._indexes:
            self.session.execute(text(sql))
        self._indexes = []

    # -- the full-text index: kept up row by row, or rebuilt once after many rows ---------
    def suspend_search(self, tables: Iterable[str]) -> None:
        """On SQLite, stop the triggers that keep the name search index up to date row by row:
        for many rows, one rebuild at the end is far faster. Inside the transaction, so a
        rollback (or a kill) leaves the triggers as they were."""
        if self.session.get_bind().dialect.name != "sqlite":
            return
        for table in tables:
            found = self.session.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t "
                    "AND name LIKE :fts"
                ),
                {"t": table, "fts": f"{table}_fts_%"},
            ).all()
            if not found or table in self._suspended:
                continue
            for name, _sql in found:
                self.session.execute(text(f'DROP TRIGGER "{name}"'))
            self._suspended[table] = [sql for _name, sql in found]

    def suspend_exchange_search(self) -> bool:
        """On SQLite, stop the triggers that keep the exchanges' words and sort keys (and
        follow their people's and organisations' names) row by row: for many exchanges, one
        fill of both tables from every exchange at the end is several times faster. Inside
        the transaction, like `suspend_search`. False where the fill cannot be derived."""
        if self.session.get_bind().dialect.name != "sqlite" or EXCHANGES in self._suspended:
            return False
        found: dict[str, str] = dict(
            self.session.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    f"AND name LIKE '{EXCHANGE_TRIGGERS}%'"
                )
            ).all()
        )
        if exchange_fill(found.get(EXCHANGE_INSERT_TRIGGER)) is None:
            return False
        for name in found:
            self.session.execute(text(f'DROP TRIGGER "{name}"'))
        self._suspended[EXCHANGES] = [str(sql) for sql in found.values()]
        return True

    def resume_search(self) -> None:
        """Put the triggers back and rebuild the index of each table whose triggers were off."""
        for table, triggers in self._suspended.items():
            for sql in triggers:
                self.session.execute(text(sql))
            if table == EXCHANGES:
                self._fill_exchange_search(triggers)
            else:
                rebuild = f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')"
                self.session.execute(text(rebuild))
        self._suspended = {}

    def _fill_exchange_search(self, triggers: list[str]) -> None:
        """The words and sort keys of every exchange again, in one pass, the way the insert
        trigger writes one exchange's (its statements, for all exchanges): emptied first, as
        names of people and organisations may have changed meanwhile."""
        insert_trigger = next(sql for sql in triggers if EXCHANGE_INSERT_TRIGGER in sql)
        fill = exchange_fill(insert_trigger)
        assert fill is not None  # checked when the triggers were taken off
        self.session.execute(text("DELETE FROM exchanges_fts"))
        self.session.execute(text("DELETE FROM exchange_keys"))
        # The key table's sort indexes built once after it is full, not kept up row by row.
        self.suspend_indexes("exchange_keys")
        for statement in fill:
            self.session.execute(text(statement))

    def row_count(self, table: str) -> int:
        target = table_of(table)
        return int(self.session.scalar(select(func.count()).select_from(target)) or 0)

    # -- reading -------------------------------------------------------------------------
    def lookup(self, table: str, uids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The desk's rows (tombstones too) with these uids, every column, by uid."""
        target = table_of(table)
        found: dict[str, dict[str, Any]] = {}
        for chunk in chunks(list(set(uids))):
            for row in self.session.execute(select(target).where(target.c.uid.in_(chunk))):
                found[row.uid] = row._asdict()
        return found

    def present(self, table: str, uids: Iterable[str]) -> set[str]:
        """Which of these uids the table holds (a tombstone counts: the row is there)."""
        target = table_of(table)
        found: set[str] = set()
        for chunk in chunks(list(set(uids))):
            found.update(self.session.scalars(select(target.c.uid).where(target.c.uid.in_(chunk))))
        return found

    def reference_owners(self, references: Iterable[str]) -> dict[str, str]:
        """Exchange references already on the desk, and the uid of the exchange holding each."""
        return self.owners("exchanges", "reference", references)

    def owners(self, table: str, column: str, values: Iterable[str]) -> dict[str, str]:
        """Values of a unique column already on the desk (tombstones too), and the uid of the
        row holding each."""
        target = table_of(table)
        owners: dict[str, str] = {}
        for chunk in chunks(list(set(values))):
            query = select(target.c[column], target.c.uid).where(target.c[column].in_(chunk))
            owners.update({value: uid for value, uid in self.session.execute(query)})
        return owners

    # -- writing -------------------------------------------------------------------------
    def _execute(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        try:
            self.session.execute(statement, rows)
        except IntegrityError as exc:
            raise broken(exc) from exc

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows that all have the same keys."""
        if not rows:
            return
        connection = self.session.connection()
        fast = plain_insert(table, tuple(rows[0]), connection.dialect)
        if fast is None:
            self._execute(insert(table_of(table)), rows)
            return
        # The statement SQLAlchemy would run, with the same value conversions, without its
        # per-row machinery: a third of the time of an import's inserts.
        try:
            connection.exec_driver_sql(fast.sql, fast.params(rows))
        except IntegrityError as exc:
            raise broken(exc) from exc

    def insert_columns(self, table: str, values: dict[str, list[Any]]) -> None:
        """Insert rows given column by column (name → its values, one per row): the rows
        `insert` would write from their dicts, without one."""
        names = tuple(values)
        if not names or not values[names[0]]:
            return
        connection = self.session.connection()
        fast = plain_insert(table, names, connection.dialect)
        if fast is None:
            columns = zip(*values.values(), strict=True)
            rows = [dict(zip(names, row, strict=True)) for row in columns]
            self._execute(insert(table_of(table)), rows)
            return
        try:
            connection.exec_driver_sql(fast.sql, fast.column_params(values))
        except IntegrityError as exc:
            raise broken(exc) from exc

    def update(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Update rows by uid; each dict holds `uid` and the columns to set (grouped by shape)."""
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:
            columns = tuple(sorted(name for name in row if name != "uid"))
            params = {f"v_{name}": row[name] for name in columns}
            params["k_uid"] = row["uid"]
            shapes.setdefault(columns, []).append(params)
        for columns, batch in shapes.items():
            self._execute(update_statement(table, columns), batch)

    def audit(self, entries: list[dict[str, Any]]) -> None:
        """Audit rows: table_name, row_uid, field, old, new (source `import`)."""
        if entries:
            at = now_utc()
            self.session.execute(
                insert(AuditRow),
                [
                    entry | {"at": at, "source": "import", "user": user_of(self.session)}
                    for entry in entries
                ],
            )

    def platform_evidence(self, lists: dict[str, str | None]) -> None:
        """Keep the evidence list the package gives each report already on the desk (uid → cell;
        only those that differ from the list kept): see `db.sync.evidence`."""
        keep_platform_lists(self.session, lists)

    # -- a member's cluster, set once every organisation is in ---------------------------
    def defer_clusters(self, pairs: list[tuple[str, str, int]]) -> None:
        """(uid, cluster_uid, line): set after the last organisation, wherever its cluster is in
        the file. Kept in a temporary table, so memory does not grow with the package."""
        if not pairs:
            return
        if not self._pending:
            self.session.execute(
                text(
                    f"CREATE TEMPORARY TABLE {PENDING} "
                    "(uid VARCHAR(36) PRIMARY KEY, cluster_uid VARCHAR(36), line INTEGER)"
                )
            )
            self._pending = True
        self.session.execute(
            text(f"INSERT INTO {PENDING} (uid, cluster_uid, line) VALUES (:u, :c, :l)"),
            [{"u": uid, "c": cluster, "l": line} for uid, cluster, line in pairs],
        )

    def set_clusters(self) -> list[tuple[str, int]]:
        """Set each deferred cluster that exists; return (cluster_uid, line) of the others."""
        if not self._pending:
            return []
        missing = [
            (str(cluster), int(line))
            for cluster, line in self.session.execute(
                text(
                    f"SELECT p.cluster_uid, p.line FROM {PENDING} p "
                    "WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.uid = p.cluster_uid) "
                    "ORDER BY p.line"
                )
            )
        ]
        self.session.execute(
            text(
                f"UPDATE organisations SET cluster_uid = (SELECT p.cluster_uid FROM {PENDING} p "
                "WHERE p.uid = organisations.uid) "
                f"WHERE uid IN (SELECT p.uid FROM {PENDING} p WHERE EXISTS "
                "(SELECT 1 FROM organisations o WHERE o.uid = p.cluster_uid))"
            )
        )
        self._drop_pending()
        return missing

    def _drop_pending(self) -> None:
        if self._pending:
            self.session.execute(text(f"DROP TABLE {PENDING}"))
            self._pending = False

    # -- a full package: rows the platform no longer has ---------------------------------
    def synced_uids(self, table: str, *, pending: bool) -> list[str]:
        """Live rows that came from the platform (revision > 0), with a desk change the
        platform has not carried back yet (`pending`), or without."""
        target = table_of(table)
        which = is_pending(target)
        return list(
            self.session.scalars(
                select(target.c.uid).where(
                    target.c.deleted.is_(False), target.c.revision > 0, which if pending else ~which
                )
            )
        )

    def tombstone(self, table: str, uids: Sequence[str]) -> None:
        target = table_of(table)
        for chunk in chunks(uids):
            self.session.execute(update(target).where(target.c.uid.in_(chunk)).values(deleted=True))


@contextmanager
def sync_session(db: Database) -> Iterator[SyncSession]:
    """A session whose transaction the caller ends with `commit` or `rollback`; rolled back if
    the block raises or ends without either."""
    session = db.sessions()
    session.info["user"] = db.user
    sync = SyncSession(session)
    try:
        yield sync
    finally:
        session.rollback()
        sync.restore_cache()
        session.close()
