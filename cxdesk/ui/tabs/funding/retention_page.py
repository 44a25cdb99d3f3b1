"""Funding → Past the audit period: bank details and evidence that may now be erased, and Erase…"""

from __future__ import annotations

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
from cxdesk.core.i18n import _, format_day, ngettext
from cxdesk.services import retention
from cxdesk.services.retention import Expired
from cxdesk.ui import prompts, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import MUTED, coloured


class RetentionPage(QWidget):
    """The exchanges paid longer ago than the audit period that still hold personal data."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.items: list[Expired] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        coloured(self.intro, MUTED)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Past the audit period"))
        self.table.setHorizontalHeaderLabels(
            [_("Reference"), _("Paid on"), _("Kept until"), _("Still held")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.erase_button = QPushButton(_("Erase…"))
        self.erase_button.setToolTip(
            _("Erase the bank details and evidence of the selected exchanges (all when none is)")
        )
        self.erase_button.clicked.connect(self.erase)
        row.addWidget(self.erase_button)
        row.addStretch(1)
        layout.addLayout(row)

    def reload(self) -> None:
        years = retention.audit_years(self.context.db)
        self.intro.setText(
            ngettext(
                "Bank details and evidence are kept {n} year after the payment (File → "
                "Settings); then they may be erased. The exchange's history keeps a line.",
                "Bank details and evidence are kept {n} years after the payment (File → "
                "Settings); then they may be erased. The exchange's history keeps a line.",
                years,
            ).format(n=years)
        )
        self.items = retention.expired(self.context.db)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            kept = format_day(item.kept_until)
            cells = (item.reference, format_day(item.paid_on), kept, item.what)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._selection()

    def chosen(self) -> list[Expired]:
        """The selected rows; every row when none is selected."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.items[row] for row in rows] if rows else list(self.items)

    def _selection(self) -> None:
        self.erase_button.setEnabled(bool(self.items))

    def erase(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        lines = "\n".join(f"{item.reference}: {item.what}" for item in chosen)
        if not prompts.confirm(
            self,
            _("Erase for good?"),
            ngettext(
                "This erases, for good, what {n} exchange still holds:\n{lines}\n\nIts history "
                "keeps a line saying who erased what, and when.",
                "This erases, for good, what {n} exchanges still hold:\n{lines}\n\nTheir "
                "history keeps a line saying who erased what, and when.",
                len(chosen),
            ).format(n=len(chosen), lines=lines),
        ):
            return
        try:
            change = retention.erase_expired(self.context.db, [item.uid for item in chosen])
        except UserError as exc:
            prompts.refused(self, exc)
            return
        undo.record(
            self.context,
            ngettext(
                "Erase the bank details and evidence of {n} exchange",
                "Erase the bank details and evidence of {n} exchanges",
                len(chosen),
            ).format(n=len(chosen)),
            change,
        )
