"""Working hours: which stretches of time count when a missed call waits to be returned.

Written as in the settings: `mon-fri 09:00-18:00` (days `mon`..`sun`, a range or a comma list,
`mon-thu,sat`), in Kyiv time, plus a list of holidays (`2026-01-01`). A wait is counted in working
seconds only: a call missed at 17:50 on Friday and returned at 09:10 on Monday waited 20 minutes.

For speed over a million calls the hours become a table of days (UTC epochs of each local day's
start, its opening and closing, and the working seconds before it), so the working time up to
any instant is a binary search and a subtraction, and a wait is the difference of two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Final

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.api.kyiv import KYIV

DEFAULT_HOURS: Final = "mon-fri 09:00-18:00"
_DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SHAPE: Final = re.compile(
    r"\s*(?P<days>[a-z,\-]+)\s+(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})\s*"
)

Epochs = npt.NDArray[np.int64]


def _bad(text: str) -> InvalidInputError:
    return InvalidInputError(
        f"{text!r} are not working hours: write them as `mon-fri 09:00-18:00` (Kyiv time)."
    )


def _day_set(text: str, whole: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        if first not in _DAYS or (last and last not in _DAYS):
            raise _bad(whole)
        a, b = _DAYS.index(first), _DAYS.index(last or first)
        if b < a:
            raise _bad(whole)
        days.update(range(a, b + 1))
    return frozenset(days)


def _clock(text: str, whole: str) -> time:
    hours, minutes = (int(p) for p in text.split(":"))
    if hours == 24 and minutes == 0:
        return time.max
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise _bad(whole)
    return time(hours, minutes)


@dataclass(frozen=True)
class WorkingHours:
    days: frozenset[int] = frozenset(range(5))  # Monday is 0
    opens: time = time(9)
    closes: time = time(18)
    holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def parse(cls, text: str = DEFAULT_HOURS, holidays: Iterable[str] = ()) -> WorkingHours:
        found = _SHAPE.fullmatch(text.lower())
        if found is None:
            raise _bad(text)
        opens, closes = _clock(found["open"], text), _clock(found["close"], text)
        if closes <= opens:
            raise _bad(text)
        free: set[date] = set()
        for day in holidays:
            try:
                free.add(date.fromisoformat(day.strip()))
            except ValueError:
                raise InvalidInputError(
                    f"{day!r} is not a holiday date: write it as YYYY-MM-DD."
                ) from None
        return cls(_day_set(found["days"], text), opens, closes, frozenset(free))

    def works_on(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def span(self, day: date) -> tuple[int, int] | None:
        """The UTC epochs a working day opens and closes at (None: not a working day)."""
        if not self.works_on(day):
            return None
        opening = datetime.combine(day, self.opens, KYIV)
        closing = (
            datetime.combine(day + timedelta(days=1), time(0), KYIV)
            if self.closes == time.max
            else datetime.combine(day, self.closes, KYIV)
        )
        return int(opening.timestamp()), int(closing.timestamp())


class WorkingClock:
    """Working seconds between instants, for instants from `first` to `last` (UTC epochs)."""

    def __init__(self, hours: WorkingHours, first: int, last: int) -> None:
        self.hours = hours
        start = datetime.fromtimestamp(first, KYIV).date() - timedelta(days=1)
        end = datetime.fromtimestamp(last, KYIV).date() + timedelta(days=9)
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        self.day_starts: Epochs = np.array(
            [int(datetime.combine(d, time(0), KYIV).timestamp()) for d in days], dtype=np.int64
        )
        spans = [hours.span(d) for d in days]
        self.opens: Epochs = np.array(
            [s[0] if s else self.day_starts[i] for i, s in enumerate(spans)], dtype=np.int64
        )
        self.closes: Epochs = np.array(
            [s[1] if s else self.day_starts[i] for i, s in enumerate(spans)], dtype=np.int64
        )
        lengths = self.closes - self.opens
        self.before: Epochs = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        # The close of the working day a moment belongs to: its own day's, while that day is
        # still open; else the next working day's.
        following = np.empty(len(days), dtype=np.int64)
        upcoming = int(self.closes[-1])
        for i in range(len(days) - 1, -1, -1):
            if lengths[i] > 0:
                upcoming = int(self.closes[i])
            following[i] = upcoming
        self._following = following
        self._lengths = lengths

    def _day(self, t: Epochs) -> Epochs:
        return np.searchsorted(self.day_starts, t, side="right").astype(np.int64) - 1

    def worked(self, t: Epochs) -> Epochs:
        """Working seconds from the table's start up to each instant."""
        d = self._day(t)
        inside: Epochs = np.clip(t - self.opens[d], 0, self._lengths[d])
        return self.before[d] + inside

    def between(self, a: Epochs, b: Epochs) -> Epochs:
        """Working seconds from each `a` to each `b` (b >= a)."""
        return self.worked(b) - self.worked(a)

    def day_end(self, t: Epochs) -> Epochs:
        """The end of the working day each instant counts towards."""
        d = self._day(t)
        still_open = (self._lengths[d] > 0) & (t < self.closes[d])
        after = np.minimum(d + 1, len(self.day_starts) - 1)
        return np.asarray(np.where(still_open, self.closes[d], self._following[after]), np.int64)
