"""Jobs off the GUI thread: results, errors and progress come back as signals, on the GUI thread."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.errors import NetworkError
from fmc_desktop.ui.shell.workers import (
    Progress,
    interrupted_at_quit,
    run_in_thread,
    run_with_progress,
    running_tasks,
    shutdown_workers,
)


@pytest.fixture(autouse=True)
def no_task_left_behind(qtbot: QtBot) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not running_tasks(), timeout=5000)


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[object, bool]] = []
    gui = QThread.currentThread()

    def job() -> tuple[str, bool]:
        return "done", QThread.currentThread() is gui

    def on_done(result: object) -> None:
        seen.append((result, QThread.currentThread() is gui))

    task = run_in_thread(job, on_done)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == [(("done", False), True)]
    assert not task.is_running()


def test_the_projects_errors_arrive_as_they_were_raised(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def job() -> None:
        raise NetworkError("Could not reach the server.", host="example.org", reason="connect")

    task = run_in_thread(job, lambda _result: None, errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert len(errors) == 1
    assert isinstance(errors[0], NetworkError)
    assert errors[0].details["host"] == "example.org"


def test_an_unexpected_exception_is_reported_too(qtbot: QtBot) -> None:
    errors: list[BaseException] = []
    task = run_in_thread(lambda: 1 / 0, None, errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)


def test_progress_is_reported_and_a_cancel_is_seen_by_the_job(qtbot: QtBot) -> None:
    steps: list[object] = []
    release = threading.Event()

    def job(progress: Progress) -> str:
        progress.report(1)
        release.wait(5)
        progress.report(2)
        return "cancelled" if progress.cancelled() else "finished"

    results: list[object] = []
    task = run_with_progress(job, results.append, None, steps.append)
    qtbot.waitUntil(lambda: steps == [1], timeout=5000)
    task.cancel()
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert steps == [1, 2]
    assert results == ["cancelled"]


def test_shutdown_waits_for_every_running_task(qtbot: QtBot) -> None:
    release = threading.Event()
    started = threading.Event()

    def job(progress: Progress) -> None:
        started.set()
        while not progress.cancelled():
            release.wait(0.01)

    task = run_with_progress(job)
    assert started.wait(5)
    assert task in running_tasks()
    assert shutdown_workers(timeout_ms=5000) is True
    assert running_tasks() == []


def test_shutdown_reports_a_task_that_cannot_stop(qtbot: QtBot) -> None:
    release = threading.Event()
    started = threading.Event()

    def job() -> None:
        started.set()
        release.wait(10)  # a keyring waiting for an unlock prompt does not look at cancel

    task = run_in_thread(job)
    assert started.wait(5)
    assert shutdown_workers(timeout_ms=50) is False
    assert task in running_tasks()
    release.set()
    qtbot.waitUntil(lambda: not task.is_running(), timeout=5000)


def test_shutdown_interrupts_a_long_read_instead_of_waiting_for_it(qtbot: QtBot) -> None:
    started = threading.Event()
    failures: list[BaseException] = []

    def endless_read() -> object:
        connection = sqlite3.connect(":memory:", check_same_thread=False)

        def running() -> int:
            # Said from inside the query: an interrupt before a query starts is not kept.
            started.set()
            return 1

        connection.create_function("running", 0, running)
        try:
            with interrupted_at_quit(connection):
                return connection.execute(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                    " SELECT count(*) FROM n WHERE running()"
                ).fetchone()
        finally:
            connection.close()

    run_in_thread(endless_read, on_error=failures.append, name="endless")
    assert started.wait(5)
    began = time.monotonic()
    assert shutdown_workers(timeout_ms=5000) is True
    assert time.monotonic() - began < 1.0
    assert len(failures) == 1
    assert isinstance(failures[0], sqlite3.OperationalError)
