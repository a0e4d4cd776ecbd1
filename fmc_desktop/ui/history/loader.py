"""Loads the archive into the history model in the background, newest calls first.

With a snapshot of the history's columns beside the archive (core/history/snapshot.py) that
still describes it, every call it holds is handed over at once, memory-mapped, and only calls
stored since are read from the archive. Without one (the first start, or the archive changed),
a small first page shows the latest calls at once and the rest follows in larger batches; then
a fresh snapshot is written on this thread, so the next start is quick again.

Rows become column batches (`CallBatch`) on the loader's thread, so the GUI thread only appends
finished arrays.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.history.batch import CallBatch, CallRow
from fmc_desktop.core.history.filters import HistoryFilter, Scope
from fmc_desktop.core.history.snapshot import (
    SnapshotContent,
    SnapshotUnusable,
    read_snapshot,
    snapshot_folder,
    write_snapshot,
)
from fmc_desktop.ui.shell import bench_markers

if TYPE_CHECKING:
    from fmc_desktop.core.history.columns import CallHistory

log = logging.getLogger(__name__)

FIRST_PAGE = 400  # a screenful or two: painted before the rest is read
# The GUI thread interns each batch's parties in Python, some 0.7 ms per 1,000 calls at a million:
# 10,000 calls keep an append near 10 ms, where 50,000 stalled the window for 40-140 ms
# (benchmarks/bench_gui_stall.py). Loading everything takes longer in smaller batches.
BATCH = 10_000
# A snapshot is written again once the history holds this many calls it does not (a sync of a
# busy week, an import): below it, reading them from the archive at a start costs under a second.
STALE_AFTER = 50_000


class HistoryLoadWorker(QObject):
    counted = Signal(int, int)  # calls in the archive, generation
    based = Signal(object, int)  # SnapshotContent, generation: every call it holds, at once
    batch_loaded = Signal(object, int)  # CallBatch, generation
    finished = Signal(int, int, object)  # calls loaded, generation, change stamp (or None)
    failed = Signal(object, int)  # FmcError, generation
    snapshot_written = Signal(int, float)  # calls it holds, seconds it took
    snapshot_failed = Signal(str)  # why it could not be written (an OSError's text)

    def __init__(self, archive_path: Path, archive_factory: Callable[[Path], CallArchive]) -> None:
        super().__init__()
        self._path = archive_path
        self._snapshots = snapshot_folder(archive_path)
        self._archive_factory = archive_factory
        self._stop = threading.Event()
        self._taken = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def batch_taken(self) -> None:
        """The GUI thread has appended (or dropped) the last batch (thread-safe)."""
        self._taken.set()

    @Slot(object, object, int, object)
    def load(
        self,
        since: datetime | None,
        known_ids: frozenset[int],
        generation: int,
        first_page: CallQuery | None = None,
    ) -> None:
        """Read calls that started at or after `since` (None: all), skipping `known_ids`.

        `first_page`: the calls the window's view shows, read first when there is no snapshot
        (None: the newest calls of the whole archive)."""
        self._stop.clear()
        loaded = 0
        stamp: str | None = None
        try:
            with self._archive_factory(self._path) as archive:
                stamp = archive.change_stamp()
                if since is None:
                    base = self._snapshot(stamp)
                    if base is not None:
                        self.finished.emit(
                            self._load_after(archive, base, generation), generation, stamp
                        )
                        return
                    if first_page is not None:
                        loaded += self._load_view_first(archive, first_page, generation)
                        self.finished.emit(loaded, generation, stamp)
                        return
                    # A first page of the newest calls, painted before the rest is read.
                    page = next(iter(archive.iter_rows(CallQuery(), chunk=FIRST_PAGE)), [])
                    loaded += self._emit(page, frozenset(), generation)
                    if len(page) < FIRST_PAGE:
                        self.finished.emit(loaded, generation, stamp)
                        return
                    # Counted after the first page, so the count never delays the first paint.
                    self.counted.emit(archive.count_calls(CallQuery()), generation)
                    # Then everything older. The page's oldest second may hold calls on both
                    # sides of the cut: ask for that second again and skip what was sent.
                    oldest = page[-1][1]
                    query = CallQuery(end=datetime.fromtimestamp(oldest + 1, UTC))
                    known_ids = frozenset(row[0] for row in page if row[1] == oldest)
                else:
                    query = CallQuery(start=since)
                loaded += self._emit_all(archive, query, known_ids, generation)
        except FmcError as exc:
            self.failed.emit(exc, generation)
            return
        self.finished.emit(loaded, generation, stamp)

    def _load_view_first(self, archive: CallArchive, view: CallQuery, generation: int) -> int:
        """The newest calls of the window's view, then every call but those.

        The newest calls of the whole PBX hold about one of the user's own in 300: "my calls,
        last 30 days" would stay empty until a later batch (1.2 s at a million calls)."""
        page = next(iter(archive.iter_rows(view, chunk=FIRST_PAGE)), [])
        loaded = self._emit(page, frozenset(), generation)
        self.counted.emit(archive.count_calls(CallQuery()), generation)
        shown = frozenset(row[0] for row in page)
        return loaded + self._emit_all(archive, CallQuery(), shown, generation)

    def _snapshot(self, stamp: str | None) -> SnapshotContent | None:
        if stamp is None:
            return None
        try:
            return read_snapshot(self._snapshots, stamp)
        except SnapshotUnusable as why:
            # Never trusted, never fatal: the archive is read instead, and a new one written.
            log.info("history snapshot not used: %s", why)
            return None

    def _load_after(self, archive: CallArchive, base: SnapshotContent, generation: int) -> int:
        """Hand over the snapshot's calls, then read those stored since from the archive."""
        self._taken.clear()
        self.based.emit(base, generation)
        self._wait_taken()
        highest = base.highest_id
        # Ids are start * 4096 + n, so an import of older calls lands below the highest: the
        # ids up to it are counted (cheap) and only listed when the count says some are new.
        since = highest // 4096
        skip: frozenset[int] = frozenset()
        if archive.count_up_to(highest) != base.count:
            stored = np.asarray(archive.call_ids_up_to(highest), dtype=np.int64)
            added = np.setdiff1d(stored, base.columns["call_ids"], assume_unique=True)
            if len(added):
                since = min(since, int(added[0]) // 4096)
            ids = base.columns["call_ids"]
            skip = frozenset(ids[ids >= since * 4096].tolist())
        else:
            skip = frozenset(range(since * 4096, highest + 1))
        self.counted.emit(archive.count_calls(CallQuery()), generation)
        query = CallQuery(start=datetime.fromtimestamp(since, UTC))
        return base.count + self._emit_all(archive, query, skip, generation)

    def _emit_all(
        self, archive: CallArchive, query: CallQuery, skip: frozenset[int], generation: int
    ) -> int:
        loaded = 0
        for rows in archive.iter_rows(query, chunk=BATCH):
            if self._stop.is_set():
                break
            loaded += self._emit(rows, skip, generation)
        return loaded

    @Slot(object)
    def save_snapshot(self, content: SnapshotContent) -> None:
        """Write the history's snapshot (on this thread: seconds of disk, off the window's)."""
        started = time.perf_counter()
        try:
            write_snapshot(self._snapshots, content)
        except OSError as error:
            log.warning("history snapshot not written: %s", error.strerror or error)
            self.snapshot_failed.emit(str(error.strerror or error))
            return
        self.snapshot_written.emit(content.count, time.perf_counter() - started)

    def _emit(self, rows: list[CallRow], skip: frozenset[int], generation: int) -> int:
        if skip:
            rows = [row for row in rows if row[0] not in skip]
        if rows:
            batch = CallBatch.from_rows(rows)
            self._taken.clear()
            self.batch_loaded.emit(batch, generation)
            # Build the next batch only once the GUI thread has appended this one: both are
            # Python work under one interpreter lock, and competing for it made each append
            # take several times its 5-10 ms, every one of them a stall of the window.
            self._wait_taken()
        return len(rows)

    def _wait_taken(self) -> None:
        while not self._taken.wait(0.05) and not self._stop.is_set():
            pass


class HistoryLoader(QObject):
    """Owns the loader thread; hands finished batches of the current generation to the model."""

    counted = Signal(int)  # how many calls a full load is bringing, once its first page is in
    based = Signal(object)  # SnapshotContent: the first calls of a full load, all at once
    batch_loaded = Signal(object)  # CallBatch
    finished = Signal(int)
    failed = Signal(object)  # FmcError
    snapshot_failed = Signal(str)  # the snapshot cannot be written (said once per loader)
    _load = Signal(object, object, int, object)
    _save = Signal(object)

    def __init__(
        self,
        archive_path: Path,
        archive_factory: Callable[[Path], CallArchive] = CallArchive,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._generation = 0
        self._busy = False
        # The change stamp the current full load started from, and how many of its calls the
        # snapshot on disk holds (None: there is no usable one).
        self._stamp: str | None = None
        self._snapshot_covers: int | None = None
        self._snapshot_refused = False
        self._full_load = False
        self._loads_in_flight = 0  # asked of the worker, not yet finished or failed
        self._thread = QThread()
        self._thread.setObjectName("history-loader")
        self._worker = HistoryLoadWorker(archive_path, archive_factory)
        self._worker.moveToThread(self._thread)
        self._load.connect(self._worker.load)
        self._worker.counted.connect(self._on_worker_counted)
        self._worker.based.connect(self._on_worker_based)
        self._worker.batch_loaded.connect(self._on_worker_batch_loaded)
        self._save.connect(self._worker.save_snapshot)
        self._worker.snapshot_written.connect(self._on_worker_snapshot_written)
        self._worker.snapshot_failed.connect(self._on_worker_snapshot_failed)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._busy

    def load_all(self, first_page: CallQuery | None = None) -> int:
        """Start a fresh load; batches of any earlier load still in flight are dropped.

        `first_page`: what the window shows, loaded first if there is no snapshot (see
        `first_page_for`)."""
        self._generation += 1
        self._worker.stop()
        self._busy = True
        self._stamp = None
        self._snapshot_covers = None
        self._full_load = True
        self._loads_in_flight += 1
        self._load.emit(None, frozenset(), self._generation, first_page)
        return self._generation

    def load_since(self, since: datetime, known_ids: frozenset[int]) -> None:
        """Load calls added since a sync: those starting at or after `since` not yet shown."""
        self._busy = True
        self._loads_in_flight += 1
        self._load.emit(since, known_ids, self._generation, None)

    def save_snapshot(self, history: CallHistory) -> bool:
        """Write a snapshot of `history` in the background if the one on disk is missing, stale
        or holds markedly fewer calls (see `STALE_AFTER`); True if one is being written.

        Only after a full load has finished: its stamp is the archive's state the history
        shows. A change since then makes the stamp an old one, and the snapshot is rebuilt at
        the next start rather than trusted."""
        if self._loads_in_flight or self._stamp is None or not len(history):
            # A load still to come (a sync's calls, read after the full load) would be missing
            # from it: the next start would read them again. Asked again when it finishes.
            return False
        covers = self._snapshot_covers
        if covers is not None and len(history) - covers < STALE_AFTER:
            return False
        self._snapshot_covers = len(history)  # asked once; a failure is said once
        self._save.emit(history.snapshot_content(self._stamp))
        return True

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        self._worker.stop()
        self._thread.quit()
        return bool(self._thread.wait(timeout_ms))

    @Slot(int, int)
    def _on_worker_counted(self, count: int, generation: int) -> None:
        if generation == self._generation:
            self.counted.emit(count)

    @Slot(object, int)
    def _on_worker_based(self, base: SnapshotContent, generation: int) -> None:
        try:
            if generation == self._generation:
                self._snapshot_covers = base.count
                self.based.emit(base)
                gc.freeze()  # see _on_worker_batch_loaded
        finally:
            self._worker.batch_taken()

    @Slot(int, float)
    def _on_worker_snapshot_written(self, count: int, seconds: float) -> None:
        log.info("history snapshot written: %d calls in %.2f s", count, seconds)
        if bench_markers.enabled():
            bench_markers.mark(f"history snapshot written: {count} calls in {seconds:.3f} s")

    @Slot(str)
    def _on_worker_snapshot_failed(self, why: str) -> None:
        if not self._snapshot_refused:
            self._snapshot_refused = True
            self.snapshot_failed.emit(why)

    @Slot(object, int)
    def _on_worker_batch_loaded(self, batch: CallBatch, generation: int) -> None:
        try:
            if generation == self._generation:
                self.batch_loaded.emit(batch)
                # The history now holds this batch's parties for good. While it grows, the
                # cyclic collector's full passes walk every one of them, 30-90 ms each with the
                # interpreter lock held, three times per million calls: freezing what is alive
                # now keeps those passes to what is new. Frozen objects are still freed by
                # reference counting as usual.
                gc.freeze()
        finally:
            self._worker.batch_taken()

    @Slot(int, int, object)
    def _on_worker_finished(self, count: int, generation: int, stamp: str | None) -> None:
        self._loads_in_flight -= 1  # every load ends in finished or failed, whatever its generation
        if generation == self._generation:
            self._busy = False
            if self._full_load:
                self._full_load = False
                self._stamp = stamp
                if stamp is None and count:
                    # Only an archive opened read-only has no count of its changes yet.
                    self._on_worker_snapshot_failed("the archive is read-only")
            self.finished.emit(count)

    @Slot(object, int)
    def _on_worker_failed(self, error: FmcError, generation: int) -> None:
        self._loads_in_flight -= 1
        if generation == self._generation:
            self._busy = False
            self.failed.emit(error)


def first_page_for(flt: HistoryFilter, own_numbers: frozenset[str]) -> CallQuery | None:
    """The archive query for the calls `flt` shows first (None: the newest of all calls).

    Only what narrows the rows a lot is asked of SQL (the period, the user's own numbers); the
    page is then a superset of the view's newest rows, and the history filters it as usual."""
    numbers = own_numbers if flt.scope is Scope.MINE and own_numbers else None
    if numbers is None and flt.start is None and flt.end is None:
        return None
    return CallQuery(
        start=None if flt.start is None else datetime.fromtimestamp(flt.start, UTC),
        end=None if flt.end is None else datetime.fromtimestamp(flt.end, UTC),
        numbers=numbers,
    )
