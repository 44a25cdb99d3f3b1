"""Due → Pay…: the payment of the amount due recorded, on a day, with the bank's reference."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.services import closing
from cxdesk.services.due import DueItem
from cxdesk.ui import undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BAD, coloured
from cxdesk.ui.tabs.funding.dialogs import paid_fields, pydate


class PayDialog(QDialog):
    """Paid by other means than a SEPA file (or before one): the exchange becomes paid."""

    def __init__(
        self, context: UiContext, item: DueItem, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        assert item.uid is not None
        self.context = context
        self.item = item
        self.setWindowTitle(_("Pay {reference}").format(reference=item.reference))
        intro = QLabel(
            _("{what}. The payment of the amount due is recorded: the exchange is paid.").format(
                what=item.what
            )
        )
        intro.setWordWrap(True)
        self.paid_on, self.bank_reference, form = paid_fields(
            today, _("e.g. the SEPA transfer's reference")
        )
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
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        assert self.item.uid is not None
        try:
            change = closing.pay(
                self.context.db,
                self.item.uid,
                on=pydate(self.paid_on.date()),
                bank_reference=self.bank_reference.text().strip() or None,
            )
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        text = _("Pay {reference}").format(reference=self.item.reference)
        undo.record(self.context, text, change)
        super().accept()
