"""Type the closing report: the day it came, the dates the visit really took, what was done."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import _
from cxdesk.domain.records import Exchange, Report
from cxdesk.ui.dialogs.closing_base import ClosingDialog, date_edit, pydate, qdate, text_box

#: The rating's words, 1 to 5, as the form offers them.
RATING_WORDS = {
    1: "1 – " + "★",
    2: "2 – " + "★★",
    3: "3 – " + "★★★",
    4: "4 – " + "★★★★",
    5: "5 – " + "★★★★★",
}


class ReportDialog(ClosingDialog):
    """The report's fields, filled with what is kept (or the planned dates for a new one)."""

    def __init__(
        self, exchange: Exchange, report: Report | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Closing report of {reference}").format(reference=exchange.reference),
            _("Save report"),
            parent,
        )
        self.setObjectName("closing-report-dialog")
        start = report.actual_start if report and report.actual_start else exchange.start_date
        end = report.actual_end if report and report.actual_end else exchange.end_date
        received = report.received_on if report else today_utc()
        self.received_on = date_edit(received, _("Received on"), self)
        self.actual_start = date_edit(start, _("Actual start date"), self)
        self.actual_end = date_edit(end, _("Actual end date"), self)
        self.rating = QComboBox(self)
        self.rating.setAccessibleName(_("Rating"))
        self.rating.addItem(_("not given"), None)
        for value, words in RATING_WORDS.items():
            self.rating.addItem(words, value)
        if report and report.rating:
            self.rating.setCurrentIndex(self.rating.findData(report.rating))
        self.activities = text_box(report.activities if report else None, _("Activities"), self)
        self.activities.setPlaceholderText(_("What the visitor did, day by day"))
        self.results = text_box(report.results if report else None, _("Results"), self)
        self.results.setPlaceholderText(_("Agreements, projects, contacts that came of it"))
        self.form.addRow(_("Received on:"), self.received_on)
        self.form.addRow(_("Actual start date:"), self.actual_start)
        self.form.addRow(_("Actual end date:"), self.actual_end)
        self.form.addRow(_("Activities:"), self.activities)
        self.form.addRow(_("Results:"), self.results)
        self.form.addRow(_("Rating (1–5):"), self.rating)
        self.finish_layout()
        self.resize(620, 520)

    def values(self) -> dict[str, object]:
        """The fields as `closing.save_report` takes them."""
        rating = self.rating.currentData()
        return {
            "received_on": pydate(self.received_on.date()),
            "actual_start": pydate(self.actual_start.date()),
            "actual_end": pydate(self.actual_end.date()),
            "activities": self.activities.toPlainText(),
            "results": self.results.toPlainText(),
            "rating": int(rating) if rating is not None else None,
        }

    def set_dates(self, start: date, end: date) -> None:
        """The actual dates (tests and callers that know them)."""
        self.actual_start.setDate(qdate(start))
        self.actual_end.setDate(qdate(end))
