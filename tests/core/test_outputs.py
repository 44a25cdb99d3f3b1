"""Output files: paths told in one sentence, written whole or not at all, links and devices kept."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from cxdesk.core.errors import UserError
from cxdesk.core.outputs import (
    atomic_output,
    check_file,
    check_folder,
    discard,
    outermost_missing,
    write_error,
)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_file_appears_only_once_complete_beside_its_target(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    with atomic_output(target) as out:
        assert out.path.parent == tmp_path and out.path != target
        out.path.write_bytes(b"new")
        assert not target.exists()
    assert target.read_bytes() == b"new"
    assert _names(tmp_path) == ["a.pdf"]


def test_a_failure_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.path.write_bytes(b"half")
        raise RuntimeError("a bug halfway")
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["a.pdf"]


def test_a_full_disk_is_one_sentence_and_the_folders_made_go_again(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "a.pdf"
    with pytest.raises(UserError) as caught, atomic_output(target) as out:
        assert out.made == [tmp_path / "new", tmp_path / "new" / "deeper"]
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value) == (
        f"{target} could not be written: the disk is full; free some space and try again."
    )
    assert _names(tmp_path) == []


def test_missing_folders_are_made_and_said(tmp_path: Path) -> None:
    target = tmp_path / "new" / "a.pdf"
    assert outermost_missing(target.parent) == tmp_path / "new"
    with atomic_output(target) as out:
        out.path.write_bytes(b"x")
    assert target.read_bytes() == b"x"
    assert out.note == f"The folder {tmp_path / 'new'} was created."


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_output(target) as out:
        out.path.write_bytes(b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_link_stays_a_link_and_its_target_gets_the_content(tmp_path: Path) -> None:
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    with atomic_output(link) as out:
        out.path.write_bytes(b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert _names(tmp_path) == ["link.pdf", "real.pdf"]


def test_a_device_is_written_into_not_replaced() -> None:
    with atomic_output("/dev/null") as out:
        assert out.path == Path("/dev/null")
        out.path.write_bytes(b"gone")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    discard("/dev/null")  # taking a file back never removes a device
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("", "an empty path names no file"),
        ("folder", "is a folder, not a file: add the file's name, for example"),
        ("file.txt/a.pdf", "file.txt is a file, not a folder."),
        ("file.txt/sub/a.pdf", "file.txt is a file, not a folder."),
    ],
)
def test_a_path_that_cannot_be_a_file_is_one_sentence(
    tmp_path: Path, name: str, sentence: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("keep")
    with pytest.raises(UserError, match=sentence.replace(".", r"\.")):
        check_file(str(tmp_path / name) if name else "", "a.pdf")
    assert _names(tmp_path) == ["file.txt", "folder"]


def test_the_root_folder_is_not_a_file() -> None:
    with pytest.raises(UserError, match="^/ is a folder, not a file"):
        check_file("/", "a.pdf")


def test_a_folder_that_is_a_file_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("keep")
    with pytest.raises(UserError, match="is a file, not a folder: name a folder"):
        check_folder(tmp_path / "file.txt")
    with pytest.raises(UserError, match="file.txt is a file, not a folder"):
        check_folder(tmp_path / "file.txt" / "docs")
    assert check_folder(tmp_path / "new" / "docs") == tmp_path / "new" / "docs"


def test_an_input_that_cannot_be_read_is_not_told_as_the_output(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_output(tmp_path / "a.pdf"):
        (tmp_path / "missing.csv").read_bytes()
    assert _names(tmp_path) == []


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EFBIG, "the disk is full"),
        (errno.EDQUOT, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.EIO, "Input/output error."),
    ],
)
def test_each_refusal_of_the_system_names_the_file(code: int, words: str) -> None:
    message = str(write_error("out.zip", OSError(code, os.strerror(code))))
    assert message.startswith("out.zip ") and words in message
