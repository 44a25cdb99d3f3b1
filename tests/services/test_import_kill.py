"""A kill in the middle of a large import leaves the database whole: all of the package or none."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cxdesk.db.migrate import open_database
from cxdesk.services.importing import import_package
from tests.services.sync_factory import big_package

ORGANISATIONS = 30_000


def triggers(path: Path) -> set[str]:
    """The names of the database's triggers (the search indexes are kept by them)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in rows}
    finally:
        conn.close()


def test_sigkill_midway_leaves_all_or_nothing(tmp_path: Path) -> None:
    package = big_package(tmp_path / "big.zip", ORGANISATIONS, 30_000)
    path = tmp_path / "desk.sqlite3"
    open_database(path).close()
    kept = triggers(path)
    assert kept  # the search triggers an import of many names takes off and puts back
    env = os.environ | {"CXDESK_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cxdesk", "--db", str(path), "import", str(package)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = tmp_path / "home" / "logs" / "cxdesk.log"
    deadline = time.monotonic() + 60
    # Kill once the organisations are written and the people are on their way: midway through
    # the transaction (the import logs each table it has read).
    while process.poll() is None and time.monotonic() < deadline:
        if log.exists() and "organisations: " in log.read_text("utf-8"):
            break
        time.sleep(0.01)
    killed = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = conn.execute("SELECT count(*) FROM organisations").fetchone()[0]
    finally:
        conn.close()
    assert triggers(path) == kept  # the search triggers are back (or never left)
    assert count in (0, ORGANISATIONS)
    # Killed while writing (the import takes seconds): none of it; the import is still possible.
    assert killed and count == 0
    db = open_database(path)
    try:
        report = import_package(db, package)
        assert report.applied and report.tables["organisations"].inserted == ORGANISATIONS
    finally:
        db.close()
