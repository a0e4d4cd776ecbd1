"""The periods the history shows (today, yesterday, the last 7 or 30 days, a range of days)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import IntEnum

from fmc_desktop.core.api.kyiv import KYIV


class Period(IntEnum):
    """The choices of the window's period list, in the order it shows them."""

    TODAY = 0
    YESTERDAY = 1
    LAST_7_DAYS = 2
    LAST_30_DAYS = 3
    WHOLE_ARCHIVE = 4
    CUSTOM = 5


def _kyiv_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), KYIV)


def period_bounds(
    period: Period, today: date, custom: tuple[date, date]
) -> tuple[int | None, int | None]:
    """[start, end) of a period as UTC epoch seconds; Kyiv calendar days, as the PBX counts.

    `custom` is the range of days the user picked, in either order; it counts only for CUSTOM.
    The whole archive has no bounds: (None, None).
    """
    if period is Period.WHOLE_ARCHIVE:
        return None, None
    if period is Period.TODAY:
        first, last = today, today
    elif period is Period.YESTERDAY:
        first = last = today - timedelta(days=1)
    elif period is Period.LAST_7_DAYS:
        first, last = today - timedelta(days=6), today
    elif period is Period.LAST_30_DAYS:
        first, last = today - timedelta(days=29), today
    else:
        first, last = min(custom), max(custom)
    # Midnight to midnight in Kyiv: across a clock change a day is 23 or 25 real hours.
    start = _kyiv_midnight(first)
    end = _kyiv_midnight(last + timedelta(days=1))
    return int(start.timestamp()), int(end.timestamp())


def days_of(start: int | None, end: int | None) -> tuple[date, date] | None:
    """The first and last Kyiv day of [start, end) epoch seconds; None for no bounds."""
    if start is None or end is None:
        return None
    return (
        datetime.fromtimestamp(start, KYIV).date(),
        datetime.fromtimestamp(end - 1, KYIV).date(),
    )
