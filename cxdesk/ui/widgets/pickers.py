"""A searchable picker: type part of a name, choose from what the database finds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from cxdesk.services.browse import Choice

Search = Callable[[str], list[Choice]]
UID_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPicker(QLineEdit):
    """Holds the uid of the chosen record; typing something else clears it until a new choice."""

    picked = Signal(str)  # the uid, or "" when the text no longer names a choice

    def __init__(
        self, search: Search, accessible: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.search = search
        self.uid = ""
        self._label = ""
        self.setAccessibleName(accessible)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.choices = QStandardItemModel(self)
        completer = QCompleter(self.choices, self)
        # The database already matched the words: show every hit, don't filter again.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]
        self.setCompleter(completer)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self._search)
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._enter)

    def set_choice(self, choice: Choice | None) -> None:
        """Show a choice made elsewhere (an existing exchange's visitor), without searching."""
        self.uid = choice.uid if choice else ""
        self._label = choice.label if choice else ""
        self.blockSignals(True)
        self.setText(self._label)
        self.blockSignals(False)

    def _typed(self, text: str) -> None:
        if self.uid and text != self._label:
            self.uid = ""
            self.picked.emit("")
        self.timer.start()

    def _enter(self) -> None:
        if not self.uid and self.text().strip():
            self.choose_first(self.text())

    def _search(self) -> None:
        self.fill(self.search(self.text()))
        completer = self.completer()
        if self.hasFocus() and self.choices.rowCount():
            completer.complete()

    def fill(self, choices: list[Choice]) -> None:
        self.choices.clear()
        for choice in choices:
            item = QStandardItem(choice.label)
            item.setData(choice.uid, UID_ROLE)
            item.setEditable(False)
            self.choices.appendRow(item)

    def _chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        uid = index.data(UID_ROLE)
        if uid:
            self.choose(str(uid), str(index.data()))

    def choose(self, uid: str, label: str) -> None:
        self.uid = uid
        self._label = label
        self.blockSignals(True)
        self.setText(label)
        self.blockSignals(False)
        self.picked.emit(uid)

    def choose_first(self, text: str) -> bool:
        """Search for `text` and take the first hit (keyboard users pressing Enter, and tests)."""
        self.setText(text)
        found = self.search(text)
        self.fill(found)
        if not found:
            return False
        self.choose(found[0].uid, found[0].label)
        return True
