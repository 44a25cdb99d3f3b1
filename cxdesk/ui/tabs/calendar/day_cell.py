"""What a calendar page draws: a day (its fill, number and holidays) and a stay's bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

from cxdesk.domain.codes import Status
from cxdesk.services.calendar import Holiday
from cxdesk.ui.tabs.calendar.colours import (
    CLASH,
    GRID,
    HOLIDAY,
    OTHER_MONTH,
    TODAY,
    WEEKEND,
    bar_fill,
    text_colour,
)

DAY_H = 22  # the day number at the top of each cell


def paint_day(
    painter: QPainter,
    rect: QRectF,
    number: QRectF,
    day: date,
    label: str,
    base: QFont,
    *,
    other: bool,
    today: bool,
    holidays: list[Holiday],
) -> None:
    """The cell, its day number (today's in a pill) and the countries whose holiday it is."""
    fill = OTHER_MONTH if other else QColor("white")
    if day.weekday() >= 5:
        fill = WEEKEND
    if holidays:
        fill = HOLIDAY
    painter.fillRect(rect, fill)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(GRID, 1))
    painter.drawRect(rect)
    font = QFont(base)
    if today:
        font.setBold(True)
        painter.setFont(font)
        width = QFontMetrics(font).horizontalAdvance(label) + 10
        painter.setBrush(TODAY)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(number.left() - 4, number.top(), width, DAY_H - 4), 8, 8)
        painter.setPen(QColor("white"))
    else:
        painter.setFont(font)
        painter.setPen(QColor("#a0a8b0") if other else QColor("#36414c"))
    painter.drawText(number, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
    if holidays:
        codes = sorted({h.country for h in holidays})
        text = " ".join(codes[:3]) + (f" +{len(codes) - 3}" if len(codes) > 3 else "")
        small = QFont(base)
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.5))
        painter.setFont(small)
        painter.setPen(QColor("#9a6a00"))
        painter.drawText(number, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)


def paint_bar(
    painter: QPainter,
    rect: QRectF,
    status: Status,
    text: str,
    base: QFont,
    *,
    open_ends: tuple[bool, bool],
    clash: bool,
    selected: bool,
    focused: bool,
    hatch: Callable[[], None],
) -> None:
    """A stay's bar in its status's colour, its holidays hatched, a clash outlined in red, the
    selection outlined (dashed while the calendar has the focus), its label elided."""
    painter.setBrush(bar_fill(status))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(rect, 4, 4)
    # A stay that goes on in the next or previous week row has a square end there.
    if open_ends[0]:
        painter.drawRect(QRectF(rect.left(), rect.top(), 6, rect.height()))
    if open_ends[1]:
        painter.drawRect(QRectF(rect.right() - 6, rect.top(), 6, rect.height()))
    hatch()
    if clash:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(CLASH, 2.5))
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
    if selected:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(QColor("#111111"), 2)
        if focused:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 5, 5)
    font = QFont(base)
    font.setStrikeOut(status is Status.CANCELLED)
    painter.setFont(font)
    painter.setPen(text_colour(status))
    inner = rect.adjusted(6, 0, -6, 0)
    label = "⚠ " + text if clash else text
    elided = QFontMetrics(font).elidedText(label, Qt.TextElideMode.ElideRight, int(inner.width()))
    painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
