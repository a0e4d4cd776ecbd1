"""Periods cut into requests the API accepts: 7-day and 30-day limits by both clocks, Kyiv's DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fmc_desktop.core.api import kyiv
from fmc_desktop.core.api.errors import ExitCode, InvalidInputError
from fmc_desktop.core.api.windows import (
    HISTORY_LIMIT,
    HISTORY_MARGIN,
    MAX_WINDOW,
    Window,
    WindowPlan,
    plan_windows,
)

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)

# 2024-10-27: Kyiv's 03:00-04:00 happens twice, from 00:00 to 02:00 UTC.
AUTUMN_REPEAT_START = datetime(2024, 10, 27, 0, 0, tzinfo=UTC)  # 03:00 summer time
AUTUMN_REPEAT_END = datetime(2024, 10, 27, 2, 0, tzinfo=UTC)  # 04:00 winter time
# 2025-03-30: 03:00-04:00 never happens; 01:00 UTC is 04:00 summer time.
SPRING_GAP = datetime(2025, 3, 30, 1, 0, tzinfo=UTC)


def wall(instant: datetime) -> datetime:
    return instant.astimezone(kyiv.KYIV).replace(tzinfo=None)


def wall_length(window: Window) -> timedelta:
    return wall(window.end) - wall(window.start)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def check_window_rules(plan: WindowPlan) -> None:
    """What every plan must satisfy, whatever was asked."""
    for window in plan.windows:
        assert window.start < window.end
        assert window.end - window.start <= MAX_WINDOW
        assert wall_length(window) <= MAX_WINDOW
        assert window.start >= plan.available_from
        for instant, param in ((window.start, "from"), (window.end, "to")):
            assert instant.tzinfo is UTC
            assert instant.microsecond == 0
            sent = kyiv.parse_naive(window.wire_params()[param])
            assert not kyiv.is_ambiguous(sent), f"{param}={sent} happens twice"
            # Round trip: the wall time exists (not in the spring gap) and means this instant.
            assert kyiv.to_utc(sent) == instant
    for earlier, later in zip(plan.windows, plan.windows[1:], strict=False):
        assert earlier.end == later.start


def test_thirty_days_take_five_windows_that_share_boundaries() -> None:
    now = utc(2026, 11, 20, 8)
    plan = plan_windows(now - timedelta(days=29), now, now)
    assert len(plan.windows) == 5
    assert plan.windows[0].start == now - timedelta(days=29)
    assert plan.windows[-1].end == now
    assert not plan.clamped
    assert plan.lost_range() is None
    check_window_rules(plan)
    assert all(w.end - w.start == timedelta(days=6, hours=23) for w in plan.windows[:-1])


def test_wire_params_are_kyiv_wall_time_with_both_ends() -> None:
    window = Window(utc(2024, 7, 1, 9), utc(2024, 7, 3, 21, 30))
    assert window.wire_params() == {"from": "2024-07-01T12:00:00", "to": "2024-07-04T00:30:00"}
    winter = Window(utc(2025, 1, 10, 22), utc(2025, 1, 11, 22))
    assert winter.wire_params() == {"from": "2025-01-11T00:00:00", "to": "2025-01-12T00:00:00"}


def test_a_window_across_the_october_change_is_limited_by_real_hours() -> None:
    start = utc(2024, 10, 24, 9)
    plan = plan_windows(start, start + timedelta(days=10), utc(2024, 11, 10))
    first = plan.windows[0]
    # 167 real hours, which the wall clock shows as 166.
    assert first.end - first.start == timedelta(hours=167)
    assert wall_length(first) == timedelta(hours=166)
    check_window_rules(plan)


def test_a_window_across_the_march_change_is_limited_by_wall_hours() -> None:
    start = utc(2025, 3, 25, 12)
    plan = plan_windows(start, start + timedelta(days=10), utc(2025, 4, 10))
    first = plan.windows[0]
    # 167 wall-clock hours, which are only 166 real ones.
    assert wall_length(first) == timedelta(hours=167)
    assert first.end - first.start == timedelta(hours=166)
    assert first.wire_params() == {"from": "2025-03-25T14:00:00", "to": "2025-04-01T13:00:00"}
    check_window_rules(plan)


def test_a_boundary_that_would_fall_in_the_repeated_hour_moves_before_it() -> None:
    # 167 hours after this start is 03:30 summer time on 2024-10-27, the first of two 03:30s.
    start = AUTUMN_REPEAT_START + timedelta(minutes=30) - timedelta(hours=167)
    plan = plan_windows(start, start + timedelta(days=9), utc(2024, 11, 10))
    boundary = plan.windows[0].end
    assert boundary == AUTUMN_REPEAT_START - SECOND
    assert plan.windows[0].wire_params()["to"] == "2024-10-27T02:59:59"
    assert plan.windows[1].wire_params()["from"] == "2024-10-27T02:59:59"
    check_window_rules(plan)


@pytest.mark.parametrize(
    "start",
    [
        AUTUMN_REPEAT_START,  # the first 03:00
        AUTUMN_REPEAT_START + timedelta(minutes=30),  # the first 03:30
        AUTUMN_REPEAT_START + timedelta(minutes=90),  # the second 03:30
    ],
)
def test_a_start_in_the_repeated_hour_moves_earlier_so_no_call_is_lost(start: datetime) -> None:
    plan = plan_windows(start, utc(2024, 10, 28), utc(2024, 11, 10))
    assert plan.windows[0].wire_params()["from"] == "2024-10-27T02:59:59"
    check_window_rules(plan)


def test_an_end_in_the_repeated_hour_moves_to_four_oclock_when_that_has_passed() -> None:
    end = AUTUMN_REPEAT_START + timedelta(minutes=30)
    plan = plan_windows(utc(2024, 10, 25), end, utc(2024, 11, 10))
    assert plan.windows[-1].end == AUTUMN_REPEAT_END
    assert plan.windows[-1].wire_params()["to"] == "2024-10-27T04:00:00"
    check_window_rules(plan)


def test_an_end_in_the_repeated_hour_never_asks_for_the_future() -> None:
    now = AUTUMN_REPEAT_START + timedelta(minutes=45)  # a sync at the first 03:45
    plan = plan_windows(utc(2024, 10, 26), now, now)
    assert plan.windows[-1].end == AUTUMN_REPEAT_START - SECOND
    assert plan.covered_end == AUTUMN_REPEAT_START - SECOND
    check_window_rules(plan)
    # The next sync, an hour later, carries on from there.
    later = now + HOUR * 2
    following = plan_windows(plan.windows[-1].end, later, later)
    assert following.windows[0].start == AUTUMN_REPEAT_START - SECOND
    assert following.windows[-1].end == later
    check_window_rules(following)


def test_a_period_inside_the_repeated_hour_at_that_hour_is_empty() -> None:
    now = AUTUMN_REPEAT_START + timedelta(minutes=50)
    plan = plan_windows(AUTUMN_REPEAT_START + timedelta(minutes=10), now, now)
    assert plan.windows == []


def test_the_spring_gap_never_appears_on_the_wire() -> None:
    plan = plan_windows(SPRING_GAP - HOUR, SPRING_GAP + HOUR, utc(2025, 4, 1))
    assert plan.windows[0].wire_params() == {
        "from": "2025-03-30T02:00:00",
        "to": "2025-03-30T05:00:00",
    }
    check_window_rules(plan)


def test_seconds_are_floored_at_the_start_and_ceiled_at_the_end() -> None:
    start = utc(2024, 7, 1, 9).replace(microsecond=900_000)
    end = utc(2024, 7, 1, 10).replace(microsecond=1)
    plan = plan_windows(start, end, utc(2024, 7, 2))
    assert plan.windows == [Window(utc(2024, 7, 1, 9), utc(2024, 7, 1, 10) + SECOND)]


def test_the_end_is_clamped_to_now() -> None:
    now = utc(2024, 7, 10, 12)
    plan = plan_windows(utc(2024, 7, 9), utc(2024, 7, 20), now)
    assert plan.windows == [Window(utc(2024, 7, 9), now)]
    assert plan.requested_end == utc(2024, 7, 20)
    assert plan.lost_range() is None


def test_a_period_in_the_future_is_empty() -> None:
    now = utc(2024, 7, 10, 12)
    plan = plan_windows(utc(2024, 7, 11), utc(2024, 7, 12), now)
    assert plan.windows == []
    assert not plan.clamped


def test_an_empty_period_is_an_empty_plan() -> None:
    instant = utc(2024, 7, 9)
    assert plan_windows(instant, instant, utc(2024, 7, 10)).windows == []


def test_a_period_that_ends_before_it_starts_is_a_usage_error() -> None:
    with pytest.raises(InvalidInputError) as caught:
        plan_windows(utc(2024, 7, 9), utc(2024, 7, 8), utc(2024, 7, 10))
    assert caught.value.exit_code is ExitCode.USAGE
    assert "after it ends" in caught.value.message


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        plan_windows(datetime(2024, 7, 8), utc(2024, 7, 9), utc(2024, 7, 10))


def test_the_oldest_from_is_thirty_days_back_plus_the_margin() -> None:
    now = utc(2024, 7, 10, 12, 0).replace(microsecond=250_000)
    start = now - timedelta(days=40)
    plan = plan_windows(start, now, now)
    expected = (now - HISTORY_LIMIT + HISTORY_MARGIN).replace(microsecond=0) + SECOND
    assert plan.available_from == expected
    assert plan.clamped
    assert plan.windows[0].start == expected
    assert plan.lost_range() == (start, expected)
    check_window_rules(plan)


def test_thirty_days_over_the_october_change_count_real_hours() -> None:
    # Wall-clock arithmetic would allow an hour older; the real-time limit is the stricter one.
    now = utc(2026, 11, 20, 8)
    plan = plan_windows(now - timedelta(days=40), now, now)
    assert plan.available_from == utc(2026, 10, 21, 9)
    assert plan.windows[0].wire_params()["from"] == "2026-10-21T12:00:00"


def test_thirty_days_over_the_march_change_count_wall_time() -> None:
    # 12:00 on 15 April less 30 wall-clock days is 12:00 on 16 March, an hour later than 30x24h.
    now = utc(2025, 4, 15, 9)
    plan = plan_windows(now - timedelta(days=40), now, now)
    assert plan.available_from == utc(2025, 3, 16, 11)
    assert plan.windows[0].wire_params()["from"] == "2025-03-16T13:00:00"


def test_the_oldest_from_leaves_the_repeated_hour_forwards() -> None:
    # 30 days less the margin before this `now` is the first 03:30 of 2024-10-27.
    now = AUTUMN_REPEAT_START + timedelta(minutes=30) + HISTORY_LIMIT - HISTORY_MARGIN
    plan = plan_windows(now - timedelta(days=31), now, now)
    assert plan.available_from == AUTUMN_REPEAT_END
    assert plan.windows[0].wire_params()["from"] == "2024-10-27T04:00:00"
    check_window_rules(plan)


def test_a_period_entirely_older_than_thirty_days_is_lost() -> None:
    now = utc(2024, 7, 10, 12)
    start, end = utc(2024, 5, 1), utc(2024, 5, 5)
    plan = plan_windows(start, end, now)
    assert plan.windows == []
    assert plan.clamped
    assert plan.lost_range() == (start, end)


def test_window_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Window(utc(2024, 7, 2), utc(2024, 7, 1))
    with pytest.raises(ValueError, match="aware"):
        Window(datetime(2024, 7, 1), utc(2024, 7, 2))


# --- the property ------------------------------------------------------------------------------

_EARLIEST, _LATEST = datetime(2020, 1, 1), datetime(2029, 12, 31)
_transitions = [
    utc(year, month, day, 1)
    for year, month, day in [
        (2020, 3, 29), (2020, 10, 25), (2021, 3, 28), (2021, 10, 31), (2022, 3, 27),
        (2022, 10, 30), (2023, 3, 26), (2023, 10, 29), (2024, 3, 31), (2024, 10, 27),
        (2025, 3, 30), (2025, 10, 26), (2026, 3, 29), (2026, 10, 25), (2027, 3, 28),
        (2027, 10, 31), (2028, 3, 26), (2028, 10, 29), (2029, 3, 25), (2029, 10, 28),
    ]
]  # fmt: skip
_any_instant = st.datetimes(_EARLIEST, _LATEST, timezones=st.just(UTC))
# Instants near a clock change, or a whole number of windows or history limits away from one:
# where boundaries and the 30-day edge would land in the repeated hour.
_near_change = st.builds(
    lambda change, shift, jitter: change + shift + jitter,
    st.sampled_from(_transitions),
    st.sampled_from(
        [timedelta(0), MAX_WINDOW, -MAX_WINDOW, -2 * MAX_WINDOW, HISTORY_LIMIT - HISTORY_MARGIN]
    ),
    st.timedeltas(-3 * HOUR, 3 * HOUR),
)
_instant = st.one_of(_any_instant, _near_change)


@st.composite
def _periods(draw: st.DrawFn) -> tuple[datetime, datetime, datetime]:
    """(start, end, now): anywhere in 2020-2029, but mostly the recent past of `now`, as in use."""
    a, b = draw(_instant), draw(_instant)
    start, end = min(a, b), max(a, b)
    if draw(st.booleans()):
        now = draw(_instant)
    else:
        now = end + draw(st.timedeltas(timedelta(0), 40 * DAY))
        start = max(start, now - draw(st.timedeltas(timedelta(0), 40 * DAY)))
        start = min(start, end)
    return start, end, now


def _repeated_hour_start(instant: datetime) -> datetime:
    hour = wall(instant).replace(minute=0, second=0, microsecond=0)
    return kyiv.to_utc(hour, fold=0)


@given(_periods())
@example(
    (
        AUTUMN_REPEAT_START - timedelta(days=3),
        AUTUMN_REPEAT_START + timedelta(minutes=20),
        AUTUMN_REPEAT_START + timedelta(minutes=40),
    )
)
def test_any_period_is_covered_within_the_limits(
    period: tuple[datetime, datetime, datetime],
) -> None:
    start, end, now = period
    plan = plan_windows(start, end, now)
    check_window_rules(plan)

    # The 30-day limit holds by both measures, with the margin, and costs at most the hour.
    real_limit = now - HISTORY_LIMIT + HISTORY_MARGIN
    assert plan.available_from >= real_limit
    assert plan.available_from >= kyiv.to_utc(wall(now) - HISTORY_LIMIT, fold=1) + HISTORY_MARGIN
    assert plan.available_from <= real_limit + HOUR + 2 * HOUR + SECOND
    assert plan.clamped == (start < plan.available_from)
    lost = plan.lost_range()
    assert (lost is not None) == plan.clamped
    if lost is not None:
        assert lost[0] == start
        assert lost[1] == min(end, plan.available_from)

    wanted_from, wanted_to = max(start, plan.available_from), min(end, now)
    sent_to = wanted_to.replace(microsecond=0) + (SECOND if wanted_to.microsecond else timedelta(0))
    # Only the repeated hour may keep the end short of `now`: then the plan stops just before it.
    stops_before_the_hour = kyiv.is_ambiguous(wall(sent_to))
    if not plan.windows:
        assert wanted_to <= wanted_from or stops_before_the_hour
        return
    first, last = plan.windows[0].start, plan.windows[-1].end
    assert first <= wanted_from
    assert first > wanted_from - 2 * HOUR - SECOND  # moved out of the repeated hour at most
    assert last <= now + SECOND  # never the future
    if last < wanted_to:
        assert stops_before_the_hour
        assert last == _repeated_hour_start(sent_to) - SECOND
    else:
        assert last <= max(end, wanted_to) + 2 * HOUR + SECOND
    assert len(plan.windows) <= 6  # 30 days never take more than six requests
