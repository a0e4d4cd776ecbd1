"""The archive file's layout: its tables, its schema version and the migrations to it, the
parties' search text, and whether a file is ours to use.

Schema version N is reached by running MIGRATIONS[N - 1], inside one transaction with the
version bump, so a crash keeps the file as it was before or after a step.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Final, TypeAlias

from fmc_desktop.core.api.errors import ArchiveError
from fmc_desktop.core.archive.fields import epoch_floor
from fmc_desktop.core.archive.health import Health, damaged_error, quick_check
from fmc_desktop.core.archive.number_migration import recanonicalise_numbers
from fmc_desktop.core.notes.tables import NOTES_SCHEMA
from fmc_desktop.core.search.matching import (
    SEARCH_TEXT_VERSION,
    grow,
    number_pieces,
    text_pieces,
    written_piece,
)

_log = logging.getLogger(__name__)

# "FMCD": marks the file as ours, so a foreign SQLite database is never taken for an archive.
APPLICATION_ID: Final = 0x464D4344
BUSY_TIMEOUT_MS: Final = 5000

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
INDEXES: Final[tuple[tuple[str, str], ...]] = (
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
    # 3: notes, tags and worklist changes, kept as an event log (core/notes/events.py).
    NOTES_SCHEMA,
)
SCHEMA_VERSION: Final = len(MIGRATIONS)

META_TOKEN_REJECTED = "token_rejected"
META_LAST_SYNC = "last_sync"
META_CREATED = "created"
META_SEARCH_TEXT = "search_text"  # the core.search.SEARCH_TEXT_VERSION parties.search follows
META_CALLS_CHANGED = "calls_changed"  # bumped by every rewrite or deletion of a stored call

# The history's column snapshot (core/history/snapshot.py) describes the archive only while no
# stored call was rewritten or deleted since it was written. Triggers bump the count in the same
# transaction as the change, so no write path (today's, a future one's, an older release's that
# opens the file) can leave a snapshot trusted. Inserts are not counted: a sync adds calls at
# every start, and the snapshot finds them by their ids. They are triggers rather than a schema
# version: an older release reads the file as before, and its writes still bump the count.
_CHANGE_TRIGGERS: Final[tuple[tuple[str, str], ...]] = tuple(
    (
        f"calls_{event.lower()}d_count",
        f"CREATE TRIGGER IF NOT EXISTS calls_{event.lower()}d_count AFTER {event} ON calls BEGIN "
        f"UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = '{META_CALLS_CHANGED}'; "
        "END",
    )
    for event in ("UPDATE", "DELETE")
)


def rebuild_search_text(connection: sqlite3.Connection) -> None:
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


def read_meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def identity(connection: sqlite3.Connection) -> tuple[int, int, int]:
    """The file's application id, schema version and number of tables, read in one snapshot.

    Three reads of their own could straddle another process setting the file up (the id read
    before its commit, the tables after), and a brand-new archive would look like another
    program's database.
    """
    own = not connection.in_transaction
    if own:
        connection.execute("BEGIN")
    try:
        app_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        tables = int(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        if own:
            connection.execute("COMMIT")
    return app_id, version, tables


def not_ours(path: Path, why: str) -> ArchiveError:
    return ArchiveError(
        f"{path} is not an fmc-desktop archive ({why}); it was left untouched. "
        "Move it away or choose another data folder.",
        path=str(path),
    )


def check_identity(path: Path, app_id: int, version: int, tables: int) -> None:
    """ArchiveError unless the file is an archive this version reads, or an empty database."""
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise ArchiveError(
                f"The call archive {path} was written by a newer fmc-desktop (archive version "
                f"{version}; this one reads up to {SCHEMA_VERSION}); it was left untouched. "
                "Update fmc-desktop, or choose another data folder.",
                path=str(path),
                version=version,
            )
        return
    if app_id == 0 and tables == 0 and version == 0:
        return  # an empty database: ours to set up
    if app_id == 0:
        raise not_ours(path, "it is another program's SQLite database")
    raise not_ours(path, f"it belongs to another program, application id {app_id:#x}")


def migrate(connection: sqlite3.Connection, path: Path, *, now: datetime, health: Health) -> None:
    """Set up an empty file, or bring an older archive up to SCHEMA_VERSION."""
    app_id, version, tables = identity(connection)
    check_identity(path, app_id, version, tables)
    if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
        return  # nothing to do, and no write lock taken: a reader opens during an import
    if app_id == APPLICATION_ID and version > 0:
        # An upgrade rewrites the file: never a damaged one.
        problems = quick_check(connection)
        if problems:
            health.damaged = tuple(problems)
            raise damaged_error(path, problems)
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Again inside the lock: another process may have set the file up meanwhile.
        app_id, version, tables = identity(connection)
        check_identity(path, app_id, version, tables)
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
                (META_CREATED, str(epoch_floor(now))),
            )
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    if version < SCHEMA_VERSION:
        _log.info("call archive %s: schema %d -> %d", path, version, SCHEMA_VERSION)


def calls_changed(connection: sqlite3.Connection) -> int | None:
    """How many times stored calls were rewritten or deleted; None if the file does not count."""
    value = read_meta(connection, META_CALLS_CHANGED)
    return None if value is None else int(value)


def count_changes(connection: sqlite3.Connection) -> None:
    """Set up the count of changes to stored calls, once per file (see `_CHANGE_TRIGGERS`)."""
    names = [name for name, _ in _CHANGE_TRIGGERS]
    present = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", names
    ).fetchone()[0]
    if present == len(names) and read_meta(connection, META_CALLS_CHANGED) is not None:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("INSERT OR IGNORE INTO meta VALUES (?, '0')", (META_CALLS_CHANGED,))
        for _, statement in _CHANGE_TRIGGERS:
            connection.execute(statement)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def refresh_search_text(connection: sqlite3.Connection, path: Path) -> None:
    """Rebuild every party's search text if it was built by other search rules.

    The text is derived from what the calls hold (their numbers as written, names and
    departments), so new search rules (`core.search.SEARCH_TEXT_VERSION`) rewrite it once,
    at the first open by the version that brings them, with no change of schema. If another
    process holds the write lock, or the file is read-only, it waits for a later open;
    searches meanwhile find what the previous rules found.
    """
    wanted = str(SEARCH_TEXT_VERSION)
    if read_meta(connection, META_SEARCH_TEXT) == wanted:
        return
    connection.execute("PRAGMA busy_timeout = 250")
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            if read_meta(connection, META_SEARCH_TEXT) != wanted:
                rebuild_search_text(connection)
                connection.execute(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)", (META_SEARCH_TEXT, wanted)
                )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    except sqlite3.OperationalError as error:
        _log.warning(
            "call archive %s: the search text was not brought up to date (%s); "
            "it will be at the next start",
            path,
            getattr(error, "sqlite_errorname", "error"),
        )
    finally:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
