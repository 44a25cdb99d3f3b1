"""The desk's own package for the platform, and tables exported for people to open in a sheet."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.core.outputs import check_file, discard, folder_note, remove_folders, write_error
from cxdesk.db.engine import Database
from cxdesk.db.office import Exclusive, exclusive
from cxdesk.db.store import Store
from cxdesk.db.sync.rows import DeskRows
from cxdesk.domain.records import Change
from cxdesk.sync.columns import RESOURCES
from cxdesk.sync.spreadsheet import write_csv, write_xlsx
from cxdesk.sync.writer import write_package

#: The tables a desk sends (rates come only from the platform). Reports carry their evidence
#: by hash; the bank details and a report's amount due stay on the desk (no column for them).
TABLES = ("organisations", "people", "exchanges", "payments", "reports")
DESK_UID = "desk_uid"
EXPORT_SEQUENCE = "export_sequence"


@dataclass
class ExportReport:
    path: Path
    sequence: int
    kind: str
    rows: dict[str, int] = field(default_factory=dict)
    #: Rows no longer marked as changed on the desk (they are in the package).
    marked_sent: int = 0
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "sequence": self.sequence,
            "kind": self.kind,
            "rows": dict(self.rows),
        }

    def change(self) -> Change:
        return Change(frozenset(TABLES), frozenset(), self.message)


def desk_uid(store: Store) -> str:
    """This desk's uuid, made once and kept: the `desk:<uuid>` origin of its packages."""
    uid = store.state(DESK_UID)
    if uid is None:
        uid = str(uuid.uuid4())
        store.set_state(DESK_UID, uid)
    return uid


def _manifest(store: Store, full: bool) -> dict[str, Any]:
    partnership = store.state("partnership")
    if partnership is None:
        raise UserError(
            _(
                "This desk holds no partnership's data yet: import a package from "
                "the platform first."
            )
        )
    sequence = int(store.state(EXPORT_SEQUENCE) or 0) + 1
    manifest: dict[str, Any] = {
        "origin": f"desk:{desk_uid(store)}",
        "partnership": partnership,
        "kind": "full" if full else "delta",
        "sequence": sequence,
    }
    if not full:
        # A desk numbers its packages on its own: a delta follows the desk's previous one. The
        # platform revision each edit was based on is in every row's `revision`.
        manifest["base_sequence"] = sequence - 1
    return manifest


def export_package(db: Database, out: Path | str, *, full: bool = False) -> ExportReport:
    """Write the desk's package: its changes since its last package, or every row (`full`).

    Values go out as stored. Each row's `revision` is the platform revision the desk's edit was
    based on (0 for a row made on the desk). After a package of changes is safely written, its
    rows are no longer marked as changed; if marking them fails, the file is removed, so a
    change is never marked sent without being in a package.
    """
    target = check_file(out, "package.zip")  # before anything is read
    written = None
    try:
        with exclusive(db, Exclusive.EXPORT), db.unit() as session:
            rows = DeskRows(session)
            rows.lock()
            store = Store(session)
            manifest = _manifest(store, full)
            resources = {
                table: rows.rows(table, RESOURCES[table].column_names, full=full)
                for table in TABLES
            }
            try:
                written = write_package(target, manifest, resources)
            except OSError as exc:
                raise write_error(target, exc) from exc
            marked = 0 if full else rows.mark_sent(TABLES)
            store.set_state(EXPORT_SEQUENCE, str(manifest["sequence"]))
    except BaseException:
        if written is not None:  # written but not marked sent: no package may say otherwise
            discard(target)
            remove_folders(written.made)
        raise
    assert written is not None
    sequence = int(manifest["sequence"])
    report = ExportReport(target, sequence, str(manifest["kind"]), written.rows, marked)
    total = sum(written.rows.values())
    report.message = ngettext(
        "Package {sequence} written to {path}: {n} row.",
        "Package {sequence} written to {path}: {n} rows.",
        total,
    ).format(sequence=sequence, path=target, n=total)
    if written.made:
        report.message += " " + folder_note(written.made)
    return report


def export_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], path: Path | str) -> int:
    """A table for people to open in a spreadsheet, CSV or XLSX by the file's suffix; a cell a
    spreadsheet would run as a formula is neutralised. Return the rows written."""
    target = Path(path)
    suffix = target.suffix.lower()
    try:
        if suffix == ".xlsx":
            return write_xlsx(target, headers, rows)
        if suffix in (".csv", ".txt"):
            return write_csv(target, headers, rows)
    except OSError as exc:
        raise UserError(
            _("{path} could not be written: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    raise UserError(_("{path}: a table is exported as .csv or .xlsx").format(path=target.name))
