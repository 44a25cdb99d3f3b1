"""What an import did (or would do): counts per table that add up, conflicts, errors, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import N_, _, ngettext
from cxdesk.db.convert import to_text
from cxdesk.domain.records import Change
from cxdesk.sync.merge import FieldConflict

#: How many errors and warnings a report lists; the rest are counted.
LISTED = 100


@dataclass
class TableCounts:
    """Every row read is inserted, updated, deleted, unchanged or refused: they add up."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    refused: int = 0
    #: Rows the desk had from the platform that a full package no longer holds: deleted too,
    #: but not rows read, so counted apart.
    retired: int = 0

    @property
    def adds_up(self) -> bool:
        return self.read == (
            self.inserted + self.updated + self.deleted + self.unchanged + self.refused
        )


class Notes:
    """The first LISTED problems, sorted as the files are read, and how many more there were."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple[int, int], str]] = []
        self.total = 0

    def add(self, text: str, order: tuple[int, int] = (99, 0)) -> None:
        self.total += 1
        if len(self.items) < LISTED:
            self.items.append((order, text))

    def add_problem(self, problem: Problem, order: int = 99) -> None:
        self.add(str(problem), (order, problem.line))

    def __bool__(self) -> bool:
        return self.total > 0

    def lines(self, one: str, many: str) -> list[str]:
        ordered = sorted(self.items, key=lambda item: item[0])[:LISTED]
        lines = [text for _order, text in ordered]
        more = self.total - len(lines)
        if more:
            lines.append(ngettext(one, many, more).format(n=more))
        return lines


@dataclass
class ImportReport:
    package: Path
    dry_run: bool = False
    applied: bool = False
    #: The desk had applied this package (or a later one) already: nothing to do.
    already_applied: bool = False
    sequence: int | None = None
    kind: str | None = None
    partnership: str | None = None
    tables: dict[str, TableCounts] = field(default_factory=dict)
    conflicts: int = 0
    #: The first LISTED conflicts, one line each (record, field, both values), for the preview.
    conflict_lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backup: Path | None = None
    #: `<package>.errors/<resource>.errors.csv` for each CSV with problems, when refused.
    errors_files: list[Path] = field(default_factory=list)
    message: str = ""

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def counts(self, table: str) -> TableCounts:
        return self.tables.setdefault(table, TableCounts())

    def _per_table(self, name: str) -> dict[str, int]:
        result = {}
        for table, counts in self.tables.items():
            value = getattr(counts, name) + (counts.retired if name == "deleted" else 0)
            result[table] = value
        return result

    def to_json(self) -> dict[str, Any]:
        """The object `cxdesk import --json` prints (cli.md): exactly these keys."""
        return {
            "applied": self.applied,
            "inserted": self._per_table("inserted"),
            "updated": self._per_table("updated"),
            "deleted": self._per_table("deleted"),
            "conflicts": self.conflicts,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }

    def change(self) -> Change:
        """What the window refreshes after an applied import."""
        tables = frozenset(t for t, c in self.tables.items() if c.read or c.retired)
        return Change(tables | {"conflicts"}, frozenset(), self.message)

    def summary(self) -> dict[str, Any]:
        """The counts kept with the import's record in the database."""
        return {
            "tables": {table: vars(counts) for table, counts in self.tables.items()},
            "conflicts": self.conflicts,
            "warnings": len(self.warnings),
        }

    def describe(self) -> str:
        """The counts of each table in a few words, for the command line and the status bar."""
        parts = []
        for table, c in self.tables.items():
            counts = [
                (c.inserted, N_("{n} new")),
                (c.updated, N_("{n} updated")),
                (c.deleted + c.retired, N_("{n} deleted")),
                (c.unchanged, N_("{n} unchanged")),
                (c.refused, N_("{n} refused")),
            ]
            said = ", ".join(_(text).format(n=n) for n, text in counts if n) or _("no row")
            parts.append(_("{table} {counts}").format(table=table, counts=said))
        return "; ".join(parts) or _("no row")


TABLE_LABELS = {
    "organisations": N_("Organisation"),
    "people": N_("Person"),
    "exchanges": N_("Exchange"),
    "payments": N_("Payment"),
    "reports": N_("Report"),
}


def conflict_line(
    report: ImportReport, resource: str, mine: dict[str, Any] | None, conflict: FieldConflict
) -> None:
    """One line the preview lists: which record, which field, the desk's and the platform's
    values."""
    lines = report.conflict_lines
    if mine is None or len(lines) >= LISTED:
        return
    label = {
        "organisations": mine.get("name"),
        "exchanges": mine.get("reference"),
        "people": " ".join(filter(None, (mine.get("first_name"), mine.get("last_name")))),
    }.get(resource)
    lines.append(
        _("{table} {record}: {field} is “{local}” here, “{remote}” on the platform").format(
            table=_(TABLE_LABELS.get(resource, resource)),
            record=label or mine["uid"],
            field=conflict.field,
            local=to_text(conflict.local) or "",
            remote=to_text(conflict.remote) or "",
        )
    )
