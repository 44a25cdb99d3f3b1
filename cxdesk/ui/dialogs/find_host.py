"""Find a host…: the best eligible hosts for a member or a draft, with reasons, and a draft made."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
from cxdesk.core.i18n import _, format_number
from cxdesk.services import display, match_draft, matching
from cxdesk.services.matching import Match, Matches
from cxdesk.ui import prompts, style, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BAD

#: Hosts the list shows.
SHOWN = 30


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class FindHostDialog(QDialog):
    """The visitor fixed (an organisation, a person, or a draft's visitor); dates optional."""

    def __init__(
        self,
        context: UiContext,
        *,
        visitor_key: str | None = None,
        exchange_key: str | None = None,
        shown: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.visitor_key = visitor_key
        self.exchange_key = exchange_key
        self.shown = shown  # shows the made or changed exchange (the Exchanges tab)
        self.found: Matches | None = None
        self.saved_uid = ""
        self.setObjectName("find-host")
        self.setWindowTitle(_("Find a host"))
        self.resize(860, 520)
        layout = QVBoxLayout(self)

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        style.subtitle(self.heading)
        layout.addWidget(self.heading)

        form = QFormLayout()
        self.person = QComboBox(self)
        self.person.setAccessibleName(_("Who travels"))
        form.addRow(_("Who &travels:"), self.person)
        dates = QHBoxLayout()
        self.dates_known = QCheckBox(_("&Dates known:"), self)
        self.start = self._date_edit(_("First day"))
        self.end = self._date_edit(_("Last day"))
        dates.addWidget(self.dates_known)
        dates.addWidget(self.start)
        dates.addWidget(QLabel("–", self))
        dates.addWidget(self.end)
        dates.addStretch(1)
        form.addRow(dates)
        layout.addLayout(form)

        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [_("Host"), _("Country"), _("Distance"), _("Lump sum"), _("Why")]
        )
        self.table.setAccessibleName(_("Suggested hosts, best first"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons.setAccessibleName(_("Why this host"))
        layout.addWidget(self.reasons)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {BAD}")
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.create_button = QPushButton(_("&Create draft exchange"), self)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.create_button.clicked.connect(self.create_draft)
        self.table.itemSelectionChanged.connect(self._selected)
        self.dates_known.toggled.connect(self._dates_toggled)
        self.start.dateChanged.connect(self._start_moved)
        self.end.dateChanged.connect(lambda _d: self.search())
        self._prepared = False
        self._prepare()

    def _date_edit(self, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(display.date_edit_format(weekday=True))
        edit.setAccessibleName(accessible)
        return edit

    # -- the search ---------------------------------------------------------------------------
    def _prepare(self) -> None:
        """The first search: it says who the visitor is, and the draft's dates when matching
        a draft."""
        first, last = matching.next_standard_week()
        self.start.setDate(_qdate(first))
        self.end.setDate(_qdate(last))
        self.start.setEnabled(False)
        self.end.setEnabled(False)
        self.search()
        found = self.found
        if found is not None:
            visitor = found.visitor
            if visitor.exchange is not None:
                self.start.setDate(_qdate(visitor.exchange.start_date))
                self.end.setDate(_qdate(visitor.exchange.end_date))
                self.dates_known.setChecked(True)  # searches again with them
                self.create_button.setText(
                    _("&Make it the host of {reference}").format(
                        reference=visitor.exchange.reference
                    )
                )
            people = [visitor.person] if visitor.exchange is not None else list(visitor.people)
            for person in people:
                if person is not None:
                    self.person.addItem(person.full_name, person.uid)
            if visitor.person is not None:
                self.person.setCurrentIndex(max(self.person.findData(visitor.person.uid), 0))
            self.person.setEnabled(visitor.exchange is None and self.person.count() > 1)
        self._prepared = True
        self._selected()

    def _dates_toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self.search()

    def _start_moved(self, value: QDate) -> None:
        if self.dates_known.isChecked() and self.end.date() < value:
            self.end.setDate(value.addDays(4))  # searches again
            return
        self.search()

    def dates(self) -> tuple[date | None, date | None]:
        if not self.dates_known.isChecked():
            return None, None
        return _day(self.start.date()), _day(self.end.date())

    def search(self) -> None:
        """Ask the service again for the visitor and the dates shown."""
        start, end = self.dates()
        self.problem.clear()
        try:
            found = matching.match_hosts(
                self.context.db,
                self.visitor_key,
                exchange_key=self.exchange_key,
                start=start,
                end=end,
                limit=SHOWN,
            )
        except UserError as exc:
            self.problem.setText(exc.message)
            self.table.setRowCount(0)
            if self.found is None:
                self.heading.setText(_("No host can be suggested."))
            self._selected()
            return
        self.found = found
        when = (
            _("from {start} to {end}").format(start=display.day(start), end=display.day(end))
            if start is not None and end is not None
            else _("dates not known yet: lump sums for a stay of 5 working days")
        )
        self.heading.setText(
            _("Hosts for {visitor}, best first ({when}).").format(
                visitor=found.visitor.label, when=when
            )
        )
        self._fill(found.matches)

    def _fill(self, matches: tuple[Match, ...]) -> None:
        self.table.setRowCount(len(matches))
        for row, match in enumerate(matches):
            cells = (
                match.name,
                display.country(match.country),
                _("{km} km").format(km=format_number(match.distance_km)),
                display.money(match.lump_sum),
                "; ".join(match.reasons),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, match.uid)
                if column == 4:
                    item.setToolTip("\n".join(match.reasons))
                self.table.setItem(row, column, item)
        if not matches:
            self.problem.setText(_("No eligible host found."))
        else:
            self.table.selectRow(0)
        self._selected()

    def selected_match(self) -> Match | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.found is None:
            return None
        item = self.table.item(rows[0].row(), 0)
        uid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((m for m in self.found.matches if m.uid == uid), None)

    def _selected(self) -> None:
        match = self.selected_match()
        self.reasons.setText("\n".join(f"• {r}" for r in match.reasons) if match else "")
        has_person = self.person.count() > 0
        self.create_button.setEnabled(match is not None and has_person and not self.problem.text())
        if self._prepared and self.found is not None and not has_person:
            self.problem.setText(
                _("{organisation} has nobody to send yet: add a person to it first.").format(
                    organisation=self.found.visitor.organisation.name
                )
            )
            self.create_button.setEnabled(False)

    # -- the draft ----------------------------------------------------------------------------
    def create_draft(self) -> None:
        """A new draft with the chosen host (or the draft given the host), undoable."""
        match = self.selected_match()
        found = self.found
        person_uid = self.person.currentData()
        if match is None or found is None or not person_uid:
            return
        start, end = self.dates()
        draft, original = match_draft.draft_for(
            self.context.db, found.visitor, match.uid, str(person_uid), start, end, match
        )
        try:
            saved = undo.save_exchange(self.context, draft, original)
        except UserError as exc:
            prompts.refused(self, exc)
            return
        self.saved_uid = saved.exchange.uid
        if self.shown is not None:
            self.shown(saved.exchange.uid)
        self.accept()


def open_find_host(
    context: UiContext,
    parent: QWidget,
    *,
    visitor_key: str | None = None,
    exchange_key: str | None = None,
    shown: Callable[[str], object] | None = None,
) -> FindHostDialog:
    """Open the dialog (window-modal) for a member or a draft exchange."""
    dialog = FindHostDialog(
        context, visitor_key=visitor_key, exchange_key=exchange_key, shown=shown, parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
