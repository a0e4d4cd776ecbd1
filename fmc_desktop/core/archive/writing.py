"""Storing calls: batches made ready outside the write lock, each call once, new ids, parties
and their search text, and inserts fast enough for a million calls.

A batch is one transaction with the coverage it brings, so a killed process leaves the archive
as it was before or after it, never half of it.
"""

from __future__ import annotations

import gc
import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import compress, islice, repeat
from operator import eq, gt, itemgetter, lt, mul
from typing import Any, Final

from fmc_desktop.core.api.errors import ArchiveError
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.coverage import merge_interval
from fmc_desktop.core.archive.fields import (
    CALL_FIELD_NAMES,
    SLOTS_PER_SECOND,
    CallFields,
    fast_canonical,
    first_id,
    merged_extra,
    utc_of,
)
from fmc_desktop.core.archive.opening import CACHE_KIB
from fmc_desktop.core.archive.schema import INDEXES
from fmc_desktop.core.search.matching import (
    grow,
    holds_its_pieces,
    number_pieces,
    text_pieces,
    written_piece,
)

# Imports this big (and bigger than the archive) rebuild the indexes instead of updating them.
_BULK_ROWS: Final = 100_000
# The page cache while those indexes are built. SQLite sorts an index's entries in runs of this
# size in a temporary file, then merges them: runs of a couple of megabytes stay in the
# processor's cache, and sort a million calls' entries twice as fast as one run in memory.
_INDEX_BUILD_CACHE_KIB: Final = 2048
# Rows per INSERT statement: a statement of many rows costs SQLite and the sqlite3 module much
# less per row than one statement per row (a third less time for a million calls).
_ROWS_PER_INSERT: Final = 200
_INSERT_CHUNK: Final = 20_000  # rows laid out for those statements at a time
_NOTHING: Final = (None, None, None, None, None)
# The spellings of a number the API and the portal's exports use, each holding nothing its
# canonical `+380…` form does not (see _parties_for); those fast_canonical turns by hand.
_API_SPELLING: Final = re.compile(r"0[1-9][0-9]{8}|380[1-9][0-9]{8}|\+380[1-9][0-9]{8}")
# Batches this big into an empty period are inserted first and checked for repeats after.
_OPTIMISTIC_ROWS: Final = 10_000

# A transaction that holds the write lock from its start (CallArchive._writing).
Writing = Callable[[], AbstractContextManager[sqlite3.Connection]]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing a batch did. `new + known` is the number of records given (a call given twice
    counts once as new and once as known); `updated` known calls gained a name, department or
    extra field they lacked."""

    new: int
    known: int
    updated: int
    new_records: tuple[CallRecord, ...] = ()


@contextmanager
def paused_garbage_collector() -> Iterator[None]:
    """No cyclic garbage collection while a bulk operation builds millions of lists and tuples.

    None of them form cycles, yet each few hundred thousand allocations make the collector walk
    every live object: at a million calls that tripled an import's time. Reference counting
    still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def columns_of(fields: Sequence[CallFields]) -> list[Sequence[Any]]:
    """CallFields tuples as the ten columns a batch is made of."""
    return [list(map(itemgetter(i), fields)) for i in range(len(CALL_FIELD_NAMES))]


def _merge_fields(kept: CallFields, later: CallFields) -> CallFields:
    """`kept` with the names, departments and extras only `later` has."""
    texts = [
        old if old is not None else new for old, new in zip(kept[5:9], later[5:9], strict=True)
    ]
    extra = merged_extra(kept[9], later[9])
    return (*kept[:5], *texts, extra if extra is not None else kept[9])  # type: ignore[return-value]


def _fill_update(stored: Sequence[Any], row: CallFields) -> tuple[Any, ...] | None:
    """The UPDATE of a stored call that `row` brings names, departments or extras to; None if
    it brings nothing new. `stored` is a row of _STORED_COLUMNS."""
    texts = list(stored[5:9])
    changed = False
    for index, value in enumerate(row[5:9]):
        if texts[index] is None and value is not None:
            texts[index] = value
            changed = True
    extra = merged_extra(stored[9], row[9])
    if extra is not None:
        changed = True
    if not changed:
        return None
    return (*texts, extra if extra is not None else stored[9], stored[0])


class _CrowdedSecond(ArchiveError):
    """More calls in one second than it has id slots (only ever real after de-duplication)."""


class _GivenTwice(Exception):
    """The optimistic insert met a call given twice: the batch starts over the careful way."""


@dataclass
class _Batch:
    """Calls made ready outside the write lock: in columns, numbers canonical.

    Columns and zip/map do per call in C what a loop would do in Python: at a million calls
    that is the difference between one second and several.
    """

    count: int
    columns: list[Sequence[Any]]  # the ten columns of CallFields
    canonical: dict[str, str]  # every number as written -> canonical
    texts: set[tuple[str, str]]  # (number as written, a name or department given with it)
    first_second: int = 0
    last_second: int = 0
    # Every number is written `0671234567`, the API's way (see _national_canonical).
    national: bool = False
    # The first position of each distinct call, ascending, once `deduplicate` has run.
    unique: Sequence[int] | None = None

    @classmethod
    def of(cls, columns: Sequence[Sequence[Any]]) -> _Batch:
        if len(columns) != len(CALL_FIELD_NAMES):
            raise ValueError(f"calls come in {len(CALL_FIELD_NAMES)} columns")
        count = len(columns[0])
        if any(len(column) != count for column in columns):
            raise ValueError("the columns of a batch of calls differ in length")
        if not count:
            return cls(0, [], {}, set(), unique=[])
        columns = list(columns)
        starts, callings, calleds = columns[0], columns[3], columns[4]
        written = {*callings, *calleds}
        canonical_of = _national_canonical(written)
        national = canonical_of is not None
        if canonical_of is None:
            # Sorted, so parties are numbered the same whatever order a set happens to give.
            canonical_of = {w: fast_canonical(w) for w in sorted(written)}
        texts: set[tuple[str, str]] = set()
        for numbers, column in zip((callings, calleds) * 2, columns[5:9], strict=True):
            texts.update(compress(zip(numbers, column, strict=True), column))
        return cls(count, columns, canonical_of, texts, min(starts), max(starts), national=national)

    def deduplicate(self) -> Sequence[int]:
        """Each call once: a call given twice keeps its first copy, completed from the later."""
        if self.unique is not None:
            return self.unique
        starts, _, durations, callings, calleds = self.columns[:5]
        canonical_of = self.canonical.__getitem__
        first: dict[tuple[Any, ...], int] = {}
        setdefault = first.setdefault
        merges: list[tuple[int, int]] = []
        for position, key in enumerate(
            zip(
                starts,
                map(canonical_of, callings),
                map(canonical_of, calleds),
                durations,
                strict=True,
            )
        ):
            kept = setdefault(key, position)
            if kept != position:
                merges.append((kept, position))
        if merges:
            columns = [list(column) for column in self.columns]
            self.columns = list(columns)
            for kept, position in merges:
                merged = _merge_fields(_row(columns, kept), _row(columns, position))
                for column, value in zip(columns, merged, strict=True):
                    column[kept] = value
            self.unique = sorted(first.values())
        else:
            self.unique = range(self.count)
        return self.unique

    def row(self, position: int) -> CallFields:
        return _row(self.columns, position)


_NATIONAL_LINES: Final = re.compile(r"(?:0[1-9][0-9]{8}\n)*")
# Fewer numbers than this are sorted and converted one by one: numpy's start-up costs more.
_MANY_NUMBERS: Final = 10_000


def _national_canonical(written: set[str]) -> dict[str, str] | None:
    """{number as written: canonical}, sorted as written, when all are written `0671234567`
    (None otherwise, or when there are too few to matter).

    That is how the API and the portal write every number; a file may bring a million of
    them, each new. Sorting them and turning each into `+380671234567` one at a time took
    about two seconds a million; here a regular expression checks them all at once, numpy
    sorts them as fixed-width byte strings (the order of the text), and the canonical forms are
    made by one replace over the joined text.
    """
    if len(written) < _MANY_NUMBERS:
        return None
    spellings = list(written)
    joined = "\n".join(spellings) + "\n"
    if not _NATIONAL_LINES.fullmatch(joined):
        return None
    import numpy as np  # here: only a big batch pays for loading it

    # Each line is eleven bytes, its line feed last: sorted as byte strings of that width.
    lines = np.frombuffer(joined.encode("ascii"), dtype="S11")
    ordered = list(map(spellings.__getitem__, np.argsort(lines).tolist()))
    # Each line starts with its 0 and holds no other line break: the replace touches only it.
    canonical = ("\n" + "\n".join(ordered)).replace("\n0", "\n+380").split("\n")
    return dict(zip(ordered, islice(canonical, 1, None), strict=True))


def _row(columns: Sequence[Sequence[Any]], position: int) -> CallFields:
    return tuple(column[position] for column in columns)


_STORED_COLUMNS: Final = (
    "id, start_utc, calling, called, duration, calling_name, called_name, calling_department,"
    " called_department, extra"
)


@cache
def _bound_null() -> float | None:
    """What to bind in place of None, much faster: NaN, which SQLite stores as NULL.

    The sqlite3 module binds int, float, str and bytes directly but looks any other value up
    among its adapters, None included: a third of the time of inserting a million calls half
    of whose names are missing. SQLite turns a NaN into NULL as it is bound
    (sqlite3VdbeMemSetDouble); this checks that the SQLite in use does.
    """
    probe = sqlite3.connect(":memory:")
    try:
        nan_is_null = probe.execute("SELECT ? IS NULL", (math.nan,)).fetchone()[0]
    finally:
        probe.close()
    return math.nan if nan_is_null == 1 else None


def _insert_rows(
    connection: sqlite3.Connection,
    table: str,
    names: Sequence[str],
    values: Sequence[Sequence[Any]],
) -> None:
    """INSERT the rows whose columns are `values`, in order, many rows per statement."""
    width, total = len(names), len(values[0])
    limit = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(_ROWS_PER_INSERT, limit // width))
    row = f"({', '.join('?' * width)})"
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES "
    chunk = max(per, _INSERT_CHUNK // per * per)
    for first in range(0, total, chunk):
        size = min(chunk, total - first)
        # The rows one after the other in one flat list, laid out a column at a time in C.
        flat: list[Any] = [None] * (size * width)
        for offset, column in enumerate(values):
            flat[offset::width] = column[first : first + size]
        step = per * width
        whole = size // per * step
        if whole:
            connection.executemany(
                insert + ", ".join(repeat(row, per)),
                (flat[i : i + step] for i in range(0, whole, step)),
            )
        if whole < len(flat):
            connection.executemany(
                insert + row, (flat[i : i + width] for i in range(whole, len(flat), width))
            )


def _build_indexes(connection: sqlite3.Connection) -> None:
    """CREATE the call indexes, sorting in short runs (see _INDEX_BUILD_CACHE_KIB).

    SQLite sorts in runs only with a temporary file: in memory it sorts everything as one run.
    The file is SQLite's own, deleted as it is opened. Changing where temporary data goes is
    refused once the connection has temporary tables in a transaction: then it sorts in memory.
    """
    try:
        connection.execute("PRAGMA temp_store = FILE")
    except sqlite3.OperationalError:
        for _, create in INDEXES:
            connection.execute(create)
        return
    connection.execute(f"PRAGMA cache_size = -{_INDEX_BUILD_CACHE_KIB}")
    try:
        for _, create in INDEXES:
            connection.execute(create)
    finally:
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        with suppress(sqlite3.OperationalError):
            connection.execute("PRAGMA temp_store = MEMORY")


def _party_counts(
    calling_ids: Sequence[int], called_ids: Sequence[int], positions: Sequence[int], first: int
) -> tuple[list[tuple[int, int]], Sequence[int]]:
    """For the calls at `positions`: (calls, party id) of every party with an id below
    `first`, and the calls of each party from `first` on (the new ones), by id."""
    if len(positions) < 10_000:
        counts: Counter[int] = Counter(map(calling_ids.__getitem__, positions))
        counts.update(map(called_ids.__getitem__, positions))
        fresh = [0] * (max(counts, default=0) + 1 - first)
        older = []
        for party, calls in counts.items():
            if party >= first:
                fresh[party - first] = calls
            else:
                older.append((calls, party))
        return older, fresh
    import numpy as np  # here: only a big batch pays for loading it

    both = np.array([calling_ids, called_ids], dtype=np.int64)
    if len(positions) != len(calling_ids):
        both = both[:, np.asarray(positions, dtype=np.int64)]
    tally = np.bincount(both.ravel(), minlength=first)
    parties = np.flatnonzero(tally[:first])
    older = list(zip(tally[parties].tolist(), parties.tolist(), strict=True))
    return older, tally[first:].tolist()


def store_columns(
    writing: Writing,
    columns: Sequence[Sequence[Any]],
    covered: tuple[datetime, datetime] | None,
    want_new: bool,
) -> tuple[AddResult, list[int]]:
    """Store the calls given as the ten columns of CallFields in one transaction of `writing`,
    with the period they cover; the positions of the new ones when `want_new`."""
    with paused_garbage_collector():
        batch = _Batch.of(columns)  # all that needs no database, before taking the lock
        for optimistic in (True, False):
            try:
                with writing() as connection:
                    result, new_positions = _store(
                        connection, batch, want_new=want_new, optimistic=optimistic
                    )
                    if covered is not None:
                        merge_interval(connection, "coverage", *covered)
            except _GivenTwice:
                continue  # rolled back whole: the careful way starts from the top
            break
    return result, new_positions


def _store(
    connection: sqlite3.Connection, batch: _Batch, *, want_new: bool, optimistic: bool
) -> tuple[AddResult, list[int]]:
    if not batch.count:
        return AddResult(0, 0, 0), []
    party_of, new_parties = _parties_for(connection, batch)
    calling_ids = list(map(party_of.__getitem__, batch.columns[3]))
    called_ids = list(map(party_of.__getitem__, batch.columns[4]))
    lowest, highest = first_id(batch.first_second), first_id(batch.last_second + 1)
    stored_in_range = connection.execute(
        "SELECT count(*) FROM calls WHERE id >= ? AND id < ?", (lowest, highest)
    ).fetchone()[0]
    if (
        optimistic
        and not stored_in_range
        and batch.unique is None
        and batch.count >= _OPTIMISTIC_ROWS
    ):
        # A period the archive has nothing of, the usual bulk import: insert everything and
        # let the identity index find any call given twice, rather than a dictionary of a
        # million keys. If it does find one, the whole transaction is undone and the batch
        # taken the careful way. Not a savepoint: SQLite keeps the old content of every page
        # a savepoint changes, in memory, and the pages a batch changes grow with the
        # archive (300 MB per 100,000 calls into 1.5M stored, 1 GB past 4M).
        try:
            everything = range(batch.count)
            ids = _new_ids(connection, batch.columns[0], everything, {}, True)
            _insert_new(connection, ids, everything, batch, calling_ids, called_ids, new_parties)
        except (sqlite3.IntegrityError, _CrowdedSecond):
            # A call given twice (an answer repeating one row thousands of times runs out
            # of a second's id slots before the index sees it): merge the repeats first.
            raise _GivenTwice from None
        return AddResult(batch.count, 0, 0), (list(everything) if want_new else [])
    unique = batch.deduplicate()
    starts, _, durations = batch.columns[:3]

    # The calls already stored among these, and the id slots their seconds have used.
    existing: dict[tuple[int, int, int, int], tuple[Any, ...]] = {}
    next_slot: dict[int, int] = {}
    by_range = stored_in_range <= max(10_000, 3 * len(unique))
    if stored_in_range:
        rows: Iterable[tuple[Any, ...]]
        if by_range:
            rows = connection.execute(
                f"SELECT {_STORED_COLUMNS} FROM calls WHERE id >= ? AND id < ?",
                (lowest, highest),
            )
        else:
            keys = [[starts[i], calling_ids[i], called_ids[i], durations[i]] for i in unique]
            columns = ", ".join(f"c.{name.strip()}" for name in _STORED_COLUMNS.split(","))
            rows = connection.execute(
                f"SELECT {columns} FROM json_each(?) AS j CROSS JOIN calls AS c "
                "ON c.start_utc = j.value ->> 0 AND c.calling = j.value ->> 1 "
                "AND c.called = j.value ->> 2 AND c.duration = j.value ->> 3",
                (json.dumps(keys),),
            )
        for row in rows:
            existing[(row[1], row[2], row[3], row[4])] = row
            slot = row[0] - first_id(row[1]) + 1
            if slot > next_slot.get(row[1], 0):
                next_slot[row[1]] = slot

    updates: list[tuple[Any, ...]] = []
    new_positions: Sequence[int]
    if existing:
        fresh: list[int] = []
        new_positions = fresh
        texts = batch.columns[5:10]
        for i in unique:
            stored = existing.get((starts[i], calling_ids[i], called_ids[i], durations[i]))
            if stored is None:
                fresh.append(i)
                continue
            given = tuple(column[i] for column in texts)
            if given == stored[5:10] or given == _NOTHING:
                continue  # the same again, or nothing to add: the usual re-import
            update = _fill_update(stored, batch.row(i))
            if update is not None:
                updates.append(update)
    else:
        new_positions = unique

    ids = _new_ids(connection, starts, new_positions, next_slot, by_range) if new_positions else []
    _insert_new(connection, ids, new_positions, batch, calling_ids, called_ids, new_parties)
    if updates:
        connection.executemany(
            "UPDATE calls SET calling_name = ?, called_name = ?, calling_department = ?, "
            "called_department = ?, extra = ? WHERE id = ?",
            updates,
        )
    result = AddResult(
        new=len(new_positions), known=batch.count - len(new_positions), updated=len(updates)
    )
    return result, (list(new_positions) if want_new else [])


def _insert_new(
    connection: sqlite3.Connection,
    ids: list[int],
    positions: Sequence[int],
    batch: _Batch,
    calling_ids: list[int],
    called_ids: list[int],
    fresh: _NewParties,
) -> None:
    if positions:
        _insert_calls(connection, ids, positions, batch, calling_ids, called_ids)
    older, calls = _party_counts(calling_ids, called_ids, positions, fresh.first)
    _insert_parties(connection, fresh, calls)
    connection.executemany("UPDATE parties SET calls = calls + ? WHERE id = ?", older)


@dataclass(frozen=True, slots=True)
class _NewParties:
    """Parties a batch brings, inserted once their calls are counted (one insert, no update):
    ids from `first` on, in the order of `numbers`."""

    first: int
    numbers: list[str]
    search: list[str]


def _insert_parties(
    connection: sqlite3.Connection, fresh: _NewParties, calls: Sequence[int]
) -> None:
    """INSERT the new parties with their counts of calls (`calls[i]` for id `first + i`)."""
    size = len(fresh.numbers)
    if not size:
        return
    # A party none of the stored calls takes part in has no count (none is ever made so).
    counts = [*calls[:size], *repeat(0, size - len(calls))]
    _insert_rows(
        connection,
        "parties",
        ("id", "number", "search", "calls"),
        (range(fresh.first, fresh.first + size), fresh.numbers, fresh.search, counts),
    )


def _new_ids(
    connection: sqlite3.Connection,
    starts: Sequence[int],
    positions: Sequence[int],
    next_slot: dict[int, int],
    by_range: bool,
) -> list[int]:
    """Ids for new calls: start * 4096, plus a slot where a second already has calls."""
    if len(positions) != len(starts):
        starts = list(map(starts.__getitem__, positions))
    ids = list(map(mul, starts, repeat(SLOTS_PER_SECOND)))
    if not by_range:
        crowded = set(starts)  # a small batch: ask the archive for each second
    elif not next_slot and all(map(lt, ids, islice(ids, 1, None))):
        return ids  # in time order, one call per second, none stored: nothing to add
    else:
        # Only seconds that come twice, or that stored calls already use, need slots.
        # Sorted, repeats are neighbours (and a file in time order sorts in a moment).
        ordered = sorted(starts)
        crowded = set(compress(ordered, map(eq, ordered, islice(ordered, 1, None))))
        crowded.update(next_slot)
    for index in compress(range(len(starts)), map(crowded.__contains__, starts)):
        second = starts[index]
        slot = next_slot.get(second)
        if slot is None:
            slot = 0 if by_range else _next_slot(connection, second)
        if slot >= SLOTS_PER_SECOND:
            raise _CrowdedSecond(
                f"More than {SLOTS_PER_SECOND} calls start at {utc_of(second)}: "
                "the archive cannot hold them."
            )
        next_slot[second] = slot + 1
        ids[index] = second * SLOTS_PER_SECOND + slot
    return ids


def _next_slot(connection: sqlite3.Connection, second: int) -> int:
    row = connection.execute(
        "SELECT max(id) FROM calls WHERE id >= ? AND id < ?",
        (first_id(second), first_id(second + 1)),
    ).fetchone()
    return 0 if row[0] is None else int(row[0]) - first_id(second) + 1


def _insert_calls(
    connection: sqlite3.Connection,
    ids: list[int],
    positions: Sequence[int],
    batch: _Batch,
    calling_ids: list[int],
    called_ids: list[int],
) -> None:
    columns = [*batch.columns, calling_ids, called_ids]
    if len(positions) != batch.count:
        columns = [list(map(column.__getitem__, positions)) for column in columns]
    starts, ends, durations, callings, calleds, *texts, extras, a_ids, b_ids = columns
    names = [
        "id",
        "start_utc",
        "end_utc",
        "calling",
        "called",
        "duration",
        "calling_raw",
        "called_raw",
    ]
    values: list[Sequence[Any]] = [
        ids,
        starts,
        ends,
        a_ids,
        b_ids,
        durations,
        callings,
        calleds,
    ]
    # Columns with nothing in them (no names asked for, no extras) are left to their default
    # NULL rather than bound a million times.
    null = {None: _bound_null()}
    for name, column in zip(
        ("calling_name", "called_name", "calling_department", "called_department", "extra"),
        (*texts, extras),
        strict=True,
    ):
        nulls = column.count(None)
        if nulls != len(column):
            names.append(name)
            values.append(list(map(null.get, column, column)) if nulls else column)
    # In id order the table grows at its end. A file in time order needs no sorting, nor
    # one with a few calls out of place (the repeated autumn hour): those few go in where
    # they belong, and the table holds the same either way.
    if sum(map(gt, ids, islice(ids, 1, None))) > len(ids) // 1000:
        order = sorted(range(len(ids)), key=ids.__getitem__)
        values = [list(map(column.__getitem__, order)) for column in values]
    bulk = len(ids) >= _BULK_ROWS
    if bulk:
        stored = connection.execute("SELECT total(calls) FROM parties").fetchone()[0] / 2
        bulk = len(ids) > stored
    if not bulk:
        _insert_rows(connection, "calls", names, values)
        return
    # Sorting a million keys once is far cheaper than a million B-tree insertions at random
    # places; the transaction keeps readers on the old indexes meanwhile.
    for name, _ in INDEXES:
        connection.execute(f"DROP INDEX {name}")
    _insert_rows(connection, "calls", names, values)
    _build_indexes(connection)


def _parties_for(
    connection: sqlite3.Connection, batch: _Batch
) -> tuple[dict[str, int], _NewParties]:
    """Party ids by number as written, and the parties to create; grows the search text of
    the known ones."""
    canonical = batch.canonical
    # Every number once, in the order parties are numbered (that of the sorted spellings).
    numbers = list(canonical.values() if batch.national else dict.fromkeys(canonical.values()))
    pieces = _search_pieces(batch)
    found: dict[str, tuple[int, str]] = {}
    next_id = int(connection.execute("SELECT coalesce(max(id), 0) FROM parties").fetchone()[0])
    if next_id:  # an empty archive knows none of them
        for row in connection.execute(
            "SELECT number, id, search FROM parties "
            "WHERE number IN (SELECT value FROM json_each(?))",
            (json.dumps(numbers, ensure_ascii=False),),
        ):
            found[row[0]] = (row[1], row[2])
    grown = {number: grow("", bucket) for number, bucket in pieces.items()}
    fresh = [number for number in numbers if number not in found] if found else numbers
    new_ids = range(next_id + 1, next_id + 1 + len(fresh))
    new = _NewParties(next_id + 1, fresh, list(map(grown.get, fresh, fresh)))
    if batch.national and not found:
        # Each spelling its own number, all new: the ids go to the spellings in order.
        return dict(zip(canonical, new_ids, strict=True)), new
    ids = dict(zip(fresh, new_ids, strict=True))
    updates: list[tuple[str, int]] = []
    for number, (party, text) in found.items():
        ids[number] = party
        longer = grow(text, pieces.get(number) or [number])
        if longer != text:
            updates.append((longer, party))
    if updates:
        connection.executemany("UPDATE parties SET search = ? WHERE id = ?", updates)
    return dict(zip(canonical, map(ids.__getitem__, canonical.values()), strict=True)), new


def _search_pieces(batch: _Batch) -> dict[str, list[str]]:
    """The pieces each number's search text grows by, for the numbers that have any besides
    their canonical text.

    A number written only the API's ways (`0671234567`, `380…`, `+380…`) is searched by its
    canonical text alone: every other piece of it is inside that text, and `grow` would skip
    it. Such numbers are most of a file, a million of them in the worst case, so they are
    told apart in C (a regular expression through `filter`) and skip the loop below.
    """
    canonical = batch.canonical
    pieces: dict[str, list[str]] = {}
    if not batch.national:
        spelled = set(filter(_API_SPELLING.fullmatch, canonical))
        for written in sorted(set(canonical).difference(spelled)):
            number = canonical[written]
            bucket = pieces.get(number)
            if bucket is None:
                plain = holds_its_pieces(number)
                bucket = pieces[number] = [number] if plain else number_pieces(number)
            if written and written != number:
                bucket.append(written_piece(written))
    seen_text: set[tuple[str, str]] = set()
    for written, text in batch.texts:
        number = canonical[written]
        if (number, text) not in seen_text:
            seen_text.add((number, text))
            bucket = pieces.get(number)
            if bucket is None:
                bucket = pieces[number] = [number]  # one of the API's spellings, see above
            bucket.extend(text_pieces(text))
    return pieces
