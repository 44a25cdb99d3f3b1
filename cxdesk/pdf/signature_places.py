"""Where each party signs on a rendered document: the boxes its signature fields are put on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from cxdesk.pdf.signatures import SignatureRow

#: The field of the visitor, of the host organisation, and the prefix of a partnership's.
VISITOR, HOST, PARTNERSHIP = "sig_visitor", "sig_host", "sig_partnership_"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
#: Points kept free between a signature field and the lines around its room.
INSET = 3


def partnership_field(code: str) -> str:
    """The field a partnership signs in (a PDF field name holds no dots nor spaces)."""
    return PARTNERSHIP + (_UNSAFE.sub("_", code.strip()) or "_")


@dataclass(frozen=True)
class Place:
    """A signature field's box on a page (0-based), in PDF points from the page's lower left."""

    page: int
    box: tuple[int, int, int, int]


#: Field name → where it goes; filled while the document is drawn.
Places = dict[str, Place]


class _Marked(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A row of signature blocks that notes, as it is drawn, where each block's signature goes."""

    def __init__(self, row: SignatureRow, names: Sequence[str | None], places: Places) -> None:
        super().__init__()
        self.row, self.names, self.places = row, list(names), places
        self.spaceBefore = row.spaceBefore

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        width, height = self.row.wrap(availWidth, availHeight)
        self.width, self.height = width, height
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def draw(self) -> None:
        row = self.row
        row.canv = self.canv
        row.draw()
        x0, y0 = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber() - 1
        # The signature line is the row's last: its writing room lies just above the bottom rule.
        # The field keeps clear of both the rule under it and the caption above it (INSET), so
        # a signature's stamp sits inside the room rather than on the lines.
        room = SignatureRow.ROOM[-1]
        for i, name in enumerate(self.names):
            if not name:
                continue
            left = x0 + i * (row.col + SignatureRow.GUTTER)
            box = (
                round(left),
                round(y0 + INSET),
                round(left + row.col),
                round(y0 + room - INSET),
            )
            self.places[name] = Place(page, box)


def mark(
    rows: list[Flowable], names: Sequence[str | None], places: Places | None
) -> list[Flowable]:
    """The signature rows, noting where the fields `names` (one per block, None: no field) go."""
    if places is None:
        return rows
    marked: list[Flowable] = []
    start = 0
    for row in rows:
        count = len(row.blocks)
        marked.append(_Marked(row, names[start : start + count], places))
        start += count
    return marked
