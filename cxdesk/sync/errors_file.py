"""A refused CSV written back with an `errors` column, for the coordinator to fix it in a sheet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxdesk.core.errors import Problem
from cxdesk.sync.archive import DEFAULT_LIMITS, ArchiveLimits
from cxdesk.sync.problems import ProblemList
from cxdesk.sync.reader import read_package
from cxdesk.sync.spreadsheet import write_csv
from cxdesk.sync.table import ParsedRecord

ERRORS_COLUMN = "errors"


@dataclass
class ErrorsFile:
    path: Path
    rows: int = 0
    rows_with_errors: int = 0
    #: Problems of the file as a whole (a missing column, not UTF-8…), not of one row.
    file_problems: list[Problem] = field(default_factory=list)


def describe(problems: list[Problem]) -> str:
    """The problems of one row as one cell: `column: message; column: message`."""
    return "; ".join(
        f"{problem.column}: {problem.message}" if problem.column else problem.message
        for problem in problems
    )


def write_errors_file(
    package_path: Path | str,
    resource: str,
    out_path: Path | str,
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ErrorsFile:
    """Write every row of one of the package's CSV files with an `errors` column listing all
    the problems of that row (not only the first 100 of the package)."""
    result = ErrorsFile(Path(out_path))
    problems = ProblemList(None)
    on_rows: set[int] = set()
    header: list[str] = []

    with read_package(package_path, limits=limits) as package:
        records = package.records(resource, problems)
        first = next(records, None)
        if first is not None and first.is_header:
            header = first.cells

        def rows(items: Iterator[ParsedRecord]) -> Iterator[list[Any]]:
            for record in items:
                result.rows += 1
                if record.problems:
                    result.rows_with_errors += 1
                    on_rows.update(id(problem) for problem in record.problems)
                padding = [""] * (len(header) - len(record.cells))
                yield [*record.cells, *padding, describe(record.problems)]

        write_csv(result.path, [*header, ERRORS_COLUMN], rows(records))
    result.file_problems = [problem for problem in problems if id(problem) not in on_rows]
    return result
