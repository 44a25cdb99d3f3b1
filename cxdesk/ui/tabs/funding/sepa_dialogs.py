"""The SEPA dialogs: write a file of the payments due, and confirm a batch the bank carried out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_day, format_money, ngettext
from cxdesk.domain.records import Batch, Change
from cxdesk.services import sepa
from cxdesk.services.account import account
from cxdesk.services.display import date_edit_format
from cxdesk.ui import undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BAD, coloured
from cxdesk.ui.tabs.funding.dialogs import pydate, qdate
from cxdesk.ui.tabs.funding.paid_dialog import PaidDialog
from cxdesk.ui.tabs.funding.report_dialog import choose_target

#: Opens File → Settings… (the window's), for the refusal that names the missing account.
OpenSettings = Callable[[], QDialog]


def batch_total(batch: Batch) -> Decimal:
    return sum((item.amount for item in batch.items), Decimal(0))


def batch_summary(batch: Batch) -> str:
    """ "3 payments, €2,850.00" for a batch."""
    return ngettext("{n} payment, {total}", "{n} payments, {total}", len(batch.items)).format(
        n=len(batch.items), total=format_money(batch_total(batch))
    )


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    edit.setAccessibleName(name)
    return edit


def _error() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    coloured(label, BAD)
    label.hide()
    return label


def suggested_file(today: date) -> Path:
    """Where a new file is offered: the documents folder, named by the day."""
    folder = Path.home() / "Documents"
    if not folder.is_dir():
        folder = Path.home()
    return folder / f"sepa-{today.isoformat()}.xml"


class WriteSepaDialog(QDialog):
    """What the file will pay, the day the bank is to pay it; "Save as…" asks where and writes
    it. With no account to pay from, the service's sentence and a way to Settings."""

    def __init__(
        self, context: UiContext, open_settings: OpenSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.open_settings = open_settings
        self.written: sepa.Written | None = None
        self.setWindowTitle(_("Write a SEPA file"))
        self.today = today_utc()
        taken, left = sepa.plan(context.db)
        total = sum((p.owed for p in taken), Decimal(0))
        self.summary = QLabel(
            ngettext(
                "The file will pay {n} payment due, {total} in all:",
                "The file will pay {n} payments due, {total} in all:",
                len(taken),
            ).format(n=len(taken), total=format_money(total))
            if taken
            else _("No payment can be put in a file now.")
        )
        self.summary.setWordWrap(True)
        lines = [
            _("{reference}: {amount} to {visitor}").format(
                reference=p.reference, amount=format_money(p.owed), visitor=p.visitor
            )
            for p in taken
        ]
        lines += [
            _("{reference} left out: {reason}").format(reference=item.reference, reason=item.reason)
            for item in left
        ]
        self.details = QLabel("\n".join(lines))
        self.details.setWordWrap(True)
        self.execution = _date_edit(self.today, _("Execution date"))
        self.execution.setMinimumDate(qdate(self.today))
        self.debtor = QLabel()
        self.debtor.setWordWrap(True)
        self.error = _error()
        self.settings_button = QPushButton(_("Settings…"))
        self.settings_button.setToolTip(_("Give the partnership's account in File → Settings"))
        self.settings_button.clicked.connect(self._settings)
        self.settings_button.hide()
        form = QFormLayout()
        form.addRow(_("&Execution date:"), self.execution)
        form.addRow(_("Paid from:"), self.debtor)
        label = form.labelForField(self.execution)
        if isinstance(label, QLabel):
            label.setBuddy(self.execution)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(bool(taken))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save_as)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.settings_button)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.show_account()

    def show_account(self) -> None:
        """The debtor as kept now; refused at once when there is none."""
        chosen = account(self.context.db)
        if chosen is None:
            self.debtor.setText("—")
            self._refuse(sepa.no_account_message(), settings=True)
            return
        self.debtor.setText(f"{chosen.name}, {chosen.masked_iban}")
        self.error.hide()
        self.settings_button.hide()

    def _refuse(self, sentence: str, settings: bool = False) -> None:
        self.error.setText(sentence)
        self.error.show()
        self.settings_button.setVisible(settings)

    def _settings(self) -> None:
        dialog = self.open_settings()
        dialog.finished.connect(lambda _result: self.show_account())

    def execution_date(self) -> date:
        return pydate(self.execution.date())

    def save_as(self) -> None:
        if account(self.context.db) is None:
            self._refuse(sepa.no_account_message(), settings=True)
            return
        target = choose_target(
            self,
            _("Save the SEPA file"),
            suggested_file(self.today),
            _("SEPA transfer (*.xml)"),
        )
        if target is None:
            return
        if not target.suffix:
            target = target.with_suffix(".xml")
        try:
            written = sepa.write_batch(
                self.context.db, target, execution_date=self.execution_date()
            )
        except UserError as exc:
            self._refuse(exc.message, settings=account(self.context.db) is None)
            return
        self.written = written
        undo.record(
            self.context,
            _("Write SEPA batch {batch}").format(batch=written.batch.number),
            written.change,
        )
        self.accept()


class ConfirmBatchDialog(PaidDialog):
    """The bank carried the batch out: the day it paid, its reference; each payment recorded."""

    def __init__(self, context: UiContext, batch: Batch, parent: QWidget | None = None) -> None:
        self.batch = batch
        super().__init__(
            context,
            _("Confirm SEPA batch {batch}").format(batch=batch.number),
            _(
                "{batch}: {summary}, to be executed {date}. Confirm it when the bank has paid: "
                "each of its payments is recorded as paid."
            ).format(
                batch=batch.number,
                summary=batch_summary(batch),
                date=format_day(batch.execution_date),
            ),
            min(batch.execution_date, today_utc()),
            _("the bank's reference of the transfer"),
            parent,
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Confirm paid"))

    def record(self, on: date, bank_reference: str) -> Change:
        return sepa.confirm_batch(
            self.context.db, self.batch.number, on=on, bank_reference=bank_reference
        )
