"""Starting the window: one per database, a crash handler, Qt's own dialogs in the same language."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from cxdesk.core import logs
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.progress import Progress
from cxdesk.core.settings import Settings
from cxdesk.db.engine import Database
from cxdesk.ui import tasks
from cxdesk.ui.application import application
from cxdesk.ui.context import UiContext
from cxdesk.ui.dialogs.user_name import desk_user
from cxdesk.ui.mainwindow import MainWindow

if TYPE_CHECKING:
    from cxdesk.core.dblock import DatabaseLock


def build_main_window(db: Database, lang: str | None = None, remember: bool = False) -> MainWindow:
    """The main window on an open database; `remember` reads and writes the saved layout."""
    application(lang)
    context = UiContext(db)
    return MainWindow(context, remember=remember)


# -- one window per database ---------------------------------------------------------------------


def lock_path(db: Database) -> Path | None:
    from cxdesk.core import dblock

    return dblock.lock_path(db.path.resolve()) if db.path else None


def acquire_lock(db: Database) -> DatabaseLock | None:
    """Lock the database file for this window; raise UserError when another process holds it.

    Any process can test the lock (core.dblock): `cxdesk restore` refuses while it is held. A
    server database (PostgreSQL) has its own locking; None then.
    """
    # The lock's library when a window takes it: a screenshot takes none.
    from cxdesk.core import dblock

    if db.path is None:
        return None
    try:
        lock = dblock.acquire(db.path, again=False)  # a second window here is refused too
    except dblock.DatabaseInUse as exc:
        who = dblock.holder(db.path)
        where = (
            _("process {pid} on {host}, holding {lock}").format(
                pid=who[0], host=who[1], lock=exc.lock
            )
            if who
            else _("it holds {lock}").format(lock=exc.lock)
        )
        raise UserError(
            _(
                "The database {path} is already open in another cxdesk window ({where}). Two "
                "windows writing one file can damage it: use the open window, or close it first."
            ).format(path=db.path, where=where)
        ) from exc
    lock.announce()
    return lock


# -- the crash handler ---------------------------------------------------------------------------

_in_handler: list[bool] = []


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if isinstance(exc, UserError):  # a refusal nobody caught: its sentence is enough
        QMessageBox.warning(None, _("Not done"), exc.message)
        return
    from cxdesk.db.failures import explain

    explained = explain(exc)  # a database's failure (busy, full, damaged) is no bug either
    if explained is not None:
        QMessageBox.warning(None, _("Not done"), explained.message)
        return
    exc.__traceback__ = tb
    log_file = logs.log_bug(exc, "unexpected error in the window")
    if _in_handler:  # an error while showing the error: the log has it, stop here
        return
    _in_handler.append(True)
    try:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            _("cxdesk hit an unexpected error"),
            _(
                "Something went wrong inside cxdesk ({kind}). Your data is safe: every change "
                "is saved whole or not at all.\n\nThe details are in {log}; please send that "
                "file with a word on what you were doing."
            ).format(kind=kind.__name__, log=log_file),
        )
        box.setDetailedText("".join(traceback.format_exception(kind, exc, tb))[-4000:])
        box.exec()
    finally:
        _in_handler.clear()


def install_crash_handler() -> None:
    sys.excepthook = _excepthook


# -- first start ---------------------------------------------------------------------------------


def _offer_demo(window: MainWindow, db: Database) -> None:
    """An empty default database on the first start: offer demo data, so the desk is not empty."""
    from cxdesk.services import browse

    if not browse.is_empty(db):
        return
    answer = QMessageBox.question(
        window,
        _("Welcome to cxdesk"),
        _(
            "This database is empty. Fill it with a small set of demo data (about 200 "
            "organisations and 60 exchanges) to try the desk? You can start a real database "
            "later with --db."
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return

    def work(progress: Progress) -> object:
        from cxdesk.services.demo import make_demo

        return make_demo(db, "small", progress=progress)

    tasks.run_task(
        window,
        _("Making demo data"),
        work,
        lambda change: window.context.announce(change),
        lambda exc: _warn(window, str(exc)),
    )


def _warn(parent: QWidget, text: str) -> None:
    QMessageBox.warning(parent, _("Not done"), text)


def open_or_recover(db_option: str | None) -> Database | None:
    """The database opened, a damaged one first restored from a backup if the person agrees;
    None (the person told why) when it cannot be opened."""
    from cxdesk.db.failures import DatabaseDamaged
    from cxdesk.db.health import sqlite_damage
    from cxdesk.services.workspace import open_workspace
    from cxdesk.ui.dialogs.recovery import recovery_dialog

    for attempt in range(2):  # a restored backup is opened once more, and checked again
        held: DatabaseLock | None = None
        try:
            db = open_workspace(db_option)
        except DatabaseDamaged as exc:
            damage = exc
        except UserError as exc:
            QMessageBox.critical(None, _("cxdesk"), exc.message)
            return None
        else:
            try:
                found = sqlite_damage(db)
                if found is None:
                    return db
                damage = found
                # Never replace a file another window has open: its lock is taken first.
                held = acquire_lock(db)
            except UserError as exc:
                db.close()
                QMessageBox.critical(None, _("cxdesk"), exc.message)
                return None
            except BaseException:
                db.close()
                raise
            db.close()
        try:
            if attempt:
                QMessageBox.critical(None, _("cxdesk"), damage.message)
                return None
            if not recovery_dialog(damage).exec():
                return None
        finally:
            if held is not None:
                held.unlock()
    return None


def cloud_banner(window: MainWindow, db: Database) -> None:
    """Warn above the tabs when the database lies in a folder a cloud service copies."""
    from cxdesk.services.workspace import is_cloud_synced

    if db.path is not None and is_cloud_synced(db.path):
        window.show_banner(
            _(
                "This database is in a folder a cloud service copies ({path}). Copies made "
                "while the desk writes can damage it: keep it in a local folder and make "
                "backups instead."
            ).format(path=db.path.parent)
        )


def run_window(db_option: str | None, lang: str | None) -> int:
    """Open the main window on the database; the exit status of the program.

    An SQLite file at the head revision starts fast (`first_start`): the Members tab's first
    rows are painted before the database is opened and checked. Whatever that start cannot
    serve, or any trouble it meets, takes the normal start below, which tells it.
    """
    settings = Settings.load()
    app = application(lang or settings.language or None)
    install_crash_handler()
    from cxdesk.ui.first_start import run_deferred_window, window_database

    deferred = window_database(db_option, settings)
    if deferred is not None:
        code = run_deferred_window(app, deferred, settings)
        if code is not None:
            return code
        settings = Settings.load()  # as the normal start finds them
    db = open_or_recover(db_option)
    if db is None:
        return 1
    try:
        lock = acquire_lock(db)
    except UserError as exc:
        QMessageBox.warning(None, _("cxdesk is already open"), exc.message)
        db.close()
        return 1
    from cxdesk.services.workspace import resolve_target

    db.user = desk_user(settings)
    live = None
    try:
        window = MainWindow(UiContext(db), remember=True)
        # What other desks (or a command in a terminal) save shows up without a reload.
        from cxdesk.ui.live import LiveChanges

        live = LiveChanges(window.context)
        cloud_banner(window, db)
        window.show()
        default = not db_option and not os.environ.get("CXDESK_DB")
        if default and resolve_target(None) == str(db.path):
            _offer_demo(window, db)
        code = app.exec()
    finally:
        if live is not None:
            live.stop()
        if lock is not None:
            lock.unlock()
        db.close()
    return int(code)
