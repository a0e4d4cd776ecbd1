"""The Insights figures straight from the history's columns: a million calls in milliseconds.

`compute_insights` walks `CallRecord` objects one by one (seconds for a million); the charts
follow every change of the filter, so here the same figures come from the numpy columns the
history table already holds, with no Python per call:

- per call, a few small columns are kept beside the history (and grown with it): the Kyiv
  hour the call started in (hours since 1970-01-01 00:00 Kyiv time, from the zone's offset
  changes, found once per year through the same `zoneinfo` zone the records use, so DST days
  have their 23 and 25 hours), and per scope one-byte codes of what kind of call it is for the
  days, for its caller and for its callee (see `_DAY_CODES`);
- everything counted per call is then one `np.bincount` over a combined key: (Kyiv day, code)
  for the days and totals, the hour of the week for the heat map, (party, code) for the top
  lists and the departments. Per party, then per canonical number: several parties (spellings,
  names, departments) can share one number, and the figures add them up as `compute_insights`
  does;
- a top-list name depends on the order of the calls only when a number went by two different
  names among them; then, and only for the numbers in the lists, their calls are looked up.

The result equals `compute_insights` over `history.records(positions)` (in that order), with
`mine` the history's own numbers for `Scope.MINE` (none for `Scope.PBX`) and `company` its
company numbers (which include the user's own), because directions come from
`CallHistory.kinds`, as in the history table.

Like `CallHistory`, this belongs to one thread at a time: it keeps its per-call columns in a
cache beside each history.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Final, NamedTuple, TypeAlias

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import KIND_MISSED, Direction, Scope
from fmc_desktop.core.history.insights_oracle import (
    HOURS,
    WEEKDAYS,
    DayCounts,
    DepartmentTotal,
    DurationBucket,
    InsightsData,
    PartyCount,
    compute_insights,
)

IntArray: TypeAlias = npt.NDArray[np.integer[Any]]
Int64Array: TypeAlias = npt.NDArray[np.int64]
Int32Array: TypeAlias = npt.NDArray[np.int32]
Int8Array: TypeAlias = npt.NDArray[np.int8]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
FloatArray: TypeAlias = npt.NDArray[np.float64]

# Each call has three one-byte codes per scope (a `_Codes`). What they say:
#
# - the day's code, 2 * kind + answered, kind as `CallHistory.kinds` gives it (a `Direction`,
#   or KIND_MISSED): what the days and the totals count;
# - the caller's code, 2 * (the call counts in the top list of people calling) + answered;
# - the callee's code, 4 * (it counts in the list of people called) + 2 * (caller and callee
#   are in one department, so the call counts for it once, as the caller's) + answered.
#
# As in compute_insights: the people called are the called parties of every call that is not
# incoming (missed calls are incoming too); the people calling, of every call not outgoing.
_DAY_CODES: Final = 2 * (KIND_MISSED + 1)
_CALLING_CODES: Final = 4
_CALLED_CODES: Final = 8
_KIND_OF_DAY_CODE: Final = np.arange(_DAY_CODES) // 2
_CALLING_ROLE: Final = _KIND_OF_DAY_CODE != Direction.OUTGOING
_CALLED_ROLE: Final = ~np.isin(_KIND_OF_DAY_CODE, (Direction.INCOMING, KIND_MISSED))
_ANSWERED_DAY_CODES: Final = slice(1, None, 2)
# Which of a side's codes a figure adds up, as vectors: per-party sums are then one BLAS
# product over the (parties x codes) tallies.
_CALLING_EVERY: Final = np.ones(_CALLING_CODES)
_CALLING_MISSED: Final = np.array([1.0, 0, 1, 0])
_CALLING_IN_LIST: Final = np.array([0.0, 0, 1, 1])
_CALLED_EVERY: Final = np.ones(_CALLED_CODES)
_CALLED_IN_LIST: Final = np.array([0.0, 0, 0, 0, 1, 1, 1, 1])
_CALLED_OTHER_DEPARTMENT: Final = np.array([1.0, 1, 0, 0, 1, 1, 0, 0])
_CALLED_OTHER_DEPARTMENT_MISSED: Final = np.array([1.0, 0, 0, 0, 1, 0, 0, 0])

_BUCKETS: Final = tuple(DurationBucket)
_LONGEST_EDGE: Final = _BUCKETS[-1].low
# Per duration clipped to [0, the last bucket's low edge], the index of its bucket.
_BUCKET_OF_SECONDS: Final = np.array(
    [_BUCKETS.index(DurationBucket.of(seconds)) for seconds in range(_LONGEST_EDGE + 1)],
    dtype=np.intp,
)

_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_HOUR: Final = 3_600
_WEEK_HOURS: Final = WEEKDAYS * HOURS
# Kyiv hour 0 (1970-01-01 00:00) was on a Thursday: its place in a Monday-first week.
_EPOCH_WEEK_HOUR: Final = date(1970, 1, 1).weekday() * HOURS
# Offsets are probed this often when looking for a year's clock changes: Kyiv's have always
# been months apart (a change and its undoing inside one step would go unseen).
_PROBE_STEP: Final = 7 * 24 * _HOUR
# A span of days past which per-day counters would be mostly empty: count the busy days only.
_MAX_DENSE_DAYS: Final = 100_000


def insights_from_history(
    history: CallHistory,
    positions: IntArray,
    *,
    scope: Scope,
    top: int = 10,
    days: tuple[date, date] | None = None,
) -> InsightsData:
    """The Insights figures of the calls at `positions` of `history` (see the module's docstring).

    `top` and `days` mean what they mean for `compute_insights`. The order of `positions`
    matters only where it does there: which name a number's calls gave last.
    """
    positions = np.asarray(positions)
    if not len(positions):
        return compute_insights((), top=top, days=days)
    if days is not None and days[1] < days[0]:
        raise ValueError("a period's last day comes after its first")
    cache = _cache_of(history)
    cache.grow(history)
    codes = cache.codes(history, scope)
    if _covers_every_call(positions, len(history)):
        # The counts do not depend on the order: read the columns as they are, no copies.
        hours, duration = cache.kyiv_hours, history.duration
        calling, called = history.calling, history.called
    else:
        hours, duration = cache.kyiv_hours[positions], history.duration[positions]
        calling, called = history.calling[positions], history.called[positions]
        codes = _Codes(*(column[positions] for column in codes))

    week_hour = hours + np.int32(_EPOCH_WEEK_HOUR)
    week_hour %= np.int32(_WEEK_HOURS)
    hour_of_week = np.bincount(week_hour, minlength=_WEEK_HOURS).reshape(WEEKDAYS, HOURS)
    busy_days, per_day = _per_day(hours, codes.day)

    buckets = np.bincount(
        _BUCKET_OF_SECONDS,
        weights=np.bincount(np.clip(duration, 0, _LONGEST_EDGE), minlength=_LONGEST_EDGE + 1),
        minlength=len(_BUCKETS),
    )
    # Talk time, as bincount weights (float64, exact for any sum below 2**53 seconds); a
    # negative duration (never seen, but the columns allow it) is none.
    seconds = (np.maximum(duration, 0) if cache.negative_durations else duration).astype(np.float64)

    tallies = _Tallies.count(cache.party_count, calling, called, codes, seconds)
    top_called, top_calling = _top_lists(cache, tallies, top, history, positions)
    return InsightsData(
        per_day=_days(busy_days, per_day, days),
        hour_of_week=hour_of_week.tolist(),
        duration_buckets=list(zip(_BUCKETS, buckets.astype(np.int64).tolist(), strict=True)),
        top_called=top_called,
        top_calling=top_calling,
        departments=_departments(cache, tallies),
        total=len(positions),
        answered=int(per_day[:, _ANSWERED_DAY_CODES].sum()),
        total_seconds=int(tallies.calling_seconds.sum()),
    )


def _covers_every_call(positions: IntArray, count: int) -> bool:
    if len(positions) != count:
        return False
    seen = np.zeros(count, dtype=np.bool_)
    seen[positions] = True
    return bool(seen.all())


def _per_day(hours: Int32Array, code: Int8Array) -> tuple[list[int], IntArray]:
    """The Kyiv days with calls (days since 1970-01-01), and per such day, calls per day code."""
    day = hours // np.int32(HOURS)
    first, last = int(day.min()), int(day.max())
    if last - first < _MAX_DENSE_DAYS:
        day -= np.int32(first)
        day *= np.int32(_DAY_CODES)
        day += code
        dense = np.bincount(day, minlength=(last - first + 1) * _DAY_CODES)
        dense = dense.reshape(-1, _DAY_CODES)
        busy = np.flatnonzero(dense.sum(axis=1))
        return (busy + first).tolist(), dense[busy]
    # Calls centuries apart (bad data): only the busy days get counters.
    numbers, index = np.unique(day, return_inverse=True)
    key = index.astype(np.intp) * _DAY_CODES + code
    counts = np.bincount(key, minlength=len(numbers) * _DAY_CODES)
    return numbers.tolist(), counts.reshape(-1, _DAY_CODES)


def _date(day: int) -> date:
    return date.fromordinal(_EPOCH_ORDINAL + day)


def _days(busy: list[int], per_day: IntArray, period: tuple[date, date] | None) -> list[DayCounts]:
    if period is None:
        first, last = _date(busy[0]), _date(busy[-1])
    else:
        first, last = period
    counts = dict(zip(busy, per_day.tolist(), strict=True))
    result: list[DayCounts] = []
    day = first
    one_day = timedelta(days=1)
    while day <= last:
        k = counts.get(day.toordinal() - _EPOCH_ORDINAL)
        if k is None:
            result.append(DayCounts(day))
        else:
            result.append(  # k[2 * kind + answered]
                DayCounts(
                    day,
                    incoming_answered=k[2 * Direction.INCOMING + 1],
                    incoming_missed=k[2 * Direction.INCOMING] + k[2 * KIND_MISSED],
                    outgoing_answered=k[2 * Direction.OUTGOING + 1],
                    outgoing_missed=k[2 * Direction.OUTGOING],
                    internal=k[2 * Direction.INTERNAL] + k[2 * Direction.INTERNAL + 1],
                    other=k[2 * Direction.OTHER] + k[2 * Direction.OTHER + 1],
                )
            )
        day += one_day
    return result


# ------------------------------------------------------------------------------- Kyiv time


@lru_cache(maxsize=256)
def _year_changes(year: int) -> tuple[tuple[int, int], ...]:
    """Kyiv's clock changes in a UTC year: (first epoch of the new offset, the offset)."""
    first = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    last = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp()) if year < 9999 else first
    changes: list[tuple[int, int]] = []
    before = _offset(first)
    probe = first
    while probe < last:
        after_probe = min(probe + _PROBE_STEP, last)
        offset = _offset(after_probe)
        if offset != before:
            low, high = probe, after_probe  # the change happens in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                if _offset(middle) == before:
                    low = middle
                else:
                    high = middle
            changes.append((high, offset))
            before = offset
        probe = after_probe
    return tuple(changes)


def _offset(epoch: int) -> int:
    """Kyiv's UTC offset at `epoch`, in seconds, as `datetime.fromtimestamp` reads it."""
    offset = datetime.fromtimestamp(epoch, KYIV).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def kyiv_hours(start: Int64Array) -> Int32Array:
    """Per UTC epoch, the Kyiv hour it falls in: hours since 1970-01-01 00:00 Kyiv time.

    `hours // 24` is the Kyiv day (days since 1970-01-01) and `hours % 24` the hour of the day,
    exactly as `datetime.fromtimestamp(epoch, KYIV)` gives them, DST days included.
    """
    if not len(start):
        return np.empty(0, dtype=np.int32)
    low, high = int(start.min()), int(start.max())
    edges: list[int] = []
    offsets = [_offset(low)]
    for year in range(_year(low), _year(high) + 1):
        for epoch, offset in _year_changes(year):
            if low < epoch <= high:
                edges.append(epoch)
                offsets.append(offset)
    if edges:
        at = np.searchsorted(np.array(edges, dtype=np.int64), start, side="right")
        local = start + np.array(offsets, dtype=np.int64)[at]
    else:
        local = start + np.int64(offsets[0])
    return (local // _HOUR).astype(np.int32)


def _year(epoch: int) -> int:
    return datetime.fromtimestamp(epoch, UTC).year


# ---------------------------------------------------------------------------------- parties


def _interning() -> defaultdict[str, int]:
    """A dict that numbers each new key it is asked for: 0, 1, 2, …"""
    index: defaultdict[str, int] = defaultdict()
    index.default_factory = index.__len__
    return index


def _interned(index: defaultdict[str, int], keys: Iterable[str]) -> Int32Array:
    # `map` over the dict's own __getitem__ keeps the loop in C: no Python frame per key.
    return np.fromiter(map(index.__getitem__, keys), dtype=np.int32)


class _HistoryCache:
    """What the figures keep beside one history, grown as the history grows.

    Per party: its canonical number and department, as ids. Per call: its Kyiv hour, whether
    caller and callee share a department, and per scope its codes (a `_Codes`). Names and
    spellings are looked up from the history when a top list needs them.
    """

    def __init__(self) -> None:
        self.party_count = 0
        self.canonical_ids: Int32Array = np.empty(0, dtype=np.int32)
        self._canonical_index = _interning()
        self.canonicals: list[str] = []
        self.department_ids: Int32Array = np.empty(0, dtype=np.int32)  # -1: no department
        self._department_index = _interning()
        self._department_index[""] = 0  # shifted to -1 below
        self.departments: list[str] = []
        self.kyiv_hours: Int32Array = np.empty(0, dtype=np.int32)
        self.same_department: BoolArray = np.empty(0, dtype=np.bool_)
        self.negative_durations = False
        self._codes: dict[Scope, tuple[Int8Array, _Codes]] = {}  # scope: (its kinds, codes)

    def grow(
        self, history: CallHistory, max_parties: int | None = None, max_calls: int | None = None
    ) -> bool:
        """Catch up with what the history gained, at most this much at a time; True when done."""
        if self.party_count < history.party_count:
            end = history.party_count
            if max_parties is not None:
                end = min(end, self.party_count + max_parties)
            self._add_parties(history, range(self.party_count, end))
            if end < history.party_count:
                return False
        known = len(self.kyiv_hours)
        if known < len(history):
            end = len(history) if max_calls is None else min(len(history), known + max_calls)
            self._add_calls(history, known, end)
            return end == len(history)
        return True

    def _add_parties(self, history: CallHistory, added: range) -> None:
        forms = map(history.party_canonical, added)  # parsed once, on the loading thread
        departments = (history.party(index)[2] or "" for index in added)
        self.canonical_ids = np.concatenate(
            (self.canonical_ids, _interned(self._canonical_index, forms))
        )
        shifted = _interned(self._department_index, departments) - np.int32(1)
        self.department_ids = np.concatenate((self.department_ids, shifted))
        self.canonicals = list(self._canonical_index)
        self.departments = list(self._department_index)[1:]
        self.party_count = added.stop

    def _add_calls(self, history: CallHistory, first: int, end: int) -> None:
        hours = kyiv_hours(history.start[first:end])
        ids = self.department_ids
        caller, callee = ids[history.calling[first:end]], ids[history.called[first:end]]
        same = (caller == callee) & (callee >= 0)
        self.kyiv_hours = np.concatenate((self.kyiv_hours, hours))
        self.same_department = np.concatenate((self.same_department, same))
        if not self.negative_durations:
            self.negative_durations = bool((history.duration[first:end] < 0).any())

    def codes(self, history: CallHistory, scope: Scope) -> _Codes:
        """Per call, its codes as seen from `scope`."""
        kinds = history.kinds(scope)
        known = self._codes.get(scope)
        # The history hands out a new kinds array whenever directions may have changed.
        if known is not None and known[0] is kinds:
            return known[1]
        answered = (history.duration > 0).view(np.int8)
        day = kinds * np.int8(2)
        day += answered
        calling = _CALLING_ROLE.astype(np.int8)[day] * np.int8(2)
        calling += answered
        called = _CALLED_ROLE.astype(np.int8)[day] * np.int8(4)
        called += self.same_department.view(np.int8) * np.int8(2)
        called += answered
        codes = _Codes(day, calling, called)
        self._codes[scope] = (kinds, codes)
        return codes


class _Codes(NamedTuple):
    """Per call (of the history, or of a selection), its three codes (see `_DAY_CODES`)."""

    day: Int8Array
    calling: Int8Array
    called: Int8Array


# Placing a million calls in Kyiv time and reading a few thousand parties cost more than the
# figures themselves: done once per history, then only for what it gains.
_CACHES: weakref.WeakKeyDictionary[CallHistory, _HistoryCache] = weakref.WeakKeyDictionary()


def _cache_of(history: CallHistory) -> _HistoryCache:
    cache = _CACHES.get(history)
    if cache is None:
        cache = _CACHES[history] = _HistoryCache()
    return cache


def prepare_insights(
    history: CallHistory, *, max_calls: int = 200_000, max_parties: int = 5_000
) -> bool:
    """Do a slice of the once-per-history work behind `insights_from_history`; True when done.

    The first figures of a history of a million calls need some 50-100 ms of such work (less
    as it arrives batch by batch); a GUI calls this once per turn of its event loop until it
    says True, so the window keeps painting, and then asks for the figures.
    """
    return _cache_of(history).grow(history, max_parties=max_parties, max_calls=max_calls)


@dataclass(frozen=True, slots=True)
class _Tallies:
    """Per party and its code on that side: calls and seconds, as caller and as callee."""

    calling_calls: FloatArray
    called_calls: FloatArray
    calling_seconds: FloatArray
    called_seconds: FloatArray

    @classmethod
    def count(
        cls, parties: int, calling: IntArray, called: IntArray, codes: _Codes, seconds: FloatArray
    ) -> _Tallies:
        bins = parties * _CALLING_CODES
        key = calling * np.int32(_CALLING_CODES)
        key += codes.calling
        calling_calls = np.bincount(key, minlength=bins).reshape(parties, -1)
        calling_seconds = np.bincount(key, weights=seconds, minlength=bins).reshape(parties, -1)
        bins = parties * _CALLED_CODES
        key = called * np.int32(_CALLED_CODES)
        key += codes.called
        called_calls = np.bincount(key, minlength=bins).reshape(parties, -1)
        called_seconds = np.bincount(key, weights=seconds, minlength=bins).reshape(parties, -1)
        # As floats (exact for counts below 2**53), so sums over codes are BLAS products.
        return cls(
            calling_calls.astype(np.float64),
            called_calls.astype(np.float64),
            calling_seconds.astype(np.float64, copy=False),
            called_seconds.astype(np.float64, copy=False),
        )


def _top_lists(
    cache: _HistoryCache,
    tallies: _Tallies,
    top: int,
    history: CallHistory,
    positions: IntArray,
) -> tuple[list[PartyCount], list[PartyCount]]:
    if top <= 0:
        return [], []
    ids = cache.canonical_ids
    numbers = len(cache.canonicals)
    chosen: list[tuple[list[int], Int64Array, Int64Array]] = []
    for party_calls, party_seconds, in_list in (
        (tallies.called_calls, tallies.called_seconds, _CALLED_IN_LIST),
        (tallies.calling_calls, tallies.calling_seconds, _CALLING_IN_LIST),
    ):
        calls = np.bincount(ids, weights=party_calls @ in_list, minlength=numbers)
        calls = calls.astype(np.int64)
        seconds = np.bincount(ids, weights=party_seconds @ in_list, minlength=numbers)
        seconds = seconds.astype(np.int64)
        candidates = np.flatnonzero(calls)
        if len(candidates) > top:
            # Only the numbers with at least the top-th most calls can make the list.
            cut = len(candidates) - top
            candidates = candidates[calls[candidates] >= np.partition(calls[candidates], cut)[cut]]
        # Most calls first, then the longer talk time, then the lower number.
        ranked = sorted(
            candidates.tolist(),
            key=lambda n: (-int(calls[n]), -int(seconds[n]), cache.canonicals[n]),
        )
        chosen.append((ranked[:top], calls, seconds))
    wanted = sorted({number for ranked, _, _ in chosen for number in ranked})
    names = _names(cache, tallies, wanted, history, positions)
    called_list, calling_list = (
        [PartyCount(cache.canonicals[n], names[n], int(calls[n]), int(seconds[n])) for n in ranked]
        for ranked, calls, seconds in chosen
    )
    return called_list, calling_list


def _names(
    cache: _HistoryCache,
    tallies: _Tallies,
    wanted: Sequence[int],
    history: CallHistory,
    positions: IntArray,
) -> dict[int, str | None]:
    """The name each wanted number goes by, as `compute_insights` picks it.

    There, each spelling of a number keeps the last name its calls gave, and the number takes
    the name of the last spelling (in order of first appearance) that had one. The order of
    the calls only matters when the number's calls gave two different names.
    """
    seen = tallies.calling_calls @ _CALLING_EVERY + tallies.called_calls @ _CALLED_EVERY > 0
    given: dict[int, set[str]] = {number: set() for number in wanted}
    for party in np.flatnonzero(np.isin(cache.canonical_ids, wanted) & seen).tolist():
        name = history.party(party)[1]
        if name:
            given[int(cache.canonical_ids[party])].add(name)
    names: dict[int, str | None] = {}
    unclear: list[int] = []
    for number, known in given.items():
        if len(known) > 1:
            unclear.append(number)
        else:
            names[number] = known.pop() if known else None
    if unclear:
        involved = np.isin(cache.canonical_ids, unclear) & seen
        names.update(_names_in_order(cache, involved, history, positions))
    return names


def _names_in_order(
    cache: _HistoryCache, involved: BoolArray, history: CallHistory, positions: IntArray
) -> dict[int, str | None]:
    """The names of the numbers whose (seen) parties are `involved`, from the order of calls.

    Each call is two events, its caller's then its callee's. What counts is each spelling's
    first event, and its last event with a name: the calls are scanned from the front and
    from the back, a growing slice at a time, only until every spelling has been met (the
    numbers in a top list are busy, so that is usually within the first slice).
    """
    parties = np.flatnonzero(involved).tolist()
    spelling_ids: dict[str, int] = {}
    spelling_of = np.full(cache.party_count, -1, dtype=np.int32)
    named_spelling_of = spelling_of.copy()
    for party in parties:
        written, given, _ = history.party(party)
        spelling = spelling_of[party] = spelling_ids.setdefault(written, len(spelling_ids))
        if given:
            named_spelling_of[party] = spelling
    first_event, _ = _first_met(spelling_of, len(spelling_ids), history, positions, False)
    _, last_named = _first_met(named_spelling_of, len(spelling_ids), history, positions, True)

    # Per number, its spellings in order of first appearance; the last one with a name wins.
    spellings: dict[int, list[tuple[int, int]]] = {}
    for party in parties:
        spelling = int(spelling_of[party])
        number = int(cache.canonical_ids[party])
        spellings.setdefault(number, []).append((int(first_event[spelling]), spelling))
    names: dict[int, str | None] = {}
    for number, met in spellings.items():
        name: str | None = None
        for _, spelling in sorted(set(met)):
            party = int(last_named[spelling])
            if party >= 0:
                name = history.party(party)[1]
        names[number] = name
    return names


def _first_met(
    slot_of: Int32Array, slots: int, history: CallHistory, positions: IntArray, backwards: bool
) -> tuple[Int64Array, Int64Array]:
    """Per slot, the event at which a party of that slot (`slot_of[party]`, -1 for none) is
    first met going through the calls at `positions`, forwards or backwards, and that party.

    Events are numbered in the direction of travel; -1 for a slot never met.
    """
    event = np.full(slots, -1, dtype=np.int64)
    party_met = np.full(slots, -1, dtype=np.int64)
    wanted = np.zeros(slots, dtype=np.bool_)
    wanted[slot_of[slot_of >= 0]] = True  # every party here is among the calls: it will be met
    left = int(wanted.sum())
    if backwards:
        positions = positions[::-1]
        sides = (history.called, history.calling)  # backwards, a callee comes before its caller
    else:
        sides = (history.calling, history.called)
    done, size = 0, 4096
    while left and done < len(positions):
        chunk = positions[done : done + size]
        met = np.stack((sides[0][chunk], sides[1][chunk]), axis=1).ravel()
        slot = slot_of[met]
        hits = np.flatnonzero(slot >= 0)
        found, first = np.unique(slot[hits], return_index=True)
        new = event[found] < 0
        found, first = found[new], hits[first[new]]
        event[found] = 2 * done + first
        party_met[found] = met[first]
        left -= len(found)
        done += len(chunk)
        size *= 2
    return event, party_met


def _departments(cache: _HistoryCache, tallies: _Tallies) -> list[DepartmentTotal]:
    """A call counts for its caller's department, and for its callee's when that differs."""
    count = len(cache.departments)
    if not count:
        return []
    has = cache.department_ids >= 0
    ids = cache.department_ids[has]
    per_party = (
        # Every call for the caller's department; the callee's only counts the calls between
        # two departments.
        tallies.calling_calls @ _CALLING_EVERY + tallies.called_calls @ _CALLED_OTHER_DEPARTMENT,
        tallies.calling_seconds @ _CALLING_EVERY
        + tallies.called_seconds @ _CALLED_OTHER_DEPARTMENT,
        tallies.calling_calls @ _CALLING_MISSED
        + tallies.called_calls @ _CALLED_OTHER_DEPARTMENT_MISSED,
    )
    calls, seconds, missed = (
        np.bincount(ids, weights=figure[has], minlength=count).astype(np.int64).tolist()
        for figure in per_party
    )
    totals = [
        (department, calls[i], seconds[i], missed[i])
        for i, department in enumerate(cache.departments)
        if calls[i] > 0
    ]
    totals.sort(key=lambda item: (-item[1], item[0].casefold(), item[0]))
    return [DepartmentTotal(*item) for item in totals]
