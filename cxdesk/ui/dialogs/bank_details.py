"""Where the visitor is paid: the IBAN seen whole only while typed, checked as it is left."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from cxdesk.core.i18n import _
from cxdesk.domain.bank import bic_problem, compact, iban_problem, mask_iban
from cxdesk.domain.records import BankDetails
from cxdesk.ui.dialogs.closing_base import ClosingDialog, problem_label, say


def _with_problem(field: QWidget, parent: QWidget) -> tuple[QWidget, QLabel]:
    """The field with its problem line under it, as one form row."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    field.setParent(box)
    layout.addWidget(field)
    problem = problem_label(box)
    layout.addWidget(problem)
    return box, problem


class BankDetailsDialog(ClosingDialog):
    """IBAN, BIC and account holder. A kept IBAN is not shown again: left empty, it stays."""

    def __init__(
        self, reference: str, bank: BankDetails | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Bank details of {reference}").format(reference=reference), _("Keep"), parent
        )
        self.setObjectName("bank-details-dialog")
        self.kept = bank
        self.iban = QLineEdit(self)
        self.iban.setAccessibleName(_("IBAN"))
        self.iban.setPlaceholderText(
            _("{iban} kept; type a new IBAN to change it").format(iban=mask_iban(bank.iban))
            if bank
            else _("e.g. DE89 3704 0044 0532 0130 00")
        )
        self.bic = QLineEdit((bank.bic or "") if bank else "", self)
        self.bic.setAccessibleName(_("BIC"))
        self.bic.setPlaceholderText(_("needed for an account outside the SEPA area"))
        self.holder = QLineEdit(bank.account_holder if bank else "", self)
        self.holder.setAccessibleName(_("Account holder"))
        iban_row, self.iban_problem = _with_problem(self.iban, self)
        bic_row, self.bic_problem = _with_problem(self.bic, self)
        holder_row, self.holder_problem = _with_problem(self.holder, self)
        self.form.addRow(_("IBAN:"), iban_row)
        self.form.addRow(_("BIC:"), bic_row)
        self.form.addRow(_("Account holder:"), holder_row)
        note = QLabel(
            _(
                "Bank details stay on this desk: never in a package for the platform, shown "
                "masked everywhere but here."
            ),
            self,
        )
        note.setWordWrap(True)
        self.outer.addWidget(note)
        self.finish_layout()
        self.iban.editingFinished.connect(self._check_iban)
        self.bic.editingFinished.connect(self._check_bic)

    def iban_text(self) -> str:
        """The IBAN to keep: the one typed, else the one kept already."""
        typed = compact(self.iban.text())
        if not typed and self.kept is not None:
            return self.kept.iban
        return typed

    def _check_iban(self) -> bool:
        problem = iban_problem(self.iban_text())
        say(self.iban_problem, problem + "." if problem else None)
        return problem is None

    def _check_bic(self) -> bool:
        text = compact(self.bic.text())
        problem = bic_problem(text) if text else None
        say(self.bic_problem, problem + "." if problem else None)
        return problem is None

    def check(self) -> bool:
        holder_ok = bool(self.holder.text().strip())
        say(self.holder_problem, None if holder_ok else _("The account holder's name is missing."))
        iban_ok = self._check_iban()
        bic_ok = self._check_bic()
        return iban_ok and bic_ok and holder_ok

    def values(self) -> dict[str, str | None]:
        return {
            "iban": self.iban_text(),
            "bic": compact(self.bic.text()) or None,
            "account_holder": self.holder.text().strip(),
        }
