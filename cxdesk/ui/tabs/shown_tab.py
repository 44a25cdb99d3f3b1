"""A tab that reads again on a change only while it is seen; a hidden one reads when next shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from cxdesk.domain.records import Change


class ShownTab(QWidget):
    """Subclasses give `CONCERNS` and `reload()`, which reads what is shown and clears `_stale`."""

    #: The tables whose change alters what the tab shows.
    CONCERNS: frozenset[str] = frozenset()

    # -- the Tab protocol (ui.tabs.base) ----------------------------------------------------
    open_exchange_requested = Signal(str)
    selection_changed = Signal()
    prints_view = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = True

    def reload(self) -> None:
        raise NotImplementedError

    # -- the contract with the main window -------------------------------------------------
    def refresh(self, change: Change) -> None:
        if not change.tables & self.CONCERNS:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # reloaded when the tab is shown

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()
