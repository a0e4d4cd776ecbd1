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


def _keys(home: Path) -> list[str]:
    return [str(r["call"]) for r in _history(home)]


def test_a_note_on_a_number_in_any_spelling_and_its_history(home: Path) -> None:
    assert run_cli(home, "config", "display_name", "Olena").returncode == 0
    first = run_cli(home, "note", "+38 (067) 123-45-67", "supplier, ask for Olena")
    assert first.returncode == 0, first.stderr
    assert "Noted on 067 123 45 67: supplier, ask for Olena" in first.stdout
    assert run_cli(home, "note", "380671234567", "owes 12,000 UAH").returncode == 0
    listed = run_cli(home, "note", "--list", "0671234567")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["written", "(Kyiv)", "by", "on", "note"]
    assert "Olena" in lines[2]
    assert lines[2].endswith("supplier, ask for Olena")
    assert lines[3].endswith("owes 12,000 UAH")
    rows = json.loads(run_cli(home, "note", "--list", "0671234567", "--format", "json").stdout)
    assert [(r["author_name"], r["target"]) for r in rows] == [
        ("Olena", "number:+380671234567")
    ] * 2


def test_a_note_on_a_call_by_its_key_shows_in_the_numbers_list(home: Path) -> None:
    key = _keys(home)[0]
    typed = key.upper()[:6] + "-" + key.upper()[6:]
    result = run_cli(home, "note", "--call", typed, "promised the invoice by Friday")
    assert result.returncode == 0, result.stderr
    assert f"Noted on call {key}" in result.stdout
    call_list = run_cli(home, "note", "--list", "--call", key)
    assert "promised the invoice by Friday" in call_list.stdout
    number_list = run_cli(home, "note", "--list", "0441111111")
    assert "promised the invoice by Friday" in number_list.stdout
    assert "call 2024-03-01" in number_list.stdout  # which call, by its start


def test_bad_input_is_exit_2_with_one_sentence_and_nothing_is_stored(home: Path) -> None:
    for args in (
        ("note", "--call", "000000000000", "x"),
        ("note", "--call", "nonsense", "x"),
        ("note", "not a number", "x"),
        ("tag", "add", "--call", "000000000000", "VIP"),
        ("note", "0671234567"),
        ("tag", "add", "0671234567"),
        ("tag", "colour", "VIP", "red"),
    ):
        result = run_cli(home, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("fmc-desktop: error: "), args
        assert len(result.stderr.strip().splitlines()) == 1, args
    exported = run_cli(home, "note", "--export", "-")
    assert json.loads(exported.stdout)["events"] == []


def test_tags_on_numbers_and_calls_and_their_list(home: Path) -> None:
    key = _keys(home)[1]
    assert run_cli(home, "tag", "add", "0671234567", "VIP", "order").returncode == 0
    added = run_cli(home, "tag", "add", "--call", key, "vip", "complaint")
    assert added.returncode == 0, added.stderr
    assert "Tagged call" in added.stdout
    assert "Its tags: complaint, VIP." in added.stdout
    removed = run_cli(home, "tag", "remove", "0671234567", "order")
    assert "Took off 067 123 45 67: order. Its tags: VIP." in removed.stdout
    assert run_cli(home, "tag", "colour", "VIP", "#D9534F").returncode == 0
    listed = run_cli(home, "tag", "list", "--colour")
    assert listed.returncode == 0, listed.stderr
    rows = [line.split() for line in listed.stdout.splitlines()[2:]]
    assert [r[:2] for r in rows] == [["complaint", "1"], ["order", "0"], ["VIP", "2"]]
    assert rows[2][2] == "#d9534f"
    assert all(len(r) == 3 and r[2].startswith("#") for r in rows)
    plain = run_cli(home, "tag", "list")
    assert "#" not in plain.stdout


def test_history_search_finds_calls_by_note_and_tag(home: Path) -> None:
    keys = _keys(home)
    run_cli(home, "note", "--call", keys[2], "Обіцяв рахунок до пʼятниці")
    run_cli(home, "tag", "add", "--call", keys[1], "complaint")
    run_cli(home, "note", "0501234567", "not a caller here")
    by_note = _history(home, "--search", "рахунок")
    assert [r["call"] for r in by_note] == [keys[2]]
    by_latin = _history(home, "--search", "rakhunok")  # Cyrillic notes found in Latin too
    assert [r["call"] for r in by_latin] == [keys[2]]
    assert [r["call"] for r in _history(home, "--search", "COMPLAINT")] == [keys[1]]
    run_cli(home, "note", "0671234567", "supplier")
    supplier = _history(home, "--search", "supplier")
    assert [r["call"] for r in supplier] == keys  # every call of that number
    # The archive's own search still finds every call of Olena's number by her name.
    assert [r["call"] for r in _history(home, "--search", "olena")] == keys


def test_forget_takes_the_notes_of_the_deleted_calls_unless_kept(
    home: Path, tmp_path: Path
) -> None:
    keys = _keys(home)
    for key in keys:
        run_cli(home, "note", "--call", key, f"about {key}")
    run_cli(home, "note", "0671234567", "supplier")
    kept = run_cli(home, "forget", "--before", "2024-03-02", "--yes", "--keep-notes")
    assert kept.returncode == 0, kept.stderr
    assert "Deleted 1 calls" in kept.stdout
    events = json.loads(run_cli(home, "note", "--export", "-").stdout)["events"]
    assert {e["value"] for e in events} == {f"about {k}" for k in keys} | {"supplier"}
    gone = run_cli(home, "forget", "--before", "2024-03-03", "--yes")
    assert gone.returncode == 0, gone.stderr
    events = json.loads(run_cli(home, "note", "--export", "-").stdout)["events"]
    # The second call's note went with it; the note kept before, and the number's, stay.
    assert {e["value"] for e in events} == {f"about {keys[0]}", f"about {keys[2]}", "supplier"}


def test_a_notes_file_imports_into_another_installation_once(home: Path, tmp_path: Path) -> None:
    key = _keys(home)[0]
    run_cli(home, "note", "--call", key, "promised the invoice")
    run_cli(home, "tag", "add", "0671234567", "VIP")
    target = tmp_path / "notes.json"
    exported = run_cli(home, "note", "--export", str(target))
    assert exported.returncode == 0, exported.stderr
    assert "Exported 2 note, tag and worklist changes" in exported.stdout
    other = tmp_path / "other"
    other.mkdir()
    calls = tmp_path / "calls.csv"
    assert run_cli(home, "export", "--format", "csv", "-o", str(calls)).returncode == 0
    first = run_cli(other, "import", str(target), str(calls))
    assert first.returncode == 0, first.stderr
    assert "2 new note changes, 0 already known, 0 rejected" in first.stdout
    assert "3 new" in first.stdout
    again = run_cli(other, "import", str(target))
    assert "0 new note changes, 2 already known" in again.stdout
    assert "promised the invoice" in run_cli(other, "note", "--list", "--call", key).stdout
    assert "VIP" in run_cli(other, "tag", "list").stdout
