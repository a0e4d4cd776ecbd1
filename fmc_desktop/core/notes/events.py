"""Who wrote which note, tag or worklist change, and when: the event log in the archive.

Nothing is overwritten: a changed note is a newer note event, a removed tag a `tag_remove`
event. What a call or number has now is the latest event that decides it, latest by (`at`,
`id`): the same answer on every installation that holds the same events, whatever order they
arrived in, so a later team mode merges logs by taking the union of their rows.

The author is the installation: a uuid4 kept in the archive's meta table (`author_id`), made at
the first event written, with the display name from the settings (or the login name) beside it.
"""

from __future__ import annotations

import getpass
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.notes.call_key import parse_call_key
from fmc_desktop.core.numbers.phone import parse_number

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive

META_AUTHOR: Final = "author_id"
# Longer than any note a person types; a pasted log file is refused, not cut.
MAX_VALUE: Final = 10_000
# Ids of events read from a file without ids: uuid5 of what the event says, in this space.
_FILE_NAMESPACE: Final = uuid.UUID("6f0c1a52-3f4e-4d8e-9a51-0f8d5c7e2b11")
_COLUMNS: Final = "id, at, author, author_name, kind, target, value, identity"


class Kind(StrEnum):
    NOTE = "note"  # value: the text ("" clears the note)
    TAG_ADD = "tag_add"  # value: the tag
    TAG_REMOVE = "tag_remove"
    TAG_COLOUR = "tag_colour"  # target tag:<name>, value: #rrggbb
    CLAIM = "claim"  # target entry:<id>; value: ""
    RELEASE = "release"
    SNOOZE = "snooze"  # value: until, UTC epoch seconds
    DONE = "done"  # value: the outcome
    REOPEN = "reopen"  # the undo of done


class TargetKind(StrEnum):
    CALL = "call"
    NUMBER = "number"
    TAG = "tag"
    ENTRY = "entry"


@dataclass(frozen=True, slots=True, order=True)
class Target:
    """What an event is about: a call (by its key), a number (canonical), a tag, an entry."""

    kind: TargetKind
    name: str

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.name}"

    @classmethod
    def parse(cls, text: str) -> Target:
        kind, _, name = text.partition(":")
        return cls(TargetKind(kind), name)


def call_target(key_text: str) -> Target:
    """The call a key names, the key as typed (InvalidInputError if it cannot be a key)."""
    return Target(TargetKind.CALL, parse_call_key(key_text))


def number_target(text: str) -> Target:
    """A number in any spelling (InvalidNumberError, a usage error, if it is not one)."""
    return Target(TargetKind.NUMBER, parse_number(text).canonical)


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    at: datetime  # UTC, to the millisecond
    author: str
    author_name: str
    kind: Kind
    target: Target
    value: str
    identity: str | None = None  # for a call: start|calling|called|duration

    @property
    def order(self) -> tuple[datetime, str]:
        """What decides which of two events is the later one, everywhere alike."""
        return (self.at, self.id)


def _millis(instant: datetime) -> int:
    return int(instant.timestamp() * 1000)


def _row(event: Event) -> tuple[object, ...]:
    return (
        event.id,
        _millis(event.at),
        event.author,
        event.author_name,
        str(event.kind),
        event.target.text,
        event.value,
        event.identity,
    )


def _event(row: Sequence[object]) -> Event:
    ident, at, author, name, kind, target, value, identity = row
    return Event(
        str(ident),
        datetime.fromtimestamp(int(at) / 1000, UTC),  # type: ignore[call-overload]
        str(author),
        str(name),
        Kind(str(kind)),
        Target.parse(str(target)),
        str(value),
        None if identity is None else str(identity),
    )


def default_author_name(display_name: str = "") -> str:
    """The display name from the settings, or the login name when there is none."""
    name = display_name.strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container: still someone
        return "me"


class EventLog:
    """The notes' event log of one archive: append, import, and read it back."""

    def __init__(
        self, archive: CallArchive, *, author_name: str = "", clock: Clock | None = None
    ) -> None:
        self._archive = archive
        self._author_name = default_author_name(author_name)
        self._clock: Clock = clock if clock is not None else SystemClock()

    @property
    def archive(self) -> CallArchive:
        return self._archive

    def author(self) -> Author:
        """This installation, as it signs its events (its id made at the first write)."""
        with self._archive.reading() as connection:
            row = connection.execute(
                "SELECT value FROM meta WHERE key = ?", (META_AUTHOR,)
            ).fetchone()
        return Author("" if row is None else str(row[0]), self._author_name)

    def _own_author(self, connection: sqlite3.Connection) -> str:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (META_AUTHOR,)).fetchone()
        if row is not None:
            return str(row[0])
        made = uuid.uuid4().hex
        connection.execute("INSERT INTO meta VALUES (?, ?)", (META_AUTHOR, made))
        return made

    def append(self, changes: Iterable[tuple[Kind, Target, str, str | None]]) -> list[Event]:
        """Write (kind, target, value, identity) changes as this installation's events, in one
        transaction, all with the same time (so one change's events never interleave)."""
        wanted = list(changes)
        for _, _, value, _ in wanted:
            if len(value) > MAX_VALUE:
                raise InvalidInputError(
                    f"That is {len(value)} characters; a note holds up to {MAX_VALUE}. "
                    "Nothing was saved."
                )
        now = _millis(self._clock.now())
        with self._archive.writing() as connection:
            author = self._own_author(connection)
            # Later than this installation's last event, even within one millisecond or after
            # the clock was set back: its own changes keep the order they were made in.
            (last,) = connection.execute(
                "SELECT max(at) FROM note_events WHERE author = ?", (author,)
            ).fetchone()
            at = datetime.fromtimestamp(max(now, -1 if last is None else last + 1) / 1000, UTC)
            events = [
                Event(uuid.uuid4().hex, at, author, self._author_name, kind, target, value, ident)
                for kind, target, value, ident in wanted
            ]
            connection.executemany(
                f"INSERT INTO note_events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [_row(e) for e in events],
            )
        return events

    def append_once(self, changes: Iterable[tuple[Kind, Target, str, str | None]]) -> int:
        """Append changes read from a file that has no event ids (a CSV's `fmc_note`), each
        with an id made from what it says, so importing the file again adds nothing. Returns
        how many were new."""
        wanted = list(changes)
        now = _millis(self._clock.now())
        with self._archive.writing() as connection:
            author = self._own_author(connection)
            at = datetime.fromtimestamp(now / 1000, UTC)
            rows = [
                _row(
                    Event(
                        uuid.uuid5(_FILE_NAMESPACE, f"{kind}|{target.text}|{value}").hex,
                        at,
                        author,
                        self._author_name,
                        kind,
                        target,
                        value,
                        identity,
                    )
                )
                for kind, target, value, identity in wanted
            ]
            before = connection.total_changes
            connection.executemany(
                f"INSERT OR IGNORE INTO note_events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return connection.total_changes - before

    def merge(self, events: Iterable[Event]) -> int:
        """Store events from elsewhere (a file, another installation); those already here by
        id are skipped. Returns how many were new."""
        rows = [_row(e) for e in events]
        with self._archive.writing() as connection:
            before = connection.total_changes
            connection.executemany(
                f"INSERT OR IGNORE INTO note_events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return connection.total_changes - before

    def events(
        self,
        *,
        targets: Iterable[Target] | None = None,
        kinds: Iterable[Kind] | None = None,
    ) -> list[Event]:
        """Events about `targets` (all when None) of `kinds`, oldest first (by `Event.order`)."""
        where: list[str] = []
        params: list[object] = []
        if targets is not None:
            names = [t.text for t in targets]
            where.append(f"target IN ({','.join('?' * len(names))})")
            params += names
        if kinds is not None:
            names = [str(k) for k in kinds]
            where.append(f"kind IN ({','.join('?' * len(names))})")
            params += names
        sql = f"SELECT {_COLUMNS} FROM note_events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._archive.reading() as connection:
            rows = connection.execute(sql + " ORDER BY at, id", params).fetchall()
        return [_event(row) for row in rows]

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events())
