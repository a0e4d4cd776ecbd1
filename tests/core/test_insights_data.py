"""The Insights figures, counted by hand on a small set of calls."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fmc_desktop.core.api.kyiv import KYIV, parse_naive, resolve_call
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.history.insights_oracle import (
    DayCounts,
    DepartmentTotal,
    DurationBucket,
    InsightsData,
    PartyCount,
    compute_insights,
    perspective,
)

ME = "0671111111"  # the user's own number, as settings may spell it
ME_TOO = "+380671111112"  # the user's second number
COLLEAGUE = "0672222222"  # a company number that is not the user's
CLIENT = "0501234567"
SUPPLIER = "+380931112233"


def call(
    start: str,
    calling: str,
    called: str,
    duration: int,
    *,
    calling_name: str | None = None,
    calling_department: str | None = None,
    called_department: str | None = None,
) -> CallRecord:
    """A call as the API writes it: Kyiv wall-clock start, end = start + duration."""
    naive = parse_naive(start)
    begin, end = resolve_call(naive, naive + timedelta(seconds=duration), duration)
    return CallRecord(
        begin,
        end,
        calling,
        called,
        duration,
        calling_name=calling_name,
        calling_department=calling_department,
        called_department=called_department,
    )


def second_reading(wall: str, calling: str, called: str, duration: int) -> CallRecord:
    """A call that started in the second pass of the repeated autumn hour."""
    start = parse_naive(wall).replace(tzinfo=KYIV, fold=1)
    end = (start.astimezone(UTC) + timedelta(seconds=duration)).astimezone(KYIV)
    return CallRecord(start, end, calling, called, duration)


def test_directions_answered_and_missed_per_day_from_my_numbers() -> None:
    calls = [
        call("2024-05-06 09:00:00", ME, CLIENT, 60),  # outgoing, answered
        call("2024-05-06 09:10:00", ME, CLIENT, 0),  # outgoing, missed
        call("2024-05-06 10:00:00", CLIENT, ME, 30),  # incoming, answered
        call("2024-05-06 10:05:00", CLIENT, ME, 0),  # incoming, missed
        call("2024-05-06 10:06:00", "380501234567", ME_TOO, 0),  # incoming, missed
        call("2024-05-06 11:00:00", ME, ME_TOO, 5),  # internal: both are mine
        call("2024-05-07 12:00:00", COLLEAGUE, ME, 0),  # incoming (the colleague is not mine)
    ]
    data = compute_insights(calls, mine=[ME, ME_TOO], company=[ME, ME_TOO, COLLEAGUE])
    assert data.per_day == [
        DayCounts(date(2024, 5, 6), 1, 2, 1, 1, 1, 0),
        DayCounts(date(2024, 5, 7), 0, 1, 0, 0, 0, 0),
    ]
    assert data.total == 7
    assert data.answered == 3
    assert data.total_seconds == 95
    assert data.incoming_missed == 3
    assert data.per_day[0].total == 6


def test_without_own_numbers_directions_are_seen_from_the_company() -> None:
    calls = [
        call("2024-05-06 09:00:00", COLLEAGUE, ME, 10),  # both in the company: internal
        call("2024-05-06 09:05:00", COLLEAGUE, CLIENT, 10),  # outgoing
        call("2024-05-06 09:06:00", CLIENT, SUPPLIER, 10),  # touches neither: other
    ]
    data = compute_insights(calls, mine=[], company=[ME, COLLEAGUE])
    (day,) = data.per_day
    assert (day.internal, day.outgoing_answered, day.other) == (1, 1, 1)
    # From my numbers the same calls read differently.
    mine = compute_insights(calls, mine=[ME], company=[ME, COLLEAGUE])
    (day,) = mine.per_day
    assert (day.incoming_answered, day.internal, day.other) == (1, 0, 2)


def test_perspective_takes_any_spelling_and_ignores_blanks() -> None:
    assert perspective(["067 111-11-11", " "], ["0672222222"]) == frozenset({"+380671111111"})
    assert perspective([], ["380672222222"]) == frozenset({"+380672222222"})
    assert perspective([], []) == frozenset()


def test_hour_of_week_counts_kyiv_wall_time_across_both_daylight_saving_changes() -> None:
    calls = [
        # Sunday 2024-03-31: clocks jump from 03:00 to 04:00.
        call("2024-03-31 02:59:00", ME, CLIENT, 60),
        call("2024-03-31 04:00:00", ME, CLIENT, 60),
        # Sunday 2024-10-27: 03:00-04:00 happens twice; both readings are 3 o'clock on Sunday.
        call("2024-10-27 03:30:00", ME, CLIENT, 60),
        second_reading("2024-10-27 03:10:00", ME, CLIENT, 20),
        call("2024-10-28 00:00:00", ME, CLIENT, 1),  # Monday, midnight
        call("2024-10-27 23:59:59", ME, CLIENT, 1),  # still Sunday
    ]
    grid = compute_insights(calls, mine=[ME]).hour_of_week
    assert len(grid) == 7
    assert all(len(row) == 24 for row in grid)
    sunday, monday = grid[6], grid[0]
    assert sunday[2] == 1
    assert sunday[3] == 2
    assert sunday[4] == 1
    assert sunday[23] == 1
    assert monday[0] == 1
    assert sum(map(sum, grid)) == len(calls)


def test_a_call_given_in_utc_is_counted_in_kyiv_time() -> None:
    # 21:30 UTC on Monday 3 June 2024 is 00:30 on Tuesday 4 June in Kyiv (UTC+3 in summer).
    start = datetime(2024, 6, 3, 21, 30, tzinfo=UTC)
    record = CallRecord(start, start + timedelta(seconds=10), ME, CLIENT, 10)
    data = compute_insights([record], mine=[ME])
    assert [d.day for d in data.per_day] == [date(2024, 6, 4)]
    assert data.hour_of_week[1][0] == 1


def test_duration_buckets_at_their_edges() -> None:
    durations = [0, 1, 29, 30, 59, 60, 179, 180, 599, 600, 1799, 1800, 7200]
    calls = [call("2024-05-06 09:00:00", ME, CLIENT, d) for d in durations]
    buckets = compute_insights(calls, mine=[ME]).duration_buckets
    assert buckets == [
        (DurationBucket.MISSED, 1),
        (DurationBucket.UNDER_30_S, 2),
        (DurationBucket.UNDER_1_MIN, 2),
        (DurationBucket.UNDER_3_MIN, 2),
        (DurationBucket.UNDER_10_MIN, 2),
        (DurationBucket.UNDER_30_MIN, 2),
        (DurationBucket.LONGER, 2),
    ]
    for duration in durations:
        bucket = DurationBucket.of(duration)
        assert bucket.low <= duration
        assert bucket.high is None or duration < bucket.high or bucket is DurationBucket.MISSED


def test_top_lists_order_by_calls_then_talk_time_then_number() -> None:
    a, b, c, d, e = (f"05000000{n:02d}" for n in range(1, 6))
    calls = [
        *(call("2024-05-06 09:00:00", ME, a, 10) for _ in range(3)),  # a: 3 calls, 30 s
        *(call("2024-05-06 09:00:00", ME, b, 50) for _ in range(2)),  # b: 2 calls, 100 s
        *(call("2024-05-06 09:00:00", ME, c, 100) for _ in range(2)),  # c: 2 calls, 200 s
        call("2024-05-06 09:00:00", ME, e, 7),  # e and d tie completely: by number
        call("2024-05-06 09:00:00", ME, d, 7),
        # Incoming calls count for "calling", never for "called" (the called number is mine).
        call("2024-05-06 09:00:00", d, ME, 0),
        call("2024-05-06 09:00:00", d, ME, 40, calling_name="Dmytro"),
        call("2024-05-06 09:00:00", "+380500000004", ME, 5, calling_name="Dmytro Petrenko"),
    ]
    data = compute_insights(calls, mine=[ME], top=4)
    assert [(p.number, p.calls, p.total_seconds) for p in data.top_called] == [
        ("+380500000001", 3, 30),
        ("+380500000003", 2, 200),
        ("+380500000002", 2, 100),
        ("+380500000004", 1, 7),
    ]
    # Both spellings of d are one person; the last name given wins.
    assert data.top_calling == [PartyCount("+380500000004", "Dmytro Petrenko", 3, 45)]
    assert data.top_called[3].name == "Dmytro Petrenko"
    assert compute_insights(calls, mine=[ME], top=0).top_called == []


def test_internal_calls_count_in_both_top_lists() -> None:
    data = compute_insights([call("2024-05-06 09:00:00", ME, ME_TOO, 12)], mine=[ME, ME_TOO])
    assert data.top_called == [PartyCount("+380671111112", None, 1, 12)]
    assert data.top_calling == [PartyCount("+380671111111", None, 1, 12)]


def test_departments_count_each_call_once_per_department() -> None:
    sales, support = "Sales", "Відділ роботи з ключовими клієнтами"
    calls = [
        call("2024-05-06 09:00:00", ME, CLIENT, 60, calling_department=sales),
        call("2024-05-06 09:00:00", CLIENT, ME, 0, called_department=sales),
        # Between two departments: one call for each.
        call(
            "2024-05-06 09:00:00",
            ME,
            COLLEAGUE,
            120,
            calling_department=sales,
            called_department=support,
        ),
        # Within one department: one call, not two.
        call(
            "2024-05-06 09:00:00",
            COLLEAGUE,
            "0672222223",
            30,
            calling_department=support,
            called_department=support,
        ),
        call("2024-05-06 09:00:00", "0672222224", CLIENT, 0, calling_department="IT"),
        call("2024-05-06 09:00:00", "0672222225", CLIENT, 10, calling_department="it"),
        call("2024-05-06 09:00:00", CLIENT, SUPPLIER, 10),  # no department at all
    ]
    data = compute_insights(calls, mine=[ME])
    assert data.departments == [
        DepartmentTotal(sales, 3, 180, 1),
        DepartmentTotal(support, 2, 150, 0),
        DepartmentTotal("IT", 1, 0, 1),
        DepartmentTotal("it", 1, 10, 0),
    ]


def test_days_cover_the_whole_period_quiet_days_included() -> None:
    calls = [
        call("2024-05-02 09:00:00", ME, CLIENT, 10),
        call("2024-05-05 09:00:00", ME, CLIENT, 10),
        call("2024-04-20 09:00:00", ME, CLIENT, 10),  # outside the period given below
    ]
    data = compute_insights(calls, mine=[ME])
    assert [d.day for d in data.per_day] == [
        date(2024, 4, 20) + timedelta(days=n) for n in range(16)
    ]
    period = compute_insights(calls, mine=[ME], days=(date(2024, 5, 1), date(2024, 5, 7)))
    assert [d.day for d in period.per_day] == [date(2024, 5, n) for n in range(1, 8)]
    assert [d.total for d in period.per_day] == [0, 1, 0, 0, 1, 0, 0]
    assert period.total == 3  # the call outside the days still counts everywhere else
    with pytest.raises(ValueError, match="last day"):
        compute_insights(calls, days=(date(2024, 5, 7), date(2024, 5, 1)))


def test_no_calls() -> None:
    data = InsightsData.empty()
    assert data.per_day == []
    assert data.hour_of_week == [[0] * 24 for _ in range(7)]
    assert [count for _, count in data.duration_buckets] == [0] * 7
    assert (data.top_called, data.top_calling, data.departments) == ([], [], [])
    assert (data.total, data.answered, data.total_seconds, data.incoming_missed) == (0, 0, 0, 0)


def test_records_are_read_once_so_a_generator_is_enough() -> None:
    calls = (call("2024-05-06 09:00:00", ME, CLIENT, n) for n in range(5))
    assert compute_insights(calls, mine=[ME]).total == 5
