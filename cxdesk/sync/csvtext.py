"""A package's CSV text: UTF-8 lines counted as in the file, RFC 4180 records and their lines."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _

#: A longer physical line is not a package line; reading stops there (memory stays bounded).
MAX_LINE_BYTES = 1024 * 1024


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
        while True:
            raw = self.stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            self.line += 1
            if self.line == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
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
            if lines.problem is None:
                lines.problem = Problem(
                    lines.file,
                    consumed + 1,
                    "",
                    _("the file is not valid CSV from here on ({reason})").format(reason=exc),
                )
            return
        start = consumed + 1
        consumed = reader.line_num
        if cells:
            yield start, cells
