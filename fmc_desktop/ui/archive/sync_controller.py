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

from fmc_desktop.core.archive.quick_check import DEFAULT_INTERVAL_SECONDS, QuickCheckSchedule
from fmc_desktop.core.archive.sync import SyncEngine, SyncProgress, SyncReport

log = logging.getLogger(__name__)

# Builds an engine (with its own archive connection) on the worker thread; the caller closes
# the archive through the engine when done.
EngineFactory = Callable[[], SyncEngine]


class SyncWorker(QObject):
    """Runs one sync at a time on the thread it was moved to."""

    progressed = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncReport
    failed = Signal(str)  # an unexpected error's text (a bug): the report could not be made
    quick_checked = Signal(object)  # SyncReport of a quick check for missed calls

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

    @Slot()
    def run_quick(self) -> None:
        engine: SyncEngine | None = None
        try:
            engine = self._engine_factory()
            report = engine.quick_check()
        except Exception as exc:  # never let a bug kill the thread silently
            log.exception("the quick check failed unexpectedly")
            self.failed.emit(type(exc).__name__)
            return
        finally:
            if engine is not None:
                engine.archive.close()
        self.quick_checked.emit(report)


class SyncController(QObject):
    """Owns the sync thread and the timer; the window and the tray talk to this."""

    started = Signal(bool)  # automatic
    progressed = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncReport
    failed = Signal(str)
    # Every quick check for missed calls, done or skipped; one that brought calls or found the
    # token rejected is also sent as `finished`, so the window and notifications need nothing new.
    quick_checked = Signal(object)
    _run = Signal(bool)
    _run_quick = Signal()

    def __init__(
        self,
        engine_factory: EngineFactory,
        parent: QObject | None = None,
        *,
        away: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("sync")
        self._worker = SyncWorker(engine_factory)
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._run_quick.connect(self._worker.run_quick)
        self._worker.quick_checked.connect(self._on_worker_quick_checked)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        self._running = False
        self._shut_down = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        # The quick check for missed calls (core.quick_check); off until set_quick_interval.
        self._away = away or (lambda: False)
        self.quick = QuickCheckSchedule(interval_seconds=0)
        self._quick_running = False
        self._manual_waiting = False
        self._quick_timer = QTimer(self)
        self._quick_timer.setSingleShot(True)
        self._quick_timer.timeout.connect(self.check_if_due)

    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self, *, automatic: bool = False) -> bool:
        """Start a sync unless one is running; True if one was started."""
        if self._quick_running and not automatic:
            # A quick check takes a moment: the sync the user asked for follows it.
            self._manual_waiting = True
            return True
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
            self.quick.ceiling_seconds = minutes * 60
        else:
            self._timer.stop()
        self._schedule_quick()

    def set_quick_interval(self, seconds: int = DEFAULT_INTERVAL_SECONDS) -> None:
        """Check the last few minutes every `seconds` (at least 30; 0 turns the check off)."""
        self.quick = QuickCheckSchedule(
            interval_seconds=seconds, ceiling_seconds=self.quick.ceiling_seconds
        )
        self._schedule_quick()

    def quick_delay_ms(self) -> int | None:
        """When the next quick check is due, for the status line and tests; None when off."""
        return self._quick_timer.remainingTime() if self._quick_timer.isActive() else None

    def _schedule_quick(self) -> None:
        if self.quick.enabled and self._timer.isActive():
            self._quick_timer.start(self.quick.next_delay() * 1000)
        else:
            self._quick_timer.stop()

    def quick_check_now(self) -> bool:
        """Start a quick check unless a sync or a check is running; True if one was started."""
        if self._running or not self._thread.isRunning():
            return False
        self._running = self._quick_running = True
        self._run_quick.emit()
        return True

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop the timer, cancel a running sync between requests, and end the thread.

        A request that hangs is not waited for past `timeout_ms`: the caller cuts it
        (FmcClient.abort_all) and, if the thread still runs, must not destroy it (False).
        """
        # What the cut sync still reports arrives after this: it must not start the timers,
        # nor the window's and the app's follow-up reads, again on a closing app.
        self._shut_down = True
        self._timer.stop()
        self._quick_timer.stop()
        self._worker.cancel()
        self._thread.quit()
        done = self._thread.wait(timeout_ms)
        if not done:
            log.warning("the sync thread did not stop within %d ms", timeout_ms)
        return bool(done)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.sync_now(automatic=True)

    @Slot()
    def check_if_due(self) -> None:
        """The quick timer's tick: a check now, unless the user is away or a sync runs."""
        if self._away():
            # Nobody to tell: look again later, and let the full sync catch up on return.
            self._schedule_quick()
            return
        if not self.quick_check_now():
            self._schedule_quick()

    @Slot(object)
    def _on_worker_quick_checked(self, report: SyncReport) -> None:
        if self._shut_down:
            return
        self._running = self._quick_running = False
        if report.error is not None:
            self.quick.failed()
            log.info("quick check failed (%s); next in %d s", report.error, self.quick.next_delay())
        elif not report.skipped:
            self.quick.succeeded()
        self._schedule_quick()
        self.quick_checked.emit(report)
        if report.new or report.updated or report.token_rejected:
            self.finished.emit(report)
        if self._manual_waiting:
            self._manual_waiting = False
            self.sync_now(automatic=False)

    @Slot(object)
    def _on_worker_progressed(self, progress: SyncProgress) -> None:
        if self._shut_down:
            return
        self.progressed.emit(progress)

    @Slot(object)
    def _on_worker_finished(self, report: SyncReport) -> None:
        if self._shut_down:
            return
        self._running = False
        self._schedule_quick()  # a sync just asked for everything: the next check can wait
        self.finished.emit(report)

    @Slot(str)
    def _on_worker_failed(self, text: str) -> None:
        if self._shut_down:
            return
        self._running = self._quick_running = False
        self._schedule_quick()
        self.failed.emit(text)
