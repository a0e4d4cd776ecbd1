"""The worklist as a script uses it: list, claim, snooze, done, undo, and their exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_cli_api import run_cli

ME = "0671111111"
CLIENT = "0501234567"
SUPPLIER = "0931112233"


def _call(start: str, calling: str, called: str, duration: int, **extra: str) -> dict[str, object]:
    assert duration < 60  # the end is the start with the seconds replaced
    return {
        "start_timestamp": start,
        "end_timestamp": start[:-2] + f"{duration:02d}",
        "calling_number": calling,
        "called_number": called,
        "duration": duration,
        **extra,
    }


CALLS = [
    _call("2024-03-10 10:00:00", CLIENT, ME, 0, calling_name="Olena Petrenko"),
    _call("2024-03-10 10:05:00", CLIENT, ME, 0),
    _call("2024-03-10 10:20:00", ME, CLIENT, 0),
    _call("2024-03-10 11:00:00", SUPPLIER, ME, 0),
    _call("2024-03-10 11:30:00", ME, SUPPLIER, 40),
]


@pytest.fixture
def home(isolated_environment: Path, tmp_path: Path) -> Path:
    source = tmp_path / "calls.json"
    source.write_text(json.dumps(CALLS), encoding="utf-8")
    assert run_cli(isolated_environment, "import", str(source)).returncode == 0
    assert run_cli(isolated_environment, "config", "own_numbers", ME).returncode == 0
    assert run_cli(isolated_environment, "config", "display_name", "Olena").returncode == 0
    return isolated_environment


def _entries(home: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli(home, "worklist", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_the_worklist_lists_what_nobody_returned(home: Path) -> None:
    (entry,) = _entries(home)
    assert entry["number"] == "+380501234567"
    assert entry["name"] == "Olena Petrenko"
    assert (entry["missed"], entry["attempts"], entry["status"]) == (2, 1, "open")
    everything = _entries(home, "--all")
    returned = next(e for e in everything if e["status"] == "returned")
    assert returned["returned_by"] == "+380671111111"
    assert returned["wait_seconds"] == 30 * 60
    table = run_cli(home, "worklist")
    assert "Olena Petrenko (050 123 45 67)" in table.stdout
    assert "tried 1×" in table.stdout
    text = run_cli(home, "worklist", "--format", "csv").stdout
    assert [r["entry"] for r in csv.DictReader(io.StringIO(text))] == [entry["entry"]]


def test_claim_snooze_done_and_undo(home: Path) -> None:
    key = str(_entries(home)[0]["entry"])
    claimed = run_cli(home, "worklist", "claim", key.upper())
    assert claimed.returncode == 0, claimed.stderr
    assert "You are calling back Olena Petrenko" in claimed.stdout
    assert _entries(home, "--mine")[0]["claimed_by"] == "Olena"
    assert run_cli(home, "worklist", "snooze", "2099-01-01 09:00", key).returncode == 0
    assert _entries(home)[0]["status"] == "snoozed"
    past = run_cli(home, "worklist", "snooze", "2020-01-01", key)
    assert past.returncode == 2
    assert "already past" in past.stderr
    done = run_cli(home, "worklist", "done", "left-message", key)
    assert done.returncode == 0, done.stderr
    assert _entries(home) == []
    undo = run_cli(home, "worklist", "undo", key)
    assert undo.returncode == 0, undo.stderr
    assert "Undid your last change (done)" in undo.stdout
    assert len(_entries(home)) == 1


def test_bad_entries_and_outcomes_are_exit_2(home: Path) -> None:
    key = str(_entries(home)[0]["entry"])
    for args in (
        ("claim", "000000000000"),
        ("claim", "nonsense"),
        ("done", "maybe", key),
        ("done", key),
    ):
        result = run_cli(home, "worklist", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("fmc-desktop: error: "), args


def test_a_claim_held_by_someone_else_is_exit_10(home: Path, tmp_path: Path) -> None:
    key = str(_entries(home)[0]["entry"])
    petro = tmp_path / "petro"
    petro.mkdir()
    source = tmp_path / "calls.json"
    assert run_cli(petro, "import", str(source)).returncode == 0
    assert run_cli(petro, "config", "own_numbers", ME).returncode == 0
    assert run_cli(petro, "config", "display_name", "Petro").returncode == 0
    assert run_cli(petro, "worklist", "claim", key).returncode == 0
    notes = tmp_path / "petro-notes.json"
    assert run_cli(petro, "note", "--export", str(notes)).returncode == 0
    assert run_cli(home, "import", str(notes)).returncode == 0
    result = run_cli(home, "worklist", "claim", key)
    assert result.returncode == 10
    assert "Petro is already calling back" in result.stderr
    assert _entries(home)[0]["claimed_by"] == "Petro"


def test_without_own_numbers_the_worklist_says_what_to_set(
    isolated_environment: Path,
) -> None:
    result = run_cli(isolated_environment, "worklist")
    assert result.returncode == 2
    assert "own_numbers" in result.stderr


def test_the_callback_report_in_every_format(home: Path, tmp_path: Path) -> None:
    result = run_cli(home, "report", "callbacks", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    total = report["total"]
    assert (total["entries"], total["returned"], total["never"]) == (2, 1, 1)
    # Sunday 2024-03-10 is no working day: the 30 minutes' wait counts as none.
    assert total["median_wait_seconds"] == 0
    assert total["same_working_day"] == 1
    assert report["returned_by"] == {"+380671111111": 1}
    assert report["unreturned"][0]["number"] == "+380501234567"
    assert report["unreturned"][0]["attempts"] == 1
    table = run_cli(home, "report", "callbacks")
    assert "Missed numbers: 2; returned: 1 (50%); never: 1 (50%)." in table.stdout
    assert "050 123 45 67" in table.stdout
    assert run_cli(home, "config", "working_hours", "mon-sun 00:00-24:00").returncode == 0
    round_the_clock = json.loads(run_cli(home, "report", "callbacks", "--format", "json").stdout)
    assert round_the_clock["total"]["median_wait_seconds"] == 30 * 60
    text = run_cli(home, "report", "callbacks", "--format", "csv").stdout
    assert text.splitlines()[0].startswith("section,name,entries,returned,never")
    assert run_cli(home, "report", "callbacks", "--format", "xlsx").returncode == 2
    book = tmp_path / "callbacks.xlsx"
    written = run_cli(home, "report", "callbacks", "--format", "xlsx", "-o", str(book))
    assert written.returncode == 0, written.stderr
    from openpyxl import load_workbook

    assert load_workbook(book, read_only=True).sheetnames == [
        "Figures",
        "Returned by",
        "Unreturned",
    ]
    period = json.loads(
        run_cli(
            home, "report", "callbacks", "--from", "2024-03-10 10:30", "--format", "json"
        ).stdout
    )
    assert period["total"]["entries"] == 1  # the supplier's miss at 11:00 only


def test_bad_working_hours_are_refused_when_set(home: Path) -> None:
    result = run_cli(home, "config", "working_hours", "9 to 6")
    assert result.returncode == 2
    assert "are not working hours" in result.stderr
    assert run_cli(home, "config", "holidays", "2026-01-01,nope").returncode == 2
    assert run_cli(home, "config", "holidays", "2026-01-01,2026-01-07").returncode == 0
