"""The pane's Send…: the dialog that queues a document of the shown exchange as an e-mail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.domain.records import Change
from cxdesk.services.browse import ExchangeDetail
from cxdesk.ui import prompts
from cxdesk.ui.context import UiContext


class SendAction(QObject):
    """Opens the Send dialog for the exchange the pane shows; `dialog` is the one open."""

    def __init__(
        self,
        parent: QWidget,
        context: UiContext,
        detail: Callable[[], ExchangeDetail | None],
    ) -> None:
        super().__init__(parent)
        self.widget = parent
        self.context = context
        self.detail = detail
        self.dialog: QDialog | None = None

    def send(self) -> None:
        self.send_file()

    def send_file(self, document: str = "agreement", attachment: Path | None = None) -> None:
        """The Send dialog for the shown exchange; with `attachment`, that file (a signed PDF,
        the `document`) goes as it is."""
        # Imported when asked for: composing loads the document services.
        from cxdesk.ui.dialogs.send_dialog import SendDialog

        detail = self.detail()
        if detail is None:
            exc = UserError(_("Select an exchange first, in the list of exchanges."))
            self.context.status.emit(exc.message)
            prompts.refused(self.widget, exc)
            return
        uid, reference = detail.exchange.uid, detail.exchange.reference
        try:
            dialog = SendDialog(
                self.context.db, uid, reference, document, self.widget, attachment=attachment
            )
        except UserError as exc:
            prompts.refused(self.widget, exc)
            return
        self.dialog = dialog

        def done(result: int) -> None:
            queued = dialog.queued
            if result != QDialog.DialogCode.Accepted or queued is None:
                return
            message = _("The {document} of {reference} waits in the outbox for {address}.").format(
                document=queued.document, reference=reference, address=queued.to
            )
            self.context.announce(
                Change(frozenset({"outbox", "exchanges"}), frozenset({uid}), message)
            )

        dialog.finished.connect(done)
        dialog.open()
