"""What the window benches share: their command line, a window open on one tab, the floor's timing.

Imported by bench_window.py, bench_exchanges.py and bench_members.py (run from bench/, so a plain
`import timing` finds it). The platform database itself is made by bench_window.make_database.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIRST_IDS = 300  # as the window's table asks (lazy_model.FIRST_IDS)
SCREEN = 50  # the lines read for the first screen (lazy_model.BLOCK)


def bench_args(description: str, runs: int) -> argparse.Namespace:
    """--db and --runs read; Qt offscreen without a display; the database made if missing."""
    # Imported here: bench_window imports this module (and may be the script being run).
    from bench_window import DEFAULT_DB, make_database

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=runs)
    args = parser.parse_args()
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Settings and logs of this run go to a throwaway folder, never the person's own.
    os.environ["CXDESK_HOME"] = tempfile.mkdtemp(prefix="cxdesk-bench-")
    if not args.db.exists():
        make_database(args.db)
    return args


def best(runs: int, action: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of `runs` calls in seconds (the least disturbed), and the last answer."""
    times, answer = [], None
    for _run in range(runs):
        started = time.perf_counter()
        answer = action()
        times.append(time.perf_counter() - started)
    return min(times), answer


def bare_page(conn: sqlite3.Connection, lines: str, sql: str, *args: Any) -> list[int]:
    """The first ids and the first screen's `lines`, with sqlite3 alone: the floor."""
    ids = [row[0] for row in conn.execute(sql, (*args, FIRST_IDS))]
    shown = ids[:SCREEN]
    conn.execute(lines.format(marks=",".join("?" * len(shown))), shown).fetchall()
    return ids


def fts_words(text: str) -> str:
    return " AND ".join(f'"{t}"*' for t in re.findall(r"\w+", text)[:8])


class TabWindow:
    """The main window on a database, shown at 1280x800 on one tab (its model and filter bar)."""

    def __init__(self, db_path: Path, tab: str) -> None:
        from PySide6.QtCore import QThreadPool

        from cxdesk.services.workspace import open_workspace
        from cxdesk.ui.application import application
        from cxdesk.ui.context import UiContext
        from cxdesk.ui.mainwindow import MainWindow

        self.app = application("en")
        self.db = open_workspace(str(db_path))
        self.window = MainWindow(UiContext(self.db), remember=False)
        self.window.resize(1280, 800)
        self.window.show()
        self.window.show_tab(tab)
        self.app.processEvents()
        self.tab: Any = getattr(self.window, tab)
        self.model, self.bar = self.tab.model, self.tab.filter_bar
        self.pool = QThreadPool.globalInstance()

    def settle(self) -> None:
        """Every background count in: each measure starts quiet."""
        while not self.model.counted or self.model.waiting:
            self.app.processEvents()
            self.pool.waitForDone(5)
        self.pool.waitForDone()
        self.app.processEvents()

    def typed(self, word: str, first_rows: Callable[[], list[int]]) -> list[int]:
        """The filter's text set to `word`, the typing debounce skipped; `first_rows` waited for."""
        self.bar.text.setText(word)
        self.bar.flush()
        return first_rows()

    def clear(self) -> None:
        self.bar.text.setText("")
        self.bar.flush()
        self.settle()

    def close(self) -> None:
        self.settle()
        self.window.close()
        self.db.close()
