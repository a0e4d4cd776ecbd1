"""Kyiv wall time and the repeated autumn hour."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fmc_desktop.core.api.kyiv import (
    TimestampError,
    format_api,
    format_wire,
    is_ambiguous,
    parse_naive,
    resolve_call,
    to_utc,
)


def test_only_the_autumn_hour_is_ambiguous() -> None:
    assert is_ambiguous(datetime(2024, 10, 27, 3, 30))
    assert not is_ambiguous(datetime(2024, 10, 27, 2, 30))
    assert not is_ambiguous(datetime(2024, 10, 27, 4, 0))
    # The skipped spring hour never happens; it is not "twice".
    assert not is_ambiguous(datetime(2026, 3, 29, 3, 30))


def test_the_two_readings_of_the_repeated_hour_are_an_hour_apart() -> None:
    naive = datetime(2024, 10, 27, 3, 30)
    assert (to_utc(naive, 1) - to_utc(naive, 0)).total_seconds() == 3600
    assert to_utc(naive, 0) == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)


def test_a_call_across_the_change_is_read_by_its_duration() -> None:
    # 03:50 (first reading) to 03:10 (second reading) is 20 minutes.
    start, end = resolve_call(datetime(2024, 10, 27, 3, 50), datetime(2024, 10, 27, 3, 10), 1200)
    assert (start.fold, end.fold) == (0, 1)
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 1200


def test_where_both_readings_fit_the_earlier_instant_wins() -> None:
    start, end = resolve_call(datetime(2024, 10, 27, 3, 30), datetime(2024, 10, 27, 3, 31), 60)
    assert (start.fold, end.fold) == (0, 0)


def test_the_vendors_one_second_difference_still_resolves() -> None:
    start, end = resolve_call(
        datetime(2024, 10, 27, 3, 59, 50), datetime(2024, 10, 27, 3, 0, 2), 13
    )
    assert (start.fold, end.fold) == (0, 1)


@pytest.mark.parametrize("bad", ["2024-10-27", "2024-13-01 00:00:00", "27.10.2024 03:30:00", ""])
def test_bad_timestamps_are_refused(bad: str) -> None:
    with pytest.raises(TimestampError):
        parse_naive(bad)


def test_wire_and_api_formats() -> None:
    instant = datetime(2024, 10, 27, 1, 30, tzinfo=UTC)  # 03:30 Kyiv, second reading
    assert format_wire(instant) == "2024-10-27T03:30:00"
    assert format_api(instant) == "2024-10-27 03:30:00"
