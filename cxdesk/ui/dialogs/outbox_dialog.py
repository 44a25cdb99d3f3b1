"""File → Outbox…: the e-mails waiting, sent or refused (with the server's words); Send now."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import N_, _, format_moment, ngettext
from cxdesk.domain.records import Change
from cxdesk.ui import tasks
from cxdesk.ui.context import UiContext

#: The statuses as a person reads them.
STATUS_WORDS = {"waiting": N_("waiting"), "sent": N_("sent"), "failed": N_("refused")}


class OutboxDialog(QDialog):
    """The outbox as a table; Send now sends what waits (and what was refused) off the GUI
    thread; the sentence under the table says what happened."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("outbox-dialog")
        self.setWindowTitle(_("Outbox"))
        self.resize(860, 420)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 6, self)
        self.table.setAccessibleName(_("Outbox"))
        self.table.setHorizontalHeaderLabels(
            [
                _("Created"),
                _("Status"),
                _("Recipient"),
                _("Document"),
                _("Subject"),
                _("Server's answer"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.said = QLabel(self)
        self.said.setWordWrap(True)
        layout.addWidget(self.said)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.send_button = QPushButton(_("&Send now"), self)
        self.send_button.setToolTip(_("Send what waits, and what the server refused, again"))
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(self.send_now)
        layout.addWidget(buttons)
        self.task: tasks.Task | None = None
        self.refresh()

    def refresh(self) -> None:
        from cxdesk.services.outbox import list_outbox

        messages = list_outbox(self.context.db)
        self.table.setRowCount(len(messages))
        for row, m in enumerate(reversed(messages)):  # the newest first
            document = f"{m.document} {m.reference or ''}".strip()
            cells = (
                format_moment(m.created_at),
                _(STATUS_WORDS.get(m.status, m.status)),
                m.to,
                document,
                m.subject,
                m.error or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        waiting = sum(1 for m in messages if m.status != "sent")
        self.send_button.setEnabled(waiting > 0 and self.task is None)

    def send_now(self) -> None:
        from cxdesk.services.outbox import send_waiting

        db = self.context.db
        self.send_button.setEnabled(False)
        self.task = tasks.run_task(
            self,
            _("Sending the outbox"),
            lambda _progress: send_waiting(db),
            self._sent,
            self._failed,
        )

    def _sent(self, outcome: Any) -> None:
        self.task = None
        count = len(outcome.sent)
        text = ngettext("{n} message sent.", "{n} messages sent.", count).format(n=count)
        if outcome.failed:
            refused = len(outcome.failed)
            text += " " + ngettext(
                "{n} refused by the server.", "{n} refused by the server.", refused
            ).format(n=refused)
        self.said.setText(text)
        self.refresh()
        self.context.announce(Change(frozenset({"outbox", "exchanges"}), message=text))

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, UserError):
            self.said.setText(exc.message)
        else:
            self.said.setText(_("Sending failed: the log file says why."))
        self.refresh()


def open_outbox(parent: QWidget | None, context: UiContext) -> OutboxDialog:
    dialog = OutboxDialog(context, parent)
    dialog.open()
    return dialog
