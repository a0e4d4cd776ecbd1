"""One job off the GUI thread: a worker QObject on its own QThread, answering only with signals.

For the short jobs of dialogs (a keyring call, "Test connection", a first look at the calls):
`run_in_thread(fn, on_done, on_error)` runs `fn()` on a new thread and calls `on_done(result)` or
`on_error(exception)` back on the GUI thread. The function must not touch a widget.

Every task is kept in a registry until its thread has finished, so a QThread is never destroyed
while it runs, and `shutdown_workers()` at quit can ask each to stop and wait for it. A job that
blocks in one long call (a read of the whole archive) registers what can cut that call short with
`interrupted_at_quit`, so quitting does not wait for the read to end.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from fmc_desktop.core.api.errors import FmcError

log = logging.getLogger(__name__)


class Interruptible(Protocol):
    """What a long blocking call can be cut short through, from another thread."""

    def interrupt(self) -> None: ...


_I = TypeVar("_I", bound=Interruptible)
_blocking: set[Interruptible] = set()  # added and removed on workers, interrupted at quit
_blocking_lock = threading.Lock()


@contextlib.contextmanager
def interrupted_at_quit(resource: _I) -> Iterator[_I]:
    """Within the block, `shutdown_workers` calls `resource.interrupt()` instead of waiting.

    A job that may start after quitting began checks its owner's stop flag once inside the
    block: registered first, it cannot miss the interrupt that comes with the flag.
    """
    with _blocking_lock:
        _blocking.add(resource)
    try:
        yield resource
    finally:
        with _blocking_lock:
            _blocking.discard(resource)


def interrupt_blocking_calls() -> None:
    """Cut short every long call registered with `interrupted_at_quit` (from any thread)."""
    with _blocking_lock:
        blocking = list(_blocking)
    for resource in blocking:
        resource.interrupt()


class Progress:
    """Handed to a job run with `run_with_progress`: report steps, and see whether to stop."""

    def __init__(self, report: Callable[[object], None], stop: threading.Event) -> None:
        self._report = report
        self._stop = stop

    def report(self, value: object) -> None:
        self._report(value)

    def cancelled(self) -> bool:
        return self._stop.is_set()


class _Worker(QObject):
    """Lives on the task's thread; runs the job once and says how it went."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    finished = Signal()

    def __init__(self, job: Callable[[Progress], object], stop: threading.Event) -> None:
        super().__init__()
        self._job = job
        self._stop = stop

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(Progress(self.progressed.emit, self._stop))
        except FmcError as error:
            self.failed.emit(error)
        except Exception as error:  # reported to the caller, who owns the user's attention
            log.exception("A background task failed")
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class Task(QObject):
    """A running job. Its signals arrive on the thread that started it (the GUI thread)."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    finished = Signal()

    def __init__(self, job: Callable[[Progress], object], name: str) -> None:
        super().__init__()
        self.name = name
        self._stop = threading.Event()
        self._done = False
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _Worker(job, self._stop)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.progressed.connect(self._on_worker_progressed)
        # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread, which
        # may itself be waiting for this thread (shutdown_workers).
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        _running.add(self)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (a job that never checks runs to its end)."""
        self._stop.set()

    def is_running(self) -> bool:
        return not self._done

    def wait(self, timeout_ms: int) -> bool:
        """Block until the thread has ended (for shutdown); True if it did."""
        finished = self._thread.wait(timeout_ms)
        if finished and not self._done:
            # The thread is gone, but its queued signals are not delivered yet.
            QCoreApplication.sendPostedEvents(self)
            self._on_thread_finished()
        return bool(finished)

    @Slot(object)
    def _on_worker_succeeded(self, result: object) -> None:
        self.succeeded.emit(result)

    @Slot(object)
    def _on_worker_failed(self, error: object) -> None:
        self.failed.emit(error)

    @Slot(object)
    def _on_worker_progressed(self, value: object) -> None:
        self.progressed.emit(value)

    @Slot()
    def _on_thread_finished(self) -> None:
        if self._done:
            return
        # `finished` leaves the thread just before it ends: let it end before anyone may drop
        # the last reference to it (a QThread destroyed while running aborts the process).
        self._thread.wait()
        self._done = True
        _running.discard(self)
        self.finished.emit()


# Tasks whose threads may still run; holding them here keeps Python from collecting a live thread.
_running: set[Task] = set()


def _start(
    job: Callable[[Progress], object],
    on_done: Callable[[Any], None] | None,
    on_error: Callable[[BaseException], None] | None,
    on_progress: Callable[[Any], None] | None,
    name: str,
) -> Task:
    task = Task(job, name)
    if on_done is not None:
        task.succeeded.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    task.start()
    return task


def run_in_thread(
    fn: Callable[[], object],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    name: str = "fmc-task",
) -> Task:
    """Run `fn()` on its own thread; `on_done(result)` or `on_error(exc)` on this thread.

    Pass slots of a QObject as the callbacks: a connection to a bound method of a QObject ends
    with that object, so a dialog closed meanwhile is not called back.
    """
    return _start(lambda _progress: fn(), on_done, on_error, None, name)


def run_with_progress(
    fn: Callable[[Progress], object],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    *,
    name: str = "fmc-task",
) -> Task:
    """Like run_in_thread, with `fn(progress)`: `progress.report(x)` reaches `on_progress(x)`."""
    return _start(fn, on_done, on_error, on_progress, name)


def running_tasks() -> list[Task]:
    return [task for task in _running if task.is_running()]


def shutdown_workers(timeout_ms: int = 5000) -> bool:
    """Ask every task to stop and wait for its thread; True when all of them ended.

    A job stuck in a blocking call (a keyring waiting for an unlock prompt) cannot be
    interrupted; such a task stays registered, so its QThread object outlives its thread.
    """
    all_ended = True
    for task in list(_running):
        task.cancel()
    interrupt_blocking_calls()
    # One budget for all of them: quitting must end in seconds, however many tasks hang.
    deadline = time.monotonic() + timeout_ms / 1000
    for task in list(_running):
        remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
        if not task.wait(remaining_ms):
            log.warning("Background task %s did not stop within %d ms", task.name, timeout_ms)
            all_ended = False
    return all_ended
