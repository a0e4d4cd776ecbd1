"""A read that walks the whole archive runs with a small cache and sorts on file, then the
connection's own settings come back (a sync's writes need its big cache)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from fmc_desktop.core.archive.opening import CACHE_KIB, LEAN_CACHE_KIB, configure, lean_reads

FILE, MEMORY = 1, 2  # PRAGMA temp_store's answers


def _settings(connection: sqlite3.Connection) -> tuple[int, int]:
    cache = connection.execute("PRAGMA cache_size").fetchone()[0]
    return int(cache), int(connection.execute("PRAGMA temp_store").fetchone()[0])


def test_lean_reads_shrink_the_cache_and_sort_on_file_then_restore(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)) as connection:
        configure(connection)
        assert _settings(connection) == (-CACHE_KIB, MEMORY)
        with lean_reads(connection):
            assert _settings(connection) == (-LEAN_CACHE_KIB, FILE)
        assert _settings(connection) == (-CACHE_KIB, MEMORY)


def test_lean_reads_restore_after_a_failed_read(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)) as connection:
        configure(connection)
        try:
            with lean_reads(connection):
                connection.execute("SELECT * FROM no_such_table")
        except sqlite3.OperationalError:
            pass
        assert _settings(connection) == (-CACHE_KIB, MEMORY)


def test_in_a_transaction_with_temporary_tables_the_read_runs_as_it_was(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)) as connection:
        configure(connection)
        connection.execute("BEGIN")
        connection.execute("CREATE TEMP TABLE t (x)")
        with lean_reads(connection):
            assert _settings(connection) == (-CACHE_KIB, MEMORY)
        connection.execute("COMMIT")


def test_a_walk_in_chunks_keeps_its_temporary_data_where_it_was(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)) as connection:
        configure(connection)
        with lean_reads(connection, sorts_on_file=False):
            assert _settings(connection) == (-LEAN_CACHE_KIB, MEMORY)
        assert _settings(connection) == (-CACHE_KIB, MEMORY)
