"""A bar above the tabs while conflicts wait for a choice, with a way to resolve them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cxdesk.core.i18n import _, ngettext
from cxdesk.domain.records import Change
from cxdesk.services.conflicts import count_open
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BANNER_STYLE

if TYPE_CHECKING:
    from cxdesk.ui.sync.conflicts_dialog import ConflictsDialog

#: The changes after which the count may differ: conflicts resolved, or the synced tables
#: written (an import, a revert, an undo).
WATCHED = frozenset({"conflicts", "organisations", "people", "exchanges", "payments", "reports"})


class ConflictBanner(QFrame):
    """Shown while conflicts are open; counts them, and opens the conflicts window."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.count = 0
        self.dialog: ConflictsDialog | None = None
        self.setObjectName("conflict-banner")
        self.setStyleSheet(BANNER_STYLE.replace("#banner", "#conflict-banner"))
        self.setAccessibleName(_("Conflicts waiting"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(_("&Resolve…"), self)
        self.button.setAccessibleName(_("Resolve the conflicts"))
        self.button.clicked.connect(self.open_dialog)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        context.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        """Count the open conflicts again; shown while there are any."""
        self.count = count_open(self.context.db)
        self.label.setText(
            ngettext(
                "{n} conflict waits for your choice — the desk keeps its value until you resolve "
                "it.",
                "{n} conflicts wait for your choice — the desk keeps its values until you resolve "
                "them.",
                self.count,
            ).format(n=self.count)
        )
        self.setAccessibleDescription(self.label.text())
        self.setVisible(self.count > 0)

    def _changed(self, change: Change) -> None:
        if change.tables & WATCHED:
            self.refresh()

    def open_dialog(self) -> ConflictsDialog:
        """The conflicts window, over the main window."""
        from cxdesk.ui.sync.conflicts_dialog import ConflictsDialog

        self.dialog = ConflictsDialog(self.context, self.window())
        self.dialog.setModal(True)
        self.dialog.show()
        return self.dialog


def install_conflict_banner(layout: QVBoxLayout, context: UiContext) -> ConflictBanner:
    """Put the banner at the top of the window's central layout (above the tabs)."""
    banner = ConflictBanner(context, layout.parentWidget())
    layout.insertWidget(0, banner)
    return banner
