"""How fast missed calls are returned: the callback report.

The entries are the worklist's (core/worklist/entries.py), made from the calls alone: an outside
number's misses to one of ours, until the first answered call with it in either direction, which
returns them. Each entry waited from its first miss until that call started, counted in working
seconds only (`hours.WorkingHours`). The report covers the entries whose first miss falls in the
period, made from the calls from the period's start on (a miss before it does not join); a
return after the period's end still counts.

- `median` and `p90`: of the waits of the returned entries, by nearest rank (the smallest wait
  that at least half, or nine in ten, of them do not exceed).
- shares of all entries: returned within 15 minutes and within an hour of working time, on the
  same working day (by the close of the working day the miss counts towards: its own while it is
  open, else the next), and never (no answered call with the number since).
- per subscriber of ours that the first miss rang, per department (that subscriber's latest
  department from the API), and who returned them (the number of ours in the return).
- the unreturned entries, the longest waiting first.

A million calls are read as five integer columns and worked on with numpy: one pass of the
calls sorted by outside number, no Python per call.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.archive.fields import SLOTS_PER_SECOND, canonical_set, epoch_ceil
from fmc_desktop.core.worklist.hours import WorkingClock, WorkingHours

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive

WITHIN: Final = (15 * 60, 60 * 60)
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Unreturned:
    number: str
    first_missed: int  # UTC epoch seconds
    missed: int
    attempts: int
    subscriber: str  # ours, the first miss rang


@dataclass
class Group:
    """The figures of some of the entries (all, one subscriber's, one department's)."""

    entries: int = 0
    returned: int = 0
    within_15_min: int = 0
    within_1_hour: int = 0
    same_working_day: int = 0
    median_wait: int | None = None  # working seconds
    p90_wait: int | None = None

    @property
    def never(self) -> int:
        return self.entries - self.returned


@dataclass
class CallbackReport:
    start: int | None
    end: int | None
    total: Group = field(default_factory=Group)
    by_subscriber: dict[str, Group] = field(default_factory=dict)
    by_department: dict[str, Group] = field(default_factory=dict)
    returned_by: dict[str, int] = field(default_factory=dict)  # ours -> entries it returned
    unreturned: list[Unreturned] = field(default_factory=list)


def nearest_rank(sorted_values: Ints, share: float) -> int | None:
    if len(sorted_values) == 0:
        return None
    return int(sorted_values[max(math.ceil(share * len(sorted_values)) - 1, 0)])


@dataclass
class CallColumns:
    """The calls as the report reads them, one array each, in any order: the archive's id
    (start * SLOTS_PER_SECOND + n, so time order), whether answered, and the numbers on both
    sides as integers (the archive's party ids, or any ids that stand for one number each)."""

    ids: Ints
    answered: npt.NDArray[np.bool_]
    calling: Ints
    called: Ints


# Party ids below this are packed two to an integer: half the values to read per call.
_PACK: Final = 1 << 24


def read_columns(archive: CallArchive, first: int | None = None) -> CallColumns:
    """Every call from `first` (UTC epoch seconds) on, read from the covering identity index:
    a few integers per call, no row of the table itself, streamed from the cursor straight
    into an array (a list of a million tuples first took as long again)."""
    with archive.reading() as connection:
        (top,) = connection.execute("SELECT coalesce(max(id), 0) FROM parties").fetchone()
        packed = int(top) < _PACK
        columns = (
            f"id * 2 + (duration > 0), calling * {_PACK} + called"
            if packed
            else "id, duration > 0, calling, called"
        )
        cursor = connection.execute(
            f"SELECT {columns} FROM calls WHERE start_utc >= ?", (first or 0,)
        )
        flat = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.int64)
    if packed:
        ids, pairs = flat[0::2], flat[1::2]
        return CallColumns(ids >> 1, (ids & 1).astype(bool), pairs // _PACK, pairs % _PACK)
    table = flat.reshape(-1, 4)
    return CallColumns(table[:, 0], table[:, 1].astype(bool), table[:, 2], table[:, 3])


def _numbers(archive: CallArchive, parties: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(parties))
    found: dict[int, str] = {}
    with archive.reading() as connection:
        for at in range(0, len(wanted), 500):
            piece = wanted[at : at + 500]
            found.update(
                (int(p), str(n))
                for p, n in connection.execute(
                    f"SELECT id, number FROM parties WHERE id IN ({','.join('?' * len(piece))})",
                    piece,
                )
            )
    return found


def own_parties(archive: CallArchive, numbers: frozenset[str]) -> Ints:
    with archive.reading() as connection:
        rows = connection.execute(
            "SELECT id FROM parties WHERE number IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(numbers), ensure_ascii=False),),
        ).fetchall()
    return np.array(sorted(int(r[0]) for r in rows), dtype=np.int64)


def _departments(archive: CallArchive, parties: Iterable[int]) -> dict[int, str]:
    """Each party's latest department as the API gave it on calls to it."""
    found: dict[int, str] = {}
    with archive.reading() as connection:
        for party in parties:
            row = connection.execute(
                "SELECT called_department FROM calls WHERE called = ?"
                " AND called_department IS NOT NULL ORDER BY id DESC LIMIT 1",
                (party,),
            ).fetchone()
            if row is not None:
                found[party] = str(row[0])
    return found


@dataclass
class _Entries:
    first_miss: Ints  # index into the sorted columns
    number: Ints  # the outside party
    subscriber: Ints  # ours, rung by the first miss
    missed: Ints
    attempts: Ints
    returned_at: Ints  # start of the return, -1 when none
    returned_by: Ints  # ours in the return, -1 when none


def _entries(c: CallColumns, own: Ints) -> tuple[_Entries, Ints]:
    """The entries of the calls, and the starts of their first misses."""
    calling_ours = np.isin(c.calling, own)
    called_ours = np.isin(c.called, own)
    keep = calling_ours != called_ours  # between one of ours and the outside
    outside = np.where(called_ours, c.calling, c.called)[keep]
    ours = np.where(called_ours, c.called, c.calling)[keep]
    ids, answered = c.ids[keep], c.answered[keep]
    incoming = called_ours[keep]
    order = np.lexsort((ids, outside))
    outside, ours, ids, answered, incoming = (
        outside[order],
        ours[order],
        ids[order],
        answered[order],
        incoming[order],
    )
    starts = ids // SLOTS_PER_SECOND
    segment = np.cumsum(answered)  # answered calls so far: a return starts a new segment
    group = outside * (int(segment[-1]) + 2 if len(segment) else 1) + segment
    miss = incoming & ~answered
    attempt = ~incoming & ~answered
    miss_at = np.flatnonzero(miss)
    if len(miss_at) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Entries(empty, empty, empty, empty, empty, empty, empty), empty
    miss_groups = group[miss_at]
    starts_of_group = np.concatenate(([True], miss_groups[1:] != miss_groups[:-1]))
    firsts = miss_at[starts_of_group]
    keys = miss_groups[starts_of_group]
    missed = np.diff(np.append(np.flatnonzero(starts_of_group), len(miss_at)))
    # Attempts: unanswered calls of ours in the same segment after its first miss.
    attempt_at = np.flatnonzero(attempt)
    slot = np.searchsorted(keys, group[attempt_at])
    slot_ok = slot < len(keys)
    slot_ok[slot_ok] &= keys[slot[slot_ok]] == group[attempt_at][slot_ok]
    counted = slot_ok.copy()
    counted[slot_ok] = attempt_at[slot_ok] > firsts[slot[slot_ok]]
    attempts = np.bincount(slot[counted], minlength=len(keys)).astype(np.int64)
    # The return: the next answered call with the same outside number.
    answered_at = np.append(np.flatnonzero(answered), 0)  # the 0 stands for "none after"
    nxt = np.searchsorted(answered_at[:-1], firsts, side="right")
    ret = answered_at[nxt]
    has = (nxt < len(answered_at) - 1) & (outside[ret] == outside[firsts])
    entries = _Entries(
        first_miss=firsts,
        number=outside[firsts],
        subscriber=ours[firsts],
        missed=missed.astype(np.int64),
        attempts=attempts,
        returned_at=np.where(has, starts[ret], -1),
        returned_by=np.where(has, ours[ret], -1),
    )
    return entries, starts[firsts]


def _group(
    chosen: npt.NDArray[np.bool_],
    returned: npt.NDArray[np.bool_],
    waits: Ints,
    same_day: npt.NDArray[np.bool_],
) -> Group:
    back = chosen & returned
    sorted_waits = np.sort(waits[back])
    return Group(
        entries=int(chosen.sum()),
        returned=int(back.sum()),
        within_15_min=int((back & (waits <= WITHIN[0])).sum()),
        within_1_hour=int((back & (waits <= WITHIN[1])).sum()),
        same_working_day=int((back & same_day).sum()),
        median_wait=nearest_rank(sorted_waits, 0.5),
        p90_wait=nearest_rank(sorted_waits, 0.9),
    )


def callback_report(
    archive: CallArchive,
    ours: Iterable[str],
    hours: WorkingHours,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> CallbackReport:
    """The callback figures of the archive's entries whose first miss is in [start, end)."""
    first = epoch_ceil(start) if start is not None else None
    last = epoch_ceil(end) if end is not None else None
    columns = read_columns(archive, first)
    own = own_parties(archive, canonical_set(ours))
    return callback_figures(
        columns,
        own,
        hours,
        start=first,
        end=last,
        numbers=lambda parties: _numbers(archive, parties),
        departments=lambda parties: _departments(archive, parties),
    )


def callback_figures(
    columns: CallColumns,
    own: Ints,
    hours: WorkingHours,
    *,
    start: int | None,
    end: int | None,
    numbers: Callable[[Iterable[int]], dict[int, str]],
    departments: Callable[[Iterable[int]], dict[int, str]],
) -> CallbackReport:
    """The figures from calls already in memory (the history's columns, or `read_columns`):
    `own` the ids of our numbers; `numbers` and `departments` name the few ids the report
    shows."""
    report = CallbackReport(start, end)
    entries, first_starts = _entries(columns, own)
    keep = np.ones(len(first_starts), dtype=bool)
    if start is not None:
        keep &= first_starts >= start
    if end is not None:
        keep &= first_starts < end
    if not keep.any():
        return report
    last_call = int(columns.ids.max()) // SLOTS_PER_SECOND
    clock = WorkingClock(hours, int(first_starts[keep].min()), last_call)
    returned = entries.returned_at >= 0
    back_at = np.where(returned, entries.returned_at, first_starts)
    waits = clock.between(first_starts, back_at)
    same_day = returned & (back_at <= clock.day_end(first_starts))
    report.total = _group(keep, returned, waits, same_day)
    subscribers = np.unique(entries.subscriber[keep]).tolist()
    waiting = np.flatnonzero(keep & ~returned)
    waiting = waiting[np.argsort(first_starts[waiting], kind="stable")]
    backers = Counter(entries.returned_by[keep & returned].tolist())
    named = numbers([*subscribers, *backers, *entries.number[waiting].tolist()])
    teams = departments(subscribers)
    by_department: dict[str, npt.NDArray[np.bool_]] = {}
    for party in subscribers:
        chosen = keep & (entries.subscriber == party)
        report.by_subscriber[named[party]] = _group(chosen, returned, waits, same_day)
        name = teams.get(party, "")
        by_department[name] = by_department.get(name, np.zeros_like(keep)) | chosen
    for name, chosen in sorted(by_department.items()):
        report.by_department[name] = _group(chosen, returned, waits, same_day)
    report.returned_by = {named[p]: n for p, n in backers.most_common()}
    report.unreturned = [
        Unreturned(
            named[int(entries.number[i])],
            int(first_starts[i]),
            int(entries.missed[i]),
            int(entries.attempts[i]),
            named[int(entries.subscriber[i])],
        )
        for i in waiting
    ]
    return report


def report_dict(report: CallbackReport) -> dict[str, object]:
    """The report as plain data (JSON), seconds as whole numbers."""

    def group(g: Group) -> dict[str, object]:
        return {
            "entries": g.entries,
            "returned": g.returned,
            "never": g.never,
            "within_15_min": g.within_15_min,
            "within_1_hour": g.within_1_hour,
            "same_working_day": g.same_working_day,
            "median_wait_seconds": g.median_wait,
            "p90_wait_seconds": g.p90_wait,
        }

    return {
        "total": group(report.total),
        "by_subscriber": {k: group(v) for k, v in report.by_subscriber.items()},
        "by_department": {k: group(v) for k, v in report.by_department.items()},
        "returned_by": report.returned_by,
        "unreturned": [
            {
                "number": u.number,
                "first_missed": u.first_missed,
                "missed": u.missed,
                "attempts": u.attempts,
                "subscriber": u.subscriber,
            }
            for u in report.unreturned
        ],
    }
