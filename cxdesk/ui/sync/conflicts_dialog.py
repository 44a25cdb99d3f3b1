"""Conflicts side by side: per field the desk's, the platform's and the earlier value; choose."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import N_, _, ngettext
from cxdesk.services.conflicts import Choice, Conflict, describe_value, open_conflicts
from cxdesk.ui import prompts, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.table.list_model import Index, ListTableModel

Checked = Qt.CheckState.Checked
Unchecked = Qt.CheckState.Unchecked
TABLE_NAMES = {
    "organisations": N_("Organisation"),
    "people": N_("Person"),
    "exchanges": N_("Exchange"),
    "payments": N_("Payment"),
    "reports": N_("Report"),
}
#: The columns whose box chooses that side.
DESK, PLATFORM = 3, 4
SIDE: dict[int, Choice] = {DESK: "local", PLATFORM: "platform"}


class ConflictsModel(ListTableModel[Conflict]):
    """One row per conflicting field; the desk and platform values carry a check box each, and
    ticking one unticks the other (nothing ticked: decide later)."""

    COLUMNS = (N_("Record"), N_("Field"), N_("Before"), N_("On this desk"), N_("On the platform"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.choices: dict[int, Choice] = {}

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        self.beginResetModel()
        self.items = list(conflicts)
        self.choices = {}
        self.endResetModel()

    def choose_all(self, choice: Choice) -> None:
        self.choices = {conflict.id: choice for conflict in self.items}
        if self.items:
            self.dataChanged.emit(self.index(0, DESK), self.index(len(self.items) - 1, PLATFORM))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in SIDE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        conflict, column = self.item_at(index), index.column()
        if conflict is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                kind = _(TABLE_NAMES.get(conflict.table, conflict.table))
                return _("{kind}: {name}").format(kind=kind, name=conflict.label)
            if column == 1:
                return conflict.field
            value = (conflict.base, conflict.local, conflict.remote)[column - 2]
            return describe_value(value)
        if role == Qt.ItemDataRole.CheckStateRole and column in SIDE:
            return Checked if self.choices.get(conflict.id) == SIDE[column] else Unchecked
        return None

    def setData(  # noqa: N802 - Qt's name
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() not in SIDE
        ):
            return False
        conflict = self.items[index.row()]
        if Qt.CheckState(value) == Checked:
            self.choices[conflict.id] = SIDE[index.column()]
        elif self.choices.get(conflict.id) == SIDE[index.column()]:
            del self.choices[conflict.id]
        self.dataChanged.emit(self.index(index.row(), DESK), self.index(index.row(), PLATFORM))
        return True


class ConflictsDialog(QDialog):
    """Choose, field by field, the value to keep; Apply writes the choices in one go."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Resolve conflicts"))
        self.resize(860, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "These fields were changed on this desk and on the platform since they last "
                "agreed. "
                "Until you choose, the desk keeps its own value. Tick the value to keep."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = ConflictsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Conflicting fields"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.all_desk = QPushButton(_("All from this &desk"), self)
        self.all_platform = QPushButton(_("All from the &platform"), self)
        self.apply_button = QPushButton(_("&Apply"), self)
        buttons.addButton(self.all_desk, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.all_platform, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.all_desk.clicked.connect(lambda: self.model.choose_all("local"))
        self.all_platform.clicked.connect(lambda: self.model.choose_all("platform"))
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.model.dataChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self.reload()

    def reload(self) -> None:
        self.model.set_conflicts(open_conflicts(self.context.db))

    def _update(self, *_args: Any) -> None:
        total, chosen = len(self.model.items), len(self.model.choices)
        self.status.setText(
            ngettext(
                "{n} conflict, {chosen} chosen.", "{n} conflicts, {chosen} chosen.", total
            ).format(n=total, chosen=chosen)
        )
        self.apply_button.setEnabled(chosen > 0)

    def apply(self) -> None:
        if not self.model.choices:
            return
        try:
            undo.resolve_conflicts(self.context, dict(self.model.choices))
        except UserError as exc:
            prompts.refused(self, exc)
        self.reload()
        if not self.model.items:
            self.accept()
