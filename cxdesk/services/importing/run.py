"""Importing a platform package: every row checked and applied in one transaction, or none."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.core.progress import Progress
from cxdesk.db.engine import Database
from cxdesk.db.office import Exclusive, exclusive
from cxdesk.db.store import Store
from cxdesk.db.sync.apply import SyncSession, sync_session
from cxdesk.services.backups import automatic_backup
from cxdesk.services.importing.errors import write_errors_files
from cxdesk.services.importing.report import ImportReport
from cxdesk.services.importing.tables import ImportCancelled, TableImport
from cxdesk.sync.collector import bulk_allocations
from cxdesk.sync.manifest import Manifest
from cxdesk.sync.reader import PackageReader, read_package

__all__ = ["ImportCancelled", "Progress", "check_desk", "import_package", "missing_numbers"]

log = logging.getLogger("cxdesk.import")
LAST_APPLIED = "last_applied_sequence"


def import_package(
    db: Database,
    path: Path | str,
    *,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a platform package and apply it in one transaction, or refuse it whole.

    `dry_run`: everything is checked and applied, then rolled back: the report is exactly what
    applying would do. A refused package leaves the database as it was and is described by
    `errors` (and errors files beside it); it never raises for a bad package.
    """
    report = ImportReport(Path(path), dry_run=dry_run)
    try:
        # References are resolved against the database (package rows are in it by then).
        reader = read_package(report.package, references=False)
    except UserError as exc:
        return _refuse(report, [exc.message, *exc.problems])
    # One import at a time on a shared database; the second desk is told whose is running.
    with reader, exclusive(db, Exclusive.IMPORT), bulk_allocations():
        return _Import(db, reader, report, today or today_utc(), progress).run()


def _refuse(report: ImportReport, errors: list[str]) -> ImportReport:
    log.info("%s refused: %s", report.package.name, errors[0] if errors else "")
    report.errors = errors
    report.applied = False
    report.message = _("{package} was refused; nothing was changed.").format(
        package=report.package.name
    )
    return report


def missing_numbers(first: int, last: int) -> str:
    """Package numbers `first`…`last` as a person reads them: `41, 42` or `1–41`."""
    if last - first < 4:
        return ", ".join(str(n) for n in range(first, last + 1))
    return f"{first}–{last}"


def check_desk(store: Store, manifest: Manifest, package: str) -> tuple[str | None, bool]:
    """(why the desk refuses the package or None, whether it was applied already)."""
    ours = store.state("partnership")
    if ours is not None and ours != manifest.partnership:
        return _(
            "{package} is refused: it is for the partnership {theirs}, and this desk holds {ours}"
        ).format(package=package, theirs=manifest.partnership, ours=ours), False
    last = int(store.state(LAST_APPLIED) or 0)
    if manifest.sequence <= last:
        return None, True
    base = manifest.base_sequence
    if manifest.kind == "delta" and base is not None and base > last:
        if last == 0:
            return _(
                "{package} is refused: it follows package {base} and this desk has applied "
                "no package yet; import a full package first, or packages {missing}"
            ).format(package=package, base=base, missing=missing_numbers(1, base)), False
        return _(
            "{package} is refused: it follows package {base}, and this desk has applied "
            "packages up to {last}; import packages {missing} first, or a full "
            "package"
        ).format(
            package=package, base=base, last=last, missing=missing_numbers(last + 1, base)
        ), False
    return None, False


class _Import:
    """One import: the desk's checks, the tables in one transaction, the backup, the commit."""

    def __init__(
        self,
        db: Database,
        reader: PackageReader,
        report: ImportReport,
        today: date,
        progress: Progress | None,
    ) -> None:
        self.db = db
        self.report = report
        self.manifest = reader.manifest
        self.tables = TableImport(reader, report, today, progress)

    def run(self) -> ImportReport:
        report, manifest = self.report, self.manifest
        report.sequence, report.kind = manifest.sequence, manifest.kind
        report.partnership = manifest.partnership
        name = report.package.name
        if not manifest.from_platform:
            return _refuse(
                report,
                [
                    _(
                        "{package} is refused: it was written by a desk ({origin}); a desk imports "
                        "only packages from the platform"
                    ).format(package=name, origin=manifest.origin)
                ],
            )
        # A dry run is this very import, rolled back at the end instead of committed: the same
        # lock, the same checks and writes, the same report; only the backup is left out.
        with sync_session(self.db) as sync:
            sync.lock()
            refusal, done = check_desk(sync.store, manifest, name)
            if refusal:
                return _refuse(report, [refusal])
            if done:
                return self._already_applied(sync.store)
            if sync.store.state("partnership") is None:
                sync.store.set_partnership(manifest.partnership)
            try:
                self.tables.apply(sync)
            except UserError as exc:
                sync.rollback()
                return _refuse(report, [exc.message, *exc.problems])
            self.tables.collect_notes()
            if report.errors:
                sync.rollback()
                report.errors_files = write_errors_files(
                    report.package, self.tables.extra, self.tables.with_problems
                )
                return _refuse(report, report.errors)
            try:
                self._finish(sync)
            except UserError as exc:
                return _refuse(report, [exc.message])
        if report.dry_run:
            report.message = _("{package} checked, nothing changed: {counts}.").format(
                package=name, counts=report.describe()
            )
            if report.conflicts:
                report.message += " " + ngettext(
                    "Applying it would leave {n} conflict to resolve.",
                    "Applying it would leave {n} conflicts to resolve.",
                    report.conflicts,
                ).format(n=report.conflicts)
            return report
        report.applied = True
        log.info("%s applied (sequence %s), backup %s", name, manifest.sequence, report.backup)
        report.message = _("Package {sequence} applied: {counts}.").format(
            sequence=manifest.sequence, counts=report.describe()
        )
        if report.conflicts:
            report.message += " " + ngettext(
                "{n} conflict to resolve.", "{n} conflicts to resolve.", report.conflicts
            ).format(n=report.conflicts)
        return report

    def _already_applied(self, store: Store) -> ImportReport:
        self.report.already_applied = True
        self.report.message = _(
            "Package {sequence} was already applied (this desk is at package {last}): nothing "
            "changed."
        ).format(sequence=self.manifest.sequence, last=store.state(LAST_APPLIED))
        self.report.warnings = [self.report.message]
        return self.report

    def _finish(self, sync: SyncSession) -> None:
        """Back up the desk as it was, then make the import visible in one commit; a dry run
        does all but the backup, then rolls back."""
        dry_run = self.report.dry_run
        if not dry_run:
            try:
                # The import is not committed yet: the backup sees the desk as it was before.
                self.report.backup = automatic_backup(self.db, "before-import")
            except OSError as exc:
                sync.rollback()
                raise UserError(
                    _(
                        "The backup before the import could not be written "
                        "({reason}); nothing was changed."
                    ).format(reason=exc.strerror or exc)
                ) from exc
        manifest = self.manifest
        last = int(sync.store.state(LAST_APPLIED) or 0)
        sequence = manifest.sequence if manifest.kind == "full" else max(last, manifest.sequence)
        sync.store.set_state(LAST_APPLIED, str(sequence))
        sync.record_import(
            self.report.package.name,
            manifest.sequence,
            manifest.kind,
            str(self.report.backup),
            self.report.summary(),
        )
        sync.finish()
        if dry_run:
            sync.rollback()
        else:
            sync.commit()
