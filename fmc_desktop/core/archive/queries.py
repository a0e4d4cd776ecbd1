"""Finding calls: the query, how it becomes SQL over the parties' search text and the number
indexes, and the calls, rows and facts about numbers it reads back.

Search works on parties, not calls: a term is matched against the search text of some tens of
thousands of parties in milliseconds, and the calls then come from the number indexes (a rare
term) or from a walk backwards along the table that stops at the first page (a common one).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any, Final, cast

from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.fields import (
    CallRow,
    canonical_set,
    epoch_ceil,
    extra_map,
    first_id,
    kyiv_of,
)
from fmc_desktop.core.archive.opening import lean_reads
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.search.matching import Term, query_terms

# How many calls a search may gather through the number indexes before a walk along the table
# is cheaper. Gathering costs about a microsecond a call; the walk stops after one page.
_INDEX_PATH_FOR_PAGE: Final = 20_000
ITER_CHUNK: Final = 20_000

# A short read under the archive's lock, its SQLite failures told in one sentence
# (CallArchive._reading).
Reading = Callable[[], AbstractContextManager[sqlite3.Connection]]


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


def search_terms(text: str) -> tuple[Term, ...]:
    """The terms a search text stands for (see CallQuery.search and `core.search`)."""
    return query_terms(text)


@dataclass
class _Plan:
    """A query compiled to SQL: WITH ... , the WHERE conditions, and their parameters."""

    ctes: list[str] = field(default_factory=list)
    cte_params: list[object] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    bounds: list[tuple[str, int]] = field(default_factory=list)  # ("id >= ?", value), ...
    empty: bool = False

    def with_clause(self) -> str:
        return ("WITH " + ", ".join(self.ctes) + " ") if self.ctes else ""

    def where_clause(self) -> str:
        return " AND ".join(self.where) if self.where else "1"

    def all_params(self) -> list[object]:
        return [*self.cte_params, *self.params]


_ROW_COLUMNS: Final = (
    "c.id, c.start_utc, c.end_utc, c.duration, c.calling_raw, c.called_raw, c.calling_name, "
    "c.called_name, c.calling_department, c.called_department, c.extra"
)


# A way to drive the query through the number indexes: its estimated number of calls, the CTE
# of party ids it starts from, and which of the two indexes (calling, called) to use.
_Driver = tuple[float, str, tuple[str, ...]]

# The condition on "ours" (the parties of q.numbers) for each direction, and the indexes that
# can drive it: an internal call has both numbers in the set, so the caller's index finds it.
_OURS_BY_DIRECTION: Final[dict[Direction | None, tuple[str, tuple[str, ...]]]] = {
    None: ("(+c.calling IN ours OR +c.called IN ours)", ("calling", "called")),
    Direction.INCOMING: ("+c.called IN ours AND +c.calling NOT IN ours", ("called",)),
    Direction.OUTGOING: ("+c.calling IN ours AND +c.called NOT IN ours", ("calling",)),
    Direction.INTERNAL: ("+c.calling IN ours AND +c.called IN ours", ("calling",)),
}


def compile_query(connection: sqlite3.Connection, q: CallQuery, *, page: bool) -> _Plan:
    """The SQL for `q`; `page`: only a first page is wanted (a walk along the table may do)."""
    plan = _Plan()
    _add_time_and_duration(plan, q)
    drivers: list[_Driver] = []
    if q.numbers is not None:
        driver = _add_our_numbers(connection, plan, q.numbers, q.direction)
        if driver is None:
            plan.empty = True
            return plan
        drivers.append(driver)
    for index, term in enumerate(search_terms(q.search or "")):
        driver = _add_search_term(connection, plan, f"term{index}", term)
        if driver is None:
            plan.empty = True
            return plan
        drivers.append(driver)
    if drivers:
        _drive_through_index(connection, plan, min(drivers), page=page)
    return plan


def _add_time_and_duration(plan: _Plan, q: CallQuery) -> None:
    """The conditions on the call itself: when it started, whether it was answered, how long."""
    if q.start is not None:
        plan.bounds.append(("id >= ?", first_id(epoch_ceil(q.start))))
    if q.end is not None:
        plan.bounds.append(("id < ?", first_id(epoch_ceil(q.end))))
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


def _add_our_numbers(
    connection: sqlite3.Connection,
    plan: _Plan,
    numbers: frozenset[str],
    direction: Direction | None,
) -> _Driver | None:
    """Only calls touching `numbers`, in `direction`; None when the archive has none of them."""
    wanted = sorted(canonical_set(numbers))
    found = connection.execute(
        "SELECT id, calls FROM parties WHERE number IN (SELECT value FROM json_each(?))",
        (json.dumps(wanted, ensure_ascii=False),),
    ).fetchall()
    if not found:
        return None
    plan.ctes.append("ours(id) AS MATERIALIZED (SELECT value FROM json_each(?))")
    plan.cte_params.append(json.dumps([row[0] for row in found]))
    condition, columns = _OURS_BY_DIRECTION[direction]
    plan.where.append(condition)
    return float(sum(row[1] for row in found)), "ours", columns


def _add_search_term(
    connection: sqlite3.Connection, plan: _Plan, name: str, term: Term
) -> _Driver | None:
    """Only calls with a party matching `term`; None when no party does."""
    # Any one of the term's forms found in a party's text is a match (core.search).
    # One pass over the parties gives both the estimate and the ids the query takes.
    alternatives = term.alternatives
    held = " OR ".join(["instr(search, ?) > 0"] * len(alternatives))
    found = connection.execute(
        f"SELECT id, calls FROM parties WHERE {held}", alternatives
    ).fetchall()
    if not found:
        return None
    plan.ctes.append(f"{name}(id) AS MATERIALIZED (SELECT value FROM json_each(?))")
    plan.cte_params.append(json.dumps([row[0] for row in found]))
    plan.where.append(f"(+c.calling IN {name} OR +c.called IN {name})")
    return float(sum(row[1] for row in found)), name, ("calling", "called")


def _drive_through_index(
    connection: sqlite3.Connection, plan: _Plan, driver: _Driver, *, page: bool
) -> None:
    """Gather the calls through the number indexes when few enough: else walk the table."""
    estimate, name, columns = driver
    limit = _INDEX_PATH_FOR_PAGE
    if not page:
        total = connection.execute("SELECT total(calls) FROM parties").fetchone()[0] / 2
        limit = max(_INDEX_PATH_FOR_PAGE, int(total // 3))
    if estimate > limit:
        return
    parts = []
    for column in columns:
        condition = " AND ".join([f"{column} IN {name}", *(b[0] for b in plan.bounds)])
        parts.append(f"SELECT id FROM calls INDEXED BY calls_by_{column} WHERE {condition}")
        plan.params.extend(b[1] for b in plan.bounds)
    plan.where.append(f"c.id IN ({' UNION ALL '.join(parts)})")


def describe_party(connection: sqlite3.Connection, party: int) -> tuple[str, str, str | None]:
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


class CallReader:
    """The archive's reads, each a short query under its lock (see `Reading`)."""

    def __init__(self, reading: Reading) -> None:
        self._reading = reading

    def query_calls(self, q: CallQuery) -> list[StoredCall]:
        """A page of calls (q.limit, q.offset) in q.order."""
        with self._reading() as connection:
            plan = compile_query(connection, q, page=q.limit is not None)
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
            plan = compile_query(connection, q, page=False)
            if plan.empty:
                return 0
            row = connection.execute(
                f"{plan.with_clause()}SELECT count(*) FROM calls AS c WHERE {plan.where_clause()}",
                plan.all_params(),
            ).fetchone()
        return int(row[0])

    def iter_rows(self, q: CallQuery, *, chunk: int = ITER_CHUNK) -> Iterator[list[CallRow]]:
        """Every call `q` selects (limit and offset ignored) as CallRow tuples, in chunks.

        Each chunk is its own short query, so a long read never holds up a writer and the
        connection stays free between chunks; calls stored meanwhile may or may not be seen.
        """
        for rows in self._iterate(q, chunk, joined=False):
            yield cast(list[CallRow], rows)

    def iter_calls(self, q: CallQuery, *, chunk: int = ITER_CHUNK) -> Iterator[StoredCall]:
        """Every call `q` selects (limit and offset ignored), streamed in order."""
        for rows in self._iterate(q, chunk, joined=True):
            yield from (_stored_call(row) for row in rows)

    def _iterate(
        self, q: CallQuery, chunk: int, *, joined: bool
    ) -> Iterator[list[tuple[Any, ...]]]:
        newest_first = q.order is Order.NEWEST_FIRST
        after: int | None = None
        while True:
            # A small cache: the chunks walk the table once, and a big one stayed filled with
            # the table's pages (64 MB of the loader's, 44 MB of it kept after it closed).
            with self._reading() as connection, lean_reads(connection, sorts_on_file=False):
                plan = compile_query(connection, q, page=False)
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

    def name_of(self, number: str) -> str | None:
        """The most recent name the API gave for `number` (any spelling), or None."""
        with self._reading() as connection:
            row = connection.execute(
                "SELECT id FROM parties WHERE number = ?", (canonical(number),)
            ).fetchone()
            if row is None:
                return None
            return describe_party(connection, int(row[0]))[2]

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
        with self._reading() as connection, lean_reads(connection):
            return [(str(n), name, dept) for n, name, dept in connection.execute(sql)]

    def call_activity(self) -> dict[str, tuple[int, float]]:
        """Per number (canonical): how many calls it took part in and when the last one
        started (UTC epoch seconds); the contact search ranks people by it."""
        activity: dict[str, tuple[int, float]] = {}
        with self._reading() as connection, lean_reads(connection):
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
        kyiv_of(start),
        kyiv_of(end),
        calling_raw,
        called_raw,
        duration,
        calling_name,
        called_name,
        calling_department,
        called_department,
        extra_map(extra),
    )
    return StoredCall(ident, record, calling, called)
