"""Notes, tags and call keys as a script uses them: history's `call` key, note, tag, forget."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_cli_api import run_cli

CALLS = [
    {
        "start_timestamp": f"2024-03-{day:02d} 10:00:00",
        "end_timestamp": f"2024-03-{day:02d} 10:01:00",
        "calling_number": "0671234567" if day % 2 else "0441111111",
        "called_number": "0441111111" if day % 2 else "0671234567",
        "duration": 60 if day != 3 else 0,
        **({"calling_name": "Olena Petrenko"} if day == 1 else {}),
    }
    for day in (1, 2, 3)
]


@pytest.fixture
def home(isolated_environment: Path, tmp_path: Path) -> Path:
    source = tmp_path / "calls.json"
    source.write_text(json.dumps(CALLS), encoding="utf-8")
    result = run_cli(isolated_environment, "import", str(source))
    assert result.returncode == 0, result.stderr
    return isolated_environment


def _history(home: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli(home, "history", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_history_prints_each_calls_key_in_every_format(home: Path) -> None:
    rows = _history(home)
    keys = [str(r["call"]) for r in rows]
    assert len(set(keys)) == 3
    assert all(len(k) == 12 for k in keys)
    # Every field of the API is still there, as the API wrote it.
    assert [{k: v for k, v in r.items() if k != "call"} for r in rows] == CALLS
    table = run_cli(home, "history")
    assert table.returncode == 0, table.stderr
    header = table.stdout.splitlines()[0].split()
    assert header[-1] == "call"
    assert all(k in table.stdout for k in keys)
    text = run_cli(home, "history", "--format", "csv")
    assert [r["call"] for r in csv.DictReader(io.StringIO(text.stdout))] == keys


def test_history_output_imported_again_changes_nothing(home: Path, tmp_path: Path) -> None:
    before = _history(home)
    for fmt in ("json", "csv"):
        target = tmp_path / f"history.{fmt}"
        assert run_cli(home, "history", "--format", fmt, "-o", str(target)).returncode == 0
        again = run_cli(home, "import", str(target))
        assert again.returncode == 0, again.stderr
        assert "0 new, 3 already known" in again.stdout
    assert _history(home) == before
