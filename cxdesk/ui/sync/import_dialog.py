"""Importing a package from the window: a preview of every change first, then Apply or Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import N_, _, format_number, ngettext
from cxdesk.core.progress import Progress
from cxdesk.services.importing import import_package
from cxdesk.services.importing.report import ImportReport, TableCounts
from cxdesk.ui import tasks
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BAD, GOOD, WARN, coloured, section
from cxdesk.ui.table.list_model import Index, ListTableModel

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TABLE_NAMES = {
    "organisations": N_("Organisations"),
    "people": N_("People"),
    "exchanges": N_("Exchanges"),
    "payments": N_("Payments"),
    "reports": N_("Reports"),
    "rates": N_("Rates"),
}
KIND_NAMES = {"full": N_("full"), "delta": N_("changes")}


class PreviewModel(ListTableModel[tuple[str, TableCounts]]):
    """What the package does to each table: new, updated, deleted, unchanged, refused rows."""

    COLUMNS = (N_("Table"), N_("New"), N_("Updated"), N_("Deleted"), N_("Unchanged"), N_("Refused"))

    def set_report(self, report: ImportReport | None) -> None:
        self.set_items(report.tables.items() if report is not None else [])

    def value(self, row: int, column: int) -> int:
        counts = self.items[row][1]
        return [
            0,
            counts.inserted,
            counts.updated,
            counts.deleted + counts.retired,
            counts.unchanged,
            counts.refused,
        ][column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        table, counts = item
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return _(TABLE_NAMES.get(table, table))
            return format_number(self.value(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            retired = counts.retired
            if retired:
                return ngettext(
                    "{n} row the platform no longer has (not in this full package)",
                    "{n} rows the platform no longer has (not in this full package)",
                    retired,
                ).format(n=retired)
        return None


def _lines(box: QPlainTextEdit, lines: list[str]) -> None:
    box.setPlainText("\n".join(lines))
    box.setVisible(bool(lines))


class ImportDialog(QDialog):
    """Checks the package at once (a dry run: the whole import, rolled back) and shows what it
    would change; Apply imports it, and is only possible when the package has no problem."""

    #: The report of the applied import, once applied.
    applied = Signal(object)

    def __init__(self, context: UiContext, package: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.package = Path(package)
        self.preview: ImportReport | None = None
        #: The import applied from this dialog, once it is.
        self.imported: ImportReport | None = None
        self.setWindowTitle(_("Import {package}").format(package=self.package.name))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.summary = QLabel(_("Checking {package}…").format(package=self.package.name), self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Changes per table"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(190)
        layout.addWidget(self.table)
        self.conflicts = QLabel(self)
        self.conflicts.setWordWrap(True)
        layout.addWidget(self.conflicts)
        self.conflicts_title, self.conflict_list = self._box(layout, _("Conflicts"))
        self.errors_title, self.errors = self._box(layout, _("Problems"))
        self.warnings_title, self.warnings = self._box(layout, _("Warnings"))
        self.buttons = QDialogButtonBox(self)
        self.apply_button = QPushButton(_("&Apply"), self)
        self.apply_button.setEnabled(False)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _box(self, layout: QVBoxLayout, text: str) -> tuple[QLabel, QPlainTextEdit]:
        label = QLabel(text, self)
        section(label)
        box = QPlainTextEdit(self)
        box.setReadOnly(True)
        box.setAccessibleName(text)
        box.setMaximumHeight(150)
        label.setBuddy(box)
        label.hide()
        box.hide()
        layout.addWidget(label)
        layout.addWidget(box)
        return label, box

    # -- the work, off the GUI thread ----------------------------------------------------
    def _work(self, dry_run: bool) -> tasks.Work:
        db, package = self.context.db, self.package

        def work(progress: Progress) -> ImportReport:
            def step(resource: str, rows: int, total: int) -> bool:
                return progress(_(TABLE_NAMES.get(resource, resource)), rows, total)

            return import_package(db, package, dry_run=dry_run, progress=step)

        return work

    def start(self) -> None:
        """Check the package (a dry run) and show the preview when done."""
        tasks.run_task(
            self, _("Checking the package"), self._work(True), self.show_preview, self._failed
        )

    def apply(self) -> None:
        if self.preview is None or self.preview.refused:
            return
        self.apply_button.setEnabled(False)
        tasks.run_task(
            self, _("Importing the package"), self._work(False), self._applied, self._failed
        )

    # -- what the work said --------------------------------------------------------------
    def show_preview(self, report: ImportReport) -> None:
        self.preview = report
        self._show(report)
        can_apply = not report.refused and not report.already_applied
        self.apply_button.setEnabled(can_apply)
        if can_apply:
            self.apply_button.setDefault(True)
            self.summary.setText(
                _(
                    "Package {sequence} ({kind}) for {partnership} can be "
                    "applied. Nothing has changed yet."
                ).format(
                    sequence=report.sequence,
                    kind=_(KIND_NAMES.get(report.kind or "", "")),
                    partnership=report.partnership,
                )
            )

    def _show(self, report: ImportReport) -> None:
        self.model.set_report(report)
        self.summary.setText(report.message)
        coloured(self.summary, BAD if report.refused else GOOD)
        if report.conflicts and report.dry_run:
            # The preview is the import rolled back: these are the conflicts applying leaves.
            self.conflicts.setText(
                ngettext(
                    "Applying leaves {n} conflict: a field changed both here and on the platform. "
                    "The desk keeps its value until you choose (File → Resolve conflicts…).",
                    "Applying leaves {n} conflicts: fields changed both here and on the platform. "
                    "The desk keeps its values until you choose (File → Resolve conflicts…).",
                    report.conflicts,
                ).format(n=report.conflicts)
            )
        elif report.conflicts:
            self.conflicts.setText(
                ngettext(
                    "{n} field was changed both here and on the platform: the desk keeps its value "
                    "until you choose (File → Resolve conflicts…).",
                    "{n} fields were changed both here and on the platform: the desk keeps its "
                    "values "
                    "until you choose (File → Resolve conflicts…).",
                    report.conflicts,
                ).format(n=report.conflicts)
            )
        coloured(self.conflicts, WARN)
        self.conflicts.setVisible(bool(report.conflicts))
        lines = list(report.conflict_lines)
        if report.conflicts > len(lines):
            lines.append(
                ngettext(
                    "… and {n} more conflict",
                    "… and {n} more conflicts",
                    report.conflicts - len(lines),
                ).format(n=report.conflicts - len(lines))
            )
        _lines(self.conflict_list, lines if report.conflicts else [])
        self.conflicts_title.setVisible(bool(report.conflicts))
        errors = list(report.errors)
        if report.errors_files:
            errors.append(
                _("Every row with its problems: {folder}").format(
                    folder=report.errors_files[0].parent
                )
            )
        _lines(self.errors, errors)
        self.errors_title.setVisible(bool(errors))
        _lines(self.warnings, report.warnings)
        self.warnings_title.setVisible(bool(report.warnings))

    def _applied(self, report: ImportReport) -> None:
        self.imported = report
        self._show(report)
        if report.applied:
            self.context.announce(report.change())
            self.applied.emit(report)
            self.close_button.setText(_("Close"))
        else:  # refused at the last moment (the desk changed since the preview)
            self.apply_button.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        message = (
            exc.message
            if isinstance(exc, UserError)
            else _(
                "The import stopped on an unexpected error; nothing was changed. The details are "
                "in "
                "the log file."
            )
        )
        self.summary.setText(message)
        coloured(self.summary, BAD)
        self.apply_button.setEnabled(False)
