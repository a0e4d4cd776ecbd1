"""The remembered dials: newest first, one line per number in the recent list, capped, and a file
that survives a restart and a corrupt write."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.dialing.dial_log import (
    DIAL_LOG_FILE_NAME,
    SCHEMA_VERSION,
    Dial,
    DialLog,
    DialResult,
)


def test_dials_round_trip_through_the_file(tmp_path: Path, clock: ManualClock) -> None:
    log = DialLog.in_folder(tmp_path, clock=clock)
    log.record("067 123 45 67", name="Олена Петренко", calling="0501112233")
    clock.advance(timedelta(minutes=5))
    log.record("+380441111111", result=DialResult.UNKNOWN)

    again = DialLog.in_folder(tmp_path, clock=clock)
    first, second = again.entries()
    assert first.number == "+380441111111"
    assert first.result is DialResult.UNKNOWN
    assert first.name is None
    assert second == Dial(
        number="+380671234567",
        at=clock.now().replace(microsecond=0) - timedelta(minutes=5),
        name="Олена Петренко",
        calling="+380501112233",
        result=DialResult.RINGING,
    )
    assert again.last() == first
    text = (tmp_path / DIAL_LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "Олена Петренко" in text  # readable, not escaped


def test_the_recent_list_has_each_number_once_newest_first(
    tmp_path: Path, clock: ManualClock
) -> None:
    log = DialLog(tmp_path / "d.json", clock=clock)
    for number in ("0671111111", "0672222222", "067 111 11 11", "0673333333"):
        log.record(number)
        clock.advance(timedelta(seconds=30))
    recent = [dial.number for dial in log.recent()]
    assert recent == ["+380673333333", "+380671111111", "+380672222222"]
    assert [dial.number for dial in log.recent(limit=2)] == recent[:2]
    assert len(log) == 4


def test_the_log_is_capped_and_keeps_the_newest(tmp_path: Path, clock: ManualClock) -> None:
    log = DialLog(tmp_path / "d.json", clock=clock, limit=5)
    for index in range(8):
        log.record(f"067000000{index}")
        clock.advance(timedelta(seconds=1))
    numbers = [dial.number for dial in DialLog(tmp_path / "d.json", limit=5).entries()]
    assert numbers == [f"+38067000000{i}" for i in range(7, 2, -1)]


def test_the_file_is_private_and_written_whole(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "data" / "d.json"
    log = DialLog(path, clock=clock)
    log.record("0671234567")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["d.json"]  # no temporary file left
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["dials"][0]["number"] == "+380671234567"


def test_a_corrupt_file_is_kept_aside_and_the_log_starts_empty(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "d.json"
    path.write_text('{"dials": [ {"number": ', encoding="utf-8")
    log = DialLog(path, clock=clock)
    assert log.entries() == []
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("d.json.corrupt-")]
    assert len(kept) == 1
    log.record("0671234567")
    assert len(DialLog(path).entries()) == 1


def test_entries_that_cannot_be_read_are_dropped_not_fatal(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "d.json"
    good = {"number": "+380671234567", "at": "2026-11-20T08:00:00+00:00", "result": "ringing"}
    bad = [
        {"number": "+380671234567", "at": "yesterday"},
        {"number": "+380671234567", "at": "2026-11-20T08:00:00"},  # no zone: ambiguous
        {"number": 5, "at": "2026-11-20T08:00:00+00:00"},
        {"number": "+380671234567", "at": "2026-11-20T08:00:00+00:00", "result": "maybe"},
        "not an entry",
    ]
    path.write_text(json.dumps({"dials": [*bad, good]}), encoding="utf-8")
    entries = DialLog(path, clock=clock).entries()
    assert [d.number for d in entries] == ["+380671234567"]


def test_clear_forgets_every_dial(tmp_path: Path, clock: ManualClock) -> None:
    log = DialLog(tmp_path / "d.json", clock=clock)
    log.record("0671234567")
    before = log.revision
    log.clear()
    assert log.revision > before
    assert log.last() is None
    assert DialLog(tmp_path / "d.json").entries() == []
