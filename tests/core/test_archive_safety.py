"""The archive on damaged, empty, full and read-only files: checks, backups, repair, repeats."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import ArchiveDamagedError, ExitCode, StorageError
from fmc_desktop.core.archive.backup import BackupStopped, BackupStore
from fmc_desktop.core.archive.fields import CallFields
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.repair import check, restore, salvage
from fmc_desktop.core.archive.store import CallArchive
from tests.conftest import TEST_NOW

DAY = 86_400


def calls_over(days: int, per_day: int, *, end: datetime = TEST_NOW) -> list[CallFields]:
    """`per_day` calls a day for `days` days up to `end`, numbers and names varied."""
    rng = random.Random(days * 1000 + per_day)
    first = int(end.timestamp()) - days * DAY
    rows: list[CallFields] = []
    for n in range(days * per_day):
        start = first + n * (DAY // per_day) + rng.randrange(60)
        duration = rng.choice((0, 0, 15, 62, 300))
        rows.append(
            (
                start,
                start + duration,
                duration,
                f"067{rng.randrange(10**7):07d}",
                f"050{rng.randrange(10**7):07d}",
                rng.choice((None, "Олена Петренко", "Ivan")),
                None,
                rng.choice((None, "Sales")),
                None,
                None,
            )
        )
    return rows


def filled(path: Path, days: int = 60, per_day: int = 400) -> int:
    rows = calls_over(days, per_day)
    with CallArchive(path) as archive:
        archive.add_fields(
            rows,
            covered=(
                datetime.fromtimestamp(rows[0][0], UTC),
                datetime.fromtimestamp(rows[-1][0], UTC),
            ),
        )
        return archive.count_calls(CallQuery())


def damage(path: Path, *, at: float = 0.5, pages: int = 3) -> None:
    """Junk over a few pages in the middle of the file, as a failing disk or a bad copy leaves."""
    size = path.stat().st_size
    offset = int(size * at) // 4096 * 4096
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(7).randbytes(4096 * pages))


def damage_calls(path: Path, pages: int = 3) -> None:
    """Junk over a few of the call table's own pages in the middle (SQLite's dbstat says which)."""
    with sqlite3.connect(path) as db:
        leaves = [
            row[0]
            for row in db.execute(
                "SELECT pageno FROM dbstat WHERE name = 'calls' AND pagetype = 'leaf'"
                " ORDER BY pageno"
            )
        ]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    middle = len(leaves) // 2
    with open(path, "r+b") as handle:
        for page in leaves[middle : middle + pages]:
            handle.seek((page - 1) * page_size)
            handle.write(random.Random(page).randbytes(page_size))


def leave_unclosed(path: Path) -> None:
    """A writer mark as a killed process leaves it: written, never removed."""
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO meta VALUES ('writer:999999999:dead', '0')")


def test_a_clean_close_leaves_no_mark_and_needs_no_check(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path, days=2, per_day=10)
    with sqlite3.connect(path) as db:
        marks = db.execute("SELECT key FROM meta WHERE key LIKE 'writer:%'").fetchall()
    assert marks == []
    with CallArchive(path) as archive:
        assert not archive.needs_check()


def test_after_an_unclean_close_a_damaged_archive_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path)
    damage(path)
    leave_unclosed(path)
    before = path.read_bytes()
    with CallArchive(path) as archive:
        assert archive.needs_check()
        with pytest.raises(ArchiveDamagedError) as caught:
            archive.add_fields(calls_over(1, 5, end=TEST_NOW + timedelta(days=2)))
        assert caught.value.exit_code is ExitCode.STORAGE
        assert "repair" in caught.value.message
        assert archive.damaged
        # Nothing else either: not a mark, not the token flag.
        with pytest.raises(ArchiveDamagedError):
            archive.mark_token_rejected()
    assert path.read_bytes() == before, "a damaged archive is never written to"


def test_after_an_unclean_close_a_sound_archive_is_checked_once(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    stored = filled(path, days=5, per_day=20)
    leave_unclosed(path)
    with CallArchive(path) as archive:
        assert archive.needs_check()
        archive.verify()
        assert not archive.needs_check(), "a passed check clears the stale mark"
        archive.add_fields(calls_over(1, 5, end=TEST_NOW + timedelta(days=3)))
        assert archive.count_calls(CallQuery()) == stored + 5


def test_sqlite_reporting_damage_makes_the_next_write_wait_for_a_check(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path)
    damage(path, at=0.3, pages=8)
    with CallArchive(path) as archive:
        assert not archive.needs_check(), "closed cleanly: no reason to check yet"
        with pytest.raises(ArchiveDamagedError):
            list(archive.iter_calls(CallQuery()))  # reading meets the damaged pages
        assert archive.needs_check()
        with pytest.raises(ArchiveDamagedError):
            archive.record_sync(TEST_NOW)


def test_ten_thousand_identical_rows_in_one_answer_are_one_call(tmp_path: Path) -> None:
    start = int(TEST_NOW.timestamp()) - 3600
    row: CallFields = (
        start,
        start + 30,
        30,
        "0671234567",
        "0501234567",
        None,
        None,
        None,
        None,
        None,
    )
    with CallArchive(tmp_path / "calls.sqlite3") as archive:
        result = archive.add_fields([row] * 10_000)
        assert (result.new, result.known) == (1, 9_999)
        assert archive.count_calls(CallQuery()) == 1


def test_an_empty_archive_file_is_replaced_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    path.touch()
    with CallArchive(path) as archive:
        assert any("was empty (0 bytes)" in notice for notice in archive.notices)


def test_a_missing_archive_with_backups_is_replaced_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path, days=2, per_day=10)
    BackupStore.beside(path).make(path, TEST_NOW)
    path.unlink()
    with CallArchive(path) as archive:
        assert any("was missing" in notice for notice in archive.notices)
    fresh = tmp_path / "new" / "calls.sqlite3"
    with CallArchive(fresh) as archive:
        assert archive.notices == [], "a first start is not news"


def test_backups_rotate_keep_seven_and_skip_a_damaged_archive(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path, days=3, per_day=50)
    store = BackupStore.beside(path)
    clock = ManualClock(TEST_NOW)
    assert store.due(clock.now())
    for _ in range(9):
        store.make(path, clock.now())
        assert not store.due(clock.now())
        clock.advance(timedelta(days=1))
    backups = store.backups()
    assert len(backups) == 7
    assert backups[0].made == TEST_NOW + timedelta(days=8)
    assert sum(b.size for b in backups) > 0
    assert store.newest_good() == backups[0]
    with sqlite3.connect(backups[0].path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"

    damage(path, pages=6)
    with pytest.raises(ArchiveDamagedError):
        store.make(path, clock.now())
    assert store.backups() == backups, "a damaged archive never pushes out a good backup"
    damage(backups[0].path, pages=2)
    assert store.newest_good() == backups[1]


@pytest.mark.parametrize("looks_before_stopping", [0, 1])
def test_a_backup_stopped_on_the_way_leaves_nothing_and_keeps_the_older_ones(
    tmp_path: Path, looks_before_stopping: int
) -> None:
    # Quitting stops the day's backup: during the copy, or before the copy's check.
    path = tmp_path / "calls.sqlite3"
    filled(path, days=3, per_day=50)
    store = BackupStore.beside(path)
    older = store.make(path, TEST_NOW)
    looks = iter(range(looks_before_stopping + 1))

    def stopped() -> bool:
        return next(looks, None) is None

    with pytest.raises(BackupStopped):
        store.make(path, TEST_NOW + timedelta(days=1), stopped=stopped)
    assert store.backups() == [older]
    assert sorted(p.name for p in store.folder.iterdir()) == [older.path.name]


def test_a_backup_into_a_folder_that_cannot_hold_it_says_so(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path, days=1, per_day=10)
    (tmp_path / "backups").write_text("a file where the folder should be")
    with pytest.raises(StorageError) as caught:
        BackupStore.beside(path).make(path, TEST_NOW)
    assert caught.value.exit_code is ExitCode.STORAGE
    assert str(tmp_path / "backups") in caught.value.message


def test_salvage_keeps_every_readable_row_and_moves_the_damaged_file_aside(
    tmp_path: Path,
) -> None:
    path = tmp_path / "calls.sqlite3"
    stored = filled(path)
    with CallArchive(path) as archive:
        archive.dismiss_call_to_return("0671234567", TEST_NOW)
    damage_calls(path)
    damaged_bytes = path.read_bytes()
    assert not check(path).sound

    result = salvage(path, TEST_NOW)
    assert result.moved_aside.read_bytes() == damaged_bytes, "moved aside, never deleted"
    assert check(path).sound
    with CallArchive(path) as archive:
        saved = archive.count_calls(CallQuery())
        assert saved == result.calls_saved
        assert stored * 0.8 < saved < stored, (saved, stored)
        assert archive.check_integrity() == []
        # Searches work on the rebuilt parties.
        assert archive.count_calls(CallQuery(search="олена")) > 0
        # The last 30 days are fetched again; what the damage took before that is lost.
        reach = result.refetch_from
        assert reach is not None
        assert all(end <= reach for _, end in archive.coverage())
    assert result.rows_lost.get("calls") == -1
    assert result.lost, "the damaged pages' period is reported"
    for start, end in result.lost:
        assert start < end <= reach


def test_restore_puts_the_newest_good_backup_in_place(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    stored = filled(path)
    store = BackupStore.beside(path)
    store.make(path, TEST_NOW - timedelta(days=2))
    damage(path)
    backup = store.newest_good()
    assert backup is not None
    result = restore(path, backup, TEST_NOW)
    assert result.moved_aside.exists()
    assert result.moved_aside != path
    with CallArchive(path) as archive:
        assert archive.count_calls(CallQuery()) == stored
        assert not archive.needs_check()
        archive.record_sync(TEST_NOW)  # writable again in this process


def test_a_read_only_archive_reads_and_refuses_writes_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    stored = filled(path, days=2, per_day=10)
    before = path.read_bytes()
    with CallArchive(path, read_only=True) as archive:
        assert archive.count_calls(CallQuery()) == stored
        with pytest.raises(StorageError) as caught:
            archive.ensure_writable()
        assert caught.value.exit_code is ExitCode.STORAGE
    assert path.read_bytes() == before


def test_a_sync_on_a_damaged_archive_asks_the_api_for_nothing(
    tmp_path: Path, simulator: Any, clock: ManualClock
) -> None:
    from fmc_desktop.core.api.client import FmcClient
    from fmc_desktop.core.archive.sync import SyncEngine

    path = tmp_path / "calls.sqlite3"
    filled(path)
    damage_calls(path)
    leave_unclosed(path)
    before = path.read_bytes()
    with CallArchive(path, clock=clock) as archive:
        engine = SyncEngine(
            archive,
            lambda: FmcClient(simulator.base_url, simulator.token, clock=clock),
            clock=clock,
        )
        report = engine.sync()
    assert isinstance(report.error, ArchiveDamagedError)
    assert report.exit_code is ExitCode.STORAGE
    assert simulator.requests == [], "nothing fetched that could not be stored"
    assert path.read_bytes() == before


def test_a_file_being_set_up_by_another_process_is_not_taken_for_a_stranger(
    tmp_path: Path,
) -> None:
    # Found by a test that watched a syncing process's archive: the probe read the id before
    # the other process committed its set-up and the tables after it, and said the brand-new
    # archive was "another program's SQLite database".
    from fmc_desktop.core.archive.health import Health
    from fmc_desktop.core.archive.opening import configure
    from fmc_desktop.core.archive.schema import check_identity, identity, migrate

    path = tmp_path / "calls.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    configure(writer)  # WAL, as a process opening it for the first time has it
    probe = sqlite3.connect(path, isolation_level=None)

    def set_up_in_between(statement: str) -> None:
        if statement == "PRAGMA user_version":  # after the id was read, before the rest
            probe.set_trace_callback(None)
            migrate(writer, path, now=datetime(2026, 1, 1, tzinfo=UTC), health=Health())

    probe.set_trace_callback(set_up_in_between)
    found = identity(probe)
    check_identity(path, *found)  # raised "another program's SQLite database"
    assert found == (0, 0, 0)  # the file as it was when the reading began: empty, ours to set up
    assert identity(probe)[0] != 0  # and set up once it is read again
    probe.close()
    writer.close()
