"""The figures at the top of the Funding tab: a card each, a big number and a line saying what."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cxdesk.ui import style


class FittingLabel(QLabel):
    """A big figure that shrinks its type rather than be cut ("47 469,00 EUR" in Hungarian is
    wider than "€47,469.00" in a card of the same width)."""

    def __init__(self, text: str, base: QFont) -> None:
        super().__init__(text)
        self.base = QFont(base)
        self.setFont(self.base)
        self.setMinimumWidth(1)  # the layout may make it narrower than the text: it then fits

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        font = QFont(self.base)
        size = font.pointSizeF()
        room = self.contentsRect().width()
        while size > self.base.pointSizeF() * 0.55:
            font.setPointSizeF(size)
            if QFontMetrics(font).horizontalAdvance(self.text()) <= room:
                break
            size -= 0.5
        if font != self.font():
            self.setFont(font)


class Card(QFrame):
    def __init__(self, title: str, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        # On the palette's base (white, or dark in a dark palette); the texts readable on it.
        palette = QGuiApplication.palette()
        base = palette.color(QPalette.ColorRole.Base)
        edge = palette.color(QPalette.ColorRole.Mid).name()
        self.setStyleSheet(
            f"QFrame#card {{ background: {base.name()}; border: 1px solid {edge};"
            f" border-radius: 6px; border-top: 4px solid {accent}; }}"
        )
        self.base = base
        quiet = style.readable("#5f6b76", base).name()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.title = QLabel(title)
        self.title.setStyleSheet(f"color: {quiet}; border: none;")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value = FittingLabel("—", font)
        # The accent's hue, dark (or light) enough to read: a big number still needs 4.5:1
        # for a reader with low vision.
        self.value.setStyleSheet(f"color: {style.readable(accent, base).name()}; border: none;")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setStyleSheet(f"color: {quiet}; border: none;")
        self.note.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        self.body = layout

    def tint(self, label: QLabel, colour: str, bold: bool = False) -> None:
        """A text of the card in a colour (red when late), readable on the card."""
        weight = " font-weight: bold;" if bold else ""
        shade = style.readable(colour, self.base).name()
        label.setStyleSheet(f"color: {shade}; border: none;{weight}")

    def show_figure(self, value: str, note: str, tooltip: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.setToolTip(tooltip)
        self.setAccessibleName(f"{self.title.text()}: {value}. {note}")
