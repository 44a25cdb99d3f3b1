"""A refused package's CSV files written back with an `errors` column, to fix in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxdesk.core import paths
from cxdesk.core.errors import Problem
from cxdesk.sync.errors_file import ERRORS_COLUMN, describe
from cxdesk.sync.problems import ProblemList
from cxdesk.sync.reader import read_package
from cxdesk.sync.spreadsheet import write_csv
from cxdesk.sync.table import ParsedRecord

#: Problems the desk found beyond the file itself (references, references taken), by line.
Extra = dict[int, list[Problem]]


def errors_folder(package: Path) -> Path:
    """`<package>.errors` beside the package; in the data folder when that cannot be written."""
    beside = package.with_name(package.stem + ".errors")
    try:
        beside.mkdir(exist_ok=True)
        return beside
    except OSError:
        folder = paths.data_dir() / "errors" / beside.name
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def write_errors_files(package: Path, extra: dict[str, Extra], resources: set[str]) -> list[Path]:
    """`<resource>.errors.csv` for each resource named: every row as written, and the problems of
    each row (all of them, not the first 100) in a last column."""
    folder = errors_folder(package)
    for stale in folder.glob("*.errors.csv"):
        stale.unlink(missing_ok=True)
    written = []
    with read_package(package) as reader:
        for resource in reader.resources:
            if resource not in resources:
                continue
            records = reader.records(resource, ProblemList(None))
            first = next(records, None)
            header = first.cells if first is not None and first.is_header else []
            found = extra.get(resource, {})

            def rows(
                records: Iterator[ParsedRecord] = records,
                header: list[str] = header,
                found: Extra = found,
            ) -> Iterator[list[Any]]:
                for record in records:
                    problems = record.problems + found.get(record.line, [])
                    padding = [""] * (len(header) - len(record.cells))
                    yield [*record.cells, *padding, describe(problems)]

            out = folder / f"{resource}.errors.csv"
            write_csv(out, [*header, ERRORS_COLUMN], rows())
            written.append(out)
    return written
