"""The missed-call worklist on a real archive: entries from the calls, returns in either
direction, attempts, new misses, calls that arrive late, and claim, snooze, done and undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import ExitCode, InvalidInputError
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.notes.call_key import record_key
from fmc_desktop.core.notes.events import EventLog
from fmc_desktop.core.worklist.entries import Status
from fmc_desktop.core.worklist.worklist import ClaimedError, Worklist
from tests.core.test_archive import call

ME = "0671111111"
COLLEAGUE = "0672222222"
CLIENT = "0501234567"
OTHER = "0931112233"
NOW = datetime(2024, 3, 11, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


def worklist(archive: CallArchive, clock: ManualClock, name: str = "Olena") -> Worklist:
    return Worklist(EventLog(archive, author_name=name, clock=clock), [ME, COLLEAGUE])


def miss(start: str, caller: str = CLIENT, to: str = ME) -> CallRecord:
    return call(start, caller, to, 0)


def test_misses_of_one_number_make_one_entry_until_an_answered_call(
    archive: CallArchive, clock: ManualClock
) -> None:
    archive.add_calls(
        [
            miss("2024-03-10 10:00:00"),
            miss("2024-03-10 10:05:00", to=COLLEAGUE),
            call("2024-03-10 10:20:00", ME, CLIENT, 0),  # tried, not answered
            call("2024-03-10 10:30:00", COLLEAGUE, CLIENT, 0),
            call("2024-03-10 10:40:00", COLLEAGUE, CLIENT, 95),  # returned
            miss("2024-03-10 11:00:00", caller=OTHER),
            call("2024-03-10 11:01:00", ME, COLLEAGUE, 30),  # internal: nobody's entry
            miss("2024-03-10 12:00:00"),  # a new miss after the return: a new entry
        ]
    )
    entries = worklist(archive, clock).entries()
    assert [(e.number, len(e.misses), len(e.attempts)) for e in entries] == [
        ("+380501234567", 2, 2),
        ("+380931112233", 1, 0),
        ("+380501234567", 1, 0),
    ]
    first = entries[0]
    assert first.id == record_key(miss("2024-03-10 10:00:00"))
    assert first.status(NOW) is Status.RETURNED
    assert first.wait == 40 * 60
    assert first.returned_by == "+380672222222"
    assert [e.status(NOW) for e in entries[1:]] == [Status.OPEN, Status.OPEN]


def test_an_answered_call_from_them_returns_it_too(
    archive: CallArchive, clock: ManualClock
) -> None:
    archive.add_calls([miss("2024-03-10 10:00:00"), call("2024-03-10 10:10:00", CLIENT, ME, 20)])
    (entry,) = worklist(archive, clock).entries()
    assert entry.status(NOW) is Status.RETURNED
    assert entry.returned_by == "+380671111111"


def test_a_claim_is_one_persons_and_someone_elses_is_its_own_exit_code(
    archive: CallArchive, clock: ManualClock, tmp_path: Path
) -> None:
    archive.add_calls([miss("2024-03-10 10:00:00")])
    mine = worklist(archive, clock)
    (entry,) = mine.entries()
    claimed = mine.claim(entry.id.upper())
    assert claimed.status(NOW) is Status.CLAIMED
    owner = claimed.owner()
    assert owner is not None
    assert owner.name == "Olena"
    assert mine.claim(entry.id).status(NOW) is Status.CLAIMED  # again: no change, no error
    mine.release(entry.id)
    clock.advance(timedelta(minutes=1))
    # Someone else's installation claims it; its events come here in a notes file.
    with CallArchive(tmp_path / "theirs.sqlite3") as theirs:
        theirs.add_calls([miss("2024-03-10 10:00:00")])
        petro = worklist(theirs, clock, "Petro")
        petro.claim(entry.id)
        mine.log.merge(petro.log.events())
    with pytest.raises(ClaimedError, match="Petro is already calling back") as caught:
        mine.claim(entry.id)
    with pytest.raises(ClaimedError):
        mine.release(entry.id)
    (entry,) = mine.entries()
    owner = entry.owner()
    assert owner is not None
    assert owner.name == "Petro"
    assert caught.value.exit_code is ExitCode.CLAIMED
    assert int(ExitCode.CLAIMED) == 10


def test_snooze_done_and_undo(archive: CallArchive, clock: ManualClock) -> None:
    archive.add_calls([miss("2024-03-10 10:00:00")])
    work = worklist(archive, clock)
    (entry,) = work.entries()
    snoozed = work.snooze(entry.id, NOW + timedelta(hours=1))
    assert snoozed.status(NOW) is Status.SNOOZED
    assert snoozed.status(NOW + timedelta(hours=2)) is Status.OPEN  # the snooze ended
    clock.advance(timedelta(minutes=1))
    done = work.done(entry.id, "left-message")
    assert done.status(NOW) is Status.DONE
    marked = done.done()
    assert marked is not None
    assert marked.value == "left-message"
    undone, what = work.undo(entry.id)
    assert what.value == "done"
    assert undone.status(NOW) is Status.SNOOZED
    with pytest.raises(InvalidInputError, match="not an outcome"):
        work.done(entry.id, "maybe")
    with pytest.raises(InvalidInputError, match="No worklist entry"):
        work.claim("000000000000")


def test_a_new_miss_after_done_starts_a_new_entry_and_before_done_adds(
    archive: CallArchive, clock: ManualClock
) -> None:
    archive.add_calls([miss("2024-03-11 10:00:00"), miss("2024-03-11 10:30:00")])
    work = worklist(archive, clock)
    (entry,) = work.entries()
    work.done(entry.id, "reached")  # at 12:00 UTC (14:00 Kyiv)
    archive.add_calls([miss("2024-03-11 15:00:00")])  # after it
    entries = work.entries()
    assert [(len(e.misses), e.status(NOW)) for e in entries] == [
        (2, Status.DONE),
        (1, Status.OPEN),
    ]


def test_a_return_that_arrives_after_the_claim_closes_the_entry_and_keeps_the_claim(
    archive: CallArchive, clock: ManualClock
) -> None:
    archive.add_calls([miss("2024-03-10 10:00:00")])
    work = worklist(archive, clock)
    (entry,) = work.entries()
    work.claim(entry.id)
    # The next sync brings the call back a colleague made before the claim.
    archive.add_calls([call("2024-03-10 10:15:00", COLLEAGUE, CLIENT, 60)])
    (entry,) = work.entries()
    assert entry.status(NOW) is Status.RETURNED
    assert entry.returned_by == "+380672222222"
    assert entry.owner() is not None  # who had claimed it stays on record
    with pytest.raises(InvalidInputError, match="already returned"):
        work.done(entry.id, "reached")


def test_an_earlier_miss_that_arrives_late_keeps_the_entrys_claim(
    archive: CallArchive, clock: ManualClock
) -> None:
    archive.add_calls([miss("2024-03-10 10:30:00")])
    work = worklist(archive, clock)
    (entry,) = work.entries()
    work.claim(entry.id)
    archive.add_calls([miss("2024-03-10 10:00:00")])  # an import of an older file
    (grown,) = work.entries()
    assert len(grown.misses) == 2
    assert grown.id != entry.id  # named by its first miss now
    assert grown.status(NOW) is Status.CLAIMED
    assert work.find(entry.id) is not None  # the old key still finds it


def test_no_own_numbers_is_a_sentence(archive: CallArchive) -> None:
    with pytest.raises(InvalidInputError, match="needs your own numbers"):
        Worklist(EventLog(archive), [])


def test_forget_takes_the_worklist_changes_of_the_calls_it_deletes(
    archive: CallArchive, clock: ManualClock
) -> None:
    archive.add_calls([miss("2024-03-10 10:00:00"), miss("2024-03-12 10:00:00", caller=OTHER)])
    work = worklist(archive, clock)
    old, new = work.entries()
    work.claim(old.id)
    work.claim(new.id)
    archive.forget_before(datetime(2024, 3, 11, tzinfo=UTC))
    assert {e.target.name for e in work.log.events()} == {new.id}
