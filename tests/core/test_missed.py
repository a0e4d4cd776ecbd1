"""Only missed calls of the last two hours to the user's own numbers are news."""

from __future__ import annotations

from datetime import datetime, timedelta

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.history.missed import NOTIFY_WITHIN, new_missed_calls

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=KYIV)
OWN = ["+380671234567"]


def call(minutes_ago: int, called: str = "0671234567", duration: int = 0) -> CallRecord:
    start = NOW - timedelta(minutes=minutes_ago)
    return CallRecord(
        start=start,
        end=start + timedelta(seconds=30 + duration),
        calling_number="0441112233",
        called_number=called,
        duration=duration,
    )


def test_a_missed_call_to_my_number_a_minute_ago_is_news() -> None:
    missed = call(1)
    assert new_missed_calls([missed], OWN, NOW) == [missed]


def test_answered_calls_and_other_peoples_calls_are_not() -> None:
    answered = call(1, duration=40)
    colleagues = call(1, called="0501112233")
    assert new_missed_calls([answered, colleagues], OWN, NOW) == []


def test_older_than_two_hours_is_history_not_news() -> None:
    limit = int(NOTIFY_WITHIN.total_seconds() // 60)
    on_the_edge, too_old = call(limit), call(limit + 1)
    assert new_missed_calls([too_old, on_the_edge], OWN, NOW) == [on_the_edge]


def test_my_number_matches_in_any_spelling_and_the_order_is_kept() -> None:
    first, second = call(30, called="+38 (067) 123-45-67"), call(5, called="380671234567")
    assert new_missed_calls([first, second], ["0671234567"], NOW) == [first, second]
    assert new_missed_calls([first, second], [], NOW) == []
