"""The key under the calendar: a chip per status colour, and what shading and outlines mean."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QWidget,
)

from cxdesk.core.i18n import _
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.ui import style
from cxdesk.ui.tabs.calendar.colours import CLASH, HATCH, HOLIDAY, bar_fill


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
            painter.fillRect(rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
        if self.kind == "clash":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(CLASH, 2.5))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
        painter.end()


class FlowLayout(QLayout):
    """Items left to right, onto the next line when the width runs out (Qt's flow layout example).

    The legend's words are twice as long in Polish as in English: a single row would cut them.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = FlowLayout(self, spacing=4)
        layout.setContentsMargins(2, 0, 2, 0)
        items: list[tuple[QColor, str, str]] = [
            (bar_fill(s), "fill", _(STATUS_LABELS[s])) for s in Status
        ]
        items += [
            (HOLIDAY, "day", _("Public holiday at a host")),
            (bar_fill(Status.APPROVED), "hatch", _("Holiday during the stay")),
            (bar_fill(Status.APPROVED), "clash", _("Clash")),
        ]
        for colour, kind, text in items:
            # A chip and its words stay together on one line.
            entry = QWidget(self)
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 6, 0)
            row.setSpacing(4)
            row.addWidget(Chip(colour, kind))
            label = QLabel(text)
            label.setStyleSheet(f"color: {style.Tone('#4a5560')};")
            row.addWidget(label)
            layout.addWidget(entry)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
