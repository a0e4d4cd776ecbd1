"""Notes and tags on calls and numbers: writing them, and what each call and number has now.

A note on a call ("promised the invoice by Friday") is named by the call's key and keeps the
call's identity beside it; a note on a number ("supplier, ask for Olena") by its canonical form.
Tags come from a vocabulary the user grows: a tag used for the first time joins it with a colour
of its own (`default_colour`), which `set_colour` changes. Tags are matched without regard to
case (`VIP` and `vip` are one tag) and shown as first written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.archive.queries import StoredCall
from fmc_desktop.core.notes.call_key import stored_key
from fmc_desktop.core.notes.events import Event, EventLog, Kind, Target, TargetKind

MAX_TAG: Final = 40
_COLOUR: Final = re.compile(r"#[0-9a-fA-F]{6}")
_SPACES: Final = re.compile(r"\s+")
# Colours that read on light and dark backgrounds alike; a new tag takes one by its name, so
# it has the same colour on every installation until someone picks another.
PALETTE: Final = (
    "#d9534f",
    "#f0ad4e",
    "#5cb85c",
    "#5bc0de",
    "#337ab7",
    "#9b59b6",
    "#e67e22",
    "#16a085",
    "#7f8c8d",
    "#c0392b",
)


def default_colour(tag: str) -> str:
    digest = hashlib.blake2b(tag.casefold().encode(), digest_size=2).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


def clean_tag(text: str) -> str:
    """A tag as typed: spaces trimmed and single; InvalidInputError if empty or too long."""
    tag = _SPACES.sub(" ", text).strip()
    if not tag or len(tag) > MAX_TAG or tag.startswith("#") or "," in tag:
        raise InvalidInputError(
            f"{text.strip()!r} cannot be a tag: a tag is 1 to {MAX_TAG} characters, without "
            "commas, and does not start with #."
        )
    return tag


def clean_colour(text: str) -> str:
    colour = text.strip()
    if not _COLOUR.fullmatch(colour):
        raise InvalidInputError(f"{colour!r} is not a colour: write it as #rrggbb, e.g. #d9534f.")
    return colour.lower()


def call_identity(call: StoredCall) -> str:
    """What a note keeps of its call besides the key, so the key can be made again if the
    rules of canonical numbers ever change (see call_key)."""
    start = int(call.record.start_utc.timestamp())
    return f"{start}|{call.calling}|{call.called}|{call.record.duration}"


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    colour: str
    uses: int  # calls and numbers that have it now


@dataclass
class Notes:
    """What every call and number has now, read from the whole log once: for a table that
    shows many calls, a search, or an export."""

    notes: dict[Target, Event] = field(default_factory=dict)  # the current non-empty note
    tags: dict[Target, list[str]] = field(default_factory=dict)  # current tags, as first written

    def note(self, target: Target) -> str:
        event = self.notes.get(target)
        return "" if event is None else event.value

    def tags_of(self, target: Target) -> list[str]:
        return self.tags.get(target, [])

    def of_call(self, call: StoredCall) -> tuple[str, list[str]]:
        target = Target(TargetKind.CALL, stored_key(call))
        return self.note(target), self.tags_of(target)


def current_state(events: Iterable[Event]) -> Notes:
    """The current note and tags of every target, from events in any order."""
    latest_note: dict[Target, Event] = {}
    latest_tag: dict[tuple[Target, str], Event] = {}
    spelling: dict[str, str] = {}
    for event in sorted(events, key=lambda e: e.order):
        if event.kind is Kind.NOTE:
            latest_note[event.target] = event
        elif event.kind in (Kind.TAG_ADD, Kind.TAG_REMOVE):
            folded = event.value.casefold()
            spelling.setdefault(folded, event.value)
            latest_tag[(event.target, folded)] = event
    state = Notes(notes={t: e for t, e in latest_note.items() if e.value})
    for (target, folded), event in latest_tag.items():
        if event.kind is Kind.TAG_ADD:
            state.tags.setdefault(target, []).append(spelling[folded])
    for names in state.tags.values():
        names.sort(key=str.casefold)
    return state


class Notebook:
    """Notes and tags of one archive, written as events of this installation."""

    def __init__(self, log: EventLog) -> None:
        self.log = log

    # --- notes --------------------------------------------------------------------------------

    def write_note(self, target: Target, text: str, *, identity: str | None = None) -> Event:
        """Give `target` this note ("" clears it); the earlier notes stay in its history."""
        return self.log.append([(Kind.NOTE, target, text.strip(), identity)])[0]

    def note_history(self, targets: Sequence[Target]) -> list[Event]:
        """Every note ever written on `targets`, oldest first."""
        return self.log.events(targets=targets, kinds=[Kind.NOTE])

    def note(self, target: Target) -> str:
        return current_state(self.log.events(targets=[target], kinds=[Kind.NOTE])).note(target)

    # --- tags ---------------------------------------------------------------------------------

    def tags_of(self, target: Target) -> list[str]:
        kinds = [Kind.TAG_ADD, Kind.TAG_REMOVE]
        return current_state(self.log.events(targets=[target], kinds=kinds)).tags_of(target)

    def add_tags(
        self, target: Target, tags: Iterable[str], *, identity: str | None = None
    ) -> list[str]:
        """Give `target` these tags; returns the ones it did not have yet. A tag new to the
        vocabulary joins it, spelt as here."""
        known = {t.name.casefold(): t.name for t in self.vocabulary()}
        has = {t.casefold() for t in self.tags_of(target)}
        added: dict[str, str] = {}
        for text in tags:
            tag = clean_tag(text)
            folded = tag.casefold()
            if folded not in has and folded not in added:
                added[folded] = known.get(folded, tag)
        if added:
            self.log.append([(Kind.TAG_ADD, target, t, identity) for t in added.values()])
        return list(added.values())

    def remove_tags(self, target: Target, tags: Iterable[str]) -> list[str]:
        """Take these tags off `target`; returns the ones it had."""
        has = {t.casefold(): t for t in self.tags_of(target)}
        gone = {clean_tag(t).casefold() for t in tags}
        removed = [has[f] for f in gone if f in has]
        if removed:
            self.log.append([(Kind.TAG_REMOVE, target, t, None) for t in removed])
        return removed

    def vocabulary(self) -> list[Tag]:
        """Every tag ever used or coloured, with its colour and how many targets have it now."""
        events = self.log.events(kinds=[Kind.TAG_ADD, Kind.TAG_REMOVE, Kind.TAG_COLOUR])
        state = current_state(events)
        names: dict[str, str] = {}
        colours: dict[str, str] = {}
        for event in events:  # oldest first: the first spelling, the latest colour
            if event.kind is Kind.TAG_COLOUR:
                folded = event.target.name.casefold()
                names.setdefault(folded, event.target.name)
                colours[folded] = event.value
            else:
                names.setdefault(event.value.casefold(), event.value)
        uses: dict[str, int] = dict.fromkeys(names, 0)
        for tags in state.tags.values():
            for tag in tags:
                uses[tag.casefold()] += 1
        return sorted(
            (
                Tag(name, colours.get(folded, default_colour(name)), uses[folded])
                for folded, name in names.items()
            ),
            key=lambda t: t.name.casefold(),
        )

    def set_colour(self, tag: str, colour: str) -> Tag:
        """Give a tag (new or known) its colour."""
        name = clean_tag(tag)
        known = {t.name.casefold(): t for t in self.vocabulary()}
        name = known[name.casefold()].name if name.casefold() in known else name
        hex_colour = clean_colour(colour)
        self.log.append([(Kind.TAG_COLOUR, Target(TargetKind.TAG, name), hex_colour, None)])
        return Tag(name, hex_colour, known[name.casefold()].uses if name.casefold() in known else 0)

    # --- everything at once -------------------------------------------------------------------

    def state(self) -> Notes:
        kinds = [Kind.NOTE, Kind.TAG_ADD, Kind.TAG_REMOVE]
        return current_state(self.log.events(kinds=kinds))
