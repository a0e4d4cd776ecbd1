"""The call archive on real SQLite files: identity, upserts, queries, calls to return, safety."""

from __future__ import annotations

import functools
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmc_desktop.core.api.errors import ArchiveError
from fmc_desktop.core.api.kyiv import KYIV, from_utc, parse_naive, to_utc
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.fields import CallFields, canonical_set, fast_canonical
from fmc_desktop.core.archive.queries import CallQuery, Direction, Order, StoredCall, search_terms
from fmc_desktop.core.archive.schema import APPLICATION_ID, SCHEMA_VERSION
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.search.matching import (
    grow,
    number_pieces,
    term_found,
    text_pieces,
    written_piece,
)
from tests.conftest import REPO_ROOT

ME = "0671111111"
ME_TOO = "+380671111112"
COLLEAGUE = "0672222222"
CLIENT = "0501234567"
SUPPLIER = "+380931112233"


def call(
    start: str,
    calling: str,
    called: str,
    duration: int = 0,
    *,
    fold_: int = 0,
    **optional: object,
) -> CallRecord:
    """A call starting at Kyiv wall time `start`; fold_=1 is the second reading of a repeated
    hour."""
    begin = to_utc(parse_naive(start), fold_)
    return CallRecord(
        from_utc(begin),
        from_utc(begin + timedelta(seconds=duration)),
        calling,
        called,
        duration,
        **optional,  # type: ignore[arg-type]
    )


def everything(archive: CallArchive) -> list[StoredCall]:
    return archive.query_calls(CallQuery(order=Order.OLDEST_FIRST))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the file --------------------------------------------------------------------------------


def test_a_new_archive_is_marked_as_ours_in_wal_mode_and_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "calls.sqlite3"
    with CallArchive(path) as archive:
        archive.add_calls([call("2026-11-02 10:00:00", CLIENT, ME, 30)])
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    with CallArchive(path) as again:
        assert again.stats().calls == 1


def _foreign_sqlite(path: Path, *, application_id: int = 0, version: int = 0) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('shopping list')")
    connection.execute(f"PRAGMA application_id = {application_id}")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(os.urandom(8192)), "not an fmc-desktop archive"),
        (lambda p: p.write_text("start_timestamp,end_timestamp\n"), "not an fmc-desktop archive"),
        (
            lambda p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(4080)),
            "not an fmc-desktop archive",
        ),
        (lambda p: _foreign_sqlite(p), "not an fmc-desktop archive"),
        (lambda p: _foreign_sqlite(p, application_id=0x12345678), "not an fmc-desktop archive"),
        (
            lambda p: _foreign_sqlite(p, application_id=APPLICATION_ID, version=SCHEMA_VERSION + 5),
            "newer fmc-desktop",
        ),
    ],
    ids=["random bytes", "a csv file", "damaged sqlite", "other app", "other app id", "newer"],
)
def test_a_file_that_is_not_ours_is_refused_and_left_exactly_as_it_was(
    tmp_path: Path, make: object, expected: str
) -> None:
    path = tmp_path / "calls.sqlite3"
    make(path)  # type: ignore[operator]
    before = digest(path)
    with pytest.raises(ArchiveError) as caught:
        CallArchive(path).open()
    message = str(caught.value)
    assert expected in message
    assert "untouched" in message
    assert "\n" not in message
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_a_damaged_archive_reports_a_sentence_when_read(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    with CallArchive(path) as archive:
        archive.add_calls([call(f"2026-11-02 10:{m:02d}:00", CLIENT, ME, m) for m in range(60)])
    size = path.stat().st_size
    with path.open("r+b") as handle:  # scribble over everything after the first page
        handle.seek(4096)
        handle.write(b"\xff" * (size - 4096))

    def read_it() -> None:
        with CallArchive(path) as archive:
            archive.query_calls(CallQuery())

    with pytest.raises(ArchiveError) as caught:
        read_it()
    assert "call archive" in str(caught.value) or "not an fmc-desktop" in str(caught.value)


def test_an_empty_file_becomes_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    path.write_bytes(b"")
    with CallArchive(path) as archive:
        assert archive.stats().calls == 0


def test_a_folder_in_the_way_is_reported(tmp_path: Path) -> None:
    (tmp_path / "calls.sqlite3").mkdir()
    with pytest.raises(ArchiveError, match="is a folder"):
        CallArchive(tmp_path / "calls.sqlite3").open()


def test_using_a_closed_archive_is_an_archive_error(tmp_path: Path) -> None:
    archive = CallArchive(tmp_path / "calls.sqlite3")
    with pytest.raises(ArchiveError, match="not open"):
        archive.stats()


# --- identity and upserts --------------------------------------------------------------------


def test_the_same_call_in_any_spelling_is_stored_once(archive: CallArchive) -> None:
    first = archive.add_calls([call("2026-11-02 10:00:00", "0501234567", "0671111111", 42)])
    assert (first.new, first.known) == (1, 0)
    again = archive.add_calls(
        [
            call("2026-11-02 10:00:00", "380501234567", "+380671111111", 42),
            call("2026-11-02 10:00:00", "+38 (050) 123-45-67", "067 111 11 11", 42),
        ]
    )
    assert (again.new, again.known, again.updated) == (0, 2, 0)
    stored = everything(archive)
    assert len(stored) == 1
    assert stored[0].record.calling_number == "0501234567"  # the first spelling is kept
    assert (stored[0].calling, stored[0].called) == ("+380501234567", "+380671111111")


def test_a_batch_with_the_same_call_twice_counts_it_once_as_new(archive: CallArchive) -> None:
    record = call("2026-11-02 10:00:00", CLIENT, ME, 42)
    result = archive.add_calls([record, record, call("2026-11-02 10:00:00", CLIENT, ME, 43)])
    assert (result.new, result.known) == (2, 1)
    assert len(everything(archive)) == 2


def test_calls_in_the_same_second_are_all_kept(archive: CallArchive) -> None:
    batch = [call("2026-11-02 10:00:00", f"05012345{n:02d}", ME, 0) for n in range(20)]
    assert archive.add_calls(batch[:7]).new == 7
    assert archive.add_calls(batch).new == 13
    stored = everything(archive)
    assert len(stored) == 20
    assert len({s.id for s in stored}) == 20
    assert sorted((s.record for s in stored), key=lambda r: r.calling_number) == batch


def test_names_departments_and_extras_are_filled_in_later(archive: CallArchive) -> None:
    bare = call("2026-11-02 10:00:00", CLIENT, ME, 42)
    archive.add_calls([bare])
    assert archive.count_calls(CallQuery(search="олена")) == 0
    named = call(
        "2026-11-02 10:00:00",
        "380501234567",
        ME,
        42,
        called_name="Олена Коваленко",
        called_department="Продажі",
        extra={"called_ownership": "internal"},
    )
    result = archive.add_calls([named])
    assert (result.new, result.known, result.updated) == (0, 1, 1)
    (stored,) = everything(archive)
    assert stored.record.called_name == "Олена Коваленко"
    assert stored.record.called_department == "Продажі"
    assert dict(stored.record.extra) == {"called_ownership": "internal"}
    assert archive.count_calls(CallQuery(search="olena")) == 1
    # A later fetch without names takes nothing away, and is no update.
    result = archive.add_calls([bare])
    assert (result.known, result.updated) == (1, 0)
    assert everything(archive)[0].record.called_name == "Олена Коваленко"


def test_the_repeated_autumn_hour_keeps_both_calls_apart(archive: CallArchive) -> None:
    first = call("2026-10-25 03:10:40", CLIENT, ME, 125, fold_=0)
    second = call("2026-10-25 03:10:40", CLIENT, ME, 125, fold_=1)
    assert second.start_utc - first.start_utc == timedelta(hours=1)
    assert archive.add_calls([second, first]).new == 2
    stored = everything(archive)
    assert [s.record.start_utc for s in stored] == [first.start_utc, second.start_utc]
    assert [s.record.start.fold for s in stored] == [0, 1]
    assert archive.add_calls([first, second]).known == 2


def test_add_calls_can_return_the_new_records(archive: CallArchive) -> None:
    old = call("2026-11-02 10:00:00", CLIENT, ME, 0)
    archive.add_calls([old])
    new = call("2026-11-02 11:00:00", CLIENT, ME, 0)
    result = archive.add_calls([new, old], keep_new=True)
    assert result.new_records == (new,)


def test_stored_records_come_back_equal(archive: CallArchive) -> None:
    records = [
        call("2026-11-02 10:00:00", CLIENT, ME, 42, calling_name="Клієнт"),
        call("2026-11-02 10:05:00", ME, SUPPLIER, 0, extra={"direction": "out", "cost": 1.5}),
        call("2026-11-02 10:06:00", "", ME, 0),  # a hidden caller
        call("2026-11-02 10:07:00", "*111#", ME, 3),
    ]
    archive.add_calls(records)
    assert [s.record for s in everything(archive)] == records


# --- coverage and state ------------------------------------------------------------------------


def test_coverage_merges_overlapping_and_touching_periods(archive: CallArchive) -> None:
    t = datetime(2026, 11, 1, tzinfo=UTC)
    archive.add_calls([], covered=(t, t + timedelta(days=7)))
    archive.add_calls([], covered=(t + timedelta(days=7), t + timedelta(days=10)))  # touching
    archive.add_calls([], covered=(t + timedelta(days=20), t + timedelta(days=21)))
    archive.add_calls([], covered=(t + timedelta(days=9), t + timedelta(days=12)))  # overlapping
    assert archive.coverage() == [
        (t, t + timedelta(days=12)),
        (t + timedelta(days=20), t + timedelta(days=21)),
    ]


def test_calls_and_coverage_are_committed_together(archive: CallArchive) -> None:
    t = datetime(2026, 11, 2, 8, tzinfo=UTC)
    archive.add_calls(
        [call("2026-11-02 10:00:00", CLIENT, ME, 1)], covered=(t, t + timedelta(hours=5))
    )
    assert archive.coverage() == [(t, t + timedelta(hours=5))]


def test_the_token_rejected_mark_outlives_the_process(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    with CallArchive(path) as archive:
        assert not archive.is_token_rejected()
        archive.mark_token_rejected()
    with CallArchive(path) as archive:
        assert archive.is_token_rejected()
        archive.clear_token_rejected()
        assert not archive.is_token_rejected()


def test_stats(archive: CallArchive) -> None:
    archive.add_calls(
        [call("2026-11-02 10:00:00", CLIENT, ME, 1), call("2026-11-03 09:00:00", ME, CLIENT, 2)]
    )
    stats = archive.stats()
    assert stats.calls == 2
    assert stats.first_call == datetime(2026, 11, 2, 10, tzinfo=KYIV)
    assert stats.last_call == datetime(2026, 11, 3, 9, tzinfo=KYIV)
    assert stats.parties == 2
    assert stats.file_bytes > 0


# --- queries ---------------------------------------------------------------------------------


@pytest.fixture
def day(archive: CallArchive) -> CallArchive:
    """A small working day with names; every query's answer is known by heart."""
    archive.add_calls(
        [
            call("2026-11-02 09:00:00", CLIENT, ME, 0),  # missed
            call(
                "2026-11-02 09:05:00",
                ME,
                CLIENT,
                95,
                calling_name="Олена Коваленко",
                calling_department="Продажі",
            ),
            call("2026-11-02 10:00:00", ME_TOO, COLLEAGUE, 30, called_name="Мар’яна Бондар"),
            call(
                "2026-11-02 11:00:00",
                SUPPLIER,
                COLLEAGUE,
                600,
                called_name="Мар’яна Бондар",
                called_department="Склад",
            ),
            call("2026-11-02 23:30:00", CLIENT, ME, 0),  # missed, late evening
            call("2026-11-03 00:30:00", COLLEAGUE, ME, 12),  # next Kyiv day, still Nov 2 in UTC
        ]
    )
    return archive


def starts(calls: list[StoredCall]) -> list[str]:
    return [c.record.start.strftime("%d %H:%M") for c in calls]


def test_a_period_is_start_inclusive_and_end_exclusive(day: CallArchive) -> None:
    q = CallQuery(
        start=datetime(2026, 11, 2, 10, tzinfo=KYIV), end=datetime(2026, 11, 2, 23, 30, tzinfo=KYIV)
    )
    assert starts(day.query_calls(q)) == ["02 11:00", "02 10:00"]
    assert day.count_calls(q) == 2


def test_order_limit_and_offset(day: CallArchive) -> None:
    assert starts(day.query_calls(CallQuery(limit=2))) == ["03 00:30", "02 23:30"]
    assert starts(day.query_calls(CallQuery(limit=2, offset=2))) == ["02 11:00", "02 10:00"]
    oldest = day.query_calls(CallQuery(order=Order.OLDEST_FIRST, limit=1))
    assert starts(oldest) == ["02 09:00"]


def test_answered_and_minimum_duration(day: CallArchive) -> None:
    assert day.count_calls(CallQuery(answered=False)) == 2
    assert day.count_calls(CallQuery(answered=True)) == 4
    assert starts(day.query_calls(CallQuery(min_duration=90))) == ["02 11:00", "02 09:05"]


def test_directions_are_seen_from_a_set_of_numbers_in_any_spelling(day: CallArchive) -> None:
    mine = frozenset({"380671111111", "067 111 11 12"})
    by = {
        d: starts(day.query_calls(CallQuery(numbers=mine, direction=d)))
        for d in (Direction.INCOMING, Direction.OUTGOING, Direction.INTERNAL)
    }
    assert by[Direction.INCOMING] == ["03 00:30", "02 23:30", "02 09:00"]
    assert by[Direction.OUTGOING] == ["02 10:00", "02 09:05"]
    assert by[Direction.INTERNAL] == []
    assert day.count_calls(CallQuery(numbers=mine)) == 5
    company = frozenset({ME, ME_TOO, COLLEAGUE})
    assert starts(day.query_calls(CallQuery(numbers=company, direction=Direction.INTERNAL))) == [
        "03 00:30",
        "02 10:00",
    ]
    assert day.count_calls(CallQuery(numbers=frozenset({"0999999999"}))) == 0
    with pytest.raises(ValueError, match="numbers"):
        CallQuery(direction=Direction.INCOMING)


def test_a_stored_call_tells_its_direction(day: CallArchive) -> None:
    mine = canonical_set([ME, ME_TOO])
    kinds = [c.direction(mine) for c in everything(day)]
    assert kinds == [
        Direction.INCOMING,
        Direction.OUTGOING,
        Direction.OUTGOING,
        Direction.OTHER,
        Direction.INCOMING,
        Direction.INCOMING,
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("олена", 4),  # her number takes part in four calls, named in one
        ("ОЛЕНА", 4),
        ("Olena", 4),
        ("kovalenko", 4),
        ("мар'яна", 3),  # stored as Мар’яна
        ("mariana", 3),
        ("склад", 3),
        ("sklad", 3),
        ("0501234567", 3),
        ("+380 50 123 45 67", 3),
        ("380501234567", 3),
        ("(050) 123-45", 3),
        ("1234567", 3),
        ("+38093", 1),
        ("олена 050", 3),  # both terms: Olena and the client
        ("олена склад", 1),  # Olena and the colleague from the warehouse
        ("продажі склад 050", 0),
        ("нікого", 0),
        ("11", 6),  # two characters: every call has a 067 111 11 1x number
        ("", 6),
        ("   ", 6),
    ],
)
def test_search_by_number_name_or_department_in_any_case_or_alphabet(
    day: CallArchive, text: str, expected: int
) -> None:
    assert day.count_calls(CallQuery(search=text)) == expected
    assert len(day.query_calls(CallQuery(search=text, limit=50))) == expected


def test_search_terms() -> None:
    assert [t.digits for t in search_terms(" +380 (67) 123-45-67 ")] == ["380671234567"]
    assert [(t.script, t.digits) for t in search_terms("Олена  067-12 олена")] == [
        ("олена", ""),
        ("06712", "06712"),
    ]
    assert [t.script for t in search_terms("Мар’яна")] == [
        t.script for t in search_terms("мар'яна")
    ]
    assert search_terms("") == ()


def test_the_name_of_a_number_is_the_latest_given_with_it(day: CallArchive) -> None:
    assert day.name_of("+380672222222") == "Мар’яна Бондар"
    assert day.name_of("0990000000") is None


def test_iterating_streams_every_selected_call_in_chunks(day: CallArchive) -> None:
    rows = [row for chunk in day.iter_rows(CallQuery(), chunk=4) for row in chunk]
    assert [r[0] for r in rows] == [c.id for c in day.query_calls(CallQuery())]
    assert rows[0][4:6] == (COLLEAGUE, ME)
    oldest = list(day.iter_calls(CallQuery(order=Order.OLDEST_FIRST, search="склад"), chunk=1))
    assert starts(oldest) == ["02 10:00", "02 11:00", "03 00:30"]
    assert [c.id for c in day.iter_calls(CallQuery(order=Order.OLDEST_FIRST))] == [
        c.id for c in everything(day)
    ]


# --- the same answers as counting by hand, on enough calls to take every query path -------------


@dataclass(frozen=True)
class Person:
    number: str
    name: str | None
    department: str | None


@functools.cache
def _forms(person: Person) -> str:
    number = canonical(person.number)
    parts = [*number_pieces(number), written_piece(person.number)]
    for text in (person.name, person.department):
        if text:
            parts += text_pieces(text)
    return grow("", parts)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CallArchive, list[tuple]]]:
    """30 000 calls of 40 staff and 3 000 outsiders; one outsider calls a third of the time."""
    rng = random.Random(5)
    first = ["Олена", "Ірина", "Андрій", "Сергій", "Мар’яна", "Юрій"]
    last = ["Коваленко", "Шевченко", "Бондар", "Ткачук"]
    departments = ["Продажі", "Склад", "Бухгалтерія"]
    staff = [
        Person(f"067{n:07d}", f"{rng.choice(first)} {rng.choice(last)}", rng.choice(departments))
        for n in range(1000, 1040)
    ]
    outsiders = [Person(f"0{rng.choice('59')}{n:08d}", None, None) for n in range(3000)]
    regular = outsiders[0]
    records: list[CallRecord] = []
    truth: list[tuple] = []
    t = datetime(2026, 1, 5, 6, tzinfo=UTC)
    for i in range(30_000):
        if rng.random() > 0.05:  # sometimes two calls in the same second
            t += timedelta(seconds=rng.randint(1, 900))
        member = rng.choice(staff)
        other = regular if rng.random() < 0.34 else rng.choice([*outsiders, *staff])
        caller, callee = (member, other) if rng.random() < 0.5 else (other, member)
        duration = 0 if rng.random() < 0.25 else rng.randint(1, 700)
        records.append(
            CallRecord(
                from_utc(t),
                from_utc(t + timedelta(seconds=duration)),
                caller.number if i % 3 else "38" + caller.number,
                callee.number,
                duration,
                caller.name,
                callee.name,
                caller.department,
                callee.department,
            )
        )
        truth.append((t, caller, callee, duration))
    path = tmp_path_factory.mktemp("big") / "calls.sqlite3"
    with CallArchive(path) as archive:
        assert archive.add_calls(records).new == 30_000
        yield archive, truth


def _matches(
    q: CallQuery, t: datetime, caller: Person, callee: Person, duration: int, mine: frozenset[str]
) -> bool:
    if q.start is not None and t < q.start:
        return False
    if q.end is not None and t >= q.end:
        return False
    if q.answered is not None and (duration > 0) != q.answered:
        return False
    if duration < q.min_duration:
        return False
    if q.numbers is not None:
        kind = 2 * (canonical(caller.number) in mine) + (canonical(callee.number) in mine)
        if kind == 0 or (q.direction is not None and kind != q.direction):
            return False
    return all(
        term_found(term, _forms(caller)) or term_found(term, _forms(callee))
        for term in search_terms(q.search or "")
    )


STAFF_0, STAFF_1 = "0670001000", "0670001001"


@pytest.mark.parametrize(
    "q",
    [
        CallQuery(),
        CallQuery(search="067"),  # every call: the long walk
        CallQuery(search="ко"),
        CallQuery(search="olena"),
        CallQuery(search="склад бондар"),
        CallQuery(search="00000001"),  # the regular outsider: a third of all calls
        CallQuery(search="00002999"),  # one rare outsider: through the number indexes
        CallQuery(numbers=frozenset({STAFF_0, STAFF_1})),
        CallQuery(numbers=frozenset({STAFF_0, STAFF_1}), direction=Direction.INCOMING),
        CallQuery(numbers=frozenset({STAFF_0}), direction=Direction.OUTGOING, answered=False),
        CallQuery(
            numbers=frozenset(f"067{n:07d}" for n in range(1000, 1040)),
            direction=Direction.INTERNAL,
        ),
        CallQuery(
            numbers=frozenset(f"067{n:07d}" for n in range(1000, 1040)),
            direction=Direction.INCOMING,
            min_duration=300,
        ),
        CallQuery(
            start=datetime(2026, 2, 1, tzinfo=UTC),
            end=datetime(2026, 3, 1, tzinfo=UTC),
            search="00000001",
        ),
        CallQuery(start=datetime(2026, 3, 1, tzinfo=UTC), search="00002999 067"),
    ],
    ids=lambda q: repr((q.search, q.direction, q.answered, q.start is not None)),
)
def test_queries_agree_with_counting_by_hand(
    big: tuple[CallArchive, list[tuple]], q: CallQuery
) -> None:
    archive, truth = big
    mine = canonical_set(q.numbers or ())
    expected = sorted((t for t, a, b, d in truth if _matches(q, t, a, b, d, mine)), reverse=True)
    assert archive.count_calls(q) == len(expected)
    page = archive.query_calls(CallQuery(**{**q.__dict__, "limit": 50}))
    assert [c.record.start_utc for c in page] == expected[:50]


# --- calls to return ---------------------------------------------------------------------------


def test_a_missed_call_waits_until_it_is_returned(archive: CallArchive) -> None:
    archive.add_calls(
        [
            call("2026-11-02 09:00:00", CLIENT, ME, 0, calling_name="Клієнт"),
            call("2026-11-02 09:30:00", "380501234567", ME_TOO, 0),
            call("2026-11-02 09:40:00", SUPPLIER, COLLEAGUE, 0),  # not to my numbers
            call("2026-11-02 09:50:00", ME_TOO, ME, 0),  # from my own other phone
        ]
    )
    (entry,) = archive.calls_to_return([ME, ME_TOO])
    assert entry.number == "+380501234567"
    assert entry.written == "380501234567"
    assert entry.name == "Клієнт"
    assert entry.attempts == 2
    assert entry.first_missed == datetime(2026, 11, 2, 9, 0, tzinfo=KYIV)
    assert entry.last_missed == datetime(2026, 11, 2, 9, 30, tzinfo=KYIV)
    assert entry.own_number == canonical(ME_TOO)

    # A call back, even unanswered, from anyone in the company, returns it.
    archive.add_calls([call("2026-11-02 10:00:00", COLLEAGUE, CLIENT, 0)])
    assert archive.calls_to_return([ME, ME_TOO]) == []

    # A newer missed call brings it back, counting from there.
    archive.add_calls([call("2026-11-02 11:00:00", CLIENT, ME, 0)])
    (entry,) = archive.calls_to_return([ME, ME_TOO])
    assert entry.attempts == 1

    # An answered call from them settles it too.
    archive.add_calls([call("2026-11-02 11:05:00", CLIENT, COLLEAGUE, 20)])
    assert archive.calls_to_return([ME, ME_TOO]) == []

    # Seen from ME alone, ME_TOO is someone else, whose missed call waits.
    (entry,) = archive.calls_to_return([ME])
    assert entry.number == canonical(ME_TOO)


def test_a_call_marked_done_stays_done_until_a_newer_missed_call(archive: CallArchive) -> None:
    archive.add_calls([call("2026-11-02 09:00:00", CLIENT, ME, 0)])
    (entry,) = archive.calls_to_return([ME])
    archive.dismiss_call_to_return("+380 50 123 45 67", entry.last_missed)
    assert archive.calls_to_return([ME]) == []
    archive.dismiss_call_to_return(CLIENT, entry.last_missed - timedelta(hours=1))  # no step back
    assert archive.calls_to_return([ME]) == []
    archive.add_calls([call("2026-11-02 12:00:00", CLIENT, ME, 0)])
    (entry,) = archive.calls_to_return([ME])
    assert (entry.attempts, entry.last_missed.hour) == (1, 12)


def test_calls_to_return_since(archive: CallArchive) -> None:
    archive.add_calls(
        [call("2026-10-01 09:00:00", CLIENT, ME, 0), call("2026-11-02 09:00:00", SUPPLIER, ME, 0)]
    )
    assert len(archive.calls_to_return([ME])) == 2
    recent = archive.calls_to_return([ME], since=datetime(2026, 11, 1, tzinfo=KYIV))
    assert [e.number for e in recent] == [SUPPLIER]
    assert archive.calls_to_return([]) == []


# --- forgetting ----------------------------------------------------------------------------------


def test_forget_before_deletes_calls_names_and_coverage(archive: CallArchive) -> None:
    archive.add_calls(
        [
            call("2026-10-01 09:00:00", SUPPLIER, ME, 5, calling_name="Постачальник"),
            call("2026-10-02 09:00:00", SUPPLIER, ME, 0),
            call("2026-11-02 09:00:00", CLIENT, ME, 7),
        ]
    )
    archive.add_calls(
        [], covered=(datetime(2026, 9, 30, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC))
    )
    archive.dismiss_call_to_return(SUPPLIER, datetime(2026, 10, 2, 9, tzinfo=KYIV))
    cut = datetime(2026, 11, 1, tzinfo=KYIV)
    assert archive.forget_before(cut) == 2
    assert starts(everything(archive)) == ["02 09:00"]
    assert archive.count_calls(CallQuery(search="постачальник")) == 0
    assert archive.count_calls(CallQuery(search="0931112233")) == 0
    assert archive.stats().parties == 2
    assert archive.coverage() == [(cut.astimezone(UTC), datetime(2026, 11, 3, tzinfo=UTC))]
    assert archive.check_integrity() == []
    assert archive.forget_before(cut) == 0


def test_forgotten_names_are_not_left_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    with CallArchive(path) as archive:
        archive.add_calls(
            [call("2026-10-01 09:00:00", SUPPLIER, ME, 5, calling_name="Таємний Постачальник")]
        )
        archive.forget_before(datetime(2026, 11, 1, tzinfo=KYIV))
    secret = "Таємний Постачальник".encode()
    for suffix in ("", "-wal"):
        companion = Path(str(path) + suffix)
        if companion.exists():
            assert secret not in companion.read_bytes()


# --- two processes at once ------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from fmc_desktop.core.archive.store import CallArchive
    from fmc_desktop.core.api.kyiv import from_utc
    from fmc_desktop.core.api.records import CallRecord

    t0 = datetime(2026, 11, 2, 6, tzinfo=UTC)
    with CallArchive(Path(sys.argv[1])) as archive:
        for batch in range(40):
            records = []
            for n in range(250):
                t = t0 + timedelta(seconds=batch * 1000 + n)
                records.append(CallRecord(from_utc(t), from_utc(t), "0501234567", "0671111111", 0))
            assert archive.add_calls(records).new == 250
    print("done")
    """
)


def test_an_importing_process_and_a_reader_work_at_the_same_time(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    with CallArchive(path) as reader:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        seen: list[int] = []
        t = datetime(2026, 11, 1, tzinfo=UTC)
        while writer.poll() is None:
            seen.append(reader.count_calls(CallQuery()))
            reader.query_calls(CallQuery(search="050", limit=50))
            # This side writes too: coverage, in its own short transactions.
            reader.add_calls([], covered=(t, t + timedelta(seconds=len(seen))))
        out, err = writer.communicate()
        assert writer.returncode == 0, err
        assert out.strip() == "done"
        assert reader.count_calls(CallQuery()) == 10_000
        assert seen == sorted(seen)  # every read saw a consistent, growing archive
        assert any(0 < n < 10_000 for n in seen), seen  # and it read while the other wrote
        assert all(n % 250 == 0 for n in seen)  # whole batches only
        assert reader.coverage()[0][0] == t


# --- the shortcut for canonical numbers ----------------------------------------------------------


@given(
    st.one_of(
        st.text(alphabet="0123456789+", min_size=9, max_size=14),
        st.from_regex(r"\A(0|380|\+380)[0-9]{9}\Z"),
        st.text(max_size=16),
    )
)
def test_fast_canonical_is_canonical(text: str) -> None:
    assert fast_canonical(text) == canonical(text)


# --- big batches ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [12_000, 120_000], ids=["large", "bulk"])
def test_a_big_batch_with_a_call_given_twice_stores_it_once(tmp_path: Path, size: int) -> None:
    start = int(datetime(2026, 11, 2, 6, tzinfo=UTC).timestamp())
    fields: list[CallFields] = [
        (start + n, start + n + 5, 5, f"050{n % 5000:07d}", ME, None, None, None, None, None)
        for n in range(size)
    ]
    named = (*fields[7][:5], "Клієнт", None, None, None, '{"tag": "vip"}')
    fields.append(named)  # the eighth call again, now with a name
    with CallArchive(tmp_path / "calls.sqlite3") as archive:
        result = archive.add_fields(fields)
        assert (result.new, result.known) == (size, 1)
        assert archive.stats().calls == size
        eighth = datetime.fromtimestamp(start + 7, UTC)
        (call8,) = archive.query_calls(CallQuery(start=eighth, end=eighth + timedelta(seconds=1)))
        assert call8.record.calling_name == "Клієнт"
        assert dict(call8.record.extra) == {"tag": "vip"}
        assert archive.check_integrity() == []
        again = archive.add_fields(fields[:: size // 100])
        assert again.new == 0
    connection = sqlite3.connect(tmp_path / "calls.sqlite3")
    indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert {"calls_identity", "calls_by_calling", "calls_by_called"} <= indexes


def test_a_bulk_import_into_a_full_archive_keeps_its_indexes_and_identity(tmp_path: Path) -> None:
    start = int(datetime(2026, 11, 2, 6, tzinfo=UTC).timestamp())

    def batch(first: int, count: int) -> list[tuple]:
        return [
            (start + n, start + n, 0, f"050{n % 900:07d}", ME, None, None, None, None, None)
            for n in range(first, first + count)
        ]

    with CallArchive(tmp_path / "calls.sqlite3") as archive:
        assert archive.add_fields(batch(0, 50_000)).new == 50_000
        result = archive.add_fields(batch(25_000, 110_000))  # half known, half new
        assert (result.new, result.known) == (85_000, 25_000)
        assert archive.stats().calls == 135_000
        assert archive.count_calls(CallQuery(search="0500000001")) == 150


def test_directory_entries_and_call_activity_for_the_contact_search(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from fmc_desktop.core.api.kyiv import KYIV
    from fmc_desktop.core.api.records import CallRecord

    def call(hour: int, calling: str, called: str, name: str | None) -> CallRecord:
        start = datetime(2026, 11, 20, hour, 0, tzinfo=KYIV)
        return CallRecord(
            start=start,
            end=start,
            calling_number=calling,
            called_number=called,
            duration=0,
            calling_name=name,
            calling_department="Продажі" if name else None,
        )

    with CallArchive(tmp_path / "a.sqlite3") as archive:
        archive.add_calls(
            [
                call(9, "0671234567", "0441111111", "Олена"),
                call(10, "0671234567", "0441111111", "Олена Петренко"),
                call(11, "0501112233", "0671234567", None),
            ]
        )
        entries = archive.directory_entries()
        assert entries[-1] == ("0671234567", "Олена Петренко", "Продажі")
        assert ("0501112233", None, None) not in entries
        activity = archive.call_activity()
        count, last = activity["+380671234567"]
        assert count == 3
        assert last == datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp()


def test_a_long_read_can_be_interrupted_from_another_thread(tmp_path: Path) -> None:
    import threading

    opened: list[CallArchive] = []
    failures: list[BaseException] = []

    def endless_read() -> None:
        with CallArchive(tmp_path / "a.sqlite3") as archive:
            opened.append(archive)
            try:
                archive._connection.execute(  # type: ignore[union-attr]
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                    "SELECT count(*) FROM c"
                ).fetchone()
            except sqlite3.Error as exc:
                failures.append(exc)

    worker = threading.Thread(target=endless_read)
    worker.start()
    # Interrupt until it takes: the first call may come before the query has started.
    for _ in range(200):
        if opened:
            opened[0].interrupt()
        worker.join(0.05)
        if not worker.is_alive():
            break
    assert not worker.is_alive()
    assert failures
    assert "interrupt" in str(failures[0])
