"""The window with a history snapshot: written after the first load, used at the next start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.history.filters import HistoryFilter, Scope
from fmc_desktop.core.history.snapshot import (
    MANIFEST,
    SnapshotUnusable,
    read_snapshot,
    snapshot_folder,
)
from fmc_desktop.core.system.paths import AppPaths
from tests.core.test_history_snapshot import BASE, _call
from tests.ui.test_main_window import Window, _build, _close
from tests.ui.test_main_window import paths as paths  # the fixture, shared


@pytest.fixture
def start(qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths) -> Iterator[Any]:
    """Starts the window (again and again, like the app), each closed after the test."""
    windows: list[Window] = []

    def started() -> Window:
        w = _build(simulator, clock, paths, simulator.token)
        qtbot.addWidget(w.window)
        windows.append(w)
        return w

    yield started
    for w in windows:
        _close(w)


def _fill(paths: AppPaths, first: int, count: int) -> None:
    with CallArchive(paths.archive_file) as archive:
        archive.add_calls([_call(i) for i in range(first, first + count)])


def _loaded(qtbot: QtBot, w: Window) -> list[str]:
    """Load the history; what was handed over at once (a snapshot) or in batches."""
    how: list[str] = []
    w.loader.based.connect(lambda _base: how.append("snapshot"))
    w.loader.batch_loaded.connect(lambda _batch: how.append("batch"))
    with qtbot.waitSignal(w.loader.finished, timeout=60_000):
        w.window.load_history()
    return how


def _snapshot_written(qtbot: QtBot, paths: AppPaths, count: int) -> None:
    folder = snapshot_folder(paths.archive_file)

    def holds() -> bool:
        with CallArchive(paths.archive_file) as archive:
            stamp = archive.change_stamp()
        assert stamp is not None
        try:
            assert read_snapshot(folder, stamp).count == count
        except SnapshotUnusable as why:
            raise AssertionError(str(why)) from None
        return True

    qtbot.waitUntil(holds, timeout=30_000)


def test_the_second_start_has_every_call_at_once_and_the_newer_ones(
    qtbot: QtBot, start: Any, paths: AppPaths, qtmodeltester: Any
) -> None:
    _fill(paths, 0, 900)
    first = start()
    assert "snapshot" not in _loaded(qtbot, first)
    _snapshot_written(qtbot, paths, 900)
    shown = [first.window.model.record(row) for row in range(first.window.model.rowCount())]

    _fill(paths, 900, 25)  # a sync's calls, stored after the snapshot
    second = start()
    how = _loaded(qtbot, second)
    assert how[0] == "snapshot"
    assert how.count("batch") == 1  # only the 25 newer calls came from the archive
    model = second.window.model
    assert len(model.history) == 925
    qtmodeltester.check(model)
    again = [model.record(row) for row in range(model.rowCount())]
    assert [r for r in again if r in shown] == shown
    assert not second.window.load_status.isVisible()


def test_a_damaged_snapshot_is_read_from_the_archive_and_rebuilt(
    qtbot: QtBot, start: Any, paths: AppPaths
) -> None:
    _fill(paths, 0, 500)
    _loaded(qtbot, start())
    _snapshot_written(qtbot, paths, 500)
    folder = snapshot_folder(paths.archive_file)
    column = next(folder.glob("*.start.npy"))
    data = bytearray(column.read_bytes())
    data[-1] ^= 0xFF
    column.write_bytes(bytes(data))

    w = start()
    assert "snapshot" not in _loaded(qtbot, w)
    assert len(w.window.model.history) == 500
    _snapshot_written(qtbot, paths, 500)


def test_a_snapshot_that_cannot_be_written_is_said_once(
    qtbot: QtBot, start: Any, paths: AppPaths
) -> None:
    _fill(paths, 0, 50)
    snapshot_folder(paths.archive_file).write_text("in the way")  # as a read-only disk would
    w = start()
    messages: list[str] = []
    w.window.statusBar().messageChanged.connect(messages.append)
    _loaded(qtbot, w)
    qtbot.waitUntil(lambda: any("could not be saved for a quick start" in m for m in messages))
    assert len(w.window.model.history) == 50
    _fill(paths, 50, 60_000 // 1000)
    with qtbot.waitSignal(w.loader.finished, timeout=60_000):
        w.window.load_history()
    qtbot.wait(200)
    assert sum("could not be saved" in m for m in messages) == 1


def test_the_status_bar_says_the_results_are_partial_until_every_call_is_in(
    qtbot: QtBot, start: Any, paths: AppPaths
) -> None:
    _fill(paths, 0, 1500)
    w = start()
    w.window.show()
    said: list[tuple[str, int]] = []
    label = w.window.load_status
    w.loader.counted.connect(
        lambda _n: said.append(
            (label.text() if label.isVisible() else "", len(w.window.model.history))
        )
    )
    # A search typed while the rest is loading covers every call once the load ends.
    every = HistoryFilter(text="олена", scope=Scope.PBX)
    w.loader.counted.connect(lambda _n: w.window.model.set_filter(every))
    _loaded(qtbot, w)
    model = w.window.model
    assert model.history_filter == every
    assert model.rowCount() == len(model.history.select(every)) > 400
    locale = QLocale()
    # The first page is the view's (my calls, last 30 days): none of these calls.
    assert said == [
        (
            f"Loading the history: {locale.toString(0)} of {locale.toString(1500)} calls; "
            "search and sort cover these so far.",
            0,
        )
    ]
    assert not label.isVisible()
    assert len(w.window.model.history) == 1500


def test_the_snapshot_file_names_are_not_shown_to_anyone_else(
    qtbot: QtBot, start: Any, paths: AppPaths
) -> None:
    _fill(paths, 0, 20)
    _loaded(qtbot, start())
    _snapshot_written(qtbot, paths, 20)
    assert (snapshot_folder(paths.archive_file) / MANIFEST).stat().st_mode & 0o077 == 0


def test_without_a_snapshot_the_first_page_is_the_views_own_calls(
    qtbot: QtBot, start: Any, paths: AppPaths, clock: Any
) -> None:
    """The newest calls of the whole PBX may hold none of the user's: their calls come first."""
    w = start()
    own = w.services.settings.own_numbers[0]
    now = clock.now()
    with CallArchive(paths.archive_file) as archive:
        archive.add_calls([_call(i, at=now - timedelta(minutes=i + 1)) for i in range(1500)])
        archive.add_calls(
            [
                CallRecord(now - timedelta(days=d + 1), now - timedelta(days=d + 1), own, "101", 0)
                for d in range(5)
            ]
        )
    rows_after_batch: list[int] = []
    w.loader.batch_loaded.connect(lambda _b: rows_after_batch.append(w.window.model.rowCount()))
    _loaded(qtbot, w)
    assert rows_after_batch[0] == 5  # the first page alone already fills the view
    assert len(w.window.model.history) == 1505


def test_the_snapshot_waits_for_the_loads_still_to_come(qtbot: QtBot, paths: AppPaths) -> None:
    """A sync's calls, read after the full load, are in the snapshot: not read again next time."""
    from fmc_desktop.core.history.columns import CallHistory
    from fmc_desktop.ui.history.loader import HistoryLoader

    _fill(paths, 0, 300)
    loader = HistoryLoader(paths.archive_file)
    history = CallHistory()
    asked: list[bool] = []
    loader.based.connect(history.load_base)
    loader.batch_loaded.connect(history.extend)
    loader.finished.connect(lambda _n: asked.append(loader.save_snapshot(history)))
    try:
        with qtbot.waitSignals([loader.finished, loader.finished], timeout=30_000):
            loader.load_all()
            _fill(paths, 300, 20)  # stored while the full load runs, as a sync's calls are
            loader.load_since(_call(300).start_utc, frozenset())
        qtbot.waitUntil(lambda: len(asked) == 2)
        assert asked == [False, True]
        assert len(history) == 320
        _snapshot_written(qtbot, paths, 320)
    finally:
        assert loader.shutdown()


def test_an_archive_that_cannot_count_its_changes_is_said_once(
    qtbot: QtBot, paths: AppPaths
) -> None:
    """Opened read-only before this version set up its count: no snapshot, and the user is told."""
    import sqlite3

    from fmc_desktop.ui.history.loader import HistoryLoader

    _fill(paths, 0, 30)
    with sqlite3.connect(paths.archive_file) as connection:  # as an older release left it
        connection.execute("DROP TRIGGER calls_updated_count")
        connection.execute("DROP TRIGGER calls_deleted_count")
        connection.execute("DELETE FROM meta WHERE key = 'calls_changed'")
    connection.close()
    loader = HistoryLoader(
        paths.archive_file, archive_factory=lambda p: CallArchive(p, read_only=True)
    )
    said: list[str] = []
    loader.snapshot_failed.connect(said.append)
    try:
        for _ in range(2):
            with qtbot.waitSignal(loader.finished, timeout=30_000):
                loader.load_all()
        assert said == ["the archive is read-only"]
        assert not snapshot_folder(paths.archive_file).exists()
    finally:
        assert loader.shutdown()


def test_older_calls_imported_after_the_snapshot_show_up_too(
    qtbot: QtBot, start: Any, paths: AppPaths
) -> None:
    """Ids are start * 4096 + n: an import of older calls lands below the snapshot's highest id."""
    _fill(paths, 0, 200)
    _loaded(qtbot, start())
    _snapshot_written(qtbot, paths, 200)
    with CallArchive(paths.archive_file) as archive:
        older = [_call(i, at=BASE - timedelta(days=3, minutes=i)) for i in range(7)]
        archive.add_calls([*older, _call(5000)])
        expected = sorted(row[1] for rows in archive.iter_rows(CallQuery()) for row in rows)
    w = start()
    how = _loaded(qtbot, w)
    assert how[0] == "snapshot"
    history = w.window.model.history
    assert len(history) == 208
    assert sorted(int(s) for s in history.start) == expected
