"""The callback report against a brute-force count over generated calls, and working hours."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.worklist.callbacks import callback_report
from fmc_desktop.core.worklist.hours import WorkingClock, WorkingHours

OURS = ["0671111111", "0672222222"]
OUTSIDE = ["0501234567", "0931112233", "0661234567"]
# Monday 2026-03-02 00:00 Kyiv; generated calls fall in the week after, on whole minutes.
MONDAY = datetime(2026, 3, 2, tzinfo=KYIV)
HOURS = WorkingHours.parse("mon-fri 09:00-18:00", ["2026-03-04"])  # a holiday on Wednesday


def brute_worked(hours: WorkingHours, a: int, b: int) -> int:
    """Working seconds in [a, b), minute by minute (every instant here is on a whole minute)."""
    total = 0
    for t in range(a, b, 60):
        local = datetime.fromtimestamp(t, KYIV)
        if hours.works_on(local.date()) and hours.opens <= local.time() < hours.closes:
            total += 60
    return total


def brute_day_end(hours: WorkingHours, t: int) -> int:
    local = datetime.fromtimestamp(t, KYIV)
    day = local.date()
    if hours.works_on(day) and local.time() < hours.closes:
        return int(datetime.combine(day, hours.closes, KYIV).timestamp())
    day += timedelta(days=1)
    while not hours.works_on(day):
        day += timedelta(days=1)
    return int(datetime.combine(day, hours.closes, KYIV).timestamp())


def test_working_time_skips_nights_weekends_and_holidays() -> None:
    clock = WorkingClock(HOURS, int(MONDAY.timestamp()), int(MONDAY.timestamp()) + 14 * 86400)
    friday_late = int(datetime(2026, 3, 6, 17, 50, tzinfo=KYIV).timestamp())
    monday = int(datetime(2026, 3, 9, 9, 10, tzinfo=KYIV).timestamp())
    tuesday_late = int(datetime(2026, 3, 3, 17, 0, tzinfo=KYIV).timestamp())
    thursday = int(datetime(2026, 3, 5, 9, 30, tzinfo=KYIV).timestamp())
    waits = clock.between(np.array([friday_late, tuesday_late]), np.array([monday, thursday]))
    assert waits.tolist() == [20 * 60, 90 * 60]  # Wednesday is a holiday
    ends = clock.day_end(np.array([friday_late, tuesday_late + 3600]))
    assert ends.tolist() == [
        int(datetime(2026, 3, 6, 18, 0, tzinfo=KYIV).timestamp()),
        int(datetime(2026, 3, 5, 18, 0, tzinfo=KYIV).timestamp()),
    ]


@pytest.mark.parametrize(
    "text", ["9-18", "mon-fri 18:00-09:00", "xyz 09:00-18:00", "fri-mon 9:00-18:00"]
)
def test_bad_working_hours_are_a_sentence(text: str) -> None:
    with pytest.raises(InvalidInputError, match="are not working hours"):
        WorkingHours.parse(text)
    with pytest.raises(InvalidInputError, match="not a holiday date"):
        WorkingHours.parse("mon-fri 09:00-18:00", ["4 March"])


Call = tuple[int, int, int, int]  # minute of the week, ours-or-outside pattern, who, duration

calls_strategy = st.lists(
    st.tuples(
        st.integers(0, 7 * 24 * 60 - 1),  # minute of the week
        st.sampled_from(["in", "out", "internal"]),
        st.integers(0, len(OUTSIDE) - 1),
        st.integers(0, 1),  # which of ours
        st.sampled_from([0, 0, 0, 30, 120]),  # mostly unanswered
    ),
    max_size=40,
    unique_by=lambda c: c[0],
)


def _records(raw: list[tuple[int, str, int, int, int]]) -> list[CallRecord]:
    out = []
    for minute, kind, who, mine, duration in raw:
        start = MONDAY + timedelta(minutes=minute)
        us, them = OURS[mine], OUTSIDE[who]
        calling, called = {
            "in": (them, us),
            "out": (us, them),
            "internal": (us, OURS[1 - mine]),
        }[kind]
        out.append(
            CallRecord(start, start + timedelta(seconds=duration), calling, called, duration)
        )
    return out


def brute_report(records: list[CallRecord], start: int, end: int) -> dict[str, object]:
    """Entries by walking each outside number's calls in time order, as the README says."""
    ours = {canonical(n) for n in OURS}
    entries: list[dict[str, object]] = []
    open_entry: dict[str, dict[str, object]] = {}
    for r in sorted(records, key=lambda r: r.start_utc):
        a, b = canonical(r.calling_number), canonical(r.called_number)
        if (a in ours) == (b in ours):
            continue
        them, us = (a, b) if b in ours else (b, a)
        t = int(r.start_utc.timestamp())
        if b in ours and r.duration == 0:
            entry = open_entry.get(them)
            if entry is None:
                entry = open_entry[them] = {
                    "first": t,
                    "us": us,
                    "back": None,
                    "by": None,
                    "missed": 0,
                    "tried": 0,
                }
                entries.append(entry)
            entry["missed"] = int(entry["missed"]) + 1  # type: ignore[call-overload]
        elif r.duration > 0 and them in open_entry:
            entry = open_entry.pop(them)
            entry["back"], entry["by"] = t, us
        elif them in open_entry:  # an unanswered call back
            open_entry[them]["tried"] = int(open_entry[them]["tried"]) + 1  # type: ignore[call-overload]
    chosen = [e for e in entries if start <= int(e["first"]) < end]  # type: ignore[call-overload]
    waits = sorted(
        brute_worked(HOURS, int(e["first"]), int(e["back"]))  # type: ignore[call-overload]
        for e in chosen
        if e["back"] is not None
    )

    def rank(share: float) -> int | None:
        return waits[max(math.ceil(share * len(waits)) - 1, 0)] if waits else None

    back = [e for e in chosen if e["back"] is not None]
    return {
        "entries": len(chosen),
        "returned": len(back),
        "within_15_min": sum(w <= 900 for w in waits),
        "within_1_hour": sum(w <= 3600 for w in waits),
        "same_working_day": sum(
            int(e["back"]) <= brute_day_end(HOURS, int(e["first"]))  # type: ignore[call-overload]
            for e in back
        ),
        "median": rank(0.5),
        "p90": rank(0.9),
        "by": sorted(str(e["by"]) for e in back),
        "unreturned": sorted(
            (str(e["us"]), int(e["first"]), int(e["missed"]), int(e["tried"]))  # type: ignore[call-overload]
            for e in chosen
            if e["back"] is None
        ),
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=calls_strategy, cut=st.integers(0, 3 * 24 * 60))
def test_the_report_is_what_a_brute_force_count_says(
    raw: list[tuple[int, str, int, int, int]], cut: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    records = _records(raw)
    folder: Path = tmp_path_factory.mktemp("callbacks")
    period_start = MONDAY + timedelta(minutes=cut)
    period_end = MONDAY + timedelta(days=5)
    with CallArchive(folder / "calls.sqlite3") as archive:
        archive.add_calls(records)
        report = callback_report(archive, OURS, HOURS, start=period_start, end=period_end)
    later = [r for r in records if r.start_utc >= period_start]
    expected = brute_report(later, int(period_start.timestamp()), int(period_end.timestamp()))
    total = report.total
    assert {
        "entries": total.entries,
        "returned": total.returned,
        "within_15_min": total.within_15_min,
        "within_1_hour": total.within_1_hour,
        "same_working_day": total.same_working_day,
        "median": total.median_wait,
        "p90": total.p90_wait,
        "by": sorted(n for n, count in report.returned_by.items() for _ in range(count)),
        "unreturned": sorted(
            (u.subscriber, u.first_missed, u.missed, u.attempts) for u in report.unreturned
        ),
    } == expected
    assert sum(g.entries for g in report.by_subscriber.values()) == total.entries
    assert sum(g.returned for g in report.by_department.values()) == total.returned


def test_an_empty_archive_reports_nothing(archive: CallArchive) -> None:
    report = callback_report(archive, OURS, HOURS)
    assert report.total.entries == 0
    assert report.total.median_wait is None
    assert report.unreturned == []


def test_hours_round_the_clock_count_every_second() -> None:
    hours = WorkingHours.parse("mon-sun 00:00-24:00")
    first = int(datetime(2026, 3, 28, 12, tzinfo=UTC).timestamp())  # over the spring change
    clock = WorkingClock(hours, first, first + 3 * 86400)
    assert clock.between(np.array([first]), np.array([first + 2 * 86400])).tolist() == [2 * 86400]
    assert hours.span(date(2026, 3, 29)) is not None
    assert time(0) == hours.opens


@settings(max_examples=40, deadline=None)
@given(raw=calls_strategy)
def test_the_worklist_and_the_report_make_the_same_entries(
    raw: list[tuple[int, str, int, int, int]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from fmc_desktop.core.notes.events import EventLog
    from fmc_desktop.core.worklist.worklist import Worklist

    with CallArchive(tmp_path_factory.mktemp("same") / "calls.sqlite3") as archive:
        archive.add_calls(_records(raw))
        report = callback_report(archive, OURS, HOURS)
        entries = Worklist(EventLog(archive), OURS).entries()
    assert report.total.entries == len(entries)
    assert report.total.returned == sum(e.returned is not None for e in entries)
    assert sorted(
        (u.number, u.first_missed, u.missed, u.attempts) for u in report.unreturned
    ) == sorted(
        (e.number, e.first_missed, len(e.misses), len(e.attempts))
        for e in entries
        if e.returned is None
    )
    assert sorted(report.returned_by.items()) == sorted(
        {
            n: sum(e.returned_by == n for e in entries)
            for n in {e.returned_by for e in entries if e.returned_by is not None}
        }.items()
    )
