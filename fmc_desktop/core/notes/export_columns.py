"""The note columns of a CSV or XLSX export, and the notes and tags a CSV brings back.

An export of calls that have notes or tags gets three more columns, `fmc_note` (the call's
current note), `fmc_tags` (its tags, comma-separated) and `fmc_number_note` (the note on the
calling number, else on the called number; both, joined by ` | `, when both have one). An archive
without any note or tag exports exactly as before. Importing such a CSV into another archive
gives the calls their note and tags back, as events of the importing installation; importing it
again adds nothing. The number notes are not read back: the notes file (`note export`) carries
them with their whole history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from fmc_desktop.core.api.records import ExtraValue
from fmc_desktop.core.archive.fields import fast_canonical
from fmc_desktop.core.notes.call_key import call_key
from fmc_desktop.core.notes.events import EventLog, Kind, Target, TargetKind
from fmc_desktop.core.notes.file_fields import NOTE_FIELD, NUMBER_NOTE_FIELD, TAGS_FIELD, ReadNote
from fmc_desktop.core.notes.notebook import Notes, current_state

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive

NOTE_COLUMNS: Final = (NOTE_FIELD, TAGS_FIELD, NUMBER_NOTE_FIELD)
TAG_SEPARATOR: Final = ", "


def has_notes(archive: CallArchive) -> bool:
    with archive.reading() as connection:
        return connection.execute("SELECT 1 FROM note_events LIMIT 1").fetchone() is not None


@dataclass
class NoteCells:
    """The three cells of each exported call, from the notes' state read once."""

    state: Notes

    @classmethod
    def of(cls, archive: CallArchive) -> NoteCells | None:
        """None when the archive has no notes at all: the export keeps its usual columns."""
        if not has_notes(archive):
            return None
        kinds = [Kind.NOTE, Kind.TAG_ADD, Kind.TAG_REMOVE]
        return cls(current_state(EventLog(archive).events(kinds=kinds)))

    def cells(
        self, start_utc: int, calling: str, called: str, duration: int
    ) -> dict[str, ExtraValue]:
        """The cells of one call; `calling` and `called` as written (made canonical here)."""
        calling, called = fast_canonical(calling), fast_canonical(called)
        target = Target(TargetKind.CALL, call_key(start_utc, calling, called, duration))
        numbers = [
            note
            for number in (calling, called)
            if (note := self.state.note(Target(TargetKind.NUMBER, number)))
        ]
        return {
            NOTE_FIELD: self.state.note(target),
            TAGS_FIELD: TAG_SEPARATOR.join(self.state.tags_of(target)),
            NUMBER_NOTE_FIELD: " | ".join(numbers),
        }


def restore_notes(archive: CallArchive, found: Sequence[ReadNote]) -> int:
    """Give the calls of an imported CSV the notes and tags it carried, where they do not have
    them already; how many notes and tags were added."""
    if not found:
        return 0
    log = EventLog(archive)
    targets = [Target(TargetKind.CALL, item.key) for item in found]
    state = current_state(log.events(targets=targets))
    changes: list[tuple[Kind, Target, str, str | None]] = []
    for item, target in zip(found, targets, strict=True):
        if item.note and state.note(target) != item.note:
            changes.append((Kind.NOTE, target, item.note, item.identity))
        has = {t.casefold() for t in state.tags_of(target)}
        changes.extend(
            (Kind.TAG_ADD, target, tag, item.identity)
            for tag in item.tags
            if tag.casefold() not in has
        )
    return log.append_once(changes) if changes else 0
