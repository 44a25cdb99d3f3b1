"""A package's CSV text read in big pieces: the same lines, line numbers and refusals as read
line by line, wherever a piece ends."""

from __future__ import annotations

import io

import pytest

from cxdesk.sync import csvtext
from cxdesk.sync.csvtext import TextLines, record_blocks, records


def _read(data: bytes) -> tuple[list[tuple[int, list[str]]], str | None]:
    lines = TextLines(io.BytesIO(data), "people.csv")
    got = list(records(lines))
    problem = None if lines.problem is None else str(lines.problem)
    # In blocks: the header alone, then two records a block; the same records and problem.
    lines = TextLines(io.BytesIO(data), "people.csv")
    blocks = list(record_blocks(lines, 2))
    assert [record for block in blocks for record in block] == got
    assert [len(block) for block in blocks[:2]] == [1, 2][: len(blocks)] or len(got) < 3
    assert (None if lines.problem is None else str(lines.problem)) == problem
    return got, problem


@pytest.fixture(params=[7, 64, 1 << 18])
def piece(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Pieces of a few bytes too, so that they end inside lines, quoted cells and characters."""
    monkeypatch.setattr(csvtext, "CHUNK_BYTES", request.param)
    return int(request.param)


def test_records_and_their_lines_whatever_the_pieces(piece: int) -> None:
    text = '\ufeffuid,notes\r\na,"Θεσσαλία\r\nsecond, line"\r\n\r\nb,"Łódź\rstill b"\nc,last'
    got, problem = _read(text.encode())
    assert problem is None
    assert got == [
        (1, ["uid", "notes"]),
        (2, ["a", "Θεσσαλία\r\nsecond, line"]),
        (5, ["b", "Łódź\rstill b"]),
        (6, ["c", "last"]),
    ]


def test_a_line_not_utf8_is_named_after_the_good_ones(piece: int) -> None:
    data = b"uid,city\n" + b"a,Zaragoza\n" * 30 + "b,Clúster\n".encode("cp1252")
    got, problem = _read(data + b"c,after\n")
    assert len(got) == 31
    assert problem == (
        "people.csv:32: the file is not UTF-8 text: byte 0xFA on this line is not valid UTF-8; "
        "packages are written in UTF-8"
    )


def test_a_line_too_long_is_named(piece: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvtext, "MAX_LINE_BYTES", 100)
    data = b"uid,city\n" + b"a,short\n" * 3 + b"b," + b"x" * 120 + b"\nc,after\n"
    got, problem = _read(data)
    assert [line for line, _cells in got] == [1, 2, 3, 4]
    assert problem == "people.csv:5: the line is longer than 0 MB; the file cannot be read"


def test_csv_rfc_4180_does_not_allow_is_named_after_the_records_before(piece: int) -> None:
    got, problem = _read(b'uid,city\na,Zaragoza\nb,"Lar"isa\nc,after\n')
    assert got == [(1, ["uid", "city"]), (2, ["a", "Zaragoza"])]
    assert problem is not None and problem.startswith(
        "people.csv:3: the file is not valid CSV from here on"
    )
