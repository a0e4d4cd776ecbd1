"""The GUI tests' cleanup check bites: a test that leaves a Qt thread or timer running fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import cli_env

# The real check, as the GUI tests' conftest applies it, over a few tiny tests.
CONFTEST = """
from tests.ui.conftest import nothing_left_behind  # noqa: F401
"""

TESTS = """import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer

kept = []


def test_leaves_a_thread_and_a_timer_running(qtbot):
    thread = QThread()
    thread.start()  # runs its event loop until told to quit
    timer = QTimer()
    timer.start(60_000)
    kept.extend([thread, timer])


def test_leaves_a_single_shot_pending(qtbot):
    QTimer.singleShot(60_000, lambda: None)


def test_stops_what_it_starts(qtbot):
    thread = QThread()
    thread.start()
    timer = QTimer()
    timer.start(60_000)
    QTimer.singleShot(0, timer.stop)
    qtbot.waitUntil(lambda: not timer.isActive())
    thread.quit()
    assert thread.wait(5000)


def test_a_deleted_owner_takes_its_timers_along(qtbot):
    owner = QObject()
    timer = QTimer(owner)
    timer.start(60_000)
    QTimer.singleShot(60_000, owner, lambda: None)
    kept.append(timer)
    shiboken6.delete(owner)


def test_a_timer_handed_to_delete_later_is_gone(qtbot):
    owner = QObject()
    QTimer(owner).start(60_000)
    owner.deleteLater()
"""


def test_a_running_thread_and_active_timers_fail_their_test(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(TESTS, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-o",
            "qt_api=pyside6",
            "--rootdir",
            str(tmp_path),
            "-q",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=cli_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    # Each test passes; the two that leak then fail in their teardown, and only they do.
    assert "5 passed, 2 errors" in out, out
    errors = [line for line in out.splitlines() if line.startswith("ERROR ")]
    assert [line.split(" - ")[0] for line in errors] == [
        "ERROR test_tiny.py::test_leaves_a_thread_and_a_timer_running",
        "ERROR test_tiny.py::test_leaves_a_single_shot_pending",
    ], out
    started = tmp_path / "test_tiny.py"
    assert f"QThread '' started at {started}:9 is still running" in out, out
    assert f"QTimer started at {started}:11 is still active" in out, out
    assert f"QTimer.singleShot at {started}:16 has not fired yet" in out, out
