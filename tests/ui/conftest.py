"""GUI tests must clean up: no visible window, worker task or thread may outlive its test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fmc_desktop.core.api.clock import ManualClock
    from fmc_desktop.simulator import Simulator
    from fmc_desktop.ui.dialing.dial_pad import DialPad
    from tests.ui.test_dialing import Harness


@pytest.fixture(autouse=True)
def nothing_left_behind(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Set up before pytest-qt's own fixtures, so it checks after they have closed their widgets."""
    from PySide6.QtWidgets import QApplication

    from tests.support.qt_leaks import no_qt_leaks

    app = QApplication.instance()
    before_widgets = set(QApplication.topLevelWidgets()) if app is not None else set()
    before_threads = {t.ident for t in threading.enumerate()}
    # Checked last, once the checks below have shut the worker tasks down and closed the windows.
    with no_qt_leaks(monkeypatch, settle=QApplication.processEvents):
        yield
        _no_task_window_or_thread_left(before_widgets, before_threads)


def _no_task_window_or_thread_left(
    before_widgets: AbstractSet[object], before_threads: AbstractSet[int | None]
) -> None:
    from PySide6.QtWidgets import QApplication

    from fmc_desktop.ui.shell.workers import running_tasks, shutdown_workers

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


# The dialing flow's harness, for every test of dialing (test_dialing, test_dial_risks,
# test_dialing_links): one teardown, so none of them can leave a confirmation or thread behind.
@pytest.fixture
def harness(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock, tmp_path: Path
) -> Iterator[Harness]:
    # Qt is imported when a test asks for it, as in the fixture above.
    from PySide6.QtWidgets import QApplication, QDialog

    from tests.ui.test_dialing import Harness, visible_top_levels

    test = Harness(simulator, clock, tmp_path)
    yield test
    # Nothing left behind: no open confirmation, no running dial thread, no window.
    assert test.controller.shutdown(5000)
    QApplication.processEvents()
    assert not [w for w in visible_top_levels() if isinstance(w, QDialog)]
    test.controller.deleteLater()


@pytest.fixture
def pad(qtbot: QtBot, harness: Harness) -> DialPad:
    from fmc_desktop.ui.dialing.dial_pad import DialPad

    widget = DialPad()
    qtbot.addWidget(widget)
    harness.controller.attach_dial_pad(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
