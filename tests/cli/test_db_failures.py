"""A database's failures from the outside: one sentence, exit 1, no traceback, nothing changed.

Each condition of issue 13: a full disk (SQLite's page limit, a file-size limit), a write lock
held by another program, a damaged page, a read-only file and folder, passwords in addresses,
a malformed address and a server that does not answer.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from cxdesk.cli import main
from tests.db.test_failures import damage_a_page
from tests.services.sync_factory import big_package

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-Pw"


def cxdesk(
    home: Path, *argv: str, env: dict[str, str] | None = None, **kw: Any
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "CXDESK_DB"}
    environ.update(CXDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", *argv],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kw,
    )


def refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    """Exit 1, the sentence on stderr, no 'unexpected error' and no traceback."""
    assert done.returncode == 1, done.stderr
    assert words in done.stderr, done.stderr
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def content(path: Path) -> list[str]:
    """Every row of the database. Read-write, so that closing removes the -wal and -shm files
    (a read-only connection leaves them, and a read-only folder would then not stop writes)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def desk(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    path = folder / "desk.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


def a_uid(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT uid FROM organisations ORDER BY uid").fetchone()[0])
    finally:
        conn.close()


# -- a full disk ---------------------------------------------------------------------------------


def test_a_full_database_refuses_the_import_and_changes_nothing(
    desk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxdesk.db import engine

    package = big_package(tmp_path / "big.zip", organisations=1500, people=500)
    before = content(desk)
    pages = int(sqlite3.connect(desk).execute("PRAGMA page_count").fetchone()[0])
    tune = engine._tune_sqlite

    def at_most_ten_more_pages(dbapi_connection: Any, record: Any) -> None:
        tune(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 10}")

    monkeypatch.setattr(engine, "_tune_sqlite", at_most_ten_more_pages)
    code = main(["--db", str(desk), "import", str(package)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"The database {desk} could not be written: the disk is full (or the file reached its "
        "size limit); nothing was changed: free some space and try again.\n"
    )
    assert content(desk) == before


def test_a_file_size_limit_refuses_the_import_and_changes_nothing(
    desk: Path, tmp_path: Path
) -> None:
    package = big_package(tmp_path / "big.zip", organisations=1500, people=500)
    before = content(desk)
    limit = desk.stat().st_size + 64 * 1024  # the WAL outgrows it; the backup would not

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a short write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = cxdesk(tmp_path / "home", "--db", str(desk), "import", str(package), preexec_fn=limited)
    refused(done, f"The database {desk} could not be written: the disk is full")
    assert content(desk) == before


# -- another program writing ---------------------------------------------------------------------


def test_a_write_lock_held_elsewhere_is_named_and_waited_for_briefly(
    desk: Path, tmp_path: Path
) -> None:
    before = content(desk)
    holder = sqlite3.connect(desk, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        done = cxdesk(
            tmp_path / "home",
            "--db",
            str(desk),
            "set",
            "organisations",
            a_uid(desk),
            "name=Renamed",
            env={"CXDESK_BUSY_TIMEOUT_MS": "100"},
        )
    finally:
        holder.rollback()
        holder.close()
    refused(
        done,
        f"Another program (an import, a second cxdesk) is writing to the database "
        f"{desk} and did not finish within 0.1 s; nothing was changed",
    )
    assert content(desk) == before


# -- a damaged page ------------------------------------------------------------------------------


def test_a_damaged_page_is_told_by_check_and_screenshot_with_the_backup_to_restore(
    desk: Path, tmp_path: Path, demo_template: Path
) -> None:
    home = tmp_path / "home"
    backup = home / "data" / "backups" / "desk" / "before-import-1.sqlite3"
    backup.parent.mkdir(parents=True)
    shutil.copyfile(demo_template, backup)
    page = damage_a_page(desk, "people")
    damaged = desk.read_bytes()
    done = cxdesk(home, "--db", str(desk), "check")
    refused(
        done,
        f"The database {desk} is damaged (page {page}). The last good backup is {backup} from ",
    )
    command = f"`cxdesk --db {desk} restore {backup}`"
    assert command in done.stderr and done.stdout == ""
    shot = cxdesk(home, "--db", str(desk), "screenshot", "-o", str(tmp_path / "w.png"))
    refused(shot, f"The database {desk} is damaged (page {page}).")
    assert not (tmp_path / "w.png").exists()
    assert desk.read_bytes() == damaged
    # The way out works: the command the sentence gives.
    restored = cxdesk(home, *command.strip("`").split()[1:])
    assert restored.returncode == 0, restored.stderr
    assert cxdesk(home, "--db", str(desk), "check").returncode == 0


# -- read-only -----------------------------------------------------------------------------------


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """chmod 444/555; as root, where chmod does not stop writes, the immutable flag instead."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    made = (
        subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
        if shutil.which("chattr")
        else None
    )
    if made is None or made.returncode != 0:
        pytest.skip(
            "running as root, chmod does not stop writes, and this file system takes "
            "no immutable flag (chattr +i): " + (made.stderr.strip() if made else "no chattr")
        )
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_file_refuses_the_edit(desk: Path, tmp_path: Path) -> None:
    before, uid = content(desk), a_uid(desk)
    with read_only(desk):
        done = cxdesk(
            tmp_path / "home", "--db", str(desk), "set", "organisations", uid, "name=Renamed"
        )
    refused(
        done,
        f"The database {desk} is read-only (the file or its folder may not be "
        "written); nothing was changed",
    )
    assert content(desk) == before


def test_a_read_only_folder_refuses_to_open(desk: Path, tmp_path: Path) -> None:
    before, uid = content(desk), a_uid(desk)
    assert not Path(f"{desk}-wal").exists()
    with read_only(desk.parent):
        done = cxdesk(
            tmp_path / "home", "--db", str(desk), "set", "organisations", uid, "name=Renamed"
        )
    refused(
        done,
        f"The database {desk} cannot be opened: its folder {desk.parent} is "
        "read-only, and SQLite writes its journal beside the file",
    )
    assert content(desk) == before


# -- servers and addresses -----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["option", "CXDESK_DB", "?password="])
def test_a_password_is_never_shown_nor_logged(where: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    url = f"postgresql+psycopg://nobody:{SECRET}@127.0.0.1:1/x"
    if where == "?password=":
        url = f"postgresql+psycopg://nobody@127.0.0.1:1/x?password={SECRET}"
    if where == "CXDESK_DB":
        done = cxdesk(home, "check", env={"CXDESK_DB": url})
    else:
        done = cxdesk(home, "--db", url, "check")
    refused(done, "The database server postgresql+psycopg://nobody")
    assert "does not answer" in done.stderr
    logged = "".join(p.read_text() for p in (home / "logs").glob("*"))
    assert SECRET not in done.stdout + done.stderr + logged


def test_a_server_that_does_not_answer(tmp_path: Path) -> None:
    done = cxdesk(tmp_path / "home", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x", "check")
    refused(
        done,
        "The database server postgresql+psycopg://u:***@127.0.0.1:1/x does not "
        "answer; check that it runs, that the address is right and that this "
        "computer may reach it.",
    )


@pytest.mark.parametrize(
    "url",
    [f"postgresql+psycopg://u:{SECRET}@host:port/x", f"postgresql+psycopg://u:{SECRET}@[::1/x"],
)
def test_a_malformed_address(url: str, tmp_path: Path) -> None:
    done = cxdesk(tmp_path / "home", "--db", url, "check")
    refused(done, "use an SQLite file or a postgresql+psycopg://user@host/database address.")
    assert done.stderr.startswith("cxdesk cannot open postgresql+psycopg://")
    assert SECRET not in done.stderr
