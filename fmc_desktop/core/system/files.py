"""Writing a file whole or not at all.

Settings, the dial log and desktop entries are small files that a crash or a full disk must never
leave half-written: the text goes to a temporary file beside the target, is flushed to disk, and
then renamed over it (a rename within one folder is atomic).

Exports go where the user says, which may be a pipe, a device or, by a slip, the app's own
archive: `export_stream` renames only onto a regular file or a new name, streams into a FIFO or a
character device, and refuses the app's own files.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, Final, Literal

from fmc_desktop.core.api.errors import ErrorKind, ExitCode, FmcError, InvalidInputError
from fmc_desktop.core.system.paths import AppPaths


def write_atomically(
    path: Path, text: str, *, mode: int = 0o600, folder_mode: int = 0o700, durable: bool = True
) -> None:
    """Replace `path` with `text` (UTF-8, `\\n` line ends) in one step.

    `mode` applies from the first byte (mkstemp creates 0o600), so a private file is never
    readable by others even for a moment. `durable` also syncs the folder, so the rename itself
    survives a power cut (POSIX; Windows cannot open a folder for that).
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=folder_mode)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        if mode != 0o600:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp_name)
        raise
    if durable:
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- exports: a file the user names -------------------------------------------------------------

_COPY_PIECE: Final = 1 << 20


class ExportTargetError(InvalidInputError):
    """The place an export was asked to go cannot take it (a folder, the app's own data...)."""


class ExportWriteError(FmcError):
    """The export could not be written out (disk full, quota, an I/O error)."""

    kind = ErrorKind.INVALID_INPUT
    exit_code = ExitCode.STORAGE


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def export_target(path: Path, protected: Iterable[Path] = ()) -> Literal["file", "stream"]:
    """How an export to `path` is written, or ExportTargetError (exit 2) saying why it cannot be.

    "file": a new name or a regular file, written beside and renamed over it. "stream": a FIFO or
    a character device (`/dev/null`, a terminal), written straight into, because a rename would
    replace the pipe or device node itself. A block device, a socket and a folder are refused.
    `protected` are the app's own files and folders (archive, settings, logs, backups): a rename
    onto the live archive would wipe history that the API no longer has.
    """
    shown = str(path)
    resolved = Path(os.path.realpath(path))
    for own in protected:
        own_resolved = Path(os.path.realpath(own))
        if resolved == own_resolved or _inside(resolved, own_resolved):
            raise ExportTargetError(
                f"{shown} is one of this app's own data files; export to another file.",
                path=shown,
            )
    try:
        found = os.stat(path)
    except FileNotFoundError:
        parent = resolved.parent
        if not parent.is_dir():
            raise ExportTargetError(
                f"The folder {parent} does not exist; create it or pick another file.", path=shown
            ) from None
        if not os.access(parent, os.W_OK | os.X_OK):
            raise ExportTargetError(
                f"{shown} cannot be written: no permission to create files in {parent}; "
                "pick another folder.",
                path=shown,
            ) from None
        return "file"
    except OSError as error:
        raise ExportTargetError(
            f"{shown} cannot be written ({error.strerror or error}); pick another place.",
            path=shown,
        ) from None
    for own in protected:
        with suppress(OSError):
            if own.exists() and os.path.samefile(own, path):  # a hard link to the archive
                raise ExportTargetError(
                    f"{shown} is one of this app's own data files; export to another file.",
                    path=shown,
                )
    if stat.S_ISDIR(found.st_mode):
        raise ExportTargetError(
            f"{shown} is a folder; give a file name inside it, e.g. {Path(shown) / 'calls.csv'}.",
            path=shown,
        )
    if stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
        return "stream"
    if not stat.S_ISREG(found.st_mode):
        raise ExportTargetError(
            f"{shown} is not a regular file (a device or a socket); export to a file.", path=shown
        )
    if not os.access(path, os.W_OK) or not os.access(resolved.parent, os.W_OK | os.X_OK):
        raise ExportTargetError(
            f"{shown} cannot be written: no permission; pick another file.", path=shown
        )
    return "file"


@contextmanager
def export_stream(path: Path, protected: Iterable[Path] = ()) -> Iterator[BinaryIO]:
    """A binary stream for an export to `path`, checked by `export_target` first.

    A file is created owner-only (0600: a call list is personal data), written under a temporary
    name beside the target and renamed over it only when the whole export succeeded, so a failure
    halfway leaves the old file, not a truncated one. A FIFO or device is written into directly.
    """
    how = export_target(path, protected)
    shown = str(path)
    if how == "stream":
        try:
            stream = open(path, "wb", buffering=_COPY_PIECE)  # noqa: SIM115 - closed below
        except OSError as error:
            raise ExportTargetError(
                f"{shown} cannot be opened for writing ({error.strerror or error}).", path=shown
            ) from None
        with stream:
            try:
                yield stream
            except OSError as error:
                raise _write_error(shown, error) from None
        return
    # Beside the file the name points at, so that a symlinked name keeps its link.
    final = Path(os.path.realpath(path))
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    except OSError as error:
        raise ExportTargetError(
            f"{shown} cannot be written ({error.strerror or error}); pick another place.",
            path=shown,
        ) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, final)
    except OSError as error:
        with suppress(OSError):
            os.unlink(temp_name)
        raise _write_error(shown, error) from None
    except BaseException:
        with suppress(OSError):
            os.unlink(temp_name)
        raise


def _write_error(shown: str, error: OSError) -> FmcError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG):
        return ExportWriteError(
            f"{shown} could not be written ({error.strerror or error}); nothing was replaced. "
            "Free some space or pick another place.",
            path=shown,
        )
    return ExportTargetError(
        f"{shown} could not be written ({error.strerror or error}); pick another place.",
        path=shown,
    )


def app_data_places(paths: AppPaths) -> list[Path]:
    """The app's own folders and files, which an export must never replace: the archive and its
    -wal/-shm and backups (data folder), settings (config folder) and logs."""
    archive = paths.archive_file
    return [
        paths.data,
        paths.config,
        paths.logs,
        archive,
        archive.with_name(archive.name + "-wal"),
        archive.with_name(archive.name + "-shm"),
        paths.settings_file,
    ]
