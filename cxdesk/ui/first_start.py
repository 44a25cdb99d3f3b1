"""The fast start: first rows painted from plain sqlite3, the database opened and checked after."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QHeaderView

from cxdesk.core.errors import UserError
from cxdesk.core.settings import Settings
from cxdesk.db.deferred import DeferredDatabase

if TYPE_CHECKING:
    from cxdesk.db.failures import DatabaseDamaged
    from cxdesk.ui.live import LiveChanges
    from cxdesk.ui.mainwindow import MainWindow

log = logging.getLogger("cxdesk.ui")
#: The only sort the first rows are read in: any other is browse's own ORDER BY, which cannot
#: be had without SQLAlchemy (the normal start serves it).
FIRST_SORT = ("name", False)
#: How often the window looks whether the file's check in the background has answered.
CHECK_POLL_MS = 100


def members_start_sort(settings: Settings) -> tuple[str, bool]:
    """The sort the Members table starts in: its remembered header's, as
    `BigTableView.restore_layout` applies it; by name, ascending, when none applies."""
    from cxdesk.ui.tabs.members.tab import ORG_COLUMNS

    saved = settings.geometry.get("table/members")
    if not saved:
        return FIRST_SORT
    header = QHeaderView(Qt.Orientation.Horizontal)
    if not header.restoreState(QByteArray.fromBase64(saved.encode("ascii"))):
        return FIRST_SORT
    section = header.sortIndicatorSection()
    if not 0 <= section < len(ORG_COLUMNS) or ORG_COLUMNS[section].key is None:
        return FIRST_SORT
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    return (str(ORG_COLUMNS[section].key), descending)


def deferred_database(
    db_option: str | None, sort: tuple[str, bool] = FIRST_SORT
) -> DeferredDatabase | None:
    """The database the desk works on (--db, CXDESK_DB, the settings' choice, the default
    file) standing deferred with the Members tab's first rows, when plain sqlite3 can read
    them exactly as the normal path would; else None (a server, a file to create, migrate or
    that cannot be read, an empty table, another sort)."""
    from cxdesk.db.first_page import read_first_page, sqlite_file
    from cxdesk.services.workspace import open_workspace, resolve_target
    from cxdesk.ui.table.lazy_model import BLOCK, FIRST_IDS

    if sort != FIRST_SORT:
        return None
    target = resolve_target(db_option)
    path = sqlite_file(target)
    if path is None:
        return None
    first = read_first_page(target, *FIRST_SORT, FIRST_IDS, BLOCK)
    if first is None or not first.ids:  # an empty desk may be offered the demo data: as today
        return None
    return DeferredDatabase(path.resolve(), lambda: open_workspace(target), first)


def window_database(db_option: str | None, settings: Settings) -> DeferredDatabase | None:
    """A deferred database for the window when it starts on the Members tab in the first
    rows' sort; None for the normal start."""
    from cxdesk.ui.tabs.base import TABS

    last = settings.last_tab
    if last != "members" and last in {spec.name for spec in TABS}:
        return None  # another tab shows first: its rows need the opened database
    return deferred_database(db_option, members_start_sort(settings))


def run_deferred_window(app: QApplication, db: DeferredDatabase, settings: Settings) -> int | None:
    """The window on a deferred database: its exit status; None when the start met a trouble
    (another window's lock, an error on opening, a damaged file). The window is gone then,
    the lock released and the database closed: the normal start follows, and tells it (the
    recovery dialog, the message) exactly as it does without the fast start."""
    from cxdesk.ui.app import acquire_lock, cloud_banner
    from cxdesk.ui.context import UiContext
    from cxdesk.ui.dialogs.user_name import desk_user
    from cxdesk.ui.mainwindow import MainWindow

    try:
        lock = acquire_lock(db)
    except UserError:
        return None  # the normal start opens and checks the file first, then says so
    trouble: list[BaseException] = []
    live: list[LiveChanges] = []
    window: MainWindow | None = None
    try:
        db.user = desk_user(settings)
        window = MainWindow(UiContext(db), remember=True)
        shown = window

        def give_up(exc: BaseException) -> None:
            log.info("fast start gave way to the normal start: %r", exc)
            trouble.append(exc)
            shown.remember = False  # nothing of this short start is kept
            shown.close()
            app.quit()

        def started(failed: BaseException | None) -> None:
            if failed is not None:
                give_up(failed)
                return
            from cxdesk.ui.live import LiveChanges

            live.append(LiveChanges(shown.context))
            _check_in_background(shown, db, give_up)

        window.start_done = started
        cloud_banner(window, db)
        window.show()
        code = app.exec()
    finally:
        for watcher in live:
            watcher.stop()
            watcher.deleteLater()
        if window is not None and trouble:
            # Its timers (the Due count, the outbox) must not run on during the normal start.
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if lock is not None:
            lock.unlock()
        db.close()
    return None if trouble else int(code)


def _check_in_background(
    window: MainWindow, db: DeferredDatabase, damaged: Callable[[BaseException], None]
) -> None:
    """SQLite's check of the whole file (seconds at platform size) beside the working window;
    a damage found (or the check failing) is handed to `damaged`."""
    from cxdesk.db.health import sqlite_damage

    opened = db.open()
    answer: list[DatabaseDamaged | None] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            answer.append(sqlite_damage(opened))
        except BaseException as exc:  # handed to the GUI thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="cxdesk-check", daemon=True)
    thread.start()
    timer = QTimer(window)
    timer.setInterval(CHECK_POLL_MS)

    def look() -> None:
        if thread.is_alive():
            return
        timer.stop()
        trouble = failed[0] if failed else answer[0] if answer else None
        if trouble is not None:
            damaged(trouble)

    timer.timeout.connect(look)
    timer.start()
