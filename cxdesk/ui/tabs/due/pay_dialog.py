"""Due → Pay…: the payment of the amount due recorded, on a day, with the bank's reference."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from cxdesk.core.i18n import _
from cxdesk.domain.records import Change
from cxdesk.services import closing
from cxdesk.services.due import DueItem
from cxdesk.ui.context import UiContext
from cxdesk.ui.tabs.funding.paid_dialog import PaidDialog


class PayDialog(PaidDialog):
    """Paid by other means than a SEPA file (or before one): the exchange becomes paid."""

    def __init__(
        self, context: UiContext, item: DueItem, today: date, parent: QWidget | None = None
    ) -> None:
        assert item.uid is not None
        self.item = item
        super().__init__(
            context,
            _("Pay {reference}").format(reference=item.reference),
            _("{what}. The payment of the amount due is recorded: the exchange is paid.").format(
                what=item.what
            ),
            today,
            _("e.g. the SEPA transfer's reference"),
            parent,
        )

    def record(self, on: date, bank_reference: str) -> Change:
        assert self.item.uid is not None
        return closing.pay(
            self.context.db, self.item.uid, on=on, bank_reference=bank_reference.strip() or None
        )
