"""Send…: one document of an exchange to someone, the subject and body shown to edit, queued."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.outbox_store import OutboxMessage
from cxdesk.services import mail
from cxdesk.ui.dialogs.closing_base import ClosingDialog, say, text_box


class SendDialog(ClosingDialog):
    """Which document, to whom (the visitor, the host contact, or an address typed), and the
    message in the recipient's language; Queue puts it in the outbox. With `attachment` (a
    signed PDF) that file goes as it is, and the document is the one it is."""

    def __init__(
        self,
        db: Database,
        exchange_uid: str,
        reference: str,
        document: str = "agreement",
        parent: QWidget | None = None,
        attachment: Path | None = None,
    ) -> None:
        super().__init__(
            _("Send a document of {reference}").format(reference=reference), "", parent
        )
        self.setObjectName("send-dialog")
        self.ok_button.setText(_("&Queue"))
        self.setMinimumWidth(600)
        self.db = db
        self.exchange_uid = exchange_uid
        self.queued: OutboxMessage | None = None
        self.attachment = attachment
        self.document = QComboBox(self)
        self.document.setAccessibleName(_("Document"))
        for kind in mail.DOCUMENTS:
            self.document.addItem(_(mail.DOCUMENT_LABELS[kind]), kind)
        self.document.setCurrentIndex(max(0, self.document.findData(document)))
        self.attached = QLabel(attachment.name if attachment else "", self)
        self.attached.setAccessibleName(_("Attached file"))
        self.attached.setToolTip(str(attachment or ""))
        self.attached.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipient = QComboBox(self)
        self.recipient.setEditable(True)  # any address may be typed
        self.recipient.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.recipient.setAccessibleName(_("Recipient"))
        for found in mail.recipients(db, exchange_uid):
            self.recipient.addItem(f"{found.label} <{found.email}>", found.email)
        self.subject = QLineEdit(self)
        self.subject.setAccessibleName(_("Subject"))
        self.body = text_box(None, _("Message"), self, lines=10)
        self.form.addRow(_("&Document:"), self.document)
        if attachment is not None:
            # The signed file is that document: another choice would send the wrong paper.
            self.document.setEnabled(False)
            self.form.addRow(_("Attached:"), self.attached)
        else:
            self.attached.hide()
        self.form.addRow(_("&To:"), self.recipient)
        self.form.addRow(_("&Subject:"), self.subject)
        self.form.addRow(_("&Message:"), self.body)
        self.finish_layout()
        self.save = self._queue
        self.document.currentIndexChanged.connect(self.compose)
        self.recipient.currentIndexChanged.connect(self.compose)
        typed = self.recipient.lineEdit()
        assert typed is not None  # an editable combo box has one
        typed.editingFinished.connect(self.compose)
        self._composed_for: tuple[str, str] | None = None
        self.compose()

    def kind(self) -> str:
        return str(self.document.currentData())

    def address(self) -> str:
        """The chosen person's address, or the text typed."""
        text = self.recipient.currentText().strip()
        index = self.recipient.findText(text)
        if index >= 0 and self.recipient.itemData(index):
            return str(self.recipient.itemData(index))
        return text

    def compose(self) -> None:
        """The template's subject and body for this document and recipient (in their language)."""
        wanted = (self.kind(), self.address())
        if wanted == self._composed_for:
            return
        self._composed_for = wanted
        try:
            draft = mail.compose(self.db, wanted[0], self.exchange_uid, wanted[1] or None)
        except UserError as exc:
            say(self.problem, exc.message)
            return
        say(self.problem, None)
        self.subject.setText(draft.subject)
        self.body.setPlainText(draft.body)

    def _queue(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the PDF takes a moment
        try:
            self.queued = mail.queue(
                self.db,
                self.kind(),
                self.exchange_uid,
                self.address() or None,
                self.subject.text(),
                self.body.toPlainText(),
                attachment=self.attachment,
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
