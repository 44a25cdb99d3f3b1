"""Other desks' changes shown as they are saved: the tabs, the pane and open editors refresh."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from cxdesk.core.i18n import _
from cxdesk.domain.records import Change
from cxdesk.ui.context import UiContext

if TYPE_CHECKING:
    from cxdesk.db.watch import ChangeWatcher

log = logging.getLogger("cxdesk.ui.live")

#: How often the window looks: well within the two seconds a colleague's change may take.
POLL_MS = 400
#: The first look waits until the window's first rows are painted (the cold start).
FIRST_MS = 1200


class LiveChanges(QObject):
    """Polls the database's change watcher and announces what others saved, like an own change."""

    def __init__(self, context: UiContext) -> None:
        super().__init__(context)
        self.context = context
        self.watcher: ChangeWatcher | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        QTimer.singleShot(FIRST_MS, self, self.start)

    def start(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None

    def poll(self) -> None:
        db = self.context.db
        if self.watcher is not None and self.watcher.db is not db:
            self.watcher.close()  # a restore reopened the database: watch the new one
            self.watcher = None
        if self.watcher is None:
            from cxdesk.db.watch import ChangeWatcher  # after the first paint, not before

            try:
                self.watcher = ChangeWatcher(db)
            except Exception as exc:  # noqa: BLE001 - a server away: look again later
                log.info("cannot watch %s yet: %r", db.label, exc)
            return  # the first look only marks where the desk stands
        seen = self.watcher.poll()
        # The desk's own changes were shown when they were made (the operation announced them).
        if seen is None or not seen.elsewhere:
            return
        change = seen.change
        message = _("Shown again with what another desk saved.")
        self.context.announce(Change(change.tables, change.uids, message))
