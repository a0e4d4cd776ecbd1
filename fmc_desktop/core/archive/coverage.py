"""The periods the archive holds completely, and those found missing past the API's reach.

Both are kept as merged intervals of UTC epoch seconds, [start, end]: a sync fetches what
coverage lacks, and tells the user once of each lost period.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Literal

from fmc_desktop.core.archive.fields import epoch_ceil, epoch_floor, utc_of

# The two tables of periods (fixed names: they are written into the SQL).
PeriodTable = Literal["coverage", "lost_periods"]


def merge_interval(
    connection: sqlite3.Connection, table: PeriodTable, start: datetime, end: datetime
) -> None:
    """Add [start, end] to `table`, merged with the periods it overlaps or touches."""
    first, last = epoch_floor(start), epoch_ceil(end)
    if last < first:
        raise ValueError("a period cannot end before it starts")
    rows = connection.execute(
        f"SELECT start, end FROM {table} WHERE start <= ? AND end >= ?", (last, first)
    ).fetchall()
    if rows:
        first = min(first, *(row[0] for row in rows))
        last = max(last, *(row[1] for row in rows))
        connection.executemany(f"DELETE FROM {table} WHERE start = ?", [(row[0],) for row in rows])
    connection.execute(f"INSERT INTO {table} (start, end) VALUES (?, ?)", (first, last))


def intervals(
    connection: sqlite3.Connection, table: PeriodTable
) -> list[tuple[datetime, datetime]]:
    """The periods of `table`, oldest first, as UTC instants."""
    rows = connection.execute(f"SELECT start, end FROM {table} ORDER BY start").fetchall()
    return [(utc_of(row[0]), utc_of(row[1])) for row in rows]
