"""What the tabs' record panes share: a scrolling body on the base colour, a title, headings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from cxdesk.ui import style


def section_label(text: str, parent: QWidget) -> QLabel:
    """A bold heading over one part of a pane."""
    label = QLabel(text, parent)
    style.section(label)
    return label


class DetailPane(QScrollArea):
    """Read-only view of one record: `body` and its `body_layout` to fill, `title` to name it."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        # Text wraps to the pane's width; a sideways scroll bar would hide the ends of lines.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(accessible_name)
        self.body = QWidget(self)
        style.pane(self.body)
        self.setWidget(self.body)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(12, 10, 12, 10)
        self.body_layout.setSpacing(4)
        self.title = QLabel(self.body)
        style.title(self.title)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
