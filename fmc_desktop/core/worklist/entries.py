"""Worklist entries: the missed calls of one outside number, until someone talks to it.

An entry is derived from the calls every time, never stored, so a call that arrives late (a sync
that brings the return after the miss was claimed, or an earlier miss) changes it as if it had
come in order. From the calls alone, for each outside number in time order:

- a missed call (to one of our numbers, unanswered) opens an entry, or adds to the open one;
- an answered call with that number, in either direction, closes it as **returned**, by the
  number of ours that took part, after the time since the first miss;
- an unanswered call from one of ours to that number is an **attempt**; the entry stays open.

What people did comes from the event log (core/notes/events.py), by the key of any of the
entry's missed calls, so an entry keeps its claims however its first miss changes: claimed ("I'm
calling back"), released, snoozed until a time, done with an outcome, reopened (the undo of done).
A miss after the entry was marked done starts a new entry.

"Ours" is the user's own numbers, or the whole company's in the whole-PBX view; a call between
two of ours is internal and is neither a miss nor a return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from fmc_desktop.core.notes.call_key import call_key
from fmc_desktop.core.notes.events import Author, Event, Kind

OUTCOMES: Final = ("reached", "left-message", "wrong-number", "not-needed")
WORKLIST_KINDS: Final = (Kind.CLAIM, Kind.RELEASE, Kind.SNOOZE, Kind.DONE, Kind.REOPEN)


class Status(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    SNOOZED = "snoozed"
    RETURNED = "returned"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class WorkCall:
    """What the worklist reads of a call: its archive id (time order), start (UTC epoch
    seconds), both canonical numbers, duration, and the names and departments the API gave."""

    id: int
    start: int
    calling: str
    called: str
    duration: int
    calling_name: str | None = None
    called_name: str | None = None
    calling_department: str | None = None
    called_department: str | None = None

    @property
    def key(self) -> str:
        # Made when asked: the callback report reads a million calls and needs none.
        return call_key(self.start, self.calling, self.called, self.duration)


@dataclass
class Entry:
    number: str  # the outside number, canonical
    misses: list[WorkCall] = field(default_factory=list)
    attempts: list[WorkCall] = field(default_factory=list)
    returned: WorkCall | None = None
    events: list[Event] = field(default_factory=list)  # what people did, oldest first

    @property
    def id(self) -> str:
        """The key of its first missed call: the name people and scripts use for it."""
        return self.misses[0].key

    @property
    def keys(self) -> set[str]:
        return {m.key for m in self.misses}

    @property
    def first_missed(self) -> int:
        return self.misses[0].start

    @property
    def last_missed(self) -> int:
        return self.misses[-1].start

    @property
    def name(self) -> str | None:
        """The outside number's name, as the API last gave it on a miss."""
        for miss in reversed(self.misses):
            if miss.calling_name:
                return miss.calling_name
        return None

    @property
    def wait(self) -> int | None:
        """Seconds from the first miss until the return started (None while not returned)."""
        return None if self.returned is None else self.returned.start - self.first_missed

    @property
    def returned_by(self) -> str | None:
        """The number of ours that took part in the return."""
        if self.returned is None:
            return None
        call = self.returned
        return call.called if call.calling == self.number else call.calling

    def owner(self) -> Author | None:
        """Who claimed it and has not released it (a done entry keeps its owner).

        Two claims made at once on two installations meet in a merge: the earlier (by
        `Event.order`) holds, and only its author's release frees the entry."""
        owner: Author | None = None
        for event in self.events:
            if event.kind is Kind.CLAIM and owner is None:
                owner = Author(event.author, event.author_name)
            elif event.kind is Kind.RELEASE and owner is not None and owner.id == event.author:
                owner = None
        return owner

    def done(self) -> Event | None:
        """The done event in force (not undone by a later reopen)."""
        latest: Event | None = None
        for event in self.events:
            if event.kind is Kind.DONE:
                latest = event
            elif event.kind is Kind.REOPEN:
                latest = None
        return latest

    def snoozed_until(self, now: datetime) -> datetime | None:
        until: datetime | None = None
        for event in self.events:
            if event.kind is Kind.SNOOZE:
                seconds = int(event.value or 0)
                until = datetime.fromtimestamp(seconds, UTC) if seconds else None
        return until if until is not None and until > now else None

    def status(self, now: datetime) -> Status:
        if self.returned is not None:
            return Status.RETURNED
        if self.done() is not None:
            return Status.DONE
        if self.snoozed_until(now) is not None:
            return Status.SNOOZED
        if self.owner() is not None:
            return Status.CLAIMED
        return Status.OPEN

    def is_open(self) -> bool:
        return self.returned is None and self.done() is None


def derive_entries(
    calls: Iterable[WorkCall], ours: frozenset[str], events: Sequence[Event] = ()
) -> list[Entry]:
    """Every entry the calls make (in time order, by the id of their first miss), with the
    worklist events of `events` on them."""
    by_key: dict[str, list[Event]] = {}
    for event in events:
        if event.kind in WORKLIST_KINDS:
            by_key.setdefault(event.target.name, []).append(event)
    entries: list[Entry] = []
    open_entries: dict[str, Entry] = {}
    for call in sorted(calls, key=lambda c: c.id):
        calling_ours, called_ours = call.calling in ours, call.called in ours
        if calling_ours == called_ours:
            continue  # internal, or not ours at all
        number = call.called if calling_ours else call.calling
        entry = open_entries.get(number)
        if not calling_ours and call.duration == 0:  # a miss
            if entry is not None and entry.events and _done_before(entry, call.start):
                del open_entries[number]
                entry = None
            if entry is None:
                entry = open_entries[number] = Entry(number)
                entries.append(entry)
            entry.misses.append(call)
            # Only when there are events at all: a key is a hash, and most misses have none.
            found = by_key.get(call.key) if by_key else None
            if found:
                entry.events = sorted([*entry.events, *found], key=lambda e: e.order)
        elif entry is not None:
            if call.duration > 0:
                entry.returned = call
                del open_entries[number]
            elif calling_ours:
                entry.attempts.append(call)
    return entries


def _done_before(entry: Entry, start: int) -> bool:
    done = entry.done()
    return done is not None and done.at.timestamp() < start
