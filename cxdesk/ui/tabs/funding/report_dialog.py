"""Funding → Report…: the agency's indicators for a period, in a language, saved to a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import LANGUAGES, _, current_language, language_name
from cxdesk.services.agency_report import WrittenReport, write_report
from cxdesk.services.display import date_edit_format
from cxdesk.ui import tasks
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BAD, coloured
from cxdesk.ui.tabs.funding.dialogs import pydate, qdate


def choose_target(parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
    """Where to save the report, asked with a file dialog (tests replace this)."""
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    return Path(name) if name else None


class ReportDialog(QDialog):
    """Period, language and format; "Save as…" asks where and writes the file off the GUI thread."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.written: WrittenReport | None = None
        self.setWindowTitle(_("Report for the agency"))
        year = today_utc().year
        self.all_time = QCheckBox(_("All time"))
        self.all_time.toggled.connect(self._period_toggled)
        self.first = self._date_edit(date(year, 1, 1), _("From"))
        self.last = self._date_edit(date(year, 12, 31), _("To"))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        for code in LANGUAGES:
            # Each language in its own words: someone looking for theirs recognises it.
            self.language.addItem(language_name(code, code).capitalize(), code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language()[:2])))
        self.format = QComboBox()
        self.format.setAccessibleName(_("Format"))
        self.format.addItem(_("Workbook (XLSX): figures, breakdowns and the exchanges"), ".xlsx")
        self.format.addItem(_("PDF with charts"), ".pdf")
        self.error = QLabel()
        self.error.setWordWrap(True)
        coloured(self.error, BAD)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Exchanges starting"), self.all_time)
        form.addRow(_("From"), self.first)
        form.addRow(_("To"), self.last)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Format"), self.format)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save_as)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _date_edit(self, day: date, name: str) -> QDateEdit:
        edit = QDateEdit(qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_edit_format())
        edit.setAccessibleName(name)
        return edit

    def _period_toggled(self, whole: bool) -> None:
        self.first.setEnabled(not whole)
        self.last.setEnabled(not whole)

    def period(self) -> tuple[date | None, date | None]:
        if self.all_time.isChecked():
            return None, None
        return pydate(self.first.date()), pydate(self.last.date())

    def _tell(self, sentence: str) -> None:
        self.error.setText(sentence)
        self.error.setVisible(bool(sentence))

    def save_as(self) -> None:
        first, last = self.period()
        if first is not None and last is not None and last < first:
            self._tell(_("The period ends before it starts: change one of the dates."))
            return
        suffix = str(self.format.currentData())
        stem = f"cxdesk-report-{first.year}" if first is not None else "cxdesk-report"
        filters = _("Workbooks (*.xlsx)") if suffix == ".xlsx" else _("PDF documents (*.pdf)")
        target = choose_target(self, _("Save the report"), Path.home() / (stem + suffix),
                               filters)  # fmt: skip
        if target is None:
            return
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self._tell("")
        self.save_button.setEnabled(False)
        db, lang = self.context.db, str(self.language.currentData())
        tasks.run_task(
            self,
            _("Writing the report"),
            lambda _progress: write_report(db, target, first, last, lang),
            self._done,
            self._failed,
        )

    def _done(self, written: WrittenReport) -> None:
        self.written = written
        self.save_button.setEnabled(True)
        sentence = _("Report written to {path}.").format(path=written.path)
        self.context.status.emit(f"{sentence} {written.note}".strip())
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._tell(
            exc.message
            if isinstance(exc, UserError)
            else _("The report could not be written because of an unexpected error; the "
                   "details are in the log file.")
        )  # fmt: skip
