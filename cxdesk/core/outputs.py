"""Files the desk writes for people: paths checked in one sentence, written whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _

#: A full disk, a full quota or a file-size limit: to the person, all three are a full disk.
_FULL = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


def empty_path_message() -> str:
    """The sentence for `-o ""` (a usage error: the command line names no file)."""
    return _("an empty path names no file; give the name of the file to write")


def write_error(path: Path | str, exc: OSError) -> UserError:
    """An operating system's refusal to write `path`, told in one sentence a person can act on."""
    if exc.errno in _FULL:
        sentence = _(
            "{path} could not be written: the disk is full; free some space and try again."
        )
    elif exc.errno in (errno.EACCES, errno.EPERM):
        sentence = _(
            "{path} could not be written: permission denied; choose a folder you may write to."
        )
    elif exc.errno == errno.EROFS:
        sentence = _("{path} could not be written: the disk is read-only; choose another folder.")
    elif exc.errno == errno.ENAMETOOLONG:
        sentence = _("{path} could not be written: the name is too long; choose a shorter one.")
    elif exc.errno == errno.EISDIR:
        sentence = _("{path} is a folder, not a file: add the file's name to the path.")
    elif exc.errno == errno.ENOTDIR:
        sentence = _("{path} could not be written: a part of the path is a file, not a folder.")
    else:
        return UserError(
            _("{path} could not be written: {reason}.").format(
                path=path, reason=(exc.strerror or str(exc)).rstrip(".")
            )
        )
    return UserError(sentence.format(path=path))


def _file_above(path: Path) -> Path | None:
    """The nearest existing ancestor of `path` when it is not a folder (a file, say)."""
    for parent in path.parents:
        if os.path.lexists(parent):
            return None if parent.is_dir() else parent
    return None


def check_file(path: Path | str, example: str = "") -> Path:
    """`path` as a file to write, or a UserError naming what is wrong with it."""
    target = Path(path)
    if not str(path).strip():
        raise UserError(empty_path_message())
    if target.is_dir():  # a folder, `/`, or a link to a folder
        if example:
            raise UserError(
                _(
                    "{path} is a folder, not a file: add the file's name, for example {example}."
                ).format(path=path, example=target / example)
            )
        raise UserError(
            _("{path} is a folder, not a file: add the file's name to the path.").format(path=path)
        )
    above = _file_above(target)
    if above is not None:
        raise UserError(
            _("{path} cannot be written: {file} is a file, not a folder.").format(
                path=path, file=above
            )
        )
    return target


def check_folder(path: Path | str) -> Path:
    """`path` as a folder to write files into, or a UserError naming what is wrong with it."""
    folder = Path(path)
    if not str(path).strip():
        raise UserError(empty_path_message())
    if os.path.lexists(folder) and not folder.is_dir():
        raise UserError(
            _("{path} is a file, not a folder: name a folder for the documents.").format(path=path)
        )
    above = _file_above(folder)
    if above is not None:
        raise UserError(
            _("{path} cannot be written: {file} is a file, not a folder.").format(
                path=path, file=above
            )
        )
    return folder


def make_folders(folder: Path | str) -> list[Path]:
    """Make `folder` and its missing parents; return those made, the outermost first."""
    missing: list[Path] = []
    for candidate in (Path(folder), *Path(folder).parents):
        if os.path.lexists(candidate):
            break
        missing.append(candidate)
    made: list[Path] = []
    try:
        for candidate in reversed(missing):
            with contextlib.suppress(FileExistsError):  # made meanwhile by someone else
                candidate.mkdir()
                made.append(candidate)
    except OSError as exc:
        remove_folders(made)
        raise write_error(folder, exc) from exc
    return made


def remove_folders(made: list[Path]) -> None:
    """Remove the folders `make_folders` made, innermost first, if they are still empty."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def folder_note(made: list[Path]) -> str:
    """The sentence added to an output line when folders were made for it ('' when none)."""
    if not made:
        return ""
    return _("The folder {folder} was created.").format(folder=made[0])


def _written_through(path: Path) -> bool:
    """A device, a pipe or a socket: written into as it is, never replaced by a file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _sync(path: Path, folder: bool = False) -> None:
    # Not every system can sync a folder (Windows), nor every file system a file.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY if folder else os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class Output:
    """What `atomic_output` hands to the code that writes."""

    #: The file as the person named it.
    target: Path
    #: Where to write now: a temporary file beside the real one, or the device itself.
    path: Path
    #: Folders made for the file, the outermost first (empty when they all existed).
    made: list[Path]

    @property
    def note(self) -> str:
        return folder_note(self.made)


def _temporary(final: Path) -> Path:
    """A new empty file beside `final`, hidden and marked as unfinished, with its permissions."""
    try:
        mode = stat.S_IMODE(final.stat().st_mode)  # a replaced file keeps who may read it
    except OSError:
        mode = 0o666  # and a new one gets what the umask allows, as any new file
    while True:
        temp = final.with_name(f".{final.name[:180]}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            continue
        os.close(fd)
        return temp


def _about(exc: OSError, *paths: Path | None) -> bool:
    """Whether the system refused to write one of `paths` (not, say, to read some input)."""
    if exc.errno is None:  # raised by code, not by the system: theirs to tell
        return False
    if exc.filename is None:  # a write to an open file: ours
        return True
    named = {str(exc.filename), str(exc.filename2)}
    return any(str(path) in named or str(path.parent) in named for path in paths if path)


@contextlib.contextmanager
def atomic_output(path: Path | str, example: str = "") -> Iterator[Output]:
    """Write `path` all at once: the code writes `Output.path`, renamed into place on success.

    On any failure the temporary file and the folders made for it go, so a crash, a full disk
    or an error leaves the old file (or none), never half of one. A link is followed (its
    target gets the content, the link stays); a device such as /dev/null is written into.
    A refusal of the system (full disk, permission) becomes a UserError naming the file.
    """
    target = check_file(path, example)
    final = Path(os.path.realpath(target)) if target.is_symlink() else target
    if final != target:
        check_file(final, example)  # a link to a folder, or into a folder under a file
    made = make_folders(final.parent)
    temp: Path | None = None
    done = False
    try:
        if _written_through(final):
            yield Output(target, final, made)
        else:
            temp = _temporary(final)
            yield Output(target, temp, made)
            _sync(temp)
            os.replace(temp, final)
            _sync(final.parent, folder=True)
        done = True
    except OSError as exc:
        if not _about(exc, target, final, temp):
            raise
        raise write_error(target, exc) from exc
    finally:
        if not done:
            if temp is not None:
                with contextlib.suppress(OSError):
                    temp.unlink()
            remove_folders(made)


@contextlib.contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """`atomic_output` for code that only needs the path to write to."""
    with atomic_output(path) as out:
        yield out.path


def discard(path: Path | str) -> None:
    """Take back a file just written (a link's target; a device is left alone)."""
    final = Path(os.path.realpath(path))
    if not _written_through(final):
        with contextlib.suppress(FileNotFoundError):
            final.unlink()


def outermost_missing(folder: Path | str) -> Path | None:
    """The outermost of `folder` and its parents that does not exist yet (None when it does)."""
    missing = None
    for candidate in (Path(folder), *Path(folder).parents):
        if os.path.lexists(candidate):
            break
        missing = candidate
    return missing
