"""Finding the calls that keys name, and the keys of the calls a period holds."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.archive.fields import SLOTS_PER_SECOND, utc_of
from fmc_desktop.core.archive.queries import CallQuery, Order, StoredCall
from fmc_desktop.core.notes.call_key import key_number, number_of_key, parse_call_key

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive

# Calls read per short query: the scan never holds the archive's lock for long.
_CHUNK: Final = 50_000


def iter_keys(archive: CallArchive, *, before_id: int | None = None) -> Iterator[tuple[int, int]]:
    """(archive id, key as a number, `call_key.key_number`) of every call (before
    `before_id`).

    A key is a hash, so no index finds it: this reads the identity of each call from the
    covering identity index, its numbers from a table of the parties read once, and hashes it,
    about two seconds per million calls.
    """
    with archive.reading() as connection:
        numbers = {int(i): str(n) for i, n in connection.execute("SELECT id, number FROM parties")}
    after = -1
    while True:
        sql = "SELECT id, start_utc, calling, called, duration FROM calls WHERE id > ?"
        params: list[object] = [after]
        if before_id is not None:
            sql += " AND id < ?"
            params.append(before_id)
        with archive.reading() as connection:
            rows = connection.execute(sql + " ORDER BY id LIMIT ?", [*params, _CHUNK]).fetchall()
        for ident, start, calling, called, duration in rows:
            calling_number, called_number = numbers.get(calling), numbers.get(called)
            if calling_number is None or called_number is None:
                continue  # a party stored after the table was read: a call newer than the scan
            yield ident, key_number(start, calling_number, called_number, duration)
        if len(rows) < _CHUNK:
            return
        after = int(rows[-1][0])


def ids_of_keys(archive: CallArchive, keys: Collection[str]) -> dict[str, int]:
    """The archive id of each key's call, for the keys that name a call in the archive."""
    wanted = {number_of_key(k): k for k in keys}
    found: dict[str, int] = {}
    if not wanted:
        return found
    for ident, number in iter_keys(archive):
        key = wanted.get(number)
        if key is not None:
            found[key] = ident
            if len(found) == len(wanted):
                break
    return found


def calls_of_ids(
    archive: CallArchive, ids: Collection[int], within: CallQuery | None = None
) -> list[StoredCall]:
    """The calls with these archive ids (that `within` also selects), oldest first."""
    base = replace(within or CallQuery(), order=Order.OLDEST_FIRST, limit=None, offset=0)
    found: list[StoredCall] = []
    for ident in sorted(set(ids)):
        # An id is start * SLOTS_PER_SECOND + n: its call started in that very second.
        start, end = utc_of(ident // SLOTS_PER_SECOND), utc_of(ident // SLOTS_PER_SECOND + 1)
        if base.start is not None:
            start = max(start, base.start)
        if base.end is not None:
            end = min(end, base.end)
        if start >= end:
            continue
        query = replace(base, start=start, end=end)
        found.extend(c for c in archive.query_calls(query) if c.id == ident)
    return found


def find_call(archive: CallArchive, typed: str) -> StoredCall:
    """The call a key names, the key as typed; InvalidInputError (a usage error) when it is
    not a key or the archive has no such call."""
    key = parse_call_key(typed)
    ident = ids_of_keys(archive, [key]).get(key)
    calls = [] if ident is None else calls_of_ids(archive, [ident])
    if not calls:
        raise InvalidInputError(
            f"No call in the archive has the key {key}: check it against the `call` column of "
            "`fmc-desktop history` (the call may have been deleted by `forget`)."
        )
    return calls[0]
