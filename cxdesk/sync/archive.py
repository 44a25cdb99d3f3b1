"""Open a package's ZIP safely: every member is checked before any is read, none is extracted."""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _

MB = 1024 * 1024

#: Errors the standard library raises on a damaged or hostile ZIP.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
    struct.error,
)

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ArchiveLimits:
    """What the desk accepts in a package before reading a byte of it."""

    max_member_bytes: int = 200 * MB
    max_total_bytes: int = 1024 * MB
    max_members: int = 1000
    #: A total uncompressed size beyond both of these is a zip bomb.
    max_ratio: int = 100
    ratio_floor_bytes: int = 50 * MB
    #: datapackage.json is small; a bigger one is not a package.
    max_manifest_bytes: int = 10 * MB


DEFAULT_LIMITS = ArchiveLimits()


def size_text(size: int) -> str:
    """A size for a message: whole MB from 1 MB up, whole KB from 10 KB up, else bytes."""
    if size >= MB:
        return _("{n} MB").format(n=size // MB)
    if size >= 10 * 1024:
        return _("{n} KB").format(n=size // 1024)
    return _("{n} bytes").format(n=size)


def _refuse(package: str, reason: str) -> UserError:
    return UserError(_("{package} is refused: {reason}").format(package=package, reason=reason))


def unsafe_member_reason(info: zipfile.ZipInfo) -> str | None:
    """Why a member must not be read, or None when its name and kind are safe."""
    name = info.filename
    if not name:
        return _("a member has no name")
    if "\\" in name:
        return _("the member '{name}' has a backslash in its path").format(name=name)
    if name.startswith("/") or _DRIVE.match(name):
        return _("the member '{name}' has an absolute path").format(name=name)
    if ".." in name.split("/"):
        return _("the member '{name}' points outside the package").format(name=name)
    if any(ord(char) < 32 for char in name):
        return _("the member '{name}' has a control character in its name").format(
            name=name.encode("unicode_escape").decode("ascii")
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        return _("the member '{name}' is a link").format(name=name)
    if info.flag_bits & 0x1:
        return _("the member '{name}' is encrypted").format(name=name)
    return None


class SafeArchive:
    """A ZIP whose members were all checked; read them as streams, never extract them."""

    def __init__(self, path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.name = path.name
        self.limits = limits
        self._zip = self._open_zip()
        try:
            self._members = self._check_members()
        except BaseException:
            self._zip.close()
            raise

    def _open_zip(self) -> zipfile.ZipFile:
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise UserError(
                _("{package} cannot be read: {reason}").format(
                    package=self.name, reason=exc.strerror or exc
                )
            ) from exc
        if not self.path.is_file():
            raise UserError(_("{package} is not a file").format(package=self.name))
        if size == 0:
            raise UserError(
                _("{package} is empty: it is not a sync package").format(package=self.name)
            )
        self.size = size
        try:
            return zipfile.ZipFile(self.path)
        except ZIP_ERRORS as exc:
            raise UserError(
                _("{package} is not a ZIP file: a sync package is a .zip").format(package=self.name)
            ) from exc

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        limits = self.limits
        infos = self._zip.infolist()
        if len(infos) > limits.max_members:
            raise _refuse(
                self.name,
                _("it holds {n} files, more than {limit}").format(
                    n=len(infos), limit=limits.max_members
                ),
            )
        members: dict[str, zipfile.ZipInfo] = {}
        folded: set[str] = set()
        total = 0
        for info in infos:
            reason = unsafe_member_reason(info)
            if reason:
                raise _refuse(self.name, reason)
            key = info.filename.casefold()
            if key in folded:
                raise _refuse(
                    self.name, _("it holds two members named '{name}'").format(name=info.filename)
                )
            folded.add(key)
            if info.file_size > limits.max_member_bytes:
                raise _refuse(
                    self.name,
                    _("'{name}' is larger than {limit}").format(
                        name=info.filename, limit=size_text(limits.max_member_bytes)
                    ),
                )
            total += info.file_size
            if not info.is_dir():
                members[info.filename] = info
        if total > limits.max_total_bytes or (
            total > limits.ratio_floor_bytes and total > limits.max_ratio * self.size
        ):
            raise _refuse(
                self.name,
                _("its files unpack to {total} from {size}; this looks like a zip bomb").format(
                    total=size_text(total), size=size_text(self.size)
                ),
            )
        return members

    @property
    def names(self) -> tuple[str, ...]:
        """The files in the archive (folders left out), in archive order."""
        return tuple(self._members)

    def __contains__(self, name: object) -> bool:
        return name in self._members

    def size_of(self, name: str) -> int:
        return self._members[name].file_size

    def open(self, name: str) -> IO[bytes]:
        """A buffered byte stream of one member that cannot yield more than its declared size."""
        info = self._members[name]
        try:
            raw = self._zip.open(info)
        except ZIP_ERRORS as exc:
            raise self.damaged(name, exc) from exc
        return io.BufferedReader(_CappedMember(self, name, raw, info.file_size), 64 * 1024)

    def read(self, name: str, limit: int) -> bytes:
        """The whole of a small member; refused when it declares more than `limit` bytes."""
        if self.size_of(name) > limit:
            raise _refuse(
                self.name,
                _("'{name}' is larger than {limit}").format(name=name, limit=size_text(limit)),
            )
        with self.open(name) as stream:
            return stream.read()

    def chunks(self, name: str, size: int = 64 * 1024) -> Iterator[bytes]:
        with self.open(name) as stream:
            while chunk := stream.read(size):
                yield chunk

    def damaged(self, name: str, exc: BaseException) -> UserError:
        return UserError(
            _("{package} is damaged: '{name}' cannot be read ({reason})").format(
                package=self.name, name=name, reason=exc
            )
        )

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _CappedMember(io.RawIOBase):
    """A member's bytes, checked against its declared size while they are read."""

    def __init__(self, archive: SafeArchive, name: str, raw: IO[bytes], declared: int) -> None:
        self._archive = archive
        self._name = name
        self._raw = raw
        self._left = declared

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        want = min(len(buffer), self._left + 1)
        try:
            data = self._raw.read(want) if want else b""
        except ZIP_ERRORS as exc:
            raise self._archive.damaged(self._name, exc) from exc
        if len(data) > self._left:
            raise self._archive.damaged(self._name, ValueError(_("larger than declared")))
        if not data and self._left:
            raise self._archive.damaged(self._name, ValueError(_("shorter than declared")))
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def open_archive(path: Path | str, limits: ArchiveLimits = DEFAULT_LIMITS) -> SafeArchive:
    """Open a package's ZIP after checking every member; raise UserError naming what is wrong."""
    return SafeArchive(Path(path), limits)
