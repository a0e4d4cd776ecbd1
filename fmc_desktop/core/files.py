"""Writing a file whole or not at all.

Settings, the dial log and desktop entries are small files that a crash or a full disk must never
leave half-written: the text goes to a temporary file beside the target, is flushed to disk, and
then renamed over it (a rename within one folder is atomic).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


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
