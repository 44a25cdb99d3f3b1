"""Window tests: work runs synchronously, questions are answered, every widget is cleaned up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from cxdesk.ui import prompts, tasks  # noqa: E402


class Answers:
    """What the tests answer to the window's questions, and what the window told."""

    def __init__(self) -> None:
        self.confirm = True
        self.report_date: date | None = None
        self.told: list[str] = []
        self.asked: list[str] = []


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Answers]:
    given = Answers()
    tasks_before = tasks.SYNCHRONOUS
    tasks.SYNCHRONOUS = True

    def confirm(_parent: Any, title: str, text: str) -> bool:
        given.asked.append(text)
        return given.confirm

    def tell(_parent: Any, title: str, text: str, details: str = "") -> None:
        given.told.append(text)

    def ask_date(_parent: Any, title: str, text: str, initial: date) -> date | None:
        given.asked.append(text)
        return given.report_date or initial

    monkeypatch.setattr(prompts, "confirm", confirm)
    monkeypatch.setattr(prompts, "tell", tell)
    monkeypatch.setattr(prompts, "ask_date", ask_date)
    yield given
    tasks.SYNCHRONOUS = tasks_before


@pytest.fixture(autouse=True)
def nothing_left_open(qapp: Any) -> Iterator[None]:
    """Each test starts with no window of an earlier one still open: a dialog left showing
    (modal, or holding the keyboard) would take the next test's key presses."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(qtbot: Any, demo_db: Any) -> Any:
    """The main window on a copy of the small demo database, shown off screen."""
    from cxdesk.ui.app import build_main_window

    win = build_main_window(demo_db, "en")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform says it cannot pass size hints on for every dialog it shows:
    # a fact about the platform, not a problem of the window.
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))
