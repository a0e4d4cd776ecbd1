"""Repairing a damaged call archive: restore the newest good backup, or salvage what can be read.

Either way the damaged file is moved aside (renamed, with its -wal and -shm), never deleted,
and the new archive forgets its coverage of the last 30 days, so the next sync fetches that
month again from the API. What is older and was not in the backup, or sat on unreadable pages,
is reported as lost periods: only an export file imported for them can fill them.

Salvage reads every table of the damaged file into a new archive, row by row in rowid ranges:
a range that fails to read is halved until the unreadable rows are pinned down, so one damaged
page costs the rows on it, not the table. Calls go in through CallArchive.add_fields, which
rebuilds their parties (numbers and search text) from the calls themselves, in case the page
that held a party was the damaged one.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from fmc_desktop.core.api.errors import StorageError
from fmc_desktop.core.api.windows import HISTORY_LIMIT, plan_windows
from fmc_desktop.core.archive.backup import Backup, quick_check, read_only_uri
from fmc_desktop.core.archive.fields import SLOTS_PER_SECOND, CallFields
from fmc_desktop.core.archive.health import forget_health
from fmc_desktop.core.archive.schema import APPLICATION_ID
from fmc_desktop.core.archive.store import CallArchive

_log = logging.getLogger(__name__)

Period = tuple[datetime, datetime]
_ROWID_MIN: Final = -(2**63)
_ROWID_MAX: Final = 2**63 - 1
# Tables the new archive builds itself rather than copies.
_REBUILT: Final = frozenset({"calls", "parties"})


@dataclass(frozen=True, slots=True)
class Health:
    """What SQLite's check says of the archive file."""

    path: Path
    exists: bool
    size: int
    problems: tuple[str, ...]

    @property
    def sound(self) -> bool:
        return self.exists and self.size > 0 and not self.problems


@dataclass
class RepairResult:
    method: Literal["restore", "salvage"]
    moved_aside: Path  # the damaged file's new name, beside the new archive
    backup: Backup | None = None
    calls_saved: int = 0
    rows_lost: dict[str, int] = field(default_factory=dict)  # per table; -1: all of it
    lost: list[Period] = field(default_factory=list)  # beyond the API's reach: an export fills
    refetch_from: datetime | None = None  # coverage was dropped from here to now


def check(path: Path) -> Health:
    """Check the archive file read-only, whatever its folder allows."""
    try:
        size = path.stat().st_size
    except OSError:
        return Health(path, False, 0, ())
    if size == 0:
        return Health(path, True, 0, ())
    return Health(path, True, size, tuple(quick_check(path)))


def move_aside(path: Path, now: datetime) -> Path:
    """Rename the damaged file (and its -wal and -shm, which belong to it) out of the way."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            companion = Path(str(path) + suffix)
            if companion.exists():
                os.replace(companion, Path(str(target) + suffix))
    except OSError as error:
        raise StorageError(
            f"The damaged call archive {path} could not be moved aside ({error.strerror}); "
            "close every fmc-desktop and check that its folder is writable.",
            path=str(path),
        ) from None
    _log.warning("moved the damaged call archive %s aside to %s", path, target)
    return target


def _api_reach(now: datetime) -> datetime:
    return plan_windows(now - HISTORY_LIMIT, now, now).available_from


def _forget_recent_coverage(archive: CallArchive, since: datetime) -> None:
    """Drop what the coverage says of [since, now], so the next sync fetches it again."""
    connection = archive._db()  # the repair owns this new file alone
    cut = int(since.timestamp())
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("DELETE FROM coverage WHERE start >= ?", (cut,))
    connection.execute("UPDATE coverage SET end = ? WHERE end > ?", (cut, cut))
    connection.execute("COMMIT")


def _cut_coverage(connection: sqlite3.Connection, gaps: list[tuple[int, int]]) -> None:
    """Take the periods `gaps` (epoch seconds, [start, end]) out of the coverage."""
    kept = [(int(a), int(b)) for a, b in connection.execute("SELECT start, end FROM coverage")]
    for gap_start, gap_end in gaps:
        pieces: list[tuple[int, int]] = []
        for start, end in kept:
            if end <= gap_start or start >= gap_end:
                pieces.append((start, end))
                continue
            if start < gap_start:
                pieces.append((start, gap_start))
            if end > gap_end:
                pieces.append((gap_end, end))
        kept = pieces
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("DELETE FROM coverage")
    connection.executemany("INSERT INTO coverage (start, end) VALUES (?, ?)", kept)
    connection.execute("COMMIT")


def _coverage_end(path: Path) -> datetime | None:
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as connection:
            row = connection.execute("SELECT max(end) FROM coverage").fetchone()
    except sqlite3.Error:
        return None
    return None if row[0] is None else datetime.fromtimestamp(int(row[0]), UTC)


def restore(path: Path, backup: Backup, now: datetime) -> RepairResult:
    """Put `backup` in place of the damaged archive at `path`."""
    partial = path.with_name(f".{path.name}.restoring")
    try:
        with (
            closing(sqlite3.connect(read_only_uri(backup.path), uri=True)) as source,
            closing(sqlite3.connect(partial, isolation_level=None)) as copy,
        ):
            source.backup(copy)
        os.chmod(partial, 0o600)
    except (OSError, sqlite3.Error) as error:
        with suppress(OSError):
            os.unlink(partial)
        raise StorageError(
            f"The backup {backup.path} could not be copied into {path.parent} ({error}); "
            "check that the folder is writable and the disk has space.",
            path=str(path.parent),
        ) from None
    reach = _api_reach(now)
    lost: list[Period] = []
    covered_to = _coverage_end(partial)
    if covered_to is not None and covered_to < reach:
        lost.append((covered_to, reach))
    aside = move_aside(path, now) if path.exists() else path
    os.replace(partial, path)
    forget_health(path)
    with CallArchive(path) as archive:
        _forget_recent_coverage(archive, reach)
    _log.warning("restored the call archive %s from %s", path, backup.path)
    return RepairResult("restore", aside, backup=backup, lost=lost, refetch_from=reach)


# --- salvage -----------------------------------------------------------------------------------


@dataclass
class _Reader:
    """Reads a table in rowid order, stepping over what cannot be read.

    When a read fails, the rows read so far are kept and the read starts again after the last
    of them. Where even the first row of a range cannot be read, the start of the readable rest
    is searched for: rowids ever further away (1, 2, 4, ...) until a read from there works, then
    halving back, so a damaged page costs a few dozen queries and only its own rows.
    """

    connection: sqlite3.Connection
    table: str
    columns: str
    lost_ranges: list[tuple[int, int]] = field(default_factory=list)  # [low, high] rowids

    def _readable_from(self, low: int, high: int) -> bool:
        try:
            self.connection.execute(
                f'SELECT rowid, {self.columns} FROM "{self.table}"'
                " WHERE rowid BETWEEN ? AND ? ORDER BY rowid LIMIT 1",
                (low, high),
            ).fetchall()
        except sqlite3.DatabaseError:
            return False
        return True

    def _skip_damage(self, low: int, high: int) -> int | None:
        """The first rowid after `low` (unreadable) from which reading works; None: none."""
        failing, step = low, 1
        while True:
            probe = low + step
            if probe > high:
                if not self._readable_from(high, high):
                    return None
                probe = high
                break
            if self._readable_from(probe, high):
                break
            failing, step = probe, step * 2
        while probe - failing > 1:
            middle = failing + (probe - failing) // 2
            if self._readable_from(middle, high):
                probe = middle
            else:
                failing = middle
        return probe

    def rows(self, low: int = _ROWID_MIN, high: int = _ROWID_MAX) -> Iterator[tuple[Any, ...]]:
        start = low
        while start <= high:
            progressed = False
            try:
                cursor = self.connection.execute(
                    f'SELECT rowid, {self.columns} FROM "{self.table}"'
                    " WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                    (start, high),
                )
                # Row by row: a failure inside a fetchmany() would take the rows read with it.
                for row in cursor:
                    rowid = row[0]
                    # A junk page can read as rows with rowids out of order: not ours.
                    if isinstance(rowid, int) and start <= rowid <= high:
                        start = rowid + 1
                        progressed = True
                        yield row[1:]
                return
            except sqlite3.DatabaseError:
                if progressed:
                    continue  # again from after the last row read: the failure may be later
                # The sqlite3 module steps to the next row before it hands out the current
                # one, so a row just before a damaged page is only had on its own.
                try:
                    first = self.connection.execute(
                        f'SELECT rowid, {self.columns} FROM "{self.table}"'
                        " WHERE rowid BETWEEN ? AND ? ORDER BY rowid LIMIT 1",
                        (start, high),
                    ).fetchall()
                except sqlite3.DatabaseError:
                    first = None
                if first is not None:
                    if not first:
                        return
                    rowid = first[0][0]
                    if isinstance(rowid, int) and start <= rowid <= high:
                        start = rowid + 1
                        yield first[0][1:]
                        continue
                resume = self._skip_damage(start, high)
                if resume is None:
                    self.lost_ranges.append((start, high))
                    return
                self.lost_ranges.append((start, resume - 1))
                start = resume


def _plausible_call(row: tuple[Any, ...]) -> bool:
    """A row of the call table as the archive writes them (junk pages can read as rows)."""
    if len(row) != 10:
        return False
    start, end, duration, calling, called = row[:5]
    return (
        all(isinstance(value, int) for value in (start, end, duration))
        and 0 <= duration <= end - start + 1
        and isinstance(calling, str)
        and isinstance(called, str)
        and all(value is None or isinstance(value, str) for value in row[5:])
    )


def _table_columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _is_rowid_table(connection: sqlite3.Connection, table: str) -> bool:
    try:
        connection.execute(f'SELECT rowid FROM "{table}" LIMIT 0')
    except sqlite3.OperationalError:
        return False
    return True


def _open_damaged(path: Path) -> sqlite3.Connection:
    uris = [read_only_uri(path)]
    if not Path(str(path) + "-wal").exists():
        uris.append(read_only_uri(path) + "&immutable=1")
    failure: sqlite3.Error | None = None
    for uri in uris:
        connection = sqlite3.connect(uri, uri=True, timeout=5)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            connection.close()
            failure = error
            continue
        return connection
    raise StorageError(
        f"Nothing can be read from the damaged call archive {path} ({failure}); restore a "
        "backup or import an export instead.",
        path=str(path),
    )


def salvage(
    path: Path,
    now: datetime,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> RepairResult:
    """Read every readable row of the damaged archive at `path` into a new one in its place."""
    partial = _blank_archive(path.with_name(f".{path.name}.salvaging"))
    rows_lost: dict[str, int] = {}
    with closing(_open_damaged(path)) as damaged, CallArchive(partial) as fresh:
        known = _damaged_tables(damaged)
        target = fresh._db()  # the salvage owns this new file alone
        # Rows whose parent row was on a damaged page are kept (and cleared below), not refused.
        target.execute("PRAGMA foreign_keys = OFF")
        saved, lost_call_ranges = _salvage_calls(damaged, fresh, progress)
        if lost_call_ranges:
            rows_lost["calls"] = -1  # how many sat on the bad pages is not known
        _salvage_other_tables(damaged, target, known, rows_lost)
        _copy_indexes(damaged, target)
        if {"contacts", "contact_numbers"} <= set(known):
            # A contact's numbers without the contact (its row was on a damaged page).
            target.execute(
                "DELETE FROM contact_numbers WHERE contact_id NOT IN (SELECT id FROM contacts)"
            )
        target.execute("PRAGMA foreign_keys = ON")
        if progress is not None:
            progress("done", saved)

        # The coverage must not claim periods whose calls were on the damaged pages.
        reach = _api_reach(now)
        gaps = [_damaged_seconds(low, high, now) for low, high in lost_call_ranges]
        if gaps:
            _cut_coverage(target, gaps)
        _forget_recent_coverage(fresh, reach)
    aside = move_aside(path, now)
    os.replace(partial, path)
    forget_health(path)
    _log.warning(
        "salvaged %d calls of the damaged call archive into %s; lost rows in %s",
        saved,
        path,
        sorted(rows_lost) or "no table",
    )
    return RepairResult(
        "salvage",
        aside,
        calls_saved=saved,
        rows_lost=rows_lost,
        lost=_beyond_reach(gaps, reach),
        refetch_from=reach,
    )


def _blank_archive(partial: Path) -> Path:
    """A new file at `partial`, with nothing in it but the archive's mark.

    The new archive then sets itself up without taking the file for an empty or missing archive
    that needs a notice.
    """
    for leftover in (partial, Path(str(partial) + "-wal"), Path(str(partial) + "-shm")):
        with suppress(FileNotFoundError):
            leftover.unlink()
    with closing(sqlite3.connect(partial)) as blank:
        blank.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    os.chmod(partial, 0o600)
    return partial


def _damaged_tables(damaged: sqlite3.Connection) -> dict[str, str]:
    """The damaged file's tables and the SQL that made each, as far as its schema can be read."""
    try:
        tables = damaged.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    except sqlite3.DatabaseError:
        tables = []  # the schema page itself: only the call table is known by name
    return {str(name): str(sql) for name, sql in tables}


def _salvage_calls(
    damaged: sqlite3.Connection,
    fresh: CallArchive,
    progress: Callable[[str, int], None] | None,
) -> tuple[int, list[tuple[int, int]]]:
    """Copy the readable calls through the archive's own path, which makes their parties again.

    Returns how many calls were saved and the rowid ranges that could not be read.
    """
    reader = _Reader(
        damaged,
        "calls",
        "start_utc, end_utc, duration, calling_raw, called_raw, calling_name,"
        " called_name, calling_department, called_department, extra",
    )
    saved = 0
    batch: list[CallFields] = []
    for row in reader.rows():
        if not _plausible_call(row):
            continue
        batch.append(row)
        if len(batch) >= 50_000:
            saved += fresh.add_fields(batch).new
            batch.clear()
            if progress is not None:
                progress("calls", saved)
    if batch:
        saved += fresh.add_fields(batch).new
    return saved, reader.lost_ranges


def _salvage_other_tables(
    damaged: sqlite3.Connection,
    target: sqlite3.Connection,
    known: dict[str, str],
    rows_lost: dict[str, int],
) -> None:
    """Every table but the calls and parties, as it was; a table with rows lost is noted."""
    fresh_tables = {
        str(row[0]) for row in target.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for name, sql in known.items():
        if name in _REBUILT:
            continue
        if name not in fresh_tables:
            if not sql:
                continue
            if not _recreate_table(target, name, sql):
                rows_lost[name] = -1
                continue
        if _copy_table(damaged, target, name):
            rows_lost[name] = -1


def _recreate_table(target: sqlite3.Connection, name: str, sql: str) -> bool:
    """Make a table the new archive does not have, as the damaged file made it."""
    try:
        target.execute(sql)
    except sqlite3.Error as error:
        _log.warning("salvage: table %s not recreated: %s", name, error)
        return False
    return True


def _copy_table(damaged: sqlite3.Connection, target: sqlite3.Connection, name: str) -> bool:
    """Copy the readable rows of one table; True when some (or all) of them could not be read."""
    try:
        columns = _table_columns(damaged, name)
        wanted = [c for c in columns if c in set(_table_columns(target, name))]
    except sqlite3.DatabaseError:
        return True
    listed = ", ".join(f'"{c}"' for c in wanted)
    insert = f'INSERT OR IGNORE INTO "{name}" ({listed}) VALUES ({", ".join("?" * len(wanted))})'
    rows: Iterator[tuple[Any, ...]]
    reader: _Reader | None = None
    if _is_rowid_table(damaged, name):
        reader = _Reader(damaged, name, listed)
        rows = reader.rows()
    else:
        try:
            rows = iter(damaged.execute(f'SELECT {listed} FROM "{name}"').fetchall())
        except sqlite3.DatabaseError:
            return True
    if name == "meta":
        # A writer's mark of the damaged file is not the new file's.
        rows = (row for row in rows if not str(row[0]).startswith("writer:"))
    target.execute("BEGIN IMMEDIATE")
    target.executemany(insert, rows)
    target.execute("COMMIT")
    return reader is not None and bool(reader.lost_ranges)


def _copy_indexes(damaged: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """The damaged file's own indexes on the copied tables, where they can still be made."""
    try:
        indexes = damaged.execute(
            "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    except sqlite3.DatabaseError:
        indexes = []
    for table, sql in indexes:
        if table not in _REBUILT:
            with suppress(sqlite3.Error):
                create = str(sql).replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)
                target.execute(create)


def _damaged_seconds(low: int, high: int, now: datetime) -> tuple[int, int]:
    """The period (epoch seconds) whose calls may have sat in the unreadable call rowids."""
    first = max(low, 0) // SLOTS_PER_SECOND
    last = min(max(high, 0) // SLOTS_PER_SECOND + 1, int(now.timestamp()))
    return first, last


def _beyond_reach(gaps: list[tuple[int, int]], reach: datetime) -> list[Period]:
    """The parts of `gaps` older than the API reaches: only an export file can fill them."""
    lost: list[Period] = []
    for first, last in gaps:
        start, end = datetime.fromtimestamp(first, UTC), datetime.fromtimestamp(last, UTC)
        if start < reach:
            lost.append((start, min(end, reach)))
    return lost


__all__ = ["Health", "RepairResult", "check", "move_aside", "restore", "salvage"]
