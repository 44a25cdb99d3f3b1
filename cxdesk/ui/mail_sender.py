"""The window sends the outbox by itself: 5 s after the start, then every minute, off the GUI
thread, while an SMTP server is set; a server that does not answer keeps the messages waiting,
silently (they go when it answers)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import ngettext
from cxdesk.domain.records import Change
from cxdesk.ui import tasks
from cxdesk.ui.context import UiContext

log = logging.getLogger("cxdesk.ui.mail")

FIRST_MS, EVERY_MS = 5_000, 60_000


class MailSender(QObject):
    """One per window; `tick` is what the timer calls (tests call it too)."""

    def __init__(self, context: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.busy = False
        self.quiet: tasks.Quiet | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        QTimer.singleShot(FIRST_MS, self, self.tick)

    def tick(self) -> None:
        if self.busy:
            return
        db = self.context.db

        def work() -> Any:
            # Imported here: smtplib and the outbox only once there is something to do.
            from cxdesk.services.outbox import ServerSilent, send_waiting, smtp_server

            try:
                server = smtp_server()
                if server is None:
                    return None
                # Refused messages wait for a person (Send now): not retried every minute.
                return send_waiting(db, server, retry_failed=False)
            except ServerSilent:
                return None
            except UserError as exc:  # no password, no sender: said in File → Outbox…
                log.info("the outbox waits: %s", exc.message)
                return None
            except Exception:  # noqa: BLE001 - a bug must not stop the next minute's try
                log.warning("sending the outbox failed", exc_info=True)
                return None

        self.busy = True
        quiet = self.quiet = tasks.Quiet(work, self)
        quiet.finished.connect(self._done)
        quiet.start()

    def _done(self, outcome: Any) -> None:
        self.busy = False
        if self.quiet is not None:
            self.quiet.deleteLater()
            self.quiet = None
        if outcome is None or not (outcome.sent or outcome.failed):
            return
        count = len(outcome.sent)
        message = ngettext("{n} message sent", "{n} messages sent", count).format(n=count)
        self.context.announce(Change(frozenset({"outbox", "exchanges"}), message=message))


def install_mail_sender(window: QObject, context: UiContext) -> MailSender:
    return MailSender(context, window)
