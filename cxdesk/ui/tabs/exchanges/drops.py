"""Files dropped on an exchange's row or on its pane: handed on with the exchange they fell on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from cxdesk.ui.tabs.exchanges.closing_actions import DROPPED_SUFFIXES

#: The exchange under a point of the watched widget ("" for none).
Target = Callable[[QPoint], str]
Dropped = Callable[[str, list[Path]], None]


def dropped_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    """The local files a drag carries that could be a form or evidence."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in DROPPED_SUFFIXES]


class FileDrops(QObject):
    """Watches one widget (a table's viewport, a pane's) for dropped PDFs and images; any other
    drag (a sync package) goes on to the window."""

    def __init__(self, watched: QWidget, target: Target, dropped: Dropped) -> None:
        super().__init__(watched)
        self.target = target
        self.dropped = dropped
        watched.setAcceptDrops(True)
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            if dropped_files(event) and self.target(event.position().toPoint()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            files = dropped_files(event)
            uid = self.target(event.position().toPoint()) if files else ""
            if not files or not uid:
                return False
            event.acceptProposedAction()
            self.dropped(uid, files)
            return True
        return False
