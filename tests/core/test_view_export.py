"""Exporting the calls a view shows: the importer's layout, progress, Cancel, and failures that
leave nothing on disk."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.api.formats.csv_calls import csv_columns, write_csv
from fmc_desktop.core.api.formats.json_calls import write_json
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.history.batch import CallBatch, CallRow
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.view_export import (
    STEP,
    ExportCancelled,
    ExportProgress,
    export_view,
)
from tests.support.root_powers import obeying_file_permissions

FIRST = datetime(2024, 10, 26, 23, 30, tzinfo=KYIV)  # the night the clocks went back


def _records(count: int) -> list[CallRecord]:
    """Calls of every shape the table holds: with and without names and departments, extras
    that come and go, names a spreadsheet would run as formulas, a lone carriage return."""
    out = []
    for i in range(count):
        start = FIRST + timedelta(minutes=7 * i)
        extra: dict[str, str | int | bool | None] = {}
        if i % 5 == 1:
            extra["record_url"] = f"https://pbx.example/rec/{i}"
        if i % 7 == 3:
            extra["tag"] = i % 2 == 0
        out.append(
            CallRecord(
                start=start,
                end=start + timedelta(seconds=i % 90),
                calling_number=f"067{i % 997:07d}",
                called_number="+380441234500" if i % 3 else "0501234567",
                duration=i % 90 if i % 4 else 0,
                calling_name=None if i % 6 == 0 else ("=HYPERLINK(1)" if i == 8 else f"Олена {i}"),
                called_name="Sales\rteam" if i == 10 else None,
                called_department="Продажі" if i % 9 == 2 else None,
                extra=extra,
            )
        )
    return out


def _history(records: list[CallRecord]) -> CallHistory:
    rows: list[CallRow] = []
    for i, r in enumerate(records):
        rows.append(
            (
                i,
                int(r.start_utc.timestamp()),
                int(r.end.timestamp()),
                r.duration,
                r.calling_number,
                r.called_number,
                r.calling_name,
                r.called_name,
                r.calling_department,
                r.called_department,
                json.dumps(dict(r.extra), ensure_ascii=False) if r.extra else None,
            )
        )
    history = CallHistory()
    history.extend(CallBatch.from_rows(rows))
    return history


@pytest.fixture
def records() -> list[CallRecord]:
    return _records(5 * STEP + 17)


def test_csv_excel_csv_and_json_are_what_the_importers_layout_writes(
    records: list[CallRecord], tmp_path: Path
) -> None:
    history = _history(records)
    # A view: filtered, newest first, as the table may show it.
    shown = [i for i in range(len(records) - 1, -1, -1) if i % 4 != 2]
    expected = [history.record(i) for i in shown]
    for fmt, data in (
        ("csv", write_csv(expected)),
        ("excel-csv", write_csv(expected, excel=True)),
        ("json", write_json(expected)),
    ):
        path = tmp_path / f"view.{fmt}"
        assert export_view(history, shown, path, fmt) == len(shown)  # type: ignore[arg-type]
        assert path.read_bytes() == data, fmt
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_an_empty_view_writes_a_header_or_an_empty_list(tmp_path: Path) -> None:
    history = _history(_records(3))
    assert export_view(history, [], tmp_path / "none.json", "json") == 0
    assert (tmp_path / "none.json").read_bytes() == write_json([])
    assert export_view(history, [], tmp_path / "none.csv", "csv") == 0
    assert (tmp_path / "none.csv").read_bytes() == write_csv([])


def test_xlsx_has_a_row_per_call_under_the_same_header(
    records: list[CallRecord], tmp_path: Path
) -> None:
    history = _history(records)
    shown = list(range(0, len(records), 3))
    path = tmp_path / "view.xlsx"
    assert export_view(history, shown, path, "xlsx") == len(shown)
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header == csv_columns([history.record(i) for i in shown])
    assert sheet.max_row == len(shown) + 1


def test_progress_counts_up_to_every_call(records: list[CallRecord], tmp_path: Path) -> None:
    history = _history(records)
    heard: list[ExportProgress] = []
    export_view(history, range(len(records)), tmp_path / "v.csv", "csv", on_progress=heard.append)
    assert [p.done for p in heard] == sorted(p.done for p in heard)
    assert heard[-1] == ExportProgress(len(records), len(records))
    assert len(heard) == -(-len(records) // STEP)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_cancel_leaves_no_file_and_keeps_the_old_one(
    fmt: str, records: list[CallRecord], tmp_path: Path
) -> None:
    history = _history(records)
    heard: list[ExportProgress] = []
    fresh = tmp_path / f"new.{fmt}"
    with pytest.raises(ExportCancelled):
        export_view(
            history,
            range(len(records)),
            fresh,
            fmt,  # type: ignore[arg-type]
            on_progress=heard.append,
            cancelled=lambda: len(heard) >= 2,
        )
    assert len(heard) == 2  # it stopped at the next check, not at the end
    assert list(tmp_path.iterdir()) == []  # not even the temporary file
    old = tmp_path / f"old.{fmt}"
    old.write_bytes(b"yesterday's export")
    with pytest.raises(ExportCancelled):
        export_view(history, range(len(records)), old, fmt, cancelled=lambda: True)  # type: ignore[arg-type]
    assert old.read_bytes() == b"yesterday's export"
    assert list(tmp_path.iterdir()) == [old]


def test_a_folder_that_cannot_be_written_is_one_sentence_and_nothing_is_left(
    records: list[CallRecord], tmp_path: Path
) -> None:
    history = _history(records)
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        with obeying_file_permissions(), pytest.raises(FmcError) as refused:
            export_view(history, range(len(records)), locked / "calls.csv", "csv")
    finally:
        os.chmod(locked, 0o700)
    message = refused.value.message
    assert str(locked / "calls.csv") in message
    assert "pick another" in message  # and what to do about it
    assert "\n" not in message
    assert list(locked.iterdir()) == []


def test_the_apps_own_files_are_refused_before_any_work(tmp_path: Path) -> None:
    history = _history(_records(10))
    archive = tmp_path / "archive.sqlite3"
    archive.write_bytes(b"SQLite format 3\0")
    with pytest.raises(FmcError, match="own data files"):
        export_view(history, range(10), archive, "csv", [archive], cancelled=_never_asked)
    assert archive.read_bytes() == b"SQLite format 3\0"


def _never_asked() -> bool:
    raise AssertionError("the target is refused before the export starts")
