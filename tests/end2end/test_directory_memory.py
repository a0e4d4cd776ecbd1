"""The reads of a whole big archive stay in bounded memory, in a real process.

The app reads every call's parties once at start (the contact search's directory and call
activity). Grouped by SQLite in memory with a 64 MB page cache, that read kept 120 MB at 1M
calls after it had finished; the calls to return, read on the app's long-lived connection,
kept 66 MB. benchmarks/bench_memory.py measures the whole app. Here 200k calls, and a budget
per call that a Python object per call (50+ bytes each) would break.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fmc_desktop.core.api.kyiv import format_api
from fmc_desktop.core.archive.call_import import import_files
from fmc_desktop.core.archive.store import CallArchive
from tests.conftest import REPO_ROOT, cli_env

CALLS = 200_000
# Peak growth of the read, per call in the archive. Measured: about 35 bytes (a few MB of
# page cache and the answers); the in-memory grouping took about 200.
BUDGET_BYTES_PER_CALL = 80
# What the calls to return keep on the app's long-lived connection, per call. Measured: 9
# bytes; with the connection's 64 MB cache filling up, 31 here (69 at 1M calls).
KEPT_BY_CALLS_TO_RETURN_PER_CALL = 15

READER = """
import sys, threading
from pathlib import Path
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.store import CallArchive

def status():
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {key: int(fields[key].split()[0]) * 1024 for key in ("RssAnon", "VmHWM")}

before = status()
answers = []

def read():
    # On a worker thread with a connection of its own, as the app's refresh_directory reads.
    with CallArchive(Path(sys.argv[1])) as archive:
        answers.append((archive.directory_entries(), archive.call_activity()))

def walk():
    # Every call in chunks, on a worker thread, as the history's loader reads them.
    with CallArchive(Path(sys.argv[1])) as archive:
        answers.append((sum(len(rows) for rows in archive.iter_rows(CallQuery())), ()))

if sys.argv[2] == "rows":
    worker = threading.Thread(target=walk)
    worker.start()
    worker.join()
    counts = answers[0][0], 0
elif sys.argv[2] == "directory":
    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    entries, activity = answers[0]
    counts = len(entries), len(activity)
else:
    # On the connection the app keeps open all along, as the window reads them.
    with CallArchive(Path(sys.argv[1])) as archive:
        counts = len(archive.calls_to_return([sys.argv[2]])), 0
        after = status()
if sys.argv[2] in ("directory", "rows"):
    after = status()
grew = after["VmHWM"] - before["VmHWM"], after["RssAnon"] - before["RssAnon"]
print(*counts, *grew)
"""


def _write_calls(path: Path) -> None:
    """CALLS calls between 300 named staff and 20,000 outside numbers, in the API's fields."""
    start = datetime(2025, 1, 1, 6, 0, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "start_timestamp",
                "end_timestamp",
                "calling_number",
                "called_number",
                "duration",
                "calling_name",
                "called_name",
                "calling_department",
                "called_department",
            ]
        )
        for i in range(CALLS):
            begin = start + timedelta(seconds=97 * i)
            member = f"067{i % 300:07d}"
            other = f"050{i * 7919 % 20_000:07d}"
            name, department = f"Співробітник {i % 300}", f"Відділ {i % 300 % 7}"
            when = (format_api(begin), format_api(begin + timedelta(seconds=i % 600)))
            if i % 2:
                writer.writerow([*when, member, other, i % 600, name, "", department, ""])
            else:
                writer.writerow([*when, other, member, i % 600, "", name, "", department])


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    source, archive_path = folder / "calls.csv", folder / "calls.sqlite3"
    _write_calls(source)
    with CallArchive(archive_path) as archive:
        assert import_files(archive, [source]).new == CALLS
    source.unlink()
    return archive_path


def _read(archive: Path, what: str, home: Path) -> tuple[int, int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", READER, str(archive), what],
        cwd=REPO_ROOT,
        env=cli_env(home),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    first, second, peak_growth, kept = (int(x) for x in done.stdout.split())
    return first, second, peak_growth, kept


@pytest.mark.slow
def test_the_directory_read_of_200k_calls_peaks_within_a_budget_per_call(
    big_archive: Path, tmp_path: Path
) -> None:
    entries, numbers, peak_growth, kept = _read(big_archive, "directory", tmp_path / "home")
    assert entries == 300
    assert numbers == 20_300
    assert peak_growth < BUDGET_BYTES_PER_CALL * CALLS, peak_growth / CALLS
    assert kept < BUDGET_BYTES_PER_CALL * CALLS, kept / CALLS


@pytest.mark.slow
def test_the_calls_to_return_of_200k_calls_keep_within_a_budget_per_call(
    big_archive: Path, tmp_path: Path
) -> None:
    # Staff member 0 misses every 600th call; its caller is listed unless it got through since.
    entries, _, peak_growth, kept = _read(big_archive, "0670000000", tmp_path / "home")
    assert entries > 0
    assert peak_growth < BUDGET_BYTES_PER_CALL * CALLS, peak_growth / CALLS
    assert kept < KEPT_BY_CALLS_TO_RETURN_PER_CALL * CALLS, kept / CALLS


@pytest.mark.slow
def test_reading_every_call_of_200k_keeps_no_page_cache_behind(
    big_archive: Path, tmp_path: Path
) -> None:
    # Measured: a 27 MB peak (the chunk of 20,000 rows read at a time) and 7 MB kept after;
    # with the connection's 64 MB cache filling up, 47 MB and 24 MB.
    calls, _, peak_growth, kept = _read(big_archive, "rows", tmp_path / "home")
    assert calls == CALLS
    assert peak_growth < 180 * CALLS, peak_growth / CALLS
    assert kept < 60 * CALLS, kept / CALLS
