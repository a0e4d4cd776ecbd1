"""Opening an archive file: created readable by its user only, looked at read-only before it is
trusted, connected read-only where it cannot be written, and set up for a writer alongside readers.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

from fmc_desktop.core.api.errors import ArchiveError
from fmc_desktop.core.archive.backup import BackupStore, read_only_uri
from fmc_desktop.core.archive.health import archive_error
from fmc_desktop.core.archive.schema import BUSY_TIMEOUT_MS, check_identity, identity, not_ours

_log = logging.getLogger(__name__)

# The page cache of a connection (KiB); index builds lower it for a while (see writing.py).
CACHE_KIB: Final = 65536
# The page cache of a read that walks the whole table once (KiB): such a read gains nothing
# from a big one (the OS caches the file), while what the cache and an in-memory sort took
# stays in the process after the read (at 1M calls, the directory read kept 120 MB).
LEAN_CACHE_KIB: Final = 2048


def configure(connection: sqlite3.Connection) -> None:
    """The settings of a connection that writes while others read, possibly other processes."""
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        _log.warning("the archive is in %s mode, not WAL", mode)
    # NORMAL is safe in WAL mode: a crash of the program loses nothing committed,
    # a power cut at worst the last transactions, never the file's consistency.
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("PRAGMA journal_size_limit = 67108864")


@contextmanager
def lean_reads(
    connection: sqlite3.Connection, *, sorts_on_file: bool = True
) -> Iterator[sqlite3.Connection]:
    """A small page cache (and sorts spilled to SQLite's own temporary file in short runs)
    while one read walks the whole archive; the connection's settings after."""
    cache = int(connection.execute("PRAGMA cache_size").fetchone()[0])
    store = int(connection.execute("PRAGMA temp_store").fetchone()[0])
    if sorts_on_file:
        try:
            # Refused while the connection holds temporary tables in a transaction: then
            # the read runs as it was.
            connection.execute("PRAGMA temp_store = FILE")
        except sqlite3.OperationalError:
            yield connection
            return
    connection.execute(f"PRAGMA cache_size = -{LEAN_CACHE_KIB}")
    try:
        yield connection
    finally:
        connection.execute(f"PRAGMA cache_size = {cache}")
        if sorts_on_file:
            with suppress(sqlite3.OperationalError):
                connection.execute(f"PRAGMA temp_store = {store}")


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. A WAL file needs its -shm beside it, which a read-only
    folder cannot hold; with no log to read, `immutable` opens it without one."""
    base = "file:" + urllib.parse.quote(str(path.absolute()))
    attempts = [base + "?mode=ro"]
    wal = Path(str(path) + "-wal")
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
            check_identity(path, *identity(connection))
        except sqlite3.Error as error:
            connection.close()
            failure = error
            continue
        except ArchiveError:
            connection.close()
            raise
        return connection
    assert failure is not None
    raise archive_error(path, failure) from None


def fresh_start_notice(path: Path) -> str | None:
    """What to tell the user when an empty or missing archive is started afresh: it may be
    where months of history were (a disk error, a sync tool, a user's mistake). None for a
    first start, with no log and no backups beside it."""
    if path.exists():
        text = (
            f"The call archive {path} was empty (0 bytes), so a new one was started; "
            "if it held calls, `fmc-desktop repair` restores the newest backup."
        )
    else:
        wal = Path(str(path) + "-wal")
        if not wal.exists() and not BackupStore.beside(path).backups():
            _log.info("no call archive at %s yet: a new one is created", path)
            return None
        text = (
            f"The call archive {path} was missing, so a new one was started; "
            "`fmc-desktop repair` restores the newest backup."
        )
    _log.warning("%s", text)
    return text


def inspect_read_only(path: Path) -> None:
    """Decide whether an existing file is ours, without any chance of writing to it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise ArchiveError(
            f"The call archive {path} cannot be read ({error.strerror}).",
            path=str(path),
        ) from None
    if header != b"SQLite format 3\x00":
        raise not_ours(path, "it is not an SQLite database")
    try:
        probe = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise archive_error(path, error) from None
    try:
        found = identity(probe)
    except sqlite3.Error as error:
        name = getattr(error, "sqlite_errorname", "")
        if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise archive_error(path, error) from None
        raise not_ours(path, "it is damaged or not an SQLite database") from None
    finally:
        probe.close()
    check_identity(path, *found)


def create_private_file(path: Path) -> None:
    """Create the file readable by the user only: it says who they call."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(descriptor)
    except OSError as error:
        raise ArchiveError(
            f"The call archive {path} cannot be created ({error.strerror}).",
            path=str(path),
        ) from None
