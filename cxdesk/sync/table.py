"""One resource's CSV read row by row: header checked, each record parsed or its problems named."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _
from cxdesk.domain.text import is_multiline
from cxdesk.sync.cells_at_once import parse_filled, without_controls
from cxdesk.sync.checks import check_order, check_unique
from cxdesk.sync.collected import Collected, Reference
from cxdesk.sync.columns import Column, ColumnType, ResourceSpec
from cxdesk.sync.csvtext import TextLines, record_blocks
from cxdesk.sync.parsed import ParsedBlock, ParsedRecord, Row
from cxdesk.sync.problems import ProblemList
from cxdesk.sync.values import (
    CellError,
    ColumnParser,
    Parser,
    cell_parser,
    column_parser,
    show,
)

__all__ = ["ParsedBlock", "ParsedRecord", "Row", "TableReader"]

#: Data rows parsed together, column by column.
BLOCK = 256
#: Column types whose cells repeat a few values (codes, countries): parsed once per value.
REPEATED = frozenset({ColumnType.CODE, ColumnType.CODES, ColumnType.COUNTRY})


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
        resolved: Mapping[str, set[str]] | None = None,
        blocks: bool = False,
    ) -> None:
        self.spec = spec
        #: Yield a block of rows without a problem as one `ParsedBlock` (see `read`).
        self.blocks = blocks
        self.references = references
        #: The uids of the resources read to the end before this one: a reference to one of
        #: them can never dangle, so it is not kept.
        self.resolved: Mapping[str, set[str]] = resolved or {}
        self.file = file
        self.problems = problems
        self.warnings = warnings
        self.collected = collected
        self.header: list[str] | None = None
        #: (cell index, column) of every known column in the header.
        self.known: list[tuple[int, Column]] = []
        self.header_ok = False
        self._seen: dict[tuple[str, ...], dict[Any, int]] = {key: {} for key in self._unique_keys()}

    def _unique_keys(self) -> list[tuple[str, ...]]:
        keys = [self.spec.primary_key]
        keys += [(c.name,) for c in self.spec.columns if c.unique and (c.name,) not in keys]
        return keys

    @property
    def present_columns(self) -> tuple[str, ...]:
        return tuple(column.name for _, column in self.known)

    def read(self, lines: TextLines) -> Iterator[ParsedRecord | ParsedBlock]:
        """The header record, then every data record; a data record's `row` is None when it has
        problems or the header was refused. Problems are also added to `problems`. A reader
        asked for `blocks` yields a run of rows that all parsed without a problem as one
        `ParsedBlock` instead of their records."""
        for block in record_blocks(lines, BLOCK):
            if self.header is None:
                line, cells = block[0]
                problems = self._read_header(line, cells)
                yield ParsedRecord(line, cells, None, problems, is_header=True)
                continue
            if not self.header_ok:
                for line, cells in block:
                    yield ParsedRecord(line, cells, None, [])
                continue
            yield from self._records(block)
        if lines.problem is not None:
            self.problems.add(lines.problem)
        elif self.header is None:
            self.problems.add(
                Problem(self.file, 0, "", _("the file is empty: it needs at least a header row"))
            )

    def _records(self, block: list[tuple[int, list[str]]]) -> Iterator[ParsedRecord | ParsedBlock]:
        parsed = self._parse_block(block)
        if isinstance(parsed, ParsedBlock):
            yield parsed
            return
        for record in parsed:
            for problem in record.problems:
                self.problems.add(problem)
            yield record

    def _read_header(self, line: int, cells: list[str]) -> list[Problem]:
        self.header = cells
        problems: list[Problem] = []
        seen: set[str] = set()
        unknown: list[str] = []
        for index, name in enumerate(cells):
            if name in seen:
                problems.append(
                    Problem(self.file, line, name, _("the column is in the header twice"))
                )
                continue
            seen.add(name)
            if self.spec.has_column(name):
                self.known.append((index, self.spec.column(name)))
            else:
                unknown.append(show(name, 30))
        for column in self.spec.columns:
            if column.needed_in_header and column.name not in seen:
                problems.append(
                    Problem(self.file, line, column.name, _("the required column is missing"))
                )
        if unknown:
            self.warnings.append(
                Problem(
                    self.file,
                    line,
                    "",
                    _("columns this desk does not know are ignored: {names}").format(
                        names=", ".join(unknown)
                    ),
                )
            )
        for problem in problems:
            self.problems.add(problem)
        self.header_ok = not problems
        if self.header_ok:
            self._plan_columns()
        return problems

    def _plan_columns(self) -> None:
        """What every row needs, worked out once from the header: each known column's cell
        index and parser, the columns a value is required in, the references to collect."""
        self._cells: list[tuple[int, str, Parser, bool, ColumnParser | None, bool]] = [
            (
                index,
                column.name,
                cell_parser(column),
                column.type is ColumnType.CODES,
                column_parser(column),
                column.type in REPEATED,
            )
            for index, column in self.known
        ]
        #: (name, needed even on a tombstone) of the columns needing a value, header order.
        self._needed: list[tuple[str, bool]] = [
            (column.name, column.key)
            for _index, column in self.known
            if column.key or column.required
        ]
        self._refers: list[tuple[str, str]] = [
            (column.name, column.refers_to)
            for _index, column in self.known
            if column.refers_to and self.references
        ]
        self._has_deleted = self.spec.tracked
        #: Cell index → whether the text column holds several lines (tabs and line ends kept).
        self._texts: dict[int, bool] = {
            index: is_multiline(self.spec.name, column.name)
            for index, column in self.known
            if column.type is ColumnType.STRING
        }

    def _parse_block(self, block: list[tuple[int, list[str]]]) -> list[ParsedRecord] | ParsedBlock:
        """Records of consecutive data rows, parsed column by column (a column's parser over
        its cells at once); each row's problems in the order a row-by-row reading finds them:
        its cells left to right, values required, dates in order, values taken already."""
        assert self.header is not None
        width = len(self.header)
        if all(map(width.__eq__, map(len, map(itemgetter(1), block)))):
            # Every row as wide as the header (the usual block): no look at each.
            return self._parse_rows(block, whole=True)
        records: list[ParsedRecord | None] = [None] * len(block)
        good: list[int] = []
        for at, (line, cells) in enumerate(block):
            if len(cells) == width:
                good.append(at)
            else:
                records[at] = ParsedRecord(
                    line,
                    cells,
                    None,
                    [
                        Problem(
                            self.file,
                            line,
                            "",
                            _("the row has {n} cells; the header has {m}").format(
                                n=len(cells), m=width
                            ),
                        )
                    ],
                )
        if good:
            rows = [block[at] for at in good] if len(good) < len(block) else block
            parsed = self._parse_rows(rows, whole=len(good) == len(block))
            if isinstance(parsed, ParsedBlock):
                return parsed
            for at, record in zip(good, parsed, strict=True):
                records[at] = record
        return [record for record in records if record is not None]

    def _parse_rows(
        self, block: list[tuple[int, list[str]]], *, whole: bool = False
    ) -> list[ParsedRecord] | ParsedBlock:
        lines = list(map(itemgetter(0), block))
        columns = list(zip(*map(itemgetter(1), block), strict=True))
        count = len(block)
        #: Each row's problems (by its position in the block), and its cells that failed.
        problems: dict[int, list[Problem]] = {}
        failed: set[tuple[int, str]] = set()
        values: dict[str, list[Any]] = {}
        for index, name, parse, codes, many, repeated in self._cells:
            texts: Sequence[str] = columns[index]
            multiline = self._texts.get(index)
            if multiline is not None:
                texts = without_controls(texts, lines, name, multiline, self.file, self.warnings)
            # Empty, or only blanks: no value.
            stripped = list(map(str.strip, texts))
            if many is not None and not codes:
                got = parse_filled(many, texts, stripped)
                if got is not None:
                    values[name] = got
                    continue
            try:
                if repeated:
                    # A few distinct cells, many times each: each parsed once (a list of codes
                    # copied for each row, as its row's own).
                    once = {
                        text: parse(text) if text.strip() else ([] if codes else None)
                        for text in set(texts)
                    }
                    found = list(map(once.__getitem__, texts))
                    values[name] = list(map(list, found)) if codes else found
                    continue
                if all(stripped):
                    values[name] = list(map(parse, texts))
                    continue
                values[name] = [
                    parse(text) if kept else ([] if codes else None)
                    for text, kept in zip(texts, stripped, strict=True)
                ]
                continue
            except CellError:
                pass
            parsed: list[Any] = []
            for at, text in enumerate(texts):
                if not stripped[at]:
                    parsed.append([] if codes else None)
                    continue
                try:
                    parsed.append(parse(text))
                except CellError as exc:
                    problems.setdefault(at, []).append(
                        Problem(self.file, lines[at], name, str(exc))
                    )
                    failed.add((at, name))
                    parsed.append(None)
            values[name] = parsed
        deleted: list[Any] = [False] * count
        if self._has_deleted:
            if "deleted" in values:
                deleted = values["deleted"] = [
                    False if value is None else value for value in values["deleted"]
                ]
            else:
                values["deleted"] = deleted
        for name, always in self._needed:
            column = values[name]
            if None not in column:
                continue
            for at, value in enumerate(column):
                if (
                    value is None
                    and (always or deleted[at] is not True)
                    and (at, name) not in failed
                ):
                    problems.setdefault(at, []).append(
                        Problem(self.file, lines[at], name, _("a value is required"))
                    )
        for earlier, later in self.spec.ordered_dates:
            if earlier in values and later in values:
                check_order(
                    self.file, lines, values[earlier], values[later], earlier, later, problems
                )
        for key, seen in self._seen.items():
            check_unique(self.file, lines, key, seen, values, problems)
        self._collect(lines, values, deleted, problems)
        if self.blocks and whole and not problems:
            # The caller takes the columns as they are: no dict, no record per row.
            return ParsedBlock(lines, values)
        names = list(values)
        rows: list[Row] = [
            dict(zip(names, row, strict=True)) for row in zip(*values.values(), strict=True)
        ]
        return [
            ParsedRecord(line, cells, None, problems[at])
            if at in problems
            else ParsedRecord(line, cells, rows[at], [])
            for at, (line, cells) in enumerate(block)
        ]

    def _collect(
        self,
        lines: list[int],
        values: dict[str, list[Any]],
        deleted: list[Any],
        problems: dict[int, list[Problem]],
    ) -> None:
        """The uids of the rows without problems, and their references (not a tombstone's)."""
        uid_column = values.get("uid")
        if uid_column is not None:
            if not problems and None not in uid_column:
                new = uid_column  # every row's uid: parsed uids are strings
            else:
                new = [
                    uid
                    for at, uid in enumerate(uid_column)
                    if isinstance(uid, str) and at not in problems
                ]
            if new:
                uids = self.collected.uids.get(self.spec.name)
                if uids is None:
                    uids = self.collected.uids[self.spec.name] = set()
                uids.update(new)
        if not self._refers:
            return
        references = self.collected.references
        nowhere: set[str] = set()
        for at, line in enumerate(lines):
            if at in problems or deleted[at] is True:
                continue
            for name, target in self._refers:
                value = values[name][at]
                if (
                    isinstance(value, str)
                    and (target, value) not in references
                    and value not in self.resolved.get(target, nowhere)
                ):
                    references[(target, value)] = Reference(self.file, line, name, value, target)
