"""One resource's CSV read row by row: header checked, each record parsed or its problems named."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _
from cxdesk.sync.columns import Column, ColumnType, ResourceSpec
from cxdesk.sync.csvtext import TextLines, records
from cxdesk.sync.problems import ProblemList
from cxdesk.sync.values import CellError, Parser, cell_parser, show

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Reference:
    """A row that names another row by uid: where, and which resource the uid must be in."""

    file: str
    line: int
    column: str
    uid: str
    target: str

    def problem(self) -> Problem:
        """The problem to report when the uid is in neither the package nor the database."""
        return Problem(self.file, self.line, self.column, _(
            "{uid} is not in {target} of the package or of the desk").format(
                uid=self.uid, target=self.target))


@dataclass
class Collected:
    """What reading gathers for the checks sync cannot make alone: uids seen and referenced."""

    uids: dict[str, set[str]] = field(default_factory=dict)
    #: The first reference to each (target resource, uid).
    references: dict[tuple[str, str], Reference] = field(default_factory=dict)

    def merge(self, other: Collected) -> None:
        for resource, uids in other.uids.items():
            if resource in self.uids:
                self.uids[resource].update(uids)
            else:
                self.uids[resource] = uids  # taken over, not copied: the other is done
        for key, reference in other.references.items():
            self.references.setdefault(key, reference)

    def dangling(self) -> list[Reference]:
        """References to uids that are not in the package (the desk's database may hold them)."""
        return [
            ref for (target, uid), ref in self.references.items()
            if uid not in self.uids.get(target, set())
        ]


@dataclass(slots=True)
class ParsedRecord:
    """One record: where it starts, its cells as written, its row or its problems."""

    line: int
    cells: list[str]
    row: Row | None
    problems: list[Problem]
    is_header: bool = False


class TableReader:
    """Reads one resource's CSV; problems go to `problems`, unknown columns to `warnings`."""

    def __init__(
        self,
        spec: ResourceSpec,
        file: str,
        problems: ProblemList,
        warnings: list[Problem],
        collected: Collected,
        *,
        references: bool = True,
    ) -> None:
        self.spec = spec
        self.references = references
        self.file = file
        self.problems = problems
        self.warnings = warnings
        self.collected = collected
        self.header: list[str] | None = None
        #: (cell index, column) of every known column in the header.
        self.known: list[tuple[int, Column]] = []
        self.header_ok = False
        self._seen: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {
            key: {} for key in self._unique_keys()
        }

    def _unique_keys(self) -> list[tuple[str, ...]]:
        keys = [self.spec.primary_key]
        keys += [(c.name,) for c in self.spec.columns if c.unique and (c.name,) not in keys]
        return keys

    @property
    def present_columns(self) -> tuple[str, ...]:
        return tuple(column.name for _, column in self.known)

    def read(self, lines: TextLines) -> Iterator[ParsedRecord]:
        """The header record, then every data record; a data record's `row` is None when it has
        problems or the header was refused. Problems are also added to `problems`."""
        for line, cells in records(lines):
            if self.header is None:
                problems = self._read_header(line, cells)
                yield ParsedRecord(line, cells, None, problems, is_header=True)
                continue
            if not self.header_ok:
                yield ParsedRecord(line, cells, None, [])
                continue
            record = self._parse(line, cells)
            for problem in record.problems:
                self.problems.add(problem)
            yield record
        if lines.problem is not None:
            self.problems.add(lines.problem)
        elif self.header is None:
            self.problems.add(Problem(self.file, 0, "", _(
                "the file is empty: it needs at least a header row")))

    def _read_header(self, line: int, cells: list[str]) -> list[Problem]:
        self.header = cells
        problems: list[Problem] = []
        seen: set[str] = set()
        unknown: list[str] = []
        for index, name in enumerate(cells):
            if name in seen:
                problems.append(Problem(self.file, line, name, _(
                    "the column is in the header twice")))
                continue
            seen.add(name)
            if self.spec.has_column(name):
                self.known.append((index, self.spec.column(name)))
            else:
                unknown.append(show(name, 30))
        for column in self.spec.columns:
            if column.needed_in_header and column.name not in seen:
                problems.append(Problem(self.file, line, column.name, _(
                    "the required column is missing")))
        if unknown:
            self.warnings.append(Problem(self.file, line, "", _(
                "columns this desk does not know are ignored: {names}").format(
                    names=", ".join(unknown))))
        for problem in problems:
            self.problems.add(problem)
        self.header_ok = not problems
        if self.header_ok:
            self._plan_columns()
        return problems

    def _plan_columns(self) -> None:
        """What every row needs, worked out once from the header: each known column's cell
        index and parser, the columns a value is required in, the references to collect."""
        self._cells: list[tuple[int, str, Parser, bool]] = [
            (index, column.name, cell_parser(column), column.type is ColumnType.CODES)
            for index, column in self.known
        ]
        #: (name, needed even on a tombstone) of the columns needing a value, header order.
        self._needed: list[tuple[str, bool]] = [
            (column.name, column.key) for _index, column in self.known
            if column.key or column.required
        ]
        self._refers: list[tuple[str, str]] = [
            (column.name, column.refers_to) for _index, column in self.known
            if column.refers_to and self.references
        ]
        self._has_deleted = self.spec.tracked

    def _parse(self, line: int, cells: list[str]) -> ParsedRecord:
        assert self.header is not None
        if len(cells) != len(self.header):
            problem = Problem(self.file, line, "", _(
                "the row has {n} cells; the header has {m}").format(
                    n=len(cells), m=len(self.header)))
            return ParsedRecord(line, cells, None, [problem])
        row: Row = {}
        problems: list[Problem] = []
        failed: set[str] = set()
        for index, name, parse, codes in self._cells:
            text = cells[index]
            # Empty, or only blanks: no value (`str.isspace` is false for "").
            if not text or text.isspace():
                row[name] = [] if codes else None
                continue
            try:
                row[name] = parse(text)
            except CellError as exc:
                problems.append(Problem(self.file, line, name, str(exc)))
                failed.add(name)
                row[name] = None
        if self._has_deleted and row.get("deleted") is None:
            row["deleted"] = False
        deleted = row.get("deleted") is True
        for name, key in self._needed:
            if row[name] is None and (key or not deleted) and name not in failed:
                problems.append(Problem(self.file, line, name, _("a value is required")))
        if self.spec.ordered_dates:
            problems += self._check_order(line, row)
        problems += self._check_unique(line, row)
        if not problems:
            self._collect(line, row, deleted)
            return ParsedRecord(line, cells, row, problems)
        return ParsedRecord(line, cells, None, problems)

    def _check_order(self, line: int, row: Row) -> list[Problem]:
        problems = []
        for earlier, later in self.spec.ordered_dates:
            first, last = row.get(earlier), row.get(later)
            if first is not None and last is not None and last < first:
                problems.append(Problem(self.file, line, later, _(
                    "{later} is before {earlier} {first}").format(
                        later=last.isoformat(), earlier=earlier, first=first.isoformat())))
        return problems

    def _check_unique(self, line: int, row: Row) -> list[Problem]:
        problems = []
        for key, seen in self._seen.items():
            if len(key) == 1:
                # One column: its value is the key (no tuple per row, less memory).
                value: Any = row.get(key[0])
                if value is None:
                    continue
                parts: tuple[Any, ...] = (value,)
            else:
                value = parts = tuple(row.get(name) for name in key)
                if any(part is None for part in parts):
                    continue
            first = seen.get(value)
            if first is None:
                seen[value] = line
                continue
            shown = " ".join(show(str(part)) for part in parts)
            problems.append(Problem(self.file, line, key[-1], _(
                "{value} is already on line {line}").format(value=shown, line=first)))
        return problems

    def _collect(self, line: int, row: Row, deleted: bool) -> None:
        uid = row.get("uid")
        if isinstance(uid, str):
            uids = self.collected.uids.get(self.spec.name)
            if uids is None:
                uids = self.collected.uids[self.spec.name] = set()
            uids.add(uid)
        if deleted:
            return
        references = self.collected.references
        for name, target in self._refers:
            value = row.get(name)
            if isinstance(value, str) and (target, value) not in references:
                references[(target, value)] = Reference(self.file, line, name, value, target)
