"""Every `-o` from the outside: one sentence per bad path; files whole, links and devices kept."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

#: Above SQLite's shared-memory file (32 KiB), below an agreement, a package and a picture.
FILE_LIMIT = 36 * 1024


def _full_disk() -> None:
    # The kernel refuses to grow any file past the limit (EFBIG), as a full disk would.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


def cxdesk(
    db: Path, *argv: str, cwd: Path | None = None, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        preexec_fn=preexec,
        timeout=120,
    )


def _refused(result: subprocess.CompletedProcess[str], sentence: str, code: int = 1) -> None:
    assert result.returncode == code, result.stderr
    assert sentence in result.stderr
    assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def _data(db: Path) -> str:
    """A digest of every row: the same before and after means nothing changed."""
    with sqlite3.connect(db) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def desk(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk" / "desk.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "file.txt").write_text("keep")
    (folder / "folder").mkdir()
    return folder


def _approved(db: Path, count: int = 1) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT reference FROM exchanges WHERE status = 'approved' ORDER BY reference LIMIT ?",
            (count,),
        ).fetchall()
    return [row[0] for row in rows]


def test_an_empty_output_is_a_usage_error(desk: Path) -> None:
    _refused(
        cxdesk(desk, "agreement", _approved(desk)[0], "-o", ""),
        "an empty path names no file",
        code=2,
    )


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("folder", "folder is a folder, not a file: add the file's name, for example "),
        ("/", "/ is a folder, not a file: add the file's name, for example /"),
        ("file.txt/a.pdf", "file.txt/a.pdf cannot be written: file.txt is a file, not a folder."),
    ],
)
def test_an_agreement_to_a_path_that_cannot_be_a_file(
    desk: Path, out: Path, name: str, sentence: str
) -> None:
    before, files = _data(desk), _files(out)
    _refused(cxdesk(desk, "agreement", _approved(desk)[0], "-o", name, cwd=out), sentence)
    assert _data(desk) == before and _files(out) == files


def test_an_export_to_a_folder_or_under_a_file(desk: Path, out: Path) -> None:
    before, files = _data(desk), _files(out)
    _refused(
        cxdesk(desk, "export", "folder", cwd=out),
        "folder is a folder, not a file: add the file's name, for example folder/package.zip.",
    )
    _refused(
        cxdesk(desk, "export", "file.txt/p.zip", cwd=out),
        "file.txt/p.zip cannot be written: file.txt is a file, not a folder.",
    )
    assert _data(desk) == before and _files(out) == files


def test_agreements_into_a_file(desk: Path, out: Path) -> None:
    before, files = _data(desk), _files(out)
    _refused(
        cxdesk(desk, "agreements", "-o", "file.txt", cwd=out),
        "file.txt is a file, not a folder: name a folder for the documents.",
    )
    assert _data(desk) == before and _files(out) == files


def test_a_screenshot_under_a_file_or_of_an_unknown_kind(desk: Path, out: Path) -> None:
    files = _files(out)
    _refused(
        cxdesk(desk, "screenshot", "-o", "file.txt/s.png", cwd=out),
        "file.txt/s.png cannot be written: file.txt is a file, not a folder.",
    )
    _refused(
        cxdesk(desk, "screenshot", "-o", "s.gif", cwd=out),
        "s.gif: a picture of the window is written as .png, .jpg, .jpeg;",
    )
    assert _files(out) == files


def test_a_full_disk_keeps_the_old_agreement_and_leaves_nothing(desk: Path, out: Path) -> None:
    (out / "a.pdf").write_bytes(b"the agreement as it was")
    before, files = _data(desk), _files(out)
    result = cxdesk(
        desk, "agreement", _approved(desk)[0], "-o", "a.pdf", cwd=out, preexec=_full_disk
    )
    _refused(result, "a.pdf could not be written: the disk is full; free some space and try again.")
    assert (out / "a.pdf").read_bytes() == b"the agreement as it was"
    assert _data(desk) == before and _files(out) == files


def test_a_full_disk_writes_no_package_and_marks_nothing_sent(desk: Path, out: Path) -> None:
    before, files = _data(desk), _files(out)
    result = cxdesk(desk, "export", "new/p.zip", "--full", cwd=out, preexec=_full_disk)
    _refused(result, "new/p.zip could not be written: the disk is full;")
    assert _data(desk) == before and _files(out) == files  # the folder made for it went too


def test_a_full_disk_leaves_no_empty_picture(desk: Path, out: Path) -> None:
    files = _files(out)
    result = cxdesk(desk, "screenshot", "-o", "s.png", cwd=out, preexec=_full_disk)
    _refused(result, "s.png could not be written: the disk is full;")
    assert _files(out) == files


def test_a_device_is_written_through_and_stays_a_device(desk: Path) -> None:
    result = cxdesk(desk, "agreement", _approved(desk)[0], "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert "Written /dev/null." in result.stdout
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_stays_a_link_and_its_file_gets_the_agreement(desk: Path, out: Path) -> None:
    (out / "real.pdf").write_bytes(b"old")
    (out / "link.pdf").symlink_to("real.pdf")
    result = cxdesk(desk, "agreement", _approved(desk)[0], "-o", "link.pdf", cwd=out)
    assert result.returncode == 0, result.stderr
    assert (out / "link.pdf").is_symlink() and os.readlink(out / "link.pdf") == "real.pdf"
    assert (out / "real.pdf").read_bytes().startswith(b"%PDF")
    assert not list(out.glob(".*.part"))


def test_references_that_clean_to_one_name_get_one_file_each(desk: Path, out: Path) -> None:
    first, second = _approved(desk, 2)
    with sqlite3.connect(desk) as conn:
        conn.execute(
            "UPDATE exchanges SET reference = 'CX/2027/0008' WHERE reference = ?", (first,)
        )
        conn.execute(
            "UPDATE exchanges SET reference = 'CX_2027_0008' WHERE reference = ?", (second,)
        )
    total = len(_approved(desk, 10_000))
    result = cxdesk(desk, "agreements", "-o", "docs", cwd=out)
    assert result.returncode == 0, result.stderr
    written = sorted((out / "docs").iterdir())
    assert len(written) == total
    assert f"{total} documents written to docs." in result.stdout
    names = {p.name for p in written}
    assert {"CX_2027_0008.pdf", "CX_2027_0008-2.pdf"} <= names


def test_every_command_makes_a_missing_folder_and_says_so(desk: Path, out: Path) -> None:
    result = cxdesk(desk, "export", "new/deeper/p.zip", "--full", cwd=out)
    assert result.returncode == 0, result.stderr
    assert "The folder new was created." in result.stdout
    assert (out / "new" / "deeper" / "p.zip").is_file()
    result = cxdesk(desk, "agreement", _approved(desk)[0], "-o", "docs/a.pdf", cwd=out)
    assert result.returncode == 0 and "The folder docs was created." in result.stdout
    result = cxdesk(desk, "agreements", "-o", "many/docs", cwd=out)
    assert result.returncode == 0 and "The folder many was created." in result.stdout


def test_a_screenshot_as_jpeg_is_jpeg(desk: Path, out: Path) -> None:
    result = cxdesk(desk, "screenshot", "-o", "pictures/s.jpg", cwd=out)
    assert result.returncode == 0, result.stderr
    assert (out / "pictures" / "s.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert "The folder pictures was created." in result.stdout
