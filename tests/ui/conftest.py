"""GUI tests must clean up: no visible window, worker task or thread may outlive its test."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def nothing_left_behind() -> Iterator[None]:
    """Set up before pytest-qt's own fixtures, so it checks after they have closed their widgets."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    before_widgets = set(QApplication.topLevelWidgets()) if app is not None else set()
    before_threads = {t.ident for t in threading.enumerate()}
    yield
    from fmc_desktop.ui.workers import running_tasks, shutdown_workers

    app = QApplication.instance()
    if app is None:
        return
    app.processEvents()
    leftover_tasks = running_tasks()
    shutdown_workers()  # clean up anyway, so one failure does not cascade
    assert not leftover_tasks, f"worker tasks still running after the test: {leftover_tasks}"
    windows = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w not in before_widgets and w.isWindow()
    ]
    for window in windows:
        window.close()
    assert not windows, f"windows left open after the test: {windows}"
    threads = [
        t
        for t in threading.enumerate()
        if t.ident not in before_threads and t.is_alive() and not t.daemon
    ]
    assert not threads, f"threads still running after the test: {threads}"
