"""The key under the calendar: a chip per status colour, and what shading and outlines mean."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from cxdesk.core.i18n import _
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.ui.calendar_view import CLASH, HOLIDAY, STATUS_COLOURS


class Chip(QWidget):
    """A small coloured sample: a status fill, a shaded day, a hatched holiday or a red outline."""

    def __init__(self, fill: QColor, kind: str = "fill", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fill, self.kind = fill, kind
        self.setFixedSize(QSize(22, 14))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(1, 1, self.width() - 2, self.height() - 2)
        painter.setPen(QPen(QColor("#c2c8ce"), 1) if self.kind == "day" else Qt.PenStyle.NoPen)
        painter.setBrush(self.fill)
        painter.drawRoundedRect(rect, 3, 3)
        if self.kind == "hatch":
            painter.fillRect(rect, QBrush(QColor(255, 255, 255, 170), Qt.BrushStyle.BDiagPattern))
        if self.kind == "clash":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(CLASH, 2.5))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
        painter.end()


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(4)
        items: list[tuple[QColor, str, str]] = [
            (QColor(STATUS_COLOURS[s]), "fill", _(STATUS_LABELS[s]))
            for s in Status
            if s is not Status.REJECTED
        ]
        items[-1] = (items[-1][0], "fill", _("Cancelled or rejected"))
        items += [
            (HOLIDAY, "day", _("Public holiday at a host")),
            (QColor(STATUS_COLOURS[Status.APPROVED]), "hatch", _("Holiday during the stay")),
            (QColor(STATUS_COLOURS[Status.APPROVED]), "clash", _("Clash")),
        ]
        for colour, kind, text in items:
            layout.addWidget(Chip(colour, kind))
            label = QLabel(text)
            label.setStyleSheet("color: #4a5560;")
            layout.addWidget(label)
            layout.addSpacing(8)
        layout.addStretch(1)
