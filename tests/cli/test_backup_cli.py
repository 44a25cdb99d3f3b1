"""`cxdesk backup` and `restore` from the outside: the same name both ways, another partnership,
a full disk, a damaged database, separate folders per database (issues 12 and 13)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cxdesk(home: Path, *argv: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "CXDESK_DB"}
    environ.update(CXDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
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
    """Exit 1, the one sentence on stderr, no traceback."""
    assert done.returncode == 1, done.stderr
    assert words in done.stderr, done.stderr
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def rows(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def city(path: Path, value: str | None = None) -> str:
    """The first organisation's city (set to `value` first, when given)."""
    conn = sqlite3.connect(path)
    try:
        first = conn.execute("SELECT min(id) FROM organisations").fetchone()[0]
        if value is not None:
            with conn:
                conn.execute("UPDATE organisations SET city = ? WHERE id = ?", (value, first))
        return str(
            conn.execute("SELECT city FROM organisations WHERE id = ?", (first,)).fetchone()[0]
        )
    finally:
        conn.close()


def set_partnership(path: Path, value: str) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("UPDATE desk_state SET value = ? WHERE key = 'partnership'", (value,))
    finally:
        conn.close()


@pytest.fixture
def desk(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


def test_backup_then_restore_under_exactly_the_same_name(desk: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = tmp_path / "saved" / "monday"  # no suffix: written exactly so
    done = cxdesk(home, "--db", str(desk), "backup", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Backup written to {out}."
    assert out.is_file() and not list(out.parent.glob("*.part"))
    before = rows(desk)
    city(desk, "Changed since")
    back = cxdesk(home, "--db", str(desk), "restore", str(out))
    assert back.returncode == 0, back.stderr
    assert rows(desk) == before
    kept = back.stdout.split(" is kept in ")[1].strip().rstrip(".")
    assert city(Path(kept)) == "Changed since"  # the state it replaced is kept
    assert not desk.with_name(desk.name + ".restoring").exists()


def test_a_backup_of_another_partnership_needs_force(desk: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    other = tmp_path / "other.sqlite3"
    shutil.copyfile(desk, other)
    set_partnership(other, "OTHER-NET")
    city(other, "Elsewhere")
    before = rows(desk)
    done = cxdesk(home, "--db", str(desk), "restore", str(other))
    refused(
        done,
        f"{other} is a backup of the partnership OTHER-NET, and this database holds "
        "ECP-DIGI: add --force to replace it anyway.",
    )
    assert rows(desk) == before
    forced = cxdesk(home, "--db", str(desk), "restore", str(other), "--force")
    assert forced.returncode == 0, forced.stderr
    assert city(desk) == "Elsewhere"


def test_each_database_keeps_its_automatic_backups_apart(
    demo_template: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    first, second = tmp_path / "a" / "cxdesk.sqlite3", tmp_path / "b" / "cxdesk.sqlite3"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copyfile(demo_template, path)
    saved = tmp_path / "saved.sqlite3"
    assert cxdesk(home, "--db", str(first), "backup", str(saved)).returncode == 0
    for path in (first, second):
        done = cxdesk(home, "--db", str(path), "restore", str(saved))
        assert done.returncode == 0, done.stderr
    folders = sorted((home / "data" / "backups").iterdir())
    assert len(folders) == 2, folders  # same file name, different folders: two
    assert all(f.name.startswith("cxdesk-") for f in folders)
    for folder in folders:
        assert [p.name[:15] for p in folder.iterdir()] == ["before-restore-"]


def _limited(limit: int) -> Any:
    def preexec() -> None:
        # A file-size limit stands in for a full disk (no privileges needed); the signal the
        # kernel sends past it is ignored, so the write fails with EFBIG instead.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_a_full_disk_during_a_backup_leaves_no_part_and_says_so(desk: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").mkdir()
    out = tmp_path / "out" / "full.sqlite3"
    out.parent.mkdir()
    before = rows(desk)
    done = cxdesk(
        home, "--db", str(desk), "backup", str(out), preexec_fn=_limited(desk.stat().st_size // 2)
    )
    refused(
        done,
        f"The backup could not be written to {out}: the disk is full; free some "
        "space and try again.",
    )
    assert list(out.parent.iterdir()) == []  # neither the backup nor its .part
    assert rows(desk) == before


def test_a_restore_over_a_damaged_file_works_and_keeps_it_aside(desk: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    saved = tmp_path / "saved.sqlite3"
    assert cxdesk(home, "--db", str(desk), "backup", str(saved)).returncode == 0
    size = desk.stat().st_size
    with open(desk, "r+b") as fh:  # 4 KB of garbage in the middle of the file
        fh.seek(size // 2)
        fh.write(os.urandom(4096))
    damaged = desk.read_bytes()
    desk.with_name(desk.name + ".restoring").write_bytes(b"left by a killed restore")
    done = cxdesk(home, "--db", str(desk), "restore", str(saved))
    assert done.returncode == 0, done.stderr
    aside = list(tmp_path.glob("desk.sqlite3.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert done.stdout.strip() == (
        f"Restored from {saved}; the damaged database is kept aside as {aside[0]}."
    )
    assert rows(desk) == rows(saved)
    assert not desk.with_name(desk.name + ".restoring").exists()
    assert cxdesk(home, "--db", str(desk), "check").returncode == 0


def test_a_missing_backup_is_refused(desk: Path, tmp_path: Path) -> None:
    before = rows(desk)
    done = cxdesk(tmp_path / "home", "--db", str(desk), "restore", str(tmp_path / "nope"))
    refused(done, f"{tmp_path / 'nope'} does not exist.")
    assert rows(desk) == before
