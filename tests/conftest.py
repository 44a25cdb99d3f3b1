"""Shared test setup: offscreen Qt, a private CXDESK_HOME, small demo databases built once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from cxdesk.core import i18n

#: The "today" demo data and tests are built around, so results do not move with the calendar.
DEMO_TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def cxdesk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, config and log folders; nothing touches real ones."""
    home = tmp_path / "cxdesk-home"
    monkeypatch.setenv("CXDESK_HOME", str(home))
    monkeypatch.delenv("CXDESK_DB", raising=False)
    i18n.set_language("en")
    return home


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database made once; tests get copies of it."""
    from cxdesk.db.migrate import open_database
    from cxdesk.services.demo import make_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(path)
    try:
        make_demo(db, "small", seed=1, today=DEMO_TODAY)
        with db.engine.connect() as conn:  # fold the WAL into the file before copying
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[object]:
    """An open copy of the small demo database."""
    from cxdesk.db.migrate import open_database

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    db = open_database(path)
    yield db
    db.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[object]:
    from cxdesk.db.migrate import open_database

    db = open_database(tmp_path / "empty.sqlite3")
    yield db
    db.close()
