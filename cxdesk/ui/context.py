"""What every tab and dialog shares: the open database, the undo stack, and the change broadcast."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cxdesk.db.engine import Database
from cxdesk.domain.records import Change


class UiContext(QObject):
    """One per main window. Services return a Change; `announce` broadcasts it once."""

    #: Emitted once per change; each tab refreshes only what the change names.
    changed = Signal(object)  # Change
    #: A sentence for the status bar: what the last action did.
    status = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)

    def announce(self, change: Change) -> None:
        self.changed.emit(change)
        if change.message:
            self.status.emit(change.message)
