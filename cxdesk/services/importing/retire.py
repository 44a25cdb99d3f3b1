"""A full package's retirements: rows the desk had from the platform that it no longer holds."""

from __future__ import annotations

from cxdesk.core.i18n import ngettext
from cxdesk.db.sync.apply import SyncSession
from cxdesk.services.importing.report import ImportReport, Notes
from cxdesk.sync.reader import PackageReader


def retire(
    sync: SyncSession,
    reader: PackageReader,
    report: ImportReport,
    empty: dict[str, bool],
    warnings: Notes,
) -> None:
    """A full package holds every live row: rows the desk had from the platform that it
    lacks were deleted there (or left the partnership), and are deleted here too. Rows
    edited on the desk stay, and go to the platform with the next export."""
    for resource in reader.resources:
        if resource == "rates":
            continue
        if empty.get(resource):
            # Empty before: every row it holds now came from this package.
            report.counts(resource).retired = 0
            continue
        keep = reader.uids.get(resource, set())
        gone = [uid for uid in sync.synced_uids(resource, pending=False) if uid not in keep]
        sync.tombstone(resource, gone)
        report.counts(resource).retired = len(gone)
        kept = sum(1 for uid in sync.synced_uids(resource, pending=True) if uid not in keep)
        if kept:
            warnings.add(
                ngettext(
                    "{resource}: {n} row edited on the desk is not in this full package; it is "
                    "kept and goes to the platform with the next export",
                    "{resource}: {n} rows edited on the desk are not in this full package; "
                    "they "
                    "are kept and go to the platform with the next export",
                    kept,
                ).format(resource=resource, n=kept)
            )
