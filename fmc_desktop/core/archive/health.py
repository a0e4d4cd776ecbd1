"""Whether an archive file may be written: SQLite's failures in one sentence, the damage checks
found, and the marks of writers that never closed.

What this process knows of a file is shared by every connection to it, so one check's verdict
holds for them all.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from fmc_desktop.core.api.errors import ArchiveDamagedError, ArchiveError

_DAMAGED: Final = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
NOT_WRITABLE: Final = frozenset({"SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN"})
# Below this much free space an input/output error while writing is a full disk: SQLite says
# SQLITE_FULL only when the system said ENOSPC, and a short write or a quota says otherwise.
_NEARLY_FULL_BYTES: Final = 16 * 1024 * 1024


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def archive_error(path: Path, error: sqlite3.Error) -> ArchiveError:
    """One sentence for an SQLite failure: what happened to which file or folder, what to do."""
    name = getattr(error, "sqlite_errorname", "") or ""
    key = "_".join(name.split("_", 2)[:2])
    folder = path.parent
    if key == "SQLITE_IOERR":
        free = _free_bytes(folder)
        if free is not None and free < _NEARLY_FULL_BYTES:
            key = "SQLITE_FULL"
    if key in _DAMAGED:
        return ArchiveDamagedError(
            f"The call archive {path} is damaged; nothing more is written to it. Run "
            "`fmc-desktop repair` (or open the app) to restore a backup or save what can be read.",
            path=str(path),
            sqlite_error=name,
        )
    if key in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        text = (
            f"The call archive {path} is busy: another program is writing to it. "
            "Try again in a moment."
        )
    elif key == "SQLITE_FULL":
        text = (
            f"The disk holding {folder} is full, so the call archive cannot grow; free some "
            "space there and try again (nothing stored so far was lost)."
        )
    elif key in NOT_WRITABLE:
        text = (
            f"The data folder {folder} (or the call archive in it) is read-only; make it "
            "writable, or set FMC_DESKTOP_HOME to a writable folder, and try again."
        )
    elif key == "SQLITE_IOERR":
        text = (
            f"The call archive {path} could not be read or written (an input/output error); "
            "check the disk and try again."
        )
    else:
        text = f"The call archive {path} could not be used ({error})."
    return ArchiveError(text, path=str(path), sqlite_error=name)


def quick_check(connection: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check: [] when sound, else its first few complaints (or the error)."""
    try:
        rows = connection.execute("PRAGMA quick_check(20)").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


class Health:
    """What this process knows of one archive file, shared by every connection to it: a check
    in progress holds `lock`, so a second writer waits for its verdict instead of repeating it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.suspect = False  # SQLite reported damage: check before the next write
        self.damaged: tuple[str, ...] | None = None  # the check failed: never write


_health_guard = threading.Lock()
_health: dict[str, Health] = {}
# The writer marks (see CallArchive) of connections open in this process.
_live_writers: set[str] = set()
_WRITER_PREFIX: Final = "writer:"


def health_of(path: Path) -> Health:
    key = os.path.realpath(path)
    with _health_guard:
        found = _health.get(key)
        if found is None:
            found = _health[key] = Health()
        return found


def forget_health(path: Path) -> None:
    """Forget what this process knew of `path` (a repaired or replaced file is a new one)."""
    with _health_guard:
        _health.pop(os.path.realpath(path), None)


def report_damage(path: Path, problems: Sequence[str]) -> None:
    """Another check (a backup's) found `path` damaged: no connection of this process writes."""
    health_of(path).damaged = tuple(problems) or ("damaged",)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        # Windows has no harmless probe (os.kill there terminates): take the mark as stale,
        # which costs at worst one quick_check too many.
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def new_writer_mark() -> str:
    """A mark for a connection's first write (`writer:<pid>:<nonce>`): a mark whose process is
    gone means a close that never happened."""
    return f"{_WRITER_PREFIX}{os.getpid()}:{os.urandom(6).hex()}"


def hold_writer(mark: str) -> None:
    """`mark` is written and its connection open in this process: not a stale mark."""
    _live_writers.add(mark)


def forget_writer(mark: str) -> None:
    _live_writers.discard(mark)


def stale_writers(connection: sqlite3.Connection) -> list[str]:
    """Writer marks left by connections that never closed (their process is gone)."""
    rows = connection.execute(
        "SELECT key FROM meta WHERE key >= ? AND key < ?",
        (_WRITER_PREFIX, _WRITER_PREFIX[:-1] + ";"),
    ).fetchall()
    stale: list[str] = []
    for (key,) in rows:
        if key in _live_writers:
            continue
        try:
            pid = int(str(key).split(":")[1])
        except (IndexError, ValueError):
            pid = -1
        if pid == os.getpid() or not _process_alive(pid):
            stale.append(str(key))
    return stale


def damaged_error(path: Path, problems: Sequence[str]) -> ArchiveDamagedError:
    return ArchiveDamagedError(
        f"The call archive {path} is damaged, so nothing more is written to it; run "
        "`fmc-desktop repair` (or open the app) to restore a backup or save what can be read.",
        path=str(path),
        problems=list(problems[:5]),
    )
