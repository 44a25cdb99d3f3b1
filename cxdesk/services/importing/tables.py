"""An import's tables: rows read in batches, checked, planned against the desk's and written."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from cxdesk.core.errors import Problem, UserError
from cxdesk.core.i18n import N_, _
from cxdesk.core.progress import Progress
from cxdesk.db.convert import to_text
from cxdesk.db.sync.apply import BATCH, SyncSession
from cxdesk.db.sync.evidence import PLATFORM_EVIDENCE
from cxdesk.services.importing.columnwise import ColumnBatch, columnwise, insert_columns
from cxdesk.services.importing.errors import Extra
from cxdesk.services.importing.plan import (
    STAMP,
    plan_row,
    stored_columns,
    stored_rows,
    take_derived,
)
from cxdesk.services.importing.rates import import_rates
from cxdesk.services.importing.report import ImportReport, Notes, conflict_line
from cxdesk.services.importing.retire import retire
from cxdesk.services.importing.rules import RuleCheck
from cxdesk.services.importing.search import suspend_search
from cxdesk.sync.columns import RESOURCES
from cxdesk.sync.reader import PackageReader
from cxdesk.sync.table import ParsedBlock, Row

log = logging.getLogger("cxdesk.import")

ORDER = {name: index for index, name in enumerate(RESOURCES)}
COUNTED = {"insert": "inserted", "update": "updated", "delete": "deleted", "unchanged": "unchanged"}
NOT_THERE = {
    "organisations": N_("{uid} is not an organisation in the package or on the desk"),
    "people": N_("{uid} is not a person in the package or on the desk"),
    "exchanges": N_("{uid} is not an exchange in the package or on the desk"),
}


class ImportCancelled(UserError):
    """The coordinator stopped the import; nothing was changed."""


class TableImport:
    """Every table of one package into one transaction; problems and warnings gathered."""

    def __init__(
        self,
        reader: PackageReader,
        report: ImportReport,
        today: date,
        progress: Progress | None,
    ) -> None:
        self.reader = reader
        self.report = report
        self.manifest = reader.manifest
        self.progress = progress
        self.problems = Notes()
        self.warnings = Notes()
        #: Problems found by the desk (not the file alone), by resource and line.
        self.extra: dict[str, Extra] = {}
        self.with_problems: set[str] = set()
        #: Uids on rows refused, by resource: a row naming one is refused for that reason.
        self.refused_uids: dict[str, set[str]] = {}
        self.empty: dict[str, bool] = {}
        self.order = {res.path: ORDER[res.name] for res in self.manifest.resources}
        #: Each resource's file as the package names it (problems name that file).
        self.files = {res.name: res.path for res in self.manifest.resources}
        self.rules = RuleCheck(today, self.files.get("exchanges", "exchanges.csv"))
        #: Uids of rows read without a problem that are not in the database after their batch
        #: (a tombstone of a row the desk never had, a row refused for its references), by
        #: resource. Every other uid the reader collected is there: a reference to one needs
        #: no look-up in the database.
        self.absent: dict[str, set[str]] = {}
        #: Organisations this import inserts: a member of one of them needs no deferred cluster.
        self.inserted_organisations: set[str] = set()

    def apply(self, sync: SyncSession) -> None:
        suspend_search(sync, self.manifest)
        for resource in self.reader.resources:
            before = self.reader.problems.total
            if resource == "rates":
                self._rates(sync)
            else:
                # An empty table (a desk's first package): every row is new, none to look up.
                self.empty[resource] = sync.row_count(resource) == 0
                if self.empty[resource]:
                    sync.suspend_indexes(resource)
                self._table(sync, resource)
                log.info("%s: %s read, not committed yet", resource, self.report.counts(resource))
                # The desk resolves references against the database itself, so the reader's
                # record of them is not needed: memory does not keep them for the whole package.
                self.reader.collected.references.clear()
            if self.reader.problems.total > before or resource in self.extra:
                self.with_problems.add(resource)
        if self.manifest.kind == "full":
            retire(sync, self.reader, self.report, self.empty, self.warnings)
        # The rules on the exchanges inserted or changed and on the others of their visiting
        # organisations, with every row in: the evaluation `cxdesk check` prints (issue 12).
        self.rules.report(sync, self.warnings, ORDER["exchanges"])

    def _table(self, sync: SyncSession, resource: str) -> None:
        counts = self.report.counts(resource)
        batch: list[tuple[int, Row]] = []
        uid_at: int | None = None
        refused = self.refused_uids.setdefault(resource, set())
        # Into an empty table, runs of rows without a problem come column by column.
        columns = ColumnBatch() if self.empty[resource] and columnwise(resource) else None
        # Not kept in a variable: an error leaving this loop ends the reading (and closes the
        # file) at once, not when its traceback is collected.
        for record in (
            self.reader.blocks(resource) if columns is not None else self.reader.records(resource)
        ):
            if isinstance(record, ParsedBlock):
                assert columns is not None
                counts.read += len(record.lines)
                if batch:  # rows go in in file order
                    self._batch(sync, resource, batch)
                    batch = []
                columns.add(record)
                if len(columns) >= BATCH:
                    self._columns(sync, resource, columns)
                continue
            if columns:
                self._columns(sync, resource, columns)
            if record.is_header:
                uid_at = record.cells.index("uid") if "uid" in record.cells else None
                continue
            counts.read += 1
            if record.row is None:
                counts.refused += 1
                if uid_at is not None and uid_at < len(record.cells):
                    refused.add(record.cells[uid_at].strip().lower())
                continue
            batch.append((record.line, record.row))
            if len(batch) >= BATCH:
                self._batch(sync, resource, batch)
                batch = []
        if batch:
            self._batch(sync, resource, batch)
        if columns:
            self._columns(sync, resource, columns)
        if resource == "organisations":
            for cluster, line in sync.set_clusters():
                self._problem(
                    resource, line, "cluster_uid", _(NOT_THERE[resource]).format(uid=cluster)
                )

    def _problem(self, resource: str, line: int, column: str, message: str) -> None:
        problem = Problem(self.files[resource], line, column, message)
        self.problems.add_problem(problem, ORDER[resource])
        self.extra.setdefault(resource, {}).setdefault(line, []).append(problem)

    def _columns(self, sync: SyncSession, resource: str, columns: ColumnBatch) -> None:
        """The rows gathered column by column, inserted as such or, when one needs it, row by
        row."""
        lines, values = columns.take()
        if not insert_columns(self, sync, resource, lines, values):
            names = list(values)
            rows = [
                dict(zip(names, row, strict=True)) for row in zip(*values.values(), strict=True)
            ]
            self._batch(sync, resource, list(zip(lines, rows, strict=True)))
            return
        self._progress(resource)

    def _progress(self, resource: str) -> None:
        # Told the package's table name (the caller words it) and the rows read; no total.
        read = self.report.counts(resource).read
        if self.progress is not None and not self.progress(resource, read, 0):
            raise ImportCancelled(_("The import was cancelled; nothing was changed."))

    def _batch(self, sync: SyncSession, resource: str, batch: list[tuple[int, Row]]) -> None:
        derived = take_derived(resource, batch)
        fields = tuple(name for name in batch[0][1] if name not in STAMP)
        carries_all = all(name in batch[0][1] for name in stored_columns(resource))
        # The rows as read are the batch's own: converted in place.
        rows = list(
            zip(
                [line for line, _row in batch],
                stored_rows(resource, [row for _line, row in batch]),
                strict=True,
            )
        )
        rows = self._resolvable(sync, resource, rows)
        local = (
            {}
            if self.empty[resource]
            else sync.lookup(resource, (row["uid"] for _line, row in rows))
        )
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        audit: list[dict[str, Any]] = []
        conflicts: list[dict[str, Any]] = []
        clusters: list[tuple[str, str, int]] = []
        checked: dict[str, int] = {}
        #: The evidence list the platform now gives each report on the desk, where it differs
        #: from the one kept (see `db.sync.evidence`); a new report is inserted with its own.
        kept: dict[str, str | None] = {}
        counts = self.report.counts(resource)
        for line, remote in rows:
            uid = remote["uid"]
            mine = local.get(uid)
            late = mine is not None and remote["revision"] < mine["revision"]
            if uid in derived and not remote["deleted"] and not late:
                given = derived[uid] or None
                if mine is None:
                    remote[PLATFORM_EVIDENCE] = given  # inserted with the row
                elif given != mine[PLATFORM_EVIDENCE]:
                    kept[uid] = given
            if mine is None and not remote["deleted"]:
                # A new row: what `plan_row` plans for it (an insert of the row as it came),
                # without building the plan.
                counts.inserted += 1
                if resource == "organisations":
                    cluster = remote.get("cluster_uid")
                    if cluster and cluster not in self.inserted_organisations:
                        # Set once every organisation is in: the cluster may come later in the
                        # file. One inserted before this row (rows go in in order) is in already.
                        clusters.append((uid, cluster, line))
                        remote["cluster_uid"] = None
                    self.inserted_organisations.add(uid)
                inserts.append(remote)
                if resource == "exchanges":
                    checked[uid] = line
                continue
            plan = plan_row(resource, remote, fields, mine, carries_all=carries_all)
            if mine is None:
                # A tombstone of a row the desk never had: nothing is written.
                self.absent.setdefault(resource, set()).add(uid)
            counted = COUNTED[plan.action]
            setattr(counts, counted, getattr(counts, counted) + 1)
            for conflict in plan.conflicts:
                conflict_line(self.report, resource, mine, conflict)
                conflicts.append(
                    {
                        "table_name": resource,
                        "row_uid": uid,
                        "field": conflict.field,
                        "base_value": to_text(conflict.base),
                        "local_value": to_text(conflict.local),
                        "remote_value": to_text(conflict.remote),
                        "sequence": self.manifest.sequence,
                    }
                )
            values = plan.values
            if values is None:
                continue
            if resource == "organisations" and values.get("cluster_uid"):
                # Set once every organisation is in: the cluster may come later in the file.
                clusters.append((uid, values["cluster_uid"], line))
                values["cluster_uid"] = None
            if plan.action == "insert":
                inserts.append({k: v for k, v in values.items() if k not in ("dirty", "base")})
            else:
                updates.append(values)
                assert mine is not None
                audit += [
                    {
                        "table_name": resource,
                        "row_uid": uid,
                        "field": name,
                        "old": to_text(mine[name]),
                        "new": to_text(values.get(name)),
                    }
                    for name in plan.changed
                ]
            if resource == "exchanges" and plan.action in ("insert", "update"):
                checked[uid] = line
        sync.insert(resource, inserts)
        sync.update(resource, updates)
        sync.audit(audit)
        sync.add_conflicts(conflicts)
        sync.defer_clusters(clusters)
        sync.platform_evidence(kept)
        self.report.conflicts += len(conflicts)
        # Checked once every row is in (see the end of `apply`).
        self.rules.touch(checked)
        self._progress(resource)

    def _resolvable(
        self, sync: SyncSession, resource: str, rows: list[tuple[int, dict[str, Any]]]
    ) -> list[tuple[int, dict[str, Any]]]:
        """The rows whose references resolve (package rows are in the database by now) and whose
        exchange reference no other exchange holds; the others are problems, and refused."""
        bad: set[int] = set()
        live = [(line, row) for line, row in rows if not row["deleted"]]
        for column in RESOURCES[resource].columns:
            target = column.refers_to
            if target is None or target == resource or column.name not in rows[0][1]:
                continue
            wanted = {row[column.name] for _l, row in live if row[column.name]}
            # The rows of the package's own file of `target` are in the database by now (but
            # the absent ones); on a table empty before the import, no others are.
            read = self.reader.uids.get(target, set())
            absent = self.absent.get(target, set())
            there = {uid for uid in wanted if uid in read and uid not in absent}
            if len(there) < len(wanted) and not self.empty.get(target, False):
                there |= sync.present(target, wanted - there)
            refused = self.refused_uids.get(target, set())
            for line, row in live:
                uid = row[column.name]
                if uid and uid not in there:
                    bad.add(line)
                    message = (
                        _("{uid} is on a refused row of {file}")
                        if uid in refused
                        else _(NOT_THERE[target])
                    )
                    self._problem(
                        resource,
                        line,
                        column.name,
                        message.format(
                            uid=uid, file=self.files.get(target, RESOURCES[target].path)
                        ),
                    )
        if resource == "exchanges" and "reference" in rows[0][1] and not self.empty[resource]:
            owners = sync.reference_owners(row["reference"] for _l, row in live if row["reference"])
            for line, row in live:
                owner = owners.get(row["reference"])
                if owner is not None and owner != row["uid"]:
                    bad.add(line)
                    self._problem(
                        resource,
                        line,
                        "reference",
                        _(
                            "{reference} is already the reference of another exchange on the desk "
                            "({uid})"
                        ).format(reference=row["reference"], uid=owner),
                    )
        if resource == "reports" and "exchange_uid" in rows[0][1] and not self.empty[resource]:
            self._one_report_each(sync, live, bad)
        if not bad:
            return rows
        self.report.counts(resource).refused += len(bad)
        self.absent.setdefault(resource, set()).update(
            row["uid"] for line, row in rows if line in bad
        )
        return [(line, row) for line, row in rows if line not in bad]

    def _one_report_each(
        self, sync: SyncSession, live: list[tuple[int, dict[str, Any]]], bad: set[int]
    ) -> None:
        """Refuse a report of an exchange that has another report on the desk already."""
        owners = sync.owners("reports", "exchange_uid", (row["exchange_uid"] for _l, row in live))
        for line, row in live:
            owner = owners.get(row["exchange_uid"])
            if owner is not None and owner != row["uid"]:
                bad.add(line)
                self._problem(
                    "reports",
                    line,
                    "exchange_uid",
                    _("{exchange} already has another report on the desk ({uid})").format(
                        exchange=row["exchange_uid"], uid=owner
                    ),
                )

    def _rates(self, sync: SyncSession) -> None:
        import_rates(sync, self.reader, self.report)

    def collect_notes(self) -> None:
        """The reader's problems and warnings with the desk's own, in file order."""
        errors = Notes()
        errors.items += self.problems.items
        errors.total += self.problems.total
        for problem in self.reader.problems:
            errors.add_problem(problem, self.order.get(problem.file, 99))
        errors.total += self.reader.problems.more
        warnings = Notes()
        for warning in self.reader.warnings:
            warnings.add_problem(warning, self.order.get(warning.file, -1))
        warnings.items += self.warnings.items
        warnings.total += self.warnings.total
        self.report.errors = errors.lines("… and {n} more problem", "… and {n} more problems")
        self.report.warnings = warnings.lines("… and {n} more warning", "… and {n} more warnings")
