"""The app's data on this computer: measured, old calls forgotten, everything deleted."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.backup import BackupStore
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.system.local_data import (
    default_forget_day,
    delete_all_local_data,
    delete_local_data,
    folder_size,
    forget_calls_before,
    forget_cutoff,
    log_folder,
    measure_usage,
)
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings
from tests.support.keyrings import MemoryKeyring


@pytest.fixture
def paths() -> AppPaths:
    return AppPaths.resolve().ensure()


def fill_local_data(paths: AppPaths) -> list[Path]:
    """One file of each kind the app keeps: settings, archive and journal, cache, logs."""
    made = [
        paths.settings_file,
        paths.archive_file,
        paths.data / "calls.sqlite3-wal",
        paths.cache / "thumbs" / "x.bin",
        paths.log_file,
        paths.logs / "fmc-desktop.log.1",
    ]
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    return made


def call(day: datetime, number: str) -> CallRecord:
    start = day.astimezone(KYIV)
    return CallRecord(start, start + timedelta(seconds=30), number, "0671234567", 30)


@pytest.fixture
def log_file_handler(paths: AppPaths) -> Iterator[logging.FileHandler]:
    handler = logging.FileHandler(paths.log_file, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)
    handler.close()


def test_the_demo_deletes_only_its_own_data(paths: AppPaths) -> None:
    real = fill_local_data(paths)
    demo = AppPaths.resolve(demo=True)
    demo_files = fill_local_data(demo)
    assert delete_local_data(demo, demo=True) == []
    assert not any(path.exists() for path in demo_files)
    assert all(path.exists() for path in real)


def test_deleting_keeps_the_demo_and_the_lock_and_closes_the_log_first(
    paths: AppPaths, log_file_handler: logging.FileHandler
) -> None:
    made = fill_local_data(paths)
    demo_files = fill_local_data(AppPaths.resolve(demo=True))
    lock = paths.data / "instance.lock"
    lock.write_text("1234", "utf-8")
    logging.getLogger("fmc_desktop.test").warning("a line in the open log")
    assert log_file_handler.stream is not None

    assert delete_local_data(paths, demo=False) == []

    assert [path for path in made if path.exists()] == []
    assert all(path.exists() for path in demo_files)
    assert lock.exists()
    # The handler let go of the deleted file; the next line starts a fresh one.
    assert log_file_handler.stream is None


def test_delete_all_removes_the_token_only_when_asked_and_never_the_demos(
    paths: AppPaths, clock: ManualClock, memory_keyring: MemoryKeyring
) -> None:
    store = TokenStore(Settings().base_url, timeout=1)
    store.save("ab" * 32)
    archive = CallArchive(paths.archive_file, clock=clock)
    fill_local_data(paths)
    assert (
        delete_all_local_data(
            paths, demo=False, archive=archive, token_store=store, remove_token=False
        )
        == []
    )
    assert not paths.archive_file.exists()
    assert store.find() is not None
    demo = AppPaths.resolve(demo=True).ensure()
    delete_all_local_data(demo, demo=True, archive=None, token_store=store, remove_token=True)
    assert store.find() is not None
    delete_all_local_data(paths, demo=False, archive=None, token_store=store, remove_token=True)
    assert memory_keyring.entries == {}


def test_the_size_leaves_the_demo_out_of_the_real_modes(paths: AppPaths) -> None:
    (paths.data / "a.bin").write_bytes(b"x" * 100)
    (paths.data / "sub").mkdir()
    (paths.data / "sub" / "b.bin").write_bytes(b"x" * 20)
    demo = AppPaths.resolve(demo=True).ensure()
    (demo.data / "c.bin").write_bytes(b"x" * 5)
    assert folder_size(paths.data) == 125
    assert folder_size(paths.data, skip=frozenset({"demo"})) == 120
    assert measure_usage(paths, None, demo=False).folder_bytes == 120
    assert measure_usage(demo, None, demo=True).folder_bytes == 5


def test_usage_counts_the_calls_and_the_backups(paths: AppPaths, clock: ManualClock) -> None:
    with CallArchive(paths.archive_file, clock=clock) as archive:
        archive.add_calls([call(datetime(2026, 5, 1, 10, tzinfo=UTC), "0501111111")])
        empty = measure_usage(paths, archive, demo=False)
        assert empty.stats is not None
        assert empty.stats.calls == 1
        assert (empty.backups, empty.backup_bytes, empty.newest_backup) == (0, 0, None)
        store = BackupStore.beside(paths.archive_file)
        store.make(paths.archive_file, datetime(2026, 6, 1, 3, tzinfo=UTC))
        newest = store.make(paths.archive_file, datetime(2026, 6, 2, 3, tzinfo=UTC))
        usage = measure_usage(paths, archive, demo=False)
    assert usage.backups == 2
    assert usage.backup_bytes == sum(backup.size for backup in store.backups()) > 0
    assert usage.newest_backup == newest.made == datetime(2026, 6, 2, 3, tzinfo=UTC)
    assert usage.folder_bytes >= usage.backup_bytes


def test_forgetting_works_on_the_open_archive_or_its_file(
    paths: AppPaths, clock: ManualClock
) -> None:
    cutoff = forget_cutoff(date(2026, 6, 1))
    assert cutoff == datetime(2026, 5, 31, 21, tzinfo=UTC)  # midnight in Kyiv, summer time
    assert forget_calls_before(cutoff, None, paths.archive_file, clock) == 0
    assert not paths.archive_file.exists()  # nothing to forget is no reason to make an archive
    calls = [
        call(datetime(2026, 3, 1, 10, tzinfo=UTC), "0501111111"),
        call(datetime(2026, 5, 31, 20, 59, tzinfo=UTC), "0502222222"),  # 23:59 Kyiv
        call(datetime(2026, 6, 1, 9, tzinfo=UTC), "0503333333"),
    ]
    with CallArchive(paths.archive_file, clock=clock) as archive:
        archive.add_calls(calls[:2])
        assert forget_calls_before(cutoff, archive, paths.archive_file, clock) == 2
        archive.add_calls(calls)
    assert forget_calls_before(cutoff, None, paths.archive_file, clock) == 2
    with CallArchive(paths.archive_file, clock=clock) as archive:
        assert archive.stats().calls == 1


def test_the_first_day_offered_to_forget_is_a_year_back() -> None:
    assert default_forget_day(date(2026, 6, 17)) == date(2025, 6, 1)
    assert default_forget_day(date(2026, 1, 1)) == date(2025, 1, 1)


def test_the_log_folder_is_made_to_be_opened(paths: AppPaths) -> None:
    paths.logs.rmdir()
    assert log_folder(paths) == paths.logs
    assert paths.logs.is_dir()
