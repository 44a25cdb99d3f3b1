"""The row above a table: filter as you type (debounced), combo filters and a date range."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from cxdesk.core.i18n import _
from cxdesk.services.display import date_edit_format

#: Wait this long after the last key before asking SQL: typing "digital" asks once, not 7 times.
DEBOUNCE_MS = 150
#: QDateEdit's minimum stands for "no limit" (shown as its special text).
NO_DATE = QDate(2000, 1, 1)


class FilterBar(QWidget):
    """Emits `changed` when the person stops typing or picks another value in a combo."""

    changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setSpacing(6)
        self.layout_.setContentsMargins(0, 0, 6, 0)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(placeholder)
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName(_("Filter"))
        self.text.setMinimumWidth(170)  # the captions of a long language need the room
        self.layout_.addWidget(self.text, 3)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.changed)
        self.text.textChanged.connect(lambda _text: self.timer.start())
        # Down in the filter goes to the rows it filtered (past the combos and date fields,
        # which Tab walks through one by one): type, Down, and the first match is selected.
        self.text.installEventFilter(self)
        self.combos: dict[str, QComboBox] = {}
        self.dates: dict[str, QDateEdit] = {}

    def add_combo(self, key: str, label: str, items: list[tuple[str, Any]]) -> QComboBox:
        """A combo whose first entry means "any"; `items` are (text, value) pairs."""
        caption = QLabel(label, self)
        caption.setContentsMargins(6, 0, 0, 0)  # keeps a caption apart from the field before it
        combo = QComboBox(self)
        combo.setAccessibleName(label)
        combo.addItem(_("Any"), None)
        for text, value in items:
            combo.addItem(text, value)
        # A fixed width in characters: measuring every country's name delayed the first paint.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(min(12, max(len(text) for text, _value in items)))
        combo.setMaximumWidth(180)
        caption.setBuddy(combo)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.layout_.addWidget(caption)
        self.layout_.addWidget(combo, 1)
        self.combos[key] = combo
        return combo

    def add_date(self, key: str, label: str) -> QDateEdit:
        caption = QLabel(label, self)
        caption.setContentsMargins(6, 0, 0, 0)
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(_("any"))
        edit.setDate(NO_DATE)
        edit.setAccessibleName(label)
        edit.setDisplayFormat(date_edit_format())
        caption.setBuddy(edit)
        edit.dateChanged.connect(lambda _d: self.timer.start())
        self.layout_.addWidget(caption)
        self.layout_.addWidget(edit)
        self.dates[key] = edit
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.text
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            table = self.rows_view()
            if table is not None:
                self.flush()
                table.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return super().eventFilter(watched, event)

    def rows_view(self) -> QAbstractItemView | None:
        """The table this bar filters: the item view beside it (they share a parent)."""
        parent = self.parentWidget()
        if parent is None:
            return None
        return parent.findChild(
            QAbstractItemView, options=Qt.FindChildOption.FindDirectChildrenOnly
        )

    def value(self, key: str) -> Any:
        return self.combos[key].currentData()

    def day(self, key: str) -> date | None:
        qdate = self.dates[key].date()
        if qdate == NO_DATE:
            return None
        return date(qdate.year(), qdate.month(), qdate.day())

    def focus(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()

    def describe(self) -> str:
        """The filter in words, for the footer of a printed view."""
        parts = [f"“{self.text.text().strip()}”"] if self.text.text().strip() else []
        for combo in self.combos.values():
            if combo.currentIndex() > 0:
                parts.append(f"{combo.accessibleName()}: {combo.currentText()}")
        for edit in self.dates.values():
            if edit.date() != NO_DATE:
                parts.append(f"{edit.accessibleName()} {edit.text()}")
        if not parts:
            return _("No filter: every row.")
        return _("Filter: {filter}").format(filter="; ".join(parts))

    def flush(self) -> None:
        """Apply a pending typed filter now (tests, and Enter in the filter field)."""
        if self.timer.isActive():
            self.timer.stop()
            self.changed.emit()
