"""Funding → Payments by SEPA: what is payable now, the file to write, the batches and their end."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_day, format_money, ngettext
from cxdesk.domain.codes import BatchStatus
from cxdesk.domain.records import Batch
from cxdesk.services import sepa
from cxdesk.services.account import account
from cxdesk.ui import prompts, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import MUTED, WARN, coloured, section
from cxdesk.ui.tabs.funding.sepa_dialogs import (
    ConfirmBatchDialog,
    OpenSettings,
    WriteSepaDialog,
    batch_summary,
)


def status_text(batch: Batch) -> str:
    """A batch's state in words, with the day and reference it was closed with."""
    if batch.status is BatchStatus.OPEN:
        return _("Waiting for the bank")
    day = format_day(batch.closed_on) if batch.closed_on else "?"
    if batch.status is BatchStatus.CONFIRMED:
        if batch.bank_reference:
            return _("Paid {date} ({reference})").format(date=day, reference=batch.bank_reference)
        return _("Paid {date}").format(date=day)
    return _("Cancelled {date}").format(date=day)


class SepaPage(QWidget):
    """The payable now (count, total) and Write SEPA file…; the batches, the open ones with
    Confirm paid… and Cancel batch…, the confirmed and cancelled ones below them."""

    def __init__(
        self, context: UiContext, open_settings: OpenSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.open_settings = open_settings
        self.batches: list[Batch] = []
        self.write_dialog: WriteSepaDialog | None = None
        self.confirm_dialog: ConfirmBatchDialog | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(_("Payable now"))
        section(heading)
        layout.addWidget(heading)
        self.payable = QLabel()
        self.payable.setWordWrap(True)
        self.payable.setAccessibleName(_("Payable now"))
        layout.addWidget(self.payable)
        self.account_line = QLabel()
        self.account_line.setWordWrap(True)
        coloured(self.account_line, MUTED)
        layout.addWidget(self.account_line)
        row = QHBoxLayout()
        self.write_button = QPushButton(_("Write SEPA file…"))
        self.write_button.setToolTip(
            _("A pain.001 transfer file of every payment due whose visitor gave an IBAN")
        )
        self.write_button.clicked.connect(self.open_write_dialog)
        self.settings_button = QPushButton(_("Settings…"))
        self.settings_button.setAccessibleName(_("Settings: the partnership's account"))
        self.settings_button.clicked.connect(self._settings)
        row.addWidget(self.write_button)
        row.addWidget(self.settings_button)
        row.addStretch(1)
        layout.addLayout(row)

        heading = QLabel(_("Batches"))
        section(heading)
        layout.addWidget(heading)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("SEPA batches"))
        self.table.setHorizontalHeaderLabels(
            [_("Batch"), _("Execution date"), _("Payments"), _("State")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_confirm_dialog())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.confirm_button = QPushButton(_("Confirm paid…"))
        self.confirm_button.setToolTip(_("The bank paid the selected batch: record its payments"))
        self.confirm_button.clicked.connect(self.open_confirm_dialog)
        self.cancel_button = QPushButton(_("Cancel batch…"))
        self.cancel_button.setToolTip(
            _("The selected file was not sent or the bank refused it: its payments are due again")
        )
        self.cancel_button.clicked.connect(self.cancel_selected)
        row.addWidget(self.confirm_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._selection()

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        taken, left = sepa.plan(self.context.db)
        total = sum((p.owed for p in taken), Decimal(0))
        text = ngettext(
            "{n} payment due can go in a SEPA file now, {total} in all.",
            "{n} payments due can go in a SEPA file now, {total} in all.",
            len(taken),
        ).format(n=len(taken), total=format_money(total))
        if left:
            text += " " + ngettext(
                "{n} more is left out (no IBAN, or in an open batch).",
                "{n} more are left out (no IBAN, or in an open batch).",
                len(left),
            ).format(n=len(left))
        self.payable.setText(text)
        self.payable.setToolTip("\n".join(str(item) for item in left))
        chosen = account(self.context.db)
        if chosen is None:
            self.account_line.setText(_("No account to pay from yet: give it in Settings."))
            coloured(self.account_line, WARN)
        else:
            self.account_line.setText(
                _("Paid from {name}, {iban}.").format(name=chosen.name, iban=chosen.masked_iban)
            )
            coloured(self.account_line, MUTED)
        self.write_button.setEnabled(bool(taken))
        self._show_batches(sepa.batches(self.context.db))

    def _show_batches(self, found: list[Batch]) -> None:
        selected = self.selected_batch()
        # The open ones first (they wait for something), then the newest.
        order = {BatchStatus.OPEN: 0, BatchStatus.CONFIRMED: 1, BatchStatus.CANCELLED: 2}
        self.batches = sorted(reversed(found), key=lambda b: order[b.status])
        self.table.setRowCount(len(self.batches))
        for row, batch in enumerate(self.batches):
            cells = (
                batch.number,
                format_day(batch.execution_date),
                batch_summary(batch),
                status_text(batch),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if batch.file_name:
                    item.setToolTip(batch.file_name)
                if batch.status is BatchStatus.OPEN and column == 3:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                elif batch.status is BatchStatus.CANCELLED:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
        # The one chosen before stays chosen; else the oldest open one, ready to confirm.
        waiting = [b for b in self.batches if b.status is BatchStatus.OPEN]
        keep = selected.number if selected is not None else None
        self.table.clearSelection()
        self.select_batch(keep or (waiting[-1].number if waiting else ""))
        self._selection()

    # -- the selected batch ----------------------------------------------------------------
    def selected_batch(self) -> Batch | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.batches):
            return None
        return self.batches[rows[0].row()]

    def select_batch(self, number: str) -> None:
        for row, batch in enumerate(self.batches):
            if batch.number == number:
                self.table.selectRow(row)

    def _selection(self) -> None:
        batch = self.selected_batch()
        is_open = batch is not None and batch.status is BatchStatus.OPEN
        self.confirm_button.setEnabled(is_open)
        self.cancel_button.setEnabled(is_open)

    # -- acting ----------------------------------------------------------------------------
    def _settings(self) -> None:
        self.open_settings()

    def open_write_dialog(self) -> WriteSepaDialog:
        dialog = WriteSepaDialog(self.context, self.open_settings, self)
        dialog.accepted.connect(lambda: self._written(dialog))
        self.write_dialog = dialog
        dialog.open()
        return dialog

    def _written(self, dialog: WriteSepaDialog) -> None:
        if dialog.written is not None:
            self.select_batch(dialog.written.batch.number)

    def open_confirm_dialog(self) -> ConfirmBatchDialog | None:
        batch = self.selected_batch()
        if batch is None or batch.status is not BatchStatus.OPEN:
            return None
        self.confirm_dialog = ConfirmBatchDialog(self.context, batch, self)
        self.confirm_dialog.open()
        return self.confirm_dialog

    def cancel_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.status is not BatchStatus.OPEN:
            return
        if not prompts.confirm(
            self,
            _("Cancel the SEPA batch?"),
            _(
                "{batch} ({summary}) will be cancelled and its payments are due again. "
                "Do not send its file {file} to the bank."
            ).format(
                batch=batch.number,
                summary=batch_summary(batch),
                file=batch.file_name or "—",
            ),
        ):
            return
        try:
            change = sepa.cancel_batch(self.context.db, batch.number)
        except UserError as exc:
            prompts.refused(self, exc)
            return
        undo.record(self.context, _("Cancel SEPA batch {batch}").format(batch=batch.number), change)
