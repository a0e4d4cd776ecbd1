"""The worklist of one archive: its entries now, and claiming, snoozing, marking done, undoing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Final

from fmc_desktop.core.api.errors import ErrorKind, ExitCode, FmcError, InvalidInputError
from fmc_desktop.core.archive.fields import canonical_set
from fmc_desktop.core.notes.call_key import parse_call_key
from fmc_desktop.core.notes.events import Event, EventLog, Kind, Target, TargetKind
from fmc_desktop.core.worklist.entries import (
    OUTCOMES,
    WORKLIST_KINDS,
    Entry,
    WorkCall,
    derive_entries,
)

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive

_CHUNK: Final = 50_000


class ClaimedError(FmcError):
    """Someone else claimed the entry: the user is told who, and nothing changes."""

    kind = ErrorKind.INVALID_INPUT
    exit_code = ExitCode.CLAIMED


def read_calls(
    archive: CallArchive, ours: frozenset[str], *, start: int | None = None
) -> Iterator[WorkCall]:
    """The calls with one of `ours` (canonical) on either side, oldest first, in short reads."""
    after = -1 if start is None else start * 4096 - 1
    numbers = json.dumps(sorted(ours), ensure_ascii=False)
    sql = (
        "WITH own(id) AS MATERIALIZED ("
        " SELECT id FROM parties WHERE number IN (SELECT value FROM json_each(?)))"
        " SELECT c.id, c.start_utc, a.number, b.number, c.duration, c.calling_name,"
        " c.called_name, c.calling_department, c.called_department FROM calls AS c"
        " CROSS JOIN parties AS a ON a.id = c.calling CROSS JOIN parties AS b ON b.id = c.called"
        # The unary + keeps SQLite walking the table in id order from `c.id > ?`: through the
        # number indexes it gathered and sorted every matching call again for each chunk.
        " WHERE c.id > ? AND (+c.calling IN own OR +c.called IN own) ORDER BY c.id LIMIT ?"
    )
    while True:
        with archive.reading() as connection:
            rows = connection.execute(sql, (numbers, after, _CHUNK)).fetchall()
        for row in rows:
            yield WorkCall(*row)
        if len(rows) < _CHUNK:
            return
        after = int(rows[-1][0])


class Worklist:
    """The missed calls of `ours` (the user's numbers, or the company's for the whole PBX)."""

    def __init__(self, log: EventLog, ours: Iterable[str]) -> None:
        self.log = log
        self.ours = canonical_set(ours)
        if not self.ours:
            raise InvalidInputError(
                "The worklist needs your own numbers: set them with `fmc-desktop config "
                "own_numbers 0671234567` (or company_numbers for the whole PBX)."
            )

    @property
    def archive(self) -> CallArchive:
        return self.log.archive

    def entries(self) -> list[Entry]:
        """Every entry, oldest first."""
        events = self.log.events(kinds=WORKLIST_KINDS)
        return derive_entries(read_calls(self.archive, self.ours), self.ours, events)

    def find(self, typed: str) -> Entry:
        """The entry a key names: the key of any of its missed calls."""
        key = parse_call_key(typed)
        for entry in self.entries():
            if key in entry.keys:
                return entry
        raise InvalidInputError(
            f"No worklist entry has the key {key}: use a key from `fmc-desktop worklist`."
        )

    def _change(self, entry: Entry, kind: Kind, value: str = "") -> Event:
        target = Target(TargetKind.ENTRY, entry.id)
        return self.log.append([(kind, target, value, None)])[0]

    def _open(self, typed: str) -> Entry:
        entry = self.find(typed)
        if entry.returned is not None:
            raise InvalidInputError(f"The entry {entry.id} was already returned: nothing to do.")
        return entry

    def _not_someone_elses(self, entry: Entry) -> bool:
        """Whether this installation holds the entry; ClaimedError if someone else does."""
        owner = entry.owner()
        if owner is not None and owner.id != self.log.author().id:
            raise ClaimedError(
                f"{owner.name} is already calling back the entry {entry.id}; nothing changed."
            )
        return owner is not None

    def claim(self, typed: str) -> Entry:
        """Say "I'm calling back": ClaimedError when someone else holds the entry."""
        entry = self._open(typed)
        if not self._not_someone_elses(entry):
            self._change(entry, Kind.CLAIM)
        return self.find(entry.id)

    def release(self, typed: str) -> Entry:
        """Give a claim back: ClaimedError when it is someone else's."""
        entry = self._open(typed)
        if self._not_someone_elses(entry):
            self._change(entry, Kind.RELEASE)
        return self.find(entry.id)

    def snooze(self, typed: str, until: datetime) -> Entry:
        entry = self._open(typed)
        self._change(entry, Kind.SNOOZE, str(int(until.timestamp())))
        return self.find(entry.id)

    def done(self, typed: str, outcome: str) -> Entry:
        if outcome not in OUTCOMES:
            raise InvalidInputError(
                f"{outcome!r} is not an outcome: use one of {', '.join(OUTCOMES)}."
            )
        entry = self._open(typed)
        self._change(entry, Kind.DONE, outcome)
        return self.find(entry.id)

    def undo(self, typed: str) -> tuple[Entry, Kind]:
        """Undo this installation's latest change to the entry; what was undone."""
        entry = self.find(typed)
        me = self.log.author().id
        mine = [e for e in entry.events if e.author == me]
        if not mine:
            raise InvalidInputError(f"You have not changed the entry {entry.id}: nothing to undo.")
        last = mine[-1]
        if last.kind is Kind.DONE:
            self._change(entry, Kind.REOPEN)
        elif last.kind is Kind.CLAIM:
            self._change(entry, Kind.RELEASE)
        elif last.kind is Kind.RELEASE:
            self._change(entry, Kind.CLAIM)
        elif last.kind is Kind.SNOOZE:
            earlier = [e for e in entry.events if e.kind is Kind.SNOOZE and e is not last]
            self._change(entry, Kind.SNOOZE, earlier[-1].value if earlier else "0")
        else:  # REOPEN: done again, with the outcome it had
            outcomes = [e.value for e in entry.events if e.kind is Kind.DONE]
            self._change(entry, Kind.DONE, outcomes[-1] if outcomes else OUTCOMES[-1])
        return self.find(entry.id), last.kind
