"""`cxdesk screenshot`: the main window drawn off screen at 1280×800, on one tab, into a PNG."""

from __future__ import annotations

from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.services.workspace import open_workspace

SIZE = (1280, 800)
TABS = ("members", "exchanges", "calendar", "funding")


def take_screenshot(db_option: str | None, out: Path, tab: str, lang: str | None) -> Path:
    """Render the window with the current data, the first row selected, and save it."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool

    from cxdesk.ui.app import application, build_main_window

    app = application(lang)  # offscreen when there is no display
    db = open_workspace(db_option)
    try:
        window = build_main_window(db, lang)
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
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise UserError(_("Could not write {path}.").format(path=out))
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents()
    finally:
        db.close()
    return out
