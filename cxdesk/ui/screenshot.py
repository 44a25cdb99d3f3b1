"""`cxdesk screenshot`: the main window drawn off screen at 1280×800, on one tab, into a picture."""

from __future__ import annotations

from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.outputs import atomic_output, check_file
from cxdesk.services.workspace import open_workspace

SIZE = (1280, 800)
TABS = ("members", "exchanges", "calendar", "funding", "due", "funding-sepa")
#: Views that are a page of a tab: the tab, and the page it shows.
PAGES = {"funding-sepa": ("funding", "sepa")}
#: The picture's format follows the file's suffix.
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def picture_format(out: Path) -> str:
    """The image format `out`'s suffix asks for, or a UserError listing the known suffixes."""
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise UserError(
            _(
                "{path}: a picture of the window is written as {suffixes}; end the "
                "name with one of them."
            ).format(path=out, suffixes=", ".join(FORMATS))
        )
    return fmt


def _encoded(image: object, fmt: str) -> bytes:
    """The picture's bytes in `fmt`, made in memory (so a full disk is told as one)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageWriter

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, fmt.encode())
    if not writer.write(image):  # type: ignore[arg-type]
        raise UserError(
            _("The picture could not be made: {reason}.").format(reason=writer.errorString())
        )
    buffer.close()
    return bytes(data.data())


def take_screenshot(db_option: str | None, out: Path, tab: str, lang: str | None) -> Path:
    """Render the window with the current data, the first row selected, and save it.

    The format follows the suffix (.png, .jpg, .jpeg); the file appears only once complete.
    """
    fmt = picture_format(out)
    check_file(out, "window.png")  # a bad path is told before the window is drawn
    from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool

    from cxdesk.db.health import sqlite_damage
    from cxdesk.ui.app import build_main_window
    from cxdesk.ui.application import application

    app = application(lang)  # offscreen when there is no display
    db = open_workspace(db_option)
    try:
        # A damaged file is told in one sentence before the window reads it (and fails at
        # the bad page in some background read).
        damage = sqlite_damage(db)
        if damage is not None:
            raise damage
        window = build_main_window(db, lang)
        tab, page = PAGES.get(tab, (tab, ""))
        if tab not in window.tab_widgets:
            raise UserError(
                _("The window has no {tab} tab yet; choose one of: {tabs}.").format(
                    tab=tab, tabs=", ".join(window.tab_widgets)
                )
            )
        window.resize(*SIZE)
        window.show_tab(tab)
        window.show()
        window.select_first_row()
        show_page = getattr(window.current_tab(), "show_page", None)
        if page and callable(show_page):
            show_page(page)
        # Let layouts settle and every row paint before the grab.
        for _round in range(5):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        # Background reads (a count, the funding figures) finish and show before the grab,
        # and none is left running on a database about to close.
        tab_widget = window.current_tab()
        wait = getattr(tab_widget, "wait_loaded", None)
        if callable(wait):
            wait()
        QThreadPool.globalInstance().waitForDone()
        for _round in range(5):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        picture = _encoded(window.grab().toImage(), fmt)
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents()
    finally:
        db.close()
    with atomic_output(out, "window.png") as output:
        output.path.write_bytes(picture)
    return out
