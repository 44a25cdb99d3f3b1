"""A closable warning across the top of the window (a database in a cloud folder…)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from cxdesk.core.i18n import _
from cxdesk.ui.style import BANNER_STYLE


class Banner(QFrame):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(_("Warning"))
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(_("Close the warning"))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
