"""The File menu's package actions (import, export, conflicts, revert, restore) and a dropped
package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QWidget

from cxdesk.core import paths
from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_moment, ngettext
from cxdesk.domain.records import Change
from cxdesk.ui import prompts, tasks
from cxdesk.ui.context import UiContext

if TYPE_CHECKING:
    # The services and dialogs behind the menu are imported when used, not at the window's start.
    from cxdesk.services.exporting import ExportReport
    from cxdesk.ui.sync.conflicts_dialog import ConflictsDialog
    from cxdesk.ui.sync.import_dialog import ImportDialog

T = TypeVar("T")

#: A reverted import or a restored backup replaces the whole database: every table has changed.
EVERYTHING = frozenset(
    {"organisations", "people", "exchanges", "payments", "reports", "rates", "conflicts"}
    | {"partnerships", "desk_state", "evidence", "blobs", "waivers", "bank_details"}
    | {"commitments", "sepa_batches", "sepa_items", "outbox", "signed_papers"}
)


def choose_package(parent: QWidget | None) -> Path | None:
    """The package to import, asked with a file dialog (tests replace this)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Import a package"), str(Path.home()), _("Sync packages (*.zip)")
    )
    return Path(name) if name else None


def choose_target(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    """Where to write a file, asked with a file dialog (tests replace this)."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / suggested), filters
    )
    return Path(name) if name else None


def package_in(mime: QMimeData) -> Path | None:
    """The one local `.zip` file a drag carries, or None."""
    if not mime.hasUrls():
        return None
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if len(paths) != 1 or paths[0].suffix.lower() != ".zip":
        return None
    return paths[0]


def accept_package_drag(event: QDragEnterEvent) -> bool:
    """For the window's dragEnterEvent: accept a drag of one package."""
    if package_in(event.mimeData()) is None:
        return False
    event.acceptProposedAction()
    return True


def drop_package(window: QWidget, context: UiContext, event: QDropEvent) -> bool:
    """For the window's dropEvent: a dropped package opens the import preview."""
    package = package_in(event.mimeData())
    if package is None:
        return False
    event.acceptProposedAction()
    open_import(window, context, package)
    return True


def open_import(parent: QWidget, context: UiContext, package: Path) -> ImportDialog:
    """The import preview for a package: checked at once, applied only on Apply."""
    from cxdesk.ui.sync.import_dialog import ImportDialog

    dialog = ImportDialog(context, package, parent)
    dialog.setModal(True)
    dialog.show()
    dialog.start()
    return dialog


def export_changes(parent: QWidget, context: UiContext, *, full: bool = False) -> None:
    """Ask where, then write the desk's package (its changes, or everything)."""
    from cxdesk.services.exporting import export_package

    suggested = _("cxdesk-everything-{day}.zip") if full else _("cxdesk-changes-{day}.zip")
    target = choose_target(
        parent,
        _("Export everything") if full else _("Export changes"),
        suggested.format(day=today_utc().isoformat()),
        _("Sync packages (*.zip)"),
    )
    if target is None:
        return
    db = context.db

    def done(report: ExportReport) -> None:
        context.announce(report.change())

    tasks.run_task(
        parent,
        _("Writing the package"),
        lambda _progress: export_package(db, target, full=full),
        done,
        lambda exc: _failed(parent, exc),
    )


def export_view(
    parent: QWidget, headers: list[str], rows: list[list[object]], suggested: str
) -> Path | None:
    """Write what a table shows (its filtered rows) to a CSV or XLSX file the person names."""
    from cxdesk.services.exporting import export_table

    target = choose_target(
        parent, _("Export the table"), suggested, _("Spreadsheet (*.xlsx);;CSV (*.csv)")
    )
    if target is None:
        return None
    if target.suffix.lower() not in (".xlsx", ".csv"):
        target = target.with_suffix(".xlsx")
    try:
        export_table(headers, rows, target)
    except UserError as exc:
        prompts.refused(parent, exc)
        return None
    return target


def resolve_conflicts(parent: QWidget, context: UiContext) -> ConflictsDialog | None:
    from cxdesk.services.conflicts import count_open
    from cxdesk.ui.sync.conflicts_dialog import ConflictsDialog

    if count_open(context.db) == 0:
        context.status.emit(_("No conflict to resolve."))
        return None
    dialog = ConflictsDialog(context, parent)
    dialog.setModal(True)
    dialog.show()
    return dialog


def revert_import(parent: QWidget, context: UiContext) -> bool:
    """Put the desk back as it was before the last package, after asking."""
    from cxdesk.services.importing.history import last_import, revert_last_import

    last = last_import(context.db)
    if last is None:
        prompts.tell(
            parent,
            _("Revert last import"),
            _("No package was imported on this desk: there is nothing to revert."),
        )
        return False
    question = _(
        "Put the desk back as it was before package {sequence} ({file}), applied on "
        "{when}? Everything changed since then is undone too; the desk as it is now "
        "is kept in a backup."
    ).format(sequence=last.sequence, file=last.file_name, when=format_moment(last.applied_at))
    if not prompts.confirm(parent, _("Revert last import"), question):
        return False
    user = context.db.user
    try:
        # Under the window's own lock: the restore goes on while this window holds it.
        reverted = _shared_confirmed(
            parent,
            _("Revert last import"),
            lambda shared: revert_last_import(context.db, shared=shared),
        )
    except UserError as exc:
        prompts.refused(parent, exc)
        return False
    if reverted is None:
        return False
    reopened, _last, safety = reverted
    reopened.user = user
    context.db = reopened
    context.announce(
        Change(
            EVERYTHING,
            frozenset(),
            _("Package {sequence} reverted; the desk as it was is kept in {path}.").format(
                sequence=last.sequence, path=safety
            ),
        )
    )
    return True


def _shared_confirmed(parent: QWidget, title: str, work: Callable[[bool], T]) -> T | None:
    """Run a restore; on a shared database where it would take other users' work away, say
    whose and run it again only when the person confirms (`SharedRestore`); None when not."""
    from cxdesk.services.backups import SharedRestore

    try:
        return work(False)
    except SharedRestore as exc:
        if not prompts.confirm(parent, title, exc.facts + " " + _("Go ahead anyway?")):
            return None
        return work(True)


def choose_backup(parent: QWidget | None) -> Path | None:
    """The backup to restore, asked with a file dialog (tests replace this)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Restore a backup"),
        str(paths.backups_dir()),
        _("cxdesk backups (*.sqlite3 *.zip);;All files (*)"),
    )
    return Path(name) if name else None


def restore_backup(parent: QWidget, context: UiContext) -> bool:
    """Replace the desk by a backup the person picks, after asking (naming both partnerships
    when the backup is of another one). The window's own lock lets the restore through."""
    from cxdesk.services.backups import partnerships, restore

    source = choose_backup(parent)
    if source is None:
        return False
    ours, theirs = partnerships(context.db, source)
    if ours and theirs and ours != theirs:
        question = _(
            "{source} is a backup of the partnership {theirs}, and this desk holds "
            "{ours}. Replace the desk by that backup of {theirs}? The desk as it is "
            "now is kept in a backup."
        ).format(source=source, theirs=theirs, ours=ours)
    else:
        question = _(
            "Replace everything on this desk by the backup {source}? Everything "
            "changed since it was made is undone; the desk as it is now is kept in a "
            "backup."
        ).format(source=source)
    if not prompts.confirm(parent, _("Restore a backup"), question):
        return False
    user = context.db.user
    try:
        restored = _shared_confirmed(  # the person said yes to both
            parent,
            _("Restore a backup"),
            lambda shared: restore(context.db, source, force=True, shared=shared),
        )
    except UserError as exc:
        prompts.refused(parent, exc)
        return False
    if restored is None:
        return False
    restored.db.user = user
    context.db = restored.db
    context.announce(Change(EVERYTHING, frozenset(), restored.sentence(source)))
    return True


def _failed(parent: QWidget, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        prompts.refused(parent, exc)
    else:
        prompts.tell(
            parent,
            _("Not done"),
            _(
                "The package could not be written because of an unexpected error; the details are "
                "in the log file."
            ),
        )


@dataclass
class SyncActions:
    """The actions, for the main window to place (they are in its File menu already)."""

    import_package: QAction
    export_changes: QAction
    export_everything: QAction
    resolve_conflicts: QAction
    revert_import: QAction
    restore_backup: QAction

    def all(self) -> list[QAction]:
        return [
            self.import_package,
            self.export_changes,
            self.export_everything,
            self.resolve_conflicts,
            self.revert_import,
            self.restore_backup,
        ]


def _file_menu(window: QMainWindow) -> QMenu:
    menus = getattr(window, "menus", None)
    if isinstance(menus, dict):
        found = menus.get("file")
        if isinstance(found, QMenu):
            return found
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.objectName() == "menu_file":
            return menu
    menu = window.menuBar().addMenu(_("&File"))
    menu.setObjectName("menu_file")
    return menu


def install_sync_actions(window: QMainWindow, context: UiContext) -> SyncActions:
    """Add the package actions to the window's File menu (and its shortcuts to the window):
    Import package… (Ctrl+I), Export changes… (Ctrl+Shift+E; Ctrl+E edits the selection),
    Export everything…, Resolve conflicts…, Revert last import…, Restore…."""

    def make(text: str, slot: object, shortcut: str = "", name: str = "") -> QAction:
        action = QAction(text, window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        window.addAction(action)
        return action

    actions = SyncActions(
        make(_("&Import package…"), lambda: _import(window, context), "Ctrl+I", "import_package"),
        make(
            _("E&xport changes…"),
            lambda: export_changes(window, context),
            "Ctrl+Shift+E",
            "export_changes",
        ),
        make(
            _("Export e&verything…"),
            lambda: export_changes(window, context, full=True),
            name="export_everything",
        ),
        make(
            _("Resolve &conflicts…"),
            lambda: resolve_conflicts(window, context),
            name="resolve_conflicts",
        ),
        make(
            _("&Revert last import…"), lambda: revert_import(window, context), name="revert_import"
        ),
        # No mnemonic: each letter of "Restore" is taken in some language's File menu.
        make(_("Restore…"), lambda: restore_backup(window, context), name="restore_backup"),
    )
    for action in actions.all():
        action.setStatusTip(action.text().replace("&", "").rstrip("…"))
    menu = _file_menu(window)
    # After the window's own "new" actions, before "Open data folder" and its separator.
    anchor = next((a for a in menu.actions() if a.objectName() == "open_data_folder"), None)
    if anchor is None:
        if menu.actions():
            menu.addSeparator()
        menu.addActions(actions.all())
    else:
        separator = QAction(window)
        separator.setSeparator(True)
        menu.insertActions(anchor, [*actions.all(), separator])

    def count_conflicts(_change: object = None) -> None:
        from cxdesk.services.conflicts import count_open

        n = count_open(context.db)
        actions.resolve_conflicts.setText(
            ngettext("Resolve &conflicts ({n})…", "Resolve &conflicts ({n})…", n).format(n=n)
            if n
            else _("Resolve &conflicts…")
        )

    context.changed.connect(count_conflicts)
    count_conflicts()
    return actions


def _import(window: QWidget, context: UiContext) -> None:
    package = choose_package(window)
    if package is not None:
        open_import(window, context, package)
