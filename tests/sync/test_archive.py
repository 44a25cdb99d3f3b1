"""Unsafe archives are refused before a byte of them is read or extracted."""

from __future__ import annotations

import re
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from cxdesk.core.errors import UserError
from cxdesk.sync import ArchiveLimits, open_archive, read_package

from . import factory as f


def refusal(path: Path, limits: ArchiveLimits | None = None) -> str:
    with pytest.raises(UserError) as caught:
        read_package(path, limits=limits or ArchiveLimits())
    return str(caught.value)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_text("uid,name\n1,Aragón\n", encoding="utf-8")
    assert refusal(path) == "export.zip is not a ZIP file: a sync package is a .zip"


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.zip"
    path.touch()
    assert refusal(path) == "empty.zip is empty: it is not a sync package"


def test_a_missing_file(tmp_path: Path) -> None:
    assert refusal(tmp_path / "gone.zip") == "gone.zip cannot be read: No such file or directory"


def test_a_folder(tmp_path: Path) -> None:
    assert refusal(tmp_path) == f"{tmp_path.name} is not a file"


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("../x.csv", "the member '../x.csv' points outside the package"),
        ("data/../../x.csv", "the member 'data/../../x.csv' points outside the package"),
        ("/etc/x.csv", "the member '/etc/x.csv' has an absolute path"),
        ("C:/Windows/x.csv", "the member 'C:/Windows/x.csv' has an absolute path"),
        ("..\\x.csv", "the member '..\\x.csv' has a backslash in its path"),
    ],
)
def test_paths_that_leave_the_archive(tmp_path: Path, member: str, reason: str) -> None:
    path = f.make_package(tmp_path, extra=[(member, b"uid\r\n")])
    assert refusal(path) == f"package.zip is refused: {reason}"


def test_a_symlink_member(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("people.csv")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    data = f.tables()
    del data["people"]
    path = f.make_package(tmp_path, data, extra=[(link, b"/etc/passwd")])
    assert refusal(path) == "package.zip is refused: the member 'people.csv' is a link"


def test_an_encrypted_member(tmp_path: Path) -> None:
    path = f.make_package(tmp_path, extra=[("secret.csv", b"x")])
    _patch_headers(path, "secret.csv", 6, 8, "<H", 0x1)  # the general purpose flags
    assert refusal(path) == "package.zip is refused: the member 'secret.csv' is encrypted"


@pytest.mark.parametrize("second", ["rates.csv", "Rates.csv"])
def test_duplicate_member_names(tmp_path: Path, second: str) -> None:
    with pytest.warns(UserWarning, match="Duplicate name") if second == "rates.csv" else _nothing():
        path = f.make_package(tmp_path, extra=[(second, b"host_country\r\n")])
    assert refusal(path) == f"package.zip is refused: it holds two members named '{second}'"


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def test_a_member_over_the_size_limit(tmp_path: Path) -> None:
    path = f.make_package(tmp_path)
    assert refusal(path, ArchiveLimits(max_member_bytes=500)) == (
        "package.zip is refused: 'datapackage.json' is larger than 500 bytes"
    )


def test_too_many_members(tmp_path: Path) -> None:
    path = f.make_package(tmp_path)
    assert refusal(path, ArchiveLimits(max_members=4)) == (
        "package.zip is refused: it holds 6 files, more than 4"
    )


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    path = f.make_package(tmp_path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("bomb.csv", "w") as bomb,
    ):
        zeros = b"0" * (1024 * 1024)
        for _ in range(51):
            bomb.write(zeros)
    assert path.stat().st_size < 200 * 1024
    assert re.fullmatch(
        r"package\.zip is refused: its files unpack to 51 MB from \d+ KB; "
        r"this looks like a zip bomb",
        refusal(path),
    )


def test_the_bomb_ratio_and_floor_are_limits(tmp_path: Path) -> None:
    data = f.tables()
    data["payments"] = data["payments"] * 1  # the file compresses well at any size
    path = f.make_package(tmp_path, data)
    small = ArchiveLimits(max_ratio=1, ratio_floor_bytes=1000)
    assert "this looks like a zip bomb" in refusal(path, small)
    assert read_package(path, limits=ArchiveLimits(max_ratio=1)).close() is None


def _patch_headers(path: Path, member: str, local: int, central: int, fmt: str, value: int) -> None:
    """Write `value` at the given offsets of the local and central headers of `member`."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", local, 30), (b"PK\x01\x02", central, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into(fmt, data, start + offset, value)
            start += 4
    path.write_bytes(bytes(data))


def _patch_sizes(path: Path, member: str, size: int) -> None:
    """Make the headers of `member` declare `size` uncompressed bytes."""
    _patch_headers(path, member, 22, 24, "<I", size)


@pytest.mark.parametrize("declared", [10, 5000])
def test_a_lying_size_header_is_caught_while_reading(tmp_path: Path, declared: int) -> None:
    path = f.zip_members(tmp_path / "liar.zip", [("notes.csv", b"n\r\n" + b"a" * 2000)])
    _patch_sizes(path, "notes.csv", declared)
    with open_archive(path) as archive:
        assert archive.size_of("notes.csv") == declared
        with pytest.raises(UserError, match=r"^liar\.zip is damaged: 'notes\.csv' cannot be read"):
            archive.read("notes.csv", 10_000)


def test_a_lying_header_cannot_exhaust_memory(tmp_path: Path) -> None:
    path = f.zip_members(tmp_path / "liar.zip", [("notes.csv", b"tiny")])
    _patch_sizes(path, "notes.csv", 3 * 1024**3)
    assert refusal(path) == "liar.zip is refused: 'notes.csv' is larger than 200 MB"


def test_a_damaged_member_is_a_user_error(tmp_path: Path) -> None:
    path = f.zip_members(tmp_path / "bad.zip", [("notes.csv", b"a" * 5000)])
    data = bytearray(path.read_bytes())
    data[40:44] = b"\xff\xff\xff\xff"  # inside the compressed data
    path.write_bytes(bytes(data))
    with open_archive(path) as archive, pytest.raises(UserError, match="bad.zip is damaged"):
        archive.read("notes.csv", 10_000)


def test_members_are_listed_without_folders(tmp_path: Path) -> None:
    path = f.make_package(tmp_path, extra=[("data/", b"")])
    with open_archive(path) as archive:
        assert archive.names == (
            "datapackage.json",
            "organisations.csv",
            "people.csv",
            "exchanges.csv",
            "payments.csv",
            "rates.csv",
        )
        assert "data/" not in archive
