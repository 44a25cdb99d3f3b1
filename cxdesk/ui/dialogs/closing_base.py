"""What the closing dialogs share: a form, a refusal shown inside, OK that saves or stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.services.display import date_edit_format
from cxdesk.ui import style
from cxdesk.ui.style import BAD


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date, accessible: str, parent: QWidget) -> QDateEdit:
    """A date picker in the language's order, with the calendar a click away."""
    edit = QDateEdit(qdate(day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format(weekday=True))
    edit.setAccessibleName(accessible)
    return edit


def text_box(text: str | None, accessible: str, parent: QWidget, lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit(text or "", parent)
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)  # Tab leaves the box, as in every other field
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def problem_label(parent: QWidget) -> QLabel:
    """A sentence in red under a field (or the form), hidden while there is nothing to say."""
    label = QLabel(parent)
    label.setWordWrap(True)
    style.coloured(label, BAD)
    label.hide()
    return label


def say(label: QLabel, text: str | None) -> None:
    """Show (or hide) a sentence; the dialog grows to show it whole."""
    label.setText(text or "")
    label.setVisible(bool(text))
    window = label.window()
    if isinstance(window, ClosingDialog):
        window.fit()


class ClosingDialog(QDialog):
    """OK runs `save`; a refusal is shown in the dialog, which stays open to be corrected."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.save: Callable[[], object] | None = None
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(self.form)
        self.problem = problem_label(self)
        self.problem.setAccessibleName(title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def fit(self) -> None:
        """Tall enough for every wrapped line at the dialog's width (a sentence shown under a
        field, a reduction's reason): Qt sizes a dialog before its labels know their width."""
        self.outer.activate()
        width = self.width()
        needed = (
            self.outer.totalHeightForWidth(width)
            if self.outer.hasHeightForWidth()
            else self.outer.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(width, needed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit()

    def finish_layout(self) -> None:
        """Put the refusal and the buttons under whatever the dialog added."""
        self.outer.addWidget(self.problem)
        self.outer.addWidget(self.buttons)

    def check(self) -> bool:
        """Each dialog's own checks before saving (a field's problem shown under it)."""
        return True

    def accept(self) -> None:
        say(self.problem, None)
        if not self.check():
            return
        if self.save is not None:
            try:
                self.save()
            except UserError as exc:
                self.refused(exc)
                return
        super().accept()

    def refused(self, exc: UserError) -> None:
        say(self.problem, exc.message)
