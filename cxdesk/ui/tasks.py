"""Long work off the GUI thread, with a progress dialog and Cancel; synchronous in tests."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.progress import Progress

log = logging.getLogger("cxdesk.ui.tasks")

Work = Callable[[Progress], Any]

#: Tests set this: work then runs at once on the calling thread (Picard's FakeThreadPool idea),
#: so a test sees the result right after starting the task.
SYNCHRONOUS = False


class _Signals(QObject):
    progress = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancelled: threading.Event) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.cancelled = cancelled

    def _progress(self, step: str, done: int, total: int) -> bool:
        self.signals.progress.emit(step, done, total)
        return not self.cancelled.is_set()

    @Slot()
    def run(self) -> None:
        # Each service opens its own session for the unit of work: the worker never shares one
        # with the GUI thread (the engine's pool hands it its own connection).
        try:
            result = self.work(self._progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
            self._tell(self.signals.failed, exc)
        else:
            self._tell(self.signals.done, result)

    @staticmethod
    def _tell(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # whoever asked is gone (the window closed): nobody to tell
            log.debug("background result dropped: its receiver was deleted")


class Task(QObject):
    """One piece of long work: shows progress, can be cancelled, reports back on the GUI thread."""

    finished = Signal(object)  # the work's result
    failed = Signal(object)  # the exception; a UserError is shown, anything else is a bug

    def __init__(self, title: str, work: Work, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.work = work
        self.cancelled = threading.Event()
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)  # quick work never flashes a dialog
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancelled.set)
        self.signals = _Signals()
        self.signals.progress.connect(self._on_progress)
        self.signals.done.connect(self._on_done)
        self.signals.failed.connect(self._on_failed)

    def start(self) -> None:
        if SYNCHRONOUS:
            _Runnable(self.work, self.signals, self.cancelled).run()
            return
        QThreadPool.globalInstance().start(_Runnable(self.work, self.signals, self.cancelled))

    @Slot(str, int, int)
    def _on_progress(self, step: str, done: int, total: int) -> None:
        self.dialog.setLabelText(_("{title}: {step}…").format(title=self.title, step=step))
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._close()
        self.finished.emit(result)
        self.deleteLater()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._close()
        if not isinstance(exc, UserError):
            log.error("background work %r failed", self.title, exc_info=exc)  # type: ignore[arg-type]
        self.failed.emit(exc)
        self.deleteLater()


class Quiet(QObject):
    """Background work without a dialog (a count behind a table): its result, or nothing.

    Parent it to the object that wants the result: when that goes, the answer goes nowhere.
    """

    finished = Signal(object)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signals = _Signals()
        self.signals.done.connect(self.finished)
        self.signals.failed.connect(self._failed)
        self.runnable = _Runnable(lambda _progress: work(), self.signals, threading.Event())

    def start(self) -> None:
        if SYNCHRONOUS:
            self.runnable.run()
        else:
            QThreadPool.globalInstance().start(self.runnable)

    @Slot(object)
    def _failed(self, exc: object) -> None:
        # Quiet work is a convenience (a total); its failure is logged, the window goes on.
        log.warning("background work failed: %r", exc)


def run_task(
    parent: QWidget | None,
    title: str,
    work: Work,
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
) -> Task:
    """Start `work(progress)` off the GUI thread; call back on the GUI thread when it ends."""
    task = Task(title, work, parent)
    task.finished.connect(on_done)
    task.failed.connect(on_failed)
    task.start()
    return task
