"""The window's call files: import on a worker with progress and Cancel, "Export this view"."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.system.paths import AppPaths
from tests.ui.gui_clock import ticking
from tests.ui.test_main_window import Window, _build, _close, _sync

HEADER = "start_timestamp,end_timestamp,calling_number,called_number,duration,calling_name"


@pytest.fixture
def window(
    qtbot: QtBot, simulator: Any, clock: Any, isolated_environment: Path
) -> Iterator[Window]:
    paths = AppPaths.resolve().ensure()
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    w.window.show()
    yield w
    _close(w)


def _call_files(folder: Path, files: int, calls: int) -> list[Path]:
    paths = []
    for f in range(files):
        lines = [HEADER]
        for i in range(calls):
            n = f * calls + i
            day, rest = divmod(n, 86_400)
            hour, rest = divmod(rest, 3600)
            minute, second = divmod(rest, 60)
            stamp = f"2025-03-{1 + day:02d} {hour:02d}:{minute:02d}:{second:02d}"
            lines.append(f"{stamp},{stamp},067{n:07d},0501234567,0,=cmd|'/c calc'!A{n}")
        path = folder / f"calls-{f}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_an_import_runs_off_the_gui_thread_and_reloads_the_history(
    qtbot: QtBot, window: Window, tmp_path: Path
) -> None:
    files = _call_files(tmp_path, 2, 40_000)
    timer, gaps = ticking()
    try:
        running = window.window.import_call_files(files)
        assert running is not None
        assert running.dialog.isVisible()
        with (
            qtbot.waitSignal(running.finished, timeout=120_000) as done,
            qtbot.waitSignal(window.loader.finished, timeout=120_000),
        ):
            pass
    finally:
        timer.stop()
    report = done.args[0]
    assert (report.new, report.rejected, report.cancelled) == (80_000, 0, False)
    assert running.summary is not None
    assert "80000 new calls" in running.summary.text()
    running.summary.close()
    assert not running.dialog.isVisible()
    assert window.services.archive.count_calls(CallQuery()) == 80_000
    # The window answered all along (the import took it away for seconds when it ran here).
    assert len(gaps) > 20
    assert max(gaps) < 1000


def test_cancel_stops_the_import_between_pieces_and_keeps_what_was_read(
    qtbot: QtBot, window: Window, tmp_path: Path
) -> None:
    files = _call_files(tmp_path, 6, 40_000)
    running = window.window.import_call_files(files)
    assert running is not None
    qtbot.waitUntil(lambda: running.dialog.value() > 0, timeout=120_000)
    assert "calls so far" in running.dialog.labelText()
    (cancel_button,) = running.dialog.findChildren(QPushButton)
    with qtbot.waitSignal(running.finished, timeout=120_000) as done:
        cancel_button.click()
    report = done.args[0]
    assert report.cancelled
    assert 0 < report.new < 240_000
    assert len(report.files) < 6
    assert running.summary is not None
    assert "cancelled" in running.summary.text()
    running.summary.close()
    assert window.services.archive.count_calls(CallQuery()) == report.new


def test_export_this_view_writes_csv_and_xlsx_owner_only(
    qtbot: QtBot, window: Window, tmp_path: Path
) -> None:
    _sync(qtbot, window)
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.window.load_history()
    shown = window.window.model.rowCount()
    assert shown > 0

    target = tmp_path / "view.csv"
    running = window.window.export_view_to(target, "excel-csv")
    assert running is not None
    with qtbot.waitSignal(running.finished, timeout=60_000) as done:
        pass
    assert done.args[0] == shown
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == shown + 1

    book_path = tmp_path / "view.xlsx"
    running = window.window.export_view_to(book_path, "xlsx")
    assert running is not None
    with qtbot.waitSignal(running.finished, timeout=60_000) as done:
        pass
    assert done.args[0] == shown
    assert stat.S_IMODE(os.stat(book_path).st_mode) == 0o600
    sheet = load_workbook(book_path).active
    assert sheet is not None
    assert sheet.max_row == shown + 1
    assert sheet.freeze_panes == "A2"
