"""The Due tab: what needs doing, soonest first, badged by kind, late ones in the warning colour;
each row's step one click away. Its title counts the items: "Due (5)"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import now_utc, today_utc
from cxdesk.core.i18n import _, format_day, ngettext
from cxdesk.domain.codes import BatchStatus
from cxdesk.domain.records import Change
from cxdesk.services import due, sepa
from cxdesk.services.due import DueItem
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import WARN, readable, subtitle
from cxdesk.ui.tabs.due.kinds import (
    CONFIRM,
    KIND_COLOURS,
    OPEN,
    PAY,
    VALIDATE,
    action_label,
    action_of,
    kind_label,
    when_text,
)
from cxdesk.ui.tabs.due.pay_dialog import PayDialog
from cxdesk.ui.tabs.funding.sepa_dialogs import ConfirmBatchDialog

#: The columns, in order.
KIND, WHEN, DUE_ON, REFERENCE, WHAT, ACTIONS = range(6)


class DueTab(QWidget):
    """Signatures, visits, reports and payments waiting, the soonest (and the late) first."""

    #: The changes that add, remove or move an item.
    CONCERNS = frozenset(
        {"exchanges", "reports", "payments", "sepa_batches", "sepa_items", "bank_details"}
    )

    # -- the Tab protocol (ui.tabs.base) ----------------------------------------------------
    open_exchange_requested = Signal(str)
    selection_changed = Signal()
    prints_view = False
    #: The items on screen are up to date.
    loaded = Signal()

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        #: Today, asked again at each reading (tests pin a day).
        self.clock: Callable[[], date] = today_utc
        self.items: list[DueItem] = []
        self.read_on: date | None = None
        self.pay_dialog: PayDialog | None = None
        self.confirm_dialog: ConfirmBatchDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        subtitle(self.summary)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("due-table")
        self.table.setAccessibleName(_("What's due"))
        self.table.setHorizontalHeaderLabels(
            [_("Kind"), _("When"), _("Due on"), _("Reference"), _("What"), _("Action")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A long sentence wraps onto a second line rather than end in "…".
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.act(index.row(), OPEN))
        layout.addWidget(self.table, 1)
        # At midnight the days left change, and so does what is due.
        self.midnight = QTimer(self)
        self.midnight.setSingleShot(True)
        self.midnight.timeout.connect(self._new_day)
        self.reload()

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.read_on = self.clock()
        self.items = due.due_items(self.context.db, self.read_on)
        self._show()
        self._arm_midnight()
        self.loaded.emit()

    def refresh(self, change: Change) -> None:
        # Read even when hidden: the tab's title counts the items.
        if change.tables & self.CONCERNS:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.read_on != self.clock():
            self.reload()  # the window slept over midnight
        self._show_count()

    def _arm_midnight(self) -> None:
        now = now_utc()
        tomorrow = datetime.combine(now.date() + timedelta(days=1), time(0, 0, 5), now.tzinfo)
        self.midnight.start(int((tomorrow - now).total_seconds() * 1000))

    def _new_day(self) -> None:
        self.reload()

    # -- showing ---------------------------------------------------------------------------
    def _show(self) -> None:
        self.table.clearContents()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            self._show_row(row, item)
        late = sum(1 for item in self.items if item.days_left < 0)
        if not self.items:
            text = _("Nothing is due: no signature, visit, report or payment is waiting.")
        else:
            text = ngettext("{n} thing to do", "{n} things to do", len(self.items)).format(
                n=len(self.items)
            )
            if late:
                text += " · " + ngettext("{n} late", "{n} late", late).format(n=late)
            text += " · " + _("soonest first; each row's button takes its step.")
        self.summary.setText(text)
        self._show_count()

    def _show_row(self, row: int, item: DueItem) -> None:
        background, foreground = KIND_COLOURS.get(item.kind, ("#e5e7eb", "#374151"))
        badge = QTableWidgetItem(kind_label(item.kind))
        badge.setBackground(QBrush(QColor(background)))
        badge.setForeground(QBrush(QColor(foreground)))
        badge.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        bold = badge.font()
        bold.setBold(True)
        badge.setFont(bold)
        when = QTableWidgetItem(when_text(item.days_left))
        if item.days_left < 0:
            # The warning tone, kept readable on the table's own background (a dark desktop).
            base = self.table.palette().color(QPalette.ColorRole.Base)
            when.setForeground(QBrush(readable(WARN, base)))
            when.setFont(bold)
        cells = (
            badge,
            when,
            QTableWidgetItem(format_day(item.due_on)),
            QTableWidgetItem(item.reference),
            QTableWidgetItem(item.what),
        )
        for column, cell in enumerate(cells):
            cell.setToolTip(item.what)
            self.table.setItem(row, column, cell)
        self.table.setCellWidget(row, ACTIONS, self._buttons(row, item))

    def _buttons(self, row: int, item: DueItem) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(4, 1, 4, 1)
        layout.setSpacing(4)
        steps = [action_of(item)]
        if item.uid is not None and steps[0] != OPEN:
            steps.insert(0, OPEN)
        for step in steps:
            button = QPushButton(action_label(step), box)
            button.setObjectName(f"due-{step}-{row}")
            button.setAccessibleName(
                _("{action} {reference}").format(
                    action=action_label(step).rstrip("…"), reference=item.reference
                )
            )
            button.clicked.connect(lambda _checked=False, r=row, s=step: self.act(r, s))
            layout.addWidget(button)
        layout.addStretch(1)
        return box

    def buttons_of(self, row: int) -> dict[str, QPushButton]:
        """A row's buttons by their step (tests click them)."""
        box = self.table.cellWidget(row, ACTIONS)
        found = box.findChildren(QPushButton) if box is not None else []
        return {b.objectName().split("-")[1]: b for b in found}

    def _show_count(self) -> None:
        """The count in the tab's title: "Due (5)"."""
        tabs, index = self._place()
        if tabs is None:
            return
        title = _("Due ({n})").format(n=len(self.items)) if self.items else _("Due")
        tabs.setTabText(index, title)

    def _place(self) -> tuple[QTabWidget | None, int]:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        if widget is None:
            return None, -1
        for index in range(widget.count()):
            page = widget.widget(index)
            if page is not None and (page is self or page.isAncestorOf(self)):
                return widget, index
        return None, -1

    # -- acting ----------------------------------------------------------------------------
    def act(self, row: int, step: str) -> None:
        """The row's step: open its exchange, validate its report, pay it, confirm its batch."""
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        if step == CONFIRM or (step == OPEN and item.uid is None):
            self.confirm_batch(item.reference)
        elif step == PAY and item.uid is not None:
            self.pay(item)
        elif item.uid is not None:
            self.open_exchange_requested.emit(item.uid)
            if step == VALIDATE:
                self._window_step("step_reported")

    def _window_step(self, action_id: str) -> None:
        """The window's own step on the exchange just opened (the Exchange menu's)."""
        window = self.window()
        update = getattr(window, "update_actions", None)
        if callable(update):
            update()
        action = getattr(window, "actions_by_id", {}).get(action_id)
        if action is not None and action.isEnabled():
            action.trigger()

    def pay(self, item: DueItem) -> PayDialog:
        self.pay_dialog = PayDialog(self.context, item, self.clock(), self)
        self.pay_dialog.open()
        return self.pay_dialog

    def confirm_batch(self, number: str) -> ConfirmBatchDialog | None:
        batch = next(
            (b for b in sepa.open_batches(self.context.db) if b.number == number),
            None,
        )
        if batch is None or batch.status is not BatchStatus.OPEN:
            self.reload()
            return None
        self.confirm_dialog = ConfirmBatchDialog(self.context, batch, self)
        self.confirm_dialog.open()
        return self.confirm_dialog
