"""Read a sync package: a safe archive, a checked manifest, and each resource's rows streamed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import cast

from cxdesk.core.errors import Problem
from cxdesk.sync.archive import DEFAULT_LIMITS, ArchiveLimits, open_archive
from cxdesk.sync.collected import Collected, Reference
from cxdesk.sync.collector import bulk_allocations
from cxdesk.sync.columns import RESOURCES
from cxdesk.sync.csvtext import TextLines
from cxdesk.sync.manifest import Manifest, load_manifest
from cxdesk.sync.problems import MAX_PROBLEMS, ProblemList
from cxdesk.sync.table import ParsedBlock, ParsedRecord, Row, TableReader


class PackageReader:
    """An open package whose archive and manifest were checked (else UserError was raised).

    Rows are streamed: nothing is kept but the first problems and the uids seen. A resource's
    problems, warnings and uids are recorded once it has been read to the end; read every
    resource (`read_all`, or `rows` to the end) before trusting `problems` to be complete.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        limits: ArchiveLimits = DEFAULT_LIMITS,
        max_problems: int | None = MAX_PROBLEMS,
        references: bool = True,
    ) -> None:
        self.path = Path(path)
        #: Whether references are collected (`dangling_references`); a reader whose caller
        #: resolves them itself (the import, against the database) saves the time and memory.
        self.references = references
        self.archive = open_archive(self.path, limits)
        try:
            self.manifest: Manifest
            self.manifest, warnings = load_manifest(self.archive)
        except BaseException:
            self.archive.close()
            raise
        self.warnings: list[Problem] = warnings
        self.problems = ProblemList(max_problems)
        self.collected = Collected()
        self._columns: dict[str, tuple[str, ...]] = {}
        self._done: set[str] = set()

    @property
    def resources(self) -> tuple[str, ...]:
        """The known resources the package holds, in reading order."""
        return tuple(name for name in RESOURCES if self.manifest.resource(name))

    @property
    def uids(self) -> dict[str, set[str]]:
        """The uids of each resource read so far (tombstones included)."""
        return self.collected.uids

    def columns(self, resource: str) -> tuple[str, ...]:
        """The known columns the resource's header holds (after it was read)."""
        return self._columns.get(resource, ())

    def records(self, resource: str, problems: ProblemList | None = None) -> Iterator[ParsedRecord]:
        """The header and every record of a resource with its cells, its row or its problems.

        Problems go to `problems` when given; otherwise, on the first complete reading, into
        the package's own list.
        """
        # Without blocks, every item is a record.
        return cast(Iterator[ParsedRecord], self._read(resource, problems, blocks=False))

    def blocks(self, resource: str) -> Iterator[ParsedRecord | ParsedBlock]:
        """`records`, but a run of rows without a problem comes as one `ParsedBlock` (its
        columns, no dict per row): for a caller that takes many rows at once."""
        return self._read(resource, None, blocks=True)

    def _read(
        self, resource: str, problems: ProblemList | None, *, blocks: bool
    ) -> Iterator[ParsedRecord | ParsedBlock]:
        res = self.manifest.resource(resource)
        if res is None:
            return
        first = problems is None and resource not in self._done
        sink = problems if problems is not None else ProblemList(self._room())
        warnings: list[Problem] = []
        collected = Collected()
        table = TableReader(
            RESOURCES[resource],
            res.path,
            sink,
            warnings,
            collected,
            references=self.references,
            resolved=self.collected.uids,
            blocks=blocks,
        )
        with self.archive.open(res.path) as stream:
            yield from table.read(TextLines(stream, res.path))
        if first:
            self._done.add(resource)
            self._columns[resource] = table.present_columns
            self.problems.extend(sink)
            self.warnings += warnings
            self.collected.merge(collected)

    def _room(self) -> int | None:
        limit = self.problems.limit
        return None if limit is None else max(0, limit - len(self.problems))

    def numbered_rows(self, resource: str) -> Iterator[tuple[int, Row]]:
        """(line, row) for each valid row of a resource; rows with problems are left out."""
        for record in self.records(resource):
            if record.row is not None:
                yield record.line, record.row

    def rows(self, resource: str) -> Iterator[Row]:
        """Each valid row of a resource as a typed dict: only the known columns its file has,
        and `deleted` always (False when the column is absent)."""
        for _line, row in self.numbered_rows(resource):
            yield row

    def read_all(self) -> None:
        """Read every known resource once, to collect all problems, warnings and uids."""
        with bulk_allocations():
            for resource in self.resources:
                for _record in self.records(resource):
                    pass

    def dangling_references(self) -> list[Reference]:
        """References to uids not in the package; the service checks them against the desk."""
        return self.collected.dangling()

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def read_package(
    path: Path | str,
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    max_problems: int | None = MAX_PROBLEMS,
    references: bool = True,
) -> PackageReader:
    """Open a package for reading (a context manager); UserError when it must be refused whole.
    `references`: collect the references to other rows (for `dangling_references`)."""
    return PackageReader(path, limits=limits, max_problems=max_problems, references=references)


def validate_package(
    path: Path | str,
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    max_problems: int | None = MAX_PROBLEMS,
) -> tuple[Manifest, ProblemList, list[Problem]]:
    """Stream the whole package once: its manifest, its problems (a refusal when any) and
    warnings. UserError when the archive or the manifest must be refused."""
    with read_package(path, limits=limits, max_problems=max_problems) as package:
        package.read_all()
        return package.manifest, package.problems, package.warnings
