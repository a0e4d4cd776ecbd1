"""What `forget` does to notes: the notes and tags of the calls it deletes go with them, unless
the user keeps them; notes on numbers always stay (they are about a person, not a call)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from fmc_desktop.core.notes.events import TargetKind
from fmc_desktop.core.notes.lookup import iter_keys

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive


def call_targets_before(archive: CallArchive, before_id: int) -> list[str]:
    """The event targets (`call:<key>`) of the calls with an id below `before_id` that have
    events; none read at all when no call has any (the usual case costs one query)."""
    prefix = f"{TargetKind.CALL}:"
    with archive.reading() as connection:
        noted = {
            str(target)
            for (target,) in connection.execute(
                "SELECT DISTINCT target FROM note_events WHERE target >= ? AND target < ?",
                (prefix, prefix[:-1] + ";"),  # ';' follows ':': every call:... target
            )
        }
    if not noted:
        return []
    return [t for _, key in iter_keys(archive, before_id=before_id) if (t := prefix + key) in noted]


def delete_events_of(connection: sqlite3.Connection, targets: list[str]) -> int:
    """Delete every event about `targets`, inside the caller's transaction; how many went."""
    gone = 0
    for start in range(0, len(targets), 500):  # SQLite's limit on parameters
        piece = targets[start : start + 500]
        gone += connection.execute(
            f"DELETE FROM note_events WHERE target IN ({','.join('?' * len(piece))})", piece
        ).rowcount
    return gone
