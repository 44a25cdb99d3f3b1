"""Dialogs of the Funding tab: record a payment, add a dated rate table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.i18n import (
    _,
    country_name,
    current_language,
    format_amount_for_editing,
    format_day,
    format_money,
    parse_amount,
)
from cxdesk.services.display import date_edit_format
from cxdesk.services.funding import DueLine

#: What a dialog hands its values to: None when done, else the sentence saying why not.
Apply = Callable[..., str | None]


def money_box(value: Decimal, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(2)
    box.setRange(0, 1_000_000_000)
    box.setGroupSeparatorShown(True)
    box.setLocale(QLocale(current_language()))
    box.setValue(float(value))
    box.setAccessibleName(name)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


def decimal_of(box: QDoubleSpinBox) -> Decimal:
    # The box holds a float; two decimals of it are exact for any budget a desk sees.
    return Decimal(f"{box.value():.2f}")


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def paid_fields(day: date, hint: str) -> tuple[QDateEdit, QLineEdit, QFormLayout]:
    """The day a payment was made and the bank's reference, in a form with their mnemonics:
    what the Due tab's Pay… and the confirmation of a SEPA batch both ask."""
    paid_on = QDateEdit(qdate(day))
    paid_on.setCalendarPopup(True)
    paid_on.setDisplayFormat(date_edit_format())
    paid_on.setAccessibleName(_("Paid on"))
    bank_reference = QLineEdit()
    bank_reference.setAccessibleName(_("Bank reference"))
    bank_reference.setPlaceholderText(hint)
    form = QFormLayout()
    form.addRow(_("&Paid on:"), paid_on)
    form.addRow(_("&Bank reference:"), bank_reference)
    for field in (paid_on, bank_reference):
        label = form.labelForField(field)
        if isinstance(label, QLabel):
            label.setBuddy(field)
    return paid_on, bank_reference, form


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b71c1c;")
    label.hide()
    return label


class ApplyDialog(QDialog):
    """OK hands the values to `apply`; a refusal is shown in the dialog, which stays open."""

    def __init__(self, apply: Apply, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.apply = apply
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def values(self) -> tuple[object, ...]:
        raise NotImplementedError

    def accept(self) -> None:
        problem = self.apply(*self.values())
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


class PaymentDialog(ApplyDialog):
    def __init__(self, line: DueLine, today: date, apply: Apply, parent: QWidget | None = None):
        super().__init__(apply, parent)
        self.line = line
        self.setWindowTitle(_("Record payment for {reference}").format(reference=line.reference))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("{visitor} at {host}, {country}. Amount due {amount}; paid so far {paid}.").format(
                visitor=line.visitor,
                host=line.host_organisation,
                country=country_name(line.host_country),
                amount=format_money(line.amount_due),
                paid=format_money(line.paid),
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.amount = money_box(line.outstanding, _("Amount"))
        self.paid_on = QDateEdit(qdate(today))
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat(date_edit_format())
        self.paid_on.setAccessibleName(_("Paid on"))
        self.bank_reference = QLineEdit()
        self.bank_reference.setAccessibleName(_("Bank reference"))
        self.bank_reference.setPlaceholderText(_("e.g. the SEPA transfer's reference"))
        form.addRow(_("&Amount:"), self.amount)
        form.addRow(_("&Paid on:"), self.paid_on)
        form.addRow(_("&Bank reference:"), self.bank_reference)
        for field in (self.amount, self.paid_on, self.bank_reference):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)
        layout.addLayout(form)
        due = _("Due on {day}.").format(day=format_day(line.due_on))
        layout.addWidget(QLabel(due))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def values(self) -> tuple[object, ...]:
        reference = self.bank_reference.text().strip() or None
        return self.line.uid, decimal_of(self.amount), pydate(self.paid_on.date()), reference


class RateTableDialog(ApplyDialog):
    """A new dated table: its name, dates, and a ceiling per country (the ones in force first)."""

    def __init__(
        self,
        ceilings: dict[str, Decimal],
        valid_from: date,
        apply: Apply,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(apply, parent)
        self.setWindowTitle(_("Add a dated rate table"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(_("Rates from {year}").format(year=valid_from.year))
        self.name.setAccessibleName(_("Table name"))
        self.valid_from = QDateEdit(qdate(valid_from))
        self.valid_from.setCalendarPopup(True)
        self.valid_from.setDisplayFormat(date_edit_format())
        self.valid_from.setAccessibleName(_("Valid from"))
        self.has_end = QCheckBox(_("Ends on"))
        self.valid_to = QDateEdit(qdate(date(valid_from.year, 12, 31)))
        self.valid_to.setCalendarPopup(True)
        self.valid_to.setDisplayFormat(date_edit_format())
        self.valid_to.setAccessibleName(_("Valid to"))
        self.valid_to.setEnabled(False)
        self.has_end.toggled.connect(self.valid_to.setEnabled)
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("Valid &from:"), self.valid_from)
        form.addRow(self.has_end, self.valid_to)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Ceilings per host country (the ones in force now):")))
        self.table = QTableWidget(len(ceilings), 2)
        self.table.setAccessibleName(_("Ceilings per host country"))
        self.table.setHorizontalHeaderLabels([_("Host country"), _("Ceiling (EUR)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.codes = sorted(ceilings, key=country_name)
        for row, code in enumerate(self.codes):
            name = QTableWidgetItem(f"{country_name(code)} ({code})")
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, 0, name)
            value = QTableWidgetItem(format_amount_for_editing(ceilings[code]))
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, value)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, 560)

    def ceilings(self) -> dict[str, Decimal] | None:
        found = {}
        for row, code in enumerate(self.codes):
            item = self.table.item(row, 1)
            amount = parse_amount(item.text() if item else "")
            if amount is None:
                return None
            found[code] = amount
        return found

    def values(self) -> tuple[object, ...]:
        valid_to = pydate(self.valid_to.date()) if self.has_end.isChecked() else None
        return self.name.text(), pydate(self.valid_from.date()), valid_to, self.ceilings()
