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

The class holds the connection, its lock and its transactions; the work is done beside it:
`schema` (tables, migrations), `opening` (whether and how a file is opened), `health` (damage
and failures), `writing` (storing calls), `queries` (finding them), `coverage` (periods held),
`returns` (calls to return), and `fields` (a call's shape in a row).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import ArchiveDamagedError, ArchiveError, StorageError
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive import coverage, opening, returns, schema
from fmc_desktop.core.archive.fields import (
    CallFields,
    CallRow,
    call_fields,
    epoch_ceil,
    epoch_floor,
    first_id,
    kyiv_of,
    utc_of,
)
from fmc_desktop.core.archive.health import (
    NOT_WRITABLE,
    archive_error,
    damaged_error,
    forget_writer,
    health_of,
    hold_writer,
    new_writer_mark,
    quick_check,
    stale_writers,
)
from fmc_desktop.core.archive.queries import ITER_CHUNK, CallQuery, CallReader, StoredCall
from fmc_desktop.core.archive.returns import CallToReturn
from fmc_desktop.core.archive.writing import AddResult, columns_of, store_columns
from fmc_desktop.core.notes import forgetting

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    calls: int
    first_call: datetime | None  # Kyiv time
    last_call: datetime | None
    file_bytes: int  # the database and its write-ahead log
    parties: int


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
        self._health = health_of(self.path)
        self._reader = CallReader(self._reading)

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
                opening.inspect_read_only(self.path)
            elif self._want_read_only:
                raise ArchiveError(
                    f"There is no call archive at {self.path} yet: sync or import calls first.",
                    path=str(self.path),
                )
            else:
                notice = opening.fresh_start_notice(self.path)
                if notice is not None:
                    self.notices.append(notice)
                opening.create_private_file(self.path)
            if self._want_read_only:
                self._connection = opening.open_read_only(self.path)
                return self
            try:
                connection = sqlite3.connect(
                    str(self.path),
                    timeout=schema.BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
            except sqlite3.Error as error:
                raise archive_error(self.path, error) from None
            try:
                opening.configure(connection)
                schema.migrate(connection, self.path, now=self._clock.now(), health=self._health)
                schema.refresh_search_text(connection, self.path)
                schema.count_changes(connection)
            except ArchiveError:
                connection.close()
                raise
            except sqlite3.Error as error:
                connection.close()
                failure = archive_error(self.path, error)
                if getattr(error, "sqlite_errorname", "").startswith(tuple(NOT_WRITABLE)):
                    # A folder the user made read-only (or a read-only disk): still readable.
                    self._connection = opening.open_read_only(self.path)
                    self.read_only = True
                    self.read_only_reason = failure.message
                    _log.warning("call archive opened read-only: %s", failure.message)
                    return self
                raise failure from None
            self.read_only = False
            self.read_only_reason = None
            self._connection = connection
            return self

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                health = self._health
                sound = health.damaged is None and not health.suspect
                if self._mark is not None:
                    forget_writer(self._mark)
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

    def needs_check(self) -> bool:
        """True when `verify` would run SQLite's check: an unclean close, or reported damage."""
        with self._lock:
            if self._health.damaged is not None or self._health.suspect:
                return True
            with self._reading() as connection:
                return bool(stale_writers(connection))

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
                    stale = stale_writers(connection)
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
                problems = quick_check(connection)
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
        return damaged_error(self.path, problems)

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
        mark = new_writer_mark()
        connection.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            (mark, str(epoch_floor(self._clock.now()))),
        )
        self._mark = mark
        hold_writer(mark)

    def _failure(self, error: sqlite3.Error) -> ArchiveError:
        failure = archive_error(self.path, error)
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

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """A short read under the archive's lock, for the features with tables of their own
        (core/notes); its SQLite failures are told in one sentence."""
        return self._reading()

    def writing(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction under the archive's lock, as every write of the calls takes."""
        return self._writing()

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
        result, new_positions = store_columns(
            self._writing, columns_of([call_fields(r) for r in given]), covered, keep_new
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
        return store_columns(self._writing, columns_of(fields), covered, False)[0]

    def add_columns(
        self,
        columns: Sequence[Sequence[Any]],
        *,
        covered: tuple[datetime, datetime] | None = None,
    ) -> AddResult:
        """add_fields with the calls given column by column: the ten columns of CallFields,
        each a sequence as long as the others (what a bulk reader builds fastest)."""
        return store_columns(self._writing, columns, covered, False)[0]

    def mark_lost(self, start: datetime, end: datetime) -> None:
        """Record that [start, end] is missing and past the API's reach (told to the user once)."""
        with self._writing() as connection:
            coverage.merge_interval(connection, "lost_periods", start, end)

    def coverage(self) -> list[tuple[datetime, datetime]]:
        """The periods the archive holds completely, oldest first, as UTC instants."""
        with self._reading() as connection:
            return coverage.intervals(connection, "coverage")

    def lost_periods(self) -> list[tuple[datetime, datetime]]:
        with self._reading() as connection:
            return coverage.intervals(connection, "lost_periods")

    # --- sync state -------------------------------------------------------------------------------

    def is_token_rejected(self) -> bool:
        """True after a 403, until `clear_token_rejected()`: automatic syncs stay away meanwhile."""
        with self._reading() as connection:
            return schema.read_meta(connection, schema.META_TOKEN_REJECTED) == "1"

    def mark_token_rejected(self) -> None:
        with self._writing() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, '1')", (schema.META_TOKEN_REJECTED,)
            )

    def clear_token_rejected(self) -> None:
        """Call when a new token is saved: automatic syncs may try again."""
        with self._writing() as connection:
            connection.execute("DELETE FROM meta WHERE key = ?", (schema.META_TOKEN_REJECTED,))

    def last_synced_at(self) -> datetime | None:
        with self._reading() as connection:
            value = schema.read_meta(connection, schema.META_LAST_SYNC)
        return None if value is None else utc_of(int(value))

    def record_sync(self, at: datetime) -> None:
        with self._writing() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                (schema.META_LAST_SYNC, str(epoch_floor(at))),
            )

    # --- querying ---------------------------------------------------------------------------------

    def query_calls(self, q: CallQuery) -> list[StoredCall]:
        """A page of calls (q.limit, q.offset) in q.order."""
        return self._reader.query_calls(q)

    def count_calls(self, q: CallQuery) -> int:
        return self._reader.count_calls(q)

    def iter_rows(self, q: CallQuery, *, chunk: int = ITER_CHUNK) -> Iterator[list[CallRow]]:
        """Every call `q` selects (limit and offset ignored) as CallRow tuples, in chunks.

        Each chunk is its own short query, so a long read never holds up a writer and the
        connection stays free between chunks; calls stored meanwhile may or may not be seen.
        """
        return self._reader.iter_rows(q, chunk=chunk)

    def change_stamp(self) -> str | None:
        """What tells a copy of the calls (the history's snapshot) that it still holds them:
        the file itself and how often a stored call was rewritten or deleted in it. None if this
        file does not count its changes (read-only since before it was counted)."""
        with self._reading() as connection:
            changed = schema.calls_changed(connection)
            created = schema.read_meta(connection, schema.META_CREATED)
        if changed is None:
            return None
        info = os.stat(self.path)
        # A restored or salvaged archive is a new file (a new inode) whatever its meta says.
        return f"{info.st_dev}:{info.st_ino}:{created}:{changed}"

    def call_ids_up_to(self, call_id: int) -> list[int]:
        """The ids of the stored calls up to `call_id`, in order."""
        with self._reading() as connection:
            return [
                int(row[0])
                for row in connection.execute(
                    "SELECT id FROM calls WHERE id <= ? ORDER BY id", (call_id,)
                )
            ]

    def count_up_to(self, call_id: int) -> int:
        with self._reading() as connection:
            row = connection.execute("SELECT count(*) FROM calls WHERE id <= ?", (call_id,))
            return int(row.fetchone()[0])

    def iter_calls(self, q: CallQuery, *, chunk: int = ITER_CHUNK) -> Iterator[StoredCall]:
        """Every call `q` selects (limit and offset ignored), streamed in order."""
        return self._reader.iter_calls(q, chunk=chunk)

    def name_of(self, number: str) -> str | None:
        """The most recent name the API gave for `number` (any spelling), or None."""
        return self._reader.name_of(number)

    def directory_entries(self) -> list[tuple[str, str | None, str | None]]:
        """What the PBX address book told about numbers: distinct (number as written, name,
        department), oldest first, so a later name for a number wins when learnt in order."""
        return self._reader.directory_entries()

    def call_activity(self) -> dict[str, tuple[int, float]]:
        """Per number (canonical): how many calls it took part in and when the last one
        started (UTC epoch seconds); the contact search ranks people by it."""
        return self._reader.call_activity()

    # --- calls to return --------------------------------------------------------------------------

    def calls_to_return(
        self, own_numbers: Iterable[str], since: datetime | None = None
    ) -> list[CallToReturn]:
        """Missed calls to `own_numbers` that nobody has returned, one entry per caller, newest
        first (see `returns.calls_to_return`)."""
        # A small cache: the first full read walks the missed calls of the whole archive once,
        # and this connection lives as long as the app (a 64 MB cache stayed filled with it).
        with self._reading() as connection, opening.lean_reads(connection):
            return returns.calls_to_return(connection, own_numbers, since)

    def dismiss_call_to_return(self, number: str, until: datetime) -> None:
        """Mark a caller's missed calls up to `until` as dealt with (a newer one brings it back)."""
        with self._writing() as connection:
            returns.dismiss_call_to_return(connection, number, until)

    # --- housekeeping -----------------------------------------------------------------------------

    def forget_before(self, instant: datetime, *, keep_notes: bool = False) -> int:
        """Delete every call that started before `instant`; returns how many went.

        Call logs are personal data, so what goes really goes: deleted content is overwritten,
        numbers and names nobody else refers to are dropped, and coverage no longer claims the
        period (a sync does not fetch it back: it never fetches before the oldest coverage).
        The notes and tags of the deleted calls go too unless `keep_notes`; notes on numbers
        always stay.
        """
        cut = epoch_ceil(instant)
        noted = [] if keep_notes else forgetting.call_targets_before(self, first_id(cut))
        with self._lock:
            connection = self._db()
            try:
                connection.execute("PRAGMA secure_delete = ON")
                with self._writing() as writing:
                    gone = writing.execute(
                        "DELETE FROM calls WHERE id < ?", (first_id(cut),)
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
                    forgetting.delete_events_of(writing, noted)
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
            first_call=kyiv_of(first_call[0]) if first_call else None,
            last_call=kyiv_of(last_call[0]) if last_call else None,
            file_bytes=size,
            parties=parties,
        )

    def check_integrity(self) -> list[str]:
        """SQLite's own consistency check of the whole file: an empty list when it is sound."""
        with self._reading() as connection:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems


def open_archive(path: Path, *, clock: Clock | None = None) -> CallArchive:
    """A CallArchive, opened."""
    return CallArchive(path, clock=clock).open()


__all__ = [
    "AddResult",
    "ArchiveStats",
    "CallArchive",
    "CallFields",
    "open_archive",
]
