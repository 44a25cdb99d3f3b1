"""The exchange editor: the rules applied as you type, why a rule fails, how the amount is made."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import ChangedMeanwhile, UserError
from cxdesk.core.i18n import _
from cxdesk.domain.codes import (
    ECOSYSTEM_LABELS,
    GRANTED_STATUSES,
    PURPOSE_LABELS,
    TRAVEL_MODE_LABELS,
    VOID_STATUSES,
    Ecosystem,
    Purpose,
    Status,
    TravelMode,
)
from cxdesk.domain.merge import merge_fields
from cxdesk.domain.records import Change, Exchange
from cxdesk.services import browse, display
from cxdesk.services.browse import Verdict
from cxdesk.services.exchanges import AMOUNT_FIELDS
from cxdesk.ui import prompts, style, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BAD
from cxdesk.ui.tabs.exchanges.verdict import verdict_html
from cxdesk.ui.widgets.badges import set_badge
from cxdesk.ui.widgets.pickers import SearchPicker

#: Wait this long after the last change before applying the rules (holidays, distance, rates).
JUDGE_MS = 150


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


#: The fields the editor shows and saves.
EDITED = (
    *("visitor_uid", "host_organisation_uid", "host_contact_uid", "start_date", "end_date"),
    *("purposes", "ecosystem", "travel_mode", "notes"),
)


def _same(a: Exchange, b: Exchange, field: str) -> bool:
    left, right = getattr(a, field), getattr(b, field)
    if field == "purposes":
        return set(left) == set(right)
    if field == "notes":
        return (left or "").strip() == (right or "").strip()
    return bool(left == right)


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday() + 7)


class ExchangeEditor(QDialog):
    """A new exchange (None) or an existing one; Save stays off while a rule fails."""

    def __init__(
        self, context: UiContext, exchange: Exchange | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.original = exchange
        self.verdict: Verdict | None = None
        self.saved_uid = ""
        self.setWindowTitle(
            _("Exchange {reference}").format(reference=exchange.reference)
            if exchange
            else _("New exchange")
        )
        self.setObjectName("exchange-editor")
        self.resize(980, 640)
        db = context.db

        self.visitor = SearchPicker(
            lambda text: browse.find_people(db, text),
            _("Visitor"),
            _("Type the visitor's name"),
            self,
        )
        self.host = SearchPicker(
            lambda text: browse.find_organisations(db, text),
            _("Host organisation"),
            _("Type the host organisation's name or city"),
            self,
        )
        self.contact = QComboBox(self)
        self.contact.setAccessibleName(_("Host contact"))
        self.start = self._date_edit(_("Start date"))
        self.end = self._date_edit(_("End date"))
        self.purposes: dict[Purpose, QCheckBox] = {}
        purposes = QWidget(self)
        purposes_layout = QVBoxLayout(purposes)
        purposes_layout.setContentsMargins(0, 0, 0, 0)
        purposes_layout.setSpacing(2)
        for purpose in Purpose:
            box = QCheckBox(_(PURPOSE_LABELS[purpose]), purposes)
            box.setAccessibleName(_(PURPOSE_LABELS[purpose]))
            purposes_layout.addWidget(box)
            self.purposes[purpose] = box
        self.ecosystem = QComboBox(self)
        self.ecosystem.setAccessibleName(_("Ecosystem"))
        self.ecosystem.addItem("—", None)
        for code in sorted(Ecosystem, key=lambda e: _(ECOSYSTEM_LABELS[e])):
            self.ecosystem.addItem(_(ECOSYSTEM_LABELS[code]), code.value)
        self.travel = QComboBox(self)
        self.travel.setAccessibleName(_("Travel mode"))
        for mode in TravelMode:
            self.travel.addItem(_(TRAVEL_MODE_LABELS[mode]), mode.value)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setFixedHeight(70)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.status = QLabel(self)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        form.addRow(_("Status:"), status_row)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel(_("to"), self))
        dates.addWidget(self.end)
        dates.addStretch(1)
        for label, widget in (
            (_("&Visitor:"), self.visitor),
            (_("&Host:"), self.host),
            (_("Host &contact:"), self.contact),
        ):
            form.addRow(label, widget)
        start_label = QLabel(_("&Dates:"), self)
        start_label.setBuddy(self.start)
        form.addRow(start_label, dates)
        form.addRow(_("Purposes:"), purposes)
        form.addRow(_("&Ecosystem:"), self.ecosystem)
        form.addRow(_("&Travel:"), self.travel)
        form.addRow(_("&Notes:"), self.notes)

        self.verdict_label = QLabel(self)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.verdict_label.setAccessibleName(_("What the rules say"))
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        verdict_box = QFrame(self)
        style.pane(verdict_box)
        verdict_layout = QVBoxLayout(verdict_box)
        heading = QLabel(_("What the rules say"), verdict_box)
        style.section(heading)
        verdict_layout.addWidget(heading)
        verdict_layout.addWidget(self.verdict_label, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(verdict_box)
        scroll.setMinimumWidth(360)

        fields = QVBoxLayout()
        fields.addLayout(form)
        fields.addStretch(1)  # spare height goes below the form, not between its rows
        body = QHBoxLayout()
        body.addLayout(fields, 3)
        body.addWidget(scroll, 2)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        style.coloured(self.problem, BAD)
        self.problem.setAccessibleName(_("Problem"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(JUDGE_MS)
        self.timer.timeout.connect(self.judge_now)
        self._fill()
        for signal in (
            self.visitor.picked,
            self.host.picked,
            self.start.dateChanged,
            self.end.dateChanged,
        ):
            signal.connect(lambda *_args: self.timer.start())
        self.host.picked.connect(self._host_changed)
        self.judge_now()
        if exchange is not None:
            # Another desk's save of this exchange shows here while it is open (`ui.live`).
            context.changed.connect(self._changed_elsewhere)

    def _date_edit(self, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(display.date_edit_format(weekday=True))
        edit.setAccessibleName(accessible)
        return edit

    # -- showing the record ----------------------------------------------------------------------
    def _fill(self) -> None:
        self._show(self.original)

    def _show(self, x: Exchange | None) -> None:
        db = self.context.db
        if x is None:
            start = _next_monday(today_utc())
            self.start.setDate(_qdate(start))
            self.end.setDate(_qdate(start + timedelta(days=4)))
            set_badge(self.status, Status.DRAFT)
            self._fill_contacts("")
            return
        set_badge(self.status, x.status)
        try:
            self.visitor.set_choice(browse.person_choice(db, x.visitor_uid))
            self.host.set_choice(browse.organisation_choice(db, x.host_organisation_uid))
        except UserError as exc:
            self.problem.setText(exc.message)
        self._fill_contacts(x.host_organisation_uid, x.host_contact_uid)
        self.start.setDate(_qdate(x.start_date))
        self.end.setDate(_qdate(x.end_date))
        for purpose, box in self.purposes.items():
            box.setChecked(purpose in x.purposes)
        self.ecosystem.setCurrentIndex(
            max(0, self.ecosystem.findData(x.ecosystem.value if x.ecosystem else None))
        )
        self.travel.setCurrentIndex(max(0, self.travel.findData(x.travel_mode.value)))
        self.notes.setPlainText(x.notes or "")

    def _fill_contacts(self, host_uid: str, current: str | None = None) -> None:
        self.contact.clear()
        self.contact.addItem("—", None)
        if host_uid:
            for choice in browse.contacts_of(self.context.db, host_uid):
                self.contact.addItem(choice.label, choice.uid)
        self.contact.setCurrentIndex(max(0, self.contact.findData(current)))
        if current is None and self.contact.count() > 1:
            self.contact.setCurrentIndex(1)  # the host's first contact is the usual one

    def _host_changed(self, uid: str) -> None:
        self._fill_contacts(uid)

    # -- the rules as you type -------------------------------------------------------------------
    def draft(self) -> Exchange | None:
        """The exchange as typed; None while the visitor or the host is not chosen."""
        if not self.visitor.uid or not self.host.uid:
            return None
        x = self.original
        values = {
            "visitor_uid": self.visitor.uid,
            "host_organisation_uid": self.host.uid,
            "host_contact_uid": self.contact.currentData(),
            "start_date": _day(self.start.date()),
            "end_date": _day(self.end.date()),
            "purposes": [p for p, box in self.purposes.items() if box.isChecked()],
            "ecosystem": Ecosystem(self.ecosystem.currentData())
            if self.ecosystem.currentData()
            else None,
            "travel_mode": TravelMode(self.travel.currentData()),
            "notes": self.notes.toPlainText().strip() or None,
        }
        if x is None:
            return Exchange(uid="", reference="", **values)
        return dataclasses.replace(x, **values)

    def amount_moves(self, draft: Exchange) -> bool:
        """Whether saving changes what a granted exchange's visitor receives."""
        x = self.original
        if x is None or x.status not in GRANTED_STATUSES or self.verdict is None:
            return False
        if self.verdict.quote is None:
            return False
        touched = any(getattr(x, f) != getattr(draft, f) for f in AMOUNT_FIELDS)
        return touched and self.verdict.quote.lump_sum != x.lump_sum

    def judge_now(self) -> None:
        self.timer.stop()
        draft = self.draft()
        if draft is None:
            missing = []
            if not self.visitor.uid:
                missing.append(_("Choose the visitor from the list."))
            if not self.host.uid:
                missing.append(_("Choose the host organisation from the list."))
            self.verdict = Verdict(None, tuple(missing))
            self.verdict_label.setText(verdict_html(self.verdict))
            self.save_button.setEnabled(False)
            return
        self.verdict = browse.judge(self.context.db, draft)
        self.verdict_label.setText(
            verdict_html(
                self.verdict,
                None,
                self.original.lump_sum if self.original else None,
                self.amount_moves(draft),
            )
        )
        void = self.original is not None and self.original.status in VOID_STATUSES
        self.save_button.setEnabled(self.verdict.ok or (void and self.verdict.quote is not None))
        self.save_button.setToolTip(
            "" if self.save_button.isEnabled() else "\n".join(self.verdict.reasons)
        )

    # -- the record changed elsewhere while it is open -------------------------------------------
    def _changed_elsewhere(self, change: Change) -> None:
        x = self.original
        if x is None or not self.isVisible() or "exchanges" not in change.tables:
            return
        if change.uids and x.uid not in change.uids:
            return
        self.take_fresh(acknowledge=False)

    def take_fresh(self, *, acknowledge: bool) -> None:
        """Show the exchange as saved now, keeping what the person typed.

        A field the person left alone takes the new value. A field both changed keeps the
        person's value and, until `acknowledge` (the refusal that showed both), the value they
        read: saving it then is refused with the other desk's value in the sentence.
        """
        x = self.original
        draft = self.draft()
        if x is None or draft is None:
            return
        try:
            fresh = browse.exchange(self.context.db, x.uid)
        except UserError:
            return  # deleted meanwhile: saving says so
        merged = merge_fields(x, draft, fresh, EDITED, _same, acknowledge=acknowledge)
        self.original = merged.read
        if merged.moved or fresh.status != x.status:
            self._show(merged.shown)
            self.timer.start()

    # -- saving --------------------------------------------------------------------------------
    def try_save(self) -> None:
        self.judge_now()
        draft = self.draft()
        if draft is None or not self.save_button.isEnabled():
            return
        x = self.original
        if x is not None and self.amount_moves(draft):
            assert self.verdict is not None and self.verdict.quote is not None
            if not prompts.confirm(
                self,
                _("Change the lump sum?"),
                _(
                    "{reference} was granted {old}. With these changes the visitor receives "
                    "{new}. Save anyway?"
                ).format(
                    reference=x.reference,
                    old=display.money(x.lump_sum),
                    new=display.money(self.verdict.quote.lump_sum),
                ),
            ):
                return
        if x is None:
            draft = dataclasses.replace(
                draft, reference=browse.next_reference(self.context.db, draft.start_date.year)
            )
        try:
            saved = undo.save_exchange(self.context, draft, x)
        except ChangedMeanwhile as exc:
            # Both values are now in sight (the other in the sentence, this one in the field):
            # saving again keeps the person's.
            self.take_fresh(acknowledge=True)
            self.problem.setText(exc.message)
            return
        except UserError as exc:
            self.problem.setText(exc.message)
            return
        self.saved_uid = saved.exchange.uid
        self.accept()
