"""Background sync: a worker on its own QThread runs the archive's SyncEngine.

The GUI thread never waits on the network: it asks for a sync, and progress, the report and
failures come back only as signals. The worker opens its own archive connection on its thread
(SQLite connections belong to the thread that made them) and closes it when the sync ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from fmc_desktop.core.sync import SyncEngine, SyncProgress, SyncReport

log = logging.getLogger(__name__)

# Builds an engine (with its own archive connection) on the worker thread; the caller closes
# the archive through the engine when done.
EngineFactory = Callable[[], SyncEngine]


class SyncWorker(QObject):
    """Runs one sync at a time on the thread it was moved to."""

    progressed = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncReport
    failed = Signal(str)  # an unexpected error's text (a bug): the report could not be made

    def __init__(self, engine_factory: EngineFactory) -> None:
        super().__init__()
        self._engine_factory = engine_factory
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the running sync to stop before its next request (thread-safe)."""
        self._cancel.set()

    @Slot(bool)
    def run(self, automatic: bool) -> None:
        self._cancel.clear()
        engine: SyncEngine | None = None
        try:
            engine = self._engine_factory()
            report = engine.sync(
                on_progress=self.progressed.emit,
                cancelled=self._cancel.is_set,
                automatic=automatic,
            )
        except Exception as exc:  # never let a bug kill the thread silently
            log.exception("sync failed unexpectedly")
            self.failed.emit(type(exc).__name__)
            return
        finally:
            if engine is not None:
                engine.archive.close()
        self.finished.emit(report)


class SyncController(QObject):
    """Owns the sync thread and the timer; the window and the tray talk to this."""

    started = Signal(bool)  # automatic
    progressed = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncReport
    failed = Signal(str)
    _run = Signal(bool)

    def __init__(self, engine_factory: EngineFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("sync")
        self._worker = SyncWorker(engine_factory)
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        self._running = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self, *, automatic: bool = False) -> bool:
        """Start a sync unless one is running; True if one was started."""
        if self._running or not self._thread.isRunning():
            return False
        self._running = True
        self.started.emit(automatic)
        self._run.emit(automatic)
        return True

    def set_interval(self, minutes: int) -> None:
        """Sync automatically every `minutes` (0 or less: never)."""
        if minutes > 0:
            self._timer.start(minutes * 60_000)
        else:
            self._timer.stop()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop the timer, cancel a running sync between requests, and end the thread.

        A request that hangs is not waited for past `timeout_ms`: the caller cuts it
        (FmcClient.abort_all) and, if the thread still runs, must not destroy it (False).
        """
        self._timer.stop()
        self._worker.cancel()
        self._thread.quit()
        done = self._thread.wait(timeout_ms)
        if not done:
            log.warning("the sync thread did not stop within %d ms", timeout_ms)
        return bool(done)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.sync_now(automatic=True)

    @Slot(object)
    def _on_worker_progressed(self, progress: SyncProgress) -> None:
        self.progressed.emit(progress)

    @Slot(object)
    def _on_worker_finished(self, report: SyncReport) -> None:
        self._running = False
        self.finished.emit(report)

    @Slot(str)
    def _on_worker_failed(self, text: str) -> None:
        self._running = False
        self.failed.emit(text)
