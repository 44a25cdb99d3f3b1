"""A package's CSV text: UTF-8 lines counted as in the file, RFC 4180 records and their lines."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _

#: A longer physical line is not a package line; reading stops there (memory stays bounded).
MAX_LINE_BYTES = 1024 * 1024
#: Bytes read and decoded at once.
CHUNK_BYTES = 256 * 1024


class TextLines:
    """The UTF-8 lines of a byte stream (a BOM tolerated), line ends kept, as `csv` wants them.

    Stops at the first line that is not UTF-8 or is too long and keeps that as `problem`.
    `line` is the number of physical lines read so far.
    """

    def __init__(self, stream: IO[bytes], file: str) -> None:
        self.stream = stream
        self.file = file
        self.line = 0
        self.problem: Problem | None = None

    def __iter__(self) -> Iterator[str]:
        # The lines of each piece taken in C one after the other: no Python call per line.
        return chain.from_iterable(self._pieces())

    def _pieces(self) -> Iterator[Iterable[str]]:
        """The lines in big pieces, each decoded at once and split at its line ends in C: far
        less work per line than a read and a decoding of each. A piece that is not UTF-8 or
        holds a line too long is read again line by line, to name that line as `_lines` does."""
        rest = b""
        first = True
        while True:
            chunk = self.stream.read(CHUNK_BYTES)
            data = rest + chunk if rest else chunk
            if chunk:
                cut = data.rfind(b"\n") + 1
                if cut == 0 and len(data) <= MAX_LINE_BYTES:
                    rest = data  # a line still without its end
                    continue
                cut = cut or len(data)
                block, rest = data[:cut], data[cut:]
            else:
                block, rest = data, b""  # the last line, without a line end
            if not block:
                return
            if first and block.startswith(codecs.BOM_UTF8):
                block = block[len(codecs.BOM_UTF8) :]
                first = False
                if not block:
                    self.line += 1  # the BOM alone: a line of its own, as read line by line
                    continue
            first = False
            text = None
            if len(block) <= MAX_LINE_BYTES:
                with contextlib.suppress(UnicodeDecodeError):
                    text = block.decode("utf-8")
            if text is None:
                yield self._lines(io.BytesIO(block))
                if self.problem is not None:
                    return
                continue
            # Counted before they are read: only `_lines` (after them) names a line.
            self.line += text.count("\n") + (not text.endswith("\n"))
            yield io.StringIO(text, newline="\n")

    def _lines(self, stream: IO[bytes]) -> Iterator[str]:
        """The lines of `stream` one by one; the first one not UTF-8, or too long, becomes
        `problem` and ends them."""
        while True:
            raw = stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            self.line += 1
            if len(raw) > MAX_LINE_BYTES:
                self.problem = Problem(
                    self.file,
                    self.line,
                    "",
                    _("the line is longer than {limit} MB; the file cannot be read").format(
                        limit=MAX_LINE_BYTES // (1024 * 1024)
                    ),
                )
                return
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.problem = Problem(
                    self.file,
                    self.line,
                    "",
                    _(
                        "the file is not UTF-8 text: byte 0x{byte:02X} on this line is not valid "
                        "UTF-8; packages are written in UTF-8"
                    ).format(byte=raw[exc.start]),
                )
                return


def _not_csv(lines: TextLines, line: int, exc: csv.Error) -> None:
    """Keeps CSV that RFC 4180 does not allow as `lines.problem`, unless one is kept already
    (the text's own problem, met first, is the one to tell)."""
    if lines.problem is None:
        lines.problem = Problem(
            lines.file,
            line,
            "",
            _("the file is not valid CSV from here on ({reason})").format(reason=exc),
        )


def records(lines: TextLines) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record's cells and the physical line it starts on (the header is line 1).

    Stops at CSV that RFC 4180 does not allow, keeping that as `lines.problem`.
    """
    reader = csv.reader(lines, strict=True)
    consumed = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            _not_csv(lines, consumed + 1, exc)
            return
        start = consumed + 1
        consumed = reader.line_num
        if cells:
            yield start, cells


def record_blocks(lines: TextLines, size: int) -> Iterator[list[tuple[int, list[str]]]]:
    """`records` in lists: the first record (the header) alone, then `size` records a list
    (the last one shorter): the same records, without a generator's step for each."""
    reader = csv.reader(lines, strict=True)
    consumed = 0
    block: list[tuple[int, list[str]]] = []
    wanted = 1
    try:
        for cells in reader:
            if cells:
                block.append((consumed + 1, cells))
                if len(block) >= wanted:
                    yield block
                    block, wanted = [], size
            consumed = reader.line_num
    except csv.Error as exc:
        _not_csv(lines, consumed + 1, exc)
    if block:
        yield block
