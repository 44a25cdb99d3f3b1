"""A payment made: the day and the bank's reference asked, recorded by a service, undoable."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cxdesk.core.errors import UserError
from cxdesk.domain.records import Change
from cxdesk.ui import undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BAD, coloured
from cxdesk.ui.tabs.funding.dialogs import paid_fields, pydate


class PaidDialog(QDialog):
    """OK hands the day and reference to `record`; a refusal is shown, and the dialog stays open.

    The title names the step on the undo stack too (Edit → Undo "Pay X-2026-001").
    """

    def __init__(
        self,
        context: UiContext,
        title: str,
        intro: str,
        day: date,
        hint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.paid_on, self.bank_reference, form = paid_fields(day, hint)
        self.error = QLabel()
        self.error.setWordWrap(True)
        coloured(self.error, BAD)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def record(self, on: date, bank_reference: str) -> Change:
        """Record the payment through the service (which raises UserError with the reason)."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            change = self.record(pydate(self.paid_on.date()), self.bank_reference.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        undo.record(self.context, self.windowTitle(), change)
        super().accept()
