"""What `forget` does to notes: the notes, tags and worklist changes of the calls it deletes go
with them, unless the user keeps them; notes on numbers always stay (they are about a person,
not a call)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from fmc_desktop.core.notes.call_key import number_of_key
from fmc_desktop.core.notes.events import TargetKind
from fmc_desktop.core.notes.lookup import iter_keys

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive


def call_targets_before(archive: CallArchive, before_id: int) -> list[str]:
    """The event targets of the calls with an id below `before_id` that have events: their
    notes and tags (`call:<key>`) and the worklist changes of the entries they began
    (`entry:<key>`). No call is read at all when no call has any (one query)."""
    prefixes = (f"{TargetKind.CALL}:", f"{TargetKind.ENTRY}:")
    noted: set[str] = set()
    with archive.reading() as connection:
        for prefix in prefixes:
            noted.update(
                str(target)
                for (target,) in connection.execute(
                    "SELECT DISTINCT target FROM note_events WHERE target >= ? AND target < ?",
                    (prefix, prefix[:-1] + ";"),  # ';' follows ':': every call:... target
                )
            )
    if not noted:
        return []
    # Compared as numbers: spelling every key of a million calls would double the scan.
    by_number: dict[int, list[str]] = {}
    for target in noted:
        by_number.setdefault(number_of_key(target.partition(":")[2]), []).append(target)
    return [
        target
        for _, number in iter_keys(archive, before_id=before_id)
        for target in by_number.get(number, ())
    ]


def delete_events_of(connection: sqlite3.Connection, targets: list[str]) -> int:
    """Delete every event about `targets`, inside the caller's transaction; how many went."""
    gone = 0
    for start in range(0, len(targets), 500):  # SQLite's limit on parameters
        piece = targets[start : start + 500]
        gone += connection.execute(
            f"DELETE FROM note_events WHERE target IN ({','.join('?' * len(piece))})", piece
        ).rowcount
    return gone
