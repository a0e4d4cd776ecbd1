"""The history's periods are Kyiv calendar days, as the PBX counts them, clock changes included."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.history.periods import Period, days_of, period_bounds

HOUR = 3600
DAY = 24 * HOUR


def test_the_period_is_kyiv_calendar_days(clock: ManualClock) -> None:
    today = clock.now().astimezone(KYIV).date()
    start, end = period_bounds(Period.YESTERDAY, today, (today, today))
    assert start is not None
    assert end is not None
    assert datetime.fromtimestamp(start, KYIV).hour == 0
    assert end - start == 24 * 3600
    start, end = period_bounds(Period.LAST_7_DAYS, today, (today, today))
    assert start is not None
    assert end is not None
    assert end - start == 7 * 24 * 3600
    assert period_bounds(Period.WHOLE_ARCHIVE, today, (today, today)) == (None, None)


def test_today_starts_at_kyiv_midnight_whatever_the_machines_zone() -> None:
    start, end = period_bounds(Period.TODAY, date(2025, 6, 15), (date.min, date.min))
    # Kyiv is UTC+3 in summer: its midnight is 21:00 UTC the day before.
    assert start == int(datetime(2025, 6, 14, 21, tzinfo=UTC).timestamp())
    assert datetime.fromtimestamp(start or 0, KYIV) == datetime(2025, 6, 15, tzinfo=KYIV)
    assert (end or 0) - (start or 0) == DAY


def test_a_week_across_the_autumn_change_is_169_real_hours() -> None:
    # 2024-10-27 04:00 Kyiv became 03:00: that Sunday has 25 hours.
    start, end = period_bounds(Period.LAST_7_DAYS, date(2024, 10, 30), (date.min, date.min))
    assert (end or 0) - (start or 0) == 169 * HOUR
    start, end = period_bounds(Period.TODAY, date(2024, 10, 27), (date.min, date.min))
    assert (end or 0) - (start or 0) == 25 * HOUR


def test_the_spring_change_makes_a_23_hour_day() -> None:
    start, end = period_bounds(Period.YESTERDAY, date(2025, 3, 31), (date.min, date.min))
    assert (end or 0) - (start or 0) == 23 * HOUR


def test_30_days_end_with_today() -> None:
    today = date(2025, 1, 31)
    start, end = period_bounds(Period.LAST_30_DAYS, today, (date.min, date.min))
    assert datetime.fromtimestamp(start or 0, KYIV).date() == date(2025, 1, 2)
    assert datetime.fromtimestamp(end or 0, KYIV).date() == date(2025, 2, 1)


def test_a_custom_range_counts_both_ends_in_either_order() -> None:
    first, last = date(2025, 2, 3), date(2025, 2, 5)
    forward = period_bounds(Period.CUSTOM, date(2025, 6, 1), (first, last))
    backward = period_bounds(Period.CUSTOM, date(2025, 6, 1), (last, first))
    assert forward == backward
    start, end = forward
    assert (end or 0) - (start or 0) == 3 * DAY
    # The custom range does not count for the other periods.
    assert period_bounds(Period.TODAY, first, (date(2020, 1, 1), last)) == period_bounds(
        Period.TODAY, first, (first, first)
    )


def test_days_of_a_period_are_its_first_and_last_kyiv_days() -> None:
    start, end = period_bounds(Period.LAST_7_DAYS, date(2024, 10, 30), (date.min, date.min))
    assert days_of(start, end) == (date(2024, 10, 24), date(2024, 10, 30))
    assert days_of(None, None) is None
    assert (
        days_of(*period_bounds(Period.WHOLE_ARCHIVE, date(2024, 1, 1), (date.min, date.min)))
        is None
    )
