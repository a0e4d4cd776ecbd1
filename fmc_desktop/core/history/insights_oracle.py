"""The figures behind the Insights view, computed from the calls the current filter selects.

One pass over the calls, in plain Python, so the GUI can run it on a background thread over
whatever the history table shows (the archive has SQL versions of some of these figures for
when the calls are not in memory). Everything is counted in Kyiv time, the PBX's own clock:
a call belongs to the Kyiv day and hour in which it started.

Directions follow the history table's rule: they are seen from one set of numbers, the user's
own when there are any, otherwise the company's. A call is outgoing when only its caller is in
that set, incoming when only the called number is, internal when both are, and "other" when
neither is (which happens when no numbers are known at all).
"""

from __future__ import annotations

from bisect import bisect_right as _bisect
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any, Final

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.numbers.phone import canonical

HOURS: Final = 24
WEEKDAYS: Final = 7  # Monday first, as `date.weekday()` counts


class DurationBucket(Enum):
    """How long a call lasted. The value is the bucket's [low, high) range in seconds.

    The UI names the buckets in the user's language; the data only says which is which.
    """

    MISSED = (0, 1)
    UNDER_30_S = (1, 30)
    UNDER_1_MIN = (30, 60)
    UNDER_3_MIN = (60, 180)
    UNDER_10_MIN = (180, 600)
    UNDER_30_MIN = (600, 1800)
    LONGER = (1800, None)

    @property
    def low(self) -> int:
        low: int = self.value[0]
        return low

    @property
    def high(self) -> int | None:
        """Exclusive; None for the last, open-ended bucket."""
        high: int | None = self.value[1]
        return high

    @classmethod
    def of(cls, duration: int) -> DurationBucket:
        return _BUCKETS[_bisect(_BUCKET_EDGES, duration)]


_BUCKETS: Final = tuple(DurationBucket)
# The buckets' lower edges after the first: bisect_right(_BUCKET_EDGES, d) is d's bucket.
_BUCKET_EDGES: Final = tuple(bucket.low for bucket in _BUCKETS[1:])
_SLOTS_PER_DAY: Final = HOURS * 8


@dataclass(frozen=True, slots=True)
class DayCounts:
    """The calls of one Kyiv calendar day, by direction; "missed" means nobody answered."""

    day: date
    incoming_answered: int = 0
    incoming_missed: int = 0
    outgoing_answered: int = 0
    outgoing_missed: int = 0
    internal: int = 0
    # Calls that touch none of the numbers directions are seen from.
    other: int = 0

    @property
    def total(self) -> int:
        return (
            self.incoming_answered
            + self.incoming_missed
            + self.outgoing_answered
            + self.outgoing_missed
            + self.internal
            + self.other
        )


@dataclass(frozen=True, slots=True)
class PartyCount:
    """Someone the user called, or who called the user."""

    number: str  # canonical
    name: str | None  # the last name the calls gave for the number
    calls: int
    total_seconds: int


@dataclass(frozen=True, slots=True)
class DepartmentTotal:
    """The calls with a party in `department` (a call between two departments counts for both)."""

    department: str
    calls: int
    total_seconds: int
    missed: int


@dataclass(frozen=True, slots=True)
class InsightsData:
    per_day: list[DayCounts]  # every day from the first to the last, quiet days included
    hour_of_week: list[list[int]]  # [weekday, Monday first][hour], Kyiv time
    duration_buckets: list[tuple[DurationBucket, int]]  # every bucket, shortest first
    top_called: list[PartyCount]  # the most called first
    top_calling: list[PartyCount]
    departments: list[DepartmentTotal]  # the busiest first
    total: int
    answered: int = 0
    total_seconds: int = 0

    @classmethod
    def empty(cls) -> InsightsData:
        return compute_insights(())

    @property
    def incoming_missed(self) -> int:
        return sum(day.incoming_missed for day in self.per_day)


# Direction codes, as the history table computes them: 2 * (caller is ours) + (called is ours).
_OTHER, _INCOMING, _OUTGOING, _INTERNAL = 0, 1, 2, 3


def perspective(mine: Collection[str], company: Collection[str] = ()) -> frozenset[str]:
    """The numbers directions are seen from, canonical: the user's own, else the company's."""
    own = frozenset(canonical(n) for n in mine if n.strip())
    if own:
        return own
    return frozenset(canonical(n) for n in company if n.strip())


def compute_insights(
    records: Iterable[CallRecord],
    *,
    mine: Collection[str] = (),
    company: Collection[str] = (),
    top: int = 10,
    days: tuple[date, date] | None = None,
) -> InsightsData:
    """The Insights figures of `records`, in one pass.

    - `mine`/`company`: the numbers directions are seen from (see the module's docstring), in
      any spelling. Pass no `mine` for the whole-PBX view.
    - `top`: how many people the two top lists hold. The people called are the called parties
      of every call that is not incoming; the people calling are the callers of every call that
      is not outgoing. Ties go to the longer total talk time, then to the lower number.
    - `days`: the first and last Kyiv day of the period, so its quiet days show as empty days;
      without it, the days run from the first call's to the last call's. Calls outside the
      given days still count everywhere else.
    """
    ours = perspective(mine, company)
    # A company has a few thousand numbers behind a million calls, so each spelling is
    # canonicalised once, and its tallies live in one small list (cheaper than dicts per call):
    # [canonical form, 1 if ours else 0, times called, seconds called, times calling,
    #  seconds calling, last name given].
    spellings: dict[str, list[Any]] = {}
    day_index: dict[date, int] = {}
    day_list: list[date] = []
    # One counter per (day, hour, kind), kind = 2 * direction + answered: a single increment per
    # call, from which the days, the hours of the week and the totals are all summed afterwards.
    counts: list[int] = []
    buckets = [0] * len(_BUCKETS)
    departments: dict[str, list[int]] = {}  # [calls, seconds, missed]
    seconds_total = 0

    for record in records:
        start = record.start
        if start.tzinfo is not KYIV:
            start = start.astimezone(KYIV)
        day = start.date()
        index = day_index.get(day)
        if index is None:
            index = day_index[day] = len(day_list)
            day_list.append(day)
            counts.extend((0,) * _SLOTS_PER_DAY)

        written = record.calling_number
        calling = spellings.get(written)
        if calling is None:
            calling = spellings[written] = _spelling(written, ours)
        written = record.called_number
        called = spellings.get(written)
        if called is None:
            called = spellings[written] = _spelling(written, ours)
        direction = 2 * calling[1] + called[1]

        duration = record.duration
        buckets[_bisect(_BUCKET_EDGES, duration)] += 1
        if duration > 0:
            answered = 1
            seconds = duration
            seconds_total += duration
        else:
            answered = seconds = 0
        counts[index * _SLOTS_PER_DAY + start.hour * 8 + 2 * direction + answered] += 1

        if direction != _INCOMING:
            called[2] += 1
            called[3] += seconds
        if direction != _OUTGOING:
            calling[4] += 1
            calling[5] += seconds
        if record.calling_name:
            calling[6] = record.calling_name
        if record.called_name:
            called[6] = record.called_name

        department = record.calling_department
        if department:
            totals = departments.get(department)
            if totals is None:
                totals = departments[department] = [0, 0, 0]
            totals[0] += 1
            totals[1] += seconds
            totals[2] += 1 - answered
        other_department = record.called_department
        if other_department and other_department != department:
            totals = departments.get(other_department)
            if totals is None:
                totals = departments[other_department] = [0, 0, 0]
            totals[0] += 1
            totals[1] += seconds
            totals[2] += 1 - answered

    per_day_kinds, per_day_hours = _per_day(counts, len(day_list))
    parties = _parties(spellings)
    total = sum(per_day_hours)
    answered_total = sum(per_day_kinds[1::2])
    return InsightsData(
        per_day=_days(day_list, day_index, per_day_kinds, days),
        hour_of_week=_hour_of_week(day_list, per_day_hours),
        duration_buckets=list(zip(_BUCKETS, buckets, strict=True)),
        top_called=_top(parties, 0, top),
        top_calling=_top(parties, 1, top),
        departments=_departments(departments),
        total=total,
        answered=answered_total,
        total_seconds=seconds_total,
    )


def _per_day(counts: list[int], days: int) -> tuple[list[int], list[int]]:
    """From (day, hour, kind) counters: per day 8 kind counters, and per day 24 hour counters."""
    kinds = [0] * (days * 8)
    hours = [0] * (days * HOURS)
    for day in range(days):
        base = day * _SLOTS_PER_DAY
        for hour in range(HOURS):
            slot = counts[base + hour * 8 : base + hour * 8 + 8]
            hours[day * HOURS + hour] = sum(slot)
            for kind in range(8):
                kinds[day * 8 + kind] += slot[kind]
    return kinds, hours


def _spelling(written: str, ours: frozenset[str]) -> list[Any]:
    form = canonical(written)
    return [form, 1 if form in ours else 0, 0, 0, 0, 0, None]


@dataclass(slots=True)
class _Party:
    """One number's tallies over all its spellings: [called, calling] x (calls, seconds)."""

    calls: list[int]
    seconds: list[int]
    name: str | None


def _parties(spellings: dict[str, list[Any]]) -> dict[str, _Party]:
    parties: dict[str, _Party] = {}
    for form, _ours, called, called_s, calling, calling_s, name in spellings.values():
        party = parties.get(form)
        if party is None:
            parties[form] = _Party([called, calling], [called_s, calling_s], name)
        else:
            party.calls[0] += called
            party.calls[1] += calling
            party.seconds[0] += called_s
            party.seconds[1] += calling_s
            party.name = name or party.name
    return parties


def _days(
    day_list: list[date],
    day_index: dict[date, int],
    kinds: list[int],
    period: tuple[date, date] | None,
) -> list[DayCounts]:
    if period is not None:
        first, last = period
        if last < first:
            raise ValueError("a period's last day comes after its first")
    elif day_list:
        first, last = min(day_list), max(day_list)
    else:
        return []
    result: list[DayCounts] = []
    day = first
    one_day = timedelta(days=1)
    while day <= last:
        index = day_index.get(day)
        if index is None:
            result.append(DayCounts(day))
        else:
            k = kinds[index * 8 : index * 8 + 8]
            # k[2 * direction + answered]
            result.append(
                DayCounts(
                    day,
                    incoming_answered=k[2 * _INCOMING + 1],
                    incoming_missed=k[2 * _INCOMING],
                    outgoing_answered=k[2 * _OUTGOING + 1],
                    outgoing_missed=k[2 * _OUTGOING],
                    internal=k[2 * _INTERNAL] + k[2 * _INTERNAL + 1],
                    other=k[2 * _OTHER] + k[2 * _OTHER + 1],
                )
            )
        day += one_day
    return result


def _hour_of_week(day_list: list[date], hours: list[int]) -> list[list[int]]:
    grid = [[0] * HOURS for _ in range(WEEKDAYS)]
    for index, day in enumerate(day_list):
        row = grid[day.weekday()]
        base = index * HOURS
        for hour in range(HOURS):
            row[hour] += hours[base + hour]
    return grid


def _top(parties: dict[str, _Party], role: int, top: int) -> list[PartyCount]:
    """The `top` parties by calls in `role` (0: called, 1: calling)."""
    if top <= 0:
        return []
    counted = [(number, p) for number, p in parties.items() if p.calls[role]]
    counted.sort(key=lambda item: (-item[1].calls[role], -item[1].seconds[role], item[0]))
    return [
        PartyCount(number, party.name, party.calls[role], party.seconds[role])
        for number, party in counted[:top]
    ]


def _departments(totals: dict[str, list[int]]) -> list[DepartmentTotal]:
    ranked = sorted(totals.items(), key=lambda item: (-item[1][0], item[0].casefold(), item[0]))
    return [
        DepartmentTotal(department, calls, seconds, missed)
        for department, (calls, seconds, missed) in ranked
    ]
