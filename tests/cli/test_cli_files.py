"""Files the commands write and read, as a script meets them: -o targets, import sources, formats.

Real subprocesses, real FIFOs, a real archive in a temporary home.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import stat
import subprocess
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.cli.test_cli_api import run_cli
from tests.conftest import PYTHON, cli_env
from tests.support.root_powers import is_root, without_root_powers

HEADER = "start_timestamp,end_timestamp,calling_number,called_number,duration,calling_name"
ROWS = [
    '2026-02-01 09:00:00,2026-02-01 09:01:35,0671234567,0501234567,95,=HYPERLINK("http://x")',
    "2026-02-01 10:00:00,2026-02-01 10:00:00,+380671234567,0501234567,0,@SUM(A1)",
    "2026-02-01 11:00:00,2026-02-01 11:00:07,0441234567,0501234567,7,-1+2",
    "2026-02-01 12:00:00,2026-02-01 12:00:00,0671234567,0501234567,0,Олена",
]


@pytest.fixture
def home(isolated_environment: Path) -> Path:
    return isolated_environment


@pytest.fixture
def filled(home: Path, tmp_path: Path) -> Path:
    """A home whose archive holds ROWS."""
    source = tmp_path / "seed.csv"
    body = io.StringIO(newline="")
    writer = csv.writer(body, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    for row in ROWS:
        writer.writerow(next(csv.reader([row])))
    source.write_text(body.getvalue(), encoding="utf-8")
    result = run_cli(home, "import", str(source))
    assert result.returncode == 0, result.stderr
    return home


def _archive_rows(home: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "data" / "calls.sqlite3") as db:
        return db.execute("SELECT * FROM calls ORDER BY id").fetchall()


def _one_line_exit_2(result: subprocess.CompletedProcess[str], says: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]


# --- -o PATH ------------------------------------------------------------------------------------


def test_export_streams_into_a_fifo_and_leaves_it_a_fifo(filled: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli(filled, "export", "--format", "csv", "-o", str(fifo))
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    text = received[0].decode()
    assert text.startswith("start_timestamp,")
    assert len(text.strip().splitlines()) == 1 + len(ROWS)


def test_export_onto_the_live_archive_is_refused_and_the_history_kept(filled: Path) -> None:
    before = _archive_rows(filled)
    for target in ("calls.sqlite3", "calls.sqlite3-wal"):
        result = run_cli(filled, "export", "--format", "csv", "-o", str(filled / "data" / target))
        _one_line_exit_2(result, "one of this app's own data files")
    settings = filled / "config" / "settings.json"
    _one_line_exit_2(
        run_cli(filled, "history", "--format", "json", "-o", str(settings)),
        "one of this app's own data files",
    )
    assert _archive_rows(filled) == before


def test_a_hard_link_to_the_archive_is_refused(filled: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.csv"
    os.link(filled / "data" / "calls.sqlite3", link)
    result = run_cli(filled, "export", "--format", "csv", "-o", str(link))
    _one_line_exit_2(result, "one of this app's own data files")


def test_a_folder_a_missing_folder_and_no_permission_are_one_line_and_exit_2(
    filled: Path, tmp_path: Path
) -> None:
    _one_line_exit_2(
        run_cli(filled, "export", "--format", "csv", "-o", str(tmp_path)), "is a folder"
    )
    _one_line_exit_2(
        run_cli(filled, "export", "--format", "json", "-o", str(tmp_path / "no" / "x.json")),
        "does not exist",
    )
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = subprocess.run(
            [PYTHON, "-m", "fmc_desktop", "export", "--format", "csv", "-o", str(locked / "x.csv")],
            env=cli_env(filled),
            input="",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            # As root (CI), the child drops the powers that ignore permissions.
            preexec_fn=without_root_powers if is_root() else None,
        )
        _one_line_exit_2(result, "no permission")
        assert not (locked / "x.csv").exists()
    finally:
        locked.chmod(0o700)


def test_an_export_replaces_a_regular_file_owner_only(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "calls.json"
    target.write_text("old")
    target.chmod(0o644)
    result = run_cli(filled, "export", "--format", "json", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_text().startswith("[")
    fresh = tmp_path / "new.xlsx"
    assert run_cli(filled, "export", "--format", "xlsx", "-o", str(fresh)).returncode == 0
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
    assert list(tmp_path.glob(".*.part")) == []


def test_export_to_dev_null_streams_and_leaves_the_device(filled: Path) -> None:
    result = run_cli(filled, "export", "--format", "csv", "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# --- import sources -----------------------------------------------------------------------------


def test_import_of_a_fifo_is_refused_at_once(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "calls.csv"
    os.mkfifo(fifo)
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop", "import", str(fifo)],
        env=cli_env(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        with open(fifo, "wb"):  # let it go: it was waiting for a writer
            pass
        process.kill()
        process.communicate()
        pytest.fail("import waited on the FIFO instead of refusing it")
    assert process.returncode == 2, stderr
    assert "not a regular file" in stderr
    assert time.monotonic() - started < 30


def test_an_empty_file_and_a_file_of_bad_rows_exit_2(home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run_cli(home, "import", str(empty))
    assert result.returncode == 2, result.stderr
    assert "is empty" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n2026-02-01 09:00:00,soon,1,2,ten,x\n")
    result = run_cli(home, "import", str(bad))
    assert result.returncode == 2, result.stderr
    assert "line 2" in result.stderr
    assert "no calls that could be read" in result.stderr


# --- spreadsheets -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "excel-csv"])
def test_csv_exports_neutralise_formulas_and_import_back_the_same(
    filled: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "calls.csv"
    result = run_cli(filled, "export", "--format", fmt, "-o", str(target))
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    delimiter = ";" if fmt == "excel-csv" else ","
    assert data.startswith(b"\xef\xbb\xbf") == (fmt == "excel-csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    names = [row[-1] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://x")', "'@SUM(A1)", "'-1+2", "Олена"]
    # A +digits number is a number to a spreadsheet, not a formula: left as it was written.
    assert rows[2][2] == "+380671234567"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "@", "-", "\t", "\r")), row

    before = _archive_rows(filled)
    again = run_cli(filled, "import", str(target))
    assert again.returncode == 0, again.stderr
    assert f"0 new, {len(ROWS)} already known" in again.stdout
    assert _archive_rows(filled) == before

    other = tmp_path / "other-home"
    fresh = run_cli(other, "import", str(target))
    assert fresh.returncode == 0, fresh.stderr
    assert [r[1:] for r in _archive_rows(other)] == [r[1:] for r in before]


def test_xlsx_export_is_typed_frozen_and_filtered(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "calls.xlsx"
    result = run_cli(filled, "export", "--format", "xlsx", "-o", str(target))
    assert result.returncode == 0, result.stderr
    book = load_workbook(target)
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADER.split(","))
    first = rows[1]
    assert first[0] == datetime(2026, 2, 1, 9, 0, 0)  # Kyiv wall time
    assert first[2] == "0671234567"  # text: the leading zero survives
    assert first[4] == timedelta(seconds=95)
    assert first[5] == '=HYPERLINK("http://x")'
    assert sheet["F2"].data_type == "s"  # a text cell, never a formula
    assert sheet["C2"].number_format == "@"
    assert sheet["E2"].number_format == "[h]:mm:ss"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:F{len(ROWS) + 1}"
    assert sheet.column_dimensions["A"].width >= 19


def test_more_calls_than_a_sheet_holds_are_refused_before_writing() -> None:
    from fmc_desktop.cli.api_commands import write_records
    from fmc_desktop.core.api.errors import InvalidInputError
    from fmc_desktop.core.api.formats.reading import parse_calls

    (record,) = parse_calls(f"{HEADER}\n{ROWS[3]}\n".encode(), "csv").records
    out = io.BytesIO()
    with pytest.raises(InvalidInputError, match="do not fit one Excel sheet"):
        write_records([record] * 1_048_576, "xlsx", out)
    assert out.getvalue() == b""
