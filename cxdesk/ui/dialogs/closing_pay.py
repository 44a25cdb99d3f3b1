"""Record the payment of a validated report: the day, the amount due shown, the bank reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import _
from cxdesk.services import display
from cxdesk.ui.dialogs.closing_base import ClosingDialog, date_edit, pydate


class PayDialog(ClosingDialog):
    """The amount is the one validated: it is shown, not typed."""

    def __init__(
        self,
        reference: str,
        amount: Decimal | None,
        due: date | None,
        account: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Pay {reference}").format(reference=reference), _("Record payment"), parent
        )
        self.setObjectName("closing-pay-dialog")
        self.paid_on = date_edit(today_utc(), _("Paid on"), self)
        self.amount = QLabel(display.money(amount), self)
        self.amount.setAccessibleName(_("Amount due"))
        self.due = QLabel(display.day(due) or "—", self)
        self.account = QLabel(account or _("no bank details kept"), self)
        self.account.setAccessibleName(_("Paid to"))
        self.bank_reference = QLineEdit(self)
        self.bank_reference.setAccessibleName(_("Bank reference"))
        self.bank_reference.setPlaceholderText(_("as the bank statement shows it"))
        self.form.addRow(_("Amount due:"), self.amount)
        self.form.addRow(_("Due by:"), self.due)
        self.form.addRow(_("Paid to:"), self.account)
        self.form.addRow(_("Paid on:"), self.paid_on)
        self.form.addRow(_("Bank reference:"), self.bank_reference)
        self.finish_layout()

    def values(self) -> dict[str, object]:
        return {
            "on": pydate(self.paid_on.date()),
            "bank_reference": self.bank_reference.text().strip() or None,
        }
