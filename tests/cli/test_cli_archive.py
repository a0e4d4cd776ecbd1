"""The archive's commands as a script would run them: sync, history, export, import, forget."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli_api import run_cli


@pytest.fixture
def home(isolated_environment: Path) -> Path:
    return isolated_environment


def _synced(home: Path, sim: Any) -> None:
    result = run_cli(home, "--base-url", sim.base_url, "sync", token=sim.token, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "new calls" in result.stdout
    assert "Complete in the archive:" in result.stdout


def _count(home: Path) -> int:
    with sqlite3.connect(home / "data" / "calls.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM calls").fetchone()[0])


def test_sync_fills_the_archive_and_a_second_sync_finds_nothing_new(
    home: Path, live_simulator: Any
) -> None:
    sim = live_simulator
    _synced(home, sim)
    stored = _count(home)
    assert stored > 1000
    again = run_cli(home, "--base-url", sim.base_url, "sync", token=sim.token)
    assert again.returncode == 0, again.stderr
    assert _count(home) == stored, "overlapping windows keep one row per call"


def test_sync_with_a_rejected_token_says_so(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    result = run_cli(home, "--base-url", sim.base_url, "sync", token="ef" * 32)
    assert result.returncode == 3
    assert "rejected" in result.stderr
    assert "ef" * 32 not in result.stderr + result.stdout


def test_history_reads_the_archive_without_the_network(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    _synced(home, sim)
    result = run_cli(home, "--base-url", "http://127.0.0.1:9", "history", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == _count(home)
    # Oldest first, as `calls` writes them (compared loosely: wall times repeat in October).
    assert rows[0]["start_timestamp"] < rows[-1]["start_timestamp"]
    name = next(r["calling_name"] for r in rows if r.get("calling_name"))
    found = run_cli(home, "history", "--search", name.split()[-1].lower(), "--format", "json")
    assert found.returncode == 0, found.stderr
    matches = json.loads(found.stdout)
    assert matches
    assert len(matches) < len(rows)
    table = run_cli(home, "history", "--days", "2")
    assert table.returncode == 0
    assert table.stdout.rstrip().endswith("calls")


def test_an_export_imports_back_unchanged(home: Path, live_simulator: Any, tmp_path: Path) -> None:
    sim = live_simulator
    _synced(home, sim)
    stored = _count(home)
    for fmt in ("csv", "json"):
        target = tmp_path / f"calls.{fmt}"
        exported = run_cli(home, "export", "--format", fmt, "-o", str(target))
        assert exported.returncode == 0, exported.stderr
        assert f"Exported {stored} calls" in exported.stdout
        # Into the same archive: every call is already known.
        same = run_cli(home, "import", str(target))
        assert same.returncode == 0, same.stderr
        assert f"0 new, {stored} already known, 0 rejected" in same.stdout
        # Into a fresh archive: every call is new, and exporting again gives the same bytes.
        other = tmp_path / f"other-{fmt}"
        fresh = run_cli(other, "import", str(target))
        assert fresh.returncode == 0, fresh.stderr
        assert f"{stored} new, 0 already known" in fresh.stdout
        again = tmp_path / f"again.{fmt}"
        assert run_cli(other, "export", "--format", fmt, "-o", str(again)).returncode == 0
        assert again.read_bytes() == target.read_bytes()


def test_an_import_with_bad_rows_keeps_the_good_ones(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "portal.csv"
    source.write_text(
        "\ufeffstart_timestamp;end_timestamp;calling_number;called_number;duration\r\n"
        "2024-10-27 03:50:00;2024-10-27 03:10:00;0671234567;0441111111;1200\r\n"
        "2024-10-27 09:00:00;2024-10-27 09:01:00;0671234567;0441111111;abc\r\n"
        "2024-10-27 10:00:00;2024-10-27 10:00:30;380671234567;0441111111;30\r\n",
        encoding="utf-8",
    )
    result = run_cli(home, "import", str(source))
    assert result.returncode == 1
    assert "2 new, 0 already known, 1 rejected" in result.stdout
    assert "line 3" in result.stderr
    assert _count(home) == 2
    history = json.loads(run_cli(home, "history", "--format", "json").stdout)
    # The call across the autumn change is 20 minutes long, read by its duration.
    assert history[0]["start_timestamp"] == "2024-10-27 03:50:00"
    assert history[0]["end_timestamp"] == "2024-10-27 03:10:00"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run_cli(home, "import", str(broken), str(source))
    assert result.returncode == 1
    assert "broken.json" in result.stderr
    assert "0 new, 2 already known" in result.stdout


def test_forget_asks_and_says_how_many_went(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "calls.json"
    source.write_text(
        json.dumps(
            [
                {
                    "start_timestamp": f"2024-0{m}-10 10:00:00",
                    "end_timestamp": f"2024-0{m}-10 10:01:00",
                    "calling_number": "0671234567",
                    "called_number": "0441111111",
                    "duration": 60,
                }
                for m in (1, 2, 3)
            ]
        ),
        encoding="utf-8",
    )
    assert run_cli(home, "import", str(source)).returncode == 0
    no_terminal = run_cli(home, "forget", "--before", "2024-03-01")
    assert no_terminal.returncode == 2
    assert _count(home) == 3
    forgotten = run_cli(home, "forget", "--before", "2024-03-01", "--yes")
    assert forgotten.returncode == 0, forgotten.stderr
    assert "Deleted 2 calls" in forgotten.stdout
    assert _count(home) == 1
    nothing = run_cli(home, "forget", "--before", "2024-03-01", "--yes")
    assert "No calls before" in nothing.stdout


def test_a_foreign_file_is_never_overwritten(home: Path) -> None:
    archive = home / "data" / "calls.sqlite3"
    archive.parent.mkdir(parents=True, exist_ok=True)
    archive.write_bytes(b"my thesis, not a database" * 100)
    before = archive.read_bytes()
    result = run_cli(home, "history")
    assert result.returncode != 0
    assert "left untouched" in result.stderr
    assert archive.read_bytes() == before


@pytest.mark.parametrize("typed", ["067–123", "067/123", "Alexander", "Szewczenko"])
def test_history_search_takes_any_separator_and_common_spellings(home: Path, typed: str) -> None:
    from datetime import UTC, datetime, timedelta

    from fmc_desktop.core.api.kyiv import from_utc
    from fmc_desktop.core.api.records import CallRecord
    from fmc_desktop.core.archive.store import CallArchive

    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    people = [("0671234567", "Олександр Шевченко"), ("0501112233", "Олена Коваль")]
    with CallArchive(home / "data" / "calls.sqlite3") as archive:
        archive.add_calls(
            CallRecord(
                from_utc(start + timedelta(minutes=i)),
                from_utc(start + timedelta(minutes=i, seconds=20)),
                number,
                "0671112233",
                20,
                calling_name=name,
            )
            for i, (number, name) in enumerate(people)
        )
    found = run_cli(home, "history", "--search", typed, "--format", "json")
    assert found.returncode == 0, found.stderr
    assert [row["calling_number"] for row in json.loads(found.stdout)] == ["0671234567"]
