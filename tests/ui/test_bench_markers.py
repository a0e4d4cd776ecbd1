"""The timing markers benchmarks/bench_startup.py reads, and the loader's count of what comes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.ui.shell import bench_markers
from tests.ui.test_main_window import Window, _build, _close, _sync


@pytest.fixture
def paths(simulator: Any) -> AppPaths:
    paths = AppPaths.resolve().ensure()
    user = canonical(simulator.company.user.number)
    SettingsStore(paths.settings_file).save(
        Settings(
            base_url=simulator.base_url,
            own_numbers=[user],
            call_as=user,
            company_numbers=[canonical(n) for n in simulator.company.numbers],
        )
    )
    return paths


def _synced_and_loaded(qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths) -> Window:
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    w.window.show()
    qtbot.waitExposed(w.window)
    return w


def test_the_markers_say_when_rows_are_painted_and_all_is_loaded(
    qtbot: QtBot,
    simulator: Any,
    clock: Any,
    paths: AppPaths,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(bench_markers.ENV, "1")
    w = _synced_and_loaded(qtbot, simulator, clock, paths)
    said = ""
    try:
        report = _sync(qtbot, w)
        counts: list[int] = []
        w.loader.counted.connect(counts.append)
        with qtbot.waitSignal(w.loader.finished, timeout=30_000):
            w.window.load_history()

        def painted() -> bool:
            nonlocal said
            said += capfd.readouterr().err
            return bench_markers.FIRST_ROWS_PAINTED in said

        qtbot.waitUntil(painted, timeout=5_000)
    finally:
        _close(w)
    assert f"{bench_markers.PREFIX}{bench_markers.SYNC_FINISHED}: {report.new}" in said
    assert f"{bench_markers.PREFIX}{bench_markers.HISTORY_LOADED}: {report.new}" in said
    # More calls than one first page: the loader counted them before reading the rest.
    assert counts == [report.new]
    assert len(w.window.model.history) == report.new


def test_without_the_variable_the_window_says_nothing(
    qtbot: QtBot,
    simulator: Any,
    clock: Any,
    paths: AppPaths,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(bench_markers.ENV, raising=False)
    w = _synced_and_loaded(qtbot, simulator, clock, paths)
    try:
        _sync(qtbot, w)
        with qtbot.waitSignal(w.loader.finished, timeout=30_000):
            w.window.load_history()
        # A marker would follow the next paint of the table, on a zero timer.
        w.window.history_view.viewport().repaint()
        QApplication.processEvents()
    finally:
        _close(w)
    assert bench_markers.PREFIX not in capfd.readouterr().err
