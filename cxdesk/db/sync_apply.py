"""Applying a package to the desk in one transaction: bulk lookups, batched upserts, conflicts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.models import AuditRow, ConflictRow, ImportRow, RateRow
from cxdesk.db.store import Store
from cxdesk.db.sync_values import table_of
from cxdesk.db.tracking import now_utc
from cxdesk.domain.records import Rate

#: Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters.
BATCH = 900
#: Columns the desk keeps for itself; a package never sets them directly.
DESK_ONLY = frozenset({"id", "dirty", "base"})
PENDING = "cx_pending_clusters"
IMPORT_CACHE_KB = 32 * 1024


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _broken(exc: IntegrityError) -> UserError:
    # The checks before should make this unreachable; if not, a sentence, not a crash.
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return UserError(_(
        "The package cannot be applied: it breaks a rule of the desk's database ({reason}); "
        "nothing was changed").format(reason=reason))


Plan = list[tuple[str | None, Callable[[Any], Any] | None, Any]]


@cache
def _plain_insert(table: str, names: tuple[str, ...], dialect: Any) -> tuple[str, Plan] | None:
    """The INSERT for these columns as SQL with `?` marks, and per mark the row key and its
    conversion (or, for a column left out, its default); None where that does not apply."""
    if dialect.paramstyle != "qmark":
        return None
    target = table_of(table)
    compiled = insert(target).compile(dialect=dialect, column_keys=list(names))
    plan: Plan = []
    for key in compiled.positiontup or ():
        column = target.c[key]
        convert = column.type.bind_processor(dialect)
        if key in names:
            plan.append((key, convert, None))
            continue
        default = column.default
        if default is None or not getattr(default, "is_scalar", False):
            return None
        value = getattr(default, "arg", None)
        plan.append((None, None, convert(value) if convert else value))
    return compiled.string, plan


@cache
def _update_statement(table: str, columns: tuple[str, ...]) -> Any:
    target = table_of(table)
    # Bind names differ from column names: SQLAlchemy reserves a column's name for its SET.
    return (
        update(target)
        .where(target.c.uid == bindparam("k_uid"))
        .values({name: bindparam(f"v_{name}") for name in columns})
    )


class SyncSession:
    """One import's transaction: nothing is visible to others until `commit`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.store = Store(session)
        self._pending = False
        self._cache: Any = None
        #: The search triggers taken off, by table, to put back before the commit.
        self._suspended: dict[str, list[str]] = {}

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

    def commit(self) -> None:
        self._drop_pending()
        self.resume_search()
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
        self._pending = False
        self._suspended = {}

    # -- the full-text index: kept up row by row, or rebuilt once after many rows ---------
    def suspend_search(self, tables: Iterable[str]) -> None:
        """On SQLite, stop the triggers that keep the name search index up to date row by row:
        for many rows, one rebuild at the end is far faster. Inside the transaction, so a
        rollback (or a kill) leaves the triggers as they were."""
        if self.session.get_bind().dialect.name != "sqlite":
            return
        for table in tables:
            found = self.session.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t "
                "AND name LIKE :fts"), {"t": table, "fts": f"{table}_fts_%"}).all()
            if not found or table in self._suspended:
                continue
            for name, _sql in found:
                self.session.execute(text(f'DROP TRIGGER "{name}"'))
            self._suspended[table] = [sql for _name, sql in found]

    def resume_search(self) -> None:
        """Put the triggers back and rebuild the index of each table whose triggers were off."""
        for table, triggers in self._suspended.items():
            for sql in triggers:
                self.session.execute(text(sql))
            self.session.execute(text(
                f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')"))
        self._suspended = {}

    def row_count(self, table: str) -> int:
        target = table_of(table)
        return int(self.session.scalar(select(func.count()).select_from(target)) or 0)

    # -- reading -------------------------------------------------------------------------
    def lookup(self, table: str, uids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The desk's rows (tombstones too) with these uids, every column, by uid."""
        target = table_of(table)
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(set(uids))):
            for row in self.session.execute(select(target).where(target.c.uid.in_(chunk))):
                found[row.uid] = row._asdict()
        return found

    def present(self, table: str, uids: Iterable[str]) -> set[str]:
        """Which of these uids the table holds (a tombstone counts: the row is there)."""
        target = table_of(table)
        found: set[str] = set()
        for chunk in _chunks(list(set(uids))):
            found.update(self.session.scalars(select(target.c.uid).where(target.c.uid.in_(chunk))))
        return found

    def reference_owners(self, references: Iterable[str]) -> dict[str, str]:
        """Exchange references already on the desk, and the uid of the exchange holding each."""
        target = table_of("exchanges")
        owners: dict[str, str] = {}
        for chunk in _chunks(list(set(references))):
            query = select(target.c.reference, target.c.uid).where(target.c.reference.in_(chunk))
            owners.update({ref: uid for ref, uid in self.session.execute(query)})
        return owners

    def is_empty(self) -> bool:
        """No organisation, person, exchange or payment yet."""
        return all(
            self.session.scalar(select(table_of(name).c.id).limit(1)) is None
            for name in ("organisations", "people", "exchanges", "payments")
        )

    # -- writing -------------------------------------------------------------------------
    def _execute(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        try:
            self.session.execute(statement, rows)
        except IntegrityError as exc:
            raise _broken(exc) from exc

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows that all have the same keys."""
        if not rows:
            return
        connection = self.session.connection()
        fast = _plain_insert(table, tuple(rows[0]), connection.dialect)
        if fast is None:
            self._execute(insert(table_of(table)), rows)
            return
        sql, plan = fast
        # The statement SQLAlchemy would run, with the same value conversions, without its
        # per-row machinery: a third of the time of an import's inserts.
        params = [
            tuple(value if name is None else (convert(row[name]) if convert else row[name])
                  for name, convert, value in plan)
            for row in rows
        ]
        try:
            connection.exec_driver_sql(sql, params)
        except IntegrityError as exc:
            raise _broken(exc) from exc

    def update(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Update rows by uid; each dict holds `uid` and the columns to set (grouped by shape)."""
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:
            columns = tuple(sorted(name for name in row if name != "uid"))
            params = {f"v_{name}": row[name] for name in columns}
            params["k_uid"] = row["uid"]
            shapes.setdefault(columns, []).append(params)
        for columns, batch in shapes.items():
            self._execute(_update_statement(table, columns), batch)

    def audit(self, entries: list[dict[str, Any]]) -> None:
        """Audit rows: table_name, row_uid, field, old, new (source `import`)."""
        if entries:
            at = now_utc()
            self.session.execute(
                insert(AuditRow), [entry | {"at": at, "source": "import"} for entry in entries]
            )

    # -- a member's cluster, set once every organisation is in ---------------------------
    def defer_clusters(self, pairs: list[tuple[str, str, int]]) -> None:
        """(uid, cluster_uid, line): set after the last organisation, wherever its cluster is in
        the file. Kept in a temporary table, so memory does not grow with the package."""
        if not pairs:
            return
        if not self._pending:
            self.session.execute(text(
                f"CREATE TEMPORARY TABLE {PENDING} "
                "(uid VARCHAR(36) PRIMARY KEY, cluster_uid VARCHAR(36), line INTEGER)"))
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
            (str(cluster), int(line)) for cluster, line in self.session.execute(text(
                f"SELECT p.cluster_uid, p.line FROM {PENDING} p "
                "WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.uid = p.cluster_uid) "
                "ORDER BY p.line"))
        ]
        self.session.execute(text(
            f"UPDATE organisations SET cluster_uid = (SELECT p.cluster_uid FROM {PENDING} p "
            "WHERE p.uid = organisations.uid) "
            f"WHERE uid IN (SELECT p.uid FROM {PENDING} p WHERE EXISTS "
            "(SELECT 1 FROM organisations o WHERE o.uid = p.cluster_uid))"))
        self._drop_pending()
        return missing

    def _drop_pending(self) -> None:
        if self._pending:
            self.session.execute(text(f"DROP TABLE {PENDING}"))
            self._pending = False

    # -- a full package: rows the platform no longer has ---------------------------------
    def synced_uids(self, table: str, *, dirty: bool) -> list[str]:
        """Live rows that came from the platform (revision > 0), dirty or not."""
        target = table_of(table)
        return list(self.session.scalars(select(target.c.uid).where(
            target.c.deleted.is_(False), target.c.revision > 0, target.c.dirty.is_(dirty))))

    def tombstone(self, table: str, uids: Sequence[str]) -> None:
        target = table_of(table)
        for chunk in _chunks(uids):
            self.session.execute(
                update(target).where(target.c.uid.in_(chunk)).values(deleted=True))

    # -- conflicts -----------------------------------------------------------------------
    def add_conflicts(self, conflicts: list[dict[str, Any]]) -> None:
        """Record field conflicts (table_name, row_uid, field, base/local/remote_value,
        sequence); an open conflict on the same field is brought up to date, not repeated."""
        if not conflicts:
            return
        uids = {c["row_uid"] for c in conflicts}
        open_ids: dict[tuple[str, str, str], int] = {}
        for chunk in _chunks(list(uids)):
            rows = self.session.execute(
                select(ConflictRow.id, ConflictRow.table_name, ConflictRow.row_uid,
                       ConflictRow.field)
                .where(ConflictRow.row_uid.in_(chunk), ConflictRow.resolved_at.is_(None)))
            open_ids.update({(t, u, f): i for i, t, u, f in rows})
        now = now_utc()
        fresh: list[dict[str, Any]] = []
        again: list[dict[str, Any]] = []
        for conflict in conflicts:
            key = (conflict["table_name"], conflict["row_uid"], conflict["field"])
            if key in open_ids:
                again.append({"k_id": open_ids[key], **{
                    f"v_{name}": conflict[name]
                    for name in ("base_value", "local_value", "remote_value", "sequence")}})
            else:
                fresh.append(conflict | {"created_at": now})
        if fresh:
            self.session.execute(insert(ConflictRow), fresh)
        if again:
            table = table_of(ConflictRow.__tablename__)
            self.session.execute(
                update(table).where(table.c.id == bindparam("k_id")).values({
                    name: bindparam(f"v_{name}")
                    for name in ("base_value", "local_value", "remote_value", "sequence")}),
                again,
            )

    # -- rates, state and the record of the import ---------------------------------------
    def replace_rates(self, name: str, rates: list[Rate], defaults: Sequence[Rate]) -> int:
        """Store a package's rate table; stored rates of the same countries inside the period
        it covers give way. A desk that relied on its defaults keeps them for the rest."""
        if not rates:
            return 0
        if self.session.scalar(select(RateRow.id).limit(1)) is None and defaults:
            self.store.replace_rate_table(defaults[0].table, defaults)
        for country in {rate.host_country for rate in rates}:
            own = [rate for rate in rates if rate.host_country == country]
            start = min(rate.valid_from for rate in own)
            ends = [rate.valid_to for rate in own]
            end: date | None = None if None in ends else max(e for e in ends if e is not None)
            inside = [RateRow.host_country == country, RateRow.valid_from >= start,
                      RateRow.table_name != name]
            if end is not None:
                inside += [RateRow.valid_to.is_not(None), RateRow.valid_to <= end]
            self.session.query(RateRow).filter(and_(*inside)).delete()
        return self.store.replace_rate_table(name, rates)

    def record_import(
        self, file_name: str, sequence: int, kind: str, backup: str | None,
        summary: dict[str, Any],
    ) -> None:
        self.session.add(ImportRow(
            applied_at=now_utc(), file_name=file_name[:400], sequence=sequence, kind=kind,
            backup_path=backup, summary=summary))
        self.session.flush()

    def exchange_facts(self, uids: Sequence[str]) -> list[dict[str, Any]]:
        """What the scheme's rules need about exchanges: dates, status, both organisations."""
        e, p = table_of("exchanges"), table_of("people")
        visiting, host = table_of("organisations").alias("v"), table_of("organisations").alias("h")
        facts: list[dict[str, Any]] = []
        for chunk in _chunks(list(uids)):
            query = (
                select(e.c.uid, e.c.reference, e.c.start_date, e.c.end_date, e.c.status,
                       visiting.c.country.label("visitor_country"),
                       visiting.c.kind.label("visitor_kind"),
                       visiting.c.cluster_uid.label("visitor_cluster"),
                       host.c.country.label("host_country"), host.c.kind.label("host_kind"),
                       host.c.cluster_uid.label("host_cluster"))
                .join(p, p.c.uid == e.c.visitor_uid)
                .join(visiting, visiting.c.uid == p.c.organisation_uid)
                .join(host, host.c.uid == e.c.host_organisation_uid)
                .where(e.c.uid.in_(chunk), e.c.deleted.is_(False))
            )
            facts += [row._asdict() for row in self.session.execute(query)]
        return facts


@contextmanager
def sync_session(db: Database) -> Iterator[SyncSession]:
    """A session whose transaction the caller ends with `commit` or `rollback`; rolled back if
    the block raises or ends without either."""
    session = db.sessions()
    sync = SyncSession(session)
    try:
        yield sync
    finally:
        session.rollback()
        sync.restore_cache()
        session.close()



def imports(session: Session, limit: int = 20) -> list[dict[str, Any]]:
    """The packages applied, the last first: when, which file, and the backup taken before."""
    rows = session.scalars(select(ImportRow).order_by(ImportRow.id.desc()).limit(limit))
    return [
        {"id": r.id, "applied_at": r.applied_at, "file_name": r.file_name, "sequence": r.sequence,
         "kind": r.kind, "backup_path": r.backup_path, "summary": r.summary}
        for r in rows
    ]
