"""Status badges: a coloured pill in tables and panes, so a status reads at a glance."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cxdesk.core.i18n import _
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.ui.style import STATUS_COLOURS

#: The role under which a model gives a cell's status code (the text role gives its label).
STATUS_ROLE = Qt.ItemDataRole.UserRole + 10


def status_label(status: str | Status) -> str:
    return _(STATUS_LABELS[Status(status)])


class StatusDelegate(QStyledItemDelegate):
    """Paints the status cell as a rounded badge in the status's colours."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        code = index.data(STATUS_ROLE)
        if not code:
            super().paint(painter, option, index)
            return
        # The selection highlight first, then the badge on top of it.
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        background, foreground = STATUS_COLOURS[Status(code)]
        text = status_label(code)
        metrics = option.fontMetrics
        rect: QRect = option.rect
        width = min(metrics.horizontalAdvance(text) + 16, rect.width() - 6)
        height = min(metrics.height() + 4, rect.height() - 4)
        pill = QRect(rect.x() + 4, rect.y() + (rect.height() - height) // 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 20, size.height())


def badge(status: str | Status, parent: QWidget | None = None) -> QLabel:
    """A label showing a status as a badge, for panes."""
    label = QLabel(parent)
    set_badge(label, status)
    return label


def set_badge(label: QLabel, status: str | Status) -> None:
    background, foreground = STATUS_COLOURS[Status(status)]
    label.setText(status_label(status))
    label.setStyleSheet(
        f"background: {background}; color: {foreground}; border-radius: 9px; "
        "padding: 2px 10px; font-weight: bold;"
    )
    label.setAccessibleName(_("Status: {status}").format(status=status_label(status)))
    # A pill as tall as its text, whatever room the layout offers.
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
