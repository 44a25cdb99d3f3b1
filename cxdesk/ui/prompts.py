"""The small questions the window asks: confirm, tell, a date. One place, so tests can answer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.services.display import date_edit_format


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def refused(parent: QWidget | None, exc: UserError) -> None:
    """A refusal from a service: its sentence, and any further problems as details."""
    tell(parent, _("Not done"), exc.message, "\n".join(exc.problems))


def ask_date(parent: QWidget | None, title: str, text: str, initial: date) -> date | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    label = QLabel(text, dialog)
    label.setWordWrap(True)
    edit = QDateEdit(QDate(initial.year, initial.month, initial.day), dialog)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    edit.setAccessibleName(title)
    label.setBuddy(edit)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(label)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())
