"""Loads the archive into the history model in the background, newest calls first.

The first page is small so the window shows the latest calls at once; the rest follows in larger
batches. Rows become column batches (`CallBatch`) on the loader's thread, so the GUI thread only
appends finished arrays.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.history.batch import CallBatch, CallRow

log = logging.getLogger(__name__)

FIRST_PAGE = 400  # a screenful or two: painted before the rest is read
# The GUI thread interns each batch's parties in Python, some 0.7 ms per 1,000 calls at a million:
# 10,000 calls keep an append near 10 ms, where 50,000 stalled the window for 40-140 ms
# (benchmarks/bench_gui_stall.py). Loading everything takes longer in smaller batches.
BATCH = 10_000


class HistoryLoadWorker(QObject):
    counted = Signal(int, int)  # calls in the archive, generation
    batch_loaded = Signal(object, int)  # CallBatch, generation
    finished = Signal(int, int)  # calls loaded, generation
    failed = Signal(object, int)  # FmcError, generation

    def __init__(self, archive_path: Path, archive_factory: Callable[[Path], CallArchive]) -> None:
        super().__init__()
        self._path = archive_path
        self._archive_factory = archive_factory
        self._stop = threading.Event()
        self._taken = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def batch_taken(self) -> None:
        """The GUI thread has appended (or dropped) the last batch (thread-safe)."""
        self._taken.set()

    @Slot(object, object, int)
    def load(self, since: datetime | None, known_ids: frozenset[int], generation: int) -> None:
        """Read calls that started at or after `since` (None: all), skipping `known_ids`."""
        self._stop.clear()
        loaded = 0
        try:
            with self._archive_factory(self._path) as archive:
                if since is None:
                    # A first page of the newest calls, painted before the rest is read.
                    page = next(iter(archive.iter_rows(CallQuery(), chunk=FIRST_PAGE)), [])
                    loaded += self._emit(page, frozenset(), generation)
                    if len(page) < FIRST_PAGE:
                        self.finished.emit(loaded, generation)
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
                for rows in archive.iter_rows(query, chunk=BATCH):
                    if self._stop.is_set():
                        break
                    loaded += self._emit(rows, known_ids, generation)
        except FmcError as exc:
            self.failed.emit(exc, generation)
            return
        self.finished.emit(loaded, generation)

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
            while not self._taken.wait(0.05) and not self._stop.is_set():
                pass
        return len(rows)


class HistoryLoader(QObject):
    """Owns the loader thread; hands finished batches of the current generation to the model."""

    counted = Signal(int)  # how many calls a full load is bringing, once its first page is in
    batch_loaded = Signal(object)  # CallBatch
    finished = Signal(int)
    failed = Signal(object)  # FmcError
    _load = Signal(object, object, int)

    def __init__(
        self,
        archive_path: Path,
        archive_factory: Callable[[Path], CallArchive] = CallArchive,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._generation = 0
        self._busy = False
        self._thread = QThread()
        self._thread.setObjectName("history-loader")
        self._worker = HistoryLoadWorker(archive_path, archive_factory)
        self._worker.moveToThread(self._thread)
        self._load.connect(self._worker.load)
        self._worker.counted.connect(self._on_worker_counted)
        self._worker.batch_loaded.connect(self._on_worker_batch_loaded)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._busy

    def load_all(self) -> int:
        """Start a fresh load; batches of any earlier load still in flight are dropped."""
        self._generation += 1
        self._worker.stop()
        self._busy = True
        self._load.emit(None, frozenset(), self._generation)
        return self._generation

    def load_since(self, since: datetime, known_ids: frozenset[int]) -> None:
        """Load calls added since a sync: those starting at or after `since` not yet shown."""
        self._busy = True
        self._load.emit(since, known_ids, self._generation)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        self._worker.stop()
        self._thread.quit()
        return bool(self._thread.wait(timeout_ms))

    @Slot(int, int)
    def _on_worker_counted(self, count: int, generation: int) -> None:
        if generation == self._generation:
            self.counted.emit(count)

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

    @Slot(int, int)
    def _on_worker_finished(self, count: int, generation: int) -> None:
        if generation == self._generation:
            self._busy = False
            self.finished.emit(count)

    @Slot(object, int)
    def _on_worker_failed(self, error: FmcError, generation: int) -> None:
        if generation == self._generation:
            self._busy = False
            self.failed.emit(error)
