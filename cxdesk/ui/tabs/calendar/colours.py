"""The calendar's colours: a stay's bar in its status's colour, clashes, holidays, the grid."""

from __future__ import annotations

from PySide6.QtGui import QColor

from cxdesk.domain.codes import Status
from cxdesk.ui.style import STATUS_COLOURS

CLASH = QColor("#d32f2f")
HOLIDAY = QColor("#fff1d6")
#: The hatch over a stay's holidays: dark and see-through, as the bars' fills are light.
HATCH = QColor(0, 0, 0, 90)
WEEKEND = QColor("#f4f5f7")
OTHER_MONTH = QColor("#fafafa")
GRID = QColor("#d5d9de")
TODAY = QColor("#1565c0")


def bar_fill(status: Status) -> QColor:
    """A stay's bar in its status's colour: the badge's in the tables, so both read alike."""
    return QColor(STATUS_COLOURS[status][0])


def text_colour(status: Status) -> QColor:
    """The words on a stay's bar: the badge's text colour, legible on the bar's fill."""
    return QColor(STATUS_COLOURS[status][1])
