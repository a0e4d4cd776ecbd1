"""The call archive: every call ever fetched or imported, in one SQLite file, queried in SQL.

The API forgets calls after 30 days; this file does not. It is written by a sync, an import or
the command line while the GUI reads it, possibly from another process, so it runs in WAL mode
with a busy timeout; every write is one transaction (a batch of calls with its coverage), so a
killed process leaves the file as it was before or after a batch, never half of one.

How it is laid out, and why:

- `calls.id` is `start_utc * 4096 + n` (n counts calls that start in the same second). Ordering
  by id is ordering by time, so "the newest 50 calls" is a walk backwards along the table itself,
  a period is a range of ids, and the table is stored in time order.
- Each phone number is a row of `parties`, and calls refer to them by integer. A call's identity
  is UNIQUE(start_utc, calling, called, duration) over those integers; as every number is stored
  in canonical form, `0671234567` and `380671234567` are one party and a call fetched twice, or
  exported and imported again in another spelling, stays one row.
- Search works on parties, not calls. A party's `search` text holds its number in every form
  (canonical, national, digits as written), every name and department it was seen with, in
  Latin and Cyrillic and by sound, built and matched by the rules of `core.search` (which the
  history table and the contacts follow too), so `olena` finds Олена and `Alexander` finds
  Олександр. The text is derived data: when those rules change it is rebuilt from the calls at
  the next open (meta `search_text`), with no schema change. A company's million calls
  involve some tens of thousands of parties, so a term is matched against those in
  milliseconds; the calls then come from the number indexes (a rare term) or from a backwards
  walk that stops at the first page (a common one). An FTS5 trigram index over
  a per-call search text was measured here first: 18 s to build for a million calls and 400
  bytes a call, against a 10 s import target; matching the parties costs neither. (LIKE over a
  per-call text: 0.2-0.4 s for a rare term, above the 200 ms first-page target.)
- `coverage` holds the periods the archive has completely (merged intervals), so a sync knows
  what to fetch and what is lost; `lost_periods` what was found missing and past the API's reach.

One CallArchive holds one connection; it may be used from any thread, one call at a time (a
lock serialises them). Use one per thread for reads that should not wait for a sync's writes.
"""

from __future__ import annotations

import gc
import json
import logging
import math
import os
import shutil
import sqlite3
import threading
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import IntEnum
from functools import cache
from itertools import compress, islice, repeat
from operator import eq, gt, itemgetter, lt, mul
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, Final, Literal, Self, TypeAlias, cast

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import ArchiveDamagedError, ArchiveError, StorageError
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.archive.number_migration import recanonicalise_numbers
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.search.matching import (
    SEARCH_TEXT_VERSION,
    Term,
    grow,
    number_pieces,
    query_terms,
    text_pieces,
    written_piece,
)

_log = logging.getLogger(__name__)

# "FMCD": marks the file as ours, so a foreign SQLite database is never taken for an archive.
APPLICATION_ID: Final = 0x464D4344
SLOTS_PER_SECOND: Final = 4096  # calls starting in one second; a PBX is nowhere near it
BUSY_TIMEOUT_MS: Final = 5000

# How many calls a search may gather through the number indexes before a walk along the table
# is cheaper. Gathering costs about a microsecond a call; the walk stops after one page.
_INDEX_PATH_FOR_PAGE: Final = 20_000
# Imports this big (and bigger than the archive) rebuild the indexes instead of updating them.
_BULK_ROWS: Final = 100_000
# The page cache while those indexes are built. SQLite sorts an index's entries in runs of this
# size in a temporary file, then merges them: runs of a couple of megabytes stay in the
# processor's cache, and sort a million calls' entries twice as fast as one run in memory.
_INDEX_BUILD_CACHE_KIB: Final = 2048
_CACHE_KIB: Final = 65536
# Rows per INSERT statement: a statement of many rows costs SQLite and the sqlite3 module much
# less per row than one statement per row (a third less time for a million calls).
_ROWS_PER_INSERT: Final = 200
_INSERT_CHUNK: Final = 20_000  # rows laid out for those statements at a time
_ITER_CHUNK: Final = 20_000
_NOTHING: Final = (None, None, None, None, None)
# Batches this big into an empty period are inserted first and checked for repeats after.
_OPTIMISTIC_ROWS: Final = 10_000

# A call as the archive stores it, without a CallRecord: (start, end (UTC epoch seconds),
# duration, calling_number, called_number (as written), calling_name, called_name,
# calling_department, called_department, extras as a JSON object or None).
CallFields: TypeAlias = tuple[
    int, int, int, str, str, str | None, str | None, str | None, str | None, str | None
]
CALL_FIELD_NAMES: Final = (
    "start",
    "end",
    "duration",
    "calling_number",
    "called_number",
    "calling_name",
    "called_name",
    "calling_department",
    "called_department",
    "extra",
)
# The same with the archive's id in front: what the GUI's column store loads
# (fmc_desktop.core.history.batch.CallRow).
CallRow: TypeAlias = tuple[
    int, int, int, int, str, str, str | None, str | None, str | None, str | None, str | None
]

# --- schema -------------------------------------------------------------------------------------

_SCHEMA_V1: Final[tuple[str, ...]] = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE parties (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,      -- canonical form
        search TEXT NOT NULL,             -- folded: number forms, names, departments, Latin
        calls INTEGER NOT NULL DEFAULT 0  -- calls it takes part in: the search's estimate
    )""",
    """CREATE TABLE calls (
        id INTEGER PRIMARY KEY,           -- start_utc * 4096 + n: id order is time order
        start_utc INTEGER NOT NULL,
        end_utc INTEGER NOT NULL,
        calling INTEGER NOT NULL,         -- parties.id; not declared REFERENCES: the check
        called INTEGER NOT NULL,          -- was a quarter of a bulk import, and a party is
                                          -- deleted only when no call refers to it
        duration INTEGER NOT NULL,
        calling_raw TEXT NOT NULL,        -- the numbers as the API or file wrote them
        called_raw TEXT NOT NULL,
        calling_name TEXT,
        called_name TEXT,
        calling_department TEXT,
        called_department TEXT,
        extra TEXT                        -- JSON object of fields this version does not know
    )""",
    "CREATE UNIQUE INDEX calls_identity ON calls(start_utc, calling, called, duration)",
    "CREATE INDEX calls_by_calling ON calls(calling)",
    "CREATE INDEX calls_by_called ON calls(called)",
    """CREATE TABLE coverage (
        start INTEGER PRIMARY KEY,        -- UTC epoch seconds, [start, end], merged
        end INTEGER NOT NULL
    )""",
    """CREATE TABLE lost_periods (
        start INTEGER PRIMARY KEY,
        end INTEGER NOT NULL
    )""",
    """CREATE TABLE returns_done (
        number TEXT PRIMARY KEY,          -- canonical
        until INTEGER NOT NULL            -- missed calls up to here are dealt with
    ) WITHOUT ROWID""",
)
_INDEXES: Final[tuple[tuple[str, str], ...]] = (
    (
        "calls_identity",
        "CREATE UNIQUE INDEX calls_identity ON calls(start_utc, calling, called, duration)",
    ),
    ("calls_by_calling", "CREATE INDEX calls_by_calling ON calls(calling)"),
    ("calls_by_called", "CREATE INDEX calls_by_called ON calls(called)"),
)

# A migration step: SQL statements, or a function for what SQL alone cannot do (run inside the
# same transaction, given the connection).
Migration: TypeAlias = tuple[str, ...] | Callable[[sqlite3.Connection], None]

# Schema version N is reached by running MIGRATIONS[N - 1]; a release never edits a published one.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    _SCHEMA_V1,
    # 2: every stored number re-read by libphonenumber (core/number_migration.py).
    recanonicalise_numbers,
)
SCHEMA_VERSION: Final = len(MIGRATIONS)

_META_TOKEN_REJECTED = "token_rejected"
_META_LAST_SYNC = "last_sync"
_META_CREATED = "created"
_META_SEARCH_TEXT = "search_text"  # the core.search.SEARCH_TEXT_VERSION parties.search follows


# --- public value types -------------------------------------------------------------------------


class Direction(IntEnum):
    """Which way a call went, seen from a set of numbers ("mine" or the company's).

    2 * (the caller is in the set) + (the called is in the set), as the GUI's column store counts.
    """

    OTHER = 0  # neither number is in the set
    INCOMING = 1
    OUTGOING = 2
    INTERNAL = 3


class Order(IntEnum):
    NEWEST_FIRST = 0
    OLDEST_FIRST = 1


@dataclass(frozen=True)
class CallQuery:
    """Which calls, in what order. Every filter is optional; the empty query is the whole archive.

    - `start`/`end`: calls that started in [start, end).
    - `search`: every whitespace-separated term must appear in what the archive knows of one of
      the call's two parties: its number in any spelling, and every name and department the API
      ever gave with it (so `олена` finds all calls of Olena's number, named or not). A query
      that is only a number with spaces, dashes, slashes or dots (`067 123-45-67`, `067/123`)
      is one term. Case, accents, the kind of apostrophe, Cyrillic/Latin (`olena`) and common
      spellings (`Alexey`, `Kiev`) do not matter; any length of term works. `core.search`
      defines it all, for the history table and the contacts too.
    - `numbers`: the set directions are seen from (the user's own numbers, or the company's for
      the whole PBX), in any spelling; only calls touching it are selected. None: every call.
    - `direction`: None for all; otherwise one of INCOMING (only the called is in the set),
      OUTGOING (only the caller is), INTERNAL (both are). Needs `numbers`.
    - `answered`: True for calls with a duration, False for those without, None for both.
    """

    start: datetime | None = None
    end: datetime | None = None
    search: str | None = None
    numbers: frozenset[str] | None = None
    direction: Direction | None = None
    answered: bool | None = None
    min_duration: int = 0
    order: Order = Order.NEWEST_FIRST
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if self.direction is not None:
            if self.numbers is None:
                raise ValueError("a direction is seen from a set of numbers: give `numbers`")
            if self.direction is Direction.OTHER:
                raise ValueError("calls touching the set are never OTHER: filter with None")
        for instant in (self.start, self.end):
            if instant is not None and instant.tzinfo is None:
                raise ValueError("CallQuery needs aware datetimes")
        if self.numbers is not None and not isinstance(self.numbers, frozenset):
            object.__setattr__(self, "numbers", frozenset(self.numbers))


@dataclass(frozen=True, slots=True)
class StoredCall:
    """A call as the archive holds it: its id, the record, and both numbers in canonical form."""

    id: int
    record: CallRecord
    calling: str
    called: str

    def direction(self, numbers: frozenset[str]) -> Direction:
        """The direction seen from `numbers` (canonical forms, e.g. from `canonical_set`)."""
        return Direction(2 * (self.calling in numbers) + (self.called in numbers))


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing a batch did. `new + known` is the number of records given (a call given twice
    counts once as new and once as known); `updated` known calls gained a name, department or
    extra field they lacked."""

    new: int
    known: int
    updated: int
    new_records: tuple[CallRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Tally:
    answered: int = 0
    unanswered: int = 0
    seconds: int = 0

    @property
    def calls(self) -> int:
        return self.answered + self.unanswered

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.answered + other.answered,
            self.unanswered + other.unanswered,
            self.seconds + other.seconds,
        )


@dataclass(frozen=True, slots=True)
class DayCounts:
    """One Kyiv calendar day. Directions are seen from the query's `numbers` (OTHER without)."""

    day: date
    by_direction: Mapping[Direction, Tally]

    @property
    def total(self) -> Tally:
        result = Tally()
        for tally in self.by_direction.values():
            result = result + tally
        return result

    def __getitem__(self, direction: Direction) -> Tally:
        return self.by_direction.get(direction, Tally())


@dataclass(frozen=True, slots=True)
class NumberTotals:
    number: str  # canonical
    written: str  # as most recently written by the API
    name: str | None  # the most recent name seen with it
    calls: int
    answered: int
    seconds: int


@dataclass(frozen=True, slots=True)
class DepartmentTotals:
    """Calls with a party in `department` (None: calls where neither party has one)."""

    department: str | None
    calls: int
    answered: int
    seconds: int


@dataclass(frozen=True, slots=True)
class DurationBucket:
    low: int  # seconds, inclusive
    high: int | None  # exclusive; None: no upper bound
    calls: int


@dataclass(frozen=True, slots=True)
class CallToReturn:
    """Someone who called the user's numbers, was not answered, and has not been called back."""

    number: str  # canonical
    written: str  # as the last missed call wrote it
    name: str | None
    attempts: int  # missed calls since the last time it was dealt with
    first_missed: datetime  # Kyiv time
    last_missed: datetime
    own_number: str  # which of the user's numbers the last attempt rang (canonical)
    last_call_id: int


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    calls: int
    first_call: datetime | None  # Kyiv time
    last_call: datetime | None
    file_bytes: int  # the database and its write-ahead log
    parties: int


# --- small helpers ------------------------------------------------------------------------------


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


def canonical_set(numbers: Iterable[str]) -> frozenset[str]:
    return frozenset(canonical(n) for n in numbers if n.strip())


def _epoch_floor(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("the archive needs aware datetimes")
    return math.floor(instant.timestamp())


def _epoch_ceil(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("the archive needs aware datetimes")
    return math.ceil(instant.timestamp())


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _kyiv(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, KYIV)


def _first_id(second: int) -> int:
    return second * SLOTS_PER_SECOND


def search_terms(text: str) -> tuple[Term, ...]:
    """The terms a search text stands for (see CallQuery.search and `core.search`)."""
    return query_terms(text)


def _rebuild_search_text(connection: sqlite3.Connection) -> None:
    """Every party's search text, built afresh from the calls it takes part in."""
    numbers = {
        int(party): str(number)
        for party, number in connection.execute("SELECT id, number FROM parties")
    }
    pieces = {party: number_pieces(number) for party, number in numbers.items()}
    for party, written, name, department in connection.execute(
        "SELECT calling, calling_raw, calling_name, calling_department FROM calls"
        " UNION SELECT called, called_raw, called_name, called_department FROM calls"
    ):
        bucket = pieces.get(int(party))
        if bucket is None:
            continue
        if written and written != numbers.get(int(party)):
            bucket.append(written_piece(written))
        for text in (name, department):
            if text:
                bucket.extend(text_pieces(text))
    connection.executemany(
        "UPDATE parties SET search = ? WHERE id = ?",
        [(grow("", bucket), party) for party, bucket in pieces.items()],
    )


def _extra_json(extra: Mapping[str, ExtraValue]) -> str | None:
    return json.dumps(dict(extra), ensure_ascii=False) if extra else None


def _extra_map(text: str | None) -> Mapping[str, ExtraValue]:
    if not text:
        return MappingProxyType({})
    value = json.loads(text)
    return MappingProxyType(value if isinstance(value, dict) else {})


def _merged_extra(old: str | None, new: str | None) -> str | None:
    """The stored extras with the fields it lacked (or had empty) filled in; None: no change."""
    if not new:
        return None
    current = dict(_extra_map(old))
    changed = False
    for key, value in _extra_map(new).items():
        if value is not None and current.get(key) is None:
            current[key] = value
            changed = True
    return json.dumps(current, ensure_ascii=False) if changed else None


def call_fields(record: CallRecord) -> CallFields:
    """A record as the archive stores it (see CallFields)."""
    return (
        int(record.start_utc.timestamp()),
        int(record.end.timestamp()),
        record.duration,
        record.calling_number,
        record.called_number,
        record.calling_name,
        record.called_name,
        record.calling_department,
        record.called_department,
        _extra_json(record.extra),
    )


def _columns(fields: Sequence[CallFields]) -> list[Sequence[Any]]:
    return [list(map(itemgetter(i), fields)) for i in range(len(CALL_FIELD_NAMES))]


def _merge_fields(kept: CallFields, later: CallFields) -> CallFields:
    """`kept` with the names, departments and extras only `later` has."""
    texts = [
        old if old is not None else new for old, new in zip(kept[5:9], later[5:9], strict=True)
    ]
    extra = _merged_extra(kept[9], later[9])
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
    extra = _merged_extra(stored[9], row[9])
    if extra is not None:
        changed = True
    if not changed:
        return None
    return (*texts, extra if extra is not None else stored[9], stored[0])


_DAMAGED: Final = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
_NOT_WRITABLE: Final = frozenset({"SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN"})
# Below this much free space an input/output error while writing is a full disk: SQLite says
# SQLITE_FULL only when the system said ENOSPC, and a short write or a quota says otherwise.
_NEARLY_FULL_BYTES: Final = 16 * 1024 * 1024


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _archive_error(path: Path, error: sqlite3.Error) -> ArchiveError:
    """One sentence for an SQLite failure: what happened to which file or folder, what to do."""
    name = getattr(error, "sqlite_errorname", "") or ""
    key = "_".join(name.split("_", 2)[:2])
    folder = path.parent
    if key == "SQLITE_IOERR":
        free = _free_bytes(folder)
        if free is not None and free < _NEARLY_FULL_BYTES:
            key = "SQLITE_FULL"
    if key in _DAMAGED:
        return ArchiveDamagedError(
            f"The call archive {path} is damaged; nothing more is written to it. Run "
            "`fmc-desktop repair` (or open the app) to restore a backup or save what can be read.",
            path=str(path),
            sqlite_error=name,
        )
    if key in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        text = (
            f"The call archive {path} is busy: another program is writing to it. "
            "Try again in a moment."
        )
    elif key == "SQLITE_FULL":
        text = (
            f"The disk holding {folder} is full, so the call archive cannot grow; free some "
            "space there and try again (nothing stored so far was lost)."
        )
    elif key in _NOT_WRITABLE:
        text = (
            f"The data folder {folder} (or the call archive in it) is read-only; make it "
            "writable, or set FMC_DESKTOP_HOME to a writable folder, and try again."
        )
    elif key == "SQLITE_IOERR":
        text = (
            f"The call archive {path} could not be read or written (an input/output error); "
            "check the disk and try again."
        )
    else:
        text = f"The call archive {path} could not be used ({error})."
    return ArchiveError(text, path=str(path), sqlite_error=name)


def _quick_check(connection: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check: [] when sound, else its first few complaints (or the error)."""
    try:
        rows = connection.execute("PRAGMA quick_check(20)").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


class _CrowdedSecond(ArchiveError):
    """More calls in one second than it has id slots (only ever real after de-duplication)."""


class _GivenTwice(Exception):
    """The optimistic insert met a call given twice: the batch starts over the careful way."""


class _Health:
    """What this process knows of one archive file, shared by every connection to it: a check
    in progress holds `lock`, so a second writer waits for its verdict instead of repeating it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.suspect = False  # SQLite reported damage: check before the next write
        self.damaged: tuple[str, ...] | None = None  # the check failed: never write


_health_guard = threading.Lock()
_health: dict[str, _Health] = {}
# The writer marks (see CallArchive) of connections open in this process.
_live_writers: set[str] = set()
_WRITER_PREFIX: Final = "writer:"


def _health_of(path: Path) -> _Health:
    key = os.path.realpath(path)
    with _health_guard:
        found = _health.get(key)
        if found is None:
            found = _health[key] = _Health()
        return found


def forget_health(path: Path) -> None:
    """Forget what this process knew of `path` (a repaired or replaced file is a new one)."""
    with _health_guard:
        _health.pop(os.path.realpath(path), None)


def report_damage(path: Path, problems: Sequence[str]) -> None:
    """Another check (a backup's) found `path` damaged: no connection of this process writes."""
    _health_of(path).damaged = tuple(problems) or ("damaged",)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        # Windows has no harmless probe (os.kill there terminates): take the mark as stale,
        # which costs at worst one quick_check too many.
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


# --- the archive --------------------------------------------------------------------------------


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
        # Sorted, so parties are numbered the same whatever order a set happens to give.
        canonical_of = {w: fast_canonical(w) for w in sorted({*callings, *calleds})}
        texts: set[tuple[str, str]] = set()
        for numbers, column in zip((callings, calleds) * 2, columns[5:9], strict=True):
            texts.update(compress(zip(numbers, column, strict=True), column))
        return cls(count, columns, canonical_of, texts, min(starts), max(starts))

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


def _row(columns: Sequence[Sequence[Any]], position: int) -> CallFields:
    return tuple(column[position] for column in columns)


def fast_canonical(written: str) -> str:
    """numbers.canonical, with a shortcut for the three spellings the API and exports use.

    A million-call import meets tens of thousands of distinct numbers; the full parser takes
    about ten microseconds each, the shortcut one. A test holds the two equal.
    """
    if written.isascii():
        size = len(written)
        if size == 10 and written[0] == "0" and written[1] != "0" and written.isdigit():
            return "+380" + written[1:]
        if size == 13 and written[:4] == "+380" and written[4] != "0" and written[1:].isdigit():
            return written
        if size == 12 and written[:3] == "380" and written[3] != "0" and written.isdigit():
            return "+" + written
    return canonical(written)


@dataclass
class _Plan:
    """A query compiled to SQL: WITH ... , the WHERE conditions, and their parameters."""

    ctes: list[str] = field(default_factory=list)
    cte_params: list[object] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    bounds: list[tuple[str, int]] = field(default_factory=list)  # ("id >= ?", value), ...
    empty: bool = False
    ours: bool = False  # the `ours` CTE exists (direction expressions may use it)

    def with_clause(self) -> str:
        return ("WITH " + ", ".join(self.ctes) + " ") if self.ctes else ""

    def where_clause(self) -> str:
        return " AND ".join(self.where) if self.where else "1"

    def all_params(self) -> list[object]:
        return [*self.cte_params, *self.params]


_STORED_COLUMNS: Final = (
    "id, start_utc, calling, called, duration, calling_name, called_name, calling_department,"
    " called_department, extra"
)
_ROW_COLUMNS: Final = (
    "c.id, c.start_utc, c.end_utc, c.duration, c.calling_raw, c.called_raw, c.calling_name, "
    "c.called_name, c.calling_department, c.called_department, c.extra"
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
        for _, create in _INDEXES:
            connection.execute(create)
        return
    connection.execute(f"PRAGMA cache_size = -{_INDEX_BUILD_CACHE_KIB}")
    try:
        for _, create in _INDEXES:
            connection.execute(create)
    finally:
        connection.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        with suppress(sqlite3.OperationalError):
            connection.execute("PRAGMA temp_store = MEMORY")


def _party_counts(
    calling_ids: Sequence[int], called_ids: Sequence[int], positions: Sequence[int]
) -> list[tuple[int, int]]:
    """(calls, party id) for every party of the calls at `positions`."""
    if len(positions) < 10_000:
        counts: Counter[int] = Counter(map(calling_ids.__getitem__, positions))
        counts.update(map(called_ids.__getitem__, positions))
        return [(calls, party) for party, calls in counts.items()]
    import numpy as np  # here: only a big batch pays for loading it

    both = np.array([calling_ids, called_ids], dtype=np.int64)
    if len(positions) != len(calling_ids):
        both = both[:, np.asarray(positions, dtype=np.int64)]
    tally = np.bincount(both.ravel())
    parties = np.flatnonzero(tally)
    return list(zip(tally[parties].tolist(), parties.tolist(), strict=True))


class CallArchive:
    """The local call history. Open with `open()` or `with CallArchive(path) as archive:`.

    Damage: a connection that writes leaves a mark in `meta` (`writer:<pid>:<nonce>`) with its
    first write and removes it when it closes. A mark whose process is gone means a close that
    never happened (a crash, a power cut, a killed process); then, or after SQLite reported
    damage, `PRAGMA quick_check` must pass before anything is written (`verify`). A damaged file
    is never written to again, not even a checkpoint: `fmc_desktop.core.archive.repair` deals
    with it.

    `read_only`: open without ever writing (history and export). An archive whose folder is
    read-only is opened that way by itself; `read_only_reason` then says why, and every write
    raises that sentence. `notices` holds what the user must be told about the opening (an
    empty or missing file that was started afresh).
    """

    def __init__(self, path: Path, *, clock: Clock | None = None, read_only: bool = False) -> None:
        self.path = Path(path)
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._want_read_only = read_only
        self.read_only = read_only
        self.read_only_reason: str | None = None
        self.notices: list[str] = []
        self._mark: str | None = None  # this connection's writer mark, once it wrote
        self._health = _health_of(self.path)

    def __repr__(self) -> str:
        return f"CallArchive({str(self.path)!r})"

    # --- opening ----------------------------------------------------------------------------------

    def open(self) -> Self:
        """Open the file, creating or upgrading it; ArchiveError if it is not ours to use.

        A file that is not an SQLite database, an SQLite database of another program, or an
        archive of a newer version is looked at read-only and left exactly as it was.
        """
        with self._lock:
            if self._connection is not None:
                return self
            if self.path.is_dir():
                raise ArchiveError(
                    f"The call archive {self.path} is a folder, not a file. "
                    "Move it away or choose another data folder.",
                    path=str(self.path),
                )
            self.notices = []
            if self.path.exists() and self.path.stat().st_size > 0:
                self._inspect_read_only()
            elif self._want_read_only:
                raise ArchiveError(
                    f"There is no call archive at {self.path} yet: sync or import calls first.",
                    path=str(self.path),
                )
            else:
                self._note_fresh_start()
                self._create_private_file()
            if self._want_read_only:
                self._connection = self._open_read_only()
                return self
            try:
                connection = sqlite3.connect(
                    str(self.path),
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
            except sqlite3.Error as error:
                raise _archive_error(self.path, error) from None
            try:
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                connection.execute("PRAGMA foreign_keys = ON")
                mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    _log.warning("the archive is in %s mode, not WAL", mode)
                # NORMAL is safe in WAL mode: a crash of the program loses nothing committed,
                # a power cut at worst the last transactions, never the file's consistency.
                connection.execute("PRAGMA synchronous = NORMAL")
                connection.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
                connection.execute("PRAGMA temp_store = MEMORY")
                connection.execute("PRAGMA journal_size_limit = 67108864")
                self._migrate(connection)
                self._refresh_search_text(connection)
            except ArchiveError:
                connection.close()
                raise
            except sqlite3.Error as error:
                connection.close()
                failure = _archive_error(self.path, error)
                if getattr(error, "sqlite_errorname", "").startswith(tuple(_NOT_WRITABLE)):
                    # A folder the user made read-only (or a read-only disk): still readable.
                    self._connection = self._open_read_only()
                    self.read_only = True
                    self.read_only_reason = failure.message
                    _log.warning("call archive opened read-only: %s", failure.message)
                    return self
                raise failure from None
            self.read_only = False
            self.read_only_reason = None
            self._connection = connection
            return self

    def _open_read_only(self) -> sqlite3.Connection:
        """A connection that cannot write. A WAL file needs its -shm beside it, which a read-only
        folder cannot hold; with no log to read, `immutable` opens it without one."""
        base = "file:" + urllib.parse.quote(str(self.path.absolute()))
        attempts = [base + "?mode=ro"]
        wal = Path(str(self.path) + "-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            attempts.append(base + "?mode=ro&immutable=1")
        failure: sqlite3.Error | None = None
        for uri in attempts:
            connection = sqlite3.connect(
                uri,
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            try:
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                app_id, version, tables = self._identity(connection)
                self._check_identity(app_id, version, tables)
            except sqlite3.Error as error:
                connection.close()
                failure = error
                continue
            except ArchiveError:
                connection.close()
                raise
            return connection
        assert failure is not None
        raise _archive_error(self.path, failure) from None

    def _note_fresh_start(self) -> None:
        """An empty or missing archive is started afresh, but never without a word: it may be
        where months of history were (a disk error, a sync tool, a user's mistake)."""
        if self.path.exists():
            text = (
                f"The call archive {self.path} was empty (0 bytes), so a new one was started; "
                "if it held calls, `fmc-desktop repair` restores the newest backup."
            )
        else:
            from fmc_desktop.core.archive.backup import (
                BackupStore,  # no import cycle at module load
            )

            wal = Path(str(self.path) + "-wal")
            if not wal.exists() and not BackupStore.beside(self.path).backups():
                _log.info("no call archive at %s yet: a new one is created", self.path)
                return
            text = (
                f"The call archive {self.path} was missing, so a new one was started; "
                "`fmc-desktop repair` restores the newest backup."
            )
        _log.warning("%s", text)
        self.notices.append(text)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                health = self._health
                sound = health.damaged is None and not health.suspect
                if self._mark is not None:
                    _live_writers.discard(self._mark)
                    if sound:
                        # The clean close: without it the next writer checks the file first.
                        with suppress(sqlite3.Error):
                            self._connection.execute(
                                "DELETE FROM meta WHERE key = ?", (self._mark,)
                            )
                    self._mark = None
                # Fold the log back into the file, so a copy of the .sqlite3 file alone is
                # complete; skipped quietly while another process still reads, and never into
                # a damaged file.
                if sound and not self.read_only:
                    with suppress(sqlite3.Error):
                        self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                self._connection.close()
                self._connection = None

    # --- damage -----------------------------------------------------------------------------------

    def _stale_writers(self, connection: sqlite3.Connection) -> list[str]:
        """Writer marks left by connections that never closed (their process is gone)."""
        rows = connection.execute(
            "SELECT key FROM meta WHERE key >= ? AND key < ?",
            (_WRITER_PREFIX, _WRITER_PREFIX[:-1] + ";"),
        ).fetchall()
        stale: list[str] = []
        for (key,) in rows:
            if key in _live_writers:
                continue
            try:
                pid = int(str(key).split(":")[1])
            except (IndexError, ValueError):
                pid = -1
            if pid == os.getpid() or not _process_alive(pid):
                stale.append(str(key))
        return stale

    def needs_check(self) -> bool:
        """True when `verify` would run SQLite's check: an unclean close, or reported damage."""
        with self._lock:
            if self._health.damaged is not None or self._health.suspect:
                return True
            with self._reading() as connection:
                return bool(self._stale_writers(connection))

    def verify(self, *, always: bool = False) -> None:
        """Make sure the file may be written: after an unclean close, or when SQLite reported
        damage (or `always`), `PRAGMA quick_check` must pass (seconds for a million calls).
        Raises ArchiveDamagedError when it does not; a damaged verdict holds for the process."""
        with self._lock:
            connection = self._db()
            health = self._health
            with health.lock:
                if health.damaged is not None:
                    raise self._damaged_error(health.damaged)
                try:
                    stale = self._stale_writers(connection)
                except sqlite3.DatabaseError as error:
                    stale, health.suspect = [], True
                    _log.warning("could not read the archive's marks: %s", error)
                if not stale and not health.suspect and not always:
                    return
                _log.info(
                    "checking the call archive %s (%s)",
                    self.path,
                    "damage reported"
                    if health.suspect
                    else "it was not closed cleanly"
                    if stale
                    else "before writing",
                )
                problems = _quick_check(connection)
                if problems:
                    health.damaged = tuple(problems)
                    _log.error("the call archive %s is damaged: %s", self.path, problems[:3])
                    raise self._damaged_error(health.damaged)
                health.suspect = False
                if stale and not self.read_only:
                    with suppress(sqlite3.Error):
                        connection.execute("BEGIN IMMEDIATE")
                        connection.executemany(
                            "DELETE FROM meta WHERE key = ?", [(key,) for key in stale]
                        )
                        connection.execute("COMMIT")
                    if connection.in_transaction:
                        with suppress(sqlite3.Error):
                            connection.execute("ROLLBACK")

    @property
    def damaged(self) -> bool:
        """True once a check in this process found the file damaged."""
        return self._health.damaged is not None

    def _damaged_error(self, problems: Sequence[str]) -> ArchiveDamagedError:
        return ArchiveDamagedError(
            f"The call archive {self.path} is damaged, so nothing more is written to it; run "
            "`fmc-desktop repair` (or open the app) to restore a backup or save what can be read.",
            path=str(self.path),
            problems=list(problems[:5]),
        )

    def ensure_writable(self, *, check: bool = False) -> None:
        """Before a sync or an import: a read-only or damaged archive says so now, not after
        the network was asked. `check`: run SQLite's check even after a clean close (a command
        line run is short, and junk written into the file by something else shows no sign)."""
        with self._lock:
            self._db()
            if self.read_only:
                raise self._read_only_error()
            self.verify(always=check)
            with self._writing():
                pass  # a file that cannot be written (read-only, no space) says so here

    def _read_only_error(self) -> StorageError:
        text = self.read_only_reason or (
            f"The call archive {self.path} was opened read-only; nothing can be stored in it."
        )
        return StorageError(text, path=str(self.path))

    def _begin_writing(self, connection: sqlite3.Connection) -> None:
        """The first write of this connection: check the file if needed, then leave our mark."""
        self.verify()
        mark = f"{_WRITER_PREFIX}{os.getpid()}:{os.urandom(6).hex()}"
        connection.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            (mark, str(_epoch_floor(self._clock.now()))),
        )
        self._mark = mark
        _live_writers.add(mark)

    def _failure(self, error: sqlite3.Error) -> ArchiveError:
        failure = _archive_error(self.path, error)
        if isinstance(failure, ArchiveDamagedError):
            # SQLite met a damaged page: the next write waits for a check.
            self._health.suspect = True
            _log.error("SQLite reported damage in %s: %s", self.path, error)
        return failure

    def interrupt(self) -> None:
        """Abort the query running on this archive's connection, from any thread (quitting
        while a long read runs); the query raises, and nothing is written half."""
        connection = self._connection
        if connection is not None:
            with suppress(sqlite3.Error):
                connection.interrupt()

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _not_ours(self, why: str) -> ArchiveError:
        return ArchiveError(
            f"{self.path} is not an fmc-desktop archive ({why}); it was left untouched. "
            "Move it away or choose another data folder.",
            path=str(self.path),
        )

    def _newer(self, version: int) -> ArchiveError:
        return ArchiveError(
            f"The call archive {self.path} was written by a newer fmc-desktop (archive version "
            f"{version}; this one reads up to {SCHEMA_VERSION}); it was left untouched. "
            "Update fmc-desktop, or choose another data folder.",
            path=str(self.path),
            version=version,
        )

    def _inspect_read_only(self) -> None:
        """Decide whether an existing file is ours, without any chance of writing to it."""
        try:
            with self.path.open("rb") as handle:
                header = handle.read(16)
        except OSError as error:
            raise ArchiveError(
                f"The call archive {self.path} cannot be read ({error.strerror}).",
                path=str(self.path),
            ) from None
        if header != b"SQLite format 3\x00":
            raise self._not_ours("it is not an SQLite database")
        uri = "file:" + urllib.parse.quote(str(self.path.absolute())) + "?mode=ro"
        try:
            probe = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as error:
            raise _archive_error(self.path, error) from None
        try:
            app_id, version, tables = self._identity(probe)
        except sqlite3.Error as error:
            name = getattr(error, "sqlite_errorname", "")
            if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                raise _archive_error(self.path, error) from None
            raise self._not_ours("it is damaged or not an SQLite database") from None
        finally:
            probe.close()
        self._check_identity(app_id, version, tables)

    @staticmethod
    def _identity(connection: sqlite3.Connection) -> tuple[int, int, int]:
        app_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        tables = int(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        return app_id, version, tables

    def _check_identity(self, app_id: int, version: int, tables: int) -> None:
        if app_id == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                raise self._newer(version)
            return
        if app_id == 0 and tables == 0 and version == 0:
            return  # an empty database: ours to set up
        if app_id == 0:
            raise self._not_ours("it is another program's SQLite database")
        raise self._not_ours(f"it belongs to another program, application id {app_id:#x}")

    def _create_private_file(self) -> None:
        """Create the file readable by the user only: it says who they call."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(descriptor)
        except OSError as error:
            raise ArchiveError(
                f"The call archive {self.path} cannot be created ({error.strerror}).",
                path=str(self.path),
            ) from None

    def _migrate(self, connection: sqlite3.Connection) -> None:
        app_id, version, tables = self._identity(connection)
        self._check_identity(app_id, version, tables)
        if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
            return  # nothing to do, and no write lock taken: a reader opens during an import
        if app_id == APPLICATION_ID and version > 0:
            # An upgrade rewrites the file: never a damaged one.
            problems = _quick_check(connection)
            if problems:
                self._health.damaged = tuple(problems)
                raise self._damaged_error(problems)
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Again inside the lock: another process may have set the file up meanwhile.
            app_id, version, tables = self._identity(connection)
            self._check_identity(app_id, version, tables)
            if app_id != APPLICATION_ID:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for number in range(version, SCHEMA_VERSION):
                step = MIGRATIONS[number]
                if callable(step):
                    step(connection)
                else:
                    for statement in step:
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number + 1}")
            if version == 0:
                connection.execute(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    (_META_CREATED, str(_epoch_floor(self._clock.now()))),
                )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        if version < SCHEMA_VERSION:
            _log.info("call archive %s: schema %d -> %d", self.path, version, SCHEMA_VERSION)

    def _refresh_search_text(self, connection: sqlite3.Connection) -> None:
        """Rebuild every party's search text if it was built by other search rules.

        The text is derived from what the calls hold (their numbers as written, names and
        departments), so new search rules (`core.search.SEARCH_TEXT_VERSION`) rewrite it once,
        at the first open by the version that brings them, with no change of schema. If another
        process holds the write lock, or the file is read-only, it waits for a later open;
        searches meanwhile find what the previous rules found.
        """
        wanted = str(SEARCH_TEXT_VERSION)
        if self._meta(connection, _META_SEARCH_TEXT) == wanted:
            return
        connection.execute("PRAGMA busy_timeout = 250")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                if self._meta(connection, _META_SEARCH_TEXT) != wanted:
                    _rebuild_search_text(connection)
                    connection.execute(
                        "INSERT OR REPLACE INTO meta VALUES (?, ?)", (_META_SEARCH_TEXT, wanted)
                    )
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            _log.warning(
                "call archive %s: the search text was not brought up to date (%s); "
                "it will be at the next start",
                self.path,
                getattr(error, "sqlite_errorname", "error"),
            )
        finally:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    # --- plumbing ---------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ArchiveError(f"The call archive {self.path} is not open.", path=str(self.path))
        return self._connection

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db()
            except sqlite3.Error as error:
                raise self._failure(error) from None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction that holds the write lock from its start (no upgrade deadlocks).

        Never on a read-only or damaged archive. A full disk or an I/O error may have rolled
        the transaction back already; the rollback here is then skipped, so the user sees the
        cause rather than "cannot rollback"."""
        with self._lock:
            connection = self._db()
            if self.read_only:
                raise self._read_only_error()
            try:
                if self._mark is None:
                    self._begin_writing(connection)
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    if connection.in_transaction:
                        with suppress(sqlite3.Error):
                            connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
            except sqlite3.Error as error:
                if connection.in_transaction:
                    with suppress(sqlite3.Error):
                        connection.execute("ROLLBACK")
                raise self._failure(error) from None

    def _meta(self, connection: sqlite3.Connection, key: str) -> str | None:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # --- storing ----------------------------------------------------------------------------------

    def add_calls(
        self,
        records: Iterable[CallRecord],
        *,
        covered: tuple[datetime, datetime] | None = None,
        keep_new: bool = False,
    ) -> AddResult:
        """Store calls, one transaction for the lot; known calls gain fields they lacked.

        `covered`: a period these records are the complete list of (a fetched window); it is
        added to the coverage in the same transaction, so a crash keeps both or neither.
        `keep_new`: return the new calls' records in the result (for notifications).
        """
        given = list(records)
        result, new_positions = self._add(
            _columns([call_fields(r) for r in given]), covered, keep_new
        )
        if keep_new:
            fresh = sorted((given[i] for i in new_positions), key=lambda r: r.start_utc)
            result = replace(result, new_records=tuple(fresh))
        return result

    def add_fields(
        self,
        fields: Sequence[CallFields],
        *,
        covered: tuple[datetime, datetime] | None = None,
    ) -> AddResult:
        """add_calls for calls given as plain CallFields tuples: the bulk import's path, which
        spares a million CallRecord objects."""
        return self._add(_columns(fields), covered, False)[0]

    def add_columns(
        self,
        columns: Sequence[Sequence[Any]],
        *,
        covered: tuple[datetime, datetime] | None = None,
    ) -> AddResult:
        """add_fields with the calls given column by column: the ten columns of CallFields,
        each a sequence as long as the others (what a bulk reader builds fastest)."""
        return self._add(columns, covered, False)[0]

    def _add(
        self,
        columns: Sequence[Sequence[Any]],
        covered: tuple[datetime, datetime] | None,
        want_new: bool,
    ) -> tuple[AddResult, list[int]]:
        with paused_garbage_collector():
            batch = _Batch.of(columns)  # all that needs no database, before taking the lock
            for optimistic in (True, False):
                try:
                    with self._writing() as connection:
                        result, new_positions = self._store(
                            connection, batch, want_new=want_new, optimistic=optimistic
                        )
                        if covered is not None:
                            self._merge_interval(connection, "coverage", *covered)
                except _GivenTwice:
                    continue  # rolled back whole: the careful way starts from the top
                break
        return result, new_positions

    def _store(
        self, connection: sqlite3.Connection, batch: _Batch, *, want_new: bool, optimistic: bool
    ) -> tuple[AddResult, list[int]]:
        if not batch.count:
            return AddResult(0, 0, 0), []
        party_of = self._parties_for(connection, batch)
        calling_ids = list(map(party_of.__getitem__, batch.columns[3]))
        called_ids = list(map(party_of.__getitem__, batch.columns[4]))
        lowest, highest = _first_id(batch.first_second), _first_id(batch.last_second + 1)
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
                ids = self._new_ids(connection, batch.columns[0], everything, {}, True)
                self._insert_new(connection, ids, everything, batch, calling_ids, called_ids)
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
                slot = row[0] - _first_id(row[1]) + 1
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

        if new_positions:
            ids = self._new_ids(connection, starts, new_positions, next_slot, by_range)
            self._insert_new(connection, ids, new_positions, batch, calling_ids, called_ids)
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
        self,
        connection: sqlite3.Connection,
        ids: list[int],
        positions: Sequence[int],
        batch: _Batch,
        calling_ids: list[int],
        called_ids: list[int],
    ) -> None:
        self._insert_calls(connection, ids, positions, batch, calling_ids, called_ids)
        connection.executemany(
            "UPDATE parties SET calls = calls + ? WHERE id = ?",
            _party_counts(calling_ids, called_ids, positions),
        )

    def _new_ids(
        self,
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
                slot = 0 if by_range else self._next_slot(connection, second)
            if slot >= SLOTS_PER_SECOND:
                raise _CrowdedSecond(
                    f"More than {SLOTS_PER_SECOND} calls start at {_utc(second)}: "
                    "the archive cannot hold them."
                )
            next_slot[second] = slot + 1
            ids[index] = second * SLOTS_PER_SECOND + slot
        return ids

    @staticmethod
    def _next_slot(connection: sqlite3.Connection, second: int) -> int:
        row = connection.execute(
            "SELECT max(id) FROM calls WHERE id >= ? AND id < ?",
            (_first_id(second), _first_id(second + 1)),
        ).fetchone()
        return 0 if row[0] is None else int(row[0]) - _first_id(second) + 1

    @staticmethod
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
        for name, _ in _INDEXES:
            connection.execute(f"DROP INDEX {name}")
        _insert_rows(connection, "calls", names, values)
        _build_indexes(connection)

    def _parties_for(self, connection: sqlite3.Connection, batch: _Batch) -> dict[str, int]:
        """Party ids by number as written, creating parties and growing their search text."""
        pieces: dict[str, list[str]] = {}
        for written, number in batch.canonical.items():
            bucket = pieces.get(number)
            if bucket is None:
                bucket = pieces[number] = number_pieces(number)
            if written and written != number:
                bucket.append(written_piece(written))
        seen_text: set[tuple[str, str]] = set()
        for written, text in batch.texts:
            number = batch.canonical[written]
            if (number, text) not in seen_text:
                seen_text.add((number, text))
                pieces[number].extend(text_pieces(text))
        found: dict[str, tuple[int, str]] = {}
        for row in connection.execute(
            "SELECT number, id, search FROM parties"
            " WHERE number IN (SELECT value FROM json_each(?))",
            (json.dumps(list(pieces), ensure_ascii=False),),
        ):
            found[row[0]] = (row[1], row[2])
        ids: dict[str, int] = {}
        inserts: list[tuple[int, str, str]] = []
        updates: list[tuple[str, int]] = []
        next_id = int(connection.execute("SELECT coalesce(max(id), 0) FROM parties").fetchone()[0])
        for number, bucket in pieces.items():
            known = found.get(number)
            if known is None:
                next_id += 1
                ids[number] = next_id
                inserts.append((next_id, number, grow("", bucket)))
            else:
                ids[number] = known[0]
                grown = grow(known[1], bucket)
                if grown != known[1]:
                    updates.append((grown, known[0]))
        if inserts:
            connection.executemany(
                "INSERT INTO parties (id, number, search) VALUES (?, ?, ?)", inserts
            )
        if updates:
            connection.executemany("UPDATE parties SET search = ? WHERE id = ?", updates)
        return {written: ids[number] for written, number in batch.canonical.items()}

    def _merge_interval(
        self, connection: sqlite3.Connection, table: str, start: datetime, end: datetime
    ) -> None:
        first, last = _epoch_floor(start), _epoch_ceil(end)
        if last < first:
            raise ValueError("a period cannot end before it starts")
        rows = connection.execute(
            f"SELECT start, end FROM {table} WHERE start <= ? AND end >= ?", (last, first)
        ).fetchall()
        if rows:
            first = min(first, *(row[0] for row in rows))
            last = max(last, *(row[1] for row in rows))
            connection.executemany(
                f"DELETE FROM {table} WHERE start = ?", [(row[0],) for row in rows]
            )
        connection.execute(f"INSERT INTO {table} (start, end) VALUES (?, ?)", (first, last))

    def mark_covered(self, start: datetime, end: datetime) -> None:
        """Record that the archive holds every call of [start, end]."""
        with self._writing() as connection:
            self._merge_interval(connection, "coverage", start, end)

    def mark_lost(self, start: datetime, end: datetime) -> None:
        """Record that [start, end] is missing and past the API's reach (told to the user once)."""
        with self._writing() as connection:
            self._merge_interval(connection, "lost_periods", start, end)

    def coverage(self) -> list[tuple[datetime, datetime]]:
        """The periods the archive holds completely, oldest first, as UTC instants."""
        return self._intervals("coverage")

    def lost_periods(self) -> list[tuple[datetime, datetime]]:
        return self._intervals("lost_periods")

    def _intervals(self, table: str) -> list[tuple[datetime, datetime]]:
        with self._reading() as connection:
            rows = connection.execute(f"SELECT start, end FROM {table} ORDER BY start").fetchall()
        return [(_utc(row[0]), _utc(row[1])) for row in rows]

    # --- sync state -------------------------------------------------------------------------------

    def is_token_rejected(self) -> bool:
        """True after a 403, until `clear_token_rejected()`: automatic syncs stay away meanwhile."""
        with self._reading() as connection:
            return self._meta(connection, _META_TOKEN_REJECTED) == "1"

    def mark_token_rejected(self) -> None:
        with self._writing() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, '1')", (_META_TOKEN_REJECTED,)
            )

    def clear_token_rejected(self) -> None:
        """Call when a new token is saved: automatic syncs may try again."""
        with self._writing() as connection:
            connection.execute("DELETE FROM meta WHERE key = ?", (_META_TOKEN_REJECTED,))

    def last_synced_at(self) -> datetime | None:
        with self._reading() as connection:
            value = self._meta(connection, _META_LAST_SYNC)
        return None if value is None else _utc(int(value))

    def record_sync(self, at: datetime) -> None:
        with self._writing() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                (_META_LAST_SYNC, str(_epoch_floor(at))),
            )

    # --- querying ---------------------------------------------------------------------------------

    def _compile(self, connection: sqlite3.Connection, q: CallQuery, *, page: bool) -> _Plan:
        plan = _Plan()
        if q.start is not None:
            plan.bounds.append(("id >= ?", _first_id(_epoch_ceil(q.start))))
        if q.end is not None:
            plan.bounds.append(("id < ?", _first_id(_epoch_ceil(q.end))))
        for condition, value in plan.bounds:
            plan.where.append("c." + condition)
            plan.params.append(value)
        if q.answered is True:
            plan.where.append("c.duration > 0")
        elif q.answered is False:
            plan.where.append("c.duration = 0")
        if q.min_duration > 0:
            plan.where.append("c.duration >= ?")
            plan.params.append(q.min_duration)

        # Each candidate for driving the query through the number indexes: its estimated
        # number of calls, the CTE name, and which of the two indexes to use.
        drivers: list[tuple[float, str, tuple[str, ...]]] = []
        if q.numbers is not None:
            numbers = sorted(canonical_set(q.numbers))
            found = connection.execute(
                "SELECT id, calls FROM parties WHERE number IN (SELECT value FROM json_each(?))",
                (json.dumps(numbers, ensure_ascii=False),),
            ).fetchall()
            if not found:
                plan.empty = True
                return plan
            plan.ctes.append("ours(id) AS MATERIALIZED (SELECT value FROM json_each(?))")
            plan.cte_params.append(json.dumps([row[0] for row in found]))
            plan.ours = True
            estimate = float(sum(row[1] for row in found))
            if q.direction is None:
                plan.where.append("(+c.calling IN ours OR +c.called IN ours)")
                drivers.append((estimate, "ours", ("calling", "called")))
            elif q.direction is Direction.INCOMING:
                plan.where.append("+c.called IN ours AND +c.calling NOT IN ours")
                drivers.append((estimate, "ours", ("called",)))
            elif q.direction is Direction.OUTGOING:
                plan.where.append("+c.calling IN ours AND +c.called NOT IN ours")
                drivers.append((estimate, "ours", ("calling",)))
            else:
                plan.where.append("+c.calling IN ours AND +c.called IN ours")
                drivers.append((estimate, "ours", ("calling",)))

        for index, term in enumerate(search_terms(q.search or "")):
            # Any one of the term's forms found in a party's text is a match (core.search).
            # One pass over the parties gives both the estimate and the ids the query takes.
            alternatives = term.alternatives
            held = " OR ".join(["instr(search, ?) > 0"] * len(alternatives))
            found = connection.execute(
                f"SELECT id, calls FROM parties WHERE {held}", alternatives
            ).fetchall()
            if not found:
                plan.empty = True
                return plan
            estimate = sum(row[1] for row in found)
            name = f"term{index}"
            plan.ctes.append(f"{name}(id) AS MATERIALIZED (SELECT value FROM json_each(?))")
            plan.cte_params.append(json.dumps([row[0] for row in found]))
            plan.where.append(f"(+c.calling IN {name} OR +c.called IN {name})")
            drivers.append((float(estimate), name, ("calling", "called")))

        if drivers:
            estimate, name, columns = min(drivers)
            limit = _INDEX_PATH_FOR_PAGE
            if not page:
                total = connection.execute("SELECT total(calls) FROM parties").fetchone()[0] / 2
                limit = max(_INDEX_PATH_FOR_PAGE, int(total // 3))
            if estimate <= limit:
                parts = []
                for column in columns:
                    condition = " AND ".join([f"{column} IN {name}", *(b[0] for b in plan.bounds)])
                    parts.append(
                        f"SELECT id FROM calls INDEXED BY calls_by_{column} WHERE {condition}"
                    )
                    plan.params.extend(b[1] for b in plan.bounds)
                plan.where.append(f"c.id IN ({' UNION ALL '.join(parts)})")
        return plan

    def _direction_expr(self, plan: _Plan) -> str:
        if not plan.ours:
            return "0"
        return "(2 * (+c.calling IN ours) + (+c.called IN ours))"

    def query_calls(self, q: CallQuery) -> list[StoredCall]:
        """A page of calls (q.limit, q.offset) in q.order."""
        with self._reading() as connection:
            plan = self._compile(connection, q, page=q.limit is not None)
            if plan.empty:
                return []
            direction = "DESC" if q.order is Order.NEWEST_FIRST else "ASC"
            sql = (
                f"{plan.with_clause()}SELECT {_ROW_COLUMNS}, a.number, b.number "
                "FROM calls AS c CROSS JOIN parties AS a ON a.id = c.calling "
                "CROSS JOIN parties AS b ON b.id = c.called "
                f"WHERE {plan.where_clause()} ORDER BY c.id {direction}"
            )
            params = plan.all_params()
            if q.limit is not None or q.offset:
                sql += " LIMIT ? OFFSET ?"
                params += [q.limit if q.limit is not None else -1, q.offset]
            rows = connection.execute(sql, params).fetchall()
        return [_stored_call(row) for row in rows]

    def count_calls(self, q: CallQuery) -> int:
        with self._reading() as connection:
            plan = self._compile(connection, q, page=False)
            if plan.empty:
                return 0
            row = connection.execute(
                f"{plan.with_clause()}SELECT count(*) FROM calls AS c WHERE {plan.where_clause()}",
                plan.all_params(),
            ).fetchone()
        return int(row[0])

    def iter_rows(self, q: CallQuery, *, chunk: int = _ITER_CHUNK) -> Iterator[list[CallRow]]:
        """Every call `q` selects (limit and offset ignored) as CallRow tuples, in chunks.

        Each chunk is its own short query, so a long read never holds up a writer and the
        connection stays free between chunks; calls stored meanwhile may or may not be seen.
        """
        for rows in self._iterate(q, chunk, joined=False):
            yield cast(list[CallRow], rows)

    def iter_calls(self, q: CallQuery, *, chunk: int = _ITER_CHUNK) -> Iterator[StoredCall]:
        """Every call `q` selects (limit and offset ignored), streamed in order."""
        for rows in self._iterate(q, chunk, joined=True):
            yield from (_stored_call(row) for row in rows)

    def iter_all(self) -> Iterator[StoredCall]:
        """The whole archive, oldest first, streamed."""
        return self.iter_calls(CallQuery(order=Order.OLDEST_FIRST))

    def _iterate(
        self, q: CallQuery, chunk: int, *, joined: bool
    ) -> Iterator[list[tuple[Any, ...]]]:
        newest_first = q.order is Order.NEWEST_FIRST
        after: int | None = None
        while True:
            with self._reading() as connection:
                plan = self._compile(connection, q, page=False)
                if plan.empty:
                    return
                where = plan.where_clause()
                params = plan.all_params()
                if after is not None:
                    where += " AND c.id < ?" if newest_first else " AND c.id > ?"
                    params.append(after)
                columns = _ROW_COLUMNS
                source = "calls AS c"
                if joined:
                    columns += ", a.number, b.number"
                    source += (
                        " CROSS JOIN parties AS a ON a.id = c.calling"
                        " CROSS JOIN parties AS b ON b.id = c.called"
                    )
                rows = connection.execute(
                    f"{plan.with_clause()}SELECT {columns} FROM {source} WHERE {where} "
                    f"ORDER BY c.id {'DESC' if newest_first else 'ASC'} LIMIT ?",
                    [*params, chunk],
                ).fetchall()
            if not rows:
                return
            yield rows
            if len(rows) < chunk:
                return
            after = rows[-1][0]

    # --- figures for the Insights view ------------------------------------------------------------

    def _hourly(self, q: CallQuery) -> list[tuple[int, int, int, int, int]]:
        """(UTC hour, direction, answered, calls, seconds) groups of the calls `q` selects."""
        with self._reading() as connection:
            plan = self._compile(connection, q, page=False)
            if plan.empty:
                return []
            rows = connection.execute(
                f"{plan.with_clause()}SELECT c.start_utc / 3600, {self._direction_expr(plan)}, "
                "c.duration > 0, count(*), total(c.duration) FROM calls AS c "
                f"WHERE {plan.where_clause()} GROUP BY 1, 2, 3",
                plan.all_params(),
            ).fetchall()
        return [(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows]

    def calls_per_day(self, q: CallQuery) -> list[DayCounts]:
        """Calls per Kyiv day, per direction, answered and not; only days with calls, in order.

        Grouped by UTC hour in SQL and turned into Kyiv days here: SQLite knows no time zones,
        and Kyiv's offsets are whole hours, so each UTC hour falls in exactly one Kyiv day.
        """
        days: dict[date, dict[Direction, Tally]] = {}
        for hour, direction, answered, calls, seconds in self._hourly(q):
            day = _kyiv(hour * 3600).date()
            tallies = days.setdefault(day, {})
            key = Direction(direction)
            addition = Tally(calls if answered else 0, 0 if answered else calls, seconds)
            tallies[key] = tallies.get(key, Tally()) + addition
        return [DayCounts(day, MappingProxyType(days[day])) for day in sorted(days)]

    def calls_per_hour_of_week(self, q: CallQuery) -> list[list[int]]:
        """A 7 x 24 grid of call counts: [weekday, Monday first][hour of the day], Kyiv time."""
        grid = [[0] * 24 for _ in range(7)]
        for hour, _direction, _answered, calls, _seconds in self._hourly(q):
            local = _kyiv(hour * 3600)
            grid[local.weekday()][local.hour] += calls
        return grid

    def duration_histogram(
        self, q: CallQuery, edges: Sequence[int] = (0, 1, 30, 60, 180, 600, 1800)
    ) -> list[DurationBucket]:
        """How many calls lasted [edges[i], edges[i+1]) seconds; the last bucket is open-ended."""
        bounds = sorted(set(edges))
        if not bounds:
            return []
        cases = " ".join(
            f"WHEN c.duration < {int(high)} THEN {i}" for i, high in enumerate(bounds[1:])
        )
        bucket = f"CASE {cases} ELSE {len(bounds) - 1} END" if cases else "0"
        counts = dict.fromkeys(range(len(bounds)), 0)
        with self._reading() as connection:
            plan = self._compile(connection, q, page=False)
            if not plan.empty:
                where = plan.where_clause() + f" AND c.duration >= {int(bounds[0])}"
                for index, calls in connection.execute(
                    f"{plan.with_clause()}SELECT {bucket}, count(*) FROM calls AS c "
                    f"WHERE {where} GROUP BY 1",
                    plan.all_params(),
                ):
                    counts[int(index)] = int(calls)
        return [
            DurationBucket(low, bounds[i + 1] if i + 1 < len(bounds) else None, counts[i])
            for i, low in enumerate(bounds)
        ]

    def top_numbers(
        self, q: CallQuery, role: Literal["calling", "called"] = "called", limit: int = 10
    ) -> list[NumberTotals]:
        """The numbers that called (role="calling") or were called most among `q`'s calls; of
        two with as many calls, the one with the later call first."""
        if role not in ("calling", "called"):
            raise ValueError("role is 'calling' or 'called'")
        with self._reading() as connection:
            plan = self._compile(connection, q, page=False)
            if plan.empty:
                return []
            rows = connection.execute(
                f"{plan.with_clause()}SELECT c.{role}, count(*), sum(c.duration > 0), "
                f"total(c.duration) FROM calls AS c WHERE {plan.where_clause()} "
                f"GROUP BY c.{role} ORDER BY 2 DESC, max(c.id) DESC LIMIT ?",
                [*plan.all_params(), limit],
            ).fetchall()
            result = []
            for party, calls, answered, seconds in rows:
                number, written, name = self._describe_party(connection, party)
                result.append(
                    NumberTotals(number, written, name, int(calls), int(answered), int(seconds))
                )
        return result

    @staticmethod
    def _describe_party(connection: sqlite3.Connection, party: int) -> tuple[str, str, str | None]:
        """Canonical number, latest spelling and latest name of a party."""
        number = connection.execute("SELECT number FROM parties WHERE id = ?", (party,)).fetchone()
        latest: tuple[int, str] | None = None
        name: tuple[int, str] | None = None
        for role in ("calling", "called"):
            row = connection.execute(
                f"SELECT id, {role}_raw FROM calls WHERE {role} = ? ORDER BY id DESC LIMIT 1",
                (party,),
            ).fetchone()
            if row is not None and (latest is None or row[0] > latest[0]):
                latest = (row[0], row[1])
            row = connection.execute(
                f"SELECT id, {role}_name FROM calls WHERE {role} = ? AND {role}_name IS NOT NULL "
                "ORDER BY id DESC LIMIT 1",
                (party,),
            ).fetchone()
            if row is not None and (name is None or row[0] > name[0]):
                name = (row[0], row[1])
        canonical_number = str(number[0]) if number else ""
        return (
            canonical_number,
            latest[1] if latest else canonical_number,
            name[1] if name else None,
        )

    def name_of(self, number: str) -> str | None:
        """The most recent name the API gave for `number` (any spelling), or None."""
        with self._reading() as connection:
            row = connection.execute(
                "SELECT id FROM parties WHERE number = ?", (canonical(number),)
            ).fetchone()
            if row is None:
                return None
            return self._describe_party(connection, int(row[0]))[2]

    def directory_entries(self) -> list[tuple[str, str | None, str | None]]:
        """What the PBX address book told about numbers: distinct (number as written, name,
        department), oldest first, so a later name for a number wins when learnt in order."""
        sql = """
            SELECT number, name, department FROM (
                SELECT calling_raw AS number, calling_name AS name,
                       calling_department AS department, max(id) AS last
                FROM calls
                WHERE calling_name IS NOT NULL OR calling_department IS NOT NULL
                GROUP BY calling, calling_name, calling_department
                UNION ALL
                SELECT called_raw, called_name, called_department, max(id)
                FROM calls
                WHERE called_name IS NOT NULL OR called_department IS NOT NULL
                GROUP BY called, called_name, called_department
            ) ORDER BY last"""
        with self._reading() as connection:
            return [(str(n), name, dept) for n, name, dept in connection.execute(sql)]

    def call_activity(self) -> dict[str, tuple[int, float]]:
        """Per number (canonical): how many calls it took part in and when the last one
        started (UTC epoch seconds); the contact search ranks people by it."""
        activity: dict[str, tuple[int, float]] = {}
        with self._reading() as connection:
            for column in ("calling", "called"):
                rows = connection.execute(
                    f"SELECT p.number, count(*), max(c.start_utc) FROM calls c "
                    f"JOIN parties p ON p.id = c.{column} GROUP BY c.{column}"
                )
                for number, count, last in rows:
                    before = activity.get(number)
                    if before is None:
                        activity[number] = (int(count), float(last))
                    else:
                        activity[number] = (before[0] + int(count), max(before[1], float(last)))
        return activity

    def totals_per_department(self, q: CallQuery) -> list[DepartmentTotals]:
        """Calls per department of either party (a call between two departments counts for
        both), most calls first; calls where neither party has a department come as None."""
        with self._reading() as connection:
            plan = self._compile(connection, q, page=False)
            if plan.empty:
                return []
            where = plan.where_clause()
            select = "c.duration > 0 AS answered, c.duration AS seconds FROM calls AS c WHERE"
            sql = (
                f"{plan.with_clause()}SELECT department, count(*), total(answered), "
                "total(seconds) FROM ("
                f"SELECT c.calling_department AS department, {select} {where} "
                "AND c.calling_department IS NOT NULL "
                f"UNION ALL SELECT c.called_department, {select} {where} "
                "AND c.called_department IS NOT NULL "
                "AND c.called_department IS NOT c.calling_department "
                f"UNION ALL SELECT NULL, {select} {where} "
                "AND c.calling_department IS NULL AND c.called_department IS NULL"
                ") GROUP BY department ORDER BY 2 DESC, 1"
            )
            rows = connection.execute(sql, [*plan.cte_params, *(plan.params * 3)]).fetchall()
        return [DepartmentTotals(row[0], int(row[1]), int(row[2]), int(row[3])) for row in rows]

    # --- calls to return --------------------------------------------------------------------------

    def calls_to_return(
        self, own_numbers: Iterable[str], since: datetime | None = None
    ) -> list[CallToReturn]:
        """Missed calls to `own_numbers` that nobody has returned, one entry per caller.

        A caller is listed when a call from it to one of the own numbers went unanswered and
        since then there was no call to it (from anyone in the company: a call back, answered or
        not), no answered call from it, and it was not marked done by hand. `attempts` counts
        the missed calls since then. Newest first.
        """
        own = sorted(canonical_set(own_numbers))
        if not own:
            return []
        lowest = _first_id(_epoch_ceil(since)) if since is not None else None
        sql = (
            "WITH own(id) AS MATERIALIZED ("
            "  SELECT id FROM parties WHERE number IN (SELECT value FROM json_each(?))),"
            " missed AS MATERIALIZED ("
            "  SELECT c.calling AS party, c.id AS id FROM calls AS c"
            "  WHERE c.called IN own AND +c.calling NOT IN own AND c.duration = 0"
            + ("  AND c.id >= ?" if lowest is not None else "")
            + "),"
            " callers(id) AS MATERIALIZED (SELECT DISTINCT party FROM missed),"
            " settled(party, id) AS ("
            "  SELECT party, max(id) FROM ("
            "   SELECT c.called AS party, max(c.id) AS id FROM calls AS c"
            "    WHERE c.called IN callers GROUP BY c.called"
            "   UNION ALL SELECT c.calling, max(c.id) FROM calls AS c"
            "    WHERE c.calling IN callers AND c.duration > 0 GROUP BY c.calling"
            "   UNION ALL SELECT p.id, (r.until + 1) * 4096 - 1 FROM returns_done AS r"
            "    JOIN parties AS p ON p.number = r.number"
            "  ) GROUP BY party)"
            " SELECT m.party, count(*), min(m.id), max(m.id) FROM missed AS m"
            " LEFT JOIN settled AS s ON s.party = m.party"
            " WHERE s.id IS NULL OR m.id > s.id"
            " GROUP BY m.party ORDER BY max(m.id) DESC"
        )
        params: list[object] = [json.dumps(own, ensure_ascii=False)]
        if lowest is not None:
            params.append(lowest)
        result: list[CallToReturn] = []
        with self._reading() as connection:
            rows = connection.execute(sql, params).fetchall()
            for party, attempts, first_id, last_id in rows:
                last = connection.execute(
                    "SELECT c.start_utc, c.calling_raw, c.calling_name, p.number, f.start_utc,"
                    " q.number FROM calls AS c JOIN parties AS p ON p.id = c.called"
                    " JOIN calls AS f ON f.id = ? JOIN parties AS q ON q.id = c.calling"
                    " WHERE c.id = ?",
                    (first_id, last_id),
                ).fetchone()
                start, written, name, own_number, first_start, number = last
                if name is None:
                    name = self._describe_party(connection, party)[2]
                result.append(
                    CallToReturn(
                        number=number,
                        written=written,
                        name=name,
                        attempts=int(attempts),
                        first_missed=_kyiv(first_start),
                        last_missed=_kyiv(start),
                        own_number=own_number,
                        last_call_id=int(last_id),
                    )
                )
        return result

    def dismiss_call_to_return(self, number: str, until: datetime) -> None:
        """Mark a caller's missed calls up to `until` as dealt with (a newer one brings it back)."""
        key = canonical(number)
        with self._writing() as connection:
            connection.execute(
                "INSERT INTO returns_done (number, until) VALUES (?, ?) "
                "ON CONFLICT (number) DO UPDATE SET until = max(until, excluded.until)",
                (key, _epoch_floor(until)),
            )

    # --- housekeeping -----------------------------------------------------------------------------

    def forget_before(self, instant: datetime) -> int:
        """Delete every call that started before `instant`; returns how many went.

        Call logs are personal data, so what goes really goes: deleted content is overwritten,
        numbers and names nobody else refers to are dropped, and coverage no longer claims the
        period (a sync does not fetch it back: it never fetches before the oldest coverage).
        """
        cut = _epoch_ceil(instant)
        with self._lock:
            connection = self._db()
            try:
                connection.execute("PRAGMA secure_delete = ON")
                with self._writing() as writing:
                    gone = writing.execute(
                        "DELETE FROM calls WHERE id < ?", (_first_id(cut),)
                    ).rowcount
                    if gone:
                        writing.execute(
                            "UPDATE parties SET calls ="
                            " (SELECT count(*) FROM calls WHERE calling = parties.id)"
                            " + (SELECT count(*) FROM calls WHERE called = parties.id)"
                        )
                        writing.execute("DELETE FROM parties WHERE calls = 0")
                    for table in ("coverage", "lost_periods"):
                        writing.execute(f"DELETE FROM {table} WHERE end < ?", (cut,))
                        writing.execute(f"UPDATE {table} SET start = ? WHERE start < ?", (cut, cut))
                    writing.execute("DELETE FROM returns_done WHERE until < ?", (cut,))
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                raise self._failure(error) from None
            finally:
                with suppress(sqlite3.Error):
                    connection.execute("PRAGMA secure_delete = OFF")
        return int(gone)

    def stats(self) -> ArchiveStats:
        with self._reading() as connection:
            count = int(connection.execute("SELECT count(*) FROM calls").fetchone()[0])
            first = connection.execute("SELECT min(id) FROM calls").fetchone()[0]
            last = connection.execute("SELECT max(id) FROM calls").fetchone()[0]
            parties = int(connection.execute("SELECT count(*) FROM parties").fetchone()[0])
            first_call = connection.execute(
                "SELECT start_utc FROM calls WHERE id = ?", (first,)
            ).fetchone()
            last_call = connection.execute(
                "SELECT start_utc FROM calls WHERE id = ?", (last,)
            ).fetchone()
        size = 0
        for suffix in ("", "-wal"):
            with suppress(OSError):
                size += os.stat(str(self.path) + suffix).st_size
        return ArchiveStats(
            calls=count,
            first_call=_kyiv(first_call[0]) if first_call else None,
            last_call=_kyiv(last_call[0]) if last_call else None,
            file_bytes=size,
            parties=parties,
        )

    def check_integrity(self) -> list[str]:
        """SQLite's own consistency check of the whole file: an empty list when it is sound."""
        with self._reading() as connection:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems


def _stored_call(row: Sequence[Any]) -> StoredCall:
    (
        ident,
        start,
        end,
        duration,
        calling_raw,
        called_raw,
        calling_name,
        called_name,
        calling_department,
        called_department,
        extra,
        calling,
        called,
    ) = row
    record = CallRecord(
        _kyiv(start),
        _kyiv(end),
        calling_raw,
        called_raw,
        duration,
        calling_name,
        called_name,
        calling_department,
        called_department,
        _extra_map(extra),
    )
    return StoredCall(ident, record, calling, called)


def open_archive(path: Path, *, clock: Clock | None = None) -> CallArchive:
    """A CallArchive, opened."""
    return CallArchive(path, clock=clock).open()


__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "AddResult",
    "ArchiveStats",
    "CallArchive",
    "CallFields",
    "CallQuery",
    "CallRow",
    "CallToReturn",
    "DayCounts",
    "DepartmentTotals",
    "Direction",
    "DurationBucket",
    "NumberTotals",
    "Order",
    "StoredCall",
    "Tally",
    "canonical_set",
    "open_archive",
    "paused_garbage_collector",
    "search_terms",
]
