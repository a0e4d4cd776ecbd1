"""What this computer keeps of the app: its size, forgetting old calls, deleting it all.

The settings dialog's "Data" page shows and runs these from a worker thread; nothing here knows
of Qt, so each can be tested on real folders and a real archive without a window.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.backup import BackupStore
from fmc_desktop.core.archive.store import ArchiveStats, CallArchive
from fmc_desktop.core.system.paths import DEMO_FOLDER, AppPaths
from fmc_desktop.core.system.secrets import TokenStore

log = logging.getLogger(__name__)

# Never deleted with the local data: a running app holds it (see ui/shell/single_instance.py).
KEEP_FILES = frozenset({"instance.lock"})


@dataclass(frozen=True)
class DataUsage:
    """How much the app keeps here: the data folder, the archive's calls, its backups."""

    folder_bytes: int
    stats: ArchiveStats | None
    backups: int = 0
    backup_bytes: int = 0
    newest_backup: datetime | None = None


def folder_size(folder: Path, *, skip: frozenset[str] = frozenset()) -> int:
    """The bytes of every file under `folder`, leaving out its subfolders named in `skip`."""
    total = 0
    for root, dirs, files in os.walk(folder):
        if Path(root) == folder:
            dirs[:] = [name for name in dirs if name not in skip]
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue  # deleted while counting (a log rotated, a journal gone): not there
    return total


def _own_subfolders(*, demo: bool) -> frozenset[str]:
    # The real mode's folders hold the demo's as a subfolder, which is the demo's own.
    return frozenset() if demo else frozenset({DEMO_FOLDER})


def measure_usage(paths: AppPaths, archive: CallArchive | None, *, demo: bool) -> DataUsage:
    """The size of this mode's data folder, its archive's call count and its backups."""
    size = folder_size(paths.data, skip=_own_subfolders(demo=demo))
    stats = archive.stats() if archive is not None else None
    backups = BackupStore.beside(paths.archive_file).backups()
    return DataUsage(
        size,
        stats,
        backups=len(backups),
        backup_bytes=sum(backup.size for backup in backups),
        newest_backup=backups[0].made if backups else None,
    )


def log_folder(paths: AppPaths) -> Path:
    """The log folder, made if no line was logged yet, so the file manager has one to open."""
    paths.logs.mkdir(parents=True, exist_ok=True)
    return paths.logs


def default_forget_day(today: date) -> date:
    """What "Forget calls before" offers first: the start of this month, a year back."""
    start = today.replace(day=1)
    return date(start.year - 1, start.month, 1)


def forget_cutoff(day: date) -> datetime:
    """The start of `day` in Kyiv (the PBX's clock): calls before it are forgotten."""
    return datetime(day.year, day.month, day.day, tzinfo=KYIV)


def forget_calls_before(
    cutoff: datetime, archive: CallArchive | None, archive_file: Path, clock: Clock
) -> int:
    """Delete the archived calls before `cutoff`, from the open archive or else its file."""
    if archive is not None:
        return archive.forget_before(cutoff)
    if not archive_file.exists():
        return 0
    with CallArchive(archive_file, clock=clock) as opened:
        return opened.forget_before(cutoff)


def _close_log_files_in(folder: Path) -> None:
    """Close the log handlers writing into `folder`; they reopen a fresh file on the next line."""
    resolved = folder.resolve()
    for handler in list(logging.getLogger().handlers):
        if not isinstance(handler, logging.FileHandler):
            continue
        if Path(handler.baseFilename).resolve().parent == resolved:
            handler.close()


def delete_local_data(paths: AppPaths, *, demo: bool) -> list[Path]:
    """Delete the archive, settings, cache and logs of this mode; returns what could not go."""
    skip = _own_subfolders(demo=demo)
    _close_log_files_in(paths.logs)
    left: list[Path] = []
    for folder in (paths.data, paths.config, paths.cache, paths.logs):
        if not folder.is_dir():
            continue
        for child in folder.iterdir():
            if child.name in skip or child.name in KEEP_FILES:
                continue
            try:
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            except OSError:
                log.warning("Could not delete %s", child, exc_info=True)
                left.append(child)
    log.info("Local data deleted (%s mode)", "demo" if demo else "normal")
    return left


def delete_all_local_data(
    paths: AppPaths,
    *,
    demo: bool,
    archive: CallArchive | None,
    token_store: TokenStore,
    remove_token: bool,
) -> list[Path]:
    """Delete all local data: close the archive, delete the files, and the token if asked.

    The demo's token is the simulator's own, never the user's: it is never removed from here.
    """
    if archive is not None:
        archive.close()
    left = delete_local_data(paths, demo=demo)
    if remove_token and not demo:
        token_store.delete()
    return left
