"""The archive's tables for notes, tags and the worklist: one event log, never rewritten."""

from __future__ import annotations

from typing import Final

# Schema step 3 (core/archive/schema.py). Every note, tag and worklist change is one row, added
# and never changed, so two installations' logs merge by taking the union of their rows (each
# `id` is unique the world over); what a call or number has now is read from the log
# (core/notes/events.py). The only deletions are the user's: `forget` removes the events of
# the calls it removes.
NOTES_SCHEMA: Final[tuple[str, ...]] = (
    """CREATE TABLE note_events (
        seq INTEGER PRIMARY KEY,          -- the order events arrived here; not shared
        id TEXT NOT NULL UNIQUE,          -- a uuid4: the same event from any file is stored once
        at INTEGER NOT NULL,              -- when, UTC epoch milliseconds
        author TEXT NOT NULL,             -- the installation that wrote it (meta author_id)
        author_name TEXT NOT NULL,        -- the name it went by then
        kind TEXT NOT NULL,               -- note, tag_add, tag_remove, tag_colour, claim, ...
        target TEXT NOT NULL,             -- call:<key>, number:<canonical>, tag:<name>, entry:<id>
        value TEXT NOT NULL,              -- the note's text, the tag, the colour, ...
        identity TEXT                     -- a call's start|calling|called|duration, to re-key
    )""",
    "CREATE INDEX note_events_by_target ON note_events(target, at)",
    "CREATE INDEX note_events_by_kind ON note_events(kind, at)",
)
