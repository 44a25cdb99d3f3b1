"""The window's first rows on PostgreSQL against the same window on SQLite (a shared office).

    CXDESK_BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_office.py [--db PATH] [--runs N]

The platform-size demo (300,000 organisations, 100,000 exchanges) on SQLite is bench_window.py's
database (made once, reused); the same demo is made once on the server, in the database
`cxdesk_bench_office` (kept for the next run). For each, from building the main window to the
first painted rows of the Members and the Exchanges tab, best of N; then the ratio.
Goal: PostgreSQL within 1.5x of SQLite.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_window import DEFAULT_DB, bare_window, make_database, until_painted

BENCH_DATABASE = "cxdesk_bench_office"


def server_database(admin_url: str) -> str:
    """The bench's database on the server, with the platform-size demo (made the first time)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(admin_url).set(database=BENCH_DATABASE).render_as_string(hide_password=False)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        there = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": BENCH_DATABASE}
        ).first()
        if not there:
            conn.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))
    admin.dispose()
    from cxdesk.db.migrate import open_database

    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            made = conn.execute(text("SELECT count(*) FROM exchanges")).scalar()
    finally:
        db.close()
    if not made:
        from cxdesk.services.demo import make_demo

        print("making the platform-size demo on the server (several minutes)…", flush=True)
        db = open_database(url)
        started = time.perf_counter()
        try:
            make_demo(db, "platform")
        finally:
            db.close()
        print(f"  made in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def window_on(db: Any, tab: str) -> tuple[Any, Any]:
    from cxdesk.ui.context import UiContext
    from cxdesk.ui.mainwindow import MainWindow

    window = MainWindow(UiContext(db), remember=False)
    window.resize(1280, 800)
    window.show_tab(tab)
    return window, window.current_tab().table.viewport()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    admin_url = os.environ.get("CXDESK_BENCH_PG_URL") or os.environ.get("CXDESK_TEST_PG_URL")
    if not admin_url:
        print("set CXDESK_BENCH_PG_URL to a PostgreSQL server's address", file=sys.stderr)
        return 2
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CXDESK_HOME"] = tempfile.mkdtemp(prefix="cxdesk-bench-")
    if not args.db.exists():
        make_database(args.db)
    url = server_database(admin_url)

    from PySide6.QtCore import QThreadPool

    from cxdesk.db.migrate import open_database
    from cxdesk.ui.application import application

    app = application("en")
    databases = {"SQLite": open_database(args.db), "PostgreSQL": open_database(url)}

    def settle(window: Any) -> None:
        window.close()
        window.deleteLater()
        app.processEvents()
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()

    settle(until_painted(app, None, bare_window)[1])
    print(f"first painted rows, best of {args.runs}, platform-size demo:")
    ok = True
    for tab in ("members", "exchanges"):
        best: dict[str, float] = {}
        for name, db in databases.items():
            settle(until_painted(app, None, lambda db=db, tab=tab: window_on(db, tab))[1])  # warm
            times = []
            for _run in range(args.runs):
                seconds, window = until_painted(
                    app, None, lambda db=db, tab=tab: window_on(db, tab)
                )
                times.append(seconds)
                settle(window)
            best[name] = min(times) * 1000
        ratio = best["PostgreSQL"] / best["SQLite"]
        ok = ok and ratio <= 1.5
        print(
            f"  {tab:9}  SQLite {best['SQLite']:6.1f} ms   PostgreSQL {best['PostgreSQL']:6.1f} ms"
            f"   ratio {ratio:.2f}x (goal <= 1.5x) {'OK' if ratio <= 1.5 else 'OVER'}"
        )
    for db in databases.values():
        db.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
