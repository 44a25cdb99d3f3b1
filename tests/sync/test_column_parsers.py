"""Cells parsed a column at a time give exactly what they give one by one, or defer to that."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxdesk.sync.columns import RESOURCES, Column
from cxdesk.sync.values import CellError, cell_parser, column_parser

COLUMNS = {
    f"{spec.name}.{column.name}": column for spec in RESOURCES.values() for column in spec.columns
}

SAMPLES = [
    "0b8a3d52-4F0E-4c1a-9d7e-2a1f6c3b5e01",
    "0b8a3d52-4f0e-4c1a-9d7e-2a1f6c3b5e0",
    "0b8a3d52-4f0e-4c1a-9d7e-2a1f6c3b5e01\n0b8a3d52-4f0e-4c1a-9d7e-2a1f6c3b5e01",
    "0",
    "7",
    "123456789012345678",
    "1234567890123456789",
    "-1",
    "1.5",
    "12.50",
    "12.500",
    "12.505",
    "-0.00",
    "90",
    "90.1",
    "-180",
    "1,5",
    "2026-03-02",
    "2026-02-30",
    "2026-3-2",
    "2026-03-02T10:00:00Z",
    "2026-03-02T10:00:00.123+02:00",
    "2026-03-02T25:00:00Z",
    "2026-03-02 10:00:00Z",
    "true",
    "FALSE",
    "True",
    "yes",
    "fr",
    "FR",
    "fra",
    "\u212aa",
    "a@b.eu",
    "a @b.eu",
    "a@b",
    "a@b.eu\nc@d.eu",
    "sme",
    "cluster",
    "SME",
    "approved",
    "lump_sum",
    "FR",
    "EL",
    "XX",
    "a" * 301,
    "Kraków",
    " padded ",
    "line\nbreak",
]


def _one_by_one(column: Column, cells: list[str]) -> list[Any] | None:
    try:
        return [cell_parser(column)(cell) for cell in cells]
    except CellError:
        return None


def _check(column: Column, cells: list[str]) -> None:
    many = column_parser(column)
    cells = [cell for cell in cells if cell.strip()]
    if many is None or not cells:
        return
    got = many(cells, [cell.strip() for cell in cells])
    expected = _one_by_one(column, cells)
    if got is not None:
        assert got == expected
        assert [type(value) for value in got] == [type(value) for value in expected or []]
    # A column that parses one by one may still be deferred (None): never the other way round.


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_each_sample_alone_and_all_together(name: str) -> None:
    column = COLUMNS[name]
    for sample in SAMPLES:
        _check(column, [sample])
    _check(column, SAMPLES)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(COLUMNS)),
    st.lists(st.one_of(st.sampled_from(SAMPLES), st.text(max_size=12)), min_size=1, max_size=6),
)
def test_any_cells(name: str, cells: list[str]) -> None:
    _check(COLUMNS[name], cells)
