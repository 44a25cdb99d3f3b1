"""What the start-up tests share: a Python process as a person starts it, the first-paint probe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray

#: The start of a probe script: the first paint of a table with rows prints whether SQLAlchemy
#: was loaded then, and the rows painted (as the bench measures it), and ends the process.
PAINT_PROBE = """
import json, os, sys

def _painted(table, original):
    def paint(self, event):
        original(self, event)
        model = self.model()
        if model is not None and model.rowCount() > 0:
            rows = [[model.index(r, c).data() for c in range(model.columnCount())]
                    for r in range(min(30, model.rowCount()))]
            print(json.dumps({"sqlalchemy": "sqlalchemy" in sys.modules, "rows": rows}))
            sys.stdout.flush()
            os._exit(0)
    table.paintEvent = paint

import cxdesk.ui.table.view as view
_painted(view.BigTableView, view.BigTableView.paintEvent)
"""


def run_python(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """This Python run with `args`, offscreen, its settings in `home`."""
    env = dict(os.environ, CXDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=300
    )


def normal_rows(path: Path, qtbot: Any, header: str | None = None) -> list[list[str]]:
    """The Members tab's first rows on the opened database (in a remembered header's sort)."""
    from cxdesk.services.workspace import open_workspace
    from cxdesk.ui.app import build_main_window

    db = open_workspace(str(path))
    try:
        window = build_main_window(db, "en")
        qtbot.addWidget(window)
        window.show_tab("members")
        tab = window.members
        tab.ensure_loaded()
        if header is not None:
            view = tab.table.horizontalHeader()
            view.restoreState(QByteArray.fromBase64(header.encode("ascii")))
            tab.model.sort(view.sortIndicatorSection(), view.sortIndicatorOrder())
        model = tab.model
        return [
            [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(min(30, model.rowCount()))
        ]
    finally:
        db.close()
