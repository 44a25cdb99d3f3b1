"""Qt's own words (standard buttons, context menus, the file dialog) from the desk's catalog.

PySide6 ships `qtbase_*.qm` for most languages but not for Greek: there, OK, Cancel, Yes, No and
the file dialog would stay English inside a Greek window. This translator answers those strings
from the desk's catalog, and is installed only where Qt has no catalog of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from cxdesk.core.i18n import N_, _

_BUTTONS = (
    # TRANSLATORS: Qt's standard buttons and message boxes (the dialogs' OK, Cancel, Yes, No…).
    N_("OK"), N_("Save"), N_("Save All"), N_("Open"), N_("&Yes"), N_("Yes to &All"), N_("&No"),
    N_("N&o to All"), N_("Abort"), N_("Retry"), N_("Ignore"), N_("Close"), N_("Cancel"),
    N_("Discard"), N_("Help"), N_("Apply"), N_("Reset"), N_("Restore Defaults"),
)  # fmt: skip
_EDITING = (
    # TRANSLATORS: the right-click menu of every text field.
    N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
    N_("Select All"),
)  # fmt: skip
_FILES = (
    # TRANSLATORS: Qt's file dialog (choosing a package to import, where to save an export).
    N_("File &name:"), N_("Back"), N_("Forward"), N_("Parent Directory"),
    N_("Create New Folder"), N_("List View"), N_("Detail View"), N_("&Open"), N_("&Save"),
    N_("Open"), N_("Save As"), N_("All Files (*)"), N_("New Folder"), N_("&Rename"),
    N_("&Delete"), N_("Show &hidden files"), N_("&New Folder"), N_("Directory:"),
    N_("Find Directory"), N_("Recent Places"), N_("Go back"), N_("Go forward"),
    N_("Go to the parent directory"), N_("Create a New Folder"), N_("Change to list view mode"),
    N_("Change to detail view mode"), N_("Sidebar"), N_("List of places and bookmarks"),
    N_("Files"),
)  # fmt: skip
_FILE_COLUMNS = (
    # TRANSLATORS: the columns of Qt's file dialog.
    N_("Name"), N_("Size"), N_("Type"), N_("Kind"), N_("Date Modified"),
)  # fmt: skip

#: Qt's translation context → the source strings answered from the desk's catalog.
QT_WORDS: dict[str, frozenset[str]] = {
    "QPlatformTheme": frozenset(_BUTTONS),
    "QMessageBox": frozenset((N_("Show Details..."), N_("Hide Details..."))),
    "QLineEdit": frozenset(_EDITING),
    "QWidgetTextControl": frozenset(_EDITING),
    "QAbstractSpinBox": frozenset((N_("&Select All"), N_("&Step up"), N_("Step &down"))),
    "QFileDialog": frozenset(_FILES),
    "QFileSystemModel": frozenset(_FILE_COLUMNS),
}


class CatalogTranslator(QTranslator):
    """Qt asks it for its own strings; it answers those it knows from the desk's catalog."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if source not in QT_WORDS.get(context, ()):
            return None  # None, not "": an empty answer would blank the button
        text = _(source)
        return text if text != source else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
