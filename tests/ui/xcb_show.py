"""Run by tests/ui/test_xcb_window.py: the main window on a real X server, each tab grabbed from it.

`python tests/ui/xcb_show.py DB OUT_DIR` opens the window on DB with whatever platform
QT_QPA_PLATFORM names, shows each tab, takes a picture of the whole X screen (the root window,
as the X server has it, not the widget's own rendering) into OUT_DIR/TAB.png, and prints the
platform's name. Exit 0 when every picture was written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QThreadPool
from PySide6.QtGui import QGuiApplication

from cxdesk.db.migrate import open_database
from cxdesk.ui.app import build_main_window


def settle(app: QGuiApplication) -> None:
    """Let layouts, paints and the X server's round trips finish."""
    for _round in range(8):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def main(db_path: str, out_dir: str) -> int:
    db = open_database(Path(db_path))
    try:
        window = build_main_window(db)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        window.resize(1280, 800)
        window.move(0, 0)
        window.show()
        for name in window.tab_widgets:
            window.show_tab(name)
            settle(app)
            wait = getattr(window.current_tab(), "wait_loaded", None)
            if callable(wait):
                wait()
            QThreadPool.globalInstance().waitForDone()
            settle(app)
            screen = QGuiApplication.primaryScreen()
            picture = screen.grabWindow(0)  # 0: the root window, read back from the X server
            if picture.isNull() or not picture.save(str(Path(out_dir) / f"{name}.png"), "PNG"):
                print(f"no picture of the {name} tab", file=sys.stderr)
                return 1
        print(app.platformName())
        window.close()
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
