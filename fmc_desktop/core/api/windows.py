"""A user's period cut into requests the call-history API will accept.

The API takes at most 7 days per request, refuses a `from` older than 30 days, and reads both
timestamps as Europe/Kyiv wall time. Nobody says whether it measures those days on the wall clock
or in real hours, and across a clock change the two differ by an hour (a 7-day wall-clock window
across the October change is 169 real hours; across March, 167). So every limit here holds by
both measures, with a margin.

A wall time inside the repeated October hour (03:00-04:00 happens twice) could be read by the
server as either instant, so no `from` or `to` is ever sent from inside it. (The skipped March
hour needs no care: a real instant never shows a wall time that does not exist.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fmc_desktop.core.api import kyiv
from fmc_desktop.core.api.errors import InvalidInputError

# The API's own limit is 7 days; an hour less leaves room for a server that counts differently.
WINDOW_MARGIN = timedelta(hours=1)
MAX_WINDOW = timedelta(days=7) - WINDOW_MARGIN
HISTORY_LIMIT = timedelta(days=30)
# A plan is made a moment before its last request is sent; the margin keeps the oldest `from`
# inside the 30 days while the earlier requests run.
HISTORY_MARGIN = timedelta(hours=1)

_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Window:
    """One request's period: aware UTC instants on whole seconds, never in the repeated hour."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a Window needs aware datetimes")
        if self.start > self.end:
            raise ValueError("a Window cannot end before it starts")

    def wire_params(self) -> dict[str, str]:
        """The request's `from` and `to`, in Kyiv wall time as the API reads them."""
        return {"from": kyiv.format_wire(self.start), "to": kyiv.format_wire(self.end)}


@dataclass(frozen=True)
class WindowPlan:
    """The requests for one period, and what of the period the API can no longer give.

    Consecutive windows share their boundary instant, so a call that starts exactly on it comes
    back twice; the merge removes the duplicate. `available_from` is the oldest `from` this plan
    may send; `clamped` says part of the requested period is older than that.
    """

    windows: list[Window]
    requested_start: datetime
    requested_end: datetime
    available_from: datetime
    clamped: bool

    def lost_range(self) -> tuple[datetime, datetime] | None:
        """The requested part older than the API keeps, to tell the user; None when nothing is."""
        if not self.clamped:
            return None
        return self.requested_start, min(self.requested_end, self.available_from)

    @property
    def covered_end(self) -> datetime | None:
        """Where the plan's last request ends: the point a sync has reached once it succeeds."""
        return self.windows[-1].end if self.windows else None


def plan_windows(start: datetime, end: datetime, now: datetime) -> WindowPlan:
    """The requests that fetch [start, end] as far as the API allows at `now`.

    `end` is clamped to `now` (the future has no calls) and `start` to the oldest instant the API
    still gives; the plan is empty when nothing is left. Boundaries are whole seconds: the start
    floored, the end ceiled, so rounding never loses a call.
    """
    start, end, now = kyiv.utc(start), kyiv.utc(end), kyiv.utc(now)
    if start > end:
        raise InvalidInputError(
            f"The period starts ({kyiv.format_api(start)}) after it ends "
            f"({kyiv.format_api(end)}); give the earlier time first.",
            start=start,
            end=end,
        )
    available_from = _oldest_allowed_from(now)
    clamped = start < available_from
    first = _floor_second(max(start, available_from))
    last = _ceil_second(min(end, now))
    if _in_repeated_hour(first):
        # Earlier, not later: asking for a little more loses nothing, asking for less would.
        # The 30-day limit still holds: `first` can only be in the hour if it came from `start`,
        # and available_from, never inside the hour itself, is then before the hour.
        first = _before_repeated_hour(first)
    if _in_repeated_hour(last):
        after = _after_repeated_hour(last)
        # Only up to now: whether the server answers a `to` in the future is unknown. Stopping
        # just before the hour is safe; the next sync picks up from there.
        last = after if after <= now else _before_repeated_hour(last)
    windows: list[Window] = []
    boundary = first
    while boundary < last:
        following = min(_farthest_end(boundary), last)
        windows.append(Window(boundary, following))
        boundary = following
    return WindowPlan(
        windows=windows,
        requested_start=start,
        requested_end=end,
        available_from=available_from,
        clamped=clamped,
    )


def _oldest_allowed_from(now: datetime) -> datetime:
    """`now` less 30 days by the stricter measure, plus the margin, outside the repeated hour."""
    by_real_time = now - HISTORY_LIMIT
    wall = _wall(now) - HISTORY_LIMIT
    # A wall time that does not exist or happens twice: take the later reading, the stricter one.
    by_wall_time = max(kyiv.to_utc(wall, fold=0), kyiv.to_utc(wall, fold=1))
    oldest = _ceil_second(max(by_real_time, by_wall_time) + HISTORY_MARGIN)
    # Later, because earlier would break the limit: this costs at most two hours of history.
    return _after_repeated_hour(oldest) if _in_repeated_hour(oldest) else oldest


def _farthest_end(start: datetime) -> datetime:
    """The latest end for a window from `start` that stays within MAX_WINDOW by both measures."""
    end = start + MAX_WINDOW
    # Kyiv's offset changes at most once in a week, so one correction is enough.
    excess = _wall(end) - _wall(start) - MAX_WINDOW
    if excess > timedelta(0):
        end -= excess
    if _in_repeated_hour(end):
        # Moving later would stretch the window past the limit.
        end = _before_repeated_hour(end)
    return end


def _wall(instant: datetime) -> datetime:
    return instant.astimezone(kyiv.KYIV).replace(tzinfo=None)


def _in_repeated_hour(instant: datetime) -> bool:
    return kyiv.is_ambiguous(_wall(instant))


def _repeated_hour_first_start(instant: datetime) -> datetime:
    """The first 03:00 of the repeated hour that `instant` (inside it) falls in."""
    hour = _wall(instant).replace(minute=0, second=0, microsecond=0)
    return kyiv.to_utc(hour, fold=0)


def _before_repeated_hour(instant: datetime) -> datetime:
    """The last whole second before the repeated hour: 02:59:59 summer time."""
    return _repeated_hour_first_start(instant) - _SECOND


def _after_repeated_hour(instant: datetime) -> datetime:
    """The end of the repeated hour: 04:00 winter time, which happens once."""
    hour = _wall(instant).replace(minute=0, second=0, microsecond=0)
    return kyiv.to_utc(hour + timedelta(hours=1))


def _floor_second(instant: datetime) -> datetime:
    return instant.replace(microsecond=0)


def _ceil_second(instant: datetime) -> datetime:
    floored = instant.replace(microsecond=0)
    return floored if floored == instant else floored + _SECOND
