"""`cxdesk screenshot`: the main window drawn off screen at 1280×800, on one tab, into a picture."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.outputs import atomic_output, check_file

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from cxdesk.db.engine import Database
    from cxdesk.db.failures import DatabaseDamaged
    from cxdesk.ui.mainwindow import MainWindow

T = TypeVar("T")
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


def take_screenshot(
    db_option: str | None, out: Path, tab: str, lang: str | None, exchange: str | None = None
) -> Path:
    """Render the window with the current data, the first row selected, and save it.

    The format follows the suffix (.png, .jpg, .jpeg); the file appears only once complete.
    """
    fmt = picture_format(out)
    check_file(out, "window.png")  # a bad path is told before the window is drawn
    from PySide6.QtCore import QCoreApplication

    from cxdesk.ui.app import build_main_window
    from cxdesk.ui.application import application

    app = application(lang)  # offscreen when there is no display
    db = _workspace(db_option, tab)
    # A damaged file is told in one sentence, and no picture made. SQLite's check reads the
    # whole file (seconds at platform size) without holding Python: it runs beside the
    # window being built (a deferred database: once opened), and its word is awaited before
    # the picture (or a failed read).
    checks: list[Callable[[], DatabaseDamaged | None]] = []

    def check() -> None:
        from cxdesk.db.deferred import DeferredDatabase
        from cxdesk.db.health import sqlite_damage

        opened = db.open() if isinstance(db, DeferredDatabase) else db
        checks.append(_in_background(lambda: sqlite_damage(opened)))

    def checked() -> DatabaseDamaged | None:
        return checks[0]() if checks else None

    try:
        if not _is_deferred(db):
            check()
        try:
            window = _drawn(app, build_main_window(db, lang), tab, check)
            if exchange:
                _show_exchange(app, window, exchange)
        except Exception:
            damage = checked()
            if damage is not None:
                raise damage from None
            raise
        damage = checked()
        picture = _encoded(window.grab().toImage(), fmt) if damage is None else b""
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents()
        if damage is not None:
            raise damage
    finally:
        db.close()
    with atomic_output(out, "window.png") as output:
        output.path.write_bytes(picture)
    return out


def _workspace(db_option: str | None, tab: str) -> Database:
    """The database to draw: for the Members tab of an SQLite file at the head revision (--db,
    CXDESK_DB or the settings' choice), a deferred one carrying the first rows read with plain
    sqlite3 (SQLAlchemy loads after they are painted); else opened now, as the window opens it."""
    from cxdesk.services.workspace import open_workspace
    from cxdesk.ui.first_start import deferred_database

    deferred = deferred_database(db_option) if tab == "members" else None
    return deferred if deferred is not None else open_workspace(db_option)


def _is_deferred(db: Database) -> bool:
    from cxdesk.db.deferred import DeferredDatabase

    return isinstance(db, DeferredDatabase)


def _in_background(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` on a thread of its own; the function returned waits for its answer."""
    answer: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            answer.append(work())
        except BaseException as exc:  # handed to the waiting side
            failed.append(exc)

    thread = threading.Thread(target=run, name="cxdesk-check", daemon=True)
    thread.start()

    def wait() -> T:
        thread.join()
        if failed:
            raise failed[0]
        return answer[0]

    return wait


def _drawn(
    app: QApplication, window: MainWindow, tab: str, started: Callable[[], None]
) -> MainWindow:
    """The window on `tab` at the picture's size, its rows painted and background reads in;
    `started` is called once a deferred database is open (after the first rows' paint)."""
    from PySide6.QtCore import QEventLoop, QThreadPool

    from cxdesk.ui.table.lazy_model import LazyTableModel

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
    # The rows first, as the window shows them at start; then the first one's pane.
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    window.finish_start()  # the database opened now if the rows came first (its errors here)
    if window.start_failed is not None:
        raise window.start_failed
    if _is_deferred(window.context.db):
        started()
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
    model = getattr(tab_widget, "model", None)
    if isinstance(model, LazyTableModel):
        # The count starts once the rows are painted: the total under the table is in.
        model.rows_painted()
    QThreadPool.globalInstance().waitForDone()
    for _round in range(5):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return window


def _show_exchange(app: QApplication, window: MainWindow, key: str) -> None:
    """The Exchanges tab on one exchange (reference or uid), its pane scrolled down to the
    Report section when it has one: a closing state to draw."""
    from PySide6.QtCore import QEventLoop, QThreadPool

    from cxdesk.services import browse

    window.show_tab("exchanges")
    tab = window.exchanges
    exchange = browse.exchange(window.context.db, key)
    # As a person finds it: its reference in the filter, its row selected.
    tab.filter_bar.text.setText(exchange.reference)
    tab.filter_bar.flush()
    for _round in range(5):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    QThreadPool.globalInstance().waitForDone()
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    if tab.model.rowCount() == 1:
        tab.select_first()
    else:
        tab.show_exchange(exchange.uid)
    for _round in range(5):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    pane = tab.exchange_pane
    if pane.closing_box.isVisible():
        pane.verticalScrollBar().setValue(pane.closing_box.y())
    for _round in range(3):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
