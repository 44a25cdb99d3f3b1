"""A database's failures in one sentence: each SQLite and server error, no password, backups."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from cxdesk.core import paths
from cxdesk.core.errors import UserError
from cxdesk.db import damage_files, failures, health
from cxdesk.db.engine import connect, make_url_safe


def sqlite_error(code: int, text: str = "boom") -> sqlite3.Error:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (5, "Another program (an import, a second cxdesk) is writing to the database /d/x.db"),
        (517, "is writing to the database /d/x.db"),  # SQLITE_BUSY_SNAPSHOT
        (13, "The database /d/x.db could not be written: the disk is full"),
        (778, "The database /d/x.db could not be written: the disk is full"),  # IOERR_WRITE
        (8, "The database /d/x.db is read-only"),
        (1032, "The database /d/x.db is read-only"),  # SQLITE_READONLY_DBMOVED
    ],
)
def test_each_sqlite_code_has_its_sentence(code: int, words: str) -> None:
    explained = failures.explain(sqlite_error(code), "/d/x.db")
    assert explained is not None and words in explained.message


def test_a_damaged_file_names_the_newest_good_backup(demo_template: Path, tmp_path: Path) -> None:
    backups = paths.backups_dir()
    (backups / "desk").mkdir()
    older, broken = backups / "old.sqlite3", backups / "x.sqlite3"
    newer = backups / "desk" / "new.sqlite3"
    for path in (older, newer, broken):
        shutil.copyfile(demo_template, path)
    broken.write_bytes(b"\0" * 8192)
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_764_676_800, 1_764_676_800))  # noon on 2 December 2025 (UTC)
    explained = failures.explain(sqlite_error(11), str(tmp_path / "desk.sqlite3"))
    assert isinstance(explained, failures.DatabaseDamaged)
    assert explained.backup == newer
    assert f"The last good backup is {newer} from December 2, 2025" in explained.message
    assert f"`cxdesk --db {tmp_path / 'desk.sqlite3'} restore {newer}`" in explained.message


def test_a_file_that_is_no_database_says_so(tmp_path: Path) -> None:
    explained = failures.explain(sqlite_error(26), str(tmp_path / "notes.txt"))
    assert explained is not None
    assert explained.message.startswith(
        f"The file {tmp_path / 'notes.txt'} is not a database, or its first page is damaged."
    )
    assert "No good backup was found in" in explained.message


def test_a_full_disk_for_any_file_and_bugs_stay_bugs() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/out/CX-1.pdf")
    explained = failures.explain(full)
    assert explained is not None and explained.message.startswith(
        "The disk holding /out/CX-1.pdf is full"
    )
    assert failures.explain(ValueError("a bug")) is None
    assert failures.explain(sqlite_error(1, "no such table: x")) is None  # SQL error: a bug


def test_addresses_lose_their_password_wherever_it_is() -> None:
    assert make_url_safe("postgresql+psycopg://u:secret@h/x") == "postgresql+psycopg://u:***@h/x"
    assert "secret" not in make_url_safe("postgresql+psycopg://u@h/x?password=secret&sslmode=a")
    assert "secret" not in make_url_safe("postgresql+psycopg://u:secret@h:abc/x")
    assert "secret" not in make_url_safe("postgresql+psycopg://u:secret@[::1/x")


def test_a_server_that_does_not_answer(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        connect("postgresql+psycopg://u:secret@127.0.0.1:1/x")
    assert caught.value.message == (
        "The database server postgresql+psycopg://u:***@127.0.0.1:1/x does not answer; check "
        "that it runs, that the address is right and that this computer may reach it."
    )
    assert caught.value.__cause__ is None and caught.value.__context__ is not None


def test_check_words_a_damaged_page_and_restore_keeps_it_aside(
    demo_template: Path, tmp_path: Path
) -> None:
    from cxdesk.db.migrate import open_database

    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(demo_template, path)
    page = damage_a_page(path, "people")
    db = open_database(path)
    try:
        damage = health.sqlite_damage(db)
        assert damage is not None
        assert damage.summary == f"The database {path} is damaged (page {page})."
        assert health.integrity_problems(db) == [damage.message]
    finally:
        db.close()
    aside = damage_files.restore_damaged(path, demo_template)
    assert aside.name.startswith("desk.sqlite3.damaged-") and aside.exists()
    assert damage_files.is_good_backup(path) and not damage_files.is_good_backup(aside)


def damage_a_page(path: Path, table: str) -> int:
    """Overwrite the first leaf page of `table` with 4 KB of noise; return its number."""
    conn = sqlite3.connect(path)
    try:
        (page,) = conn.execute(
            "SELECT min(pageno) FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
        ).fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xab" * size)
    return int(page)


@pytest.mark.parametrize(
    ("server_says", "words"),
    [
        ('FATAL:  password authentication failed for user "u"', "refused the user name or"),
        ("Connection refused", "does not answer"),
        ("connection timeout expired", "does not answer"),
        ('FATAL:  role "x" secret does not exist', 'refused the connection: role "x" *** does not'),
    ],
)
def test_a_servers_refusals(server_says: str, words: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    error = psycopg.OperationalError(f"connection failed: at 127.0.0.1 failed: {server_says}")
    explained = failures.explain(error, "postgresql+psycopg://u:secret@127.0.0.1:1/x")
    assert explained is not None and words in explained.message
    assert "postgresql+psycopg://u:***@127.0.0.1:1/x" in explained.message
    assert "secret" not in explained.message
