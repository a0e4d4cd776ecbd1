"""Calls to return: people who called the user's numbers, were not answered, and have not been
called back, and the ones the user marked as dealt with.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from fmc_desktop.core.archive.fields import (
    canonical_set,
    epoch_ceil,
    epoch_floor,
    first_id,
    kyiv_of,
)
from fmc_desktop.core.archive.queries import describe_party
from fmc_desktop.core.numbers.phone import canonical


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


def calls_to_return(
    connection: sqlite3.Connection, own_numbers: Iterable[str], since: datetime | None = None
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
    lowest = first_id(epoch_ceil(since)) if since is not None else None
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
    rows = connection.execute(sql, params).fetchall()
    for party, attempts, oldest_id, last_id in rows:
        last = connection.execute(
            "SELECT c.start_utc, c.calling_raw, c.calling_name, p.number, f.start_utc,"
            " q.number FROM calls AS c JOIN parties AS p ON p.id = c.called"
            " JOIN calls AS f ON f.id = ? JOIN parties AS q ON q.id = c.calling"
            " WHERE c.id = ?",
            (oldest_id, last_id),
        ).fetchone()
        start, written, name, own_number, first_start, number = last
        if name is None:
            name = describe_party(connection, party)[2]
        result.append(
            CallToReturn(
                number=number,
                written=written,
                name=name,
                attempts=int(attempts),
                first_missed=kyiv_of(first_start),
                last_missed=kyiv_of(start),
                own_number=own_number,
                last_call_id=int(last_id),
            )
        )
    return result


def dismiss_call_to_return(connection: sqlite3.Connection, number: str, until: datetime) -> None:
    """Mark a caller's missed calls up to `until` as dealt with (a newer one brings it back)."""
    key = canonical(number)
    connection.execute(
        "INSERT INTO returns_done (number, until) VALUES (?, ?) "
        "ON CONFLICT (number) DO UPDATE SET until = max(until, excluded.until)",
        (key, epoch_floor(until)),
    )
