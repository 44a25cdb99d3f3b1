"""What a table's reader yields: one record (its cells, its row or its problems), or a block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cxdesk.core.errors import Problem

Row = dict[str, Any]


@dataclass(slots=True)
class ParsedRecord:
    """One record: where it starts, its cells as written, its row or its problems."""

    line: int
    cells: list[str]
    row: Row | None
    problems: list[Problem]
    is_header: bool = False


@dataclass(slots=True)
class ParsedBlock:
    """Consecutive data rows without a problem, column by column (no dict per row): each
    column's parsed values, in the order of `lines`. Only for a reader asked for blocks."""

    lines: list[int]
    #: Column name → its values, one per line; the same names and order a row's dict has.
    values: dict[str, list[Any]]
