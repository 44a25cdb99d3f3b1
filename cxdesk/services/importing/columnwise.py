"""Rows into a table empty before the import, column by column: the reader's columns straight
to the driver's tuples, no dict per row. Only rows that are all plain inserts go this way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxdesk.db.sync.apply import SyncSession
from cxdesk.services.importing.plan import stored_column_values
from cxdesk.sync.columns import RESOURCES
from cxdesk.sync.parsed import ParsedBlock

if TYPE_CHECKING:
    from cxdesk.services.importing.tables import TableImport

#: Off in a test, to compare what the column-by-column way stores with the row-by-row way.
ENABLED = True


def columnwise(resource: str) -> bool:
    """Whether the rows of `resource` may go column by column into its empty table: not a
    file with a column kept outside its table (a report's evidence), not the rates."""
    spec = RESOURCES.get(resource)
    return (
        ENABLED
        and spec is not None
        and spec.tracked
        and not any(column.derived for column in spec.columns)
    )


class ColumnBatch:
    """Blocks of rows without a problem gathered into one batch, column by column."""

    def __init__(self) -> None:
        self.lines: list[int] = []
        self.values: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def add(self, block: ParsedBlock) -> None:
        if not self.lines:
            self.lines = list(block.lines)
            self.values = {name: list(column) for name, column in block.values.items()}
            return
        self.lines += block.lines
        for name, column in block.values.items():
            self.values[name] += column

    def take(self) -> tuple[list[int], dict[str, list[Any]]]:
        taken = self.lines, self.values
        self.lines, self.values = [], {}
        return taken


def insert_columns(
    work: TableImport,
    sync: SyncSession,
    resource: str,
    lines: list[int],
    values: dict[str, list[Any]],
) -> bool:
    """Insert a batch of rows read without a problem into `resource`'s table, empty before the
    import, as `TableImport._batch` would (the same stored values, counts, deferred clusters,
    rules to check). False, with nothing done, when a row needs that row-by-row way: a
    tombstone, a reference that does not resolve."""
    if any(values.get("deleted", ())):
        return False  # a tombstone of a row the desk never had: the row-by-row way counts it
    stored = stored_column_values(resource, values)
    if not _resolves(work, sync, resource, stored):
        return False
    count = len(lines)
    work.report.counts(resource).inserted += count
    uids: list[str] = stored["uid"]
    clusters: list[tuple[str, str, int]] = []
    if resource == "organisations":
        inserted = work.inserted_organisations
        if "cluster_uid" in stored:
            given = stored["cluster_uid"] = list(stored["cluster_uid"])
            for at, (uid, cluster) in enumerate(zip(uids, given, strict=True)):
                if cluster and cluster not in inserted:
                    # Set once every organisation is in: the cluster may come later in the file.
                    clusters.append((uid, cluster, lines[at]))
                    given[at] = None
                inserted.add(uid)
        else:
            inserted.update(uids)
    sync.insert_columns(resource, stored)
    sync.defer_clusters(clusters)
    if resource == "exchanges":
        work.rules.touch(dict(zip(uids, lines, strict=True)))
    return True


def _resolves(
    work: TableImport, sync: SyncSession, resource: str, stored: dict[str, list[Any]]
) -> bool:
    """Whether every reference of these live rows to another table resolves (the check of
    `TableImport._resolvable`, which finds no problem then)."""
    for column in RESOURCES[resource].columns:
        target = column.refers_to
        if target is None or target == resource or column.name not in stored:
            continue
        wanted = {uid for uid in stored[column.name] if uid}
        read = work.reader.uids.get(target, set())
        absent = work.absent.get(target, set())
        there = {uid for uid in wanted if uid in read and uid not in absent}
        if len(there) < len(wanted) and not work.empty.get(target, False):
            there |= sync.present(target, wanted - there)
        if len(there) < len(wanted):
            return False
    return True
