"""Qt threads and timers a test left running: every start is noted, and what still runs is named.

A QThread still running when its test ends, or a QTimer still active (a single shot not yet
fired counts), fires into the next test or crashes the process at exit. napari's conftest
(`_dangling_qthreads`, `_dangling_qtimers`) showed the way: wrap QThread.start, QTimer.start and
QTimer.singleShot at class level for the test, and look at what they started when it ends.
Only weak references are kept, so a tracked object dies exactly when it would without the
tracking, and one whose C++ side was deleted (a timer owned by a deleted widget) is gone.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer

REPO_ROOT = Path(__file__).resolve().parents[2]
_OWN_CODE = (str(REPO_ROOT / "fmc_desktop"), str(REPO_ROOT / "tests"))
_THIS_FILE = str(Path(__file__).resolve())


def _started_where() -> str:
    """The first line of the project's own code (package or tests) on the way to the start."""
    caller = sys._getframe(2)
    frame: Any = caller
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(_OWN_CODE) and name != _THIS_FILE:
            return f"{Path(name).relative_to(REPO_ROOT)}:{frame.f_lineno}"
        frame = frame.f_back
    return f"{caller.f_code.co_filename}:{caller.f_lineno}"


def _alive(obj: QObject | None) -> bool:
    return obj is not None and shiboken6.isValid(obj)


@dataclass
class _SingleShot:
    where: str
    context: weakref.ReferenceType[QObject] | None
    fired: bool = False

    def pending(self) -> bool:
        if self.fired:
            return False
        # Qt drops a single shot whose context object was deleted: nothing is left to fire.
        return self.context is None or _alive(self.context())


@dataclass
class QtLeaks:
    """The threads and timers started while it was installed, and which still run."""

    threads: weakref.WeakKeyDictionary[QThread, str] = field(
        default_factory=weakref.WeakKeyDictionary
    )
    timers: weakref.WeakKeyDictionary[QTimer, str] = field(
        default_factory=weakref.WeakKeyDictionary
    )
    single_shots: list[_SingleShot] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        thread_start = QThread.start
        timer_start = QTimer.start
        single_shot: Any = QTimer.singleShot  # overloaded: the wrapper hands on any of its forms

        def start_thread(thread: QThread, *args: Any) -> None:
            self.threads[thread] = _started_where()
            thread_start(thread, *args)

        def start_timer(timer: QTimer, *args: Any) -> None:
            self.timers[timer] = _started_where()
            timer_start(timer, *args)

        def start_single_shot(msec: int, *args: Any) -> None:
            *before, target = args
            if not callable(target):
                # A receiver and a slot's name: Qt keeps it, and the project never writes it.
                single_shot(msec, *args)
                return
            context = before[0] if before and isinstance(before[0], QObject) else None
            if context is None and isinstance(getattr(target, "__self__", None), QObject):
                # PySide6 gives a QObject's bound method its object as context: keep that.
                context = target.__self__
                before = [context, *before]
            shot = _SingleShot(
                _started_where(), weakref.ref(context) if context is not None else None
            )
            self.single_shots.append(shot)

            def fire(*fired_args: Any) -> Any:
                shot.fired = True
                return target(*fired_args)

            single_shot(msec, *before, fire)

        monkeypatch.setattr(QThread, "start", start_thread)
        monkeypatch.setattr(QTimer, "start", start_timer)
        monkeypatch.setattr(QTimer, "singleShot", staticmethod(start_single_shot))

    def running(self) -> list[str]:
        """One line per thread or timer still running, with where it was started."""
        found = [
            f"QThread {thread.objectName()!r} started at {where} is still running"
            for thread, where in list(self.threads.items())
            if _alive(thread) and thread.isRunning()
        ]
        found += [
            f"QTimer started at {where} is still active"
            for timer, where in list(self.timers.items())
            if _alive(timer) and timer.isActive()
        ]
        found += [
            f"QTimer.singleShot at {shot.where} has not fired yet"
            for shot in self.single_shots
            if shot.pending()
        ]
        return found

    def stop(self) -> None:
        """Stop what still runs, so that one leaking test does not break the ones after it."""
        for timer in list(self.timers):
            if _alive(timer):
                timer.stop()
        for thread in list(self.threads):
            if _alive(thread) and thread.isRunning():
                thread.quit()
                thread.wait(5000)
        self.single_shots = [shot for shot in self.single_shots if not shot.pending()]


@contextmanager
def no_qt_leaks(monkeypatch: pytest.MonkeyPatch, settle: Callable[[], None]) -> Iterator[None]:
    """Fail the test if it leaves a QThread running or a QTimer active (after `settle()`)."""
    leaks = QtLeaks()
    leaks.install(monkeypatch)
    found: list[str] = []
    try:
        yield
    finally:
        # Stopped even when the test failed otherwise, so the tests after it start clean.
        if QCoreApplication.instance() is not None:
            settle()
            # What was handed to deleteLater is deleted now, with the timers it owns.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            found = leaks.running()
            leaks.stop()
    assert not found, "left running after the test:\n" + "\n".join(found)
