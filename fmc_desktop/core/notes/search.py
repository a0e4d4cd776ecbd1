"""Finding calls by what was written about them: their note, their tags, their numbers' notes.

A call is found when every term of the search (`core.search`, the same rules as everywhere:
case, accents, Cyrillic or Latin letters) is found in its note and tags, or in the note of one
of its numbers. The archive's own search (numbers, names, departments) is not part of it:
`fmc-desktop history --search` shows the calls either finds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from fmc_desktop.core.archive.queries import CallQuery, Order, StoredCall
from fmc_desktop.core.notes.events import EventLog, Kind, Target, TargetKind
from fmc_desktop.core.notes.lookup import calls_of_ids, ids_of_keys
from fmc_desktop.core.notes.notebook import Notes, current_state
from fmc_desktop.core.search.matching import found, grow, query_terms, text_pieces

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive


def searchable(note: str, tags: Iterable[str]) -> str:
    """A note and tags as the search text `core.search` matches terms in."""
    pieces = list(text_pieces(note)) if note else []
    for tag in tags:
        pieces.extend(text_pieces(tag))
    return grow("", pieces)


def matching_targets(state: Notes, text: str) -> set[Target]:
    """The calls and numbers whose note and tags hold every term of `text`."""
    terms = query_terms(text)
    if not terms:
        return set()
    targets = set(state.notes) | set(state.tags)
    return {t for t in targets if found(terms, searchable(state.note(t), state.tags_of(t)))}


def noted_calls(archive: CallArchive, query: CallQuery) -> list[StoredCall]:
    """The calls `query` selects with its `search` read as note and tag text instead of as
    numbers and names, oldest first."""
    if not query.search:
        return []
    kinds = [Kind.NOTE, Kind.TAG_ADD, Kind.TAG_REMOVE]
    targets = matching_targets(current_state(EventLog(archive).events(kinds=kinds)), query.search)
    if not targets:
        return []
    plain = replace(query, search=None, limit=None, offset=0, order=Order.OLDEST_FIRST)
    keys = [t.name for t in targets if t.kind is TargetKind.CALL]
    calls = {c.id: c for c in calls_of_ids(archive, ids_of_keys(archive, keys).values(), plain)}
    numbers = frozenset(t.name for t in targets if t.kind is TargetKind.NUMBER)
    if numbers:
        if plain.numbers is None:  # the number indexes find them
            by_number = archive.iter_calls(replace(plain, numbers=numbers))
        else:  # the query's own numbers set the direction: read its calls, keep these
            by_number = (c for c in archive.iter_calls(plain) if {c.calling, c.called} & numbers)
        calls.update((c.id, c) for c in by_number)
    return [calls[i] for i in sorted(calls)]
