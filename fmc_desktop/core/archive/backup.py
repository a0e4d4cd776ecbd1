"""Rotating backups of the call archive: the only copy of the history the API has forgotten.

The API keeps 30 days; the archive keeps everything since the first sync, so a damaged or
deleted file would lose what no sync can bring back. Once a day (the GUI, off its thread) the
archive is copied with SQLite's backup API, which copies a consistent snapshot while other
connections go on reading and writing, into `backups/` beside it. Each copy is checked with
`PRAGMA quick_check` before it may replace an older one, so a damaged archive never pushes the
good backups out; the newest seven are kept.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import urllib.parse
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from fmc_desktop.core.api.errors import ArchiveDamagedError, StorageError
from fmc_desktop.core.archive.health import quick_check as connection_check

_log = logging.getLogger(__name__)

BACKUP_FOLDER_NAME: Final = "backups"
KEEP: Final = 7
INTERVAL: Final = timedelta(days=1)
_NAME = re.compile(r"^calls-(\d{8}T\d{6}Z)\.sqlite3\Z")
_STAMP: Final = "%Y%m%dT%H%M%SZ"
# Pages copied between two looks at `stopped`: 16 MB at SQLite's 4 KB pages, some 20-50 ms.
_STEP_PAGES: Final = 4096


class BackupStopped(StorageError):
    """The backup was stopped (the app is quitting); nothing of it was kept."""


def _never() -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    made: datetime  # UTC, from the file name
    size: int  # bytes


def read_only_uri(path: Path) -> str:
    return "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"


def quick_check(path: Path) -> list[str]:
    """SQLite's quick_check of a file, read-only: [] when sound, else what it found."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
    except sqlite3.DatabaseError as error:
        return [str(error)]
    with closing(connection):
        return connection_check(connection)


class BackupStore:
    """The backups of one archive, newest first; `make` adds one and drops the oldest."""

    def __init__(self, folder: Path, *, keep: int = KEEP) -> None:
        self.folder = Path(folder)
        self.keep = keep

    @classmethod
    def beside(cls, archive_path: Path) -> BackupStore:
        return cls(Path(archive_path).parent / BACKUP_FOLDER_NAME)

    def backups(self) -> list[Backup]:
        found: list[Backup] = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        for entry in entries:
            match = _NAME.match(entry.name)
            if match is None:
                continue
            try:
                size = entry.stat().st_size
            except OSError:
                continue
            made = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
            found.append(Backup(Path(entry.path), made, size))
        found.sort(key=lambda backup: backup.made, reverse=True)
        return found

    def due(self, now: datetime) -> bool:
        """True when the newest backup is a day old (or from the future: a clock put back)."""
        found = self.backups()
        if not found:
            return True
        age = now - found[0].made
        return age >= INTERVAL or age < timedelta(0)

    def newest_good(self) -> Backup | None:
        """The newest backup that passes SQLite's check (older ones are tried in turn)."""
        for backup in self.backups():
            problems = quick_check(backup.path)
            if not problems:
                return backup
            _log.warning("backup %s is damaged: %s", backup.path, problems[:3])
        return None

    def make(
        self, archive_path: Path, now: datetime, *, stopped: Callable[[], bool] = _never
    ) -> Backup:
        """Copy the archive into a new backup and drop the oldest beyond `keep`.

        StorageError when the folder cannot hold it (read-only, full); ArchiveDamagedError when
        the copy fails SQLite's check (then no older backup is dropped); BackupStopped when
        `stopped()` turned true on the way (quitting), with the partial copy removed.
        """
        final = self.folder / f"calls-{now.astimezone(UTC).strftime(_STAMP)}.sqlite3"
        partial = self.folder / f".{final.name}.partial"
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.close(descriptor)
        except OSError as error:
            raise self._storage_error(error) from None
        try:
            source_uri = read_only_uri(archive_path)
            with (
                closing(sqlite3.connect(source_uri, uri=True, timeout=5)) as source,
                closing(sqlite3.connect(partial, isolation_level=None)) as copy,
            ):

                def step(_status: int, _remaining: int, _total: int) -> None:
                    if stopped():
                        raise BackupStopped(
                            f"The backup of {archive_path} was stopped.", path=str(self.folder)
                        )

                source.backup(copy, pages=_STEP_PAGES, progress=step)
                # One self-contained file: the archive's WAL mode came along with its pages.
                copy.execute("PRAGMA journal_mode = DELETE")
                step(0, 0, 0)
                # The check of a big copy takes seconds too: SQLite asks this between steps.
                copy.set_progress_handler(lambda: int(stopped()), 10_000)
                rows = copy.execute("PRAGMA quick_check(20)").fetchall()
            step(0, 0, 0)
            problems = [str(row[0]) for row in rows]
            if problems != ["ok"]:
                raise ArchiveDamagedError(
                    f"The call archive {archive_path} is damaged, so no backup was made of it.",
                    path=str(archive_path),
                    problems=problems[:5],
                )
            with open(partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, final)
        except sqlite3.Error as error:
            with suppress(OSError):
                os.unlink(partial)
            if stopped():  # the check was interrupted, not failed
                raise BackupStopped(
                    f"The backup of {archive_path} was stopped.", path=str(self.folder)
                ) from None
            name = getattr(error, "sqlite_errorname", "")
            if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
                raise ArchiveDamagedError(
                    f"The call archive {archive_path} is damaged, so no backup was made of it.",
                    path=str(archive_path),
                ) from None
            raise StorageError(
                f"No backup of the call archive could be made in {self.folder} ({error}); "
                "check that the folder is writable and the disk has space.",
                path=str(self.folder),
            ) from None
        except OSError as error:
            with suppress(OSError):
                os.unlink(partial)
            raise self._storage_error(error) from None
        except BaseException:
            with suppress(OSError):
                os.unlink(partial)
            raise
        made = Backup(final, now.astimezone(UTC).replace(microsecond=0), final.stat().st_size)
        for old in self.backups()[self.keep :]:
            with suppress(OSError):
                old.path.unlink()
        _log.info("backed up the call archive to %s (%d bytes)", final, made.size)
        return made

    def _storage_error(self, error: OSError) -> StorageError:
        why = error.strerror or str(error)
        return StorageError(
            f"No backup of the call archive could be made in {self.folder} ({why}); check that "
            "the folder is writable and the disk has space.",
            path=str(self.folder),
        )


__all__ = ["BACKUP_FOLDER_NAME", "INTERVAL", "KEEP", "Backup", "BackupStore", "quick_check"]
